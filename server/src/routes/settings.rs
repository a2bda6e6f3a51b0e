use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;

use crate::app::AppState;
use crate::error::AppError;
use crate::extract::AppPath;
use crate::sites;

/// `GET /v1/sites/{site}/settings`. `no-cache`: the widget may keep a copy but must
/// revalidate, so a settings change shows on the next page load.
pub async fn get_settings(
    State(state): State<AppState>,
    AppPath(site): AppPath<String>,
) -> Result<impl IntoResponse, AppError> {
    let settings = sites::settings(&state.pool, &site).await?;
    Ok(([(header::CACHE_CONTROL, "no-cache")], Json(settings)))
}
