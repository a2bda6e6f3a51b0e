//! The console's help-library editor (`patron_api::console::library`): every article with its
//! locales, one article's locales side by side, a preview rendered by the server's own
//! sanitiser, publishing one locale, and adding a query customers searched for without result
//! to an article's keywords. A thin layer of sessions and roles over `editing`, which the admin
//! API writes through too; every write is audited in its own transaction and searchable at
//! once.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use patron_api::console::audit::AuditAction;
use patron_api::console::library::{
    ArticleList, ArticleSummary, KeywordRequest, LibraryArticle, Preview, PreviewRequest,
};
use patron_api::console::Role;
use patron_api::faq::admin::{AdminArticle, ArticleBody};
use patron_api::Locale;

use super::editing::{self, ensure_api_owned};
use super::storage::{self, StoredArticle};
use super::FaqIndexes;
use crate::audit::Who;
use crate::auth::console::ConsoleUser;
use crate::content::markdown;
use crate::content::{Kind, Owner};
use crate::error::AppError;
use crate::extract::{AppJson, AppPath, SafeJson};
use crate::sites;
use crate::state::AppState;

fn managed_by_files(state: &AppState, site: &str) -> bool {
    state.owners.of(site, Kind::Faq) == Owner::Files
}

/// Where `locale` sorts: the site's order, then any other.
fn rank(locales: &[Locale], locale: Locale) -> usize {
    locales
        .iter()
        .position(|l| *l == locale)
        .unwrap_or(locales.len() + Locale::ALL.iter().position(|l| *l == locale).unwrap_or(0))
}

/// `GET …/library/articles` (every role).
pub async fn list(
    who: ConsoleUser,
    State(state): State<AppState>,
) -> Result<impl IntoResponse, AppError> {
    let site = who.site();
    let settings = sites::settings(&state.pool, site).await?;
    let mut conn = state.pool.acquire().await?;
    let mut by_id: BTreeMap<String, Vec<StoredArticle>> = BTreeMap::new();
    for a in storage::all_articles(&mut conn, site).await? {
        by_id.entry(a.id.clone()).or_default().push(a);
    }
    let default = settings.default_locale;
    let articles = by_id
        .into_iter()
        .filter_map(|(id, mut versions)| {
            versions.sort_by_key(|v| (v.locale != default, rank(&settings.locales, v.locale)));
            let first = versions.first()?;
            Some(ArticleSummary {
                title: first.title.clone(),
                category: first.category.clone(),
                updated_at: versions.iter().map(|v| v.updated_at).max().unwrap_or(0),
                locales: versions.iter().map(|v| v.locale).collect(),
                id,
            })
        })
        .collect();
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        SafeJson(ArticleList {
            articles,
            locales: settings.locales,
            managed_by_files: managed_by_files(&state, site),
        }),
    ))
}

/// Every locale of article `id` in the site's order; 404 when it has none.
async fn article(state: &AppState, site: &str, id: &str) -> Result<LibraryArticle, AppError> {
    let settings = sites::settings(&state.pool, site).await?;
    let mut versions = storage::article_versions(&state.pool, site, id).await?;
    if versions.is_empty() {
        return Err(AppError::NotFound);
    }
    versions.sort_by_key(|v| rank(&settings.locales, v.locale));
    Ok(LibraryArticle {
        id: id.to_owned(),
        versions: versions.into_iter().map(AdminArticle::from).collect(),
        managed_by_files: managed_by_files(state, site),
    })
}

/// `GET …/library/articles/{id}` (every role).
pub async fn get(
    who: ConsoleUser,
    State(state): State<AppState>,
    AppPath((_, id)): AppPath<(String, String)>,
) -> Result<impl IntoResponse, AppError> {
    let a = article(&state, who.site(), &id).await?;
    Ok(([(header::CACHE_CONTROL, "no-store")], SafeJson(a)))
}

/// `POST …/library/preview` (agents and owners): exactly what customers would see.
pub async fn preview(
    who: ConsoleUser,
    AppJson(body): AppJson<PreviewRequest>,
) -> Result<impl IntoResponse, AppError> {
    who.require(Role::Agent)?;
    body.validate()?;
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        SafeJson(Preview {
            html: markdown::render(&body.markdown),
        }),
    ))
}

/// `PUT …/library/articles/{id}/{locale}` (agents and owners): 201 created, 200 replaced.
pub async fn save(
    who: ConsoleUser,
    State(state): State<AppState>,
    State(indexes): State<Arc<FaqIndexes>>,
    AppPath((_, id, locale)): AppPath<(String, String, String)>,
    AppJson(body): AppJson<ArticleBody>,
) -> Result<Response, AppError> {
    who.require(Role::Agent)?;
    let by = Who::User(who.as_ref());
    editing::put_one(&state, &indexes, who.site(), (id, locale), body, &by).await
}

/// `POST …/library/articles/{id}/keywords` (agents and owners): the query joins the keywords
/// of every locale the article has (once; a locale that has it already is left alone).
pub async fn add_keyword(
    who: ConsoleUser,
    State(state): State<AppState>,
    State(indexes): State<Arc<FaqIndexes>>,
    AppPath((_, id)): AppPath<(String, String)>,
    AppJson(body): AppJson<KeywordRequest>,
) -> Result<impl IntoResponse, AppError> {
    who.require(Role::Agent)?;
    body.validate()?;
    let site = who.site().to_owned();
    let versions = storage::article_versions(&state.pool, &site, &id).await?;
    if versions.is_empty() {
        return Err(AppError::NotFound);
    }
    for v in &versions {
        ensure_api_owned(&state, &site, &id, v.locale.as_str()).await?;
    }
    let changed = editing::with_keyword(versions, &body.query)?;
    if !changed.is_empty() {
        let by = Who::User(who.as_ref());
        editing::save(
            &state,
            &indexes,
            &site,
            &changed,
            Some((&by, AuditAction::ArticleKeywordAdded)),
        )
        .await?;
    }
    Ok(SafeJson(article(&state, &site, &id).await?))
}
