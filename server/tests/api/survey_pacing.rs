//! Which survey a customer is asked, and how often: triggers, locale fallback, recontact
//! window, once / until answered / max times, the site-wide cooldown, kiosk sessions.

use serde_json::json;

use crate::common::assert_envelope;
use crate::common::points;
use crate::common::surveys::{
    answer, event, faq_read, id, spawn_surveys, spawn_surveys_for_members, DAY_MS, SURVEYS_YAML,
};

#[tokio::test]
async fn a_triggered_survey_comes_in_the_requested_locale_or_the_default() {
    let app = spawn_surveys(SURVEYS_YAML).await;
    let device = id("locale-device");
    let en = app
        .eligible(
            json!({"device_id": device, "surface": "embed", "locale": "en",
                         "trigger": event("order_completed")}),
        )
        .await;
    assert_eq!(en["id"], "csat-order");
    assert_eq!(en["kind"], "csat");
    assert_eq!(en["locale"], "en");
    assert_eq!(en["question"], "How satisfied are you with your order?");
    let labels: Vec<(i64, &str)> = en["labels"]
        .as_array()
        .expect("labels")
        .iter()
        .map(|l| {
            (
                l["score"].as_i64().expect("score"),
                l["text"].as_str().expect("text"),
            )
        })
        .collect();
    assert_eq!(labels.len(), 5);
    assert_eq!(labels[0], (1, "Very dissatisfied"));
    assert_eq!(labels[4], (5, "Very satisfied"));
    assert_eq!(en["follow_up"]["detractor"], "What went wrong?");
    assert!(en["follow_up"].get("passive").is_none(), "{en}");
    assert_eq!(en["thank_you"], "Thank you!");

    // No zh-TW texts in the fixture: the site default (zh-CN) is served.
    let tw = app
        .eligible(
            json!({"device_id": device, "surface": "embed", "locale": "zh-TW",
                         "trigger": event("order_completed")}),
        )
        .await;
    assert_eq!(tw["locale"], "zh-CN");
    assert_eq!(tw["question"], "您对这次购物满意吗?");

    assert_eq!(app.ask(&device, event("page_view")).await, None);
    assert_eq!(
        app.ask(&device, faq_read()).await.as_deref(),
        Some("nps-faq")
    );
    // Asking changes nothing: still offered.
    assert_eq!(
        app.ask(&device, event("order_completed")).await.as_deref(),
        Some("csat-order")
    );
}

#[tokio::test]
async fn recontact_window_then_until_answered() {
    let app = spawn_surveys(SURVEYS_YAML).await;
    let device = id("recontact-device");
    let order = || event("order_completed");
    assert_eq!(
        app.ask(&device, order()).await.as_deref(),
        Some("csat-order")
    );
    app.show("csat-order", &device, "display-1").await;
    // Shown: not again within 30 days, but another customer still is asked.
    assert_eq!(app.ask(&device, order()).await, None);
    assert_eq!(
        app.ask(&id("other-device"), order()).await.as_deref(),
        Some("csat-order")
    );
    app.age(29 * DAY_MS).await;
    assert_eq!(app.ask(&device, order()).await, None);
    app.age(DAY_MS + 1000).await;
    // Not answered: asked again after the window.
    assert_eq!(
        app.ask(&device, order()).await.as_deref(),
        Some("csat-order")
    );

    let resp = app
        .respond(&answer(&id("answer-1"), "csat-order", 4, &device))
        .await;
    assert_eq!(resp.status(), 201);
    app.age(400 * DAY_MS).await;
    // Answered: until_answered never asks again.
    assert_eq!(app.ask(&device, order()).await, None);
}

#[tokio::test]
async fn once_and_max_times() {
    let app = spawn_surveys(SURVEYS_YAML).await;
    let device = id("frequency-device");
    let signup = || event("signup");
    assert_eq!(
        app.ask(&device, signup()).await.as_deref(),
        Some("csat-signup")
    );
    app.show("csat-signup", &device, "signup-display").await;
    app.age(400 * DAY_MS).await;
    assert_eq!(app.ask(&device, signup()).await, None, "once means once");

    // nps-faq: at most two displays, ten days apart.
    for n in 1..=2 {
        assert_eq!(
            app.ask(&device, faq_read()).await.as_deref(),
            Some("nps-faq"),
            "display {n}"
        );
        app.show("nps-faq", &device, &format!("nps-display-{n}"))
            .await;
        assert_eq!(app.ask(&device, faq_read()).await, None, "within 10 days");
        app.age(11 * DAY_MS).await;
    }
    assert_eq!(app.ask(&device, faq_read()).await, None, "max_times 2");
}

#[tokio::test]
async fn a_dismissal_counts_as_a_display_and_displays_are_idempotent() {
    let app = spawn_surveys(SURVEYS_YAML).await;
    let device = id("dismiss-device");
    let dismissed = json!({"display_id": id("dismissed-1"), "survey_id": "nps-faq",
                           "event": "dismissed", "device_id": device, "surface": "embed",
                           "locale": "en", "trigger": faq_read()});
    for _ in 0..3 {
        assert_eq!(app.display(dismissed.clone()).await.status(), 204);
    }
    assert_eq!(app.ask(&device, faq_read()).await, None);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM survey_displays WHERE dismissed_at IS NOT NULL")
            .await,
        1
    );
    // Shown then dismissed: one display, not two (max_times 2 leaves one more).
    let other = id("dismiss-device-2");
    app.show("nps-faq", &other, "shown-then-dismissed").await;
    let mut dismiss = dismissed.clone();
    dismiss["display_id"] = json!(id("shown-then-dismissed"));
    dismiss["device_id"] = json!(other);
    assert_eq!(app.display(dismiss).await.status(), 204);
    app.age(11 * DAY_MS).await;
    assert_eq!(
        app.ask(&other, faq_read()).await.as_deref(),
        Some("nps-faq")
    );

    let unknown = json!({"display_id": id("d-unknown"), "survey_id": "no-such-survey",
                         "event": "shown", "device_id": device, "surface": "embed",
                         "locale": "en", "trigger": faq_read()});
    assert_envelope(app.display(unknown).await, 404, "not_found").await;
}

#[tokio::test]
async fn the_cooldown_spans_surveys() {
    let yaml = SURVEYS_YAML.replacen("cooldown_hours: 0", "cooldown_hours: 24", 1);
    let app = spawn_surveys(&yaml).await;
    let device = id("cooldown-device");
    app.show("csat-order", &device, "cooldown-display").await;
    // A different survey, but within a day of the last one.
    assert_eq!(app.ask(&device, faq_read()).await, None);
    assert_eq!(app.ask(&device, event("signup")).await, None);
    app.age(23 * 3_600_000).await;
    assert_eq!(app.ask(&device, faq_read()).await, None);
    app.age(3_600_000 + 1000).await;
    assert_eq!(
        app.ask(&device, faq_read()).await.as_deref(),
        Some("nps-faq")
    );

    // An answer without a recorded display also starts the cooldown.
    let fresh = id("cooldown-answerer");
    let resp = app
        .respond(&answer(&id("cooldown-answer"), "csat-order", 5, &fresh))
        .await;
    assert_eq!(resp.status(), 201);
    assert_eq!(app.ask(&fresh, event("signup")).await, None);
}

#[tokio::test]
async fn a_kiosk_paces_each_session_not_the_device() {
    let app = spawn_surveys(SURVEYS_YAML).await;
    // One kiosk, one device id, two shoppers.
    let device = id("kiosk-device");
    let ask = |session: String| {
        json!({"device_id": device, "kiosk_session": session, "surface": "kiosk",
               "locale": "zh-CN", "trigger": event("order_completed")})
    };
    let first = id("kiosk-session-1");
    assert_eq!(app.eligible(ask(first.clone())).await["id"], "csat-order");
    let shown = json!({"display_id": id("kiosk-display-1"), "survey_id": "csat-order",
                       "event": "shown", "device_id": device, "kiosk_session": first,
                       "surface": "kiosk", "locale": "zh-CN",
                       "trigger": event("order_completed")});
    assert_eq!(app.display(shown).await.status(), 204);
    assert!(app.eligible(ask(first.clone())).await.is_null());
    // After the idle reset the next shopper has a new session and is asked afresh.
    assert_eq!(
        app.eligible(ask(id("kiosk-session-2"))).await["id"],
        "csat-order"
    );
    // nps-faq is not offered on kiosks at all.
    let faq = json!({"kiosk_session": id("kiosk-session-3"), "surface": "kiosk",
                     "locale": "zh-CN", "trigger": faq_read()});
    assert!(app.eligible(faq).await.is_null());
    // A kiosk request without its session is refused.
    let resp = app
        .post_json(
            "/v1/sites/demo/surveys/eligibility",
            &json!({"device_id": device, "surface": "kiosk", "locale": "zh-CN",
                    "trigger": event("order_completed")}),
        )
        .await;
    let env = assert_envelope(resp, 422, "validation_failed").await;
    assert_eq!(env["error"]["fields"][0]["field"], "kiosk_session");
}

#[tokio::test]
async fn direct_asks_skip_trigger_and_sample_but_not_pacing() {
    let app = spawn_surveys(SURVEYS_YAML).await;
    let device = id("direct-device");
    let direct = |survey: &str| {
        json!({"device_id": device, "surface": "page", "locale": "en",
               "trigger": {"kind": "direct"}, "survey_id": survey,
               "context": {"order": "SO-1"}})
    };
    // nps-direct has no trigger and a sample rate of 0: only a direct ask shows it.
    assert_eq!(app.eligible(direct("nps-direct")).await["id"], "nps-direct");
    let resp = app
        .respond(&answer(&id("direct-answer"), "nps-direct", 9, &device))
        .await;
    assert_eq!(resp.status(), 201);
    assert!(app.eligible(direct("nps-direct")).await.is_null());
    app.age(31 * DAY_MS).await;
    assert_eq!(app.eligible(direct("nps-direct")).await["id"], "nps-direct");

    let resp = app
        .post_json(
            "/v1/sites/demo/surveys/eligibility",
            &direct("no-such-survey"),
        )
        .await;
    assert_envelope(resp, 404, "not_found").await;
    let no_id = json!({"device_id": device, "surface": "page", "locale": "en",
                       "trigger": {"kind": "direct"}});
    let resp = app
        .post_json("/v1/sites/demo/surveys/eligibility", &no_id)
        .await;
    assert_envelope(resp, 422, "validation_failed").await;
}

#[tokio::test]
async fn sampling_is_fixed_per_customer() {
    let yaml = SURVEYS_YAML.replacen(
        "    recontact_days: 30\n    frequency: until_answered",
        "    recontact_days: 30\n    frequency: until_answered\n    sample_rate: 0.5",
        1,
    );
    assert_ne!(yaml, SURVEYS_YAML);
    let app = spawn_surveys(&yaml).await;
    let mut asked = 0;
    for n in 0..40 {
        let device = id(&format!("sample-{n}"));
        let first = app.ask(&device, event("order_completed")).await;
        for _ in 0..2 {
            assert_eq!(
                app.ask(&device, event("order_completed")).await,
                first,
                "{device}"
            );
        }
        asked += usize::from(first.is_some());
    }
    assert!((8..=32).contains(&asked), "about half of 40, got {asked}");
}

#[tokio::test]
async fn unknown_sites_and_disabled_modules() {
    let app = spawn_surveys(SURVEYS_YAML).await;
    let body = json!({"device_id": id("d"), "surface": "embed", "locale": "en",
                      "trigger": event("order_completed")});
    let resp = app
        .post_json("/v1/sites/nope/surveys/eligibility", &body)
        .await;
    assert_envelope(resp, 404, "site_not_found").await;

    // A site without the survey module is never asked.
    let app = crate::common::surveys::spawn_surveys_with(SURVEYS_YAML, |config| {
        let site = config.content_dir.join("demo/site.yaml");
        let yaml = std::fs::read_to_string(&site).expect("site.yaml");
        std::fs::write(
            &site,
            yaml.replace(
                "modules: [faq, onboarding, survey, points]",
                "modules: [faq]",
            ),
        )
        .expect("write");
    })
    .await;
    assert!(app.eligible(body).await.is_null());
}

#[tokio::test]
async fn page_and_dwell_triggers() {
    let yaml = SURVEYS_YAML.replacen(
        "triggers: [{ event: signup }]",
        "triggers: [{ page_url: \"*/orders/*/done\" }, \
         { seconds_on_page: 30, page_url: \"*/products/*\" }]",
        1,
    );
    assert_ne!(yaml, SURVEYS_YAML);
    let app = spawn_surveys(&yaml).await;
    let device = id("page-device");
    let page = |url: &str| json!({"kind": "page_url", "url": url});
    let dwell = |s: u32, url: &str| json!({"kind": "seconds_on_page", "seconds": s, "url": url});
    let shop = "https://shop.example.com";
    assert_eq!(
        app.ask(&device, page(&format!("{shop}/orders/SO-1/done")))
            .await
            .as_deref(),
        Some("csat-signup")
    );
    assert_eq!(app.ask(&device, page(&format!("{shop}/cart"))).await, None);
    assert_eq!(
        app.ask(&device, page(&format!("{shop}/products/9"))).await,
        None
    );
    assert_eq!(
        app.ask(&device, dwell(29, &format!("{shop}/products/9")))
            .await,
        None
    );
    assert_eq!(
        app.ask(&device, dwell(31, &format!("{shop}/cart"))).await,
        None
    );
    assert_eq!(
        app.ask(&device, dwell(31, &format!("{shop}/products/9")))
            .await
            .as_deref(),
        Some("csat-signup")
    );
}

#[tokio::test]
async fn a_member_is_paced_across_devices_and_a_bad_token_is_anonymous() {
    let app = spawn_surveys_for_members(SURVEYS_YAML).await;
    let ask = |device: String, token: String| {
        let app = &app;
        async move {
            let resp = app
                .client
                .post(app.url("/v1/sites/demo/surveys/eligibility"))
                .bearer_auth(token)
                .json(
                    &json!({"device_id": device, "surface": "embed", "locale": "en",
                              "trigger": event("order_completed")}),
                )
                .send()
                .await
                .expect("eligibility");
            assert_eq!(resp.status(), 200);
            let v: serde_json::Value = resp.json().await.expect("json");
            v["survey"]["id"].as_str().map(str::to_owned)
        }
    };
    let member = points::token("member-pacing-1");
    let (phone, laptop) = (id("member-phone"), id("member-laptop"));
    assert_eq!(
        ask(phone.clone(), member.clone()).await.as_deref(),
        Some("csat-order")
    );
    // Shown on the phone (the display carries the member's token too).
    let resp = app
        .client
        .post(app.url("/v1/sites/demo/surveys/displays"))
        .bearer_auth(&member)
        .json(
            &json!({"display_id": id("member-display"), "survey_id": "csat-order",
                      "event": "shown", "device_id": phone, "surface": "embed",
                      "locale": "en", "trigger": event("order_completed")}),
        )
        .send()
        .await
        .expect("display");
    assert_eq!(resp.status(), 204);
    // The same member on another device is not asked again...
    assert_eq!(ask(laptop.clone(), member.clone()).await, None);
    // ...another member on that device is,
    assert_eq!(
        ask(laptop.clone(), points::token("member-pacing-2"))
            .await
            .as_deref(),
        Some("csat-order")
    );
    // and a forged token counts for nothing: the device is asked as an anonymous customer.
    let forged = points::sign(
        &points::claims("member-pacing-1"),
        "not-the-site-secret-0123456789ab",
    );
    assert_eq!(
        ask(id("fresh-device"), forged).await.as_deref(),
        Some("csat-order")
    );
}
