//! Demo mode's generated history (`history`): 90 days of every feature's records on the demo
//! site, marked `demo-seed-`, seeded once (a restart does not double it), quickly, and never
//! outside demo mode.

use std::path::Path;
use std::time::Instant;

use patron_server::app::Application;
use sqlx::AnyPool;

use crate::common::{database_url, test_config};

/// Copies the repository's demo content (`content/demo`) into `root/content/demo`.
fn copy_demo_content(root: &Path) {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).expect("mkdir");
        for entry in std::fs::read_dir(from).expect("read_dir") {
            let entry = entry.expect("entry");
            let target = to.join(entry.file_name());
            if entry.file_type().expect("type").is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target).expect("copy");
            }
        }
    }
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content/demo");
    copy(&demo, &root.join("content/demo"));
}

/// `(table, id column)` of every record the history writes.
const TABLES: [(&str, &str); 10] = [
    ("survey_responses", "id"),
    ("survey_response_reasons", "response_id"),
    ("feedback_state", "response_id"),
    ("faq_searches", "id"),
    ("faq_views", "id"),
    ("faq_votes", "id"),
    // The overview's self-service rate counts these.
    ("faq_help_sessions", "session"),
    ("contact_requests", "id"),
    ("contact_state", "contact_id"),
    ("point_redemptions", "id"),
];

async fn count(pool: &AnyPool, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(pool).await.expect(sql);
    n
}

async fn counts(pool: &AnyPool) -> Vec<(&'static str, i64)> {
    let mut out = Vec::new();
    for (table, column) in TABLES {
        let sql = format!(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM {table} \
             WHERE site = 'demo' AND {column} LIKE 'demo-seed-%'"
        );
        out.push((table, count(pool, &sql).await));
    }
    // The overview's tier breakdown reads the tier recorded with each member's answer.
    out.push((
        "survey_responses with a tier",
        count(
            pool,
            "SELECT CAST(COUNT(*) AS BIGINT) FROM survey_responses \
             WHERE site = 'demo' AND id LIKE 'demo-seed-%' AND member_tier IS NOT NULL",
        )
        .await,
    ));
    out.push((
        "onboarding_runs",
        count(
            pool,
            "SELECT CAST(COUNT(*) AS BIGINT) FROM onboarding_runs \
             WHERE site = 'demo' AND subject LIKE '_:demo-seed-%'",
        )
        .await,
    ));
    out
}

#[tokio::test]
async fn the_demo_is_seeded_with_ninety_days_of_history_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_demo_content(dir.path());
    let mut config = test_config(dir.path());
    config.demo = true;

    let started = Instant::now();
    let first = Application::build(config.clone()).await.expect("starts");
    let took = started.elapsed();
    drop(first);
    let pool = patron_server::storage::connect(&database_url(&dir.path().join("db/patron.db")))
        .await
        .expect("pool");
    let seeded = counts(&pool).await;
    for (table, n) in &seeded {
        assert!(*n > 0, "{table} has no demo history: {seeded:?}");
    }

    // Every kind and band, mostly happy; comments; zero-result searches; both kinds of
    // resolution; every fulfilment state.
    let per = |sql: &'static str| count(&pool, sql);
    for kind in ["nps", "csat", "ces"] {
        for band in ["promoter", "passive", "detractor"] {
            let n = count(
                &pool,
                &format!(
                    "SELECT CAST(COUNT(*) AS BIGINT) FROM survey_responses WHERE site = 'demo' \
                     AND kind = '{kind}' AND band = '{band}' AND comment IS NOT NULL"
                ),
            )
            .await;
            assert!(n > 0, "{kind} {band} with a comment");
        }
    }
    let promoters = per("SELECT CAST(COUNT(*) AS BIGINT) FROM survey_responses \
                         WHERE site = 'demo' AND band = 'promoter'")
    .await;
    let detractors = per("SELECT CAST(COUNT(*) AS BIGINT) FROM survey_responses \
                          WHERE site = 'demo' AND band = 'detractor'")
    .await;
    assert!(promoters > 3 * detractors, "{promoters} vs {detractors}");
    assert!(
        per("SELECT CAST(COUNT(*) AS BIGINT) FROM faq_searches \
             WHERE site = 'demo' AND result_count = 0")
        .await
            > 0
    );
    for fcr in [0, 1] {
        let n = count(
            &pool,
            &format!(
                "SELECT CAST(COUNT(*) AS BIGINT) FROM contact_state WHERE site = 'demo' \
                 AND status = 'resolved' AND resolved_first_contact = {fcr}"
            ),
        )
        .await;
        assert!(n > 0, "resolved_first_contact = {fcr}");
    }
    assert!(
        per(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM contact_requests c WHERE c.site = 'demo' \
             AND NOT EXISTS (SELECT 1 FROM contact_state s WHERE s.contact_id = c.id \
             AND s.status = 'resolved')"
        )
        .await
            > 0,
        "some contacts still open"
    );
    for status in ["pending", "fulfilled", "cancelled"] {
        let n = count(
            &pool,
            &format!(
                "SELECT CAST(COUNT(*) AS BIGINT) FROM point_redemptions WHERE site = 'demo' \
                 AND id LIKE 'demo-seed-%' AND status = '{status}'"
            ),
        )
        .await;
        assert!(n > 0, "a {status} redemption");
    }
    // Spread over the 90 days before now.
    let (oldest, newest): (i64, i64) = sqlx::query_as(
        "SELECT MIN(created_at), MAX(created_at) FROM survey_responses WHERE site = 'demo'",
    )
    .fetch_one(&pool)
    .await
    .expect("range");
    let now = patron_server::storage::now_millis();
    let day = 24 * 3_600_000;
    assert!(
        oldest >= now - 91 * day && oldest < now - 85 * day,
        "{oldest}"
    );
    assert!(newest < now && newest > now - 3 * day, "{newest}");

    // A restart seeds nothing more.
    let second = Application::build(config).await.expect("restarts");
    drop(second);
    assert_eq!(counts(&pool).await, seeded);
    if std::env::var("PATRON_TEST_POSTGRES").is_err() {
        // The whole start, history included, on SQLite.
        assert!(took.as_millis() < 6_000, "started in {took:?}");
    }
    eprintln!("first start with the history: {took:?}; {seeded:?}");
}

#[tokio::test]
async fn outside_demo_mode_nothing_is_generated() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_demo_content(dir.path());
    let app = Application::build(test_config(dir.path()))
        .await
        .expect("starts");
    drop(app);
    let pool = patron_server::storage::connect(&database_url(&dir.path().join("db/patron.db")))
        .await
        .expect("pool");
    for (table, n) in counts(&pool).await {
        assert_eq!(n, 0, "{table}");
    }
}
