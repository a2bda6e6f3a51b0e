//! `GET /v1/admin/sites/{site}/webhooks/deliveries`: every event queued for the site's
//! webhooks, newest first, with how its delivery went.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use patron_api::validate::FieldErrors;
use patron_api::webhooks::{
    DeliveryStatus, WebhookDeliveries, WebhookDelivery, DELIVERIES_LIMIT_DEFAULT,
    DELIVERIES_LIMIT_MAX,
};
use patron_api::FieldCode;
use serde::Deserialize;

use super::storage::{self, DeliveryRow, Filter};
use crate::auth::SiteAdmin;
use crate::error::AppError;
use crate::extract::{int_param, AppQuery, SafeJson};
use crate::paging::{cursor_param, Cursor};
use crate::sites;
use crate::state::AppState;

#[derive(Debug, Default, Deserialize)]
pub struct DeliveriesParams {
    pub status: Option<String>,
    pub event: Option<String>,
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

impl From<DeliveryRow> for WebhookDelivery {
    fn from(r: DeliveryRow) -> Self {
        let status = DeliveryStatus::parse(&r.status).unwrap_or(DeliveryStatus::Pending);
        Self {
            next_attempt_at: (status == DeliveryStatus::Pending).then_some(r.next_attempt_at),
            id: r.id,
            event: r.event,
            reference: r.reference,
            status,
            created_at: r.created_at,
            attempts: r.attempts,
            delivered_at: r.delivered_at,
            failed_at: r.failed_at,
            last_status: r.last_status,
            last_error: r.last_error,
        }
    }
}

/// `?status=&event=&limit=&cursor=`.
pub async fn deliveries(
    admin: SiteAdmin,
    State(state): State<AppState>,
    AppQuery(params): AppQuery<DeliveriesParams>,
) -> Result<impl IntoResponse, AppError> {
    sites::settings(&state.pool, &admin.site).await?;
    let mut errs = FieldErrors::default();
    let limit = int_param(params.limit.as_deref(), "limit", &mut errs)
        .unwrap_or(DELIVERIES_LIMIT_DEFAULT)
        .clamp(1, DELIVERIES_LIMIT_MAX);
    let cursor = cursor_param(params.cursor.as_deref(), &mut errs);
    let status = params.status.as_deref().filter(|s| !s.is_empty());
    if status.is_some_and(|s| DeliveryStatus::parse(s).is_none()) {
        errs.push(
            "status",
            FieldCode::InvalidFormat,
            "pending, delivered or failed",
        );
    }
    errs.into_result()?;
    let filter = Filter {
        event_prefix: None,
        event: params.event.as_deref().filter(|e| !e.is_empty()),
        status,
    };
    let rows = storage::list(&state.pool, &admin.site, &filter, &cursor, limit).await?;
    let next_cursor =
        Cursor::after(&rows, limit, |r| (r.created_at, r.id.as_str())).map(|c| c.encode());
    let deliveries = rows.into_iter().map(WebhookDelivery::from).collect();
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        SafeJson(WebhookDeliveries {
            deliveries,
            next_cursor,
        }),
    ))
}
