//! Redemption fulfilment through the console and the admin API: pending → fulfilled, or
//! cancelled with the points back through the ledger exactly once; roles, sites, the audit
//! log, paging, the member lookup and the liability.

use patron_api::console::Role;
use serde_json::{json, Value};

use crate::common::assert_envelope;
use crate::common::points::{spawn_points, token};
use crate::common::ADMIN_TOKEN;

const LIST: &str = "/v1/console/sites/demo/redemptions";

async fn redeem(app: &crate::common::TestApp, member: &str, reward: &str, key: &str) -> String {
    let resp = app.redeem(&token(member), reward, key).await;
    assert_eq!(resp.status(), 201, "redeem {reward}");
    let receipt: Value = resp.json().await.expect("json");
    receipt["redemption_id"].as_str().expect("id").to_owned()
}

#[tokio::test]
async fn a_redemption_is_fulfilled_or_cancelled_with_its_points_back() {
    let app = spawn_points().await;
    app.buy("m-1", "SO-1", 2000, 1).await;
    let before = app.me(&token("m-1")).await["balance"].as_i64().expect("n");
    let vase = redeem(&app, "m-1", "vase", "redeem-0001").await;
    let coupon = redeem(&app, "m-1", "coupon", "redeem-0002").await;
    let agent = app
        .console_as("demo", "agent@example.com", Role::Agent)
        .await;

    let page = agent.get_json(LIST).await;
    let list = page["redemptions"].as_array().expect("list");
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["id"], coupon, "newest first");
    assert_eq!(list[0]["status"], "pending");
    assert_eq!(
        list[0]["reward_name"], "优惠券",
        "the site's default locale"
    );
    assert_eq!(list[1]["points"], 500);

    let done = agent
        .put(&format!("{LIST}/{coupon}"), &json!({"status": "fulfilled"}))
        .await;
    assert_eq!(done.status(), 200);
    let done: Value = done.json().await.expect("json");
    assert_eq!(done["status"], "fulfilled");
    assert!(done["fulfilled_at"].is_i64());
    // Asking again changes nothing; a fulfilled redemption is not cancelled.
    let again = agent
        .put(&format!("{LIST}/{coupon}"), &json!({"status": "fulfilled"}))
        .await;
    assert_eq!(again.status(), 200);
    let refused = agent
        .put(&format!("{LIST}/{coupon}"), &json!({"status": "cancelled"}))
        .await;
    let body = assert_envelope(refused, 422, "validation_failed").await;
    assert_eq!(body["error"]["fields"][0]["field"], "status");

    let cancelled = agent
        .put(&format!("{LIST}/{vase}"), &json!({"status": "cancelled"}))
        .await;
    assert_eq!(cancelled.status(), 200);
    assert_eq!(
        app.me(&token("m-1")).await["balance"].as_i64().expect("n"),
        before - 100,
        "the vase's 500 points are back, the coupon's 100 are spent"
    );
    let pending = agent.get_json(&format!("{LIST}?status=pending")).await;
    assert_eq!(pending["redemptions"], json!([]));
    let cancelled = agent.get_json(&format!("{LIST}?status=cancelled")).await;
    assert_eq!(cancelled["redemptions"][0]["id"], vase);
    assert_envelope(
        agent.get(&format!("{LIST}?status=lost")).await,
        422,
        "validation_failed",
    )
    .await;
}

#[tokio::test]
async fn concurrent_cancellations_return_the_points_once() {
    let app = spawn_points().await;
    app.buy("m-1", "SO-1", 2000, 1).await;
    let before = app.me(&token("m-1")).await["balance"].as_i64().expect("n");
    let vase = redeem(&app, "m-1", "vase", "redeem-0001").await;
    let agent = app
        .console_as("demo", "agent@example.com", Role::Agent)
        .await;
    let path = format!("{LIST}/{vase}");
    let admin_url = app.url(&format!("/v1/admin/sites/demo/points/redemptions/{vase}"));
    let mut calls = Vec::new();
    for i in 0..6 {
        let body = json!({"status": "cancelled"});
        calls.push(if i % 2 == 0 {
            agent
                .request(reqwest::Method::PUT, &path)
                .json(&body)
                .send()
        } else {
            app.client
                .put(&admin_url)
                .bearer_auth(ADMIN_TOKEN)
                .json(&body)
                .send()
        });
    }
    for resp in futures::future::join_all(calls).await {
        let resp = resp.expect("request");
        assert_eq!(resp.status(), 200);
        let r: Value = resp.json().await.expect("json");
        assert_eq!(r["status"], "cancelled");
    }
    assert_eq!(
        app.me(&token("m-1")).await["balance"].as_i64().expect("n"),
        before
    );
    let pool = app.console_pool().await;
    let (refunds,): (i64,) = sqlx::query_as(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM point_entries \
         WHERE site = 'demo' AND member = 'm-1' AND kind = 'adjust' AND points = 500",
    )
    .fetch_one(&pool)
    .await
    .expect("count");
    assert_eq!(refunds, 1);
    let (stock,): (i64,) = sqlx::query_as(
        "SELECT redeemed FROM reward_redemptions WHERE site = 'demo' AND reward_id = 'vase'",
    )
    .fetch_one(&pool)
    .await
    .expect("stock");
    assert_eq!(stock, 0, "the vase is back in stock");
    pool.close().await;

    // One entry in the audit log: whoever came first.
    let owner = app
        .console_as("demo", "owner@example.com", Role::Owner)
        .await;
    let log = owner.get_json("/v1/console/sites/demo/audit").await;
    let entries = log["entries"].as_array().expect("entries");
    let cancels: Vec<&Value> = entries
        .iter()
        .filter(|e| e["action"] == "redemption.cancelled")
        .collect();
    assert_eq!(cancels.len(), 1);
    assert_eq!(cancels[0]["target_id"], vase);
    assert_eq!(
        cancels[0]["changes"],
        json!([{"field": "status", "from": "pending", "to": "cancelled"}])
    );
}

#[tokio::test]
async fn viewers_read_and_another_site_is_not_found() {
    let app = spawn_points().await;
    app.buy("m-1", "SO-1", 2000, 1).await;
    let coupon = redeem(&app, "m-1", "coupon", "redeem-0001").await;
    let viewer = app
        .console_as("demo", "viewer@example.com", Role::Viewer)
        .await;
    let write = viewer
        .put(&format!("{LIST}/{coupon}"), &json!({"status": "fulfilled"}))
        .await;
    assert_envelope(write, 403, "forbidden").await;
    assert_eq!(viewer.get(LIST).await.status(), 200);
    let acme = "/v1/console/sites/acme/redemptions";
    assert_envelope(viewer.get(acme).await, 404, "not_found").await;
    let agent = app
        .console_as("acme", "agent@example.com", Role::Agent)
        .await;
    // Acme's agent cannot reach demo's redemption through acme's path either.
    let other = agent
        .put(&format!("{acme}/{coupon}"), &json!({"status": "fulfilled"}))
        .await;
    assert_envelope(other, 404, "not_found").await;
    let unknown = viewer.get("/v1/console/sites/demo/members/nobody").await;
    assert_envelope(unknown, 404, "not_found").await;
    let member = viewer
        .get_json("/v1/console/sites/demo/members/m-1?locale=en")
        .await;
    assert_eq!(member["standing"]["balance"], 2000 - 100);
    assert_eq!(member["history"][0]["kind"], "redeem");
    assert_eq!(member["history"][1]["kind"], "earn");
}

#[tokio::test]
async fn redemptions_page_without_skipping_shared_timestamps_and_the_liability_adds_up() {
    let app = spawn_points().await;
    app.buy("m-1", "SO-1", 2000, 1).await;
    app.buy("m-2", "SO-2", 300, 1).await;
    redeem(&app, "m-1", "coupon", "redeem-0001").await;
    let pool = app.console_pool().await;
    for i in 0..5 {
        sqlx::query(
            "INSERT INTO point_redemptions (site, id, member, seq, reward_id, reward_name, \
             points, status, redeemed_at) VALUES ('demo', $1, 'm-9', 1, 'coupon', 'x', 100, \
             'fulfilled', 1000)",
        )
        .bind(format!("{i:032x}"))
        .execute(&pool)
        .await
        .expect("insert");
    }
    pool.close().await;
    let viewer = app
        .console_as("demo", "viewer@example.com", Role::Viewer)
        .await;
    let mut ids = Vec::new();
    let mut path = format!("{LIST}?limit=2");
    loop {
        let page = viewer.get_json(&path).await;
        for r in page["redemptions"].as_array().expect("list") {
            ids.push(r["id"].as_str().expect("id").to_owned());
        }
        match page["next_cursor"].as_str() {
            Some(c) => path = format!("{LIST}?limit=2&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(ids.len(), 6);
    let shared: Vec<String> = (0..5).rev().map(|i| format!("{i:032x}")).collect();
    assert_eq!(ids[1..], shared[..]);

    // m-1 holds 2000 − 100, m-2 holds 300; one pending coupon of 100; a point is worth 1 fen.
    let liability = viewer
        .get_json("/v1/console/sites/demo/points/liability")
        .await;
    assert_eq!(
        liability,
        json!({
            "currency": "CNY",
            "outstanding_points": 2200,
            "value": 2200,
            "point_value": 1,
            "members_with_points": 2,
            "expiring_within_30_days": 0,
            "pending_redemptions": 1,
            "pending_points": 100,
        })
    );
}
