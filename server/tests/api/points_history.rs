//! History: newest first, paginated by cursor, in the member's language.

use std::collections::HashSet;

use serde_json::Value;

use crate::common::points::{spawn_points, token};
use crate::common::{assert_envelope, TestApp};

const HISTORY: &str = "/v1/sites/demo/points/history";

#[tokio::test]
async fn pages_walk_the_whole_ledger_newest_first() {
    let app = spawn_points().await;
    // 45 purchases, one a day, the newest yesterday.
    for i in 0..45 {
        app.buy("m-1", &format!("SO-{i:03}"), 10 + i, 45 - i).await;
    }
    let t = token("m-1");
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut sizes = Vec::new();
    loop {
        let path = match &cursor {
            Some(c) => format!("{HISTORY}?limit=20&cursor={c}"),
            None => format!("{HISTORY}?limit=20"),
        };
        let resp = app.get_with(&path, &t).await;
        assert_eq!(resp.status(), 200);
        assert_eq!(resp.headers()["cache-control"], "no-store");
        let page: Value = resp.json().await.expect("json");
        let entries = page["entries"].as_array().expect("entries");
        sizes.push(entries.len());
        seen.extend(entries.iter().cloned());
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(sizes, [20, 20, 5]);
    let refs: Vec<&str> = seen
        .iter()
        .filter_map(|e| e["order_ref"].as_str())
        .collect();
    let expected: Vec<String> = (0..45).rev().map(|i| format!("SO-{i:03}")).collect();
    assert_eq!(refs, expected, "newest first, each once");
    let times: Vec<i64> = seen.iter().filter_map(|e| e["at"].as_i64()).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]));
    assert_eq!(refs.iter().collect::<HashSet<_>>().len(), 45);
}

#[tokio::test]
async fn titles_come_in_the_requested_language() {
    let app = spawn_points().await;
    app.buy("m-1", "SO-9", 600, 1).await;
    let t = token("m-1");
    assert_eq!(app.redeem(&t, "vase", "redeem-0001").await.status(), 201);
    assert_eq!(titles(&app, &t, "zh-CN").await, ["花瓶", "订单 SO-9"]);
    assert_eq!(titles(&app, &t, "zh-TW").await, ["花瓶", "訂單 SO-9"]);
    assert_eq!(titles(&app, &t, "en").await, ["Vase", "Order SO-9"]);
    // No locale: the site's default (zh-CN).
    let page: Value = app.get_with(HISTORY, &t).await.json().await.expect("json");
    assert_eq!(page["locale"], "zh-CN");
}

async fn titles(app: &TestApp, token: &str, locale: &str) -> Vec<String> {
    let page: Value = app
        .get_with(&format!("{HISTORY}?locale={locale}"), token)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(page["locale"], locale);
    page["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| e["title"].as_str().expect("title").to_owned())
        .collect()
}

#[tokio::test]
async fn bad_paging_parameters_are_field_errors() {
    let app = spawn_points().await;
    let t = token("m-1");
    for (query, field) in [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=ten", "limit"),
        ("cursor=garbage", "cursor"),
        ("locale=fr", "locale"),
    ] {
        let resp = app.get_with(&format!("{HISTORY}?{query}"), &t).await;
        let env = assert_envelope(resp, 422, "validation_failed").await;
        assert_eq!(env["error"]["fields"][0]["field"], field, "{query}");
    }
    let empty: Value = app.get_with(HISTORY, &t).await.json().await.expect("json");
    assert_eq!(empty["entries"], serde_json::json!([]));
    assert!(empty["next_cursor"].is_null());
}

/// Reading a member's points never waits for the database's write lock (on SQLite one lock
/// for the whole file): another writer holding it must not stall `me` or `history`.
#[tokio::test]
async fn reading_points_does_not_wait_for_a_writer() {
    use sqlx::Connection;
    let app = crate::common::points::spawn_points().await;
    app.buy("m-1", "SO-1", 100, 1).await;
    let t = crate::common::points::token("m-1");
    let url = crate::common::database_url(&app.dir.path().join("db/patron.db"));
    let mut writer = sqlx::AnyConnection::connect(&url).await.expect("connect");
    let mut held = writer.begin().await.expect("begin");
    // A write to the member's own row: SQLite's write lock, a row lock on PostgreSQL.
    sqlx::query("UPDATE member_balances SET updated_at = updated_at + 1 WHERE member = 'm-1'")
        .execute(&mut *held)
        .await
        .expect("hold the lock");
    for path in [
        "/v1/sites/demo/points/me?locale=en",
        "/v1/sites/demo/points/history?locale=en",
    ] {
        let resp = tokio::time::timeout(std::time::Duration::from_secs(2), app.get_with(path, &t))
            .await
            .unwrap_or_else(|_| panic!("{path} waited for the writer"));
        assert_eq!(resp.status(), 200, "{path}");
    }
    held.rollback().await.expect("rollback");
}
