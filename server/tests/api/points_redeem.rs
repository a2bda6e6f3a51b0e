//! Redemptions: idempotent, clear refusals, never a negative balance, also under concurrency.

use std::time::Instant;

use serde_json::Value;

use crate::common::assert_envelope;
use crate::common::points::{spawn_points, token};

#[tokio::test]
async fn redeeming_spends_points_and_shows_in_history() {
    let app = spawn_points().await;
    app.buy("m-1", "SO-1", 700, 2).await;
    let t = token("m-1");
    let resp = app.redeem(&t, "vase", "redeem-0001").await;
    assert_eq!(resp.status(), 201);
    assert_eq!(resp.headers()["cache-control"], "no-store");
    let receipt: Value = resp.json().await.expect("json");
    assert_eq!(receipt["reward_id"], "vase");
    assert_eq!(receipt["reward_name"], "Vase");
    assert_eq!(receipt["points_spent"], 500);
    assert_eq!(receipt["new_balance"], 200);
    assert!(receipt["redemption_id"]
        .as_str()
        .is_some_and(|s| s.len() == 32));
    let history = app.history_all(&t).await;
    assert_eq!(history[0]["kind"], "redeem");
    assert_eq!(history[0]["points"], -500);
    assert_eq!(history[0]["title"], "Vase");
    assert_eq!(history[0]["reward_id"], "vase");
    assert_eq!(app.assert_ledger_balanced(&t).await, 200);
}

#[tokio::test]
async fn the_same_key_returns_the_same_receipt_and_another_body_is_a_conflict() {
    let app = spawn_points().await;
    app.buy("m-1", "SO-1", 1_000, 2).await;
    let t = token("m-1");
    let first = app.redeem(&t, "coupon", "redeem-0001").await;
    assert_eq!(first.status(), 201);
    let receipt: Value = first.json().await.expect("json");
    for _ in 0..3 {
        let again = app.redeem(&t, "coupon", "redeem-0001").await;
        assert_eq!(again.status(), 200);
        assert_eq!(again.json::<Value>().await.expect("json"), receipt);
    }
    assert_envelope(
        app.redeem(&t, "vase", "redeem-0001").await,
        409,
        "idempotency_conflict",
    )
    .await;
    // Keys are per member: another member may use the same one.
    app.buy("m-2", "SO-2", 1_000, 2).await;
    assert_eq!(
        app.redeem(&token("m-2"), "vase", "redeem-0001")
            .await
            .status(),
        201
    );
    assert_eq!(app.assert_ledger_balanced(&t).await, 900);
}

#[tokio::test]
async fn refusals_are_clear_and_change_nothing() {
    let app = spawn_points().await;
    app.buy("m-1", "SO-1", 300, 2).await;
    let t = token("m-1");
    let env = assert_envelope(
        app.redeem(&t, "vase", "redeem-0001").await,
        409,
        "insufficient_points",
    )
    .await;
    assert!(env["error"]["message"]
        .as_str()
        .expect("msg")
        .contains("300"));
    assert_envelope(
        app.redeem(&t, "nothing-here", "redeem-0002").await,
        404,
        "reward_not_found",
    )
    .await;
    let env = assert_envelope(
        app.redeem(&t, "Vase!", "short").await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(env["error"]["fields"].as_array().expect("fields").len(), 2);
    // A refused key is not burnt: it works once the member can afford the reward.
    app.buy("m-1", "SO-2", 300, 1).await;
    assert_eq!(app.redeem(&t, "vase", "redeem-0001").await.status(), 201);
    assert_eq!(app.assert_ledger_balanced(&t).await, 100);
}

#[tokio::test]
async fn stock_runs_out() {
    let app = spawn_points().await;
    app.adjust("m-1", 10_000, "adj-0000001").await;
    let t = token("m-1");
    for i in 0..3 {
        let resp = app.redeem(&t, "vase", &format!("redeem-000{i}")).await;
        assert_eq!(resp.status(), 201);
    }
    assert_envelope(
        app.redeem(&t, "vase", "redeem-0009").await,
        409,
        "out_of_stock",
    )
    .await;
    let catalogue = app
        .get_json("/v1/sites/demo/points/rewards?locale=zh-CN")
        .await;
    let vase = catalogue["rewards"]
        .as_array()
        .expect("rewards")
        .iter()
        .find(|r| r["id"] == "vase")
        .expect("vase")
        .clone();
    assert_eq!(vase["stock_left"], 0);
    assert_eq!(vase["name"], "花瓶");
    assert_eq!(app.assert_ledger_balanced(&t).await, 10_000 - 3 * 500);
}

#[tokio::test]
async fn two_hundred_concurrent_redemptions_against_ten_rewards_worth() {
    let app = spawn_points().await;
    // Enough for exactly 10 coupons (100 points each), with 99 to spare.
    app.adjust("m-1", 10 * 100 + 99, "adj-0000001").await;
    let t = token("m-1");
    let started = Instant::now();
    let keys: Vec<String> = (0..200).map(|i| format!("concurrent-{i:04}")).collect();
    let replies = futures::future::join_all(keys.iter().map(|k| app.redeem(&t, "coupon", k))).await;
    let elapsed = started.elapsed();
    let mut ok = 0;
    let mut insufficient = 0;
    for resp in replies {
        match resp.status().as_u16() {
            201 => ok += 1,
            409 => {
                let body: Value = resp.json().await.expect("json");
                assert_eq!(body["error"]["code"], "insufficient_points", "{body}");
                insufficient += 1;
            }
            other => panic!(
                "unexpected {other}: {}",
                resp.text().await.unwrap_or_default()
            ),
        }
    }
    println!("200 concurrent redemptions answered in {elapsed:?}");
    assert_eq!((ok, insufficient), (10, 190));
    assert_eq!(app.assert_ledger_balanced(&t).await, 99);
    assert_eq!(
        app.history_all(&t).await.len(),
        11,
        "one credit, ten redemptions"
    );
}

#[tokio::test]
async fn concurrent_redemptions_never_oversell_stock() {
    let app = spawn_points().await;
    app.adjust("m-1", 100_000, "adj-0000001").await;
    let t = token("m-1");
    let keys: Vec<String> = (0..30).map(|i| format!("stock-{i:04}")).collect();
    let replies = futures::future::join_all(keys.iter().map(|k| app.redeem(&t, "vase", k))).await;
    let statuses: Vec<u16> = replies.iter().map(|r| r.status().as_u16()).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        3,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 409).count(),
        27,
        "{statuses:?}"
    );
    assert_eq!(app.assert_ledger_balanced(&t).await, 100_000 - 3 * 500);
}

#[tokio::test]
async fn one_key_sent_concurrently_redeems_once() {
    let app = spawn_points().await;
    app.adjust("m-1", 1_000, "adj-0000001").await;
    let t = token("m-1");
    let replies =
        futures::future::join_all((0..20).map(|_| app.redeem(&t, "coupon", "same-key-0001"))).await;
    let mut created = 0;
    let mut receipts = Vec::new();
    for resp in replies {
        match resp.status().as_u16() {
            201 => created += 1,
            200 => {}
            other => panic!("unexpected {other}"),
        }
        receipts.push(resp.json::<Value>().await.expect("json"));
    }
    assert_eq!(created, 1);
    assert!(receipts.iter().all(|r| *r == receipts[0]), "one receipt");
    assert_eq!(app.assert_ledger_balanced(&t).await, 900);
}
