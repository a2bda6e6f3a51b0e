//! The console's members and rewards screen (`patron_api::console::members`): a member's
//! standing and history, the redemptions with their fulfilment, and the programme's
//! liability. The admin API's twin of the fulfilment is `admin::change_redemption`.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use patron_api::console::members::{
    Liability, MemberDetail, RedemptionChange, RedemptionPage, RedemptionStatus,
};
use patron_api::console::{object_id, Role};
use patron_api::points::HISTORY_LIMIT_DEFAULT;
use patron_api::validate::FieldErrors;
use patron_api::FieldCode;
use serde::Deserialize;

use super::fulfilment;
use super::ops;
use super::routes::site_rules;
use super::storage;
use crate::audit::Who;
use crate::auth::console::ConsoleUser;
use crate::error::AppError;
use crate::extract::{AppJson, AppPath, AppQuery, SafeJson};
use crate::paging::PageParams;
use crate::sites::requested_locale;
use crate::state::AppState;
use crate::storage::{now_millis, DAY_MS};

#[derive(Debug, Default, Deserialize)]
pub struct RedemptionParams {
    #[serde(default)]
    pub status: Option<String>,
    #[serde(flatten)]
    pub page: PageParams,
}

/// `GET …/redemptions?status=&cursor=&limit=` (every role).
pub async fn redemptions(
    who: ConsoleUser,
    State(state): State<AppState>,
    AppQuery(q): AppQuery<RedemptionParams>,
) -> Result<impl IntoResponse, AppError> {
    let mut errs = FieldErrors::default();
    let status = match q.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => {
            let parsed = RedemptionStatus::parse(s);
            if parsed.is_none() {
                errs.push(
                    "status",
                    FieldCode::InvalidFormat,
                    "pending, fulfilled or cancelled",
                );
            }
            parsed
        }
    };
    let (cursor, limit) = q.page.page(&mut errs);
    errs.into_result()?;
    let (mut list, next) =
        fulfilment::list(&state.pool, who.site(), status, &cursor, limit).await?;
    // Names in the site's default locale, as the programme names them now.
    if let Ok((settings, rules)) = site_rules(&state, who.site()).await {
        let locale = settings.default_locale;
        for r in &mut list {
            if let Some(reward) = rules.reward(&r.reward_id) {
                r.reward_name = reward.name.get(locale, locale).to_owned();
            }
        }
    }
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        SafeJson(RedemptionPage {
            redemptions: list,
            next_cursor: next.map(|c| c.encode()),
        }),
    ))
}

/// `PUT …/redemptions/{id}` (agents and owners).
pub async fn change_redemption(
    who: ConsoleUser,
    State(state): State<AppState>,
    AppPath((_, id)): AppPath<(String, String)>,
    AppJson(body): AppJson<RedemptionChange>,
) -> Result<impl IntoResponse, AppError> {
    who.require(Role::Agent)?;
    object_id(&id).map_err(|_| AppError::NotFound)?;
    let rules = storage::rules(&state.pool, who.site()).await?;
    let done = fulfilment::change_status(
        &state.pool,
        rules.as_ref(),
        who.site(),
        &id,
        body.status,
        &Who::User(who.as_ref()),
        now_millis(),
    )
    .await?;
    Ok(SafeJson(done))
}

#[derive(Debug, Default, Deserialize)]
pub struct MemberParams {
    #[serde(default)]
    pub locale: Option<String>,
    #[serde(default)]
    pub cursor: Option<String>,
}

/// `GET …/members/{member}?locale=&cursor=` (every role); 404 for a member the programme has
/// never seen.
pub async fn member(
    who: ConsoleUser,
    State(state): State<AppState>,
    AppPath((_, member)): AppPath<(String, String)>,
    AppQuery(q): AppQuery<MemberParams>,
) -> Result<impl IntoResponse, AppError> {
    let (settings, rules) = site_rules(&state, who.site()).await?;
    let mut errs = FieldErrors::default();
    let locale = requested_locale(q.locale.as_deref(), &settings, &mut errs);
    let before = match q.cursor.as_deref().filter(|s| !s.is_empty()) {
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
    if member.is_empty()
        || member.len() > 128
        || storage::first_entry_at(&state.pool, who.site(), &member)
            .await?
            .is_none()
    {
        return Err(AppError::NotFound);
    }
    let now = now_millis();
    let locales = (locale, settings.default_locale);
    let standing = ops::me(&state.pool, &rules, who.site(), &member, None, locales, now).await?;
    let query = ops::HistoryQuery {
        locales,
        before,
        limit: HISTORY_LIMIT_DEFAULT,
    };
    let (history, next_cursor) =
        ops::history(&state.pool, &rules, who.site(), &member, &query, now).await?;
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        SafeJson(MemberDetail {
            standing,
            history,
            next_cursor,
        }),
    ))
}

/// `GET …/points/liability` (every role): what members hold now, what it is worth, what
/// expires soon and what waits to be fulfilled.
pub async fn liability(
    who: ConsoleUser,
    State(state): State<AppState>,
) -> Result<impl IntoResponse, AppError> {
    let (_, rules) = site_rules(&state, who.site()).await?;
    let site = who.site();
    let now = now_millis();
    let (outstanding, members): (i64, i64) = sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(balance), 0) AS BIGINT), \
         CAST(COUNT(CASE WHEN balance > 0 THEN 1 END) AS BIGINT) \
         FROM member_balances WHERE site = $1",
    )
    .bind(site)
    .fetch_one(&state.pool)
    .await?;
    // Lots already past their expiry but not yet written off count as expiring now.
    let (expiring,): (i64,) = sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(remaining), 0) AS BIGINT) FROM point_lots \
         WHERE site = $1 AND remaining > 0 AND expires_at <= $2",
    )
    .bind(site)
    .bind(now + 30 * DAY_MS)
    .fetch_one(&state.pool)
    .await?;
    let (pending, pending_points): (i64, i64) = sqlx::query_as(
        "SELECT CAST(COUNT(*) AS BIGINT), CAST(COALESCE(SUM(points), 0) AS BIGINT) \
         FROM point_redemptions WHERE site = $1 AND status = 'pending'",
    )
    .bind(site)
    .fetch_one(&state.pool)
    .await?;
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        AppJson(Liability {
            currency: rules.currency.clone(),
            outstanding_points: outstanding,
            value: outstanding.saturating_mul(rules.point_value_minor),
            point_value: rules.point_value_minor,
            members_with_points: members,
            expiring_within_30_days: expiring,
            pending_redemptions: pending,
            pending_points,
        }),
    ))
}
