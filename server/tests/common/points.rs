//! Points fixtures: a loyalty programme for the `demo` site and a second site `acme`, each
//! with its own member token secret, and helpers that sign tokens and call the points API.

use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use patron_api::points::MemberClaims;
use serde_json::{json, Value};

use super::{spawn_with, Options, TestApp, ADMIN_TOKEN, DEMO_YAML};

pub const SECRET: &str = "test-member-secret-0123456789abcdef";
pub const ACME_SECRET: &str = "acme-member-secret-0123456789abcdef";
pub const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// Amounts in whole yuan; the API speaks fen. Silver from ¥1,000, Gold from ¥5,000.
pub const LOYALTY: &str = r#"
currency: CNY
points_per_unit: 1
point_lifetime_months: 24
qualifying_window_months: 12
point_value_minor: 1
tiers:
  - id: member
    name: { zh-CN: 会员, zh-TW: 會員, en: Member }
    min_spend: 0
    benefits: [{ zh-CN: 积分, zh-TW: 積分, en: Points on every order }]
  - id: silver
    name: { zh-CN: 银卡, zh-TW: 銀卡, en: Silver }
    min_spend: 1000
    earn_multiplier_percent: 120
    benefits: [{ zh-CN: 全场 9.5 折, zh-TW: 全館 95 折, en: 5% off }]
  - id: gold
    name: { zh-CN: 金卡, zh-TW: 金卡, en: Gold }
    min_spend: 5000
    earn_multiplier_percent: 150
    benefits:
      - { zh-CN: 全场 9 折, zh-TW: 全館 9 折, en: 10% off }
      - { zh-CN: 免费售后检测, zh-TW: 免費售後檢測, en: Free after-sales checks }
rewards:
  - id: coupon
    name: { zh-CN: 优惠券, zh-TW: 優惠券, en: Coupon }
    cost: 100
  - id: vase
    name: { zh-CN: 花瓶, zh-TW: 花瓶, en: Vase }
    description: { zh-CN: 青花瓷, zh-TW: 青花瓷, en: Blue and white }
    cost: 500
    stock: 3
  - id: trip
    name: { zh-CN: 旅行, zh-TW: 旅行, en: Trip }
    cost: 1000000
"#;

/// Options for a server whose `demo` and `acme` sites both run the programme.
pub fn options() -> Options {
    Options {
        demo_yaml_extra: "member_token_secret_file: member.key\n".into(),
        sites: vec![(
            "acme",
            format!("{DEMO_YAML}member_token_secret_file: member.key\n"),
        )],
        files: vec![
            ("content/demo/loyalty.yaml".into(), LOYALTY.into()),
            ("content/demo/member.key".into(), format!("{SECRET}\n")),
            ("content/acme/loyalty.yaml".into(), LOYALTY.into()),
            ("content/acme/member.key".into(), ACME_SECRET.into()),
        ],
        ..Options::default()
    }
}

pub async fn spawn_points() -> TestApp {
    spawn_with(options()).await
}

pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .expect("clock")
}

pub fn now_s() -> i64 {
    now_ms() / 1000
}

/// Claims for `member` of site `demo`, valid for an hour.
pub fn claims(member: &str) -> MemberClaims {
    MemberClaims {
        sub: member.into(),
        site: "demo".into(),
        iat: now_s() - 10,
        exp: now_s() + 3600,
        nbf: None,
        name: Some("王小明".into()),
        birthday: None,
    }
}

pub fn sign(claims: &MemberClaims, secret: &str) -> String {
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .expect("sign")
}

/// A good token for `member` of site `demo`.
pub fn token(member: &str) -> String {
    sign(&claims(member), SECRET)
}

pub fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A token with any header and payload, HMAC-SHA256-signed with `secret` (or unsigned).
pub fn hand_made(header: &Value, payload: &Value, secret: Option<&str>) -> String {
    let message = format!(
        "{}.{}",
        b64(header.to_string().as_bytes()),
        b64(payload.to_string().as_bytes())
    );
    let signature = match secret {
        Some(s) => jsonwebtoken::crypto::sign(
            message.as_bytes(),
            &EncodingKey::from_secret(s.as_bytes()),
            Algorithm::HS256,
        )
        .expect("sign"),
        None => String::new(),
    };
    format!("{message}.{signature}")
}

impl TestApp {
    pub fn admin_post(&self, path: &str) -> reqwest::RequestBuilder {
        self.client
            .post(self.url(&format!("/v1/admin/sites/demo/points/{path}")))
            .bearer_auth(ADMIN_TOKEN)
    }

    pub async fn purchase(&self, body: &Value) -> reqwest::Response {
        self.admin_post("purchases")
            .json(body)
            .send()
            .await
            .expect("request")
    }

    /// Records a purchase of `yuan` made `days_ago` days ago; returns the receipt.
    pub async fn buy(&self, member: &str, order_ref: &str, yuan: i64, days_ago: i64) -> Value {
        let resp = self
            .purchase(&json!({
                "member_id": member,
                "order_ref": order_ref,
                "amount": yuan * 100,
                "currency": "CNY",
                "occurred_at": now_ms() - days_ago * DAY_MS,
            }))
            .await;
        assert_eq!(resp.status(), 201, "purchase {order_ref}");
        resp.json().await.expect("json")
    }

    pub async fn adjust(&self, member: &str, points: i64, key: &str) -> reqwest::Response {
        self.admin_post("adjustments")
            .json(&json!({
                "member_id": member,
                "points": points,
                "reason": "test",
                "idempotency_key": key,
            }))
            .send()
            .await
            .expect("request")
    }

    pub async fn me(&self, token: &str) -> Value {
        self.me_in(token, "en").await
    }

    pub async fn me_in(&self, token: &str, locale: &str) -> Value {
        let resp = self
            .get_with(&format!("/v1/sites/demo/points/me?locale={locale}"), token)
            .await;
        assert_eq!(resp.status(), 200, "GET me");
        resp.json().await.expect("json")
    }

    pub async fn redeem(&self, token: &str, reward: &str, key: &str) -> reqwest::Response {
        self.client
            .post(self.url("/v1/sites/demo/points/redemptions?locale=en"))
            .bearer_auth(token)
            .json(&json!({"reward_id": reward, "idempotency_key": key}))
            .send()
            .await
            .expect("request")
    }

    /// Every history entry, following the cursors.
    pub async fn history_all(&self, token: &str) -> Vec<Value> {
        let mut all = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let path = match &cursor {
                Some(c) => format!("/v1/sites/demo/points/history?locale=en&limit=7&cursor={c}"),
                None => "/v1/sites/demo/points/history?locale=en&limit=7".into(),
            };
            let resp = self.get_with(&path, token).await;
            assert_eq!(resp.status(), 200, "GET history");
            let page: Value = resp.json().await.expect("json");
            all.extend(page["entries"].as_array().expect("entries").iter().cloned());
            match page["next_cursor"].as_str() {
                Some(c) => cursor = Some(c.to_owned()),
                None => return all,
            }
        }
    }

    /// Asserts that the ledger sums to the balance and returns the balance.
    pub async fn assert_ledger_balanced(&self, token: &str) -> i64 {
        let balance = self.me(token).await["balance"].as_i64().expect("balance");
        let sum: i64 = self
            .history_all(token)
            .await
            .iter()
            .map(|e| e["points"].as_i64().expect("points"))
            .sum();
        assert_eq!(sum, balance, "the ledger sums to the balance");
        assert!(balance >= 0);
        balance
    }
}

/// A fresh, migrated database for tests that call the domain functions directly (with an
/// injected `now`), on SQLite or `PATRON_TEST_POSTGRES` like the servers of the other tests.
pub async fn test_pool(dir: &std::path::Path) -> sqlx::AnyPool {
    patron_server::storage::connect(&super::database_url(&dir.join("points.db")))
        .await
        .expect("database")
}

pub fn test_rules() -> patron_server::points::LoyaltyRules {
    patron_server::points::rules::parse_file(LOYALTY, &patron_api::Locale::ALL)
        .expect("valid rules")
}

/// `LOYALTY` with the earn rules and entitlements of issue 18: Silver 5 % off and a ¥50
/// birthday voucher, Gold 10 % off with free after-sales checks and a ¥100 voucher; double
/// points in the birthday month; bonuses for sign-up (100), reviews (20) and referrals (500);
/// with `webhook`, points events go there, signed with `SECRET` from a file.
pub fn earn_loyalty(webhook: Option<&str>) -> String {
    let mut yaml = LOYALTY
        .replacen(
            "    benefits: [{ zh-CN: 全场 9.5 折, zh-TW: 全館 95 折, en: 5% off }]\n",
            "    benefits: [{ zh-CN: 全场 9.5 折, zh-TW: 全館 95 折, en: 5% off }]\n    \
             entitlements: { discount_percent: 5, birthday_voucher: 50 }\n",
            1,
        )
        .replacen(
            "      - { zh-CN: 免费售后检测, zh-TW: 免費售後檢測, en: Free after-sales checks }\n",
            "      - { zh-CN: 免费售后检测, zh-TW: 免費售後檢測, en: Free after-sales checks }\n    \
             entitlements:\n      discount_percent: 10\n      free_services: [after-sales-check]\n      \
             birthday_voucher: 100\n",
            1,
        );
    // Coupons: ¥20 off from an uploaded pool (low below 3), ¥50 off issued by the shop.
    yaml = yaml.replacen(
        "    cost: 1000000\n",
        "    cost: 1000000\n  - id: pool-coupon\n    name: { zh-CN: 20 元券, zh-TW: 20 元券, en: ¥20 off }\n    \
         cost: 10\n    kind: coupon\n    code_source: pool\n    pool_low_at: 3\n",
        1,
    );
    if webhook.is_some() {
        yaml = yaml.replacen(
            "    pool_low_at: 3\n",
            "    pool_low_at: 3\n  - id: shop-coupon\n    name: { zh-CN: 50 元券, zh-TW: 50 元券, en: ¥50 off }\n    \
             cost: 20\n    kind: coupon\n    code_source: webhook\n",
            1,
        );
    }
    yaml.push_str(
        "earn:\n  birthday_multiplier_percent: 200\n  sign_up_bonus: 100\n  review_bonus: 20\n  \
         referral_bonus: 500\n",
    );
    if let Some(url) = webhook {
        yaml.push_str(&format!(
            "webhook: {{ url: \"{url}\", secret_file: points-webhook-secret }}\n"
        ));
    }
    yaml
}

/// Options for a server whose `demo` site runs `earn_loyalty(webhook)`.
pub fn earn_options(webhook: Option<&str>) -> Options {
    let mut opts = options();
    opts.files
        .retain(|(path, _)| path != "content/demo/loyalty.yaml");
    opts.files
        .push(("content/demo/loyalty.yaml".into(), earn_loyalty(webhook)));
    opts.files.push((
        "content/demo/points-webhook-secret".into(),
        format!("{SECRET}\n"),
    ));
    opts
}

impl TestApp {
    pub fn admin_get_points(&self, path: &str) -> reqwest::RequestBuilder {
        self.client
            .get(self.url(&format!("/v1/admin/sites/demo/points/{path}")))
            .bearer_auth(ADMIN_TOKEN)
    }

    /// `GET …/members/{member}/entitlements`, asserting 200.
    pub async fn entitlements(&self, member: &str) -> Value {
        let resp = self
            .admin_get_points(&format!("members/{member}/entitlements"))
            .send()
            .await
            .expect("request");
        assert_eq!(resp.status(), 200, "GET entitlements");
        resp.json().await.expect("json")
    }

    /// `PUT …/members/{member}/profile`.
    pub async fn set_birthday(&self, member: &str, birthday: Value) -> reqwest::Response {
        self.client
            .put(self.url(&format!(
                "/v1/admin/sites/demo/points/members/{member}/profile"
            )))
            .bearer_auth(ADMIN_TOKEN)
            .json(&json!({ "birthday": birthday }))
            .send()
            .await
            .expect("request")
    }

    /// `POST …/points/events`.
    pub async fn event(&self, body: &Value) -> reqwest::Response {
        self.admin_post("events")
            .json(body)
            .send()
            .await
            .expect("request")
    }
}

/// `MM-DD` of today (UTC) and of a day in another month.
pub fn birthdays_now_and_not() -> (String, String) {
    let today = time::OffsetDateTime::now_utc();
    let month = u8::from(today.month());
    let other = month % 12 + 1;
    (format!("{month:02}-01"), format!("{other:02}-01"))
}
