//! Issue 18, items 1 and 3: entitlements for checkout, the birthday (from the API or the
//! member token's claim), birthday-month points and voucher, and the events endpoint
//! (sign-up, review, referral) with its idempotency keys.

use serde_json::{json, Value};

use crate::common::points::{
    birthdays_now_and_not, claims, earn_options, now_ms, sign, token, SECRET,
};
use crate::common::{assert_envelope, spawn_with, TestApp};

async fn spawn() -> TestApp {
    spawn_with(earn_options(None)).await
}

fn event(member: &str, kind: &str, key: &str, reference: Option<&str>) -> Value {
    let mut body = json!({"member_id": member, "kind": kind, "idempotency_key": key});
    if let Some(r) = reference {
        body["reference"] = json!(r);
    }
    body
}

#[tokio::test]
async fn entitlements_follow_the_tier_for_the_checkout() {
    let app = spawn().await;
    let member = app.entitlements("m-new").await;
    assert_eq!(member["tier_id"], "member");
    assert_eq!(member["discount_percent"], 0);
    assert_eq!(member["free_services"], json!([]));
    assert_eq!(member["birthday_month"], false);
    assert!(member.get("birthday_voucher").is_none(), "{member}");
    assert_eq!(member["currency"], "CNY");

    app.buy("m-gold", "SO-G1", 6_000, 3).await;
    let gold = app.entitlements("m-gold").await;
    assert_eq!(gold["tier_id"], "gold");
    assert_eq!(gold["discount_percent"], 10);
    assert_eq!(gold["free_services"], json!(["after-sales-check"]));
    assert_eq!(
        gold["birthday_voucher"],
        json!({"value": 10_000, "available": false}),
        "no birthday known: the voucher exists but cannot be used"
    );

    // A refund drops the tier, and the entitlements with it.
    let resp = app
        .admin_post("reversals")
        .json(&json!({"member_id": "m-gold", "order_ref": "SO-G1"}))
        .send()
        .await
        .expect("request");
    assert_eq!(resp.status(), 201);
    assert_eq!(app.entitlements("m-gold").await["discount_percent"], 0);
}

#[tokio::test]
async fn the_birthday_voucher_is_available_in_the_birthday_month_until_used() {
    let app = spawn().await;
    let (this_month, other_month) = birthdays_now_and_not();
    app.buy("m-silver", "SO-S1", 1_500, 3).await;

    let resp = app.set_birthday("m-silver", json!(other_month)).await;
    assert_eq!(resp.status(), 200);
    let e = app.entitlements("m-silver").await;
    assert_eq!(e["birthday_month"], false);
    assert_eq!(e["birthday_voucher"]["available"], false);

    // A full date keeps only month and day.
    let resp = app
        .set_birthday("m-silver", json!(format!("1990-{this_month}")))
        .await;
    assert_eq!(resp.status(), 200);
    assert_eq!(
        resp.json::<Value>().await.expect("json"),
        json!({"birthday": this_month})
    );
    let e = app.entitlements("m-silver").await;
    assert_eq!(e["tier_id"], "silver");
    assert_eq!(e["discount_percent"], 5);
    assert_eq!(e["birthday_month"], true);
    let voucher = &e["birthday_voucher"];
    assert_eq!(voucher["value"], 5_000, "¥50 in fen");
    assert_eq!(voucher["available"], true);
    assert!(voucher["valid_until"].as_i64().expect("until") > now_ms());

    // The checkout used it: not available again this year, whatever key reports it next.
    let used = app
        .event(&event(
            "m-silver",
            "birthday_voucher_used",
            "voucher-0001",
            None,
        ))
        .await;
    assert_eq!(used.status(), 201);
    let receipt: Value = used.json().await.expect("json");
    assert_eq!(receipt["points_earned"], 0);
    assert_eq!(receipt["duplicate"], false);
    let e = app.entitlements("m-silver").await;
    assert_eq!(e["birthday_voucher"]["available"], false);
    assert!(e["birthday_voucher"].get("valid_until").is_none());
    let again = app
        .event(&event(
            "m-silver",
            "birthday_voucher_used",
            "voucher-0002",
            None,
        ))
        .await;
    assert_eq!(again.status(), 201);
    assert_eq!(
        again.json::<Value>().await.expect("json")["duplicate"],
        true
    );

    // Forgetting the birthday.
    assert_eq!(
        app.set_birthday("m-silver", Value::Null).await.status(),
        200
    );
    assert_eq!(app.entitlements("m-silver").await["birthday_month"], false);
}

#[tokio::test]
async fn purchases_in_the_birthday_month_earn_the_multiplier() {
    let app = spawn().await;
    let (this_month, other_month) = birthdays_now_and_not();
    // From the API.
    app.set_birthday("m-api", json!(this_month)).await;
    let receipt = app.buy("m-api", "SO-B1", 100, 0).await;
    assert_eq!(receipt["points_earned"], 200, "double points: {receipt}");
    assert_eq!(receipt["birthday_month"], true);
    // From the member token's claim, recorded when the member opens their points.
    let mut c = claims("m-claim");
    c.birthday = Some(format!("2001-{this_month}"));
    let t = sign(&c, SECRET);
    app.me(&t).await;
    let receipt = app.buy("m-claim", "SO-B2", 100, 0).await;
    assert_eq!(receipt["points_earned"], 200, "{receipt}");
    // Another month, or none known: the tier's rate only.
    app.set_birthday("m-other", json!(other_month)).await;
    let receipt = app.buy("m-other", "SO-B3", 100, 0).await;
    assert_eq!(receipt["points_earned"], 100);
    assert_eq!(receipt["birthday_month"], false);
    assert_eq!(
        app.buy("m-none", "SO-B4", 100, 0).await["points_earned"],
        100
    );
    // A malformed claim is ignored, not refused.
    let mut c = claims("m-bad-claim");
    c.birthday = Some("31/12".into());
    app.me(&sign(&c, SECRET)).await;
    assert_eq!(
        app.entitlements("m-bad-claim").await["birthday_month"],
        false
    );
}

#[tokio::test]
async fn a_sign_up_replayed_earns_once_and_a_second_sign_up_earns_nothing() {
    let app = spawn().await;
    let body = event("m-1", "sign_up", "signup-m-1-0001", None);
    let first = app.event(&body).await;
    assert_eq!(first.status(), 201);
    let receipt: Value = first.json().await.expect("json");
    assert_eq!(receipt["points_earned"], 100);
    assert_eq!(receipt["duplicate"], false);
    assert_eq!(receipt["balance"], 100);
    for _ in 0..3 {
        let again = app.event(&body).await;
        assert_eq!(again.status(), 200, "a replay");
        assert_eq!(again.json::<Value>().await.expect("json"), receipt);
    }
    let second = app
        .event(&event("m-1", "sign_up", "signup-m-1-0002", None))
        .await;
    assert_eq!(second.status(), 201);
    let second: Value = second.json().await.expect("json");
    assert_eq!(second["points_earned"], 0);
    assert_eq!(second["duplicate"], true);
    // The same key with another body is a conflict, on any member.
    for other in [
        event("m-2", "sign_up", "signup-m-1-0001", None),
        event("m-1", "review", "signup-m-1-0001", Some("SKU-1")),
    ] {
        assert_envelope(app.event(&other).await, 409, "idempotency_conflict").await;
    }
    let t = token("m-1");
    let history = app.history_all(&t).await;
    assert_eq!(history.len(), 1);
    assert_eq!(history[0]["title"], "Sign-up bonus");
    assert_eq!(history[0]["kind"], "earn");
    assert_eq!(app.assert_ledger_balanced(&t).await, 100);
    assert_eq!(app.me(&token("m-2")).await["balance"], 0);
}

#[tokio::test]
async fn reviews_earn_once_per_item_and_referrals_once_per_referred_member() {
    let app = spawn().await;
    let earned = |resp: reqwest::Response| async move {
        assert_eq!(resp.status(), 201);
        resp.json::<Value>().await.expect("json")["points_earned"]
            .as_i64()
            .expect("points")
    };
    assert_eq!(
        earned(
            app.event(&event("m-1", "review", "rev-0000001", Some("SKU-1")))
                .await
        )
        .await,
        20
    );
    assert_eq!(
        earned(
            app.event(&event("m-1", "review", "rev-0000002", Some("SKU-1")))
                .await
        )
        .await,
        0,
        "the same item again"
    );
    assert_eq!(
        earned(
            app.event(&event("m-1", "review", "rev-0000003", Some("SKU-2")))
                .await
        )
        .await,
        20
    );
    assert_eq!(
        earned(
            app.event(&event("m-2", "review", "rev-0000004", Some("SKU-1")))
                .await
        )
        .await,
        20,
        "another member's review of the same item"
    );

    // Ten referrers claim the same new member at once: one bonus is paid.
    let claims = futures::future::join_all((0..10).map(|i| {
        let body = event(
            &format!("m-ref-{i}"),
            "referral",
            &format!("ref-new-{i:04}"),
            Some("m-newcomer"),
        );
        let app = &app;
        async move { app.event(&body).await }
    }))
    .await;
    let mut paid = 0;
    for resp in claims {
        assert_eq!(resp.status(), 201);
        let r: Value = resp.json().await.expect("json");
        paid += r["points_earned"].as_i64().expect("points");
    }
    assert_eq!(paid, 500, "one referral bonus for one referred member");
    assert_eq!(
        app.history_all(&token("m-1")).await[0]["title"],
        "Review reward"
    );
}

#[tokio::test]
async fn bad_events_and_profiles_are_refused_field_by_field() {
    let app = spawn().await;
    for (body, field, code) in [
        (
            event("m-1", "review", "rev-000001", None),
            "reference",
            "required",
        ),
        (
            event("m-1", "sign_up", "su-000001", Some("x")),
            "reference",
            "not_allowed",
        ),
        (
            event("m-1", "referral", "rf-000001", Some("m-1")),
            "reference",
            "mismatch",
        ),
        (
            event("m 1", "sign_up", "su-000002", None),
            "member_id",
            "invalid_format",
        ),
        (
            event("m-1", "sign_up", "short", None),
            "idempotency_key",
            "invalid_format",
        ),
    ] {
        let resp = app.event(&body).await;
        let err = assert_envelope(resp, 422, "validation_failed").await;
        assert_eq!(err["error"]["fields"][0]["field"], field, "{body}");
        assert_eq!(err["error"]["fields"][0]["code"], code, "{body}");
    }
    let unknown_kind = app
        .event(&json!({"member_id": "m-1", "kind": "birthday", "idempotency_key": "k-0000001"}))
        .await;
    assert!(
        matches!(unknown_kind.status().as_u16(), 400 | 422),
        "{}",
        unknown_kind.status()
    );
    for bad in ["13-01", "02-30", "1990/01/01", "0101"] {
        let resp = app.set_birthday("m-1", json!(bad)).await;
        let err = assert_envelope(resp, 422, "validation_failed").await;
        assert_eq!(err["error"]["fields"][0]["field"], "birthday", "{bad}");
    }
    let resp = app
        .admin_get_points("members/m%201/entitlements")
        .send()
        .await
        .expect("request");
    assert_envelope(resp, 422, "validation_failed").await;
    // Without the admin key.
    let resp = app
        .client
        .get(app.url("/v1/admin/sites/demo/points/members/m-1/entitlements"))
        .send()
        .await
        .expect("request");
    assert_eq!(resp.status(), 401);
}
