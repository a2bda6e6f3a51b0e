//! Continuity (issue 18): when an anonymous customer signs in, their guide progress and
//! survey pacing follow them into the member, merged with what the member had; once.

use serde_json::{json, Value};

use crate::common::onboarding::{self, device, pack};
use crate::common::points::token;
use crate::common::surveys::{event, id, SURVEYS_YAML};
use crate::common::{spawn_with, TestApp};

const SIGN_INS: &str = "/v1/sites/demo/sign-ins";

/// A guide for everyone, signed in or not, in three steps.
const TOUR: &str = r##"
id: tour
title: { zh-CN: 导览, zh-TW: 導覽, en: Tour }
audience: { everyone: true }
steps:
  - { id: one, title: { zh-CN: 一, zh-TW: 一, en: One } }
  - { id: two, title: { zh-CN: 二, zh-TW: 二, en: Two } }
  - { id: three, title: { zh-CN: 三, zh-TW: 三, en: Three } }
"##;

async fn spawn() -> TestApp {
    let mut opts = onboarding::options();
    opts.files.extend([
        ("content/demo/surveys.yaml".into(), SURVEYS_YAML.into()),
        ("content/demo/onboarding/07-tour.yaml".into(), TOUR.into()),
    ]);
    spawn_with(opts).await
}

impl TestApp {
    async fn sign_in(&self, token: Option<&str>, body: &Value) -> reqwest::Response {
        let mut req = self.client.post(self.url(SIGN_INS)).json(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send().await.expect("sign-in")
    }

    /// The survey a customer is offered after an order, if any.
    async fn after_order(&self, device: &str, token: Option<&str>) -> Option<String> {
        let mut req = self
            .client
            .post(self.url("/v1/sites/demo/surveys/eligibility"))
            .json(
                &json!({"device_id": device, "surface": "embed", "locale": "en",
                          "trigger": event("order_completed")}),
            );
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let v: Value = req
            .send()
            .await
            .expect("eligibility")
            .json()
            .await
            .expect("json");
        v["survey"]["id"].as_str().map(str::to_owned)
    }
}

fn completed(packs: &Value, id: &str) -> Vec<String> {
    pack(packs, id)["progress"]["completed"]
        .as_array()
        .expect("completed")
        .iter()
        .map(|s| s.as_str().expect("step").to_owned())
        .collect()
}

#[tokio::test]
async fn a_signed_out_customers_guides_and_survey_pacing_follow_them_into_the_member() {
    let app = spawn().await;
    let phone = device("continuity-phone");
    let member = token("continuity-member");

    // Signed out: two steps of the welcome guide, and the order survey answered.
    app.complete("tour", "one", Some(&phone), None).await;
    app.complete("tour", "three", Some(&phone), None).await;
    let resp = app
        .respond(&crate::common::surveys::answer(
            &id("continuity-answer"),
            "csat-order",
            4,
            &phone,
        ))
        .await;
    assert_eq!(resp.status(), 201);
    // The member, on another device before, finished a step of their own in the same guide
    // and would still be asked the order survey.
    app.complete(
        "tour",
        "two",
        Some(&device("continuity-laptop")),
        Some(&member),
    )
    .await;
    assert_eq!(
        app.after_order(&phone, Some(&member)).await.as_deref(),
        Some("csat-order")
    );

    let resp = app
        .sign_in(Some(&member), &json!({"device_id": phone}))
        .await;
    assert_eq!(resp.status(), 200);
    let receipt: Value = resp.json().await.expect("json");
    // The run and its two steps, and the answer.
    assert_eq!(receipt["moved"], 4, "{receipt}");

    // The member now has all three steps (theirs and the device's), the guide finished.
    let query = format!("device={phone}&surface=embed&first_visit=true&locale=en");
    let mine = app.packs(&query, Some(&member)).await;
    assert_eq!(completed(&mine, "tour"), ["one", "two", "three"]);
    assert_eq!(pack(&mine, "tour")["progress"]["finished"], true);
    // The answer paces the member: not asked again.
    assert_eq!(app.after_order(&phone, Some(&member)).await, None);
    // The device, signed out again, starts afresh (its progress went to the member).
    let anonymous = app.packs(&query, None).await;
    assert!(completed(&anonymous, "tour").is_empty());

    // Again: nothing more to move, nothing changes.
    let again: Value = app
        .sign_in(Some(&member), &json!({"device_id": phone}))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(again["moved"], 0);
    let mine_again = app.packs(&query, Some(&member)).await;
    assert_eq!(completed(&mine_again, "tour"), ["one", "two", "three"]);
}

#[tokio::test]
async fn signing_in_needs_a_member_token_and_a_device() {
    let app = spawn().await;
    let phone = device("continuity-refused");
    let resp = app.sign_in(None, &json!({"device_id": phone})).await;
    assert_eq!(resp.status(), 401);
    let resp = app
        .sign_in(Some("not.a.token"), &json!({"device_id": phone}))
        .await;
    assert_eq!(resp.status(), 401);
    let resp = app
        .sign_in(Some(&token("continuity-member")), &json!({}))
        .await;
    assert_eq!(resp.status(), 422);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["error"]["fields"][0]["field"], "device_id");
}
