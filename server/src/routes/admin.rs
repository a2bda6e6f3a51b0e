//! `/v1/admin/*`: operator API, authenticated by the bearer admin token.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use patron_api::SiteSettings;

use crate::app::AppState;
use crate::error::AppError;
use crate::extract::{AdminAuth, AppJson, AppPath};
use crate::sites;

/// `PUT /v1/admin/sites/{site}/settings`: replaces (or creates) a site's settings.
/// `AdminAuth` comes first so an unauthenticated body is never read.
pub async fn put_settings(
    _admin: AdminAuth,
    State(state): State<AppState>,
    AppPath(site): AppPath<String>,
    AppJson(settings): AppJson<SiteSettings>,
) -> Result<impl IntoResponse, AppError> {
    let saved = sites::replace(&state.pool, &site, settings).await?;
    tracing::info!(site = %saved.site, "site settings replaced by admin");
    Ok(([(header::CACHE_CONTROL, "no-store")], AppJson(saved)))
}
