//! Expiry and FIFO: points expire at the end of their lifetime and are spent oldest first.
//! Over HTTP with purchases dated in the past, and on the domain functions with an injected
//! clock.

use patron_api::points::EntryKind;
use patron_api::Locale;
use patron_server::points::ops::{self, Adjustment, HistoryQuery, Purchase};
use patron_server::points::rules::add_months;
use serde_json::json;

use crate::common::assert_envelope;
use crate::common::points::{now_ms, spawn_points, test_pool, test_rules, token, DAY_MS};

#[tokio::test]
async fn points_past_their_lifetime_are_expired_and_cannot_be_spent() {
    let app = spawn_points().await;
    // 800 days ago: its 24-month lifetime ended about 70 days ago.
    let old = app.buy("m-1", "SO-OLD", 1_000, 800).await;
    assert_eq!(old["points_earned"], 1_000);
    assert_eq!(old["balance"], 0, "expired as soon as it was recorded");
    app.buy("m-1", "SO-NEW", 200, 10).await;
    let t = token("m-1");
    let me = app.me(&t).await;
    assert_eq!(me["balance"], 200);
    assert!(me["expiring"].is_null());
    let history = app.history_all(&t).await;
    let kinds: Vec<&str> = history.iter().filter_map(|e| e["kind"].as_str()).collect();
    assert_eq!(
        kinds,
        ["earn", "expire", "earn"],
        "newest first by effective time"
    );
    let expire = &history[1];
    assert_eq!(expire["points"], -1_000);
    assert_eq!(expire["title"], "Points expired");
    let occurred = now_ms() - 800 * DAY_MS;
    let lifetime_end = expire["at"].as_i64().expect("at");
    let days = (lifetime_end - occurred + DAY_MS / 2) / DAY_MS;
    assert!(
        (730..=731).contains(&days),
        "expired 24 months after the purchase: {days}"
    );
    assert_envelope(
        app.redeem(&t, "vase", "redeem-0001").await,
        409,
        "insufficient_points",
    )
    .await;
    assert_eq!(app.assert_ledger_balanced(&t).await, 200);
}

#[tokio::test]
async fn the_oldest_points_are_spent_first() {
    let app = spawn_points().await;
    // 715 days ago: these 1,000 points expire in about 15 days.
    app.buy("m-1", "SO-A", 1_000, 715).await;
    app.buy("m-1", "SO-B", 500, 10).await;
    let t = token("m-1");
    let me = app.me(&t).await;
    assert_eq!(me["balance"], 1_500);
    assert_eq!(me["expiring"]["points"], 1_000);
    let days = (me["expiring"]["at"].as_i64().expect("at") - now_ms()) / DAY_MS;
    assert!((14..=16).contains(&days), "{days}");
    assert_eq!(app.redeem(&t, "vase", "redeem-0001").await.status(), 201);
    assert_eq!(
        app.me(&t).await["expiring"]["points"],
        500,
        "taken from the old lot"
    );
    assert_eq!(app.redeem(&t, "coupon", "redeem-0002").await.status(), 201);
    let me = app.me(&t).await;
    assert_eq!(me["expiring"]["points"], 400);
    assert_eq!(me["balance"], 900);
}

#[tokio::test]
async fn a_reversal_takes_the_orders_own_points_first() {
    let app = spawn_points().await;
    app.buy("m-1", "SO-A", 1_000, 715).await;
    app.buy("m-1", "SO-B", 500, 10).await;
    let resp = app
        .admin_post("reversals")
        .json(&json!({"member_id": "m-1", "order_ref": "SO-B"}))
        .send()
        .await
        .expect("req");
    assert_eq!(resp.status(), 201);
    let me = app.me(&token("m-1")).await;
    assert_eq!(me["balance"], 1_000);
    assert_eq!(me["expiring"]["points"], 1_000, "the old lot is untouched");
}

fn at(year: i32, month: u8, day: u8) -> i64 {
    let date =
        time::Date::from_calendar_date(year, month.try_into().expect("month"), day).expect("date");
    date.with_hms(10, 0, 0)
        .expect("time")
        .assume_utc()
        .unix_timestamp()
        * 1000
}

#[tokio::test]
async fn expiry_follows_the_injected_clock() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pool = test_pool(dir.path()).await;
    let rules = test_rules();
    let locales = (Locale::En, Locale::ZhCn);
    let t0 = at(2026, 1, 31);
    let purchase = Purchase {
        member: "m-1",
        order_ref: "SO-1",
        amount: 100_000,
        currency: "CNY",
        occurred_at: t0,
    };
    let (receipt, _) = ops::record_purchase(&pool, &rules, "demo", &purchase, t0)
        .await
        .expect("purchase");
    assert_eq!(receipt.points_earned, 1_000);
    let end = add_months(t0, 24);
    assert_eq!(end, at(2028, 1, 31), "24 calendar months");

    let me = |now| ops::me(&pool, &rules, "demo", "m-1", None, locales, now);
    let early = me(end - 31 * DAY_MS).await.expect("me");
    assert_eq!((early.balance, early.expiring), (1_000, None));
    let soon = me(end - 30 * DAY_MS).await.expect("me");
    let expiring = soon.expiring.expect("within 30 days");
    assert_eq!((expiring.points, expiring.at), (1_000, end));
    let last = me(end - 1).await.expect("me");
    assert_eq!(last.balance, 1_000);
    let after = me(end).await.expect("me");
    assert_eq!((after.balance, after.expiring), (0, None));
    // Reading again writes nothing more.
    assert_eq!(me(end + DAY_MS).await.expect("me").balance, 0);
    let query = HistoryQuery {
        locales,
        before: None,
        limit: 10,
    };
    let (entries, next) = ops::history(&pool, &rules, "demo", "m-1", &query, end + DAY_MS)
        .await
        .expect("history");
    assert!(next.is_none());
    let lines: Vec<(EntryKind, i64, i64)> =
        entries.iter().map(|e| (e.kind, e.points, e.at)).collect();
    assert_eq!(
        lines,
        [
            (EntryKind::Expire, -1_000, end),
            (EntryKind::Earn, 1_000, t0)
        ]
    );
}

#[tokio::test]
async fn partly_spent_lots_expire_only_what_is_left() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pool = test_pool(dir.path()).await;
    let rules = test_rules();
    let locales = (Locale::En, Locale::En);
    let t0 = at(2026, 3, 1);
    let t1 = add_months(t0, 6);
    for (order_ref, when) in [("SO-A", t0), ("SO-B", t1)] {
        let p = Purchase {
            member: "m-1",
            order_ref,
            amount: 100_000,
            currency: "CNY",
            occurred_at: when,
        };
        ops::record_purchase(&pool, &rules, "demo", &p, when)
            .await
            .expect("purchase");
    }
    // SO-B was bought at Silver (¥1,000 in the window before it): 1,200 points.
    let debit = Adjustment {
        member: "m-1",
        points: -1_500,
        reason: "spent in store",
        key: "adj-0000001",
    };
    ops::adjust(&pool, &rules, "demo", &debit, add_months(t0, 7))
        .await
        .expect("debit");
    let me = |now| ops::me(&pool, &rules, "demo", "m-1", None, locales, now);
    // Lot A (1,000) was spent in full, lot B has 700 left.
    assert_eq!(me(add_months(t0, 24)).await.expect("me").balance, 700);
    let b_end = add_months(t1, 24);
    let before = me(b_end - DAY_MS).await.expect("me");
    assert_eq!(before.expiring.map(|e| e.points), Some(700));
    assert_eq!(me(b_end).await.expect("me").balance, 0);
    let query = HistoryQuery {
        locales,
        before: None,
        limit: 10,
    };
    let (entries, _) = ops::history(&pool, &rules, "demo", "m-1", &query, b_end)
        .await
        .expect("history");
    let expired: Vec<i64> = entries
        .iter()
        .filter(|e| e.kind == EntryKind::Expire)
        .map(|e| e.points)
        .collect();
    assert_eq!(expired, [-700], "nothing left of lot A to expire");
    assert_eq!(entries.iter().map(|e| e.points).sum::<i64>(), 0);
}

#[tokio::test]
async fn refunding_an_order_whose_points_expired_takes_nothing_from_other_purchases() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pool = test_pool(dir.path()).await;
    let rules = test_rules();
    let locales = (Locale::En, Locale::En);
    let t0 = at(2026, 1, 10);
    let a_end = add_months(t0, 24);
    let buy = |order_ref: &'static str, when: i64| Purchase {
        member: "m-1",
        order_ref,
        amount: 50_000,
        currency: "CNY",
        occurred_at: when,
    };
    ops::record_purchase(&pool, &rules, "demo", &buy("SO-A", t0), t0)
        .await
        .expect("purchase A");
    let t1 = a_end - 30 * DAY_MS;
    ops::record_purchase(&pool, &rules, "demo", &buy("SO-B", t1), t1)
        .await
        .expect("purchase B");
    let me = |now| ops::me(&pool, &rules, "demo", "m-1", None, locales, now);
    // A's 500 points expired at its lifetime's end; B's 500 are the member's own.
    assert_eq!(me(a_end + DAY_MS).await.expect("me").balance, 500);
    let (receipt, _) = ops::reverse_order(&pool, "demo", "m-1", "SO-A", None, a_end + DAY_MS)
        .await
        .expect("refund");
    assert_eq!(receipt.points_reversed, 0, "A's points were gone already");
    assert_eq!(receipt.points_expired, 500);
    assert_eq!(receipt.shortfall, 0);
    assert_eq!(me(a_end + 2 * DAY_MS).await.expect("me").balance, 500);
}

#[tokio::test]
async fn redemptions_spend_the_points_that_expire_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pool = test_pool(dir.path()).await;
    let mut rules = test_rules();
    let locales = (Locale::En, Locale::En);
    let t0 = at(2026, 1, 10);
    let first = Purchase {
        member: "m-1",
        order_ref: "SO-A",
        amount: 50_000,
        currency: "CNY",
        occurred_at: t0,
    };
    ops::record_purchase(&pool, &rules, "demo", &first, t0)
        .await
        .expect("purchase A");
    // The programme shortens the lifetime: a later purchase's points expire before A's.
    rules.point_lifetime_months = 2;
    let t1 = t0 + 10 * DAY_MS;
    let second = Purchase {
        order_ref: "SO-B",
        occurred_at: t1,
        ..first
    };
    ops::record_purchase(&pool, &rules, "demo", &second, t1)
        .await
        .expect("purchase B");
    let vase = rules.reward("coupon").expect("reward").clone();
    ops::redeem(&pool, "demo", "m-1", &vase, "Coupon", "redeem-0001", t1)
        .await
        .expect("redeem");
    let b_end = add_months(t1, 2);
    let soon = ops::me(&pool, &rules, "demo", "m-1", None, locales, b_end - DAY_MS)
        .await
        .expect("me");
    assert_eq!(
        soon.expiring.map(|e| e.points),
        Some(400),
        "the 100 points came from B, which expires first"
    );
    let after = ops::me(&pool, &rules, "demo", "m-1", None, locales, b_end)
        .await
        .expect("me");
    assert_eq!(after.balance, 500, "A's 500 are left whole");
}
