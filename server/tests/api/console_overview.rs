//! The console's period reports: the overview's NPS, CSAT, first-contact resolution,
//! self-service and volumes against hand-computed fixtures (answers, contacts and searches
//! made over the public API, then dated in the site's zone, Europe/Berlin, across the
//! 2026-03-29 change to summer time), the previous period, the weeks, the breakdowns (tier
//! recorded at answer time), the guides funnel, the library gaps, roles and bad periods.

use patron_api::console::Role;
use serde_json::{json, Value};

use crate::common::faq::article;
use crate::common::onboarding::{self, device};
use crate::common::points::{self, token, DAY_MS};
use crate::common::surveys::{answer, id, SURVEYS_YAML};
use crate::common::{assert_envelope, spawn_with, Options, TestApp, ADMIN_TOKEN};

const OVERVIEW: &str = "/v1/console/sites/demo/overview";
/// Monday 16 to Sunday 29 March 2026: fourteen days, the last one 23 hours long in Berlin.
const PERIOD: &str = "period=custom&from=2026-03-16&to=2026-03-29";

/// Unix ms of a wall-clock time in Berlin, `2026-03-16T00:30`.
fn berlin(local: &str) -> i64 {
    format!("{local}[Europe/Berlin]")
        .parse::<jiff::Zoned>()
        .expect("time")
        .timestamp()
        .as_millisecond()
}

fn options() -> Options {
    let mut opts = points::options();
    opts.faq = true;
    opts.demo_yaml_extra
        .push_str("time_zone: Europe/Berlin\ntargets: { nps: 10, csat: 4, fcr: 0.9 }\n");
    opts.files
        .push(("content/demo/surveys.yaml".into(), SURVEYS_YAML.into()));
    opts
}

async fn exec(app: &TestApp, sql: &str, at: i64, key: &str) {
    let db = app.db().await;
    let done = sqlx::query(sql)
        .bind(at)
        .bind(key)
        .execute(&db)
        .await
        .expect("update");
    assert!(done.rows_affected() >= 1, "{sql} {key}");
    db.close().await;
}

/// Answers `survey` with `score` (as `member` when given, on `surface`) and dates it `at`.
async fn answer_at(
    app: &TestApp,
    key: &str,
    survey: &str,
    score: i64,
    member: Option<&str>,
    surface: &str,
    at: i64,
) {
    let key = id(key);
    let mut body = answer(&key, survey, score, &id("overview-device"));
    body["surface"] = json!(surface);
    let mut req = app
        .client
        .post(app.url("/v1/sites/demo/surveys/responses"))
        .json(&body);
    if let Some(m) = member {
        req = req.bearer_auth(token(m));
    }
    let resp = req.send().await.expect("request");
    let status = resp.status();
    assert_eq!(
        status,
        201,
        "answer {key}: {}",
        resp.text().await.unwrap_or_default()
    );
    exec(
        app,
        "UPDATE survey_responses SET created_at = $1 WHERE idempotency_key = $2",
        at,
        &key,
    )
    .await;
}

/// A help session's search (of nothing findable), dated `at`.
async fn search_at(app: &TestApp, session: &str, q: &str, at: i64) {
    let resp = app
        .get(&format!(
            "/v1/sites/demo/faq/search?q={q}&locale=en&session={session}"
        ))
        .await;
    assert_eq!(resp.status(), 200);
    // The search just made is the only one of the session dated after yesterday.
    let db = app.db().await;
    sqlx::query("UPDATE faq_searches SET created_at = $1 WHERE session = $2 AND created_at > $3")
        .bind(at)
        .bind(session)
        .bind(points::now_ms() - DAY_MS)
        .execute(&db)
        .await
        .expect("date the search");
    // And the session by its first search.
    sqlx::query(
        "UPDATE faq_help_sessions SET first_at = (SELECT MIN(s.created_at) FROM faq_searches s \
         WHERE s.site = faq_help_sessions.site AND s.session = faq_help_sessions.session) \
         WHERE session = $1",
    )
    .bind(session)
    .execute(&db)
    .await
    .expect("date the session");
    db.close().await;
}

/// A contact request of `session`, made `at`; returns its reference.
async fn contact_at(app: &TestApp, session: &str, at: i64) -> String {
    let body = json!({"session": session, "locale": "en", "name": "Ann Lee",
                      "email": "ann@example.com", "message": "Where is my sofa?"});
    let resp = app.post_json("/v1/sites/demo/contact", &body).await;
    assert_eq!(resp.status(), 201);
    let receipt: Value = resp.json().await.expect("json");
    let reference = receipt["reference"].as_str().expect("reference").to_owned();
    exec(
        app,
        "UPDATE contact_requests SET created_at = $1 WHERE reference = $2",
        at,
        &reference,
    )
    .await;
    reference
}

/// Resolves a contact request through the console and dates the resolution `at`.
async fn resolve_at(
    agent: &crate::common::console::Console<'_>,
    app: &TestApp,
    reference: &str,
    first_contact: bool,
    at: i64,
) {
    let resp = agent
        .put(
            &format!("/v1/console/sites/demo/contacts/{reference}"),
            &json!({"status": "resolved", "resolved_first_contact": first_contact}),
        )
        .await;
    assert_eq!(resp.status(), 200);
    exec(
        app,
        "UPDATE contact_state SET resolved_at = $1 WHERE contact_id = \
         (SELECT id FROM contact_requests WHERE reference = $2)",
        at,
        reference,
    )
    .await;
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("a number, not {v}"))
}

fn close(v: &Value, expected: f64) {
    assert!((f(v) - expected).abs() < 1e-9, "{v} is not {expected}");
}

fn row<'a>(rows: &'a Value, key: &str) -> &'a Value {
    rows.as_array()
        .expect("rows")
        .iter()
        .find(|r| r["key"] == key)
        .unwrap_or_else(|| panic!("no {key:?} in {rows}"))
}

#[tokio::test]
async fn the_overview_counts_by_hand_in_the_site_zone() {
    let app = spawn_with(options()).await;
    // m-gold spent ¥6,000 (Gold); m-new nothing (Member); m-old answered before tiers were
    // recorded.
    app.buy("m-gold", "SO-GOLD-1", 6000, 1).await;

    // The period, 16–29 March (Berlin).
    // NPS: 10 9 9 8 3 0 → 3 promoters, 1 passive, 2 detractors of 6: 50 % − 33.3 % = 16.7.
    answer_at(
        &app,
        "n1",
        "nps-faq",
        10,
        Some("m-gold"),
        "embed",
        berlin("2026-03-16T00:30"),
    )
    .await;
    answer_at(
        &app,
        "n2",
        "nps-faq",
        9,
        Some("m-new"),
        "embed",
        berlin("2026-03-20T12:00"),
    )
    .await;
    answer_at(
        &app,
        "n3",
        "nps-faq",
        0,
        None,
        "embed",
        berlin("2026-03-17T09:00"),
    )
    .await;
    answer_at(
        &app,
        "n4",
        "nps-faq",
        8,
        None,
        "page",
        berlin("2026-03-25T10:00"),
    )
    .await;
    answer_at(
        &app,
        "n5",
        "nps-faq",
        3,
        None,
        "embed",
        berlin("2026-03-26T10:00"),
    )
    .await;
    // 23:30 on the last day, in summer time: 21:30 UTC.
    answer_at(
        &app,
        "n6",
        "nps-faq",
        9,
        None,
        "embed",
        berlin("2026-03-29T23:30"),
    )
    .await;
    // CSAT: 5 4 2 → mean 11 / 3 = 3.67, satisfied 2 of 3.
    answer_at(
        &app,
        "c1",
        "csat-order",
        5,
        Some("m-old"),
        "embed",
        berlin("2026-03-18T10:00"),
    )
    .await;
    answer_at(
        &app,
        "c2",
        "csat-order",
        4,
        None,
        "embed",
        berlin("2026-03-24T10:00"),
    )
    .await;
    answer_at(
        &app,
        "c3",
        "csat-order",
        2,
        None,
        "embed",
        berlin("2026-03-27T10:00"),
    )
    .await;
    exec(
        &app,
        "UPDATE survey_responses SET member_tier = NULL WHERE idempotency_key = $2 \
         AND created_at = $1",
        berlin("2026-03-18T10:00"),
        &id("c1"),
    )
    .await;
    // The previous period, 2–15 March: NPS 10 and 6 → 0.0; CSAT 3 → 3.00.
    answer_at(
        &app,
        "p1",
        "nps-faq",
        10,
        None,
        "embed",
        berlin("2026-03-03T10:00"),
    )
    .await;
    // 23:59 on the 15th in Berlin; the 15th in UTC too.
    answer_at(
        &app,
        "p2",
        "nps-faq",
        6,
        None,
        "embed",
        berlin("2026-03-15T23:59"),
    )
    .await;
    answer_at(
        &app,
        "p3",
        "csat-order",
        3,
        None,
        "embed",
        berlin("2026-03-10T10:00"),
    )
    .await;
    // Outside both: the 30th in Berlin (still the 29th in UTC), and February (in the trend).
    answer_at(
        &app,
        "o1",
        "nps-faq",
        0,
        None,
        "embed",
        berlin("2026-03-30T00:30"),
    )
    .await;
    answer_at(
        &app,
        "o2",
        "nps-faq",
        10,
        None,
        "embed",
        berlin("2026-02-20T10:00"),
    )
    .await;

    // Contacts: three in the period, one before. Resolutions: in the period first contact,
    // not, first contact (2 of 3); before, first contact (1 of 1).
    let agent = app
        .console_as("demo", "agent@example.com", Role::Agent)
        .await;
    let a = contact_at(&app, "session-a-0123456789", berlin("2026-03-17T10:05")).await;
    let b = contact_at(&app, "session-b-0123456789", berlin("2026-03-18T10:05")).await;
    let c = contact_at(&app, "session-c-0123456789", berlin("2026-03-25T10:05")).await;
    let p = contact_at(&app, "session-p-0123456789", berlin("2026-03-05T10:05")).await;
    resolve_at(&agent, &app, &a, true, berlin("2026-03-18T09:00")).await;
    resolve_at(&agent, &app, &b, false, berlin("2026-03-19T09:00")).await;
    resolve_at(&agent, &app, &c, true, berlin("2026-03-26T09:00")).await;
    resolve_at(&agent, &app, &p, true, berlin("2026-03-10T09:00")).await;
    // Help sessions in the period: a, b, c (contacted), d, e (twice), f → 3 of 6 self-served;
    // before: p (contacted), q → 1 of 2.
    for (session, at) in [
        ("session-a-0123456789", "2026-03-17T10:00"),
        ("session-b-0123456789", "2026-03-18T10:00"),
        ("session-c-0123456789", "2026-03-25T10:00"),
        ("session-d-0123456789", "2026-03-20T10:00"),
        ("session-e-0123456789", "2026-03-21T10:00"),
        ("session-e-0123456789", "2026-03-24T10:00"),
        ("session-f-0123456789", "2026-03-26T10:00"),
        ("session-p-0123456789", "2026-03-05T10:00"),
        ("session-q-0123456789", "2026-03-06T10:00"),
    ] {
        search_at(&app, session, "xyzzy", berlin(at)).await;
    }

    let viewer = app
        .console_as("demo", "viewer@example.com", Role::Viewer)
        .await;
    let o = viewer.get_json(&format!("{OVERVIEW}?{PERIOD}")).await;
    assert_eq!(o["period"], "custom");
    assert_eq!(o["time_zone"], "Europe/Berlin");
    assert_eq!(o["window"]["from"], berlin("2026-03-16T00:00"));
    assert_eq!(o["window"]["to"], berlin("2026-03-30T00:00"));
    assert_eq!(o["window"]["to_date"], "2026-03-29");
    assert_eq!(o["previous"]["from_date"], "2026-03-02");
    assert_eq!(o["previous"]["to"], o["window"]["from"]);
    assert_eq!(o["targets"], json!({"nps": 10.0, "csat": 4.0, "fcr": 0.9}));

    let nps = &o["nps"];
    close(&nps["score"]["value"], 16.7);
    close(&nps["score"]["previous"], 0.0);
    close(&nps["score"]["change"], 16.7);
    close(&nps["score"]["target"], 10.0);
    assert_eq!(
        (
            &nps["responses"],
            &nps["promoters"],
            &nps["passives"],
            &nps["detractors"]
        ),
        (&json!(6), &json!(3), &json!(1), &json!(2))
    );
    close(&nps["promoter_share"], 0.5);
    close(&nps["detractor_share"], 0.3333);

    let csat = &o["csat"];
    close(&csat["mean"]["value"], 3.67);
    close(&csat["mean"]["previous"], 3.0);
    close(&csat["mean"]["change"], 3.67 - 3.0);
    close(&csat["mean"]["target"], 4.0);
    close(&csat["satisfied_share"]["value"], 0.6667);
    close(&csat["satisfied_share"]["previous"], 0.0);
    assert_eq!(
        (&csat["responses"], &csat["satisfied"]),
        (&json!(3), &json!(2))
    );

    let fcr = &o["fcr"];
    close(&fcr["rate"]["value"], 0.6667);
    close(&fcr["rate"]["previous"], 1.0);
    close(&fcr["rate"]["change"], 0.6667 - 1.0);
    assert_eq!(
        (&fcr["resolved"], &fcr["resolved_first_contact"]),
        (&json!(3), &json!(2))
    );

    let ss = &o["self_service"];
    close(&ss["rate"]["value"], 0.5);
    close(&ss["rate"]["previous"], 0.5);
    assert_eq!(
        (&ss["sessions"], &ss["self_served"]),
        (&json!(6), &json!(3))
    );

    assert_eq!(
        o["volumes"],
        json!({"answers": {"value": 9, "previous": 3, "change": 6},
               "contacts": {"value": 3, "previous": 1, "change": 2}})
    );

    // Twelve weeks, Monday to Monday in Berlin; the last one is the week of the 23rd, 167
    // hours long (the clocks went forward on Sunday the 29th).
    let trend = o["trend"].as_array().expect("trend");
    assert_eq!(trend.len(), 12);
    assert_eq!(trend[0]["week"], "2026-01-05");
    let week = |monday: &str| {
        trend
            .iter()
            .find(|w| w["week"] == monday)
            .unwrap_or_else(|| panic!("no week {monday}"))
    };
    let last = week("2026-03-23");
    assert_eq!(last["from"], berlin("2026-03-23T00:00"));
    assert_eq!(last["to"], berlin("2026-03-30T00:00"));
    assert_eq!(f(&last["to"]) - f(&last["from"]), 167.0 * 3_600_000.0);
    // Week of the 16th: NPS 10 9 0 → 33.3; CSAT 5; contacts a, b; resolutions a (first), b
    // (not) → 0.5; sessions a, b (contacted), d, e → 0.5.
    let w16 = week("2026-03-16");
    close(&w16["nps"], 33.3);
    assert_eq!(w16["nps_responses"], 3);
    close(&w16["csat_mean"], 5.0);
    assert_eq!(w16["answers"], 4);
    assert_eq!(w16["contacts"], 2);
    close(&w16["fcr"], 0.5);
    close(&w16["self_service"], 0.5);
    // Week of the 23rd: NPS 8 3 9 → 0.0; CSAT 4 2 → 3.0; c resolved first → 1.0; sessions c
    // (contacted), f → 0.5.
    close(&last["nps"], 0.0);
    close(&last["csat_mean"], 3.0);
    assert_eq!(last["answers"], 5);
    close(&last["fcr"], 1.0);
    close(&last["self_service"], 0.5);
    // The previous period's weeks, and February's answer.
    assert_eq!(week("2026-03-09")["answers"], 2);
    assert_eq!(week("2026-03-02")["answers"], 1);
    assert_eq!(week("2026-02-16")["answers"], 1);
    assert_eq!(week("2026-02-16")["nps"], 100.0);
    let empty = week("2026-01-05");
    assert_eq!(
        empty["nps"],
        Value::Null,
        "nothing to count is absent, not 0"
    );
    assert_eq!(empty["answers"], 0);

    // Breakdowns of the period.
    let b = &o["breakdowns"];
    assert_eq!(row(&b["surface"], "embed")["answers"], 8);
    assert_eq!(row(&b["surface"], "page")["answers"], 1);
    assert_eq!(b["surface"][0]["key"], "embed", "most answers first");
    assert_eq!(row(&b["locale"], "en")["answers"], 9);
    let survey = row(&b["survey"], "nps-faq");
    assert_eq!(survey["answers"], 6);
    close(&survey["nps"], 16.7);
    close(&row(&b["survey"], "csat-order")["csat_mean"], 3.67);
    // Tiers: recorded when they answered; "" is not signed in; "unknown" was not recorded.
    assert_eq!(row(&b["tier"], "gold")["answers"], 1);
    close(&row(&b["tier"], "gold")["nps"], 100.0);
    assert_eq!(row(&b["tier"], "member")["answers"], 1);
    assert_eq!(row(&b["tier"], "unknown")["answers"], 1);
    close(&row(&b["tier"], "unknown")["csat_mean"], 5.0);
    let anonymous = row(&b["tier"], "");
    assert_eq!(anonymous["answers"], 6);
    // NPS 0 8 3 9: 1 promoter, 2 detractors of 4 → −25.0; detractors: NPS 0 and 3, CSAT 2.
    close(&anonymous["nps"], -25.0);
    assert_eq!(anonymous["detractors"], 3);

    // The feedback inbox shows the tier recorded too.
    let inbox = viewer
        .get_json("/v1/console/sites/demo/feedback?survey=nps-faq")
        .await;
    let gold = inbox["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["member_id"] == "m-gold")
        .expect("m-gold's answer");
    assert_eq!(gold["tier"], "gold");
}

/// A customer-effort survey, beside the fixture's four.
const CES_SURVEY: &str = "  - id: ces-returns
    kind: ces
    question: { zh-CN: 退货方便吗?, en: How easy was your return? }
    labels: { 1: { zh-CN: 很难, en: Very hard }, 7: { zh-CN: 很容易, en: Very easy } }
    thank_you: { zh-CN: 谢谢!, en: Thanks! }
    triggers: [{ event: return_done }]
    recontact_days: 1
    frequency: recurring
";

#[tokio::test]
async fn customer_effort_has_its_mean_and_easy_share_beside_the_other_figures() {
    let mut opts = options();
    opts.files
        .retain(|(path, _)| !path.ends_with("surveys.yaml"));
    opts.files.push((
        "content/demo/surveys.yaml".into(),
        format!("{SURVEYS_YAML}{CES_SURVEY}"),
    ));
    let app = spawn_with(opts).await;
    // In the period: 7, 6, 2 -> mean 5.00, easy (5 to 7) 2 of 3. Before: 4 -> 4.00, none easy.
    for (key, score, at) in [
        ("e1", 7, "2026-03-17T10:00"),
        ("e2", 6, "2026-03-20T10:00"),
        ("e3", 2, "2026-03-28T10:00"),
        ("e0", 4, "2026-03-05T10:00"),
    ] {
        answer_at(&app, key, "ces-returns", score, None, "page", berlin(at)).await;
    }
    let viewer = app
        .console_as("demo", "viewer@example.com", Role::Viewer)
        .await;
    let o = viewer.get_json(&format!("{OVERVIEW}?{PERIOD}")).await;
    let ces = &o["ces"];
    close(&ces["mean"]["value"], 5.0);
    close(&ces["mean"]["previous"], 4.0);
    close(&ces["mean"]["change"], 1.0);
    assert!(
        ces["mean"].get("target").is_none_or(Value::is_null),
        "{ces}"
    );
    close(&ces["easy_share"]["value"], 0.6667);
    close(&ces["easy_share"]["previous"], 0.0);
    assert_eq!((&ces["responses"], &ces["easy"]), (&json!(3), &json!(2)));
    // By week: 7 and 6 in the week of the 16th, 2 in the week of the 23rd, 4 in the 2nd's;
    // none in the week of the 9th (absent, not 0).
    let week = |monday: &str| {
        o["trend"]
            .as_array()
            .expect("trend")
            .iter()
            .find(|w| w["week"] == monday)
            .unwrap_or_else(|| panic!("no week {monday}"))
            .clone()
    };
    close(&week("2026-03-16")["ces_mean"], 6.5);
    assert_eq!(week("2026-03-16")["ces_responses"], 2);
    close(&week("2026-03-23")["ces_mean"], 2.0);
    close(&week("2026-03-02")["ces_mean"], 4.0);
    assert_eq!(week("2026-03-09")["ces_mean"], Value::Null);
    assert_eq!(week("2026-03-09")["ces_responses"], 0);
    // Not NPS or CSAT answers; still answers, and the 2 a detractor in the breakdowns.
    assert_eq!(o["nps"]["responses"], 0);
    assert_eq!(o["csat"]["responses"], 0);
    assert_eq!(o["volumes"]["answers"]["value"], 3);
    let returns = row(&o["breakdowns"]["survey"], "ces-returns");
    assert_eq!(returns["detractors"], 1);
    close(&returns["ces_mean"], 5.0);
    assert_eq!(returns["ces_responses"], 3);
    close(&row(&o["breakdowns"]["surface"], "page")["ces_mean"], 5.0);
    // A survey row carries the survey's question, as the site defines it now; the other
    // dimensions (not tiers) are named by their keys.
    assert_eq!(
        row(&o["breakdowns"]["survey"], "ces-returns")["label"],
        json!({"zh-CN": "退货方便吗?", "en": "How easy was your return?"})
    );
    assert!(o["breakdowns"]["locale"][0].get("label").is_none());

    // The retailer rewords the question, then drops the survey: the next overview names it by
    // the new words, then by its id (no label).
    let url = app.url("/v1/admin/sites/demo/surveys");
    let (app, url) = (&app, &url);
    let get_config = || async move {
        app.client
            .get(url)
            .bearer_auth(ADMIN_TOKEN)
            .send()
            .await
            .expect("get")
            .json::<Value>()
            .await
            .expect("json")
    };
    let put_config = |config: Value| async move {
        let resp = app
            .client
            .put(url)
            .bearer_auth(ADMIN_TOKEN)
            .json(&config)
            .send()
            .await
            .expect("put");
        assert_eq!(
            resp.status(),
            200,
            "{}",
            resp.text().await.unwrap_or_default()
        );
    };
    let mut config = get_config().await;
    let surveys = config["surveys"].as_array_mut().expect("surveys");
    let ces = surveys
        .iter_mut()
        .find(|s| s["id"] == "ces-returns")
        .expect("ces-returns defined");
    ces["question"] = json!({"zh-CN": "退货容易吗?", "en": "Was your return easy?"});
    put_config(config.clone()).await;
    let o = viewer.get_json(&format!("{OVERVIEW}?{PERIOD}")).await;
    assert_eq!(
        row(&o["breakdowns"]["survey"], "ces-returns")["label"]["en"],
        "Was your return easy?"
    );
    config["surveys"]
        .as_array_mut()
        .expect("surveys")
        .retain(|s| s["id"] != "ces-returns");
    put_config(config).await;
    let o = viewer.get_json(&format!("{OVERVIEW}?{PERIOD}")).await;
    let gone = row(&o["breakdowns"]["survey"], "ces-returns");
    assert_eq!(gone["answers"], 3, "its answers still count");
    assert!(gone.get("label").is_none(), "{gone}");
}

#[tokio::test]
async fn tier_rows_carry_the_names_the_programme_gives_them_now() {
    let app = spawn_with(options()).await;
    // m-gold spent ¥6,000 (Gold, from ¥5,000); m-new nothing (Member); one not signed in.
    app.buy("m-gold", "SO-GOLD-1", 6000, 1).await;
    let now = points::now_ms();
    answer_at(&app, "t1", "nps-faq", 10, Some("m-gold"), "embed", now).await;
    answer_at(&app, "t2", "nps-faq", 9, Some("m-new"), "embed", now).await;
    answer_at(&app, "t3", "nps-faq", 3, None, "embed", now).await;
    let viewer = app
        .console_as("demo", "viewer@example.com", Role::Viewer)
        .await;
    let tiers = |o: &Value| o["breakdowns"]["tier"].clone();

    // The names of tests/common/points.rs's loyalty.yaml, in every locale of the site.
    let o = viewer.get_json(&format!("{OVERVIEW}?period=7d")).await;
    let rows = tiers(&o);
    assert_eq!(
        row(&rows, "gold")["label"],
        json!({"zh-CN": "金卡", "zh-TW": "金卡", "en": "Gold"})
    );
    assert_eq!(
        row(&rows, "member")["label"],
        json!({"zh-CN": "会员", "zh-TW": "會員", "en": "Member"})
    );
    assert_eq!(row(&rows, "member")["answers"], 1);
    // Not signed in: no tier, no name.
    assert!(row(&rows, "").get("label").is_none(), "{rows}");
    // The other dimensions are named by their keys.
    assert!(o["breakdowns"]["surface"][0].get("label").is_none());

    // The retailer renames Member and replaces Gold by Platinum: the answers keep the tier
    // recorded, which the programme no longer has (the console shows its id).
    let url = app.url("/v1/admin/sites/demo/points/rules");
    let mut rules: Value = app
        .client
        .get(&url)
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    rules["tiers"][0]["name"] = json!({"zh-CN": "普通会员", "zh-TW": "普通會員", "en": "Classic"});
    rules["tiers"][2]["id"] = json!("platinum");
    rules["tiers"][2]["name"] = json!({"zh-CN": "白金卡", "zh-TW": "白金卡", "en": "Platinum"});
    let resp = app
        .client
        .put(&url)
        .bearer_auth(ADMIN_TOKEN)
        .json(&rules)
        .send()
        .await
        .expect("request");
    assert_eq!(resp.status(), 200);
    let rows = tiers(&viewer.get_json(&format!("{OVERVIEW}?period=7d")).await);
    assert_eq!(row(&rows, "member")["label"]["en"], "Classic");
    assert_eq!(row(&rows, "member")["label"]["zh-TW"], "普通會員");
    let gold = row(&rows, "gold");
    assert_eq!(gold["answers"], 1);
    assert!(gold.get("label").is_none(), "{gold}");
    assert_eq!(rows.as_array().expect("rows").len(), 3, "{rows}");
}

#[tokio::test]
async fn periods_are_read_in_the_site_zone_and_bad_ones_are_refused() {
    let app = spawn_with(options()).await;
    let viewer = app
        .console_as("demo", "viewer@example.com", Role::Viewer)
        .await;
    for (period, days) in [("7d", 7), ("30d", 30), ("90d", 90)] {
        let o = viewer
            .get_json(&format!("{OVERVIEW}?period={period}"))
            .await;
        assert_eq!(o["period"], period);
        let (from, to) = (f(&o["window"]["from"]), f(&o["window"]["to"]));
        // Whole days in Berlin; an hour more or less across a clock change.
        let hours = (to - from) / 3_600_000.0;
        assert!(
            (hours - 24.0 * days as f64).abs() <= 1.0,
            "{period}: {hours} h"
        );
        assert_eq!(o["previous"]["to"], o["window"]["from"]);
        let start = jiff::Timestamp::from_millisecond(from as i64)
            .expect("ms")
            .to_zoned(jiff::tz::TimeZone::get("Europe/Berlin").expect("zone"));
        assert_eq!((start.hour(), start.minute()), (0, 0), "midnight in Berlin");
        assert!(o["trend"].as_array().expect("trend").len() >= 12);
        assert_eq!(o["nps"]["score"]["value"], Value::Null);
        assert_eq!(o["volumes"]["answers"]["value"], 0);
    }
    // No period: the last 30 days.
    assert_eq!(viewer.get_json(OVERVIEW).await["period"], "30d");

    for (query, fields) in [
        ("period=14d", vec!["period"]),
        ("period=custom", vec!["from", "to"]),
        ("period=custom&from=2026-03-01&to=2026-02-01", vec!["from"]),
        ("period=custom&from=2026-03-01&to=2026-3-31", vec!["to"]),
        ("period=custom&from=2024-01-01&to=2026-01-01", vec!["to"]),
    ] {
        for path in [
            OVERVIEW,
            "/v1/console/sites/demo/guides/funnel",
            "/v1/console/sites/demo/library/gaps",
        ] {
            let env = assert_envelope(
                viewer.get(&format!("{path}?{query}")).await,
                422,
                "validation_failed",
            )
            .await;
            let got: Vec<&str> = env["error"]["fields"]
                .as_array()
                .expect("fields")
                .iter()
                .map(|f| f["field"].as_str().expect("field"))
                .collect();
            assert_eq!(got, fields, "{path}?{query}");
        }
    }
}

#[tokio::test]
async fn every_role_reads_the_reports_of_its_own_site_only() {
    let app = spawn_with(options()).await;
    for path in [
        OVERVIEW,
        "/v1/console/sites/demo/guides/funnel",
        "/v1/console/sites/demo/library/gaps",
    ] {
        assert_envelope(app.get(path).await, 401, "unauthorized").await;
    }
    for (email, role) in [
        ("viewer@example.com", Role::Viewer),
        ("agent@example.com", Role::Agent),
        ("owner@example.com", Role::Owner),
    ] {
        let user = app.console_as("demo", email, role).await;
        for report in ["overview", "guides/funnel", "library/gaps"] {
            let own = user
                .get(&format!("/v1/console/sites/demo/{report}?period=7d"))
                .await;
            assert_eq!(own.status(), 200, "{email} {report}");
            assert_envelope(
                user.get(&format!("/v1/console/sites/acme/{report}?period=7d"))
                    .await,
                404,
                "not_found",
            )
            .await;
        }
    }
}

#[tokio::test]
async fn the_guides_funnel_counts_the_runs_started_in_the_period() {
    let app = spawn_with(onboarding::options()).await;
    let (d1, d2, old) = (device("g1"), device("g2"), device("gold"));
    for step in ["track", "price", "cart"] {
        app.complete("welcome", step, Some(&d1), None).await;
    }
    app.complete("welcome", "price", Some(&d2), None).await;
    app.complete("welcome", "track", Some(&old), None).await;
    // Started ten days ago: outside the last 7 days, inside the last 30.
    let db = app.db().await;
    for sql in [
        "UPDATE onboarding_runs SET started_at = started_at - $1 WHERE subject = $2",
        "UPDATE onboarding_steps_done SET completed_at = completed_at - $1 WHERE subject = $2",
    ] {
        sqlx::query(sql)
            .bind(10 * DAY_MS)
            .bind(format!("d:{old}"))
            .execute(&db)
            .await
            .expect("age");
    }
    db.close().await;

    let viewer = app
        .console_as("demo", "viewer@example.com", Role::Viewer)
        .await;
    let funnel = |report: &Value| -> (i64, Vec<i64>, i64) {
        let welcome = report["packs"]
            .as_array()
            .expect("packs")
            .iter()
            .find(|p| p["pack"] == "welcome")
            .expect("welcome")
            .clone();
        (
            welcome["started"].as_i64().expect("started"),
            welcome["steps"]
                .as_array()
                .expect("steps")
                .iter()
                .map(|s| s["completed"].as_i64().expect("n"))
                .collect(),
            welcome["finished"].as_i64().expect("finished"),
        )
    };
    let week = viewer
        .get_json("/v1/console/sites/demo/guides/funnel?period=7d")
        .await;
    assert_eq!(funnel(&week), (2, vec![1, 2, 1], 1));
    let month = viewer
        .get_json("/v1/console/sites/demo/guides/funnel?period=30d")
        .await;
    assert_eq!(funnel(&month), (3, vec![2, 2, 1], 1));
    assert_eq!(
        month["packs"][0]["title"], "新手指南",
        "in the default locale"
    );
    let before = viewer
        .get_json(
            "/v1/console/sites/demo/guides/funnel?period=custom&from=2026-01-01&to=2026-01-31",
        )
        .await;
    assert_eq!(funnel(&before), (0, vec![0, 0, 0], 0));
}

#[tokio::test]
async fn the_library_gaps_group_empty_searches_and_list_low_rated_articles() {
    let mut opts = options();
    opts.files.push((
        "content/demo/faq/sofa-care.en.md".into(),
        article(
            "sofa-care",
            "en",
            "care",
            "Caring for your sofa",
            "Vacuum weekly.",
        ),
    ));
    let app = spawn_with(opts).await;
    // Each from a session of its own (a session's repeated search is logged once).
    let mut session = 0;
    for (q, times) in [("xyzzy", 3), ("Plugh", 1), ("%20%20plugh%20", 1)] {
        for _ in 0..times {
            session += 1;
            let resp = app
                .get(&format!(
                    "/v1/sites/demo/faq/search?q={q}&locale=en&session=gaps-session-{session:010}"
                ))
                .await;
            assert_eq!(resp.status(), 200);
        }
    }
    // returns-policy: 1 of 4 helpful (0.25) → low; sofa-care: 2 of 3 (0.67) → not.
    let votes = "/v1/sites/demo/faq/articles/returns-policy/votes";
    for (i, vote) in [
        json!({"helpful": true}),
        json!({"helpful": false, "reason": "outdated", "comment": "The 30 days are 14 now"}),
        json!({"helpful": false, "reason": "outdated"}),
        json!({"helpful": false, "reason": "hard_to_follow", "comment": "<b>Which</b> form?"}),
    ]
    .into_iter()
    .enumerate()
    {
        let mut body = vote;
        body["session"] = json!(format!("vote-session-{i:010}"));
        body["locale"] = json!("en");
        assert_eq!(app.post_json(votes, &body).await.status(), 204);
    }
    for (i, helpful) in [true, true, false].into_iter().enumerate() {
        let body = json!({"session": format!("sofa-session-{i:010}"), "locale": "en",
                          "helpful": helpful});
        let resp = app
            .post_json("/v1/sites/demo/faq/articles/sofa-care/votes", &body)
            .await;
        assert_eq!(resp.status(), 204);
    }

    let viewer = app
        .console_as("demo", "viewer@example.com", Role::Viewer)
        .await;
    let gaps = viewer
        .get_json("/v1/console/sites/demo/library/gaps?period=7d")
        .await;
    let zero: Vec<(String, i64)> = gaps["zero_results"]
        .as_array()
        .expect("zero results")
        .iter()
        .map(|z| {
            (
                z["query"].as_str().expect("q").to_owned(),
                z["count"].as_i64().expect("n"),
            )
        })
        .collect();
    assert_eq!(zero, [("xyzzy".to_owned(), 3), ("plugh".to_owned(), 2)]);
    let low = gaps["low_rated"].as_array().expect("low rated");
    assert_eq!(low.len(), 1, "{low:?}");
    assert_eq!(low[0]["id"], "returns-policy");
    assert_eq!(
        (&low[0]["helpful"], &low[0]["not_helpful"]),
        (&json!(1), &json!(3))
    );
    close(&low[0]["ratio"], 0.25);
    assert_eq!(
        low[0]["reasons"],
        json!({"outdated": 2, "hard_to_follow": 1})
    );
    let mut comments: Vec<&str> = low[0]["comments"]
        .as_array()
        .expect("comments")
        .iter()
        .map(|c| c.as_str().expect("text"))
        .collect();
    comments.sort_unstable();
    assert_eq!(
        comments,
        ["<b>Which</b> form?", "The 30 days are 14 now"],
        "as text"
    );
    assert!(low[0]["title"].is_string());
    // A period before any of it.
    let before = viewer
        .get_json("/v1/console/sites/demo/library/gaps?period=custom&from=2026-01-01&to=2026-01-31")
        .await;
    assert_eq!(before["zero_results"], json!([]));
    assert_eq!(before["low_rated"], json!([]));
}
