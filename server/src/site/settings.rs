//! A site's public settings: read by the widget, replaced by the operator.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;
use patron_api::SiteSettings;

use crate::auth::AdminAuth;
use crate::content::Kind;
use crate::error::AppError;
use crate::extract::{AppJson, AppPath};
use crate::sites;
use crate::state::AppState;

/// `GET /v1/sites/{site}/settings`. `no-cache`: the widget may keep a copy but must
/// revalidate, so a settings change shows on the next page load.
pub async fn get_settings(
    State(state): State<AppState>,
    AppPath(site): AppPath<String>,
) -> Result<impl IntoResponse, AppError> {
    let settings = sites::settings(&state.pool, &site).await?;
    Ok(([(header::CACHE_CONTROL, "no-cache")], Json(settings)))
}

/// `PUT /v1/admin/sites/{site}/settings`: replaces (or creates) a site's settings; 409
/// `managed_by_files` when its site.yaml owns them (`owners.settings: files`).
/// `AdminAuth` comes first so an unauthenticated body is never read.
pub async fn put_settings(
    _admin: AdminAuth,
    State(state): State<AppState>,
    AppPath(site): AppPath<String>,
    AppJson(settings): AppJson<SiteSettings>,
) -> Result<impl IntoResponse, AppError> {
    state.owners.ensure_api_owned(&site, Kind::Settings, None)?;
    let saved = sites::replace(&state.pool, &site, settings).await?;
    tracing::info!(site = %saved.site, "site settings replaced by admin");
    Ok(([(header::CACHE_CONTROL, "no-store")], AppJson(saved)))
}
