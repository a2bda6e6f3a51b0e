use std::io::Read;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::common::{
    spawn_with, wasm_bytes, Options, TestApp, INLINE_SCRIPT, LOADER_JS, SHOP_ORIGIN,
};

async fn widget_app() -> TestApp {
    spawn_with(Options {
        widget: true,
        ..Options::default()
    })
    .await
}

async fn get_with(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut req = app.client.get(app.url(path));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req.send().await.expect("request")
}

fn csp(resp: &reqwest::Response) -> String {
    resp.headers()["content-security-policy"]
        .to_str()
        .expect("ascii")
        .to_owned()
}

#[tokio::test]
async fn page_csp_lists_the_sites_origins_and_script_hash() {
    let app = widget_app().await;
    let resp = app.get("/widget/?site=demo&mode=embed").await;
    assert_eq!(resp.status(), 200);
    let policy = csp(&resp);
    assert!(
        policy.contains("frame-ancestors 'self' https://shop.example.com http://localhost:8080"),
        "{policy}"
    );
    let hash = STANDARD.encode(Sha256::digest(INLINE_SCRIPT.as_bytes()));
    assert!(
        policy.contains(&format!(
            "script-src 'self' 'wasm-unsafe-eval' 'sha256-{hash}'"
        )),
        "{policy}"
    );
    assert!(
        policy.contains("object-src 'none'") && policy.contains("base-uri 'none'"),
        "{policy}"
    );
    let h = resp.headers();
    assert_eq!(h["cache-control"], "no-cache");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "no-referrer");
    assert!(h["content-type"]
        .to_str()
        .expect("ascii")
        .starts_with("text/html"));
    assert!(resp.text().await.expect("body").contains(INLINE_SCRIPT));
}

#[tokio::test]
async fn page_without_known_site_is_framed_by_self_only() {
    let app = widget_app().await;
    for path in [
        "/widget/",
        "/widget/index.html?site=nope",
        "/widget/?site=Bad%20Id",
    ] {
        let policy = csp(&app.get(path).await);
        assert!(
            policy.ends_with("frame-ancestors 'self'"),
            "{path}: {policy}"
        );
    }
}

#[tokio::test]
async fn widget_without_slash_redirects() {
    let app = widget_app().await;
    let resp = app.get("/widget?site=demo").await;
    assert_eq!(resp.status(), 308);
    assert_eq!(resp.headers()["location"], "/widget/?site=demo");
}

#[tokio::test]
async fn brotli_and_gzip_are_negotiated() {
    let app = widget_app().await;
    let original = wasm_bytes();
    let path = "/widget/x-0123456789abcdef_bg.wasm";

    let resp = get_with(&app, path, &[("accept-encoding", "gzip, deflate, br")]).await;
    assert_eq!(resp.headers()["content-encoding"], "br");
    assert_eq!(resp.headers()["vary"], "Accept-Encoding");
    assert_eq!(resp.headers()["content-type"], "application/wasm");
    let body = resp.bytes().await.expect("body");
    let mut out = Vec::new();
    brotli::Decompressor::new(&body[..], 4096)
        .read_to_end(&mut out)
        .expect("brotli");
    assert_eq!(out, original);

    let resp = get_with(&app, path, &[("accept-encoding", "gzip")]).await;
    assert_eq!(resp.headers()["content-encoding"], "gzip");
    let body = resp.bytes().await.expect("body");
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&body[..])
        .read_to_end(&mut out)
        .expect("gzip");
    assert_eq!(out, original);

    let resp = app.get(path).await;
    assert!(!resp.headers().contains_key("content-encoding"));
    assert_eq!(resp.bytes().await.expect("body").to_vec(), original);
}

#[tokio::test]
async fn index_is_served_compressed() {
    let app = widget_app().await;
    let resp = get_with(&app, "/widget/?site=demo", &[("accept-encoding", "br")]).await;
    assert_eq!(resp.headers()["content-encoding"], "br");
    assert!(resp.headers().contains_key("content-security-policy"));
    let body = resp.bytes().await.expect("body");
    let mut out = String::new();
    brotli::Decompressor::new(&body[..], 4096)
        .read_to_string(&mut out)
        .expect("brotli");
    assert!(out.contains(INLINE_SCRIPT));
}

#[tokio::test]
async fn cache_headers_follow_the_file_name() {
    let app = widget_app().await;
    let immutable = "public, max-age=31536000, immutable";
    for path in [
        "/widget/x-0123456789abcdef_bg.wasm",
        "/widget/x-0123456789abcdef.js",
        "/widget/main-0123456789abcdef.css",
    ] {
        let resp = app.get(path).await;
        assert_eq!(resp.status(), 200, "{path}");
        assert_eq!(resp.headers()["cache-control"], immutable, "{path}");
    }
    let resp = app.get("/widget/x-0123456789abcdef.js").await;
    assert_eq!(resp.headers()["content-type"], "text/javascript");
    let resp = app.get("/widget/icons/close.svg").await;
    assert_eq!(resp.headers()["cache-control"], "no-cache");
    assert_eq!(resp.headers()["content-type"], "image/svg+xml");
}

#[tokio::test]
async fn loader_is_cached_for_five_minutes() {
    let app = widget_app().await;
    let resp = app.get("/embed.js").await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["cache-control"], "public, max-age=300");
    assert_eq!(resp.headers()["content-type"], "text/javascript");
    assert_eq!(resp.text().await.expect("body"), LOADER_JS.repeat(5));
}

#[tokio::test]
async fn loader_extensions_can_be_imported_from_any_shop() {
    let app = widget_app().await;
    let resp = get_with(
        &app,
        "/embed/tour.js",
        &[("origin", "https://shop.example")],
    )
    .await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["access-control-allow-origin"], "*");
    assert_eq!(resp.headers()["cache-control"], "public, max-age=300");
    assert_eq!(resp.headers()["content-type"], "text/javascript");
    assert!(resp
        .text()
        .await
        .expect("body")
        .starts_with("export default"));
    for missing in ["/embed/nope.js", "/embed/%2e%2e%2fembed.js", "/embed/"] {
        let resp = app.get(missing).await;
        assert_eq!(resp.status(), 404, "{missing}");
        assert_eq!(resp.headers()["content-type"], "application/json");
    }
}

#[tokio::test]
async fn loader_types_can_be_fetched_from_anywhere() {
    let app = widget_app().await;
    let resp = get_with(
        &app,
        "/embed.d.ts",
        &[
            ("origin", "https://shop.example"),
            ("accept-encoding", "br"),
        ],
    )
    .await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["access-control-allow-origin"], "*");
    assert_eq!(
        resp.headers()["content-type"],
        "application/typescript; charset=utf-8"
    );
    assert_eq!(resp.headers()["content-encoding"], "br");
}

#[tokio::test]
async fn etag_revalidation_gives_304() {
    let app = widget_app().await;
    let path = "/widget/main-0123456789abcdef.css";
    for encoding in ["br", "gzip", "identity"] {
        let resp = get_with(&app, path, &[("accept-encoding", encoding)]).await;
        let etag = resp.headers()["etag"].to_str().expect("ascii").to_owned();
        assert!(
            etag.starts_with('"') && etag.ends_with('"'),
            "strong etag {etag}"
        );
        let resp = get_with(
            &app,
            path,
            &[("accept-encoding", encoding), ("if-none-match", &etag)],
        )
        .await;
        assert_eq!(resp.status(), 304, "{encoding}");
        assert_eq!(resp.headers()["etag"], etag.as_str());
        assert!(resp.bytes().await.expect("body").is_empty());
    }
    let resp = get_with(&app, path, &[("if-none-match", "\"stale\"")]).await;
    assert_eq!(resp.status(), 200);
}

#[tokio::test]
async fn only_files_of_the_build_are_served() {
    let app = widget_app().await;
    for path in [
        "/widget/missing.js",
        "/widget/../content/demo/site.yaml",
        "/widget/%2e%2e/db/patron.db",
    ] {
        assert_eq!(app.get(path).await.status(), 404, "{path}");
    }
}

#[tokio::test]
async fn embedding_origin_list_is_the_sites() {
    let app = widget_app().await;
    let policy = csp(&app.get("/widget/?site=demo").await);
    assert!(policy.contains(SHOP_ORIGIN));
}
