//! Onboarding progress: whose it is, idempotent completion in any order, host events, and
//! rewards credited once.

use serde_json::{json, Value};

use crate::common::onboarding::{device, pack, spawn_onboarding};
use crate::common::points::token;
use crate::common::TestApp;

fn done(steps: &[&str], finished: bool, reward_granted: bool) -> Value {
    json!({"completed": steps, "finished": finished, "reward_granted": reward_granted})
}

#[tokio::test]
async fn a_members_progress_follows_them_and_an_anonymous_one_stays_on_the_device() {
    let app = spawn_onboarding().await;
    let member = token("m-travels");
    let (phone, laptop) = (device("phone"), device("laptop"));
    // Done on the phone (the device id a member's widget sends is ignored)…
    let progress = app
        .complete("starter", "earn", Some(&phone), Some(&member))
        .await;
    assert_eq!(progress, done(&["earn"], false, false));
    // …it shows on the laptop, in the app (page) and without any device id.
    for query in [
        format!("device={laptop}&surface=embed"),
        "surface=page".to_owned(),
    ] {
        let packs = app.packs(&query, Some(&member)).await;
        assert_eq!(
            pack(&packs, "starter")["progress"],
            done(&["earn"], false, false),
            "{query}"
        );
    }

    // An anonymous customer's progress is the device's.
    let progress = app.complete("help", "search", Some(&phone), None).await;
    assert_eq!(progress, done(&["search"], true, false));
    let on_phone = app.packs(&format!("device={phone}"), None).await;
    assert_eq!(
        pack(&on_phone, "help")["progress"],
        done(&["search"], true, false)
    );
    let on_laptop = app.packs(&format!("device={laptop}"), None).await;
    assert_eq!(
        pack(&on_laptop, "help")["progress"],
        done(&[], false, false)
    );
    // Signing in does not bring the device's progress along: the member has their own.
    let as_member = app.packs(&format!("device={phone}"), Some(&member)).await;
    assert_eq!(
        pack(&as_member, "help")["progress"],
        done(&[], false, false)
    );
}

#[tokio::test]
async fn completing_is_idempotent_and_steps_may_come_in_any_order() {
    let app = spawn_onboarding().await;
    let d = device("idem");
    // The last step first, then the first: progress lists them in the pack's order.
    assert_eq!(
        app.complete("welcome", "cart", Some(&d), None).await,
        done(&["cart"], false, false)
    );
    let after_track = app.complete("welcome", "track", Some(&d), None).await;
    assert_eq!(after_track, done(&["track", "cart"], false, false));
    // Again, by another way: nothing changes, the same answer.
    let again = app
        .complete_with(
            "welcome",
            "track",
            &json!({"device": d, "surface": "embed", "via": "action"}),
            None,
        )
        .await;
    assert_eq!(again.status(), 200);
    assert_eq!(again.json::<Value>().await.expect("json"), after_track);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM onboarding_steps_done WHERE step_id = 'track'")
            .await,
        1
    );
    let (via,): (String,) =
        sqlx::query_as("SELECT via FROM onboarding_steps_done WHERE step_id = 'track'")
            .fetch_one(&app.db().await)
            .await
            .expect("via");
    assert_eq!(via, "done", "the first completion is kept");
    assert_eq!(
        app.complete("welcome", "price", Some(&d), None).await,
        done(&["track", "price", "cart"], true, false)
    );
    // The widget resumes at the first step not done: a reload after two steps shows both.
    let d2 = device("resume");
    app.complete("welcome", "track", Some(&d2), None).await;
    app.complete("welcome", "price", Some(&d2), None).await;
    let reloaded = app
        .packs(&format!("device={d2}&first_visit=false"), None)
        .await;
    assert_eq!(
        pack(&reloaded, "welcome")["progress"],
        done(&["track", "price"], false, false)
    );
}

#[tokio::test]
async fn host_events_complete_the_steps_waiting_for_them() {
    let app = spawn_onboarding().await;
    let d = device("events");
    let event = |first_visit: Option<bool>| json!({"name": "add_to_cart", "device": d, "surface": "embed", "first_visit": first_visit});
    let pair = |p: &str, s: &str| (p.to_owned(), s.to_owned());
    // Not a first visit and the welcome pack not started: the event leaves it alone.
    assert_eq!(app.track(&event(None), None).await, []);
    assert_eq!(
        app.track(&event(Some(true)), None).await,
        [pair("welcome", "cart")]
    );
    // Sent again: nothing more to complete.
    assert_eq!(app.track(&event(Some(true)), None).await, []);
    let packs = app.packs(&format!("device={d}"), None).await;
    assert_eq!(
        pack(&packs, "welcome")["progress"],
        done(&["cart"], false, false)
    );
    // Once started, the pack is the customer's on later visits too.
    let d3 = device("events-later");
    app.complete("welcome", "track", Some(&d3), None).await;
    let later = json!({"name": "add_to_cart", "device": d3, "surface": "embed"});
    assert_eq!(app.track(&later, None).await, [pair("welcome", "cart")]);

    // An event no step waits for completes nothing.
    let other = json!({"name": "first_order", "device": d, "surface": "embed"});
    assert_eq!(app.track(&other, None).await, []);

    // A member's event finishes a pack, and its reward is credited.
    let member = token("m-events");
    app.complete("starter", "earn", None, Some(&member)).await;
    let as_member = json!({"name": "add_to_cart", "surface": "page"});
    assert_eq!(
        app.track(&as_member, Some(&member)).await,
        [pair("starter", "redeem")]
    );
    let packs = app.packs("surface=page", Some(&member)).await;
    assert_eq!(
        pack(&packs, "starter")["progress"],
        done(&["earn", "redeem"], true, true)
    );
    assert_eq!(app.me(&member).await["balance"], 200);
}

/// Every onboarding line of the member's points history.
async fn rewards(app: &TestApp, member: &str) -> Vec<(i64, String)> {
    app.history_all(member)
        .await
        .iter()
        .filter(|e| e["kind"] == "earn" && e["order_ref"].is_null())
        .map(|e| {
            (
                e["points"].as_i64().expect("points"),
                e["title"].as_str().expect("title").to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_reward_is_credited_once_however_often_and_however_concurrently_a_pack_is_finished() {
    let app = spawn_onboarding().await;
    let member = token("m-reward");
    app.complete("starter", "earn", None, Some(&member)).await;
    // The last step, twelve times at once, from different devices and ways.
    let finishes = (0..12).map(|i| {
        let body = json!({
            "device": device(&format!("dev{i}")),
            "surface": if i % 2 == 0 { "embed" } else { "page" },
            "via": if i % 3 == 0 { "action" } else { "done" },
        });
        let app = &app;
        let member = &member;
        async move {
            app.complete_with("starter", "redeem", &body, Some(member))
                .await
        }
    });
    for resp in futures::future::join_all(finishes).await {
        assert_eq!(resp.status(), 200);
        let progress: Value = resp.json().await.expect("json");
        assert_eq!(progress, done(&["earn", "redeem"], true, true));
    }
    // Finished again later: still once.
    assert_eq!(
        app.complete("starter", "redeem", None, Some(&member)).await,
        done(&["earn", "redeem"], true, true)
    );
    assert_eq!(
        rewards(&app, &member).await,
        [(200, "Completed “Member starter”".to_owned())]
    );
    assert_eq!(app.assert_ledger_balanced(&member).await, 200);
    let zh = app
        .get_with("/v1/sites/demo/points/history?locale=zh-CN", &member)
        .await
        .json::<Value>()
        .await
        .expect("json");
    assert_eq!(zh["entries"][0]["title"], "完成「会员入门」");

    // Two devices completing the two remaining steps at the same moment: whichever request
    // comes second sees the first's step, so the pack is finished and rewarded once.
    let other = token("m-race");
    let (race_a, race_b) = (device("race-a"), device("race-b"));
    let (a, b) = tokio::join!(
        app.complete("starter", "earn", Some(&race_a), Some(&other)),
        app.complete("starter", "redeem", Some(&race_b), Some(&other)),
    );
    let finished = [&a, &b]
        .iter()
        .filter(|p| p["finished"] == true && p["reward_granted"] == true)
        .count();
    assert!(finished >= 1, "{a} {b}");
    let packs = app.packs("", Some(&other)).await;
    assert_eq!(
        pack(&packs, "starter")["progress"],
        done(&["earn", "redeem"], true, true)
    );
    assert_eq!(rewards(&app, &other).await.len(), 1);
    assert_eq!(app.assert_ledger_balanced(&other).await, 200);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM point_requests WHERE kind = 'onboarding'")
            .await,
        2
    );
}

#[tokio::test]
async fn anonymous_customers_finish_packs_without_points() {
    let app = spawn_onboarding().await;
    let d = device("anon-reward");
    let progress = app.complete("help", "search", Some(&d), None).await;
    assert_eq!(progress, done(&["search"], true, false));
    let packs = app.packs(&format!("device={d}"), None).await;
    assert_eq!(pack(&packs, "help")["sign_in_to_earn"], true);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM point_entries").await,
        0,
        "nothing was credited to anyone"
    );
    // Finished as a member, the same pack pays.
    let member = token("m-help");
    let progress = app.complete("help", "search", None, Some(&member)).await;
    assert_eq!(progress, done(&["search"], true, true));
    assert_eq!(
        rewards(&app, &member).await,
        [(50, "Completed “Help centre”".to_owned())]
    );
}
