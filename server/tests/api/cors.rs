use crate::common::{assert_envelope, spawn_app, SHOP_ORIGIN};

const SETTINGS: &str = "/v1/sites/demo/settings";

#[tokio::test]
async fn allowed_origin_is_reflected() {
    let app = spawn_app().await;
    let resp = app
        .client
        .get(app.url(SETTINGS))
        .header("origin", SHOP_ORIGIN)
        .send()
        .await
        .expect("request");
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["access-control-allow-origin"], SHOP_ORIGIN);
    assert_eq!(resp.headers()["vary"], "Origin");
}

#[tokio::test]
async fn disallowed_origin_gets_no_allow_origin() {
    let app = spawn_app().await;
    for origin in [
        "https://evil.example.com",
        "https://shop.example.com.evil.test",
        "null",
    ] {
        let resp = app
            .client
            .get(app.url(SETTINGS))
            .header("origin", origin)
            .send()
            .await
            .expect("request");
        assert_eq!(resp.status(), 200, "{origin}");
        assert!(
            !resp.headers().contains_key("access-control-allow-origin"),
            "{origin}"
        );
    }
}

#[tokio::test]
async fn same_origin_and_no_origin_are_untouched() {
    let app = spawn_app().await;
    let resp = app.get(SETTINGS).await;
    assert!(!resp.headers().contains_key("access-control-allow-origin"));
    assert!(!resp.headers().contains_key("vary"));
    let resp = app
        .client
        .get(app.url(SETTINGS))
        .header("origin", &app.address)
        .send()
        .await
        .expect("request");
    assert_eq!(resp.status(), 200);
    assert!(!resp.headers().contains_key("access-control-allow-origin"));
}

#[tokio::test]
async fn allowed_preflight_is_204_with_cors_headers() {
    let app = spawn_app().await;
    let resp = app
        .client
        .request(reqwest::Method::OPTIONS, app.url(SETTINGS))
        .header("origin", SHOP_ORIGIN)
        .header("access-control-request-method", "GET")
        .header("access-control-request-headers", "content-type")
        .send()
        .await
        .expect("request");
    assert_eq!(resp.status(), 204);
    let h = resp.headers();
    assert_eq!(h["access-control-allow-origin"], SHOP_ORIGIN);
    assert_eq!(h["access-control-allow-methods"], "GET, POST, PUT, DELETE");
    assert_eq!(
        h["access-control-allow-headers"],
        "authorization, content-type, idempotency-key"
    );
    assert_eq!(h["access-control-max-age"], "600");
    assert_eq!(h["vary"], "Origin");
}

#[tokio::test]
async fn disallowed_preflight_is_403() {
    let app = spawn_app().await;
    for (site, origin) in [("demo", "https://evil.example.com"), ("nope", SHOP_ORIGIN)] {
        let resp = app
            .client
            .request(
                reqwest::Method::OPTIONS,
                app.url(&format!("/v1/sites/{site}/settings")),
            )
            .header("origin", origin)
            .header("access-control-request-method", "GET")
            .send()
            .await
            .expect("request");
        assert!(!resp.headers().contains_key("access-control-allow-origin"));
        assert!(!resp.headers().contains_key("access-control-allow-methods"));
        assert_envelope(resp, 403, "origin_not_allowed").await;
    }
}

#[tokio::test]
async fn cors_errors_still_carry_allow_origin_for_allowed_origins() {
    let app = spawn_app().await;
    // The widget must be able to read the envelope of a failed call.
    let resp = app
        .client
        .post(app.url(SETTINGS))
        .header("origin", SHOP_ORIGIN)
        .send()
        .await
        .expect("request");
    assert_eq!(resp.headers()["access-control-allow-origin"], SHOP_ORIGIN);
    assert_envelope(resp, 405, "method_not_allowed").await;
}
