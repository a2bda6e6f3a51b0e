//! The demo door: sample members to sign in as, only in demo mode.

use serde_json::Value;

use crate::common::points::now_ms;
use crate::common::{assert_envelope, spawn_with, Options, TestApp};

const MEMBERS: &str = "/v1/sites/demo/points/demo/members";

/// With the repository's own demo programme, which the samples are made for.
async fn demo_app(demo: bool) -> TestApp {
    let loyalty = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content/demo/loyalty.yaml"),
    )
    .expect("content/demo/loyalty.yaml");
    spawn_with(Options {
        demo,
        files: vec![("content/demo/loyalty.yaml".into(), loyalty)],
        ..Options::default()
    })
    .await
}

async fn sign_in(app: &TestApp, member: &str) -> String {
    let resp = app
        .client
        .post(app.url(&format!("{MEMBERS}/{member}/token?locale=en")))
        .send()
        .await
        .expect("req");
    assert_eq!(resp.status(), 200, "{member}");
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["member_id"], member);
    assert!(body["expires_at"].as_i64().expect("exp") > now_ms() / 1000);
    body["token"].as_str().expect("token").to_owned()
}

#[tokio::test]
async fn demo_mode_offers_sample_members_in_the_states_the_demo_needs() {
    let app = demo_app(true).await;
    let list = app.get_json(&format!("{MEMBERS}?locale=zh-CN")).await;
    let ids: Vec<&str> = list["members"]
        .as_array()
        .expect("members")
        .iter()
        .filter_map(|m| m["member_id"].as_str())
        .collect();
    assert_eq!(ids, ["demo-new", "demo-silver", "demo-gold"]);
    assert_eq!(list["members"][1]["name"], "陈银");

    let new = app.me(&sign_in(&app, "demo-new").await).await;
    assert_eq!(
        (new["balance"].as_i64(), new["tier"]["id"].as_str()),
        (Some(0), Some("member"))
    );
    assert_eq!(new["name"], "Lin Xiaoxin");

    let silver_token = sign_in(&app, "demo-silver").await;
    let silver = app.me(&silver_token).await;
    assert_eq!(silver["tier"]["id"], "silver");
    assert_eq!(silver["next_tier"]["id"], "gold");
    assert_eq!(
        silver["next_tier"]["spend_needed"], 120_000,
        "¥1,200 from Gold"
    );
    assert!(silver["expiring"].is_null());
    assert_eq!(
        app.redeem(&silver_token, "coupon-20", "demo-redeem-1")
            .await
            .status(),
        201
    );
    app.assert_ledger_balanced(&silver_token).await;

    let gold = app.me(&sign_in(&app, "demo-gold").await).await;
    assert_eq!(gold["tier"]["id"], "gold");
    assert_eq!(gold["expiring"]["points"], 3_000);

    let resp = app
        .client
        .post(app.url(&format!("{MEMBERS}/somebody/token")))
        .send()
        .await
        .expect("req");
    assert_envelope(resp, 404, "not_found").await;
}

#[tokio::test]
async fn a_restart_in_demo_mode_reseeds_the_samples() {
    let app = demo_app(true).await;
    let token = sign_in(&app, "demo-silver").await;
    let before = app.me(&token).await["balance"].clone();
    assert_eq!(
        app.redeem(&token, "coupon-20", "demo-redeem-1")
            .await
            .status(),
        201
    );
    let config = crate::common::test_config(app.dir.path());
    let again = crate::common::start(
        patron_server::Config {
            demo: true,
            ..config
        },
        tempfile::tempdir().expect("tempdir"),
    )
    .await;
    let token = sign_in(&again, "demo-silver").await;
    assert_eq!(again.me(&token).await["balance"], before);
}

#[tokio::test]
async fn the_demo_door_does_not_exist_outside_demo_mode() {
    let app = demo_app(false).await;
    assert_envelope(app.get(MEMBERS).await, 404, "not_found").await;
    let resp = app
        .client
        .post(app.url(&format!("{MEMBERS}/demo-silver/token")))
        .send()
        .await
        .expect("req");
    assert_envelope(resp, 404, "not_found").await;
    // The programme itself still works.
    assert_eq!(app.get("/v1/sites/demo/points/program").await.status(), 200);
}
