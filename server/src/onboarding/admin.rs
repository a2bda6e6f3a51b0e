//! Admin pack endpoints under `/v1/admin/sites/{site}/onboarding`, authorised by `SiteAdmin`.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use patron_api::{FieldCode, FieldError};

use std::sync::Arc;

use super::definitions::{self, AdminPacks, SavedPacks};
use super::{faq_articles, site_context, storage, SitePacks};
use crate::audit;
use crate::auth::SiteAdmin;
use crate::content::Kind;
use crate::error::AppError;
use crate::extract::{AppJson, SafeJson};
use crate::ports::{HelpArticles, Loyalty};
use crate::sites;
use crate::state::AppState;
use crate::storage::now_millis;

const NO_STORE: [(header::HeaderName, &str); 1] = [(header::CACHE_CONTROL, "no-store")];

/// `GET /v1/admin/sites/{site}/onboarding/packs`.
pub async fn get_packs(
    admin: SiteAdmin,
    State(state): State<AppState>,
) -> Result<impl IntoResponse, AppError> {
    let packs = SitePacks::load(&state.pool, &admin.site).await?.packs;
    Ok((NO_STORE, SafeJson(AdminPacks { packs })))
}

/// `PUT /v1/admin/sites/{site}/onboarding/packs`: replaces every pack at once, or nothing
/// when any rule is broken (422 naming each field, e.g. `packs[0].steps[1].action.selector`).
/// 409 `managed_by_files` when the files own the packs.
pub async fn put_packs(
    admin: SiteAdmin,
    State(state): State<AppState>,
    State(loyalty): State<Arc<dyn Loyalty>>,
    State(articles): State<Arc<dyn HelpArticles>>,
    AppJson(body): AppJson<AdminPacks>,
) -> Result<impl IntoResponse, AppError> {
    let site = admin.site;
    let settings = sites::settings(&state.pool, &site).await?;
    state
        .owners
        .ensure_api_owned(&site, Kind::Onboarding, None)?;
    let ctx = site_context(&settings, loyalty.tiers(&site).await?);
    let missing = definitions::check_all(&body.packs, &ctx)?;
    let mut warnings: Vec<FieldError> = missing
        .iter()
        .map(|m| FieldError {
            field: m.field.clone(),
            code: FieldCode::MissingTranslation,
            message: m.describe(ctx.default_locale),
        })
        .collect();
    for (i, pack) in body.packs.iter().enumerate() {
        for (field, article) in faq_articles(pack) {
            if !articles.exists(&site, article).await? {
                warnings.push(FieldError {
                    field: format!("packs[{i}].{field}"),
                    code: FieldCode::UnknownArticle,
                    message: format!("the site has no FAQ article {article:?}"),
                });
            }
        }
    }
    let json = serde_json::to_string(&body.packs).map_err(AppError::internal)?;
    let after = serde_json::to_value(&body.packs).map_err(AppError::internal)?;
    // Read before the transaction, as the other documents are: on SQLite a transaction that
    // reads first and then writes fails at once when another does the same (the fuzzer's
    // concurrent saves answered 500).
    let before = storage::load_packs(&state.pool, &site)
        .await?
        .and_then(|stored| serde_json::from_str::<serde_json::Value>(&stored).ok());
    let mut tx = state.pool.begin().await?;
    let now = now_millis();
    storage::put_packs(&mut *tx, &site, &json, now).await?;
    audit::config_replaced(
        &mut tx,
        &site,
        "onboarding_packs",
        before.as_ref(),
        &after,
        now,
    )
    .await?;
    tx.commit().await?;
    tracing::info!(site = %site, packs = body.packs.len(), warnings = warnings.len(), "onboarding packs replaced by admin");
    Ok((
        NO_STORE,
        SafeJson(SavedPacks {
            packs: body.packs,
            warnings,
        }),
    ))
}
