//! `POST /v1/admin/sites/{site}/privacy/erasures` and `GET …/privacy/exports`.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use patron_api::privacy::ErasureRequest;
use serde::Deserialize;

use super::{Holders, Via};
use crate::auth::SiteAdmin;
use crate::error::AppError;
use crate::extract::{AppJson, AppQuery, SafeJson};
use crate::ports::Person;
use crate::sites;
use crate::state::AppState;

const NO_STORE: [(header::HeaderName, &str); 1] = [(header::CACHE_CONTROL, "no-store")];

fn person(who: ErasureRequest) -> Result<Person, AppError> {
    who.validate()?;
    Ok(Person {
        member: who.member,
        device: who.device,
    })
}

/// 201 with what was erased, counted (the record kept says only that it happened).
pub async fn erase(
    admin: SiteAdmin,
    State(state): State<AppState>,
    State(holders): State<Holders>,
    AppJson(body): AppJson<ErasureRequest>,
) -> Result<impl IntoResponse, AppError> {
    sites::ensure_stored(&state.pool, &admin.site).await?;
    let person = person(body)?;
    let receipt = super::erase(&state.pool, &holders, &admin.site, &person, Via::Api).await?;
    Ok((StatusCode::CREATED, NO_STORE, SafeJson(receipt)))
}

#[derive(Debug, Default, Deserialize)]
pub struct ExportParams {
    pub member: Option<String>,
    pub device: Option<String>,
}

/// `?member=&device=` (at least one).
pub async fn export(
    admin: SiteAdmin,
    State(state): State<AppState>,
    State(holders): State<Holders>,
    AppQuery(params): AppQuery<ExportParams>,
) -> Result<impl IntoResponse, AppError> {
    sites::ensure_stored(&state.pool, &admin.site).await?;
    let blank_is_none = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
    let person = person(ErasureRequest {
        member: blank_is_none(params.member),
        device: blank_is_none(params.device),
    })?;
    let export = super::export(&state.pool, &holders, &admin.site, &person).await?;
    Ok((NO_STORE, SafeJson(export)))
}
