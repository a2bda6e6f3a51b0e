//! Public survey endpoints under `/v1/sites/{site}/surveys` (see `patron_api::survey`).

use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use patron_api::survey::{DisplayRequest, EligibilityRequest, FollowUpRequest, ResponseRequest};

use super::respond::{self, Recorded};
use super::Surveys;
use crate::auth::MaybeMember;
use crate::error::AppError;
use crate::extract::{AppJson, AppPath, SafeJson};
use crate::ports::Loyalty;
use crate::state::AppState;

const NO_STORE: [(header::HeaderName, &str); 1] = [(header::CACHE_CONTROL, "no-store")];

/// `POST /v1/sites/{site}/surveys/eligibility`.
pub async fn eligibility(
    State(state): State<AppState>,
    State(surveys_state): State<Arc<Surveys>>,
    State(loyalty): State<Arc<dyn Loyalty>>,
    AppPath(site): AppPath<String>,
    MaybeMember(member): MaybeMember,
    AppJson(req): AppJson<EligibilityRequest>,
) -> Result<impl IntoResponse, AppError> {
    let surveys = surveys_state.get(&state.pool, &site).await?;
    let (pool, loyalty) = (&state.pool, loyalty.as_ref());
    let body = respond::eligibility(pool, loyalty, &site, &surveys, member.as_ref(), &req).await?;
    Ok((NO_STORE, SafeJson(body)))
}

/// `POST /v1/sites/{site}/surveys/displays`.
pub async fn display(
    State(state): State<AppState>,
    State(surveys_state): State<Arc<Surveys>>,
    AppPath(site): AppPath<String>,
    MaybeMember(member): MaybeMember,
    AppJson(req): AppJson<DisplayRequest>,
) -> Result<impl IntoResponse, AppError> {
    let surveys = surveys_state.get(&state.pool, &site).await?;
    respond::display(&state.pool, &site, &surveys, member.as_ref(), &req).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /v1/sites/{site}/surveys/responses`: 201 stored, 200 replayed, 409 key reused.
pub async fn response(
    State(state): State<AppState>,
    State(surveys_state): State<Arc<Surveys>>,
    State(loyalty): State<Arc<dyn Loyalty>>,
    AppPath(site): AppPath<String>,
    MaybeMember(member): MaybeMember,
    AppJson(req): AppJson<ResponseRequest>,
) -> Result<impl IntoResponse, AppError> {
    let surveys = surveys_state.get(&state.pool, &site).await?;
    let (recorded, receipt, alerted) = respond::response(
        &state.pool,
        &surveys_state.writer,
        loyalty.as_ref(),
        &site,
        &surveys,
        member.as_ref(),
        &req,
    )
    .await?;
    if alerted {
        surveys_state.wake.notify_one();
    }
    let status = match recorded {
        Recorded::New => StatusCode::CREATED,
        Recorded::Replay => StatusCode::OK,
    };
    Ok((status, NO_STORE, SafeJson(receipt)))
}

/// `POST /v1/sites/{site}/surveys/follow-ups`.
pub async fn follow_up(
    State(state): State<AppState>,
    State(surveys_state): State<Arc<Surveys>>,
    AppPath(site): AppPath<String>,
    MaybeMember(member): MaybeMember,
    AppJson(req): AppJson<FollowUpRequest>,
) -> Result<impl IntoResponse, AppError> {
    let surveys = surveys_state.get(&state.pool, &site).await?;
    let (receipt, alerted) =
        respond::follow_up(&state.pool, &site, &surveys, member.as_ref(), &req).await?;
    if alerted {
        surveys_state.wake.notify_one();
    }
    Ok((NO_STORE, SafeJson(receipt)))
}
