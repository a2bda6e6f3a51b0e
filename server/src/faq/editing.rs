//! Writing articles, as the admin API (server-to-server) and the console's editor both do it:
//! the checks, the rendering by the server's sanitiser, the refusal when the site's files own
//! its articles, and the write itself with its content version bump and its audit entry (the
//! console user's, or the admin key's) in the same transaction. The search index is
//! invalidated after every write, so the next search finds the new text.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use patron_api::console::audit::{AuditAction, AuditChange, AuditTarget};
use patron_api::faq::admin::{AdminArticle, ArticleBody};
use patron_api::validate::FieldErrors;
use patron_api::Locale;

use super::content::{PartialInput, KEYWORDS_MAX, KEYWORD_MAX_CHARS};
use super::import::item_key;
use super::storage::{self, StoredArticle};
use super::FaqIndexes;
use crate::audit::{self, change, Who};
use crate::content::imports;
use crate::content::markdown;
use crate::content::{Kind, Owner};
use crate::error::AppError;
use crate::extract::SafeJson;
use crate::state::AppState;
use crate::storage::now_millis;
use patron_api::FieldCode;

/// 409 `managed_by_files` when the site's files own its articles, naming the article's file
/// when one was imported.
pub async fn ensure_api_owned(
    state: &AppState,
    site: &str,
    id: &str,
    locale: &str,
) -> Result<(), AppError> {
    if state.owners.of(site, Kind::Faq) == Owner::Api {
        return Ok(());
    }
    let file = match locale.parse::<Locale>() {
        Ok(locale) => {
            let mut conn = state.pool.acquire().await?;
            imports::file_of(&mut conn, site, Kind::Faq, &item_key(id, locale)).await?
        }
        Err(()) => None,
    };
    state
        .owners
        .ensure_api_owned(site, Kind::Faq, file.as_deref())
}

/// `body` checked as an article `id` in `locale` and rendered; 422 naming the fields
/// (`body_markdown` for the body) otherwise.
pub fn checked(id: String, locale: String, body: ArticleBody) -> Result<StoredArticle, AppError> {
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
    Ok(StoredArticle {
        body_html: markdown::render(&input.body_markdown),
        id: input.id,
        locale: input.locale,
        category: input.category,
        title: input.title,
        keywords: input.keywords,
        body_markdown: input.body_markdown,
        updated_at: now_millis(),
    })
}

/// Reads one field of an article as text.
type Field = fn(&StoredArticle) -> String;

/// What an edit changed, field by field (every field of a new article).
fn changes(before: Option<&StoredArticle>, after: &StoredArticle) -> Vec<AuditChange> {
    let keywords = |a: &StoredArticle| a.keywords.join(", ");
    let fields: [(&str, Field); 3] = [
        ("category", |a| a.category.clone()),
        ("title", |a| a.title.clone()),
        ("body_markdown", |a| a.body_markdown.clone()),
    ];
    let mut out: Vec<AuditChange> = fields
        .iter()
        .filter_map(|(field, get)| {
            let from = before.map(get);
            let to = get(after);
            (from.as_deref() != Some(to.as_str()))
                .then(|| change(field, from.as_deref(), Some(&to)))
        })
        .collect();
    let (from, to) = (before.map(keywords), keywords(after));
    if from.as_deref() != Some(to.as_str()) && !(from.is_none() && to.is_empty()) {
        out.push(change("keywords", from.as_deref(), Some(&to)));
    }
    out
}

/// Writes `articles` (locales of one article) on `site` in one transaction, with one audit
/// entry `action` by `who` when there is one and anything changed; returns whether each was
/// new. The articles must have passed `checked` or its rules.
pub async fn save(
    state: &AppState,
    indexes: &FaqIndexes,
    site: &str,
    articles: &[StoredArticle],
    audited: Option<(&Who, AuditAction)>,
) -> Result<Vec<bool>, AppError> {
    let mut tx = state.pool.begin().await?;
    let mut created = Vec::with_capacity(articles.len());
    let mut changed = Vec::new();
    for article in articles {
        let before = storage::replace_article(&mut tx, site, article).await?;
        changed.extend(changes(before.as_ref(), article));
        created.push(before.is_none());
    }
    if let (Some((who, action)), Some(first)) = (audited, articles.first()) {
        if !changed.is_empty() {
            // One locale is `id/locale`; several are the article, `id`.
            let target_id = match articles {
                [one] => format!("{}/{}", one.id, one.locale),
                _ => first.id.clone(),
            };
            audit::record(
                &mut tx,
                audit::Record {
                    site,
                    who,
                    action,
                    target: AuditTarget::Article,
                    target_id: &target_id,
                    changes: dedup(changed),
                    at: first.updated_at,
                },
            )
            .await?;
        }
    }
    tx.commit().await?;
    indexes.invalidate(site);
    Ok(created)
}

/// `PUT …/articles/{id}/{locale}`, as the admin API and the console both answer it: refused
/// when the site's files own its articles, checked, saved and audited as `who`'s
/// `ArticleSaved`; 201 created, 200 replaced, with the article as stored.
pub async fn put_one(
    state: &AppState,
    indexes: &FaqIndexes,
    site: &str,
    (id, locale): (String, String),
    body: ArticleBody,
    who: &Who,
) -> Result<Response, AppError> {
    ensure_api_owned(state, site, &id, &locale).await?;
    let article = checked(id, locale, body)?;
    let by_user = matches!(who, Who::User(_));
    let created = save(
        state,
        indexes,
        site,
        std::slice::from_ref(&article),
        Some((who, AuditAction::ArticleSaved)),
    )
    .await?
    .first()
    .copied()
    .unwrap_or(false);
    tracing::info!(site, id = %article.id, locale = %article.locale, created, by_user, "FAQ article saved");
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        [(header::CACHE_CONTROL, "no-store")],
        SafeJson(AdminArticle::from(article)),
    )
        .into_response())
}

/// The same change made to several locales is recorded once.
fn dedup(changes: Vec<AuditChange>) -> Vec<AuditChange> {
    let mut out: Vec<AuditChange> = Vec::with_capacity(changes.len());
    for c in changes {
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// `versions` with `query` (trimmed) added to the keywords of each that lacks it (compared
/// without case), stamped now; only those that changed. 422 on `query` when a version
/// would pass the keyword limits.
pub fn with_keyword(
    versions: Vec<StoredArticle>,
    query: &str,
) -> Result<Vec<StoredArticle>, AppError> {
    let query = query.trim();
    let too_many = || {
        let mut errs = FieldErrors::default();
        errs.push(
            "query",
            FieldCode::TooLong,
            format!(
                "an article has at most {KEYWORDS_MAX} keywords of {KEYWORD_MAX_CHARS} characters"
            ),
        );
        AppError::Validation(errs)
    };
    if query.chars().count() > KEYWORD_MAX_CHARS {
        return Err(too_many());
    }
    let lower = query.to_lowercase();
    let now = now_millis();
    versions
        .into_iter()
        .filter(|v| !v.keywords.iter().any(|k| k.to_lowercase() == lower))
        .map(|mut v| {
            if v.keywords.len() >= KEYWORDS_MAX {
                return Err(too_many());
            }
            v.keywords.push(query.to_owned());
            v.updated_at = now;
            Ok(v)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(locale: Locale, keywords: &[&str]) -> StoredArticle {
        StoredArticle {
            id: "returns".into(),
            locale,
            category: "Orders".into(),
            title: "Returns".into(),
            keywords: keywords.iter().map(|k| k.to_string()).collect(),
            body_markdown: "Body".into(),
            body_html: "<p>Body</p>".into(),
            updated_at: 1,
        }
    }

    #[test]
    fn a_keyword_is_added_once_to_each_locale_that_lacks_it() {
        let versions = vec![
            article(Locale::En, &["refund", "Trade-In"]),
            article(Locale::ZhCn, &["退货"]),
        ];
        let changed = with_keyword(versions, "  trade-in ").expect("added");
        assert_eq!(changed.len(), 1, "English already has it, in another case");
        assert_eq!(changed[0].locale, Locale::ZhCn);
        assert_eq!(changed[0].keywords, ["退货", "trade-in"]);
        assert!(changed[0].updated_at > 1);
    }

    #[test]
    fn a_full_keyword_list_is_refused() {
        let full: Vec<String> = (0..KEYWORDS_MAX).map(|i| format!("k{i}")).collect();
        let refs: Vec<&str> = full.iter().map(String::as_str).collect();
        assert!(with_keyword(vec![article(Locale::En, &refs)], "new").is_err());
        assert!(with_keyword(vec![article(Locale::En, &refs)], "k3").is_ok());
    }

    #[test]
    fn an_edit_records_only_what_changed() {
        let before = article(Locale::En, &["refund"]);
        let mut after = before.clone();
        after.title = "Returns and refunds".into();
        let c = changes(Some(&before), &after);
        assert_eq!(
            c,
            [change(
                "title",
                Some("Returns"),
                Some("Returns and refunds")
            )]
        );
        let new = changes(None, &after);
        let fields: Vec<&str> = new.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["category", "title", "body_markdown", "keywords"]);
    }
}
