//! Admin endpoints of the learned associations (`learned`): `GET|DELETE
//! /v1/admin/sites/{site}/faq/learned`.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use patron_api::console::audit::{AuditAction, AuditTarget};
use patron_api::faq::admin::{LearnedAssociation, LearnedList, LearnedReset, LEARNED_LIST_MAX};
use patron_api::validate::FieldErrors;
use serde::Deserialize;

use super::learned;
use super::storage::learned as store;
use crate::audit::{self, Who};
use crate::auth::SiteAdmin;
use crate::error::AppError;
use crate::extract::{AppQuery, SafeJson};
use crate::sites::{self, requested_locale};
use crate::state::AppState;
use crate::storage::now_millis;

#[derive(Debug, Default, Deserialize)]
pub struct ListParams {
    pub locale: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct ResetParams {
    pub article: Option<String>,
    pub term: Option<String>,
}

/// `GET /v1/admin/sites/{site}/faq/learned?locale=`: strongest first.
pub async fn list(
    admin: SiteAdmin,
    State(state): State<AppState>,
    AppQuery(params): AppQuery<ListParams>,
) -> Result<impl IntoResponse, AppError> {
    let settings = sites::settings(&state.pool, &admin.site).await?;
    let mut errs = FieldErrors::default();
    let locale = requested_locale(params.locale.as_deref(), &settings, &mut errs);
    errs.into_result()?;
    let evidence = store::all_evidence(&state.pool, &admin.site, locale).await?;
    let mut associations: Vec<LearnedAssociation> = learned::associations(&evidence, now_millis())
        .into_iter()
        .map(
            |((term, article), (strength, evidence, _))| LearnedAssociation {
                locale,
                term: term.to_owned(),
                article_id: article.to_owned(),
                strength: (strength * 100.0).round() / 100.0,
                evidence,
            },
        )
        .collect();
    associations.sort_by(|a, b| {
        b.strength
            .total_cmp(&a.strength)
            .then_with(|| a.term.cmp(&b.term))
            .then_with(|| a.article_id.cmp(&b.article_id))
    });
    associations.truncate(LEARNED_LIST_MAX);
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        SafeJson(LearnedList { associations }),
    ))
}

/// `DELETE /v1/admin/sites/{site}/faq/learned?article=&term=`: forgets all of it, or what
/// leads to one article, or what one word taught.
pub async fn reset(
    admin: SiteAdmin,
    State(state): State<AppState>,
    AppQuery(params): AppQuery<ResetParams>,
) -> Result<impl IntoResponse, AppError> {
    sites::settings(&state.pool, &admin.site).await?;
    let (article, term) = (params.article.as_deref(), params.term.as_deref());
    let mut tx = state.pool.begin().await?;
    let deleted = store::reset(&mut tx, &admin.site, article, term).await?;
    // What was forgotten: `*` for everything, else the article's and/or the term's.
    let target_id = match (article, term) {
        (None, None) => "*".to_owned(),
        (Some(a), None) => format!("article:{a}"),
        (None, Some(t)) => format!("term:{t}"),
        (Some(a), Some(t)) => format!("article:{a} term:{t}"),
    };
    audit::record(
        &mut tx,
        audit::Record {
            site: &admin.site,
            who: &Who::AdminKey,
            action: AuditAction::SearchLearningReset,
            target: AuditTarget::SearchLearning,
            target_id: &target_id,
            changes: Vec::new(),
            at: now_millis(),
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(site = %admin.site, deleted, "learned search associations reset");
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        SafeJson(LearnedReset {
            deleted: deleted as i64,
        }),
    ))
}
