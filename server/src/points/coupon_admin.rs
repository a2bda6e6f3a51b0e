//! Coupon pools, server to server (`SiteAdmin`): uploading codes and how each pool stands.
//! `patron-server points codes` is the upload's command-line twin.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use patron_api::points::admin::{CodeSource, LoyaltyRules, RewardRule};
use patron_api::points::coupons::{CodesAdded, CodesUpload, CouponPools};
use patron_api::{ErrorCode, FieldCode};

use super::coupons;
use super::routes::site_rules;
use crate::auth::SiteAdmin;
use crate::error::AppError;
use crate::extract::{AppJson, AppPath};
use crate::state::AppState;
use crate::storage::now_millis;

/// The reward `id` if it is a coupon whose codes come from a pool.
pub fn pool_reward<'r>(rules: &'r LoyaltyRules, id: &str) -> Result<&'r RewardRule, AppError> {
    let reward = rules.reward(id).ok_or_else(|| {
        AppError::refused(
            StatusCode::NOT_FOUND,
            ErrorCode::RewardNotFound,
            "no reward with this id",
        )
    })?;
    if reward.coupon() != Some(CodeSource::Pool) {
        let mut errs = patron_api::validate::FieldErrors::default();
        errs.push(
            "reward",
            FieldCode::NotAllowed,
            "this reward is not a coupon whose codes come from a pool",
        );
        errs.into_result()?;
    }
    Ok(reward)
}

/// `POST …/points/rewards/{reward}/codes`.
pub async fn add_codes(
    admin: SiteAdmin,
    State(state): State<AppState>,
    AppPath((_, reward)): AppPath<(String, String)>,
    AppJson(upload): AppJson<CodesUpload>,
) -> Result<impl IntoResponse, AppError> {
    upload.validate()?;
    let (_, rules) = site_rules(&state, &admin.site).await?;
    let reward = pool_reward(&rules, &reward)?;
    let added = coupons::add_codes(
        &state.pool,
        &admin.site,
        &reward.id,
        &upload.codes,
        now_millis(),
    )
    .await?;
    let mut conn = state.pool.acquire().await?;
    let pool = coupons::pool_state(&mut conn, &admin.site, reward).await?;
    tracing::info!(site = %admin.site, reward = %reward.id, added, available = pool.available,
        "coupon codes uploaded");
    let body = CodesAdded {
        added,
        already_there: i64::try_from(upload.codes.len()).unwrap_or(i64::MAX) - added,
        pool,
    };
    Ok((
        StatusCode::CREATED,
        [(header::CACHE_CONTROL, "no-store")],
        AppJson(body),
    ))
}

/// `GET …/points/coupon-pools`.
pub async fn pools(
    admin: SiteAdmin,
    State(state): State<AppState>,
) -> Result<impl IntoResponse, AppError> {
    let (_, rules) = site_rules(&state, &admin.site).await?;
    let mut conn = state.pool.acquire().await?;
    let mut pools = Vec::new();
    for reward in rules
        .rewards
        .iter()
        .filter(|r| r.coupon() == Some(CodeSource::Pool))
    {
        pools.push(coupons::pool_state(&mut conn, &admin.site, reward).await?);
    }
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        AppJson(CouponPools { pools }),
    ))
}
