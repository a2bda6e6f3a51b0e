//! Detractor alerts: signed, retried with backoff until a 2xx, delivered once, also with two
//! server instances on one database.

use std::collections::HashMap;

use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;

use crate::common::surveys::{
    answer, eventually, id, spawn_surveys_with, with_webhook, Receiver, SECRET, SURVEYS_YAML,
};
use crate::common::{start, test_config, TestApp};

const DELIVERIES: &str = "/v1/admin/sites/demo/surveys/deliveries";

async fn app_for(receiver: &Receiver) -> TestApp {
    spawn_surveys_with(&with_webhook(SURVEYS_YAML, &receiver.url), fast).await
}

/// Short poll and backoff so retries happen within the test.
fn fast(config: &mut patron_server::Config) {
    config.webhook.webhook_poll_ms = 20;
    config.webhook.webhook_backoff_ms = 20;
    config.webhook.webhook_backoff_max_secs = 1;
}

async fn deliveries(app: &TestApp) -> Vec<Value> {
    let v: Value = app.admin_get(DELIVERIES).await.json().await.expect("json");
    v["deliveries"].as_array().expect("deliveries").clone()
}

fn hmac_hex(body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).expect("key");
    mac.update(body);
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn header<'a>(r: &'a crate::common::surveys::Received, name: &str) -> &'a str {
    r.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

#[tokio::test]
async fn a_failing_receiver_gets_the_alert_until_it_accepts_and_it_is_recorded_once() {
    let receiver = Receiver::start(2).await;
    let app = app_for(&receiver).await;
    let device = id("unhappy-device");
    let resp = app
        .respond(&answer(&id("detractor-key"), "nps-faq", 3, &device))
        .await;
    assert_eq!(resp.status(), 201);
    // A promoter and a passive raise no alert.
    for (key, score) in [("promoter-key", 10), ("passive-key", 8)] {
        let body = answer(&id(key), "nps-faq", score, &id("happy-device"));
        assert_eq!(app.respond(&body).await.status(), 201);
    }

    eventually("the alert to be delivered", || async {
        deliveries(&app)
            .await
            .first()
            .is_some_and(|d| !d["delivered_at"].is_null())
    })
    .await;
    // Retries would have arrived within a few backoffs; none may come after delivery.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;

    let seen = receiver.received();
    let statuses: Vec<u16> = seen.iter().map(|r| r.answered).collect();
    assert_eq!(statuses, [500, 500, 204]);
    assert!(
        seen.windows(2).all(|w| w[0].body == w[1].body),
        "same body every time"
    );
    let last = &seen[2];
    assert_eq!(
        header(last, "x-patron-signature"),
        format!("sha256={}", hmac_hex(&last.body))
    );
    assert_eq!(header(last, "x-patron-event"), "survey.detractor");
    assert_eq!(header(last, "content-type"), "application/json");
    let alert: Value = serde_json::from_slice(&last.body).expect("json");
    assert_eq!(alert["event"], "survey.detractor");
    assert_eq!(alert["site"], "demo");
    assert_eq!(alert["survey_id"], "nps-faq");
    assert_eq!(alert["kind"], "nps");
    assert_eq!(
        (alert["score"].as_i64(), alert["band"].as_str()),
        (Some(3), Some("detractor"))
    );
    assert_eq!(alert["context"]["order"], "SO-20250301-0001");
    assert_eq!(alert["touchpoint"], "event:order_completed");
    assert!(alert["member_id"].is_null());

    let list = deliveries(&app).await;
    assert_eq!(list.len(), 1, "{list:?}");
    let d = &list[0];
    assert_eq!(d["id"], alert["delivery_id"]);
    assert_eq!(
        header(last, "x-patron-delivery"),
        d["id"].as_str().expect("id")
    );
    assert_eq!(d["attempts"], 3);
    assert_eq!(d["last_status"], 204);
    assert!(d["last_error"].is_null(), "{d}");
    assert!(d.get("next_attempt_at").is_none(), "{d}");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM webhook_deliveries WHERE delivered_at IS NOT NULL")
            .await,
        1
    );
}

#[tokio::test]
async fn a_detractor_comment_is_a_second_event() {
    let receiver = Receiver::start(0).await;
    let app = app_for(&receiver).await;
    let key = id("comment-key");
    let body = answer(&key, "csat-order", 1, &id("comment-device"));
    assert_eq!(app.respond(&body).await.status(), 201);
    // A replay of the answer queues nothing new.
    assert_eq!(app.respond(&body).await.status(), 200);
    assert_eq!(
        app.follow_up(&key, &id("comment-device"), "包裹破损了")
            .await
            .status(),
        200
    );
    assert_eq!(
        app.follow_up(&key, &id("comment-device"), "包裹破损了")
            .await
            .status(),
        200
    );
    // A promoter's comment is not an alert.
    let happy = id("happy-comment");
    let promoter = answer(&happy, "csat-order", 5, &id("happy-device-2"));
    assert_eq!(app.respond(&promoter).await.status(), 201);
    assert_eq!(
        app.follow_up(&happy, &id("happy-device-2"), "很好")
            .await
            .status(),
        200
    );

    eventually("two alerts", || async { receiver.received().len() >= 2 }).await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let seen = receiver.received();
    assert_eq!(seen.len(), 2);
    let events: HashMap<String, Value> = seen
        .iter()
        .map(|r| {
            let v: Value = serde_json::from_slice(&r.body).expect("json");
            (v["event"].as_str().expect("event").to_owned(), v)
        })
        .collect();
    let first = &events["survey.detractor"];
    let second = &events["survey.detractor_comment"];
    assert_eq!(first.get("comment"), None);
    assert_eq!(second["comment"], "包裹破损了");
    assert_eq!(second["response_id"], first["response_id"]);
    assert_eq!(second["score"], 1);
    for r in &seen {
        assert_eq!(
            header(r, "x-patron-signature"),
            format!("sha256={}", hmac_hex(&r.body))
        );
    }
}

#[tokio::test]
async fn two_instances_on_one_database_deliver_each_alert_once() {
    let receiver = Receiver::start(0).await;
    let one = app_for(&receiver).await;
    let mut config = test_config(one.dir.path());
    fast(&mut config);
    let two = start(config, tempfile::tempdir().expect("tempdir")).await;
    let total = 30;
    for i in 0..total {
        let app = if i % 2 == 0 { &one } else { &two };
        let body = answer(
            &id(&format!("two-{i}")),
            "nps-faq",
            i % 7,
            &id(&format!("d-{i}")),
        );
        assert_eq!(app.respond(&body).await.status(), 201);
    }
    eventually("every alert", || async {
        receiver.received().len() >= total as usize
    })
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let mut per_delivery: HashMap<String, usize> = HashMap::new();
    for r in receiver.received() {
        *per_delivery
            .entry(header(&r, "x-patron-delivery").to_owned())
            .or_default() += 1;
    }
    assert_eq!(per_delivery.len(), total as usize);
    assert!(per_delivery.values().all(|n| *n == 1), "{per_delivery:?}");
}

#[tokio::test]
async fn without_its_secret_nothing_is_sent_and_the_alert_waits() {
    let receiver = Receiver::start(0).await;
    let yaml = with_webhook(SURVEYS_YAML, &receiver.url).replace(
        "secret_file: webhook-secret",
        "secret_env: PATRON_TEST_SECRET_THAT_IS_NEVER_SET",
    );
    let app = spawn_surveys_with(&yaml, fast).await;
    let body = answer(&id("no-secret"), "csat-order", 2, &id("no-secret-device"));
    assert_eq!(app.respond(&body).await.status(), 201);
    eventually("a failed attempt", || async {
        deliveries(&app)
            .await
            .first()
            .is_some_and(|d| d["attempts"].as_i64() >= Some(2))
    })
    .await;
    let d = &deliveries(&app).await[0];
    assert!(d["delivered_at"].is_null());
    assert!(
        d["last_error"]
            .as_str()
            .expect("error")
            .contains("is not set"),
        "{d}"
    );
    assert!(d["next_attempt_at"].is_i64());
    assert!(receiver.received().is_empty());
}

#[tokio::test]
async fn without_a_webhook_no_alert_is_queued() {
    let app = spawn_surveys_with(SURVEYS_YAML, fast).await;
    let body = answer(&id("no-hook"), "csat-order", 1, &id("no-hook-device"));
    assert_eq!(app.respond(&body).await.status(), 201);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM webhook_deliveries").await,
        0
    );
}
