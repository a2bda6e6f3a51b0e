use crate::common::spawn_app;

#[tokio::test]
async fn healthz_is_ok() {
    let app = spawn_app().await;
    let resp = app.get("/healthz").await;
    assert_eq!(resp.status(), 200);
    let body: serde_json::Value = resp.json().await.expect("json");
    assert_eq!(body, serde_json::json!({ "status": "ok" }));
}
