//! The console app at `/console/`: its page for every client route with a policy nobody may
//! frame, its hashed files cached for good, nothing of it under `/widget/`.

use crate::common::{spawn_with, Options};

const INDEX: &str = "<!doctype html><html><head><script type=\"module\">import init from '/console/console-0123456789abcdef.js';init();</script></head><body></body></html>";

#[tokio::test]
async fn the_console_page_answers_every_client_route_and_its_assets_are_immutable() {
    let app = spawn_with(Options {
        widget: true,
        files: vec![
            ("dist/console/index.html".into(), INDEX.into()),
            (
                "dist/console/console-0123456789abcdef_bg.wasm".into(),
                "\0asm\x01\0\0\0".into(),
            ),
        ],
        ..Options::default()
    })
    .await;
    for path in [
        "/console/",
        "/console/feedback",
        "/console/library/articles/returns",
    ] {
        let resp = app.get(path).await;
        assert_eq!(resp.status(), 200, "{path}");
        let h = resp.headers().clone();
        assert!(h["content-type"]
            .to_str()
            .expect("ct")
            .starts_with("text/html"));
        let csp = h["content-security-policy"].to_str().expect("csp");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(
            csp.contains("'sha256-"),
            "the inline module is allowed by hash: {csp}"
        );
        assert_eq!(h["referrer-policy"], "no-referrer");
        assert_eq!(h["cache-control"], "no-cache");
        assert!(resp
            .text()
            .await
            .expect("text")
            .contains("console-0123456789abcdef"));
    }
    let wasm = app.get("/console/console-0123456789abcdef_bg.wasm").await;
    assert_eq!(wasm.status(), 200);
    assert_eq!(
        wasm.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(
        app.get("/console/console-fedcba9876543210.js")
            .await
            .status(),
        404
    );
    let bare = app.get("/console").await;
    assert_eq!(bare.status(), 308);
    assert_eq!(bare.headers()["location"], "/console/");
    assert_eq!(app.get("/widget/console/index.html").await.status(), 404);
}
