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
use super::storage;
use super::webhook::EVENTS;
use super::Surveys;
use crate::audit;
use crate::auth::SiteAdmin;
use crate::content::Kind;
use crate::error::AppError;
use crate::extract::{int_param, AppJson, AppQuery, SafeJson};
use crate::paging::Cursor;
use crate::sites;
use crate::state::AppState;
use crate::storage::now_millis;
use crate::webhooks::storage::{self as deliveries_storage, DeliveryRow, Filter};
use patron_api::webhooks::WebhookDelivery;

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
/// stays as the site's file set it. 409 `managed_by_files` when the files own the surveys.
pub async fn put_surveys(
    admin: SiteAdmin,
    State(state): State<AppState>,
    State(surveys): State<Arc<Surveys>>,
    AppJson(body): AppJson<AdminSurveys>,
) -> Result<impl IntoResponse, AppError> {
    let site = admin.site;
    let settings = sites::settings(&state.pool, &site).await?;
    state.owners.ensure_api_owned(&site, Kind::Surveys, None)?;
    surveys.invalidate(&site).await;
    let current = surveys.get(&state.pool, &site).await?;
    let config = SurveyConfig {
        cooldown_hours: body.cooldown_hours,
        webhook: current.config.webhook.clone(),
        surveys: body.surveys,
    };
    config.validate(settings.default_locale)?;
    let json = serde_json::to_string(&config).map_err(AppError::internal)?;
    let before = serde_json::to_value(&current.config).map_err(AppError::internal)?;
    let after = serde_json::to_value(&config).map_err(AppError::internal)?;
    let mut tx = state.pool.begin().await?;
    let now = now_millis();
    storage::put_config(&mut *tx, &site, &json, now).await?;
    audit::config_replaced(&mut tx, &site, "surveys", Some(&before), &after, now).await?;
    tx.commit().await?;
    surveys.invalidate(&site).await;
    tracing::info!(site = %site, surveys = config.surveys.len(), "surveys replaced by admin");
    Ok((NO_STORE, SafeJson(config)))
}

#[derive(Debug, Default, Deserialize)]
pub struct LimitParams {
    pub limit: Option<String>,
}

/// The general delivery as the survey list shows it (the reference is the response id).
fn delivery(r: DeliveryRow) -> Delivery {
    let w = WebhookDelivery::from(r);
    Delivery {
        id: w.id,
        response_id: w.reference.unwrap_or_default(),
        event: w.event,
        status: w.status,
        created_at: w.created_at,
        attempts: w.attempts,
        next_attempt_at: w.next_attempt_at,
        delivered_at: w.delivered_at,
        failed_at: w.failed_at,
        last_status: w.last_status,
        last_error: w.last_error,
    }
}

/// `GET /v1/admin/sites/{site}/surveys/deliveries?limit=`: alerts, newest first (the
/// survey events of the general `…/webhooks/deliveries`).
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
    let filter = Filter {
        event_prefix: Some(EVENTS),
        ..Filter::default()
    };
    let deliveries =
        deliveries_storage::list(&state.pool, &admin.site, &filter, &Cursor::start(), limit)
            .await?
            .into_iter()
            .map(delivery)
            .collect();
    Ok((NO_STORE, SafeJson(Deliveries { deliveries })))
}
