//! Survey definitions: the admin API, and content files checked at start-up.

use patron_server::Application;
use serde_json::{json, Value};

use crate::common::faq::error_fields;
use crate::common::surveys::{
    event, id, spawn_surveys, spawn_surveys_with, with_webhook, SURVEYS_YAML,
};
use crate::common::{
    assert_envelope, test_config, write_file, write_site, TestApp, ADMIN_TOKEN, DEMO_YAML,
};

const SURVEYS: &str = "/v1/admin/sites/demo/surveys";
const SITE_KEY: &str = "demo-site-key";

async fn put(app: &TestApp, token: &str, body: &Value) -> reqwest::Response {
    app.client
        .put(app.url(SURVEYS))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .expect("request")
}

fn new_survey() -> Value {
    let t = |s: &str| json!({"zh-CN": s, "en": s});
    json!({
        "cooldown_hours": 12,
        "surveys": [{
            "id": "csat-delivery",
            "kind": "csat",
            "question": t("How was the delivery?"),
            "labels": {"1": t("Bad"), "2": t("Poor"), "3": t("OK"), "4": t("Good"), "5": t("Great")},
            "thank_you": t("Thanks"),
            "triggers": [{"event": "delivered"}],
            "frequency": {"max_times": 2}
        }]
    })
}

#[tokio::test]
async fn admins_list_and_replace_surveys() {
    let app = spawn_surveys_with(
        &with_webhook(SURVEYS_YAML, "https://hooks.example.com/x"),
        |config| {
            let site = config.content_dir.join("demo/site.yaml");
            let digest = patron_server::auth::key_digest(SITE_KEY);
            write_file(
                &site,
                format!("{DEMO_YAML}admin_key_sha256: {digest}\n").as_bytes(),
            );
        },
    )
    .await;
    assert_envelope(app.get(SURVEYS).await, 401, "unauthorized").await;
    let listed: Value = app
        .get_with(SURVEYS, SITE_KEY)
        .await
        .json()
        .await
        .expect("json");
    let ids: Vec<&str> = listed["surveys"]
        .as_array()
        .expect("surveys")
        .iter()
        .map(|s| s["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ["csat-order", "nps-faq", "csat-signup", "nps-direct"]);
    assert_eq!(listed["surveys"][1]["frequency"], json!({"max_times": 2}));
    assert_eq!(listed["webhook"]["secret_file"], "webhook-secret");
    assert!(!listed.to_string().contains("test-webhook-secret"));

    let device = id("admin-device");
    assert_eq!(app.ask(&device, event("delivered")).await, None);
    let resp = put(&app, SITE_KEY, &new_survey()).await;
    assert_eq!(resp.status(), 200);
    let saved: Value = resp.json().await.expect("json");
    assert_eq!(saved["cooldown_hours"], 12);
    // The webhook is the operator's and survives an admin replace.
    assert_eq!(saved["webhook"]["url"], "https://hooks.example.com/x");
    // In effect at once, on this instance.
    assert_eq!(
        app.ask(&device, event("delivered")).await.as_deref(),
        Some("csat-delivery")
    );
    assert_eq!(app.ask(&device, event("order_completed")).await, None);
    let listed: Value = app.admin_get(SURVEYS).await.json().await.expect("json");
    assert_eq!(listed["surveys"].as_array().expect("surveys").len(), 1);
}

#[tokio::test]
async fn invalid_replacements_are_refused_and_change_nothing() {
    let app = spawn_surveys(SURVEYS_YAML).await;
    let mut bad = new_survey();
    bad["surveys"][0]["labels"] = json!({"1": {"zh-CN": "x"}});
    bad["surveys"][0]["sample_rate"] = json!(2);
    bad["surveys"][0]["question"] = json!({"en": "English only"});
    let env = assert_envelope(put(&app, ADMIN_TOKEN, &bad).await, 422, "validation_failed").await;
    assert_eq!(
        error_fields(&env),
        [
            "surveys[0].question",
            "surveys[0].labels",
            "surveys[0].sample_rate"
        ]
    );
    let mut twice = new_survey();
    let copy = twice["surveys"][0].clone();
    twice["surveys"].as_array_mut().expect("array").push(copy);
    let env = assert_envelope(
        put(&app, ADMIN_TOKEN, &twice).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(error_fields(&env), ["surveys[1].id"]);
    // The webhook cannot be set through the API.
    let mut hook = new_survey();
    hook["webhook"] = json!({"url": "https://evil.example", "secret_file": "../../x"});
    assert_envelope(put(&app, ADMIN_TOKEN, &hook).await, 400, "bad_request").await;
    let mut typo = new_survey();
    typo["surveys"][0]["frequency"] = json!("sometimes");
    assert_envelope(put(&app, ADMIN_TOKEN, &typo).await, 400, "bad_request").await;
    assert_envelope(put(&app, "wrong", &new_survey()).await, 401, "unauthorized").await;

    let listed: Value = app.admin_get(SURVEYS).await.json().await.expect("json");
    assert_eq!(listed["surveys"].as_array().expect("surveys").len(), 4);
}

#[tokio::test]
async fn a_broken_surveys_file_stops_the_start_with_file_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_site(dir.path(), "demo", DEMO_YAML);
    let path = dir.path().join("content/demo/surveys.yaml");
    // nps-faq labels 0 and 9 instead of 0 and 10.
    let bad = SURVEYS_YAML.replace("      10: { zh-CN: 极有可能", "      9: { zh-CN: 极有可能");
    assert_ne!(bad, SURVEYS_YAML);
    write_file(&path, bad.as_bytes());
    let err = Application::build(test_config(dir.path()))
        .await
        .expect_err("must fail")
        .to_string();
    // The `labels:` key of the second survey (nps-faq).
    let line = bad
        .lines()
        .enumerate()
        .skip_while(|(_, l)| !l.contains("id: nps-faq"))
        .find(|(_, l)| l.trim() == "labels:")
        .expect("line")
        .0
        + 1;
    assert!(err.contains(&path.display().to_string()), "{err}");
    assert!(
        err.contains(&format!("line {line}: surveys[1].labels")),
        "{err}"
    );

    // A YAML typo: the parser's line.
    let typo = SURVEYS_YAML.replace("recontact_days: 10", "recontact_dayz: 10");
    write_file(&path, typo.as_bytes());
    let err = Application::build(test_config(dir.path()))
        .await
        .expect_err("must fail")
        .to_string();
    let line = typo
        .lines()
        .position(|l| l.contains("recontact_dayz"))
        .expect("line")
        + 1;
    assert!(
        err.contains(&format!("line {line}:")) && err.contains("recontact_dayz"),
        "{err}"
    );
}
