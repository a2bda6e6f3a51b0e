//! Surveys aimed and explained (issue 18): audience (tier, member or anonymous, locale, the
//! host's segment), reason chips after a low score counted in reports, the CES kind, and A/B
//! wordings with reports per variant.

use serde_json::{json, Value};

use crate::common::points::{self, token};
use crate::common::surveys::{event, id};
use crate::common::{spawn_with, TestApp};

const SURVEYS: &str = r#"
cooldown_hours: 0
surveys:
  - id: gold-only
    kind: csat
    question: { zh-CN: 金卡服务满意吗?, en: Happy with Gold service? }
    labels: { 1: { zh-CN: 差 }, 2: { zh-CN: 较差 }, 3: { zh-CN: 一般 }, 4: { zh-CN: 好 }, 5: { zh-CN: 很好 } }
    thank_you: { zh-CN: 谢谢! }
    triggers: [{ event: gold_check }]
    audience: { tiers: [gold] }
  - id: members-en-vip
    kind: nps
    question: { zh-CN: 推荐吗?, en: Recommend us? }
    labels: { 0: { zh-CN: 不会 }, 10: { zh-CN: 会 } }
    thank_you: { zh-CN: 谢谢! }
    triggers: [{ event: vip_visit }]
    audience: { signed_in: member, locales: [en], segments: [vip] }
  - id: guests
    kind: nps
    question: { zh-CN: 推荐吗? }
    labels: { 0: { zh-CN: 不会 }, 10: { zh-CN: 会 } }
    thank_you: { zh-CN: 谢谢! }
    triggers: [{ event: guest_visit }]
    audience: { signed_in: anonymous }
  - id: csat-delivery
    kind: csat
    question: { zh-CN: 配送满意吗?, en: Happy with the delivery? }
    labels: { 1: { zh-CN: 差 }, 2: { zh-CN: 较差 }, 3: { zh-CN: 一般 }, 4: { zh-CN: 好 }, 5: { zh-CN: 很好 } }
    follow_up: { detractor: { zh-CN: 哪里不好?, en: What went wrong? } }
    thank_you: { zh-CN: 谢谢! }
    triggers: [{ event: delivered }]
    reasons:
      - { id: slow-delivery, text: { zh-CN: 配送慢, zh-TW: 配送慢, en: Slow delivery } }
      - { id: product-quality, text: { zh-CN: 商品质量, zh-TW: 商品品質, en: Product quality } }
      - { id: service-attitude, text: { zh-CN: 服务态度, zh-TW: 服務態度, en: Service attitude } }
    frequency: recurring
    recontact_days: 0
  - id: ces-returns
    kind: ces
    question: { zh-CN: 退货容易吗?, en: How easy was your return? }
    labels: { 1: { zh-CN: 很难, en: Very hard }, 7: { zh-CN: 很容易, en: Very easy } }
    thank_you: { zh-CN: 谢谢!, en: Thanks! }
    triggers: [{ event: returned }]
    variants:
      - { id: easy, question: { zh-CN: 退货容易吗?, en: How easy was your return? } }
      - { id: effort, question: { zh-CN: 退货费力吗?, en: How much effort did your return take? } }
    frequency: recurring
    recontact_days: 0
"#;

async fn spawn() -> TestApp {
    let mut opts = points::options();
    opts.files
        .push(("content/demo/surveys.yaml".into(), SURVEYS.into()));
    spawn_with(opts).await
}

fn eligibility(device: &str, name: &str, locale: &str, segment: Option<&str>) -> Value {
    let mut body = json!({"device_id": device, "surface": "embed", "locale": locale,
                          "trigger": event(name)});
    if let Some(s) = segment {
        body["segment"] = json!(s);
    }
    body
}

impl TestApp {
    async fn send_json(&self, path: &str, token: Option<&str>, body: &Value) -> reqwest::Response {
        let mut req = self.client.post(self.url(path)).json(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send().await.expect("request")
    }

    /// The survey id offered, if any.
    async fn offered(&self, token: Option<&str>, body: Value) -> Option<String> {
        let resp = self
            .send_json("/v1/sites/demo/surveys/eligibility", token, &body)
            .await;
        assert_eq!(resp.status(), 200, "{body}");
        let v: Value = resp.json().await.expect("json");
        v["survey"]["id"].as_str().map(str::to_owned)
    }

    async fn report(&self) -> Value {
        self.get_json_admin("/v1/admin/sites/demo/reports/surveys")
            .await
    }

    async fn get_json_admin(&self, path: &str) -> Value {
        let resp = self.get_with(path, crate::common::ADMIN_TOKEN).await;
        assert_eq!(resp.status(), 200, "{path}");
        resp.json().await.expect("json")
    }
}

fn rows<'a>(report: &'a Value, survey: &str, dimension: &str) -> Vec<&'a Value> {
    report["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["survey_id"] == survey && r["dimension"] == dimension)
        .collect()
}

#[tokio::test]
async fn surveys_reach_only_their_audience() {
    let app = spawn().await;
    app.buy("gold-1", "order-gold", 6000, 1).await;
    app.buy("silver-1", "order-silver", 1500, 1).await;
    let device = id("device-target");
    let gold = token("gold-1");
    let silver = token("silver-1");

    // Tiers: the Gold member only; a Silver member and an anonymous customer are not asked.
    let ask = |name: &str| eligibility(&device, name, "zh-CN", None);
    assert_eq!(
        app.offered(Some(&gold), ask("gold_check")).await.as_deref(),
        Some("gold-only")
    );
    assert_eq!(app.offered(Some(&silver), ask("gold_check")).await, None);
    assert_eq!(app.offered(None, ask("gold_check")).await, None);

    // Members speaking English in the host's `vip` segment.
    let vip =
        |locale: &str, segment: Option<&str>| eligibility(&device, "vip_visit", locale, segment);
    assert_eq!(
        app.offered(Some(&silver), vip("en", Some("vip")))
            .await
            .as_deref(),
        Some("members-en-vip")
    );
    assert_eq!(
        app.offered(Some(&silver), vip("zh-CN", Some("vip"))).await,
        None
    );
    assert_eq!(
        app.offered(Some(&silver), vip("en", Some("b2b"))).await,
        None
    );
    assert_eq!(app.offered(Some(&silver), vip("en", None)).await, None);
    assert_eq!(app.offered(None, vip("en", Some("vip"))).await, None);

    // Anonymous customers only.
    assert_eq!(
        app.offered(None, ask("guest_visit")).await.as_deref(),
        Some("guests")
    );
    assert_eq!(app.offered(Some(&gold), ask("guest_visit")).await, None);

    // A malformed segment is refused on its field.
    let resp = app
        .send_json(
            "/v1/sites/demo/surveys/eligibility",
            None,
            &vip("en", Some("not a segment")),
        )
        .await;
    assert_eq!(resp.status(), 422);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["error"]["fields"][0]["field"], "segment");
}

/// Answers `survey` with `score` from `device` and returns the idempotency key.
async fn answer(
    app: &TestApp,
    survey: &str,
    kind: &str,
    score: i64,
    device: &str,
    tag: &str,
) -> String {
    let key = id(tag);
    let resp = app
        .send_json(
            "/v1/sites/demo/surveys/responses",
            None,
            &json!({"idempotency_key": key, "survey_id": survey, "kind": kind, "score": score,
                    "device_id": device, "surface": "embed", "locale": "en",
                    "trigger": event("delivered")}),
        )
        .await;
    assert_eq!(resp.status(), 201, "{survey} {score}");
    key
}

async fn follow_up(
    app: &TestApp,
    key: &str,
    device: &str,
    reasons: &[&str],
    comment: &str,
) -> reqwest::Response {
    app.send_json(
        "/v1/sites/demo/surveys/follow-ups",
        None,
        &json!({"idempotency_key": key, "comment": comment, "reasons": reasons,
                "device_id": device, "surface": "embed"}),
    )
    .await
}

#[tokio::test]
async fn reason_chips_follow_a_low_score_and_are_counted_in_reports() {
    let app = spawn().await;
    let device = id("device-reasons");
    // The chips come with the survey, translated.
    let body = eligibility(&device, "delivered", "zh-TW", None);
    let resp = app
        .send_json("/v1/sites/demo/surveys/eligibility", None, &body)
        .await;
    let survey: Value = resp.json().await.expect("json");
    assert_eq!(survey["survey"]["reasons"][1]["text"], "商品品質");
    assert_eq!(survey["survey"]["reasons"][0]["id"], "slow-delivery");

    let k1 = answer(&app, "csat-delivery", "csat", 1, &device, "reason-answer-1").await;
    let k2 = answer(&app, "csat-delivery", "csat", 2, &device, "reason-answer-2").await;
    let k3 = answer(&app, "csat-delivery", "csat", 5, &device, "reason-answer-3").await;
    // Chips alone are a follow-up; chips with a comment too. A replay is the same.
    assert_eq!(
        follow_up(&app, &k1, &device, &["slow-delivery"], "")
            .await
            .status(),
        200
    );
    assert_eq!(
        follow_up(&app, &k1, &device, &["slow-delivery"], "")
            .await
            .status(),
        200
    );
    let both = follow_up(
        &app,
        &k2,
        &device,
        &["slow-delivery", "service-attitude"],
        "late",
    )
    .await;
    assert_eq!(both.status(), 200);
    // Other chips for an answer that has its follow-up: 409.
    let other = follow_up(&app, &k1, &device, &["product-quality"], "").await;
    assert_eq!(other.status(), 409);
    // A chip the survey does not have, or chips after a good score: 422.
    let unknown = follow_up(&app, &k3, &device, &["rude-parrot"], "").await;
    assert_eq!(unknown.status(), 422);
    let unknown: Value = unknown.json().await.expect("json");
    let fields: Vec<&str> = unknown["error"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert_eq!(fields, ["reasons[0]", "reasons"]);
    // Another device cannot attach chips to this answer.
    let stranger = follow_up(&app, &k2, &id("device-stranger"), &["slow-delivery"], "").await;
    assert_eq!(stranger.status(), 404);

    let report = app.report().await;
    let reasons = rows(&report, "csat-delivery", "reason");
    let count = |r: &str| {
        reasons
            .iter()
            .find(|row| row["value"] == r)
            .map(|row| row["responses"].as_i64().expect("n"))
    };
    assert_eq!(count("slow-delivery"), Some(2));
    assert_eq!(count("service-attitude"), Some(1));
    assert_eq!(count("product-quality"), None);

    // The CSV carries the same rows.
    let csv = app
        .get_with(
            "/v1/admin/sites/demo/reports/surveys?format=csv",
            crate::common::ADMIN_TOKEN,
        )
        .await
        .text()
        .await
        .expect("csv");
    assert!(
        csv.lines()
            .any(|l| l.starts_with("csat-delivery,csat,reason,slow-delivery,0,2,")),
        "{csv}"
    );
    assert!(csv
        .lines()
        .next()
        .expect("header")
        .ends_with("ces_mean,ces_easy_share"));
}

#[tokio::test]
async fn ces_and_its_wordings_are_reported_per_variant() {
    let app = spawn().await;
    let mut seen = std::collections::BTreeMap::new();
    for n in 0..12 {
        let device = id(&format!("device-ces-{n}"));
        let ask = eligibility(&device, "returned", "en", None);
        let first: Value = app
            .send_json("/v1/sites/demo/surveys/eligibility", None, &ask)
            .await
            .json()
            .await
            .expect("json");
        let survey = &first["survey"];
        assert_eq!(survey["kind"], "ces");
        let variant = survey["variant"].as_str().expect("variant").to_owned();
        // The same respondent always gets the same wording.
        let again: Value = app
            .send_json("/v1/sites/demo/surveys/eligibility", None, &ask)
            .await
            .json()
            .await
            .expect("json");
        assert_eq!(again["survey"]["variant"], variant.as_str());
        let question = survey["question"].as_str().expect("question");
        assert_eq!(question.contains("effort"), variant == "effort");
        // Shown, then answered: 7 (easy) for one wording, 2 (hard) for the other.
        let shown = app
            .send_json(
                "/v1/sites/demo/surveys/displays",
                None,
                &json!({"display_id": id(&format!("display-ces-{n}")), "survey_id": "ces-returns",
                        "event": "shown", "device_id": device, "surface": "embed",
                        "locale": "en", "trigger": event("returned"), "variant": variant}),
            )
            .await;
        assert_eq!(shown.status(), 204);
        let score = if variant == "easy" { 7 } else { 2 };
        let resp = app
            .send_json(
                "/v1/sites/demo/surveys/responses",
                None,
                &json!({"idempotency_key": id(&format!("answer-ces-{n}")),
                        "survey_id": "ces-returns", "kind": "ces", "score": score,
                        "device_id": device, "surface": "embed", "locale": "en",
                        "trigger": event("returned"), "variant": variant}),
            )
            .await;
        assert_eq!(resp.status(), 201);
        *seen.entry(variant).or_insert(0i64) += 1;
    }
    assert_eq!(seen.len(), 2, "both wordings are used: {seen:?}");

    // A score outside 1-7 and a variant the survey does not have are refused.
    let device = id("device-ces-bad");
    for (score, variant, field) in [(8, "easy", "score"), (3, "nope", "variant")] {
        let resp = app
            .send_json(
                "/v1/sites/demo/surveys/responses",
                None,
                &json!({"idempotency_key": id(&format!("bad-ces-{field}")),
                        "survey_id": "ces-returns", "kind": "ces", "score": score,
                        "device_id": device, "surface": "embed", "locale": "en",
                        "trigger": event("returned"), "variant": variant}),
            )
            .await;
        assert_eq!(resp.status(), 422, "{field}");
        let body: Value = resp.json().await.expect("json");
        assert_eq!(body["error"]["fields"][0]["field"], field);
    }

    let report = app.report().await;
    let all = rows(&report, "ces-returns", "all");
    let easy_n = seen["easy"];
    let n = easy_n + seen["effort"];
    assert_eq!(all[0]["responses"], n);
    let mean = (easy_n * 7 + (n - easy_n) * 2) as f64 / n as f64;
    assert_eq!(all[0]["ces_mean"], (mean * 100.0).round() / 100.0);
    let variants = rows(&report, "ces-returns", "variant");
    let by = |v: &str| {
        *variants
            .iter()
            .find(|r| r["value"] == v)
            .unwrap_or_else(|| panic!("no row for {v}"))
    };
    assert_eq!(by("easy")["responses"], seen["easy"]);
    assert_eq!(by("easy")["displays"], seen["easy"]);
    assert_eq!(by("easy")["ces_mean"], 7.0);
    assert_eq!(by("easy")["ces_easy_share"], 1.0);
    assert_eq!(by("effort")["ces_mean"], 2.0);
    assert_eq!(by("effort")["ces_easy_share"], 0.0);
}

#[tokio::test]
async fn a_bad_audience_or_variant_list_is_refused_with_its_field() {
    let app = spawn().await;
    let resp = app
        .client
        .put(app.url("/v1/admin/sites/demo/surveys"))
        .bearer_auth(crate::common::ADMIN_TOKEN)
        .json(&json!({"surveys": [{
            "id": "x", "kind": "ces", "question": {"zh-CN": "?"},
            "labels": {"1": {"zh-CN": "难"}, "7": {"zh-CN": "易"}},
            "thank_you": {"zh-CN": "谢谢"},
            "audience": {"signed_in": "anonymous", "tiers": ["gold"]},
            "variants": [{"id": "only", "question": {"zh-CN": "?"}}],
        }]}))
        .send()
        .await
        .expect("put");
    assert_eq!(resp.status(), 422);
    let body: Value = resp.json().await.expect("json");
    let fields: Vec<&str> = body["error"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert_eq!(fields, ["surveys[0].audience.tiers", "surveys[0].variants"]);
}
