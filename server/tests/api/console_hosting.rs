//! The console's build served under /console/: its page for every route of the app with the
//! console's policy, its hashed files cached for good, missing files a 404 (never the page),
//! and none of it under /widget/.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::common::{spawn_with, Options, TestApp, CONSOLE_SCRIPT};

async fn app() -> TestApp {
    spawn_with(Options {
        widget: true,
        ..Options::default()
    })
    .await
}

#[tokio::test]
async fn every_route_of_the_app_gets_the_page_with_its_policy() {
    let app = app().await;
    let hash = STANDARD.encode(Sha256::digest(CONSOLE_SCRIPT.as_bytes()));
    for path in [
        "/console/",
        "/console/index.html",
        "/console/sign-in",
        "/console/feedback/3f9a0c",
        "/console/library/returns?x=1",
    ] {
        let resp = app.get(path).await;
        assert_eq!(resp.status(), 200, "{path}");
        let h = resp.headers();
        let policy = h["content-security-policy"].to_str().expect("ascii");
        assert!(policy.starts_with("default-src 'none'"), "{path}: {policy}");
        assert!(
            policy.contains(&format!("'sha256-{hash}'")),
            "{path}: {policy}"
        );
        assert!(
            policy.ends_with("frame-ancestors 'none'"),
            "{path}: {policy}"
        );
        assert_eq!(h["referrer-policy"], "no-referrer");
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["cache-control"], "no-cache", "{path}");
        assert!(resp.text().await.expect("body").contains(CONSOLE_SCRIPT));
    }
}

#[tokio::test]
async fn hashed_files_are_immutable_and_missing_files_are_404() {
    let app = app().await;
    let resp = app
        .get("/console/app-0123456789abcdef/patron-console_bg.wasm")
        .await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "application/wasm");
    assert_eq!(
        resp.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let resp = app.get("/console/console-0123456789abcdef.css").await;
    assert_eq!(resp.status(), 200);
    for missing in ["/console/app-0123456789abcdef/gone.wasm", "/console/x.js"] {
        let resp = app.get(missing).await;
        assert_eq!(resp.status(), 404, "{missing}");
        assert!(resp.headers()["content-type"]
            .to_str()
            .expect("ascii")
            .starts_with("application/json"));
    }
}

#[tokio::test]
async fn the_console_is_not_served_as_the_widget_and_the_bare_path_redirects() {
    let app = app().await;
    let resp = app.get("/widget/console/index.html").await;
    assert_eq!(resp.status(), 404);
    let resp = app.get("/console").await;
    assert_eq!(resp.status(), 308);
    assert_eq!(resp.headers()["location"], "/console/");
}
