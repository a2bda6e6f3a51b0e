use patron_api::{Locale, Module, SiteSettings};

use crate::common::{assert_envelope, spawn_app};

#[tokio::test]
async fn known_site_returns_the_yaml_settings() {
    let app = spawn_app().await;
    let resp = app.get("/v1/sites/demo/settings").await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["cache-control"], "no-cache");
    let s: SiteSettings = resp.json().await.expect("settings json");
    assert_eq!(s.site, "demo");
    assert_eq!(s.name.get_exact(Locale::En), Some("Mingjia Home"));
    assert_eq!(s.name.get_exact(Locale::ZhTw), Some("明家生活"));
    assert_eq!(s.greeting.get_exact(Locale::ZhTw), None);
    assert_eq!(s.logo_url.as_deref(), Some("/assets/demo/logo.svg"));
    assert_eq!(s.brand.primary, "#b3261e");
    assert_eq!(s.modules, Module::ALL);
    assert_eq!(s.locales, [Locale::ZhCn, Locale::ZhTw, Locale::En]);
    assert_eq!(s.default_locale, Locale::ZhCn);
    assert_eq!(
        s.allowed_origins,
        ["https://shop.example.com", "http://localhost:8080"]
    );
    assert_eq!(s.kiosk_idle_seconds, 120);
}

#[tokio::test]
async fn unknown_site_is_404() {
    let app = spawn_app().await;
    assert_envelope(
        app.get("/v1/sites/nope/settings").await,
        404,
        "site_not_found",
    )
    .await;
}

#[tokio::test]
async fn malformed_site_id_is_404_too() {
    let app = spawn_app().await;
    assert_envelope(
        app.get("/v1/sites/Not%20Valid/settings").await,
        404,
        "site_not_found",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_reads_and_writes_succeed() {
    let app = spawn_app().await;
    let settings: serde_json::Value = app
        .get("/v1/sites/demo/settings")
        .await
        .json()
        .await
        .expect("json");
    let mut set = tokio::task::JoinSet::new();
    for i in 0..30 {
        let request = if i % 3 == 0 {
            app.admin_put("demo").json(&settings)
        } else {
            app.client.get(app.url("/v1/sites/demo/settings"))
        };
        set.spawn(async move { request.send().await.expect("request").status() });
    }
    while let Some(status) = set.join_next().await {
        assert_eq!(status.expect("task"), 200);
    }
}

#[tokio::test]
async fn the_colour_scheme_follows_the_device_unless_site_yaml_forces_one() {
    let app = spawn_app().await;
    let s: SiteSettings = app
        .get("/v1/sites/demo/settings")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(s.color_scheme, patron_api::ColorScheme::Auto);

    let app = crate::common::spawn_with(crate::common::Options {
        demo_yaml_extra: "color_scheme: dark\n".into(),
        ..Default::default()
    })
    .await;
    let json: serde_json::Value = app
        .get("/v1/sites/demo/settings")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(json["color_scheme"], "dark");
}
