use patron_api::console::Role;
use serde_json::{json, Value};

use crate::common::faq::{error_fields, hit_ids, query, SESSION};
use crate::common::{
    assert_envelope, spawn_with, start, test_config, Options, TestApp, ADMIN_TOKEN, DEMO_YAML,
};

const DEMO_KEY: &str = "demo-site-key";
const ACME_KEY: &str = "acme-site-key";

fn sha256_hex(s: &str) -> String {
    patron_server::auth::key_digest(s)
}

async fn app() -> TestApp {
    spawn_with(Options {
        faq: true,
        demo_yaml_extra: format!("admin_key_sha256: {}\n", sha256_hex(DEMO_KEY)),
        sites: vec![(
            "acme",
            format!("{DEMO_YAML}admin_key_sha256: {}\n", sha256_hex(ACME_KEY)),
        )],
        ..Options::default()
    })
    .await
}

fn article_url(site: &str, id: &str, locale: &str) -> String {
    format!("/v1/admin/sites/{site}/faq/articles/{id}/{locale}")
}

async fn put(app: &TestApp, token: &str, path: &str, body: &Value) -> reqwest::Response {
    app.client
        .put(app.url(path))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .expect("request")
}

fn body(title: &str, markdown: &str) -> Value {
    json!({"category": "Account", "title": title, "keywords": ["sign in"], "body_markdown": markdown})
}

#[tokio::test]
async fn admin_auth_is_per_site() {
    let app = app().await;
    let path = "/v1/admin/sites/demo/reports/faq/zero-results";
    let resp = app.get(path).await;
    assert_envelope(resp, 401, "unauthorized").await;
    // Another site's key, a wrong key, the key's digest itself.
    for token in [ACME_KEY, "nope", &sha256_hex(DEMO_KEY)] {
        assert_envelope(app.get_with(path, token).await, 401, "unauthorized").await;
    }
    assert_eq!(app.get_with(path, DEMO_KEY).await.status(), 200);
    assert_eq!(app.get_with(path, ADMIN_TOKEN).await.status(), 200);
    let acme = "/v1/admin/sites/acme/contacts";
    assert_eq!(app.get_with(acme, ACME_KEY).await.status(), 200);
    assert_envelope(app.get_with(acme, DEMO_KEY).await, 401, "unauthorized").await;
    assert_eq!(app.get_with(acme, ADMIN_TOKEN).await.status(), 200);
    // The digest never reaches the public settings.
    let settings = app.get_json("/v1/sites/demo/settings").await;
    assert!(!settings.to_string().contains("admin_key"), "{settings}");
    // A site key does not open the global admin API.
    let resp = app
        .client
        .put(app.url("/v1/admin/sites/demo/settings"))
        .bearer_auth(DEMO_KEY)
        .json(&settings)
        .send()
        .await
        .expect("request");
    assert_envelope(resp, 401, "unauthorized").await;
}

#[tokio::test]
async fn demo_mode_has_a_demo_admin_key() {
    let app = spawn_with(Options {
        demo: true,
        ..Options::default()
    })
    .await;
    let path = "/v1/admin/sites/demo/reports/faq/self-service";
    assert_eq!(app.get_with(path, "demo-admin-key").await.status(), 200);
    let plain = spawn_with(Options::default()).await;
    assert_envelope(
        plain.get_with(path, "demo-admin-key").await,
        401,
        "unauthorized",
    )
    .await;
}

#[tokio::test]
async fn put_and_delete_articles() {
    let app = app().await;
    let url = article_url("demo", "sign-in-help", "en");
    let resp = put(
        &app,
        DEMO_KEY,
        &url,
        &body("Trouble signing in?", "Reset your **password**."),
    )
    .await;
    assert_eq!(resp.status(), 201);
    let saved: Value = resp.json().await.expect("json");
    assert_eq!(
        saved["body_html"],
        "<p>Reset your <strong>password</strong>.</p>\n"
    );
    // Searchable at once on this instance.
    let found = app
        .get_json("/v1/sites/demo/faq/search?q=password&locale=en")
        .await;
    assert_eq!(hit_ids(&found), ["sign-in-help"]);

    let resp = put(
        &app,
        ADMIN_TOKEN,
        &url,
        &body("Cannot sign in?", "Use the **reset** link."),
    )
    .await;
    assert_eq!(resp.status(), 200);
    let a = app
        .get_json("/v1/sites/demo/faq/articles/sign-in-help?locale=en")
        .await;
    assert_eq!(a["title"], "Cannot sign in?");

    let del = |token: &'static str| app.client.delete(app.url(&url)).bearer_auth(token).send();
    assert_envelope(del(ACME_KEY).await.expect("request"), 401, "unauthorized").await;
    assert_eq!(del(DEMO_KEY).await.expect("request").status(), 204);
    assert_envelope(del(DEMO_KEY).await.expect("request"), 404, "not_found").await;
    let gone = app
        .get_json("/v1/sites/demo/faq/search?q=password&locale=en")
        .await;
    assert!(hit_ids(&gone).is_empty());
}

#[tokio::test]
async fn article_saves_are_audited_as_the_admin_key() {
    let app = app().await;
    let url = article_url("demo", "sign-in-help", "en");
    let first = body("Trouble signing in?", "Reset your **password**.");
    assert_eq!(put(&app, DEMO_KEY, &url, &first).await.status(), 201);
    // The same text again changes nothing, and records nothing.
    assert_eq!(put(&app, DEMO_KEY, &url, &first).await.status(), 200);
    // The operator's admin token, a new title.
    let renamed = body("Cannot sign in?", "Reset your **password**.");
    assert_eq!(put(&app, ADMIN_TOKEN, &url, &renamed).await.status(), 200);
    // Refused saves record nothing: a bad body, another site's key.
    let bad = json!({"category": "", "title": "", "body_markdown": ""});
    assert_eq!(put(&app, DEMO_KEY, &url, &bad).await.status(), 422);
    let other = body("Hijacked", "Nope.");
    assert_eq!(put(&app, ACME_KEY, &url, &other).await.status(), 401);

    let owner = app
        .console_as("demo", "owner@example.com", Role::Owner)
        .await;
    let log = owner.get_json("/v1/console/sites/demo/audit").await;
    let entries = log["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 2, "{log}");
    let (renaming, creation) = (&entries[0], &entries[1]);
    for e in entries {
        assert_eq!(e["action"], "article.saved");
        assert_eq!(e["target"], "article");
        assert_eq!(e["target_id"], "sign-in-help/en");
        assert_eq!(e["actor"], json!({"kind": "admin_key"}));
    }
    assert_eq!(
        renaming["changes"],
        json!([{"field": "title", "from": "Trouble signing in?", "to": "Cannot sign in?"}])
    );
    // A new article: every field, from nothing.
    let fields: Vec<&str> = creation["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| c["field"].as_str().expect("field"))
        .collect();
    assert_eq!(fields, ["category", "title", "body_markdown", "keywords"]);
    assert_eq!(creation["changes"][3]["to"], "sign in");
    assert!(creation["changes"][0]
        .get("from")
        .is_none_or(Value::is_null));
}

#[tokio::test]
async fn put_validates_path_and_body() {
    let app = app().await;
    let resp = put(
        &app,
        DEMO_KEY,
        &article_url("demo", "Bad_Id", "fr"),
        &json!({"category": "", "title": "x".repeat(201), "body_markdown": " "}),
    )
    .await;
    let env = assert_envelope(resp, 422, "validation_failed").await;
    assert_eq!(
        error_fields(&env),
        ["id", "locale", "category", "title", "body_markdown"]
    );
    let resp = put(
        &app,
        ADMIN_TOKEN,
        &article_url("nope", "x", "en"),
        &body("t", "b"),
    )
    .await;
    assert_envelope(resp, 404, "site_not_found").await;
}

#[tokio::test]
async fn article_html_is_sanitised() {
    let app = app().await;
    let markdown = "**bold** and [shop](https://shop.example.com/x)\n\n- one\n- two\n\n\
        <script>alert(1)</script>\n\n<img src=\"https://cdn.example.com/a.png\" onerror=\"alert(2)\">\n\n\
        [click](javascript:alert(3))\n\n<iframe src=\"https://evil.example.com\"></iframe>\n\n\
        <a href=\"https://x.example.com\" onclick=\"alert(4)\">x</a>";
    let resp = put(
        &app,
        DEMO_KEY,
        &article_url("demo", "sanitise", "en"),
        &body("Sanitise", markdown),
    )
    .await;
    assert_eq!(resp.status(), 201);
    let a = app
        .get_json("/v1/sites/demo/faq/articles/sanitise?locale=en")
        .await;
    let html = a["html"].as_str().expect("html");
    for bad in [
        "<script",
        "alert(",
        "onerror",
        "onclick",
        "javascript:",
        "<iframe",
    ] {
        assert!(!html.contains(bad), "{bad} in {html}");
    }
    for good in [
        "<strong>bold</strong>",
        "<li>one</li>",
        "href=\"https://shop.example.com/x\"",
        "src=\"https://cdn.example.com/a.png\"",
    ] {
        assert!(html.contains(good), "{good} missing from {html}");
    }
}

#[tokio::test]
async fn another_instance_sees_changes_within_a_second_or_so() {
    let first = app().await;
    // A second server on the same database.
    let second = start(
        test_config(first.dir.path()),
        tempfile::tempdir().expect("tmp"),
    )
    .await;
    let search = "/v1/sites/demo/faq/search?q=passkey&locale=en";
    assert!(hit_ids(&second.get_json(search).await).is_empty());
    let url = article_url("demo", "passkeys", "en");
    let resp = put(
        &first,
        DEMO_KEY,
        &url,
        &body("Passkey sign-in", "Use a passkey."),
    )
    .await;
    assert_eq!(resp.status(), 201);
    let mut found = false;
    for _ in 0..30 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        if hit_ids(&second.get_json(search).await) == ["passkeys"] {
            found = true;
            break;
        }
    }
    assert!(found, "the second instance never saw the new article");
}

async fn report(app: &TestApp, name: &str, params: &str) -> Value {
    let resp = app
        .get_with(
            &format!("/v1/admin/sites/demo/reports/faq/{name}{params}"),
            DEMO_KEY,
        )
        .await;
    assert_eq!(resp.status(), 200, "{name}");
    resp.json().await.expect("json")
}

#[tokio::test]
async fn zero_result_queries_are_counted() {
    let app = app().await;
    // Five customers (sessions): the same question from different people counts each time.
    // (Chinese typed in the English panel finds the English version of a Chinese article, so
    // only what no language has counts.)
    for (i, q) in ["xyzzy", "  XYZZY ", "xyzzy", "plugh", "量子纠缠"]
        .into_iter()
        .enumerate()
    {
        let session = format!("{SESSION}{i}");
        app.get_json(&format!(
            "/v1/sites/demo/faq/search{}",
            query(&[("q", q), ("locale", "en"), ("session", &session)])
        ))
        .await;
    }
    let r = report(&app, "zero-results", "").await;
    let rows: Vec<(String, i64)> = r["queries"]
        .as_array()
        .expect("queries")
        .iter()
        .map(|q| {
            (
                q["query"].as_str().expect("q").to_owned(),
                q["count"].as_i64().expect("n"),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("xyzzy".to_owned(), 3),
            ("plugh".to_owned(), 1),
            ("量子纠缠".to_owned(), 1)
        ]
    );
    let none = report(&app, "zero-results", "?from=0&to=1").await;
    assert_eq!(none["queries"], json!([]));
    let resp = app
        .get_with(
            "/v1/admin/sites/demo/reports/faq/zero-results?from=soon",
            DEMO_KEY,
        )
        .await;
    let env = assert_envelope(resp, 422, "validation_failed").await;
    assert_eq!(error_fields(&env), ["from"]);
}

/// The widget searches as the customer types; the log keeps the query they settled on, once,
/// not every prefix on the way (nor the same query searched again at once).
#[tokio::test]
async fn a_query_typed_letter_by_letter_is_logged_once() {
    let app = app().await;
    for q in ["xy", "xyz", "xyzz", "xyzzy", "xyzzy", "xyz", "xyzzyq"] {
        app.get_json(&format!(
            "/v1/sites/demo/faq/search{}",
            query(&[("q", q), ("locale", "en"), ("session", SESSION)])
        ))
        .await;
    }
    // Another question in the same session is another search.
    app.get_json(&format!(
        "/v1/sites/demo/faq/search{}",
        query(&[("q", "plugh"), ("locale", "en"), ("session", SESSION)])
    ))
    .await;
    let r = report(&app, "zero-results", "").await;
    let rows: Vec<(String, i64)> = r["queries"]
        .as_array()
        .expect("queries")
        .iter()
        .map(|q| {
            (
                q["query"].as_str().expect("q").to_owned(),
                q["count"].as_i64().expect("n"),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [("plugh".to_owned(), 1), ("xyzzyq".to_owned(), 1)],
        "one row per settled query"
    );
}

#[tokio::test]
async fn helpfulness_arithmetic() {
    let app = app().await;
    let votes = "/v1/sites/demo/faq/articles/returns-policy/votes";
    for (helpful, reason) in [
        (true, None),
        (true, None),
        (true, None),
        (false, Some("outdated")),
    ] {
        let mut v = json!({"session": SESSION, "locale": "zh-CN", "helpful": helpful});
        if let Some(r) = reason {
            v["reason"] = json!(r);
        }
        assert_eq!(app.post_json(votes, &v).await.status(), 204);
    }
    for _ in 0..2 {
        app.get_json(&format!(
            "/v1/sites/demo/faq/articles/returns-policy?session={SESSION}"
        ))
        .await;
    }
    let r = report(&app, "helpfulness", "").await;
    let a = r["articles"]
        .as_array()
        .expect("articles")
        .iter()
        .find(|a| a["id"] == "returns-policy")
        .cloned()
        .expect("returns-policy");
    assert_eq!(a["views"], 2);
    assert_eq!(a["helpful"], 3);
    assert_eq!(a["not_helpful"], 1);
    assert_eq!(a["ratio"], 0.75);
    assert_eq!(a["title"], "退货政策是什么？");
    assert_eq!(
        a["reasons"],
        json!({"outdated": 1, "did_not_answer": 0, "hard_to_follow": 0, "other": 0})
    );
}

#[tokio::test]
async fn self_service_rate() {
    let app = app().await;
    let sessions = [
        "session-a-0123456789",
        "session-b-0123456789",
        "session-c-0123456789",
    ];
    for s in &sessions[..2] {
        app.get_json(&format!(
            "/v1/sites/demo/faq/search?q=refund&locale=en&session={s}"
        ))
        .await;
    }
    app.get_json(&format!(
        "/v1/sites/demo/faq/articles/track-order?locale=en&session={}",
        sessions[2]
    ))
    .await;
    // A session that neither searched nor read does not count.
    for s in [sessions[1], "session-d-0123456789"] {
        let c = json!({"session": s, "locale": "en", "name": "Ann", "phone": "+86 138 0000 0000",
                       "message": "help"});
        assert_eq!(
            app.post_json("/v1/sites/demo/contact", &c).await.status(),
            201
        );
    }
    let r = report(&app, "self-service", "").await;
    assert_eq!(r["sessions"], 3);
    assert_eq!(r["contacted"], 1);
    assert_eq!(r["self_served"], 2);
    let rate = r["rate"].as_f64().expect("rate");
    assert!((rate - 2.0 / 3.0).abs() < 1e-9, "{rate}");
    let empty = report(&app, "self-service", "?to=1").await;
    assert_eq!(empty["sessions"], 0);
    assert_eq!(empty["rate"], Value::Null);
}
