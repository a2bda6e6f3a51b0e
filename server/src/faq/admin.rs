//! Admin FAQ endpoints under `/v1/admin/sites/{site}`, authorised by `SiteAdmin` (the site's
//! admin key or the global admin token).

use std::collections::HashMap;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use patron_api::validate::FieldErrors;
use patron_api::Locale;
use serde::{Deserialize, Serialize};

use super::content::PartialInput;
use super::markdown;
use super::storage::{self, ContextTable, StoredArticle};
use crate::app::AppState;
use crate::error::AppError;
use crate::extract::{AppJson, AppPath, AppQuery, SafeJson, SiteAdmin};
use crate::sites;
use crate::storage::now_millis;

pub const CONTACTS_LIMIT_DEFAULT: i64 = 50;
pub const CONTACTS_LIMIT_MAX: i64 = 200;

/// Body of `PUT …/faq/articles/{id}/{locale}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleBody {
    pub category: String,
    pub title: String,
    #[serde(default)]
    pub keywords: Option<Vec<String>>,
    pub body_markdown: String,
}

/// An article as the admin API shows it.
#[derive(Debug, Serialize)]
pub struct AdminArticle {
    pub id: String,
    pub locale: Locale,
    pub category: String,
    pub title: String,
    pub keywords: Vec<String>,
    pub body_markdown: String,
    pub body_html: String,
    pub updated_at: i64,
}

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

/// `PUT /v1/admin/sites/{site}/faq/articles/{id}/{locale}`: 201 created, 200 replaced.
pub async fn put_article(
    admin: SiteAdmin,
    State(state): State<AppState>,
    AppPath((_, id, locale)): AppPath<(String, String, String)>,
    AppJson(body): AppJson<ArticleBody>,
) -> Result<impl IntoResponse, AppError> {
    let site = admin.site;
    sites::settings(&state.pool, &site).await?;
    let input = PartialInput {
        id: Some(id),
        locale: Some(locale),
        category: Some(body.category),
        title: Some(body.title),
        keywords: body.keywords.unwrap_or_default(),
        body_markdown: body.body_markdown,
    }
    .check()
    .map_err(|issues| {
        let mut errs = FieldErrors::default();
        for i in issues {
            let field = if i.field == "body" {
                "body_markdown"
            } else {
                i.field
            };
            errs.push(field, i.code, i.message);
        }
        AppError::Validation(errs)
    })?;
    let article = StoredArticle {
        body_html: markdown::render(&input.body_markdown),
        id: input.id,
        locale: input.locale,
        category: input.category,
        title: input.title,
        keywords: input.keywords,
        body_markdown: input.body_markdown,
        updated_at: now_millis(),
    };
    let created = storage::put_article(&state.pool, &site, &article).await?;
    state.faq.invalidate(&site);
    tracing::info!(site = %site, id = %article.id, locale = %article.locale, created, "FAQ article saved by admin");
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        [(header::CACHE_CONTROL, "no-store")],
        SafeJson(AdminArticle::from(article)),
    ))
}

/// `DELETE /v1/admin/sites/{site}/faq/articles/{id}/{locale}`: 204, or 404 if missing.
pub async fn delete_article(
    admin: SiteAdmin,
    State(state): State<AppState>,
    AppPath((_, id, locale)): AppPath<(String, String, String)>,
) -> Result<impl IntoResponse, AppError> {
    let site = admin.site;
    let locale: Locale = locale.parse().map_err(|()| AppError::NotFound)?;
    if !storage::delete_article(&state.pool, &site, &id, locale).await? {
        return Err(AppError::NotFound);
    }
    state.faq.invalidate(&site);
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

#[derive(Debug, Default, Deserialize)]
pub struct ContactsParams {
    pub limit: Option<String>,
    pub before: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ContactList {
    pub contacts: Vec<ContactRecord>,
    /// Pass as `before=` for the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_before: Option<i64>,
}

/// A contact request with the context the customer brought, as typed (text, never HTML).
#[derive(Debug, Serialize)]
pub struct ContactRecord {
    pub reference: String,
    pub created_at: i64,
    pub session: String,
    pub locale: String,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub order_number: Option<String>,
    pub message: String,
    pub context: ContextRecord,
}

#[derive(Debug, Default, Serialize)]
pub struct ContextRecord {
    pub queries: Vec<String>,
    pub articles_read: Vec<ArticleRead>,
}

#[derive(Debug, Serialize)]
pub struct ArticleRead {
    pub id: String,
    /// In the contact's locale when that version exists; absent if the article is gone.
    pub title: Option<String>,
}

fn int_param(raw: Option<&str>, field: &str, errs: &mut FieldErrors) -> Option<i64> {
    let s = raw.map(str::trim).filter(|s| !s.is_empty())?;
    match s.parse::<i64>() {
        Ok(n) => Some(n),
        Err(_) => {
            errs.push(
                field,
                "invalid_format",
                format!("{field} is a whole number"),
            );
            None
        }
    }
}

/// Parses `from`/`to` (unix milliseconds, both optional) into a window.
pub fn window_params(from: Option<&str>, to: Option<&str>) -> Result<storage::Window, AppError> {
    let mut errs = FieldErrors::default();
    let from = int_param(from, "from", &mut errs).unwrap_or(0);
    let to = int_param(to, "to", &mut errs).unwrap_or(i64::MAX);
    if to < from {
        errs.push("to", "out_of_range", "to must not be before from");
    }
    errs.into_result()?;
    Ok(storage::Window { from, to })
}

/// `GET /v1/admin/sites/{site}/contacts?limit=&before=`: newest first, with context.
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
    let before = int_param(params.before.as_deref(), "before", &mut errs).unwrap_or(i64::MAX);
    errs.into_result()?;

    let rows = storage::list_contacts(&state.pool, &site, before, limit).await?;
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut queries: HashMap<String, Vec<String>> = HashMap::new();
    for (id, q) in storage::contact_context(&state.pool, ContextTable::Queries, &ids).await? {
        queries.entry(id).or_default().push(q);
    }
    let mut read: HashMap<String, Vec<String>> = HashMap::new();
    for (id, a) in storage::contact_context(&state.pool, ContextTable::Articles, &ids).await? {
        read.entry(id).or_default().push(a);
    }
    let titles: HashMap<(String, String), String> = storage::titles(&state.pool, &site)
        .await?
        .into_iter()
        .map(|(id, locale, title)| ((id, locale), title))
        .collect();
    let title_of = |id: &str, locale: &str| {
        std::iter::once(locale)
            .chain(Locale::ALL.iter().map(|l| l.as_str()))
            .find_map(|l| titles.get(&(id.to_owned(), l.to_owned())).cloned())
    };
    let next_before = (rows.len() as i64 == limit)
        .then(|| rows.last().map(|r| r.created_at))
        .flatten();
    let contacts = rows
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
                context: ContextRecord {
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
        .collect();
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        SafeJson(ContactList {
            contacts,
            next_before,
        }),
    ))
}
