//! Survey fixtures: a surveys.yaml, a server started with it, and helpers that speak the
//! survey API. Time passes by moving stored timestamps back (`age`), since pacing windows are
//! days long.

use std::sync::{Arc, Mutex};

use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use patron_server::Config;
use serde_json::{json, Value};
use sqlx::AnyPool;

use super::{start, test_config, write_file, write_site, TestApp, ADMIN_TOKEN, DEMO_YAML};

pub const SECRET: &str = "test-webhook-secret";
pub const DAY_MS: i64 = 86_400_000;

/// Four surveys without cooldown; zh-CN is the default locale, zh-TW is left out on purpose.
pub const SURVEYS_YAML: &str = r#"
cooldown_hours: 0
surveys:
  - id: csat-order
    kind: csat
    question: { zh-CN: 您对这次购物满意吗?, en: How satisfied are you with your order? }
    labels:
      1: { zh-CN: 非常不满意, en: Very dissatisfied }
      2: { zh-CN: 不满意, en: Dissatisfied }
      3: { zh-CN: 一般, en: Neutral }
      4: { zh-CN: 满意, en: Satisfied }
      5: { zh-CN: 非常满意, en: Very satisfied }
    follow_up:
      detractor: { zh-CN: 哪里让您不满意?, en: What went wrong? }
      promoter: { zh-CN: 您最喜欢什么?, en: What did you like? }
    thank_you: { zh-CN: 谢谢!, en: Thank you! }
    triggers: [{ event: order_completed }]
    recontact_days: 30
    frequency: until_answered
  - id: nps-faq
    kind: nps
    question: { zh-CN: 您有多大可能推荐我们?, en: How likely are you to recommend us? }
    labels:
      0: { zh-CN: 完全不可能, en: Not at all likely }
      10: { zh-CN: 极有可能, en: Extremely likely }
    follow_up:
      detractor: { zh-CN: 我们哪里做得不好?, en: What should we improve? }
    thank_you: { zh-CN: 谢谢!, en: Thanks! }
    triggers: [{ faq_article_read: "*" }]
    recontact_days: 10
    frequency: { max_times: 2 }
    surfaces: [embed, page]
  - id: csat-signup
    kind: csat
    question: { zh-CN: 注册顺利吗? }
    labels: { 1: { zh-CN: 很差 }, 2: { zh-CN: 差 }, 3: { zh-CN: 一般 }, 4: { zh-CN: 好 }, 5: { zh-CN: 很好 } }
    thank_you: { zh-CN: 谢谢! }
    triggers: [{ event: signup }]
    recontact_days: 1
    frequency: once
  - id: nps-direct
    kind: nps
    question: { zh-CN: 推荐吗? }
    labels: { 0: { zh-CN: 不会 }, 10: { zh-CN: 一定会 } }
    thank_you: { zh-CN: 谢谢! }
    sample_rate: 0.0
    recontact_days: 30
    frequency: recurring
"#;

/// `SURVEYS_YAML` with a webhook to `url`, signed with `SECRET` from a file.
pub fn with_webhook(yaml: &str, url: &str) -> String {
    yaml.replacen(
        "cooldown_hours: 0\n",
        &format!("cooldown_hours: 0\nwebhook: {{ url: \"{url}\", secret_file: webhook-secret }}\n"),
        1,
    )
}

pub async fn spawn_surveys(yaml: &str) -> TestApp {
    spawn_surveys_with(yaml, |_| {}).await
}

/// A server whose demo site has `yaml` as its surveys.yaml; `tune` adjusts the config.
pub async fn spawn_surveys_with(yaml: &str, tune: impl FnOnce(&mut Config)) -> TestApp {
    let dir = tempfile::tempdir().expect("tempdir");
    write_site(dir.path(), "demo", DEMO_YAML);
    write_file(
        &dir.path().join("content/demo/surveys.yaml"),
        yaml.as_bytes(),
    );
    write_file(
        &dir.path().join("content/demo/webhook-secret"),
        format!("{SECRET}\n").as_bytes(),
    );
    let mut config = test_config(dir.path());
    tune(&mut config);
    start(config, dir).await
}

/// Like `spawn_surveys`, with member tokens enabled for the demo site (signed with
/// `points::SECRET`), so members are paced by member id.
pub async fn spawn_surveys_for_members(yaml: &str) -> TestApp {
    let dir = tempfile::tempdir().expect("tempdir");
    write_site(
        dir.path(),
        "demo",
        &format!("{DEMO_YAML}member_token_secret_file: member.key\n"),
    );
    write_file(
        &dir.path().join("content/demo/member.key"),
        super::points::SECRET.as_bytes(),
    );
    write_file(
        &dir.path().join("content/demo/surveys.yaml"),
        yaml.as_bytes(),
    );
    start(test_config(dir.path()), dir).await
}

/// A 16-64 character id unique to `tag`.
pub fn id(tag: &str) -> String {
    format!("{tag:_<16}")
}

pub fn event(name: &str) -> Value {
    json!({"kind": "event", "name": name})
}

pub fn faq_read() -> Value {
    json!({"kind": "faq_article_read", "name": "returns-policy"})
}

impl TestApp {
    pub async fn db(&self) -> AnyPool {
        sqlx::any::install_default_drivers();
        let url = super::database_url(&self.dir.path().join("db/patron.db"));
        AnyPool::connect(&url).await.expect("test db")
    }

    /// Moves every stored survey timestamp `ms` into the past, as if that much time passed.
    pub async fn age(&self, ms: i64) {
        let db = self.db().await;
        for sql in [
            "UPDATE survey_displays SET shown_at = shown_at - $1, \
             dismissed_at = dismissed_at - $1",
            "UPDATE survey_responses SET created_at = created_at - $1",
        ] {
            sqlx::query(sql).bind(ms).execute(&db).await.expect("age");
        }
        db.close().await;
    }

    pub async fn count(&self, sql: &str) -> i64 {
        let db = self.db().await;
        let (n,): (i64,) = sqlx::query_as(sql).fetch_one(&db).await.expect("count");
        db.close().await;
        n
    }

    /// The eligibility answer for `body` (asserting 200).
    pub async fn eligible(&self, body: Value) -> Value {
        let resp = self
            .post_json("/v1/sites/demo/surveys/eligibility", &body)
            .await;
        assert_eq!(resp.status(), 200, "eligibility {body}");
        let v: Value = resp.json().await.expect("json");
        v["survey"].clone()
    }

    /// The id of the survey a device would be asked after `trigger`, on the embed surface.
    pub async fn ask(&self, device: &str, trigger: Value) -> Option<String> {
        let s = self
            .eligible(
                json!({"device_id": device, "surface": "embed", "locale": "en",
                             "trigger": trigger}),
            )
            .await;
        s["id"].as_str().map(str::to_owned)
    }

    pub async fn display(&self, body: Value) -> reqwest::Response {
        self.post_json("/v1/sites/demo/surveys/displays", &body)
            .await
    }

    /// Records that `survey` was shown to `device` on the embed surface.
    pub async fn show(&self, survey: &str, device: &str, display: &str) {
        let resp = self
            .display(
                json!({"display_id": id(display), "survey_id": survey, "event": "shown",
                            "device_id": device, "surface": "embed", "locale": "en",
                            "trigger": event("order_completed")}),
            )
            .await;
        assert_eq!(resp.status(), 204);
    }

    pub async fn respond(&self, body: &Value) -> reqwest::Response {
        self.post_json("/v1/sites/demo/surveys/responses", body)
            .await
    }

    /// The follow-up to the answer `key`, from the (embed) device that gave it.
    pub async fn follow_up(&self, key: &str, device: &str, comment: &str) -> reqwest::Response {
        self.post_json(
            "/v1/sites/demo/surveys/follow-ups",
            &json!({"idempotency_key": key, "comment": comment, "device_id": device,
                    "surface": "embed"}),
        )
        .await
    }

    pub async fn admin_get(&self, path: &str) -> reqwest::Response {
        self.get_with(path, ADMIN_TOKEN).await
    }
}

/// A response body for `survey` (kind from its id's prefix).
pub fn answer(key: &str, survey: &str, score: i64, device: &str) -> Value {
    let kind = if survey.starts_with("nps") {
        "nps"
    } else if survey.starts_with("ces") {
        "ces"
    } else {
        "csat"
    };
    json!({
        "idempotency_key": key,
        "survey_id": survey,
        "kind": kind,
        "score": score,
        "device_id": device,
        "surface": "embed",
        "locale": "en",
        "trigger": event("order_completed"),
        "context": {"order": "SO-20250301-0001"},
    })
}

/// One request as the test receiver saw it.
#[derive(Debug, Clone)]
pub struct Received {
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    pub answered: u16,
}

/// A webhook receiver on 127.0.0.1 that fails the first `failures` requests with 500.
pub struct Receiver {
    pub url: String,
    pub seen: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    pub async fn start(failures: usize) -> Self {
        let seen: Arc<Mutex<Vec<Received>>> = Arc::default();
        let log = seen.clone();
        let app = axum::Router::new().route(
            "/hook",
            post(move |headers: HeaderMap, body: axum::body::Bytes| {
                let log = log.clone();
                async move {
                    let mut log = log.lock().expect("lock");
                    let status = if log.len() < failures {
                        StatusCode::INTERNAL_SERVER_ERROR
                    } else {
                        StatusCode::NO_CONTENT
                    };
                    log.push(Received {
                        headers,
                        body: body.to_vec(),
                        answered: status.as_u16(),
                    });
                    status
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind receiver");
        let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self { url, seen }
    }

    pub fn received(&self) -> Vec<Received> {
        self.seen.lock().expect("lock").clone()
    }
}

/// Polls `check` every 20 ms for up to 10 s.
pub async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..500 {
        if check().await {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("timed out waiting for {what}");
}
