use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;
use serde_json::json;

use crate::app::AppState;
use crate::error::AppError;
use crate::storage;

/// `GET /healthz`: 200 only when the database answers, so a load balancer stops routing to
/// an instance that cannot serve settings.
pub async fn healthz(State(state): State<AppState>) -> Result<impl IntoResponse, AppError> {
    storage::ping(&state.pool)
        .await
        .map_err(|e| AppError::Unavailable(e.to_string()))?;
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        Json(json!({ "status": "ok" })),
    ))
}
