//! Server-to-server points endpoints and the rules admin, under
//! `/v1/admin/sites/{site}/points`, authorised by `SiteAdmin` (the site's admin key or the
//! global admin token). Not CORS-enabled: browsers never call these.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use patron_api::points::{AdjustRequest, PurchaseRequest, ReverseRequest};
use patron_api::FieldCode;

use super::ops::{self, Adjustment, Purchase, FUTURE_SKEW_MS};
use super::routes::site_rules;
use super::rules::LoyaltyRules;
use super::storage;
use crate::audit;
use crate::auth::SiteAdmin;
use crate::content::Kind;
use crate::error::AppError;
use crate::extract::AppJson;
use crate::sites;
use crate::state::AppState;
use crate::storage::now_millis;

pub fn created_or_replayed(replayed: bool) -> StatusCode {
    if replayed {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    }
}

/// `POST …/points/purchases`: earns points; idempotent by `order_ref`.
pub async fn purchase(
    admin: SiteAdmin,
    State(state): State<AppState>,
    AppJson(req): AppJson<PurchaseRequest>,
) -> Result<impl IntoResponse, AppError> {
    let (_, rules) = site_rules(&state, &admin.site).await?;
    let now = now_millis();
    let amount = req.validate();
    let mut errs = amount.clone().err().unwrap_or_default();
    if !req.currency.is_empty() && req.currency != rules.currency {
        errs.push(
            "currency",
            FieldCode::Mismatch,
            format!("this programme counts {} only", rules.currency),
        );
    }
    if req.occurred_at > now + FUTURE_SKEW_MS {
        errs.push(
            "occurred_at",
            FieldCode::InFuture,
            "a purchase cannot be in the future",
        );
    }
    errs.into_result()?;
    let purchase = Purchase {
        member: &req.member_id,
        order_ref: &req.order_ref,
        amount: amount.unwrap_or_default(),
        currency: &req.currency,
        occurred_at: req.occurred_at,
    };
    let (receipt, replayed) =
        ops::record_purchase(&state.pool, &rules, &admin.site, &purchase, now).await?;
    Ok((
        created_or_replayed(replayed),
        [(header::CACHE_CONTROL, "no-store")],
        AppJson(receipt),
    ))
}

/// `POST …/points/reversals`: takes back what an order earned.
pub async fn reverse(
    admin: SiteAdmin,
    State(state): State<AppState>,
    AppJson(req): AppJson<ReverseRequest>,
) -> Result<impl IntoResponse, AppError> {
    req.validate()?;
    site_rules(&state, &admin.site).await?;
    let (receipt, replayed) = ops::reverse_order(
        &state.pool,
        &admin.site,
        &req.member_id,
        &req.order_ref,
        req.reason.as_deref(),
        now_millis(),
    )
    .await?;
    Ok((
        created_or_replayed(replayed),
        [(header::CACHE_CONTROL, "no-store")],
        AppJson(receipt),
    ))
}

/// `POST …/points/adjustments`: a signed manual correction; idempotent by key.
pub async fn adjust(
    admin: SiteAdmin,
    State(state): State<AppState>,
    AppJson(req): AppJson<AdjustRequest>,
) -> Result<impl IntoResponse, AppError> {
    let points = req.validate()?;
    let (_, rules) = site_rules(&state, &admin.site).await?;
    let adjustment = Adjustment {
        member: &req.member_id,
        points,
        reason: req.reason.trim(),
        key: &req.idempotency_key,
    };
    let (receipt, replayed) =
        ops::adjust(&state.pool, &rules, &admin.site, &adjustment, now_millis()).await?;
    Ok((
        created_or_replayed(replayed),
        [(header::CACHE_CONTROL, "no-store")],
        AppJson(receipt),
    ))
}

/// `GET …/points/rules`: the rules in force, in the loyalty.yaml structure.
pub async fn get_rules(
    admin: SiteAdmin,
    State(state): State<AppState>,
) -> Result<impl IntoResponse, AppError> {
    let (_, rules) = site_rules(&state, &admin.site).await?;
    Ok(([(header::CACHE_CONTROL, "no-store")], AppJson(rules)))
}

/// `PUT …/points/rules`: replaces the rules; 409 `managed_by_files` when the files own them
/// (`owners.loyalty`). Stock counts already redeemed are kept.
pub async fn put_rules(
    admin: SiteAdmin,
    State(state): State<AppState>,
    AppJson(rules): AppJson<LoyaltyRules>,
) -> Result<impl IntoResponse, AppError> {
    let settings = sites::settings(&state.pool, &admin.site).await?;
    state
        .owners
        .ensure_api_owned(&admin.site, Kind::Loyalty, None)?;
    // The webhook names a secret on the server: it stays the file's business.
    let mut rules = rules;
    let stored = storage::rules(&state.pool, &admin.site).await?;
    rules.webhook = stored.as_ref().and_then(|stored| stored.webhook.clone());
    rules.validate(&settings.locales)?;
    let before = stored
        .map(|r| serde_json::to_value(r).map_err(AppError::internal))
        .transpose()?;
    let after = serde_json::to_value(&rules).map_err(AppError::internal)?;
    let mut tx = state.pool.begin().await?;
    storage::put_rules(&mut *tx, &admin.site, &rules).await?;
    let now = now_millis();
    audit::config_replaced(
        &mut tx,
        &admin.site,
        "points_rules",
        before.as_ref(),
        &after,
        now,
    )
    .await?;
    tx.commit().await?;
    tracing::info!(site = %admin.site, "loyalty rules replaced by admin");
    Ok(([(header::CACHE_CONTROL, "no-store")], AppJson(rules)))
}

/// `PUT …/points/redemptions/{id}`: the retailer's backend fulfils or cancels a redemption,
/// as the console does (`console::change_redemption`), audited as the admin key.
pub async fn change_redemption(
    admin: SiteAdmin,
    State(state): State<AppState>,
    crate::extract::AppPath((_, id)): crate::extract::AppPath<(String, String)>,
    AppJson(body): AppJson<patron_api::console::members::RedemptionChange>,
) -> Result<impl IntoResponse, AppError> {
    patron_api::console::object_id(&id).map_err(|_| AppError::NotFound)?;
    let rules = storage::rules(&state.pool, &admin.site).await?;
    let done = super::fulfilment::change_status(
        &state.pool,
        rules.as_ref(),
        &admin.site,
        &id,
        body.status,
        &crate::audit::Who::AdminKey,
        now_millis(),
    )
    .await?;
    Ok(AppJson(done))
}
