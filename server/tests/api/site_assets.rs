use crate::common::{assert_envelope, spawn_app};

#[tokio::test]
async fn serves_site_images() {
    let app = spawn_app().await;
    let resp = app.get("/assets/demo/logo.svg").await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "image/svg+xml");
    assert_eq!(resp.headers()["cache-control"], "public, max-age=3600");
    assert!(resp.text().await.expect("body").starts_with("<svg"));
}

#[tokio::test]
async fn refuses_anything_else() {
    let app = spawn_app().await;
    for path in [
        "/assets/demo/missing.svg",
        "/assets/demo/site.yaml",
        "/assets/demo/..%2Fsite.yaml",
        "/assets/Bad/logo.svg",
        "/assets/nope/logo.svg",
    ] {
        assert_envelope(app.get(path).await, 404, "not_found").await;
    }
}
