//! Articles, the per-site content version and synonym groups.

use patron_api::Locale;
use sqlx::{AnyConnection, AnyPool};

use crate::storage::now_millis;

/// An article row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredArticle {
    pub id: String,
    pub locale: Locale,
    pub category: String,
    pub title: String,
    pub keywords: Vec<String>,
    pub body_markdown: String,
    pub body_html: String,
    pub updated_at: i64,
}

impl StoredArticle {
    /// Same text (the timestamp aside).
    pub fn same_content(&self, other: &StoredArticle) -> bool {
        self.category == other.category
            && self.title == other.title
            && self.keywords == other.keywords
            && self.body_markdown == other.body_markdown
            && self.body_html == other.body_html
    }
}

type ArticleRow = (String, String, String, String, String, String, String, i64);

const ARTICLE_COLUMNS: &str =
    "id, locale, category, title, keywords, body_markdown, body_html, updated_at";

fn decode_article(row: ArticleRow) -> Option<StoredArticle> {
    let (id, locale, category, title, keywords, body_markdown, body_html, updated_at) = row;
    let Ok(locale) = locale.parse::<Locale>() else {
        tracing::warn!(%id, %locale, "skipping an article with an unknown locale");
        return None;
    };
    Some(StoredArticle {
        id,
        locale,
        category,
        title,
        keywords: serde_json::from_str(&keywords).unwrap_or_default(),
        body_markdown,
        body_html,
        updated_at,
    })
}

/// The site's content version; 0 before the first article write.
pub async fn content_version(pool: &AnyPool, site: &str) -> Result<i64, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT version FROM faq_versions WHERE site = $1")
        .bind(site)
        .fetch_optional(pool)
        .await?;
    Ok(row.map_or(0, |(v,)| v))
}

pub async fn bump_version(conn: &mut AnyConnection, site: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO faq_versions (site, version) VALUES ($1, 1) \
         ON CONFLICT (site) DO UPDATE SET version = faq_versions.version + 1",
    )
    .bind(site)
    .execute(conn)
    .await
    .map(|_| ())
}

pub async fn all_articles(
    conn: &mut AnyConnection,
    site: &str,
) -> Result<Vec<StoredArticle>, sqlx::Error> {
    let rows: Vec<ArticleRow> = sqlx::query_as(&format!(
        "SELECT {ARTICLE_COLUMNS} FROM faq_articles WHERE site = $1 ORDER BY id, locale"
    ))
    .bind(site)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().filter_map(decode_article).collect())
}

/// Every locale of one article.
pub async fn article_versions(
    pool: &AnyPool,
    site: &str,
    id: &str,
) -> Result<Vec<StoredArticle>, sqlx::Error> {
    let rows: Vec<ArticleRow> = sqlx::query_as(&format!(
        "SELECT {ARTICLE_COLUMNS} FROM faq_articles WHERE site = $1 AND id = $2 ORDER BY locale"
    ))
    .bind(site)
    .bind(id)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().filter_map(decode_article).collect())
}

pub async fn article_exists(pool: &AnyPool, site: &str, id: &str) -> Result<bool, sqlx::Error> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT id FROM faq_articles WHERE site = $1 AND id = $2 LIMIT 1")
            .bind(site)
            .bind(id)
            .fetch_optional(pool)
            .await?;
    Ok(row.is_some())
}

/// `(id, locale, title)` of every article, for labelling ids.
pub async fn titles(
    pool: &AnyPool,
    site: &str,
) -> Result<Vec<(String, String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, locale, title FROM faq_articles WHERE site = $1")
        .bind(site)
        .fetch_all(pool)
        .await
}

pub async fn upsert_article(
    conn: &mut AnyConnection,
    site: &str,
    a: &StoredArticle,
) -> Result<(), sqlx::Error> {
    let keywords =
        serde_json::to_string(&a.keywords).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query(
        "INSERT INTO faq_articles \
         (site, id, locale, category, title, keywords, body_markdown, body_html, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
         ON CONFLICT (site, id, locale) DO UPDATE SET category = excluded.category, \
         title = excluded.title, keywords = excluded.keywords, \
         body_markdown = excluded.body_markdown, body_html = excluded.body_html, \
         updated_at = excluded.updated_at",
    )
    .bind(site)
    .bind(a.id.as_str())
    .bind(a.locale.as_str())
    .bind(a.category.as_str())
    .bind(a.title.as_str())
    .bind(keywords)
    .bind(a.body_markdown.as_str())
    .bind(a.body_html.as_str())
    .bind(a.updated_at)
    .execute(conn)
    .await
    .map(|_| ())
}

/// Inserts or replaces one article and bumps the version, atomically. `true` if created.
pub async fn put_article(
    pool: &AnyPool,
    site: &str,
    a: &StoredArticle,
) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let replaced = replace_article(&mut tx, site, a).await?;
    tx.commit().await?;
    Ok(replaced.is_none())
}

/// Inserts or replaces one article and bumps the version on `conn` (the caller's
/// transaction); the version it replaced, if any.
pub async fn replace_article(
    conn: &mut AnyConnection,
    site: &str,
    a: &StoredArticle,
) -> Result<Option<StoredArticle>, sqlx::Error> {
    // Write first: on SQLite a transaction that read before writing fails at once (busy)
    // when another writer committed meanwhile, instead of waiting for the lock.
    bump_version(conn, site).await?;
    let existing: Option<ArticleRow> = sqlx::query_as(&format!(
        "SELECT {ARTICLE_COLUMNS} FROM faq_articles WHERE site = $1 AND id = $2 AND locale = $3"
    ))
    .bind(site)
    .bind(a.id.as_str())
    .bind(a.locale.as_str())
    .fetch_optional(&mut *conn)
    .await?;
    upsert_article(conn, site, a).await?;
    Ok(existing.and_then(decode_article))
}

/// Deletes one article in one locale; `false` if there was none.
pub async fn delete_article(
    conn: &mut AnyConnection,
    site: &str,
    id: &str,
    locale: Locale,
) -> Result<bool, sqlx::Error> {
    let deleted = remove_article(&mut *conn, site, id, locale).await?;
    if deleted {
        bump_version(conn, site).await?;
    }
    Ok(deleted)
}

/// Deletes one article in one locale, leaving the version to the caller; `false` if there
/// was none.
pub async fn remove_article(
    conn: &mut AnyConnection,
    site: &str,
    id: &str,
    locale: Locale,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM faq_articles WHERE site = $1 AND id = $2 AND locale = $3")
        .bind(site)
        .bind(id)
        .bind(locale.as_str())
        .execute(conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// The site's synonym groups as stored (JSON), if any.
pub async fn synonyms_json(
    conn: &mut AnyConnection,
    site: &str,
) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as("SELECT groups FROM faq_synonyms WHERE site = $1")
        .bind(site)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(|(g,)| g))
}

pub async fn set_synonyms_json(
    conn: &mut AnyConnection,
    site: &str,
    groups: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO faq_synonyms (site, groups, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (site) DO UPDATE SET groups = excluded.groups, \
         updated_at = excluded.updated_at",
    )
    .bind(site)
    .bind(groups)
    .bind(now_millis())
    .execute(conn)
    .await
    .map(|_| ())
}
