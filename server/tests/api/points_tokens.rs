//! Member tokens: only a valid HS256 token of this site, sent as a bearer header, opens a
//! member's points; every forgery gets a 401 with its own code.

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use patron_api::points::{MemberClaims, TOKEN_LIFETIME_MAX_SECS};
use serde_json::json;

use crate::common::points::{
    b64, claims, hand_made, now_s, sign, spawn_points, token, ACME_SECRET, SECRET,
};
use crate::common::{assert_envelope, spawn_app, TestApp};

const ME: &str = "/v1/sites/demo/points/me";

async fn refused(app: &TestApp, token: &str, code: &str) {
    let resp = app.get_with(ME, token).await;
    assert_eq!(resp.headers()["www-authenticate"], "Bearer", "{code}");
    assert_envelope(resp, 401, code).await;
}

#[tokio::test]
async fn a_valid_token_opens_the_members_points() {
    let app = spawn_points().await;
    let me = app.me(&token("m-1")).await;
    assert_eq!(me["member_id"], "m-1");
    assert_eq!(me["name"], "王小明");
    assert_eq!(me["balance"], 0);
    // nbf in the past and the full 24 hours are fine.
    let edge = MemberClaims {
        nbf: Some(now_s() - 5),
        iat: now_s() - 5,
        exp: now_s() - 5 + TOKEN_LIFETIME_MAX_SECS,
        ..claims("m-1")
    };
    assert_eq!(app.me(&sign(&edge, SECRET)).await["member_id"], "m-1");
}

#[tokio::test]
async fn missing_token_and_token_in_the_url_are_refused() {
    let app = spawn_points().await;
    assert_envelope(app.get(ME).await, 401, "token_missing").await;
    let t = token("m-1");
    for param in ["token", "access_token", "memberToken"] {
        let resp = app.get(&format!("{ME}?{param}={t}")).await;
        assert_envelope(resp, 401, "token_missing").await;
    }
    let resp = app
        .client
        .get(app.url(ME))
        .header("authorization", t.as_str())
        .send()
        .await
        .expect("request");
    assert_envelope(resp, 401, "token_missing").await;
}

#[tokio::test]
async fn forged_and_tampered_tokens_are_invalid() {
    let app = spawn_points().await;
    refused(
        &app,
        &sign(&claims("m-1"), "not-the-secret-not-the-secret-xxx"),
        "token_invalid",
    )
    .await;
    // Swap the payload of a genuine token for another member's: the signature breaks.
    let genuine = token("m-1");
    let parts: Vec<&str> = genuine.split('.').collect();
    let other = b64(&serde_json::to_vec(&claims("m-2")).expect("json"));
    refused(
        &app,
        &format!("{}.{other}.{}", parts[0], parts[2]),
        "token_invalid",
    )
    .await;
    for junk in ["x", "a.b.c", "Bearer", &format!("{genuine}x")] {
        refused(&app, junk, "token_invalid").await;
    }
}

#[tokio::test]
async fn alg_none_and_algorithm_confusion_are_refused() {
    let app = spawn_points().await;
    let c = serde_json::to_value(claims("m-1")).expect("json");
    let none = hand_made(&json!({"alg": "none", "typ": "JWT"}), &c, None);
    refused(&app, &none, "token_invalid").await;
    let none_signed = hand_made(&json!({"alg": "none", "typ": "JWT"}), &c, Some(SECRET));
    refused(&app, &none_signed, "token_invalid").await;
    // RS256 in the header with an HMAC made from the shared secret: the classic confusion.
    let rs = hand_made(&json!({"alg": "RS256", "typ": "JWT"}), &c, Some(SECRET));
    refused(&app, &rs, "token_invalid").await;
    // Other HMAC sizes with the right secret are still not HS256.
    for alg in [Algorithm::HS384, Algorithm::HS512] {
        let t = jsonwebtoken::encode(
            &Header::new(alg),
            &c,
            &EncodingKey::from_secret(SECRET.as_bytes()),
        )
        .expect("sign");
        refused(&app, &t, "token_invalid").await;
    }
}

#[tokio::test]
async fn time_claims_are_enforced() {
    let app = spawn_points().await;
    let expired = MemberClaims {
        iat: now_s() - 7200,
        exp: now_s() - 120,
        ..claims("m-1")
    };
    refused(&app, &sign(&expired, SECRET), "token_expired").await;
    let not_yet = MemberClaims {
        nbf: Some(now_s() + 600),
        ..claims("m-1")
    };
    refused(&app, &sign(&not_yet, SECRET), "token_not_yet_valid").await;
    let issued_in_future = MemberClaims {
        iat: now_s() + 600,
        exp: now_s() + 1200,
        ..claims("m-1")
    };
    refused(
        &app,
        &sign(&issued_in_future, SECRET),
        "token_not_yet_valid",
    )
    .await;
    let too_long = MemberClaims {
        exp: now_s() + TOKEN_LIFETIME_MAX_SECS + 60,
        ..claims("m-1")
    };
    refused(&app, &sign(&too_long, SECRET), "token_lifetime_too_long").await;
    // Claims the site requires: no exp, or no sub, is not a member token.
    let hs256 = json!({"alg": "HS256", "typ": "JWT"});
    let good = hand_made(
        &hs256,
        &json!({"sub": "m-1", "site": "demo", "iat": now_s(), "exp": now_s() + 60}),
        Some(SECRET),
    );
    assert_eq!(
        app.me(&good).await["member_id"],
        "m-1",
        "hand-made tokens work"
    );
    let no_exp = json!({"sub": "m-1", "site": "demo", "iat": now_s()});
    refused(
        &app,
        &hand_made(&hs256, &no_exp, Some(SECRET)),
        "token_invalid",
    )
    .await;
    let no_sub = json!({"site": "demo", "iat": now_s(), "exp": now_s() + 60});
    refused(
        &app,
        &hand_made(&hs256, &no_sub, Some(SECRET)),
        "token_invalid",
    )
    .await;
}

#[tokio::test]
async fn a_token_for_another_site_is_refused() {
    let app = spawn_points().await;
    let acme = MemberClaims {
        site: "acme".into(),
        ..claims("m-1")
    };
    // Signed by acme for acme, presented to demo.
    refused(&app, &sign(&acme, ACME_SECRET), "token_wrong_site").await;
    // Signed with demo's secret but claiming acme (a retailer reusing one secret).
    refused(&app, &sign(&acme, SECRET), "token_wrong_site").await;
    // The acme token works on acme, and demo's does not.
    let resp = app
        .get_with("/v1/sites/acme/points/me", &sign(&acme, ACME_SECRET))
        .await;
    assert_eq!(resp.status(), 200);
    let resp = app
        .get_with("/v1/sites/acme/points/me", &token("m-1"))
        .await;
    assert_envelope(resp, 401, "token_wrong_site").await;
}

#[tokio::test]
async fn a_site_without_a_secret_accepts_no_token() {
    let app = spawn_app().await;
    let resp = app.get_with(ME, &token("m-1")).await;
    assert_envelope(resp, 401, "token_invalid").await;
    let resp = app
        .get_with("/v1/sites/nope/points/me", &token("m-1"))
        .await;
    assert_envelope(resp, 404, "site_not_found").await;
}

#[tokio::test]
async fn every_member_endpoint_needs_the_token() {
    let app = spawn_points().await;
    for path in ["/v1/sites/demo/points/me", "/v1/sites/demo/points/history"] {
        assert_envelope(app.get(path).await, 401, "token_missing").await;
    }
    let resp = app
        .post_json(
            "/v1/sites/demo/points/redemptions",
            &json!({"reward_id": "coupon", "idempotency_key": "k-00000001"}),
        )
        .await;
    assert_envelope(resp, 401, "token_missing").await;
    let forged = sign(&claims("m-1"), "forged-forged-forged-forged-forged");
    let resp = app.redeem(&forged, "coupon", "k-00000001").await;
    assert_envelope(resp, 401, "token_invalid").await;
}

#[tokio::test]
async fn a_member_sees_only_their_own_points() {
    let app = spawn_points().await;
    app.buy("alice", "SO-A1", 300, 1).await;
    app.buy("bob", "SO-B1", 700, 1).await;
    let alice = token("alice");
    assert_eq!(app.me(&alice).await["balance"], 300);
    let history = app.history_all(&alice).await;
    assert_eq!(history.len(), 1);
    assert_eq!(history[0]["order_ref"], "SO-A1");
    assert_eq!(app.me(&token("bob")).await["balance"], 700);
}
