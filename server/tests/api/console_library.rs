//! The console's help-library editor: the article list, one article's locales, publishing a
//! locale (searchable at once, audited), the sanitised preview, adding a zero-result query to
//! an article's keywords, roles, sites, CSRF and bad input.

use patron_api::console::Role;
use serde_json::{json, Value};

use crate::common::faq::hit_ids;
use crate::common::{assert_envelope, spawn_with, Options, TestApp, DEMO_YAML};

const LIBRARY: &str = "/v1/console/sites/demo/library";

async fn app() -> TestApp {
    spawn_with(Options {
        faq: true,
        sites: vec![("acme", DEMO_YAML.to_owned())],
        ..Options::default()
    })
    .await
}

/// The ids of the public search's hits for `q` in `locale`.
async fn search(app: &TestApp, q: &str, locale: &str) -> Vec<String> {
    let resp = app
        .get_json(&format!("/v1/sites/demo/faq/search?q={q}&locale={locale}"))
        .await;
    hit_ids(&resp)
}

async fn audit_actions(app: &TestApp) -> Vec<Value> {
    let owner = app
        .console_as("demo", "owner@example.com", Role::Owner)
        .await;
    let log = owner.get_json("/v1/console/sites/demo/audit").await;
    log["entries"].as_array().expect("entries").clone()
}

#[tokio::test]
async fn the_list_and_an_article_show_every_locale_in_the_sites_order() {
    let app = app().await;
    let viewer = app
        .console_as("demo", "viewer@example.com", Role::Viewer)
        .await;
    let list = viewer.get_json(&format!("{LIBRARY}/articles")).await;
    // The fixtures: five ids, four of them in English too.
    let ids: Vec<&str> = list["articles"]
        .as_array()
        .expect("articles")
        .iter()
        .map(|a| a["id"].as_str().expect("id"))
        .collect();
    assert_eq!(
        ids,
        [
            "change-address",
            "refund-time",
            "returns-how-to",
            "returns-policy",
            "track-order"
        ]
    );
    assert_eq!(list["locales"], json!(["zh-CN", "zh-TW", "en"]));
    assert_eq!(list["managed_by_files"], false);
    let track = &list["articles"][4];
    assert_eq!(
        track["title"], "如何查询物流信息？",
        "the default locale's title"
    );
    assert_eq!(track["category"], "配送物流");
    assert_eq!(track["locales"], json!(["zh-CN", "en"]));
    assert!(track["updated_at"].as_i64().expect("updated_at") > 0);
    assert_eq!(list["articles"][3]["locales"], json!(["zh-CN"]));

    let article = viewer
        .get_json(&format!("{LIBRARY}/articles/track-order"))
        .await;
    assert_eq!(article["id"], "track-order");
    let versions = article["versions"].as_array().expect("versions");
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0]["locale"], "zh-CN");
    assert_eq!(versions[1]["locale"], "en");
    assert_eq!(versions[1]["title"], "How do I track my order?");
    assert!(versions[1]["body_markdown"]
        .as_str()
        .expect("markdown")
        .contains("**My orders**"));
    assert!(versions[1]["body_html"]
        .as_str()
        .expect("html")
        .contains("<strong>My orders</strong>"));

    let missing = viewer.get(&format!("{LIBRARY}/articles/no-such")).await;
    assert_envelope(missing, 404, "not_found").await;
}

#[tokio::test]
async fn a_published_locale_is_searchable_at_once_and_audited() {
    let app = app().await;
    let agent = app
        .console_as("demo", "agent@example.com", Role::Agent)
        .await;
    assert!(search(&app, "kumquat", "en").await.is_empty());

    let body = json!({"category": "Delivery", "title": "How do I track my kumquat order?",
                      "keywords": ["tracking number", "where is my parcel"],
                      "body_markdown": "Open **My orders**, then the kumquat crate."});
    let saved = agent
        .put(&format!("{LIBRARY}/articles/track-order/en"), &body)
        .await;
    assert_eq!(saved.status(), 200, "replaced");
    let saved: Value = saved.json().await.expect("json");
    assert_eq!(saved["locale"], "en");
    assert_eq!(
        saved["body_html"],
        "<p>Open <strong>My orders</strong>, then the kumquat crate.</p>\n"
    );
    assert_eq!(search(&app, "kumquat", "en").await, ["track-order"]);

    // A locale the article lacked is created.
    let created = agent
        .put(
            &format!("{LIBRARY}/articles/track-order/zh-TW"),
            &json!({"category": "配送物流", "title": "如何查詢物流資訊？",
                    "body_markdown": "在 **我的訂單** 查看金桔物流。"}),
        )
        .await;
    assert_eq!(created.status(), 201);
    let article = agent
        .get_json(&format!("{LIBRARY}/articles/track-order"))
        .await;
    let locales: Vec<&str> = article["versions"]
        .as_array()
        .expect("versions")
        .iter()
        .map(|v| v["locale"].as_str().expect("locale"))
        .collect();
    assert_eq!(locales, ["zh-CN", "zh-TW", "en"]);

    // Saving the same text again changes nothing worth recording.
    let again = agent
        .put(&format!("{LIBRARY}/articles/track-order/en"), &body)
        .await;
    assert_eq!(again.status(), 200);

    let entries = audit_actions(&app).await;
    assert_eq!(entries.len(), 2, "{entries:?}");
    let (newest, first) = (&entries[0], &entries[1]);
    assert_eq!(newest["action"], "article.saved");
    assert_eq!(newest["target"], "article");
    assert_eq!(newest["target_id"], "track-order/zh-TW");
    assert_eq!(first["target_id"], "track-order/en");
    assert_eq!(first["actor"]["user"]["email"], "agent@example.com");
    let fields: Vec<&str> = first["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| c["field"].as_str().expect("field"))
        .collect();
    // Category and keywords were unchanged; the title and the body were not.
    assert_eq!(fields, ["title", "body_markdown"]);
    assert_eq!(first["changes"][0]["from"], "How do I track my order?");
    assert_eq!(
        first["changes"][0]["to"],
        "How do I track my kumquat order?"
    );
}

#[tokio::test]
async fn the_preview_is_what_the_sanitiser_leaves() {
    let app = app().await;
    let agent = app
        .console_as("demo", "agent@example.com", Role::Agent)
        .await;
    let resp = agent
        .post(
            &format!("{LIBRARY}/preview"),
            &json!({"markdown": "**Bold** <script>alert(1)</script>\n\n\
                                 [x](javascript:alert(2)) <img src=x onerror=alert(3)>"}),
        )
        .await;
    assert_eq!(resp.status(), 200);
    let html = resp.json::<Value>().await.expect("json")["html"]
        .as_str()
        .expect("html")
        .to_owned();
    assert!(html.contains("<strong>Bold</strong>"), "{html}");
    // The image is left without its (relative) source and its handler.
    for gone in ["<script", "alert(", "javascript:", "onerror", "src="] {
        assert!(!html.contains(gone), "{gone} in {html}");
    }
    // Nothing was saved or audited.
    assert!(audit_actions(&app).await.is_empty());
}

#[tokio::test]
async fn a_query_without_results_added_as_a_keyword_finds_the_article() {
    let app = app().await;
    let agent = app
        .console_as("demo", "agent@example.com", Role::Agent)
        .await;
    assert!(search(&app, "boomerang", "en").await.is_empty());
    let path = format!("{LIBRARY}/articles/returns-how-to/keywords");
    let resp = agent.post(&path, &json!({"query": " Boomerang "})).await;
    assert_eq!(resp.status(), 200);
    let article: Value = resp.json().await.expect("json");
    assert_eq!(article["id"], "returns-how-to");
    for v in article["versions"].as_array().expect("versions") {
        let keywords = v["keywords"].as_array().expect("keywords");
        assert_eq!(keywords.last(), Some(&json!("Boomerang")), "{v}");
    }
    assert_eq!(
        article["versions"][1]["keywords"],
        json!(["send back", "return process", "Boomerang"])
    );
    assert_eq!(search(&app, "boomerang", "en").await, ["returns-how-to"]);

    // Once is enough: the same query again (in another case) adds and records nothing.
    let again = agent.post(&path, &json!({"query": "boomerang"})).await;
    assert_eq!(again.status(), 200);
    let again: Value = again.json().await.expect("json");
    assert_eq!(again["versions"], article["versions"]);

    let entries = audit_actions(&app).await;
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0]["action"], "article.keyword_added");
    assert_eq!(entries[0]["target_id"], "returns-how-to");
    assert_eq!(
        entries[0]["changes"],
        json!([
            {"field": "keywords", "from": "send back, return process",
             "to": "send back, return process, Boomerang"},
            {"field": "keywords", "from": "退货流程, 寄回去, 退货步骤",
             "to": "退货流程, 寄回去, 退货步骤, Boomerang"},
        ])
    );

    let unknown = agent
        .post(
            &format!("{LIBRARY}/articles/no-such/keywords"),
            &json!({"query": "boomerang"}),
        )
        .await;
    assert_envelope(unknown, 404, "not_found").await;
}

#[tokio::test]
async fn viewers_only_read_and_other_sites_and_strangers_are_refused() {
    let app = app().await;
    let viewer = app
        .console_as("demo", "viewer@example.com", Role::Viewer)
        .await;
    let body = json!({"category": "Delivery", "title": "T", "body_markdown": "B"});
    assert_envelope(
        viewer
            .put(&format!("{LIBRARY}/articles/track-order/en"), &body)
            .await,
        403,
        "forbidden",
    )
    .await;
    assert_envelope(
        viewer
            .post(&format!("{LIBRARY}/preview"), &json!({"markdown": "x"}))
            .await,
        403,
        "forbidden",
    )
    .await;
    assert_envelope(
        viewer
            .post(
                &format!("{LIBRARY}/articles/track-order/keywords"),
                &json!({"query": "x"}),
            )
            .await,
        403,
        "forbidden",
    )
    .await;

    // No session at all.
    let stranger = app.get(&format!("{LIBRARY}/articles")).await;
    assert_envelope(stranger, 401, "unauthorized").await;

    // An agent's write without the CSRF header.
    let agent = app
        .console_as("demo", "agent@example.com", Role::Agent)
        .await;
    let no_csrf = app
        .client
        .put(app.url(&format!("{LIBRARY}/articles/track-order/en")))
        .header("cookie", &agent.cookie)
        .json(&body)
        .send()
        .await
        .expect("request");
    assert_envelope(no_csrf, 403, "forbidden").await;

    // Another site's user sees none of this site's library.
    let acme = app
        .console_as("acme", "agent@example.com", Role::Agent)
        .await;
    assert_envelope(
        acme.get(&format!("{LIBRARY}/articles/track-order")).await,
        404,
        "not_found",
    )
    .await;
    assert_envelope(
        acme.put(&format!("{LIBRARY}/articles/track-order/en"), &body)
            .await,
        404,
        "not_found",
    )
    .await;
    let own = acme
        .get_json("/v1/console/sites/acme/library/articles")
        .await;
    assert_eq!(own["articles"], json!([]));
    assert_envelope(
        acme.get("/v1/console/sites/acme/library/articles/track-order")
            .await,
        404,
        "not_found",
    )
    .await;

    // Nothing changed.
    assert_eq!(
        search(&app, "tracking", "en")
            .await
            .first()
            .map(String::as_str),
        Some("track-order")
    );
    assert!(audit_actions(&app).await.is_empty());
}

#[tokio::test]
async fn bad_input_is_answered_with_the_envelope() {
    let app = app().await;
    let agent = app
        .console_as("demo", "agent@example.com", Role::Agent)
        .await;
    let put = reqwest::Method::PUT;
    let post = reqwest::Method::POST;
    let article = |tail: &str| format!("{LIBRARY}/articles/{tail}");
    let good = json!({"category": "Delivery", "title": "T", "body_markdown": "B"});
    // (method, path, body, status, code, the field named first)
    let cases = [
        (
            &put,
            article("track-order/en"),
            json!({"category": "Delivery", "title": " ", "body_markdown": "B"}),
            422,
            "validation_failed",
            Some("title"),
        ),
        (
            &put,
            article("track-order/xx"),
            good.clone(),
            422,
            "validation_failed",
            Some("locale"),
        ),
        (
            &put,
            article("track-order/en"),
            json!({"category": "D", "title": "T", "body_markdown": "B", "html": "<b>"}),
            400,
            "bad_request",
            None,
        ),
        (
            &post,
            format!("{LIBRARY}/preview"),
            json!({"markdown": "x".repeat(20_001)}),
            422,
            "validation_failed",
            Some("markdown"),
        ),
        (
            &post,
            article("track-order/keywords"),
            json!({"query": "  "}),
            422,
            "validation_failed",
            Some("query"),
        ),
        (
            &post,
            article("track-order/keywords"),
            json!({"query": "x".repeat(41)}),
            422,
            "validation_failed",
            Some("query"),
        ),
    ];
    for (method, path, body, status, code, field) in cases {
        let resp = agent.send(method.clone(), &path, &body).await;
        let envelope = assert_envelope(resp, status, code).await;
        if let Some(field) = field {
            assert_eq!(envelope["error"]["fields"][0]["field"], field, "{path}");
        }
    }
    let malformed = agent
        .request(post, &format!("{LIBRARY}/preview"))
        .header("content-type", "application/json")
        .body("{\"markdown\":")
        .send()
        .await
        .expect("request");
    assert_envelope(malformed, 400, "bad_request").await;
    assert!(audit_actions(&app).await.is_empty());
}

#[tokio::test]
async fn articles_owned_by_files_are_read_only() {
    let app = spawn_with(Options {
        faq: true,
        demo_yaml_extra: "owners: { faq: files }\n".to_owned(),
        ..Options::default()
    })
    .await;
    let agent = app
        .console_as("demo", "agent@example.com", Role::Agent)
        .await;
    let list = agent.get_json(&format!("{LIBRARY}/articles")).await;
    assert_eq!(list["managed_by_files"], true);
    let saved = agent
        .put(
            &format!("{LIBRARY}/articles/track-order/en"),
            &json!({"category": "Delivery", "title": "T", "body_markdown": "B"}),
        )
        .await;
    assert_envelope(saved, 409, "managed_by_files").await;
    let keyword = agent
        .post(
            &format!("{LIBRARY}/articles/track-order/keywords"),
            &json!({"query": "parcel"}),
        )
        .await;
    assert_envelope(keyword, 409, "managed_by_files").await;
}
