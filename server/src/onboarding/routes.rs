//! Public onboarding endpoints under `/v1/sites/{site}/onboarding` (see
//! `patron_api::onboarding`). Answers are `Cache-Control: no-store`: they carry progress.

use patron_api::FieldCode;
use std::sync::Arc;

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use patron_api::onboarding::{
    self, CompleteRequest, EventRequest, EventResponse, Pack, PacksResponse, Surface,
};
use patron_api::validate::FieldErrors;
use patron_api::Locale;
use serde::Deserialize;

use super::progress::{self, Who};
use super::SitePacks;
use crate::auth::{MaybeMember, MemberId};
use crate::error::AppError;
use crate::extract::{AppJson, AppPath, AppQuery, SafeJson};
use crate::ports::Loyalty;
use crate::sites::locale_or;
use crate::state::AppState;
use crate::storage::now_millis;

const NO_STORE: [(header::HeaderName, &str); 1] = [(header::CACHE_CONTROL, "no-store")];

/// The query of `GET /packs` as sent: strings, so a bad value is a 422 on its field.
#[derive(Debug, Default, Deserialize)]
pub struct PacksParams {
    pub locale: Option<String>,
    pub device: Option<String>,
    pub surface: Option<String>,
    pub first_visit: Option<String>,
}

struct Parsed {
    locale: Locale,
    device: Option<String>,
    surface: Surface,
    first_visit: bool,
}

fn parse(params: &PacksParams, default_locale: Locale) -> Result<Parsed, AppError> {
    let mut errs = FieldErrors::default();
    let given = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let locale = locale_or(params.locale.as_deref(), default_locale, &mut errs);
    let surface = match given(&params.surface) {
        None => Surface::default(),
        Some(s) => Surface::parse(&s).unwrap_or_else(|| {
            errs.push("surface", FieldCode::InvalidFormat, "embed, page or kiosk");
            Surface::default()
        }),
    };
    let first_visit = match given(&params.first_visit).as_deref() {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => {
            errs.push("first_visit", FieldCode::InvalidFormat, "true or false");
            false
        }
    };
    let device = given(&params.device);
    if let Some(d) = &device {
        errs.check("device", onboarding::device_id(d));
    }
    errs.into_result()?;
    Ok(Parsed {
        locale,
        device,
        surface,
        first_visit,
    })
}

fn who<'a>(
    site: &'a str,
    member: Option<&'a MemberId>,
    device: Option<&'a str>,
    surface: Surface,
) -> Who<'a> {
    Who {
        site,
        member,
        device,
        surface,
        now: now_millis(),
    }
}

/// The customer's packs and the locale they are in.
async fn customer_packs(
    state: &AppState,
    loyalty: &dyn Loyalty,
    site: &str,
    member: Option<&MemberId>,
    params: &PacksParams,
) -> Result<(Locale, Vec<Pack>), AppError> {
    let site_packs = SitePacks::load(&state.pool, site).await?;
    let q = parse(params, site_packs.default_locale)?;
    let who = who(site, member, q.device.as_deref(), q.surface);
    let packs = progress::list(
        &state.pool,
        loyalty,
        &site_packs,
        &who,
        q.first_visit,
        q.locale,
    )
    .await?;
    Ok((q.locale, packs))
}

/// `GET /v1/sites/{site}/onboarding/packs?locale=&device=&surface=&first_visit=`.
pub async fn packs(
    State(state): State<AppState>,
    State(loyalty): State<Arc<dyn Loyalty>>,
    AppPath(site): AppPath<String>,
    MaybeMember(member): MaybeMember,
    AppQuery(params): AppQuery<PacksParams>,
) -> Result<impl IntoResponse, AppError> {
    let (locale, packs) =
        customer_packs(&state, loyalty.as_ref(), &site, member.as_ref(), &params).await?;
    Ok((NO_STORE, SafeJson(PacksResponse { locale, packs })))
}

/// `GET /v1/sites/{site}/onboarding/packs/{pack}?…`: one pack, if it is open to the customer.
pub async fn pack(
    State(state): State<AppState>,
    State(loyalty): State<Arc<dyn Loyalty>>,
    AppPath((site, pack_id)): AppPath<(String, String)>,
    MaybeMember(member): MaybeMember,
    AppQuery(params): AppQuery<PacksParams>,
) -> Result<impl IntoResponse, AppError> {
    let (_, packs) =
        customer_packs(&state, loyalty.as_ref(), &site, member.as_ref(), &params).await?;
    let pack = packs
        .into_iter()
        .find(|p| p.id == pack_id)
        .ok_or_else(progress::pack_not_found)?;
    Ok((NO_STORE, SafeJson(pack)))
}

/// `POST /v1/sites/{site}/onboarding/packs/{pack}/steps/{step}/complete`.
pub async fn complete(
    State(state): State<AppState>,
    State(loyalty): State<Arc<dyn Loyalty>>,
    AppPath((site, pack_id, step_id)): AppPath<(String, String, String)>,
    MaybeMember(member): MaybeMember,
    AppJson(req): AppJson<CompleteRequest>,
) -> Result<impl IntoResponse, AppError> {
    let site_packs = SitePacks::load(&state.pool, &site).await?;
    req.validate()?;
    let who = who(&site, member.as_ref(), req.device.as_deref(), req.surface);
    let progress = progress::complete(
        &state.pool,
        loyalty.as_ref(),
        &site_packs,
        &who,
        &pack_id,
        &step_id,
        req.via,
    )
    .await?;
    Ok((NO_STORE, SafeJson(progress)))
}

/// `POST /v1/sites/{site}/onboarding/events`.
pub async fn event(
    State(state): State<AppState>,
    State(loyalty): State<Arc<dyn Loyalty>>,
    AppPath(site): AppPath<String>,
    MaybeMember(member): MaybeMember,
    AppJson(req): AppJson<EventRequest>,
) -> Result<impl IntoResponse, AppError> {
    let site_packs = SitePacks::load(&state.pool, &site).await?;
    req.validate()?;
    let who = who(&site, member.as_ref(), req.device.as_deref(), req.surface);
    let completed = progress::event(
        &state.pool,
        loyalty.as_ref(),
        &site_packs,
        &who,
        &req.name,
        req.first_visit,
    )
    .await?;
    Ok((NO_STORE, SafeJson(EventResponse { completed })))
}
