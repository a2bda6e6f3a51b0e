//! Onboarding: which packs a customer sees (audience rules), texts and fallbacks.

use serde_json::json;

use crate::common::onboarding::{device, pack, spawn_onboarding, PACKS};
use crate::common::points::{now_ms, token, DAY_MS};

fn query(device: &str, first_visit: bool) -> String {
    format!("device={device}&surface=embed&first_visit={first_visit}&locale=en")
}

#[tokio::test]
async fn a_first_visit_shows_the_welcome_pack_which_stays_once_started() {
    let app = spawn_onboarding().await;
    let first = device("first");
    assert_eq!(
        app.pack_ids(&query(&first, true), None).await,
        ["welcome", "help", "combo"]
    );
    // The next visit is not a first visit: only packs for everyone.
    assert_eq!(app.pack_ids(&query(&first, false), None).await, ["help"]);
    // Without the parameter the widget has not said it is a first visit.
    assert_eq!(
        app.pack_ids(&format!("device={first}"), None).await,
        ["help"]
    );

    // Started on the first visit, the welcome pack is still there after a reload.
    app.complete("welcome", "track", Some(&first), None).await;
    assert_eq!(
        app.pack_ids(&query(&first, false), None).await,
        ["welcome", "help"]
    );
    // …on this device only.
    assert_eq!(
        app.pack_ids(&query(&device("other"), false), None).await,
        ["help"]
    );
    // Without a device id the packs come without progress.
    let anonymous = app.packs("first_visit=true", None).await;
    assert_eq!(
        pack(&anonymous, "welcome")["progress"]["completed"],
        json!([])
    );
}

#[tokio::test]
async fn members_by_when_they_joined_and_by_tier() {
    let app = spawn_onboarding().await;
    let q = query(&device("members"), true);
    // No ledger entries: a member joins when Patron first sees them. First-visit packs are
    // for anonymous customers only.
    assert_eq!(
        app.pack_ids(&q, Some(&token("m-new"))).await,
        ["starter", "help"]
    );
    app.buy("m-recent", "SO-R1", 100, 10).await;
    assert_eq!(
        app.pack_ids(&q, Some(&token("m-recent"))).await,
        ["starter", "help"]
    );
    // The first purchase 100 days ago says when they joined, though Patron sees them today.
    app.buy("m-old", "SO-O1", 100, 100).await;
    assert_eq!(app.pack_ids(&q, Some(&token("m-old"))).await, ["help"]);
    // Tiers follow spend over the rolling window: Gold from ¥5,000, Silver from ¥1,000.
    app.buy("m-gold", "SO-G1", 6000, 100).await;
    assert_eq!(
        app.pack_ids(&q, Some(&token("m-gold"))).await,
        ["gold", "help"]
    );
    app.buy("m-silver", "SO-S1", 2000, 100).await;
    assert_eq!(
        app.pack_ids(&q, Some(&token("m-silver"))).await,
        ["help", "combo"]
    );
    // A member Patron first saw 40 days ago, with no purchases since, is no longer new.
    assert_eq!(
        app.pack_ids(&q, Some(&token("m-quiet"))).await,
        ["starter", "help"]
    );
    let db = app.db().await;
    sqlx::query("UPDATE onboarding_members SET first_seen_at = $1 WHERE member_id = 'm-quiet'")
        .bind(now_ms() - 40 * DAY_MS)
        .execute(&db)
        .await
        .expect("age");
    db.close().await;
    assert_eq!(app.pack_ids(&q, Some(&token("m-quiet"))).await, ["help"]);

    // A token that does not verify is an anonymous customer, not an error.
    let forged = format!("{}x", token("m-new"));
    assert_eq!(
        app.pack_ids(&q, Some(&forged)).await,
        ["welcome", "help", "combo"]
    );
}

#[tokio::test]
async fn kiosks_show_kiosk_packs_to_everyone_on_them() {
    let app = spawn_onboarding().await;
    let session = device("kiosk-session");
    let kiosk = |first: bool| format!("device={session}&surface=kiosk&first_visit={first}");
    assert_eq!(
        app.pack_ids(&kiosk(false), None).await,
        ["in-store", "help", "combo"]
    );
    assert_eq!(
        app.pack_ids(&kiosk(true), None).await,
        ["welcome", "in-store", "help", "combo"]
    );
    assert_eq!(
        app.pack_ids(&kiosk(false), Some(&token("m-kiosk"))).await,
        ["starter", "in-store", "help", "combo"]
    );
    // Not on the web.
    assert_eq!(
        app.pack_ids(&format!("device={session}&surface=page"), None)
            .await,
        ["help"]
    );
    // A kiosk session's progress is not the progress of a web device with the same id.
    let event = json!({"name": "add_to_cart", "device": session, "surface": "kiosk"});
    assert_eq!(
        app.track(&event, None).await,
        [("in-store".to_owned(), "pickup".to_owned())]
    );
    let on_kiosk = app.packs(&kiosk(false), None).await;
    assert_eq!(pack(&on_kiosk, "in-store")["progress"]["finished"], true);
    let web = app
        .packs(
            &format!("device={session}&surface=embed&first_visit=true"),
            None,
        )
        .await;
    assert_eq!(pack(&web, "welcome")["progress"]["completed"], json!([]));
}

#[tokio::test]
async fn texts_fall_back_to_the_default_locale_and_bodies_are_sanitised() {
    let app = spawn_onboarding().await;
    let d = device("texts");
    let tw = app
        .packs(&format!("device={d}&first_visit=true&locale=zh-TW"), None)
        .await;
    assert_eq!(tw["locale"], "zh-TW");
    let welcome = pack(&tw, "welcome");
    assert_eq!(welcome["title"], "新手指南");
    // No zh-TW description: the site's default, zh-CN.
    assert_eq!(welcome["description"], "三步了解购物");
    assert_eq!(
        welcome["steps"][1]["action"],
        json!({"kind": "highlight", "selector": ".shop-member", "text": "这里是会员价"})
    );
    assert_eq!(
        welcome["steps"][0]["action"],
        json!({"kind": "faq", "article": "track-order"})
    );
    assert_eq!(welcome["steps"][2]["completes_on"], "add_to_cart");
    assert_eq!(welcome["steps"][2]["action"], json!({"kind": "none"}));

    // The zh-CN body carries an image with an onerror handler: it is rendered and cleaned.
    let cn = app
        .packs(&format!("device={d}&first_visit=true&locale=zh-CN"), None)
        .await;
    let body = pack(&cn, "welcome")["steps"][0]["body_html"]
        .as_str()
        .expect("body")
        .to_owned();
    assert!(body.contains("<strong>我的订单</strong>"), "{body}");
    assert!(
        !body.contains("onerror") && !body.contains("alert"),
        "{body}"
    );
    // The response itself never carries raw markup characters in strings.
    let raw = app
        .get(&format!("{PACKS}?device={d}&first_visit=true&locale=zh-CN"))
        .await
        .text()
        .await
        .expect("text");
    assert!(!raw.contains("<strong>"), "escaped as \\u003c: {raw}");

    let en = app
        .packs(&format!("device={d}&first_visit=true&locale=en"), None)
        .await;
    assert_eq!(
        pack(&en, "welcome")["steps"][1]["action"]["text"],
        "This is the member price"
    );
    // A reward is shown to everyone; anonymous customers are told to sign in to earn it.
    let help = pack(&en, "help");
    assert_eq!(
        (
            help["reward_points"].as_i64(),
            help["sign_in_to_earn"].as_bool()
        ),
        (Some(50), Some(true))
    );
    let member = app
        .packs(&format!("device={d}&locale=en"), Some(&token("m-texts")))
        .await;
    assert_eq!(pack(&member, "help")["sign_in_to_earn"], false);
    assert_eq!(pack(&member, "starter")["reward_points"], 200);
    // No locale: the site's default.
    assert_eq!(
        app.packs(&format!("device={d}"), None).await["locale"],
        "zh-CN"
    );
}
