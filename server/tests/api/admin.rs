use serde_json::{json, Value};

use crate::common::{assert_envelope, spawn_app, spawn_with, Options, ADMIN_TOKEN};

async fn current(app: &crate::common::TestApp) -> Value {
    app.get("/v1/sites/demo/settings")
        .await
        .json()
        .await
        .expect("json")
}

#[tokio::test]
async fn missing_or_wrong_token_is_401() {
    let app = spawn_app().await;
    let body = current(&app).await;
    let url = app.url("/v1/admin/sites/demo/settings");
    let resp = app
        .client
        .put(&url)
        .json(&body)
        .send()
        .await
        .expect("request");
    assert_eq!(resp.headers()["www-authenticate"], "Bearer");
    assert_envelope(resp, 401, "unauthorized").await;
    let resp = app
        .client
        .put(&url)
        .bearer_auth("wrong")
        .json(&body)
        .send()
        .await
        .expect("request");
    assert_envelope(resp, 401, "unauthorized").await;
    let resp = app
        .client
        .put(&url)
        .header("authorization", ADMIN_TOKEN)
        .json(&body)
        .send()
        .await
        .expect("request");
    assert_envelope(resp, 401, "unauthorized").await;
}

#[tokio::test]
async fn admin_api_is_closed_without_a_configured_token() {
    let app = spawn_with(Options {
        admin_token: None,
        ..Options::default()
    })
    .await;
    let body = current(&app).await;
    let resp = app
        .client
        .put(app.url("/v1/admin/sites/demo/settings"))
        .bearer_auth("")
        .json(&body)
        .send()
        .await
        .expect("request");
    assert_envelope(resp, 401, "unauthorized").await;
}

#[tokio::test]
async fn replaces_settings() {
    let app = spawn_app().await;
    let mut body = current(&app).await;
    body["brand"]["primary"] = json!("#123456");
    body["kiosk_idle_seconds"] = json!(300);
    let resp = app
        .admin_put("demo")
        .json(&body)
        .send()
        .await
        .expect("request");
    assert_eq!(resp.status(), 200);
    assert_eq!(current(&app).await, body);
}

#[tokio::test]
async fn creates_a_new_site() {
    let app = spawn_app().await;
    let mut body = current(&app).await;
    body["site"] = json!("acme");
    let resp = app
        .admin_put("acme")
        .json(&body)
        .send()
        .await
        .expect("request");
    assert_eq!(resp.status(), 200);
    let resp = app.get("/v1/sites/acme/settings").await;
    assert_eq!(resp.status(), 200);
}

#[tokio::test]
async fn malformed_json_is_400() {
    let app = spawn_app().await;
    let resp = app
        .admin_put("demo")
        .header("content-type", "application/json")
        .body("{\"site\": \"demo\",")
        .send()
        .await
        .expect("request");
    assert_envelope(resp, 400, "bad_request").await;
}

#[tokio::test]
async fn wrong_json_shape_is_400() {
    let app = spawn_app().await;
    let resp = app
        .admin_put("demo")
        .json(&json!({ "site": "demo" }))
        .send()
        .await
        .expect("request");
    assert_envelope(resp, 400, "bad_request").await;
}

#[tokio::test]
async fn wrong_content_type_is_415() {
    let app = spawn_app().await;
    let body = current(&app).await.to_string();
    let resp = app
        .admin_put("demo")
        .header("content-type", "text/plain")
        .body(body)
        .send()
        .await
        .expect("request");
    assert_envelope(resp, 415, "unsupported_media_type").await;
}

#[tokio::test]
async fn invalid_settings_are_422_with_every_field() {
    let app = spawn_app().await;
    let mut body = current(&app).await;
    body["site"] = json!("other");
    body["brand"]["primary"] = json!("red");
    body["modules"] = json!([]);
    body["allowed_origins"] = json!(["https://shop.example.com/path"]);
    body["kiosk_idle_seconds"] = json!(1);
    let resp = app
        .admin_put("demo")
        .json(&body)
        .send()
        .await
        .expect("request");
    let env = assert_envelope(resp, 422, "validation_failed").await;
    let fields: Vec<&str> = env["error"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    for field in [
        "site",
        "brand.primary",
        "modules",
        "allowed_origins",
        "kiosk_idle_seconds",
    ] {
        assert!(fields.contains(&field), "{field} missing from {fields:?}");
    }
    // Nothing was stored.
    assert_eq!(current(&app).await["brand"]["primary"], "#b3261e");
}

#[tokio::test]
async fn oversize_body_is_413() {
    let app = spawn_with(Options {
        max_body_bytes: 1024,
        ..Options::default()
    })
    .await;
    let mut body = current(&app).await;
    body["greeting"]["en"] = json!("x".repeat(4096));
    let resp = app
        .admin_put("demo")
        .json(&body)
        .send()
        .await
        .expect("request");
    assert_envelope(resp, 413, "payload_too_large").await;
}
