//! Admin survey endpoints under `/v1/admin/sites/{site}`, authorised by `SiteAdmin`.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use patron_api::validate::FieldErrors;
use serde::Deserialize;

use std::sync::Arc;

use super::definitions::{
    AdminSurveys, Deliveries, Delivery, SurveyConfig, DELIVERIES_LIMIT_DEFAULT,
    DELIVERIES_LIMIT_MAX,
};
use super::storage::{self, DeliveryRow};
use super::Surveys;
use crate::auth::SiteAdmin;
use crate::error::AppError;
use crate::extract::{int_param, AppJson, AppQuery, SafeJson};
use crate::sites;
use crate::state::AppState;
use crate::storage::now_millis;

const NO_STORE: [(header::HeaderName, &str); 1] = [(header::CACHE_CONTROL, "no-store")];

/// `GET /v1/admin/sites/{site}/surveys`: definitions, cooldown and the webhook (its URL and
/// secret reference, never the secret).
pub async fn get_surveys(
    admin: SiteAdmin,
    State(state): State<AppState>,
    State(surveys): State<Arc<Surveys>>,
) -> Result<impl IntoResponse, AppError> {
    surveys.invalidate(&admin.site).await;
    let current = surveys.get(&state.pool, &admin.site).await?;
    Ok((NO_STORE, SafeJson(current.config.clone())))
}

/// `PUT /v1/admin/sites/{site}/surveys`: replaces the definitions and cooldown; the webhook
/// stays as the site's file set it.
pub async fn put_surveys(
    admin: SiteAdmin,
    State(state): State<AppState>,
    State(surveys): State<Arc<Surveys>>,
    AppJson(body): AppJson<AdminSurveys>,
) -> Result<impl IntoResponse, AppError> {
    let site = admin.site;
    let settings = sites::settings(&state.pool, &site).await?;
    surveys.invalidate(&site).await;
    let current = surveys.get(&state.pool, &site).await?;
    let config = SurveyConfig {
        cooldown_hours: body.cooldown_hours,
        webhook: current.config.webhook.clone(),
        surveys: body.surveys,
    };
    config.validate(settings.default_locale)?;
    let json = serde_json::to_string(&config).map_err(AppError::internal)?;
    storage::put_config(&state.pool, &site, &json, now_millis()).await?;
    surveys.invalidate(&site).await;
    tracing::info!(site = %site, surveys = config.surveys.len(), "surveys replaced by admin");
    Ok((NO_STORE, SafeJson(config)))
}

#[derive(Debug, Default, Deserialize)]
pub struct LimitParams {
    pub limit: Option<String>,
}

fn delivery(r: DeliveryRow) -> Delivery {
    Delivery {
        next_attempt_at: r.delivered_at.is_none().then_some(r.next_attempt_at),
        id: r.id,
        response_id: r.response_id,
        event: r.event,
        created_at: r.created_at,
        attempts: r.attempts,
        delivered_at: r.delivered_at,
        last_status: r.last_status,
        last_error: r.last_error,
    }
}

/// `GET /v1/admin/sites/{site}/surveys/deliveries?limit=`: alerts, newest first.
pub async fn deliveries(
    admin: SiteAdmin,
    State(state): State<AppState>,
    AppQuery(params): AppQuery<LimitParams>,
) -> Result<impl IntoResponse, AppError> {
    sites::settings(&state.pool, &admin.site).await?;
    let mut errs = FieldErrors::default();
    let limit = int_param(params.limit.as_deref(), "limit", &mut errs)
        .unwrap_or(DELIVERIES_LIMIT_DEFAULT)
        .clamp(1, DELIVERIES_LIMIT_MAX);
    errs.into_result()?;
    let deliveries = storage::deliveries(&state.pool, &admin.site, limit)
        .await?
        .into_iter()
        .map(delivery)
        .collect();
    Ok((NO_STORE, SafeJson(Deliveries { deliveries })))
}
