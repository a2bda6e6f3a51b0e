//! Privacy: an export returns what is held about a member and a device, an erasure removes or
//! anonymises it (checked in the tables) and leaves other customers alone, the command-line
//! twin does the same, retention prunes what is older than each site's periods, and the
//! retention job runs on one of two instances sharing a database.

use serde_json::{json, Value};
use sqlx::AnyPool;

use crate::common::onboarding::{self, device};
use crate::common::points::{self, token};
use crate::common::surveys::{answer, eventually, with_webhook, Receiver, SURVEYS_YAML};
use crate::common::{spawn_tuned, start, test_config, Options, TestApp, ADMIN_TOKEN};

const MEMBER: &str = "m-erase-me";
const OTHER: &str = "m-keep-me";
const MEMBER_SESSION: &str = "s_member_session_0001";
const DEVICE_SESSION: &str = "s_device_session_0001";
const OTHER_SESSION: &str = "s_other_session_00001";

/// The points programme, member tokens, guides, help articles and surveys with a webhook.
fn options(receiver: &Receiver, extra_yaml: &str) -> Options {
    let mut opts = onboarding::options();
    opts.faq = true;
    opts.demo_yaml_extra.push_str(extra_yaml);
    opts.files.push((
        "content/demo/surveys.yaml".into(),
        with_webhook(SURVEYS_YAML, &receiver.url),
    ));
    opts.files
        .push(("content/demo/webhook-secret".into(), "secret\n".into()));
    opts
}

impl TestApp {
    async fn post_as(&self, path: &str, body: &Value, token: Option<&str>) -> reqwest::Response {
        let mut req = self.client.post(self.url(path)).json(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send().await.expect("request")
    }

    async fn pool(&self) -> AnyPool {
        self.db().await
    }

    async fn erase(&self, body: &Value) -> reqwest::Response {
        self.client
            .post(self.url("/v1/admin/sites/demo/privacy/erasures"))
            .bearer_auth(ADMIN_TOKEN)
            .json(body)
            .send()
            .await
            .expect("request")
    }

    async fn export(&self, query: &str) -> Value {
        let resp = self
            .admin_get(&format!("/v1/admin/sites/demo/privacy/exports?{query}"))
            .await;
        assert_eq!(resp.status(), 200, "export {query}");
        resp.json().await.expect("json")
    }

    /// What a customer leaves behind: a detractor answer with a comment and context, a
    /// contact request, searches and an article read in its session, a guide step. `token`
    /// for a member, else the `device` alone.
    async fn leave_traces(&self, tag: &str, token: Option<&str>, device: &str, session: &str) {
        // Random in the widget; here hex of the tag, so it does not spell the member id.
        let key = onboarding::device(&format!("{tag}-answer"));
        let resp = self
            .post_as(
                "/v1/sites/demo/surveys/responses",
                &answer(&key, "csat-order", 1, device),
                token,
            )
            .await;
        assert_eq!(resp.status(), 201, "{tag} answer");
        let follow = json!({"idempotency_key": key, "comment": format!("{tag} 包裹破损"),
                            "device_id": device, "surface": "embed"});
        let resp = self
            .post_as("/v1/sites/demo/surveys/follow-ups", &follow, token)
            .await;
        assert_eq!(resp.status(), 200, "{tag} follow-up");
        let search = format!("/v1/sites/demo/faq/search?q=退货&locale=zh-CN&session={session}");
        assert_eq!(self.get(&search).await.status(), 200);
        let read =
            format!("/v1/sites/demo/faq/articles/returns-policy?locale=zh-CN&session={session}");
        assert_eq!(self.get(&read).await.status(), 200);
        let contact = json!({
            "session": session, "locale": "zh-CN", "name": format!("{tag} 王"),
            "email": format!("{tag}@example.com"), "message": "我要退货",
            "order_number": "SO-20250301-0001",
            "context": {"queries": ["退货"], "articles_read": ["returns-policy"]},
            "device": if token.is_some() { None } else { Some(device) },
        });
        let resp = self
            .post_as("/v1/sites/demo/contact", &contact, token)
            .await;
        assert_eq!(resp.status(), 201, "{tag} contact");
        let step = json!({"device": device, "surface": "embed", "via": "done"});
        let resp = self.complete_with("help", "search", &step, token).await;
        assert_eq!(resp.status(), 200, "{tag} guide");
    }
}

async fn count(pool: &AnyPool, sql: &str, binds: &[&str]) -> i64 {
    let mut q = sqlx::query_as::<_, (i64,)>(sql);
    for b in binds {
        q = q.bind(*b);
    }
    q.fetch_one(pool).await.expect(sql).0
}

/// Rows of `table` whose text columns mention `needle` anywhere.
async fn mentions(pool: &AnyPool, table: &str, columns: &[&str], needle: &str) -> i64 {
    let like: Vec<String> = columns
        .iter()
        .map(|c| format!("COALESCE({c}, '') LIKE $1"))
        .collect();
    let sql = format!("SELECT COUNT(*) FROM {table} WHERE {}", like.join(" OR "));
    count(pool, &sql, &[&format!("%{needle}%")]).await
}

/// Every place the fixtures can leave a member id or a device id.
const TEXT_COLUMNS: &[(&str, &[&str])] = &[
    (
        "survey_responses",
        &["subject", "member_id", "context", "comment", "receipt"],
    ),
    ("survey_displays", &["subject"]),
    (
        "contact_requests",
        &["member_id", "device_id", "session", "name", "email"],
    ),
    ("faq_searches", &["session"]),
    ("faq_views", &["session"]),
    ("faq_help_sessions", &["session"]),
    ("onboarding_runs", &["subject", "member_id"]),
    ("onboarding_steps_done", &["subject"]),
    ("onboarding_members", &["member_id"]),
    ("member_balances", &["member"]),
    ("point_entries", &["member", "note"]),
    ("point_lots", &["member"]),
    ("point_orders", &["member", "receipt", "reverse_receipt"]),
    ("point_requests", &["member", "receipt"]),
    ("webhook_deliveries", &["subject", "payload"]),
    ("privacy_erasures", &["id", "site", "via"]),
];

async fn traces_of(pool: &AnyPool, needle: &str) -> Vec<(&'static str, i64)> {
    let mut found = Vec::new();
    for (table, columns) in TEXT_COLUMNS {
        let n = mentions(pool, table, columns, needle).await;
        if n > 0 {
            found.push((*table, n));
        }
    }
    found
}

#[tokio::test]
async fn an_export_returns_what_an_erasure_then_removes_and_others_keep_theirs() {
    let receiver = Receiver::start(0).await;
    let app = spawn_tuned(options(&receiver, ""), |_| {}).await;
    let (member_token, other_token) = (token(MEMBER), token(OTHER));
    let dev = device("erase-device");
    app.leave_traces(
        MEMBER,
        Some(&member_token),
        &device("member-phone"),
        MEMBER_SESSION,
    )
    .await;
    app.leave_traces("anon", None, &dev, DEVICE_SESSION).await;
    app.leave_traces(
        OTHER,
        Some(&other_token),
        &device("other-phone"),
        OTHER_SESSION,
    )
    .await;
    app.buy(MEMBER, "order-erase-1", 300, 2).await;
    app.buy(OTHER, "order-keep-1", 200, 2).await;
    eventually("the alerts queued", || async {
        app.count("SELECT COUNT(*) FROM webhook_deliveries").await == 6
    })
    .await;
    let pool = app.pool().await;
    assert!(!traces_of(&pool, MEMBER).await.is_empty());
    let points_before = count(
        &pool,
        "SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) FROM point_entries",
        &[],
    )
    .await;

    // The export: everything about the member and the device, nothing about the other.
    let export = app.export(&format!("member={MEMBER}&device={dev}")).await;
    assert_eq!(export["member"], MEMBER);
    let answers = export["survey_answers"].as_array().expect("answers");
    assert_eq!(answers.len(), 2, "{export}");
    assert!(answers.iter().all(|a| a["comment"]
        .as_str()
        .is_some_and(|c| c.contains("包裹破损"))));
    assert!(answers[0]["context"]
        .as_str()
        .expect("context")
        .contains("SO-20250301-0001"));
    let contacts = export["contact_requests"].as_array().expect("contacts");
    let names: Vec<&str> = contacts
        .iter()
        .map(|c| c["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, [format!("{MEMBER} 王"), "anon 王".to_owned()]);
    assert_eq!(contacts[0]["context"]["queries"], json!(["退货"]));
    let kinds: Vec<&str> = export["faq_events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["kind"].as_str().expect("kind"))
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "search").count(),
        2,
        "{kinds:?}"
    );
    assert_eq!(
        kinds.iter().filter(|k| **k == "view").count(),
        2,
        "{kinds:?}"
    );
    // The two visits as the first-contact figures count them: each ended in its request.
    let visits = export["help_sessions"].as_array().expect("help sessions");
    assert_eq!(visits.len(), 2, "{visits:?}");
    assert!(visits
        .iter()
        .all(|v| v["contacted_at"].as_i64() >= v["first_at"].as_i64()
            && v["first_at"].as_i64() > Some(0)));
    assert_eq!(export["guides"].as_array().expect("guides").len(), 2);
    assert_eq!(export["points"]["orders"][0]["order_ref"], "order-erase-1");
    assert!(export["points"]["balance"].as_i64() > Some(0));
    let copies = export["webhook_deliveries"].as_array().expect("copies");
    assert_eq!(
        copies.len(),
        4,
        "two alerts each: the answer and its comment"
    );
    assert!(copies.iter().all(
        |c| c["payload"].as_str().expect("payload").contains("包裹破损")
            || c["event"] == "survey.detractor"
    ));
    assert!(
        !export.to_string().contains(OTHER),
        "another member's data leaked"
    );

    // The erasure.
    let resp = app.erase(&json!({"member": MEMBER, "device": dev})).await;
    assert_eq!(resp.status(), 201);
    let receipt: Value = resp.json().await.expect("json");
    let erased = &receipt["erased"];
    assert_eq!(erased["survey_answers"], 2);
    assert_eq!(erased["contact_requests"], 2);
    assert_eq!(erased["faq_events"], 4);
    // The two sessions' records (each began with its search).
    assert_eq!(erased["help_sessions"], 2);
    assert_eq!(erased["guide_runs"], 2);
    // The purchase and the guide's reward.
    assert_eq!(erased["ledger_entries"], 2);
    assert_eq!(erased["webhook_deliveries"], 4);

    // Nothing in any table names the member or the device any more, nor their sessions.
    for needle in [MEMBER, dev.as_str(), MEMBER_SESSION, DEVICE_SESSION] {
        assert_eq!(
            traces_of(&pool, needle).await,
            [],
            "{needle} is still stored"
        );
    }
    // What stays is anonymous: the scores for the reports, the amounts for the accounts.
    let kept = count(
        &pool,
        "SELECT COUNT(*) FROM survey_responses WHERE subject LIKE 'erased-%' \
         AND member_id IS NULL AND comment IS NULL AND context = '{}' AND score = 1",
        &[],
    )
    .await;
    assert_eq!(kept, 2);
    let points_after = count(
        &pool,
        "SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) FROM point_entries",
        &[],
    )
    .await;
    assert_eq!(points_after, points_before);
    assert_eq!(
        count(
            &pool,
            "SELECT COUNT(*) FROM member_balances WHERE member LIKE 'erased-%'",
            &[]
        )
        .await,
        1
    );
    // The record says that an erasure happened, and nothing of whom.
    let (via,): (String,) = sqlx::query_as("SELECT via FROM privacy_erasures WHERE id = $1")
        .bind(receipt["erasure_id"].as_str().expect("id"))
        .fetch_one(&pool)
        .await
        .expect("record");
    assert_eq!(via, "api");
    // The other member keeps everything.
    assert!(
        traces_of(&pool, OTHER).await.len() >= 6,
        "{:?}",
        traces_of(&pool, OTHER).await
    );
    let other = app.export(&format!("member={OTHER}")).await;
    assert_eq!(
        other["survey_answers"].as_array().expect("answers").len(),
        1
    );
    assert_eq!(
        other["contact_requests"]
            .as_array()
            .expect("contacts")
            .len(),
        1
    );
    // And an export now finds nothing.
    let after = app.export(&format!("member={MEMBER}&device={dev}")).await;
    for list in [
        "survey_answers",
        "survey_displays",
        "contact_requests",
        "faq_events",
        "help_sessions",
        "guides",
        "webhook_deliveries",
    ] {
        assert_eq!(after[list], json!([]), "{list}");
    }
    assert!(after.get("points").is_none());
    pool.close().await;
}

#[tokio::test]
async fn erasure_and_export_refuse_bad_requests() {
    let receiver = Receiver::start(0).await;
    let app = spawn_tuned(options(&receiver, ""), |_| {}).await;
    assert_eq!(app.erase(&json!({})).await.status(), 422);
    assert_eq!(
        app.erase(&json!({"member": "no spaces"})).await.status(),
        422
    );
    // Unknown keys are refused (an e-mail address is not a way to name someone here).
    assert_eq!(app.erase(&json!({"email": "a@b.c"})).await.status(), 400);
    let anonymous = app
        .client
        .post(app.url("/v1/admin/sites/demo/privacy/erasures"))
        .json(&json!({"member": MEMBER}))
        .send()
        .await
        .expect("request");
    assert_eq!(anonymous.status(), 401);
    let nowhere = app
        .client
        .post(app.url("/v1/admin/sites/nowhere/privacy/erasures"))
        .bearer_auth(ADMIN_TOKEN)
        .json(&json!({"member": MEMBER}))
        .send()
        .await
        .expect("request");
    assert_eq!(nowhere.status(), 404);
    let resp = app.admin_get("/v1/admin/sites/demo/privacy/exports").await;
    assert_eq!(resp.status(), 422);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM privacy_erasures").await,
        0,
        "a refused request records nothing"
    );
}

#[tokio::test]
async fn the_command_line_twin_erases_too() {
    let receiver = Receiver::start(0).await;
    let app = spawn_tuned(options(&receiver, ""), |_| {}).await;
    app.leave_traces(
        MEMBER,
        Some(&token(MEMBER)),
        &device("cli-phone"),
        MEMBER_SESSION,
    )
    .await;
    app.buy(MEMBER, "order-cli-1", 100, 1).await;
    let pool = app.pool().await;
    assert!(!traces_of(&pool, MEMBER).await.is_empty());
    let args = patron_server::PrivacyArgs {
        site: "demo".into(),
        member: Some(MEMBER.into()),
        device: None,
        database_url: crate::common::database_url(&app.dir.path().join("db/patron.db")),
    };
    let code = patron_server::tools::privacy::run(patron_server::PrivacyCommand::Erase(args))
        .await
        .expect("erase");
    assert_eq!(code, std::process::ExitCode::SUCCESS);
    assert_eq!(traces_of(&pool, MEMBER).await, []);
    assert_eq!(
        count(
            &pool,
            "SELECT COUNT(*) FROM privacy_erasures WHERE via = 'cli'",
            &[]
        )
        .await,
        1
    );
    pool.close().await;
}

const DAY_MS: i64 = points::DAY_MS;

async fn age(pool: &AnyPool, sql: &str, days: i64, key: &str) {
    sqlx::query(sql)
        .bind(days * DAY_MS)
        .bind(key)
        .execute(pool)
        .await
        .expect(sql);
}

#[tokio::test]
async fn retention_prunes_what_is_older_than_the_sites_periods() {
    let receiver = Receiver::start(0).await;
    // Searches for 30 days instead of 90; the rest at the defaults (365, 365, 30).
    let opts = options(&receiver, "retention: { searches_days: 30 }\n");
    let app = spawn_tuned(opts, |c| {
        c.retention.retention_interval_secs = 1;
        c.retention.job_lease_secs = 3;
    })
    .await;
    let (old, new) = ("old", "new");
    app.leave_traces(old, None, &device("old-device"), "s_old_session_000001")
        .await;
    app.leave_traces(new, None, &device("new-device"), "s_new_session_000001")
        .await;
    eventually("the alerts delivered", || async {
        app.count("SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'delivered'")
            .await
            == 4
    })
    .await;
    let pool = app.pool().await;
    let (old_dev, new_dev) = (device("old-device"), device("new-device"));
    for (key, searches, contacts, answers, deliveries) in [
        ("s_old_session_000001", 40, 400, 400, 31),
        ("s_new_session_000001", 20, 200, 200, 20),
    ] {
        for table in ["faq_searches", "faq_views"] {
            age(
                &pool,
                &format!("UPDATE {table} SET created_at = created_at - $1 WHERE session = $2"),
                searches,
                key,
            )
            .await;
        }
        age(
            &pool,
            "UPDATE contact_requests SET created_at = created_at - $1 WHERE session = $2",
            contacts,
            key,
        )
        .await;
        let dev = if key.contains("old") {
            &old_dev
        } else {
            &new_dev
        };
        let subject = format!("d:{dev}");
        age(
            &pool,
            "UPDATE survey_responses SET created_at = created_at - $1 WHERE subject = $2",
            answers,
            &subject,
        )
        .await;
        age(
            &pool,
            "UPDATE webhook_deliveries SET created_at = created_at - $1 WHERE subject = $2",
            deliveries,
            &subject,
        )
        .await;
    }

    let old_left = || async {
        count(
            &pool,
            "SELECT COUNT(*) FROM faq_searches WHERE session = 's_old_session_000001'",
            &[],
        )
        .await
            + count(
                &pool,
                "SELECT COUNT(*) FROM faq_views WHERE session = 's_old_session_000001'",
                &[],
            )
            .await
            + count(
                &pool,
                "SELECT COUNT(*) FROM contact_requests WHERE session = 's_old_session_000001'",
                &[],
            )
            .await
            + count(
                &pool,
                "SELECT COUNT(*) FROM survey_responses WHERE comment IS NOT NULL AND subject = $1",
                &[format!("d:{old_dev}").as_str()],
            )
            .await
            + count(
                &pool,
                "SELECT COUNT(*) FROM webhook_deliveries WHERE subject = $1",
                &[format!("d:{old_dev}").as_str()],
            )
            .await
    };
    eventually("the next run to prune", || async { old_left().await == 0 }).await;

    // What is younger than its period stays, whole.
    for (table, session) in [
        ("faq_searches", 1),
        ("faq_views", 1),
        ("contact_requests", 1),
    ] {
        let sql = format!("SELECT COUNT(*) FROM {table} WHERE session = 's_new_session_000001'");
        assert_eq!(count(&pool, &sql, &[]).await, session, "{table}");
    }
    let new_subject = format!("d:{new_dev}");
    assert_eq!(
        count(&pool, "SELECT COUNT(*) FROM survey_responses WHERE subject = $1 AND comment IS NOT NULL AND context <> '{}'", &[new_subject.as_str()]).await,
        1
    );
    assert_eq!(
        count(
            &pool,
            "SELECT COUNT(*) FROM webhook_deliveries WHERE subject = $1",
            &[new_subject.as_str()]
        )
        .await,
        2
    );
    // The old answer keeps its score for the reports, without comment or context.
    let old_subject = format!("d:{old_dev}");
    assert_eq!(
        count(&pool, "SELECT COUNT(*) FROM survey_responses WHERE subject = $1 AND context = '{}' AND score = 1", &[old_subject.as_str()]).await,
        1
    );
    // The run is recorded after its deletions commit, so it may be a moment behind them.
    eventually("the run that pruned to be recorded", || async {
        count(
            &pool,
            "SELECT COUNT(*) FROM job_runs WHERE removed > 0",
            &[],
        )
        .await
            >= 1
    })
    .await;
    pool.close().await;
}

#[tokio::test]
async fn the_retention_runs_count_the_help_sessions_they_delete() {
    let receiver = Receiver::start(0).await;
    let opts = options(&receiver, "retention: { searches_days: 30 }\n");
    let app = spawn_tuned(opts, |c| {
        c.retention.retention_interval_secs = 1;
        c.retention.job_lease_secs = 3;
    })
    .await;
    // Two visits, each a search and an article read: one record per session in
    // faq_help_sessions, dated by its search.
    for session in ["s_old_visit_00000001", "s_new_visit_00000001"] {
        let search = format!("/v1/sites/demo/faq/search?q=退货&locale=zh-CN&session={session}");
        assert_eq!(app.get(&search).await.status(), 200);
        let read =
            format!("/v1/sites/demo/faq/articles/returns-policy?locale=zh-CN&session={session}");
        assert_eq!(app.get(&read).await.status(), 200);
    }
    let pool = app.pool().await;
    let sessions = "SELECT COUNT(*) FROM faq_help_sessions WHERE session = $1";
    assert_eq!(count(&pool, sessions, &["s_old_visit_00000001"]).await, 1);
    // The old visit 40 days back, past the 30 days: its search, its read and its record.
    for sql in [
        "UPDATE faq_searches SET created_at = created_at - $1 WHERE session = $2",
        "UPDATE faq_views SET created_at = created_at - $1 WHERE session = $2",
        "UPDATE faq_help_sessions SET first_at = first_at - $1 WHERE session = $2",
    ] {
        age(&pool, sql, 40, "s_old_visit_00000001").await;
    }
    eventually("the old visit pruned", || async {
        count(&pool, sessions, &["s_old_visit_00000001"]).await == 0
    })
    .await;
    // Every run's count adds up to the three rows (nothing else is old enough to go);
    // a run is recorded just after its deletions commit.
    let removed = "SELECT CAST(COALESCE(SUM(removed), 0) AS BIGINT) FROM job_runs \
                   WHERE job = 'retention'";
    eventually("the run that pruned recorded", || async {
        count(&pool, removed, &[]).await >= 3
    })
    .await;
    assert_eq!(count(&pool, removed, &[]).await, 3);
    // The new visit is whole.
    assert_eq!(count(&pool, sessions, &["s_new_visit_00000001"]).await, 1);
    pool.close().await;
}

#[tokio::test]
async fn two_instances_on_one_database_run_the_retention_job_on_one_at_a_time() {
    let receiver = Receiver::start(0).await;
    let tune = |c: &mut patron_server::Config| {
        c.retention.retention_interval_secs = 1;
        c.retention.job_lease_secs = 3;
    };
    let one = spawn_tuned(options(&receiver, ""), tune).await;
    let mut config = test_config(one.dir.path());
    tune(&mut config);
    let _two = start(config, tempfile::tempdir().expect("tempdir")).await;
    eventually("three runs", || async {
        one.count("SELECT COUNT(*) FROM job_runs WHERE job = 'retention'")
            .await
            >= 3
    })
    .await;
    let pool = one.pool().await;
    let runs: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT holder, started_at, finished_at FROM job_runs WHERE job = 'retention' \
             ORDER BY started_at",
    )
    .fetch_all(&pool)
    .await
    .expect("runs");
    let holders: std::collections::BTreeSet<&str> = runs.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(holders.len(), 1, "both instances ran the job: {runs:?}");
    assert!(
        runs.windows(2).all(|w| w[0].2 <= w[1].1),
        "runs overlapped: {runs:?}"
    );
    // Spaced by the interval, whichever instance asks.
    assert!(runs.windows(2).all(|w| w[1].1 - w[0].1 >= 900), "{runs:?}");
    // The lease is held: another holder is refused until it expires.
    let now = points::now_ms();
    let (held, _) = patron_server::privacy::storage::hold_lease(
        &pool,
        "retention",
        "intruder",
        now,
        now + 3000,
    )
    .await
    .expect("lease");
    assert!(!held);
    // Seen from a minute later, the lease (renewed for 3 s at most) has expired and is taken
    // over. (Not by expiring it in the table: a running instance could renew it first.)
    let later = now + 60_000;
    let (held, _) = patron_server::privacy::storage::hold_lease(
        &pool,
        "retention",
        "intruder",
        later,
        later + 3000,
    )
    .await
    .expect("lease");
    assert!(held, "an expired lease is taken over");
    pool.close().await;
}
