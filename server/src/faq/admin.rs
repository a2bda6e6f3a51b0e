//! Admin FAQ endpoints under `/v1/admin/sites/{site}`, authorised by `SiteAdmin` (the site's
//! admin key or the global admin token).

use std::collections::HashMap;

use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use patron_api::console::audit::{AuditAction, AuditTarget};
use patron_api::faq::admin::{
    AdminArticle, ArticleBody, ArticleRead, ContactContextRecord, ContactList, ContactRecord,
    CONTACTS_LIMIT_DEFAULT, CONTACTS_LIMIT_MAX,
};
use patron_api::validate::FieldErrors;
use patron_api::Locale;
use serde::Deserialize;
use sqlx::AnyPool;

use super::editing::{self, ensure_api_owned};
use super::storage::{self, ContactRow, ContextTable, StoredArticle};
use super::FaqIndexes;
use crate::audit::{self, Who};
use crate::auth::SiteAdmin;
use crate::error::AppError;
use crate::extract::{int_param, AppJson, AppPath, AppQuery, SafeJson};
use crate::paging::{cursor_param, Cursor};
use crate::sites;
use crate::state::AppState;
use crate::storage::now_millis;
use axum::response::Response;

impl From<StoredArticle> for AdminArticle {
    fn from(a: StoredArticle) -> Self {
        Self {
            id: a.id,
            locale: a.locale,
            category: a.category,
            title: a.title,
            keywords: a.keywords,
            body_markdown: a.body_markdown,
            body_html: a.body_html,
            updated_at: a.updated_at,
        }
    }
}

/// `PUT /v1/admin/sites/{site}/faq/articles/{id}/{locale}`: 201 created, 200 replaced, 409
/// `managed_by_files` when the files own the site's articles. Audited as the admin key, like
/// the console's saves.
pub async fn put_article(
    admin: SiteAdmin,
    State(state): State<AppState>,
    State(indexes): State<Arc<FaqIndexes>>,
    AppPath((_, id, locale)): AppPath<(String, String, String)>,
    AppJson(body): AppJson<ArticleBody>,
) -> Result<Response, AppError> {
    sites::settings(&state.pool, &admin.site).await?;
    editing::put_one(
        &state,
        &indexes,
        &admin.site,
        (id, locale),
        body,
        &Who::AdminKey,
    )
    .await
}

/// `DELETE /v1/admin/sites/{site}/faq/articles/{id}/{locale}`: 204, 404 if missing, 409
/// `managed_by_files` when the files own the site's articles.
pub async fn delete_article(
    admin: SiteAdmin,
    State(state): State<AppState>,
    State(indexes): State<Arc<FaqIndexes>>,
    AppPath((_, id, locale)): AppPath<(String, String, String)>,
) -> Result<impl IntoResponse, AppError> {
    let site = admin.site;
    ensure_api_owned(&state, &site, &id, &locale).await?;
    let locale: Locale = locale.parse().map_err(|()| AppError::NotFound)?;
    let mut tx = state.pool.begin().await?;
    if !storage::delete_article(&mut tx, &site, &id, locale).await? {
        return Err(AppError::NotFound);
    }
    audit::record(
        &mut tx,
        audit::Record {
            site: &site,
            who: &Who::AdminKey,
            action: AuditAction::ArticleDeleted,
            target: AuditTarget::Article,
            target_id: &format!("{id}/{locale}"),
            changes: Vec::new(),
            at: now_millis(),
        },
    )
    .await?;
    tx.commit().await?;
    indexes.invalidate(&site);
    tracing::info!(site = %site, id = %id, locale = %locale, "FAQ article deleted by admin");
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /v1/admin/sites/{site}/faq/articles`: every article and locale.
pub async fn list_articles(
    admin: SiteAdmin,
    State(state): State<AppState>,
) -> Result<impl IntoResponse, AppError> {
    sites::settings(&state.pool, &admin.site).await?;
    let mut conn = state.pool.acquire().await?;
    let articles: Vec<AdminArticle> = storage::all_articles(&mut conn, &admin.site)
        .await?
        .into_iter()
        .map(AdminArticle::from)
        .collect();
    Ok(([(header::CACHE_CONTROL, "no-store")], SafeJson(articles)))
}

/// Contact requests with the context each customer brought (the article titles in the
/// request's locale where they exist).
pub async fn contact_records(
    pool: &AnyPool,
    site: &str,
    rows: Vec<ContactRow>,
) -> Result<Vec<ContactRecord>, sqlx::Error> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut queries: HashMap<String, Vec<String>> = HashMap::new();
    for (id, q) in storage::contact_context(pool, ContextTable::Queries, &ids).await? {
        queries.entry(id).or_default().push(q);
    }
    let mut read: HashMap<String, Vec<String>> = HashMap::new();
    for (id, a) in storage::contact_context(pool, ContextTable::Articles, &ids).await? {
        read.entry(id).or_default().push(a);
    }
    let titles: HashMap<(String, String), String> = storage::titles(pool, site)
        .await?
        .into_iter()
        .map(|(id, locale, title)| ((id, locale), title))
        .collect();
    let title_of = |id: &str, locale: &str| {
        std::iter::once(locale)
            .chain(Locale::ALL.iter().map(|l| l.as_str()))
            .find_map(|l| titles.get(&(id.to_owned(), l.to_owned())).cloned())
    };
    Ok(rows
        .into_iter()
        .map(|r| {
            let articles_read = read
                .remove(&r.id)
                .unwrap_or_default()
                .into_iter()
                .map(|id| ArticleRead {
                    title: title_of(&id, &r.locale),
                    id,
                })
                .collect();
            ContactRecord {
                context: ContactContextRecord {
                    queries: queries.remove(&r.id).unwrap_or_default(),
                    articles_read,
                },
                reference: r.reference,
                created_at: r.created_at,
                session: r.session,
                locale: r.locale,
                name: r.name,
                email: r.email,
                phone: r.phone,
                order_number: r.order_number,
                message: r.message,
            }
        })
        .collect())
}

#[derive(Debug, Default, Deserialize)]
pub struct ContactsParams {
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

/// `GET /v1/admin/sites/{site}/contacts?limit=&cursor=`: newest first, with context.
pub async fn contacts(
    admin: SiteAdmin,
    State(state): State<AppState>,
    AppQuery(params): AppQuery<ContactsParams>,
) -> Result<impl IntoResponse, AppError> {
    let site = admin.site;
    sites::settings(&state.pool, &site).await?;
    let mut errs = FieldErrors::default();
    let limit = int_param(params.limit.as_deref(), "limit", &mut errs)
        .unwrap_or(CONTACTS_LIMIT_DEFAULT)
        .clamp(1, CONTACTS_LIMIT_MAX);
    let cursor = cursor_param(params.cursor.as_deref(), &mut errs);
    errs.into_result()?;

    let rows = storage::list_contacts(&state.pool, &site, &cursor, limit).await?;
    let next_cursor = Cursor::after(&rows, limit, |r| (r.created_at, r.id.as_str()));
    let contacts = contact_records(&state.pool, &site, rows).await?;
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        SafeJson(ContactList {
            contacts,
            next_cursor: next_cursor.map(|c| c.encode()),
        }),
    ))
}
