//! Server-to-server: purchases (idempotent by order reference), reversals and adjustments.

use serde_json::{json, Value};

use crate::common::points::{now_ms, spawn_points, token, DAY_MS};
use crate::common::{assert_envelope, ADMIN_TOKEN};

fn purchase(member: &str, order_ref: &str, amount: Value, occurred_at: i64) -> Value {
    json!({
        "member_id": member,
        "order_ref": order_ref,
        "amount": amount,
        "currency": "CNY",
        "occurred_at": occurred_at,
    })
}

#[tokio::test]
async fn a_purchase_replayed_five_times_earns_once() {
    let app = spawn_points().await;
    let body = purchase("m-1", "SO-1001", json!(12_345), now_ms() - 1000);
    let first = app.purchase(&body).await;
    assert_eq!(first.status(), 201);
    let receipt: Value = first.json().await.expect("json");
    assert_eq!(receipt["points_earned"], 123, "¥123.45 at 1 point per yuan");
    assert_eq!(receipt["tier_id"], "member");
    for _ in 0..5 {
        let again = app.purchase(&body).await;
        assert_eq!(again.status(), 200, "a replay is not a new purchase");
        assert_eq!(again.json::<Value>().await.expect("json"), receipt);
    }
    let t = token("m-1");
    assert_eq!(app.me(&t).await["balance"], 123);
    assert_eq!(app.history_all(&t).await.len(), 1);
    assert_eq!(app.assert_ledger_balanced(&t).await, 123);
}

#[tokio::test]
async fn concurrent_replays_of_one_order_earn_once() {
    let app = spawn_points().await;
    let body = purchase("m-1", "SO-RACE", json!(50_000), now_ms() - 1000);
    let replies = futures::future::join_all((0..20).map(|_| app.purchase(&body))).await;
    let statuses: Vec<u16> = replies.iter().map(|r| r.status().as_u16()).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        19,
        "{statuses:?}"
    );
    assert_eq!(app.assert_ledger_balanced(&token("m-1")).await, 500);
}

#[tokio::test]
async fn the_same_order_reference_with_another_body_is_a_conflict() {
    let app = spawn_points().await;
    let at = now_ms() - 1000;
    let resp = app
        .purchase(&purchase("m-1", "SO-1", json!(10_000), at))
        .await;
    assert_eq!(resp.status(), 201);
    for other in [
        purchase("m-1", "SO-1", json!(10_001), at),
        purchase("m-2", "SO-1", json!(10_000), at),
        purchase("m-1", "SO-1", json!(10_000), at - 1),
    ] {
        assert_envelope(app.purchase(&other).await, 409, "idempotency_conflict").await;
    }
    assert_eq!(app.me(&token("m-1")).await["balance"], 100);
    assert_eq!(app.me(&token("m-2")).await["balance"], 0);
}

#[tokio::test]
async fn bad_purchases_are_refused_field_by_field() {
    let app = spawn_points().await;
    let at = now_ms() - 1000;
    for (amount, code) in [
        (json!(-500), "out_of_range"),
        (json!(0), "out_of_range"),
        (json!(10.5), "not_integer"),
        (json!(1e13), "out_of_range"),
        (json!(18_446_744_073_709_551_615u64), "out_of_range"),
    ] {
        let body = app
            .purchase(&purchase("m-1", "SO-BAD", amount.clone(), at))
            .await;
        let env = assert_envelope(body, 422, "validation_failed").await;
        assert_eq!(env["error"]["fields"][0]["field"], "amount", "{amount}");
        assert_eq!(env["error"]["fields"][0]["code"], code, "{amount}");
    }
    let mut usd = purchase("m-1", "SO-USD", json!(100), at);
    usd["currency"] = json!("USD");
    let env = assert_envelope(app.purchase(&usd).await, 422, "validation_failed").await;
    assert_eq!(env["error"]["fields"][0]["code"], "mismatch");
    let future = purchase("m-1", "SO-FUT", json!(100), now_ms() + 3_600_000);
    let env = assert_envelope(app.purchase(&future).await, 422, "validation_failed").await;
    assert_eq!(env["error"]["fields"][0]["field"], "occurred_at");
    let resp = app.purchase(&purchase("m 1", "SO 1", json!(100), at)).await;
    let env = assert_envelope(resp, 422, "validation_failed").await;
    let fields: Vec<&str> = env["error"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert_eq!(fields, ["member_id", "order_ref"]);
    let resp = app
        .purchase(&purchase("m-1", "SO-STR", json!("100"), at))
        .await;
    assert_envelope(resp, 400, "bad_request").await;
    assert_eq!(
        app.me(&token("m-1")).await["balance"],
        0,
        "nothing was earned"
    );
}

#[tokio::test]
async fn server_endpoints_need_the_sites_key() {
    let app = spawn_points().await;
    let body = purchase("m-1", "SO-1", json!(100), now_ms());
    for path in ["purchases", "reversals", "adjustments"] {
        let url = app.url(&format!("/v1/admin/sites/demo/points/{path}"));
        let resp = app.client.post(&url).json(&body).send().await.expect("req");
        assert_envelope(resp, 401, "unauthorized").await;
        let resp = app
            .client
            .post(&url)
            .bearer_auth(token("m-1"))
            .json(&body)
            .send()
            .await
            .expect("req");
        assert_envelope(resp, 401, "unauthorized").await;
    }
    // No CORS on the server-to-server API: a shop page cannot call it.
    let resp = app
        .client
        .request(
            reqwest::Method::OPTIONS,
            app.url("/v1/admin/sites/demo/points/purchases"),
        )
        .header("origin", "https://shop.example.com")
        .header("access-control-request-method", "POST")
        .send()
        .await
        .expect("req");
    assert!(resp.headers().get("access-control-allow-origin").is_none());
    let resp = app
        .client
        .post(app.url("/v1/admin/sites/nope/points/purchases"))
        .bearer_auth(ADMIN_TOKEN)
        .json(&body)
        .send()
        .await
        .expect("req");
    assert_envelope(resp, 404, "site_not_found").await;
}

#[tokio::test]
async fn tiers_follow_the_rolling_window_and_set_the_earn_rate() {
    let app = spawn_points().await;
    // 500 days ago is outside the 12-month window, then and now: it earns but never counts.
    let old = app.buy("m-1", "SO-OLD", 4_000, 500).await;
    assert_eq!(old["tier_id"], "member");
    let t = token("m-1");
    let me = app.me(&t).await;
    assert_eq!(me["qualifying_spend"], 0);
    assert_eq!(me["tier"]["id"], "member");
    let a = app.buy("m-1", "SO-A", 1_000, 100).await;
    assert_eq!(
        (a["tier_id"].clone(), a["points_earned"].clone()),
        (json!("member"), json!(1_000))
    );
    let b = app.buy("m-1", "SO-B", 1_000, 50).await;
    assert_eq!(
        (b["tier_id"].clone(), b["points_earned"].clone()),
        (json!("silver"), json!(1_200))
    );
    let me = app.me(&t).await;
    assert_eq!(me["tier"]["id"], "silver");
    assert_eq!(me["tier"]["name"], "Silver");
    assert_eq!(me["tier"]["benefits"], json!(["5% off"]));
    assert_eq!(me["qualifying_spend"], 200_000);
    assert_eq!(me["next_tier"]["id"], "gold");
    assert_eq!(me["next_tier"]["spend_needed"], 300_000);
    // The oldest counted purchase (100 days ago) leaves the window in about 265 days.
    let by = me["next_tier"]["by"].as_i64().expect("by");
    let days = (by - now_ms()) / DAY_MS;
    assert!((262..=268).contains(&days), "{days}");
    let c = app.buy("m-1", "SO-C", 3_000, 1).await;
    assert_eq!(c["points_earned"], 3_600, "still Silver when buying");
    let me = app.me_in(&t, "zh-CN").await;
    assert_eq!(me["tier"]["name"], "金卡");
    assert_eq!(me["tier"]["benefits"], json!(["全场 9 折", "免费售后检测"]));
    assert!(me["next_tier"].is_null(), "Gold is the top tier");
    assert_eq!(me["balance"], 4_000 + 1_000 + 1_200 + 3_600);
    assert_eq!(me["balance_value"], 9_800, "1 fen a point");
}

#[tokio::test]
async fn a_refund_takes_back_what_the_order_earned() {
    let app = spawn_points().await;
    app.buy("m-1", "SO-1", 800, 10).await;
    app.buy("m-1", "SO-2", 300, 5).await;
    let t = token("m-1");
    assert_eq!(app.me(&t).await["tier"]["id"], "silver");
    let reverse = json!({"member_id": "m-1", "order_ref": "SO-1", "reason": "returned"});
    let resp = app
        .admin_post("reversals")
        .json(&reverse)
        .send()
        .await
        .expect("req");
    assert_eq!(resp.status(), 201);
    let receipt: Value = resp.json().await.expect("json");
    assert_eq!(receipt["points_reversed"], 800);
    assert_eq!(receipt["shortfall"], 0);
    assert_eq!(receipt["balance"], 300);
    let again = app
        .admin_post("reversals")
        .json(&reverse)
        .send()
        .await
        .expect("req");
    assert_eq!(again.status(), 200);
    assert_eq!(again.json::<Value>().await.expect("json"), receipt);
    let me = app.me(&t).await;
    assert_eq!(me["balance"], 300);
    assert_eq!(
        me["qualifying_spend"], 30_000,
        "a refunded order stops counting"
    );
    assert_eq!(me["tier"]["id"], "member");
    let history = app.history_all(&t).await;
    assert_eq!(history[0]["kind"], "reverse");
    assert_eq!(history[0]["points"], -800);
    assert_eq!(history[0]["title"], "Refund of order SO-1");
    app.assert_ledger_balanced(&t).await;
}

#[tokio::test]
async fn a_refund_after_spending_never_goes_below_zero() {
    let app = spawn_points().await;
    app.buy("m-1", "SO-1", 600, 3).await;
    let t = token("m-1");
    assert_eq!(app.redeem(&t, "vase", "redeem-0001").await.status(), 201);
    let resp = app
        .admin_post("reversals")
        .json(&json!({"member_id": "m-1", "order_ref": "SO-1"}))
        .send()
        .await
        .expect("req");
    let receipt: Value = resp.json().await.expect("json");
    assert_eq!(receipt["points_reversed"], 100);
    assert_eq!(receipt["shortfall"], 500);
    assert_eq!(receipt["balance"], 0);
    assert_eq!(app.assert_ledger_balanced(&t).await, 0);
}

#[tokio::test]
async fn reversing_an_unknown_or_foreign_order_is_refused() {
    let app = spawn_points().await;
    app.buy("m-1", "SO-1", 100, 1).await;
    let post = |body: Value| app.admin_post("reversals").json(&body).send();
    let resp = post(json!({"member_id": "m-1", "order_ref": "SO-404"}))
        .await
        .expect("req");
    assert_envelope(resp, 404, "order_not_found").await;
    let resp = post(json!({"member_id": "m-2", "order_ref": "SO-1"}))
        .await
        .expect("req");
    assert_envelope(resp, 409, "idempotency_conflict").await;
    let resp = post(json!({"member_id": "", "order_ref": "SO-1"}))
        .await
        .expect("req");
    assert_envelope(resp, 422, "validation_failed").await;
    assert_eq!(app.me(&token("m-1")).await["balance"], 100);
}

#[tokio::test]
async fn adjustments_credit_and_debit_without_going_negative() {
    let app = spawn_points().await;
    let t = token("m-1");
    let resp = app.adjust("m-1", 250, "adj-0000001").await;
    assert_eq!(resp.status(), 201);
    let receipt: Value = resp.json().await.expect("json");
    assert_eq!(receipt["balance"], 250);
    let again = app.adjust("m-1", 250, "adj-0000001").await;
    assert_eq!(again.status(), 200, "replayed");
    assert_eq!(again.json::<Value>().await.expect("json"), receipt);
    assert_envelope(
        app.adjust("m-1", 999, "adj-0000001").await,
        409,
        "idempotency_conflict",
    )
    .await;
    assert_envelope(
        app.adjust("m-1", -251, "adj-0000002").await,
        409,
        "insufficient_points",
    )
    .await;
    assert_eq!(app.adjust("m-1", -50, "adj-0000003").await.status(), 201);
    for (points, code) in [(json!(0), "out_of_range"), (json!(1.5), "not_integer")] {
        let resp = app
            .admin_post("adjustments")
            .json(&json!({"member_id": "m-1", "points": points, "reason": "x",
                          "idempotency_key": "adj-0000004"}))
            .send()
            .await
            .expect("req");
        let env = assert_envelope(resp, 422, "validation_failed").await;
        assert_eq!(env["error"]["fields"][0]["code"], code);
    }
    let history = app.history_all(&t).await;
    assert_eq!(history.len(), 2);
    assert_eq!(history[0]["title"], "Points adjustment");
    assert_eq!(app.assert_ledger_balanced(&t).await, 200);
}
