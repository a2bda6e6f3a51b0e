use patron_api::SiteSettings;

use crate::common::{spawn_with, Options};

#[tokio::test]
async fn demo_mode_serves_the_shop_with_patron_origin() {
    let app = spawn_with(Options {
        demo: true,
        ..Options::default()
    })
    .await;
    let resp = app.get("/").await;
    assert_eq!(resp.status(), 200);
    assert!(resp.headers()["content-type"]
        .to_str()
        .expect("ascii")
        .starts_with("text/html"));
    let page = resp.text().await.expect("body");
    assert!(!page.contains("{{PATRON_ORIGIN}}") && !page.contains("{{SITE}}"));
    assert!(
        page.contains(&format!("http://127.0.0.1:{}", app.port)),
        "origin substituted"
    );
}

#[tokio::test]
async fn demo_mode_allows_the_localhost_shop_origin() {
    let app = spawn_with(Options {
        demo: true,
        ..Options::default()
    })
    .await;
    let shop = format!("http://localhost:{}", app.port);
    let settings: SiteSettings = app
        .get("/v1/sites/demo/settings")
        .await
        .json()
        .await
        .expect("json");
    assert!(
        settings.allows_origin(&shop),
        "{:?}",
        settings.allowed_origins
    );
    assert!(
        settings.allows_origin("https://shop.example.com"),
        "yaml origins kept"
    );
    let resp = app
        .client
        .get(app.url("/v1/sites/demo/settings"))
        .header("origin", &shop)
        .send()
        .await
        .expect("request");
    assert_eq!(resp.headers()["access-control-allow-origin"], shop.as_str());
}
