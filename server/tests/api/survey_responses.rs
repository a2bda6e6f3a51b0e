//! Recording answers: idempotency by key, follow-ups, and bad input that stores nothing.

use serde_json::{json, Value};

use crate::common::assert_envelope;
use crate::common::faq::error_fields;
use crate::common::surveys::{answer, id, spawn_surveys, SURVEYS_YAML};

const RESPONSES: &str = "SELECT COUNT(*) FROM survey_responses";

#[tokio::test]
async fn the_same_key_twice_is_one_row_and_the_same_receipt() {
    let app = spawn_surveys(SURVEYS_YAML).await;
    let key = id("same-key-twice");
    let body = answer(&key, "csat-order", 2, &id("device-1"));
    let first = app.respond(&body).await;
    assert_eq!(first.status(), 201);
    let receipt: Value = first.json().await.expect("json");
    assert_eq!(receipt["idempotency_key"], key.as_str());
    assert_eq!(receipt["band"], "detractor");
    assert_eq!(receipt["follow_up"], "What went wrong?");
    assert_eq!(receipt["thank_you"], "Thank you!");

    let again = app.respond(&body).await;
    assert_eq!(again.status(), 200);
    assert_eq!(again.json::<Value>().await.expect("json"), receipt);
    // The same body written differently (key order, spacing) is the same request.
    let text = serde_json::to_string_pretty(&body)
        .expect("json")
        .replace("\"score\": 2", "\"score\":    2");
    let reordered = app
        .client
        .post(app.url("/v1/sites/demo/surveys/responses"))
        .header("content-type", "application/json")
        .body(text)
        .send()
        .await
        .expect("request");
    assert_eq!(reordered.status(), 200);
    assert_eq!(app.count(RESPONSES).await, 1);
}

#[tokio::test]
async fn the_same_key_with_another_body_is_409_and_the_first_answer_stays() {
    let app = spawn_surveys(SURVEYS_YAML).await;
    let key = id("conflicting-key");
    let device = id("device-2");
    assert_eq!(
        app.respond(&answer(&key, "csat-order", 5, &device))
            .await
            .status(),
        201
    );
    let changed = answer(&key, "csat-order", 1, &device);
    let env = assert_envelope(app.respond(&changed).await, 409, "idempotency_conflict").await;
    assert!(env["error"]["message"]
        .as_str()
        .expect("message")
        .contains("first"));
    let other_survey = answer(&key, "nps-faq", 5, &device);
    assert_envelope(
        app.respond(&other_survey).await,
        409,
        "idempotency_conflict",
    )
    .await;
    assert_eq!(app.count(RESPONSES).await, 1);
    assert_eq!(
        app.count("SELECT score FROM survey_responses").await,
        5,
        "the first answer is kept"
    );
}

#[tokio::test]
async fn concurrent_retries_store_one_row() {
    let app = spawn_surveys(SURVEYS_YAML).await;
    let body = answer(&id("raced-key"), "nps-faq", 3, &id("device-3"));
    let url = app.url("/v1/sites/demo/surveys/responses");
    let handles: Vec<_> = (0..12)
        .map(|_| {
            let (client, url, body) = (app.client.clone(), url.clone(), body.clone());
            tokio::spawn(async move { client.post(url).json(&body).send().await.expect("send") })
        })
        .collect();
    let mut responses = Vec::new();
    for h in handles {
        responses.push(h.await.expect("task"));
    }
    let mut created = 0;
    let mut receipts = Vec::new();
    for r in responses {
        let status = r.status().as_u16();
        assert!(status == 200 || status == 201, "{status}");
        created += usize::from(status == 201);
        receipts.push(r.json::<Value>().await.expect("json"));
    }
    assert_eq!(created, 1);
    assert!(receipts.windows(2).all(|w| w[0] == w[1]));
    assert_eq!(app.count(RESPONSES).await, 1);
}

/// A comment is the respondent's: the same device (or kiosk session, or member) that gave
/// the score, never someone who learnt the answer's key.
#[tokio::test]
async fn a_follow_up_from_another_respondent_is_refused() {
    let app = spawn_surveys(SURVEYS_YAML).await;
    let key = id("their-answer");
    let owner = id("owner-device");
    assert_eq!(
        app.respond(&answer(&key, "csat-order", 1, &owner))
            .await
            .status(),
        201
    );
    assert_envelope(
        app.follow_up(&key, &id("other-device"), "not mine to write")
            .await,
        404,
        "not_found",
    )
    .await;
    let kiosk = json!({"idempotency_key": key, "comment": "from a kiosk",
                       "surface": "kiosk", "kiosk_session": id("kiosk-session")});
    assert_envelope(
        app.post_json("/v1/sites/demo/surveys/follow-ups", &kiosk)
            .await,
        404,
        "not_found",
    )
    .await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM survey_responses WHERE comment IS NOT NULL")
            .await,
        0
    );
    assert_eq!(app.follow_up(&key, &owner, "mine").await.status(), 200);
}

#[tokio::test]
async fn follow_ups_attach_once() {
    let app = spawn_surveys(SURVEYS_YAML).await;
    let key = id("follow-up-key");
    let receipt: Value = app
        .respond(&answer(&key, "csat-order", 5, &id("device-4")))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(receipt["follow_up"], "What did you like?");

    let device = id("device-4");
    let resp = app.follow_up(&key, &device, "  送货很快,包装也好 ").await;
    assert_eq!(resp.status(), 200);
    let first: Value = resp.json().await.expect("json");
    assert_eq!(first["idempotency_key"], key.as_str());
    // Replaying the same comment is fine and changes nothing.
    let again: Value = app
        .follow_up(&key, &device, "送货很快,包装也好")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(again, first);
    assert_envelope(
        app.follow_up(&key, &device, "something else").await,
        409,
        "idempotency_conflict",
    )
    .await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM survey_responses WHERE comment = '送货很快,包装也好'")
            .await,
        1
    );
    assert_envelope(
        app.follow_up(&id("no-such-response"), &device, "hello")
            .await,
        404,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn bad_input_is_a_clear_4xx_and_stores_nothing() {
    let app = spawn_surveys(SURVEYS_YAML).await;
    let device = id("device-5");
    let good = answer(&id("bad-input-key"), "csat-order", 4, &device);
    let with = |field: &str, value: Value| {
        let mut b = good.clone();
        b[field] = value;
        b
    };

    let env = assert_envelope(
        app.respond(&with("score", json!(6))).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(error_fields(&env), ["score"]);
    let env = assert_envelope(
        app.respond(&with("score", json!(-1))).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(error_fields(&env), ["score"]);
    // An NPS score sent for a CSAT survey.
    let wrong_kind = with("kind", json!("nps"));
    let env = assert_envelope(app.respond(&wrong_kind).await, 422, "validation_failed").await;
    assert_eq!(error_fields(&env), ["kind"]);
    assert_envelope(
        app.respond(&with("survey_id", json!("no-such-survey")))
            .await,
        404,
        "not_found",
    )
    .await;
    let env = assert_envelope(
        app.respond(&with("idempotency_key", json!("short"))).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(error_fields(&env), ["idempotency_key"]);
    let big_context: Value = (0..11)
        .map(|i| (format!("k{i}"), json!("v")))
        .collect::<serde_json::Map<_, _>>()
        .into();
    let env = assert_envelope(
        app.respond(&with("context", big_context)).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(error_fields(&env), ["context"]);
    assert_envelope(
        app.respond(&with("score", json!("five"))).await,
        400,
        "bad_request",
    )
    .await;
    let malformed = app
        .client
        .post(app.url("/v1/sites/demo/surveys/responses"))
        .header("content-type", "application/json")
        .body("{\"idempotency_key\": ")
        .send()
        .await
        .expect("request");
    assert_envelope(malformed, 400, "bad_request").await;
    let not_json = app
        .client
        .post(app.url("/v1/sites/demo/surveys/responses"))
        .body(good.to_string())
        .send()
        .await
        .expect("request");
    assert_envelope(not_json, 415, "unsupported_media_type").await;
    assert_eq!(app.count(RESPONSES).await, 0, "nothing partial is stored");

    // A 10 KB comment: refused, and the response keeps no comment.
    assert_eq!(app.respond(&good).await.status(), 201);
    let env = assert_envelope(
        app.follow_up(
            &id("bad-input-key"),
            &id("device"),
            &"评".repeat(10 * 1024 / 3),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(error_fields(&env), ["comment"]);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM survey_responses WHERE comment IS NOT NULL")
            .await,
        0
    );
    assert_eq!(app.count(RESPONSES).await, 1);
}
