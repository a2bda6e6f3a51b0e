//! `patron-server sites new`, followed the way the README's "Setting up a new site" walks a
//! retailer through it: create the site, set its name and shop origin, add an article, start
//! the server, and use the printed admin key. (The browser half, embedding it on a shop page,
//! is e2e/new-site.spec.mjs.)

use std::path::Path;
use std::process::{Command, Output};

use crate::common::faq::article;
use crate::common::{start, test_config, write_file, write_widget, ADMIN_TOKEN};

const SHOP: &str = "https://www.acme-outdoor.example";

fn sites_new(content: &Path, site: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_patron-server"))
        .args(["sites", "new", site, "--content-dir"])
        .arg(content)
        .output()
        .expect("runs")
}

/// The key is the one line of the report that is nothing but a key.
fn printed_key(stdout: &str) -> String {
    let keys: Vec<&str> = stdout
        .lines()
        .map(str::trim)
        .filter(|l| {
            l.len() == 43
                && l.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .collect();
    assert_eq!(keys.len(), 1, "{stdout}");
    keys[0].to_owned()
}

#[tokio::test]
async fn a_site_made_by_sites_new_serves_once_named_and_its_key_opens_its_admin_api() {
    let root = tempfile::tempdir().expect("tmp");
    let content = root.path().join("content");
    let out = sites_new(&content, "acme");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let key = printed_key(&stdout);
    let site_yaml = content.join("acme/site.yaml");
    let yaml = std::fs::read_to_string(&site_yaml).expect("site.yaml");
    assert!(!yaml.contains(&key), "only the key's digest is stored");
    assert!(yaml.contains(&patron_server::auth::key_digest(&key)));

    // What the README says to edit: the name and the shop's origin; then an article.
    let yaml = yaml
        .replace(
            "name: { zh-CN: acme, en: acme }",
            "name: { zh-CN: 极客户外, en: Acme Outdoor }",
        )
        .replace("\"https://shop.example.com\"", &format!("\"{SHOP}\""));
    write_file(&site_yaml, yaml.as_bytes());
    write_file(
        &content.join("acme/faq/opening-hours.en.md"),
        article(
            "opening-hours",
            "en",
            "Stores",
            "When are you open?",
            "9 to 9.",
        )
        .as_bytes(),
    );
    write_widget(&root.path().join("dist"));

    // No global admin token: the global admin API refuses everyone, the site's key works.
    let mut config = test_config(root.path());
    config.admin_token = None;
    let app = start(config, root).await;
    let settings = app.get_json("/v1/sites/acme/settings").await;
    assert_eq!(settings["name"]["en"], "Acme Outdoor");
    assert_eq!(settings["allowed_origins"], serde_json::json!([SHOP]));
    let page = app.get("/widget/?site=acme&mode=embed").await;
    let policy = page.headers()["content-security-policy"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(
        policy.contains(&format!("frame-ancestors 'self' {SHOP}")),
        "{policy}"
    );

    let articles = app
        .get_with("/v1/admin/sites/acme/faq/articles", &key)
        .await;
    assert_eq!(articles.status(), 200);
    let articles: serde_json::Value = articles.json().await.expect("json");
    assert_eq!(articles[0]["id"], "opening-hours");
    for token in [ADMIN_TOKEN, "wrong-key"] {
        let resp = app
            .get_with("/v1/admin/sites/acme/faq/articles", token)
            .await;
        assert_eq!(resp.status(), 401);
    }
    let resp = app
        .client
        .put(app.url("/v1/admin/sites/acme/settings"))
        .bearer_auth(&key)
        .json(&settings)
        .send()
        .await
        .expect("request");
    assert_eq!(resp.status(), 401, "settings need the global admin token");
}

#[tokio::test]
async fn sites_new_never_overwrites_a_site() {
    let root = tempfile::tempdir().expect("tmp");
    let content = root.path().join("content");
    assert!(sites_new(&content, "acme").status.success());
    let before = std::fs::read(content.join("acme/site.yaml")).expect("read");
    let again = sites_new(&content, "acme");
    assert!(!again.status.success());
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(stderr.contains("already exists"), "{stderr}");
    assert!(again.stdout.is_empty(), "no key printed for nothing");
    assert_eq!(
        std::fs::read(content.join("acme/site.yaml")).expect("read"),
        before
    );
    let bad = sites_new(&content, "Acme Outdoor");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("site id"));
}
