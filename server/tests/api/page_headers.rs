//! The security headers of every HTML page, however its path is spelled. Requests are written
//! on a raw connection: an HTTP client library would tidy `%2e`, `./` and the like away before
//! sending, which is exactly what an attacker's page does not do.

use std::collections::HashMap;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::common::{spawn_with, Options, TestApp};

struct RawResponse {
    status: u16,
    headers: HashMap<String, String>,
}

impl RawResponse {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }

    fn is_html(&self) -> bool {
        self.header("content-type")
            .is_some_and(|ct| ct.starts_with("text/html"))
    }
}

/// `method target` exactly as written, on its own connection.
async fn raw(app: &TestApp, method: &str, target: &str) -> RawResponse {
    let mut stream = TcpStream::connect(("127.0.0.1", app.port))
        .await
        .expect("connect");
    let request =
        format!("{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).await.expect("read");
    let text = String::from_utf8_lossy(&bytes);
    let head = text.split("\r\n\r\n").next().expect("head");
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    RawResponse { status, headers }
}

async fn app(demo: bool) -> TestApp {
    spawn_with(Options {
        widget: true,
        demo,
        files: vec![(
            "dist/stray.html".into(),
            "<!doctype html><script>alert(1)</script>".into(),
        )],
        ..Options::default()
    })
    .await
}

#[tokio::test]
async fn the_widget_page_has_its_policy_under_every_spelling() {
    let app = app(false).await;
    let canonical = raw(&app, "GET", "/widget/?site=demo&mode=page").await;
    assert_eq!(canonical.status, 200);
    let policy = canonical
        .header("content-security-policy")
        .expect("policy")
        .to_owned();
    for part in [
        "default-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'self' https://shop.example.com http://localhost:8080",
    ] {
        assert!(policy.contains(part), "{part} in {policy}");
    }
    for target in [
        "/widget/index.html?site=demo&mode=page",
        "/widget/%69ndex.html?site=demo&mode=page",
        "/widget/index%2Ehtml?site=demo&mode=page",
        "/widget/index%2ehtml?site=demo&mode=page",
        "/widget/%69%6E%64%65%78%2E%68%74%6D%6C?site=demo&mode=page",
    ] {
        for method in ["GET", "HEAD"] {
            let resp = raw(&app, method, target).await;
            assert_eq!(resp.status, 200, "{method} {target}");
            assert_eq!(
                resp.header("content-security-policy"),
                Some(policy.as_str()),
                "{method} {target}"
            );
            assert_eq!(
                resp.header("referrer-policy"),
                Some("no-referrer"),
                "{target}"
            );
            assert_eq!(
                resp.header("x-content-type-options"),
                Some("nosniff"),
                "{target}"
            );
        }
    }
    // Other spellings are not the page: whatever they answer is not HTML without a policy.
    for target in [
        "/widget//index.html?site=demo",
        "/widget/./index.html?site=demo",
        "/widget/%2e/index.html?site=demo",
        "/widget/index.html/?site=demo",
        "/widget/INDEX.HTML?site=demo",
        "/widget/index.html%00?site=demo",
        "/widget?site=demo",
        "/Widget/?site=demo",
    ] {
        let resp = raw(&app, "GET", target).await;
        assert!(
            resp.status != 200 || !resp.is_html(),
            "{target}: {}",
            resp.status
        );
        if resp.is_html() {
            assert!(resp.header("content-security-policy").is_some(), "{target}");
        }
    }
}

#[tokio::test]
async fn any_other_html_gets_a_policy_that_denies_everything() {
    let app = app(false).await;
    for target in ["/widget/stray.html", "/widget/%73tray.html"] {
        let resp = raw(&app, "GET", target).await;
        assert_eq!(resp.status, 200, "{target}");
        assert!(resp.is_html());
        let policy = resp.header("content-security-policy").expect("policy");
        assert!(policy.starts_with("default-src 'none'"), "{policy}");
        assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
        assert_eq!(resp.header("referrer-policy"), Some("no-referrer"));
        assert_eq!(resp.header("x-content-type-options"), Some("nosniff"));
    }
    // JSON and files get nosniff too.
    let resp = raw(&app, "GET", "/v1/sites/nope/settings").await;
    assert_eq!(resp.status, 404);
    assert_eq!(resp.header("x-content-type-options"), Some("nosniff"));
}

#[tokio::test]
async fn the_demo_shop_and_the_api_reference_have_their_policies() {
    let app = app(true).await;
    let shop = raw(&app, "GET", "/").await;
    assert_eq!(shop.status, 200);
    let policy = shop.header("content-security-policy").expect("policy");
    let patron = format!("http://127.0.0.1:{}", app.port);
    for part in [
        "default-src 'self'".to_owned(),
        format!("script-src 'self' {patron} 'sha256-"),
        format!("frame-src {patron}"),
        format!("connect-src 'self' {patron}"),
        "frame-ancestors 'none'".to_owned(),
    ] {
        assert!(policy.contains(&part), "{part} in {policy}");
    }
    assert!(!policy.contains("'unsafe-inline' 'unsafe-eval'") && !policy.contains("script-src *"));
    assert_eq!(shop.header("referrer-policy"), Some("no-referrer"));
    assert_eq!(shop.header("x-content-type-options"), Some("nosniff"));

    let docs = raw(&app, "GET", "/docs/api").await;
    assert_eq!(docs.status, 200);
    let policy = docs.header("content-security-policy").expect("policy");
    assert!(policy.starts_with("default-src 'none'"), "{policy}");
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert_eq!(docs.header("referrer-policy"), Some("no-referrer"));
    // Routes match the path as sent, so these are not the pages; nor are they unprotected HTML.
    for target in ["/docs/%61pi", "/docs/api/", "/%2F", "/index.html"] {
        let resp = raw(&app, "GET", target).await;
        if resp.is_html() {
            assert!(resp.header("content-security-policy").is_some(), "{target}");
        }
    }
}
