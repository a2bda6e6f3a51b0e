//! A site whose folder is removed from the content directory is disabled at the next start:
//! its public API answers 404 and its own admin key stops working, while its data stays for
//! erasure and export (global admin token) and the site comes back with its folder. Sites
//! created through the admin API have no folder and are never disabled; a content directory
//! that is missing altogether disables nothing.

use serde_json::Value;

use crate::common::{
    assert_envelope, spawn_with, start, test_config, write_site, Options, TestApp, ADMIN_TOKEN,
    DEMO_YAML,
};

const ACME_KEY: &str = "acme-site-key";

fn acme_yaml() -> String {
    format!(
        "{DEMO_YAML}admin_key_sha256: {}\n",
        patron_server::auth::key_digest(ACME_KEY)
    )
}

/// Another server on the first one's database and content folder, as after a restart.
async fn restart(first: &TestApp) -> TestApp {
    start(
        test_config(first.dir.path()),
        tempfile::tempdir().expect("dir"),
    )
    .await
}

async fn status(app: &TestApp, path: &str, token: Option<&str>) -> u16 {
    let req = app.client.get(app.url(path));
    let req = match token {
        Some(t) => req.bearer_auth(t),
        None => req,
    };
    req.send().await.expect("request").status().as_u16()
}

/// `site`'s settings from the API, with `site` in the body (the demo settings fixture's id
/// is rewritten).
async fn create_through_api(app: &TestApp, site: &str) -> reqwest::Response {
    let mut settings: Value = app.get_json("/v1/sites/demo/settings").await;
    settings["site"] = site.into();
    app.admin_put(site)
        .json(&settings)
        .send()
        .await
        .expect("put")
}

const ACME_ARTICLES: &str = "/v1/admin/sites/acme/faq/articles";

#[tokio::test]
async fn a_removed_site_folder_disables_the_site_until_it_comes_back() {
    let first = spawn_with(Options {
        sites: vec![("acme", acme_yaml())],
        ..Options::default()
    })
    .await;
    assert_eq!(status(&first, "/v1/sites/acme/settings", None).await, 200);
    assert_eq!(status(&first, ACME_ARTICLES, Some(ACME_KEY)).await, 200);
    let created = create_through_api(&first, "popup").await;
    assert_eq!(created.status(), 200, "an API-created site");

    let acme_dir = first.dir.path().join("content/acme");
    std::fs::remove_dir_all(&acme_dir).expect("remove acme's folder");
    let second = restart(&first).await;

    let settings = second.get("/v1/sites/acme/settings").await;
    assert_envelope(settings, 404, "site_not_found").await;
    assert_eq!(
        status(&second, "/v1/sites/acme/faq/search?q=returns", None).await,
        404,
        "every public route of a disabled site is 404"
    );
    assert_eq!(
        status(&second, ACME_ARTICLES, Some(ACME_KEY)).await,
        401,
        "its own admin key stops working"
    );
    assert_eq!(
        status(
            &second,
            "/v1/admin/sites/acme/privacy/exports?member=m-erase-me",
            Some(ADMIN_TOKEN)
        )
        .await,
        200,
        "its customers can still have their data exported"
    );
    let revived = create_through_api(&second, "acme").await;
    let body = assert_envelope(revived, 409, "managed_by_files").await;
    let message = body["error"]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("content folder"),
        "the refusal says how to enable it: {message}"
    );
    assert_eq!(
        status(&second, "/v1/sites/popup/settings", None).await,
        200,
        "a site created through the API has no folder and stays"
    );
    assert_eq!(status(&second, "/v1/sites/demo/settings", None).await, 200);

    write_site(first.dir.path(), "acme", &acme_yaml());
    let third = restart(&first).await;
    assert_eq!(status(&third, "/v1/sites/acme/settings", None).await, 200);
    assert_eq!(
        status(&third, ACME_ARTICLES, Some(ACME_KEY)).await,
        200,
        "its key works again"
    );
}

#[tokio::test]
async fn a_missing_content_directory_disables_nothing() {
    let first = spawn_with(Options::default()).await;
    let content = first.dir.path().join("content");
    std::fs::rename(&content, first.dir.path().join("content-moved")).expect("move content");
    let second = restart(&first).await;
    assert_eq!(
        status(&second, "/v1/sites/demo/settings", None).await,
        200,
        "a mistyped --content-dir must not take every site down"
    );
}
