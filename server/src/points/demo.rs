//! Demo mode only: sample members the demo shop can sign in as, seeded into the ledger at
//! every start (so "expiring soon" stays soon), and a door that signs tokens for them. The
//! routes are not even registered outside demo mode.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use patron_api::points::admin::CodeSource;
use patron_api::points::{DemoMember, DemoMembers, DemoToken, MemberClaims};
use patron_api::validate::FieldErrors;
use patron_api::Locale;
use sqlx::AnyPool;

use super::coupons;
use super::ledger::LedgerError;
use super::ops::{self, Purchase};
use super::rules::LoyaltyRules;
use super::storage;
use crate::demo::DEMO_SITE;
use crate::error::AppError;
use crate::extract::{AppPath, AppQuery, SafeJson};
use crate::sites::{self, requested_locale, LocaleParams};
use crate::state::AppState;
use crate::storage::now_millis;
/// Tokens from the demo door live this long (seconds).
pub const DEMO_TOKEN_SECS: i64 = 2 * 60 * 60;

use crate::storage::DAY_MS;

pub struct Sample {
    pub id: &'static str,
    /// zh-CN, zh-TW, en.
    pub name: [&'static str; 3],
    pub about: [&'static str; 3],
    /// `(days ago, amount in major units)`, oldest first.
    pub purchases: &'static [(i64, i64)],
}

pub const SAMPLES: [Sample; 3] = [
    Sample {
        id: "demo-new",
        name: ["林小新", "林小新", "Lin Xiaoxin"],
        about: [
            "新会员，还没有积分",
            "新會員，還沒有積分",
            "New member, no points yet",
        ],
        purchases: &[],
    },
    Sample {
        id: "demo-silver",
        name: ["陈银", "陳銀", "Chen Yin"],
        about: [
            "银卡会员，离金卡只差 1,200 元",
            "銀卡會員，離金卡只差 1,200 元",
            "Silver, ¥1,200 away from Gold",
        ],
        purchases: &[(200, 8_800), (90, 6_500), (20, 3_500)],
    },
    Sample {
        id: "demo-gold",
        name: ["王金", "王金", "Wang Jin"],
        about: [
            "金卡会员，3,000 积分即将过期",
            "金卡會員，3,000 積分即將過期",
            "Gold, 3,000 points expiring soon",
        ],
        // The first purchase is 23½ months old: with a 24-month lifetime its points expire
        // in about 18 days.
        purchases: &[(712, 3_000), (300, 12_000), (150, 9_000), (40, 6_000)],
    },
];

fn pick(texts: &[&'static str; 3], locale: Locale) -> &'static str {
    match locale {
        Locale::ZhCn => texts[0],
        Locale::ZhTw => texts[1],
        Locale::En => texts[2],
    }
}

/// Replaces the sample members' ledgers with fresh ones relative to `now`.
pub async fn seed(pool: &AnyPool, rules: &LoyaltyRules, now: i64) -> Result<(), LedgerError> {
    for sample in &SAMPLES {
        storage::forget_member(pool, DEMO_SITE, sample.id).await?;
        for (i, (days_ago, units)) in sample.purchases.iter().enumerate() {
            let order_ref = format!("{}-{}", sample.id.to_ascii_uppercase(), i + 1);
            let purchase = Purchase {
                member: sample.id,
                order_ref: &order_ref,
                amount: units * rules.minor_units_per_unit,
                currency: &rules.currency,
                occurred_at: now - days_ago * DAY_MS,
            };
            ops::record_purchase(pool, rules, DEMO_SITE, &purchase, now).await?;
        }
    }
    top_up_pools(pool, rules, now).await?;
    Ok(())
}

/// Codes in each pool coupon's pool, made up (`DEMO-…`): demo visitors redeem freely.
const DEMO_POOL_CODES: i64 = 200;

async fn top_up_pools(pool: &AnyPool, rules: &LoyaltyRules, now: i64) -> Result<(), LedgerError> {
    for reward in rules
        .rewards
        .iter()
        .filter(|r| r.coupon() == Some(CodeSource::Pool))
    {
        let mut conn = pool.acquire().await?;
        let left = coupons::pool_state(&mut conn, DEMO_SITE, reward)
            .await?
            .available;
        drop(conn);
        let codes: Vec<String> = (left..DEMO_POOL_CODES)
            .map(|_| {
                format!(
                    "DEMO-{}",
                    &crate::storage::new_id()[..10].to_ascii_uppercase()
                )
            })
            .collect();
        coupons::add_codes(pool, DEMO_SITE, &reward.id, &codes, now).await?;
    }
    Ok(())
}

async fn demo_locale(state: &AppState, site: &str, raw: Option<&str>) -> Result<Locale, AppError> {
    if site != DEMO_SITE {
        return Err(AppError::NotFound);
    }
    let settings = sites::settings(&state.pool, site).await?;
    let mut errs = FieldErrors::default();
    let locale = requested_locale(raw, &settings, &mut errs);
    errs.into_result()?;
    Ok(locale)
}

/// `GET /v1/sites/demo/points/demo/members?locale=`.
pub async fn members(
    State(state): State<AppState>,
    AppPath(site): AppPath<String>,
    AppQuery(params): AppQuery<LocaleParams>,
) -> Result<impl IntoResponse, AppError> {
    let locale = demo_locale(&state, &site, params.locale.as_deref()).await?;
    let members = SAMPLES
        .iter()
        .map(|s| DemoMember {
            member_id: s.id.to_owned(),
            name: pick(&s.name, locale).to_owned(),
            about: pick(&s.about, locale).to_owned(),
        })
        .collect();
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        SafeJson(DemoMembers { members }),
    ))
}

/// `POST /v1/sites/demo/points/demo/members/{member}/token?locale=`: a signed member token,
/// as the retailer's backend would issue after its own sign-in.
pub async fn token(
    State(state): State<AppState>,
    AppPath((site, member)): AppPath<(String, String)>,
    AppQuery(params): AppQuery<LocaleParams>,
) -> Result<impl IntoResponse, AppError> {
    let locale = demo_locale(&state, &site, params.locale.as_deref()).await?;
    let sample = SAMPLES
        .iter()
        .find(|s| s.id == member)
        .ok_or(AppError::NotFound)?;
    let secret = state
        .members
        .get(&site)
        .ok_or_else(|| AppError::internal("demo site without a member token secret"))?;
    let now = now_millis() / 1000;
    let claims = MemberClaims {
        sub: sample.id.to_owned(),
        site: site.clone(),
        iat: now,
        exp: now + DEMO_TOKEN_SECS,
        nbf: None,
        name: Some(pick(&sample.name, locale).to_owned()),
        birthday: None,
    };
    let body = DemoToken {
        member_id: sample.id.to_owned(),
        token: secret.sign(&claims)?,
        expires_at: claims.exp,
    };
    Ok(([(header::CACHE_CONTROL, "no-store")], SafeJson(body)))
}
