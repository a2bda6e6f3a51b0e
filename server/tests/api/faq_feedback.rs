use serde_json::{json, Value};

use crate::common::faq::{error_fields, SESSION};
use crate::common::{assert_envelope, spawn_with, Options, TestApp, ADMIN_TOKEN};

async fn app() -> TestApp {
    spawn_with(Options {
        faq: true,
        ..Options::default()
    })
    .await
}

const VOTES: &str = "/v1/sites/demo/faq/articles/returns-policy/votes";
const CONTACT: &str = "/v1/sites/demo/contact";

fn contact() -> Value {
    json!({
        "session": SESSION,
        "locale": "zh-CN",
        "name": "王小明",
        "email": "xiaoming@example.com",
        "order_number": "SO-20261101-0042",
        "message": "我想改收货地址",
        "context": {"queries": ["地址填错了"], "articles_read": ["change-address", "gone-article"]}
    })
}

#[tokio::test]
async fn votes_are_recorded() {
    let app = app().await;
    let good = json!({"session": SESSION, "locale": "zh-CN", "helpful": true});
    let resp = app.post_json(VOTES, &good).await;
    assert_eq!(resp.status(), 204);
    let unhelpful = json!({"session": SESSION, "locale": "zh-CN", "helpful": false,
                           "reason": "other", "comment": "<b>step 2</b> is wrong"});
    assert_eq!(app.post_json(VOTES, &unhelpful).await.status(), 204);
}

#[tokio::test]
async fn vote_errors() {
    let app = app().await;
    let good = json!({"session": SESSION, "locale": "zh-CN", "helpful": true});
    let resp = app
        .post_json("/v1/sites/demo/faq/articles/no-such/votes", &good)
        .await;
    assert_envelope(resp, 404, "not_found").await;
    let contradictory =
        json!({"session": "x", "locale": "en", "helpful": true, "reason": "outdated"});
    let env = assert_envelope(
        app.post_json(VOTES, &contradictory).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(error_fields(&env), ["session", "reason"]);
    let wrong_shape = json!({"session": SESSION, "locale": "en", "helpful": "yes"});
    assert_envelope(app.post_json(VOTES, &wrong_shape).await, 400, "bad_request").await;
}

#[tokio::test]
async fn contact_gets_a_reference() {
    let app = app().await;
    let resp = app.post_json(CONTACT, &contact()).await;
    assert_eq!(resp.status(), 201);
    let receipt: Value = resp.json().await.expect("json");
    let reference = receipt["reference"].as_str().expect("reference");
    assert_eq!(reference.len(), 12, "{reference}");
    assert!(reference.starts_with("PT-"), "{reference}");
    assert!(
        reference[3..]
            .chars()
            .all(|c| c == '-' || (c.is_ascii_alphanumeric() && !"01OI".contains(c))),
        "{reference}"
    );
    let second: Value = app
        .post_json(CONTACT, &contact())
        .await
        .json()
        .await
        .expect("json");
    assert_ne!(second["reference"], receipt["reference"]);
}

#[tokio::test]
async fn contact_validation_lists_fields() {
    let app = app().await;
    let mut bad = contact();
    bad["email"] = json!("not-an-email");
    bad["phone"] = json!("call me");
    bad["name"] = json!(" ");
    let env = assert_envelope(app.post_json(CONTACT, &bad).await, 422, "validation_failed").await;
    assert_eq!(error_fields(&env), ["name", "email", "phone"]);
    let mut none = contact();
    none["email"] = Value::Null;
    let env = assert_envelope(
        app.post_json(CONTACT, &none).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(error_fields(&env), ["email"]);
    let mut long = contact();
    long["message"] = json!("x".repeat(2001));
    let env = assert_envelope(
        app.post_json(CONTACT, &long).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(error_fields(&env), ["message"]);
    // Nothing was stored.
    let list: Value = app
        .get_with("/v1/admin/sites/demo/contacts", ADMIN_TOKEN)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(list["contacts"].as_array().expect("contacts").len(), 0);
}

#[tokio::test]
async fn a_megabyte_body_is_413() {
    let app = app().await;
    let mut big = contact();
    big["message"] = json!("x".repeat(1024 * 1024));
    assert_envelope(app.post_json(CONTACT, &big).await, 413, "payload_too_large").await;
}

#[tokio::test]
async fn markup_in_contacts_is_kept_as_text_and_escaped_in_json() {
    let app = app().await;
    let mut c = contact();
    let name = "<script>alert('x')</script>";
    let message = "<img src=x onerror=alert(1)> & \"quotes\"";
    c["name"] = json!(name);
    c["message"] = json!(message);
    c["context"]["queries"] = json!(["<b>退货</b>"]);
    assert_eq!(app.post_json(CONTACT, &c).await.status(), 201);

    let resp = app
        .get_with("/v1/admin/sites/demo/contacts", ADMIN_TOKEN)
        .await;
    assert_eq!(resp.status(), 200);
    assert!(resp.headers()["content-type"]
        .to_str()
        .expect("ascii")
        .starts_with("application/json"));
    let raw = resp.text().await.expect("text");
    assert!(!raw.contains('<') && !raw.contains('>'), "{raw}");
    let list: Value = serde_json::from_str(&raw).expect("json");
    let got = &list["contacts"][0];
    assert_eq!(got["name"], name);
    assert_eq!(got["message"], message);
    assert_eq!(got["context"]["queries"], json!(["<b>退货</b>"]));
}

#[tokio::test]
async fn contacts_list_carries_the_context_newest_first() {
    let app = app().await;
    let first: Value = app
        .post_json(CONTACT, &contact())
        .await
        .json()
        .await
        .expect("json");
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let mut later = contact();
    later["locale"] = json!("en");
    later["context"] = json!({"articles_read": ["track-order"]});
    let second: Value = app
        .post_json(CONTACT, &later)
        .await
        .json()
        .await
        .expect("json");

    let list: Value = app
        .get_with("/v1/admin/sites/demo/contacts", ADMIN_TOKEN)
        .await
        .json()
        .await
        .expect("json");
    let contacts = list["contacts"].as_array().expect("contacts");
    assert_eq!(contacts[0]["reference"], second["reference"]);
    assert_eq!(contacts[1]["reference"], first["reference"]);
    assert_eq!(
        contacts[0]["context"]["articles_read"],
        json!([{"id": "track-order", "title": "How do I track my order?"}])
    );
    assert_eq!(contacts[1]["context"]["queries"], json!(["地址填错了"]));
    assert_eq!(
        contacts[1]["context"]["articles_read"],
        json!([{"id": "change-address", "title": "下单后可以修改收货地址吗？"}, {"id": "gone-article", "title": null}])
    );
    assert_eq!(contacts[1]["order_number"], "SO-20261101-0042");

    // Paging.
    let page: Value = app
        .get_with("/v1/admin/sites/demo/contacts?limit=1", ADMIN_TOKEN)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(page["contacts"].as_array().expect("contacts").len(), 1);
    let cursor = page["next_cursor"].as_str().expect("next_cursor");
    let next: Value = app
        .get_with(
            &format!("/v1/admin/sites/demo/contacts?limit=1&cursor={cursor}"),
            ADMIN_TOKEN,
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(next["contacts"][0]["reference"], first["reference"]);
}

#[tokio::test]
async fn concurrent_contact_requests_are_all_kept() {
    let app = app().await;
    let sends = (0..40).map(|i| {
        let mut body = contact();
        body["message"] = json!(format!("request {i}"));
        let app = &app;
        async move { app.post_json(CONTACT, &body).await.status().as_u16() }
    });
    let statuses = futures::future::join_all(sends).await;
    assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");
    let list: Value = app
        .get_with("/v1/admin/sites/demo/contacts?limit=200", ADMIN_TOKEN)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(list["contacts"].as_array().expect("contacts").len(), 40);
}

#[tokio::test]
async fn paging_never_skips_contacts_made_in_the_same_millisecond() {
    let app = app().await;
    let pool = patron_server::storage::connect(&crate::common::database_url(
        &app.dir.path().join("db/patron.db"),
    ))
    .await
    .expect("database");
    let request: patron_api::faq::ContactRequest =
        serde_json::from_value(contact()).expect("request");
    let same_ms = 1_780_000_000_000;
    for i in 0..5 {
        let reference = format!("PT-SAME-000{i}");
        let stored = patron_server::faq::storage::insert_contact(
            &pool, "demo", &reference, &request, None, same_ms,
        )
        .await
        .expect("insert");
        assert!(stored);
    }
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/v1/admin/sites/demo/contacts?limit=2&cursor={c}"),
            None => "/v1/admin/sites/demo/contacts?limit=2".to_owned(),
        };
        let page: Value = app
            .get_with(&path, ADMIN_TOKEN)
            .await
            .json()
            .await
            .expect("json");
        for c in page["contacts"].as_array().expect("contacts") {
            seen.push(c["reference"].as_str().expect("reference").to_owned());
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    seen.sort();
    assert_eq!(
        seen,
        (0..5)
            .map(|i| format!("PT-SAME-000{i}"))
            .collect::<Vec<_>>()
    );
}
