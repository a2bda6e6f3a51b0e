//! Member and public points endpoints under `/v1/sites/{site}/points` (see
//! `patron_api::points`). Member data is `Cache-Control: no-store`: it is personal.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use patron_api::points::{
    HistoryPage, Program, RedeemRequest, Reward, RewardsCatalogue, TierInfo, HISTORY_LIMIT_DEFAULT,
    HISTORY_LIMIT_MAX,
};
use patron_api::validate::FieldErrors;
use patron_api::FieldCode;
use patron_api::{ErrorCode, Locale, SiteSettings};
use serde::Deserialize;

use super::rules::LoyaltyRules;
use super::{ops, storage};
use crate::auth::Member;
use crate::error::AppError;
use crate::extract::{AppJson, AppPath, AppQuery, SafeJson};
use crate::sites::{self, requested_locale, LocaleParams};
use crate::state::AppState;
use crate::storage::now_millis;
use patron_api::points::admin::CodeSource;

#[derive(Debug, Default, Deserialize)]
pub struct HistoryParams {
    pub locale: Option<String>,
    pub cursor: Option<String>,
    pub limit: Option<String>,
}

/// The site and its rules; 404 when the site has no points programme.
pub async fn site_rules(
    state: &AppState,
    site: &str,
) -> Result<(SiteSettings, LoyaltyRules), AppError> {
    let settings = sites::settings(&state.pool, site).await?;
    let rules = storage::rules(&state.pool, site)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((settings, rules))
}

fn locales(raw: Option<&str>, site: &SiteSettings) -> Result<(Locale, Locale), AppError> {
    let mut errs = FieldErrors::default();
    let locale = requested_locale(raw, site, &mut errs);
    errs.into_result()?;
    Ok((locale, site.default_locale))
}

/// `GET /v1/sites/{site}/points/me?locale=`.
pub async fn me(
    member: Member,
    State(state): State<AppState>,
    AppQuery(params): AppQuery<LocaleParams>,
) -> Result<impl IntoResponse, AppError> {
    let (settings, rules) = site_rules(&state, &member.site).await?;
    let locales = locales(params.locale.as_deref(), &settings)?;
    let now = now_millis();
    super::earn::note_claimed_birthday(
        &state.pool,
        &member.site,
        &member.id,
        member.birthday.as_deref(),
        now,
    )
    .await?;
    let me = ops::me(
        &state.pool,
        &rules,
        &member.site,
        &member.id,
        member.name,
        locales,
        now,
    )
    .await?;
    Ok(([(header::CACHE_CONTROL, "no-store")], SafeJson(me)))
}

/// `GET /v1/sites/{site}/points/history?locale=&cursor=&limit=`.
pub async fn history(
    member: Member,
    State(state): State<AppState>,
    AppQuery(params): AppQuery<HistoryParams>,
) -> Result<impl IntoResponse, AppError> {
    let (settings, rules) = site_rules(&state, &member.site).await?;
    let mut errs = FieldErrors::default();
    let locale = requested_locale(params.locale.as_deref(), &settings, &mut errs);
    let limit = match params
        .limit
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => HISTORY_LIMIT_DEFAULT,
        Some(s) => match s.parse::<u32>() {
            Ok(n) if (1..=HISTORY_LIMIT_MAX).contains(&n) => n,
            _ => {
                errs.push(
                    "limit",
                    FieldCode::OutOfRange,
                    "a whole number from 1 to 100",
                );
                HISTORY_LIMIT_DEFAULT
            }
        },
    };
    let before = match params.cursor.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(c) => {
            let parsed = ops::parse_cursor(c);
            if parsed.is_none() {
                errs.push(
                    "cursor",
                    FieldCode::InvalidFormat,
                    "pass next_cursor as it was given",
                );
            }
            parsed
        }
    };
    errs.into_result()?;
    let query = ops::HistoryQuery {
        locales: (locale, settings.default_locale),
        before,
        limit,
    };
    let (entries, next_cursor) = ops::history(
        &state.pool,
        &rules,
        &member.site,
        &member.id,
        &query,
        now_millis(),
    )
    .await?;
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        SafeJson(HistoryPage {
            locale,
            entries,
            next_cursor,
        }),
    ))
}

/// `POST /v1/sites/{site}/points/redemptions?locale=`: 201 with the receipt, 200 with the
/// same receipt when the idempotency key is replayed.
pub async fn redeem(
    member: Member,
    State(state): State<AppState>,
    AppQuery(params): AppQuery<LocaleParams>,
    AppJson(req): AppJson<RedeemRequest>,
) -> Result<impl IntoResponse, AppError> {
    req.validate()?;
    let (settings, rules) = site_rules(&state, &member.site).await?;
    let (locale, fallback) = locales(params.locale.as_deref(), &settings)?;
    let reward = rules.reward(&req.reward_id).ok_or_else(|| {
        AppError::refused(
            StatusCode::NOT_FOUND,
            ErrorCode::RewardNotFound,
            "no reward with this id",
        )
    })?;
    let (receipt, replayed) = ops::redeem(
        &state.pool,
        &member.site,
        &member.id,
        reward,
        reward.name.get(locale, fallback),
        &req.idempotency_key,
        now_millis(),
    )
    .await?;
    if !replayed {
        tracing::info!(
            site = %member.site,
            reward = %receipt.reward_id,
            points = receipt.points_spent,
            "points redeemed"
        );
    }
    let status = if replayed {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((
        status,
        [(header::CACHE_CONTROL, "no-store")],
        SafeJson(receipt),
    ))
}

/// `GET /v1/sites/{site}/points/program?locale=`: public.
pub async fn program(
    State(state): State<AppState>,
    AppPath(site): AppPath<String>,
    AppQuery(params): AppQuery<LocaleParams>,
) -> Result<impl IntoResponse, AppError> {
    let (settings, rules) = site_rules(&state, &site).await?;
    let (locale, fallback) = locales(params.locale.as_deref(), &settings)?;
    let tiers = rules
        .tiers
        .iter()
        .map(|t| TierInfo {
            id: t.id.clone(),
            name: t.name.get(locale, fallback).to_owned(),
            benefits: t
                .benefits
                .iter()
                .map(|b| b.get(locale, fallback).to_owned())
                .collect(),
            min_spend: rules.min_spend_minor(t),
            earn_multiplier_percent: t.earn_multiplier_percent,
        })
        .collect();
    let body = Program {
        locale,
        currency: rules.currency.clone(),
        points_per_unit: rules.points_per_unit,
        point_lifetime_months: rules.point_lifetime_months,
        window_months: rules.qualifying_window_months,
        tiers,
    };
    Ok(([(header::CACHE_CONTROL, "no-cache")], SafeJson(body)))
}

/// `GET /v1/sites/{site}/points/rewards?locale=`: public.
pub async fn rewards(
    State(state): State<AppState>,
    AppPath(site): AppPath<String>,
    AppQuery(params): AppQuery<LocaleParams>,
) -> Result<impl IntoResponse, AppError> {
    let (settings, rules) = site_rules(&state, &site).await?;
    let (locale, fallback) = locales(params.locale.as_deref(), &settings)?;
    let redeemed = storage::redeemed_counts(&state.pool, &site).await?;
    let mut conn = state.pool.acquire().await?;
    let mut rewards = Vec::with_capacity(rules.rewards.len());
    for r in &rules.rewards {
        let mut stock_left = r
            .stock
            .map(|s| (s - redeemed.get(&r.id).copied().unwrap_or(0)).max(0));
        // A pool coupon has as many left as codes.
        if r.coupon() == Some(CodeSource::Pool) {
            let codes = super::coupons::pool_state(&mut conn, &site, r)
                .await?
                .available;
            stock_left = Some(stock_left.map_or(codes, |s| s.min(codes)));
        }
        rewards.push(Reward {
            id: r.id.clone(),
            name: r.name.get(locale, fallback).to_owned(),
            description: r.description.get(locale, fallback).to_owned(),
            cost: r.cost,
            stock_left,
        });
    }
    Ok((
        [(header::CACHE_CONTROL, "no-cache")],
        Json(RewardsCatalogue { locale, rewards }),
    ))
}
