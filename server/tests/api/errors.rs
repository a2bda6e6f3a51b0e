use crate::common::{assert_envelope, spawn_app, spawn_with, Options};

#[tokio::test]
async fn unknown_route_is_404_envelope() {
    let app = spawn_app().await;
    assert_envelope(app.get("/no/such/route").await, 404, "not_found").await;
}

#[tokio::test]
async fn wrong_method_is_405_envelope() {
    let app = spawn_app().await;
    let resp = app
        .client
        .post(app.url("/v1/sites/demo/settings"))
        .send()
        .await
        .expect("request");
    assert!(resp.headers().contains_key("allow"));
    assert_envelope(resp, 405, "method_not_allowed").await;
    let resp = app
        .client
        .delete(app.url("/healthz"))
        .send()
        .await
        .expect("request");
    assert_envelope(resp, 405, "method_not_allowed").await;
}

#[tokio::test]
async fn root_is_404_outside_demo_mode() {
    let app = spawn_app().await;
    assert_envelope(app.get("/").await, 404, "not_found").await;
}

#[tokio::test]
async fn missing_widget_build_is_404_envelope() {
    let app = spawn_with(Options {
        widget: false,
        ..Options::default()
    })
    .await;
    for path in [
        "/widget/",
        "/widget/index.html",
        "/embed.js",
        "/widget/x_bg.wasm",
    ] {
        assert_envelope(app.get(path).await, 404, "not_found").await;
    }
}
