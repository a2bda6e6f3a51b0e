//! Server-to-server earn endpoints under `/v1/admin/sites/{site}/points` (`SiteAdmin`):
//! entitlements for checkout, member profiles (the birthday) and reported events.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use patron_api::points::earn::{EarnEvent, MemberProfile};
use patron_api::points::member_id;
use patron_api::validate::FieldErrors;

use super::admin::created_or_replayed;
use super::earn::{self, record_event};
use super::earn_storage;
use super::routes::site_rules;
use crate::auth::SiteAdmin;
use crate::error::AppError;
use crate::extract::{AppJson, AppPath};
use crate::state::AppState;
use crate::storage::now_millis;

/// The `{member}` of an admin points path, checked like every member id.
fn member_in_path(member: &str) -> Result<(), AppError> {
    let mut errs = FieldErrors::default();
    errs.check("member", member_id(member));
    Ok(errs.into_result()?)
}

/// `GET …/points/members/{member}/entitlements`.
pub async fn entitlements(
    admin: SiteAdmin,
    State(state): State<AppState>,
    AppPath((_, member)): AppPath<(String, String)>,
) -> Result<impl IntoResponse, AppError> {
    member_in_path(&member)?;
    let (_, rules) = site_rules(&state, &admin.site).await?;
    let body = earn::entitlements(&state.pool, &rules, &admin.site, &member, now_millis()).await?;
    Ok(([(header::CACHE_CONTROL, "no-store")], AppJson(body)))
}

/// `PUT …/points/members/{member}/profile`: the birthday, as `MM-DD` from then on.
pub async fn put_profile(
    admin: SiteAdmin,
    State(state): State<AppState>,
    AppPath((_, member)): AppPath<(String, String)>,
    AppJson(profile): AppJson<MemberProfile>,
) -> Result<impl IntoResponse, AppError> {
    member_in_path(&member)?;
    let birthday = profile.validate()?;
    site_rules(&state, &admin.site).await?;
    let mut conn = state.pool.acquire().await?;
    earn_storage::set_birthday(&mut conn, &admin.site, &member, birthday, now_millis()).await?;
    let stored = MemberProfile {
        birthday: birthday.map(|(m, d)| format!("{m:02}-{d:02}")),
    };
    Ok(([(header::CACHE_CONTROL, "no-store")], AppJson(stored)))
}

/// `POST …/points/events`: idempotent by `idempotency_key`.
pub async fn event(
    admin: SiteAdmin,
    State(state): State<AppState>,
    AppJson(ev): AppJson<EarnEvent>,
) -> Result<impl IntoResponse, AppError> {
    ev.validate()?;
    let (_, rules) = site_rules(&state, &admin.site).await?;
    let (receipt, replayed) =
        record_event(&state.pool, &rules, &admin.site, &ev, now_millis()).await?;
    if !replayed {
        tracing::info!(site = %admin.site, kind = ev.kind.as_str(), points = receipt.points_earned,
            duplicate = receipt.duplicate, "points event recorded");
    }
    Ok((
        created_or_replayed(replayed),
        [(header::CACHE_CONTROL, "no-store")],
        AppJson(receipt),
    ))
}
