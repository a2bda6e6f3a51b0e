//! What customers do: searches, article views, votes.

use std::collections::HashMap;

use patron_api::faq::VoteRequest;
use patron_api::Locale;
use sqlx::AnyPool;

use crate::storage::{new_id, now_millis};

pub struct SearchEvent<'a> {
    pub site: &'a str,
    pub query: &'a str,
    pub locale: Locale,
    pub result_count: usize,
    pub session: Option<&'a str>,
}

/// How long after a session's last search a new one still continues it (the widget searches
/// as the customer types, a few hundred milliseconds apart).
pub const SETTLE_MS: i64 = 10_000;

/// Logs a search, once per settled query: a search that continues the session's last one
/// within `SETTLE_MS` (the same query, one extending it, or one it extends, as when typing or
/// deleting letters) replaces it rather than adding a row. Writes first, then inserts only
/// when nothing was continued.
pub async fn record_search(
    pool: &AnyPool,
    e: &SearchEvent<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    let norm = e.query.trim().to_lowercase();
    let result_count = i64::try_from(e.result_count).unwrap_or(i64::MAX);
    if let Some(session) = e.session {
        let continued = sqlx::query(
            "UPDATE faq_searches SET query = $3, query_norm = $4, locale = $5, \
             result_count = $6, created_at = $7 \
             WHERE id = (SELECT id FROM faq_searches WHERE site = $1 AND session = $2 \
                         AND created_at >= $8 ORDER BY created_at DESC, id DESC LIMIT 1) \
             AND (substr($4, 1, length(query_norm)) = query_norm \
                  OR substr(query_norm, 1, length($4)) = $4)",
        )
        .bind(e.site)
        .bind(session)
        .bind(e.query)
        .bind(norm.as_str())
        .bind(e.locale.as_str())
        .bind(result_count)
        .bind(now)
        .bind(now - SETTLE_MS)
        .execute(pool)
        .await?
        .rows_affected();
        if continued > 0 {
            return Ok(());
        }
    }
    sqlx::query(
        "INSERT INTO faq_searches \
         (id, site, query, query_norm, locale, result_count, session, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(new_id())
    .bind(e.site)
    .bind(e.query)
    .bind(norm.as_str())
    .bind(e.locale.as_str())
    .bind(result_count)
    .bind(e.session.map(str::to_owned))
    .bind(now)
    .execute(pool)
    .await
    .map(|_| ())
}

pub async fn record_view(
    pool: &AnyPool,
    site: &str,
    article_id: &str,
    locale: Locale,
    session: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO faq_views (id, site, article_id, locale, session, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(new_id())
    .bind(site)
    .bind(article_id)
    .bind(locale.as_str())
    .bind(session)
    .bind(now_millis())
    .execute(pool)
    .await
    .map(|_| ())
}

pub async fn record_vote(
    pool: &AnyPool,
    site: &str,
    article_id: &str,
    vote: &VoteRequest,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO faq_votes \
         (id, site, article_id, locale, session, helpful, reason, comment, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(new_id())
    .bind(site)
    .bind(article_id)
    .bind(vote.locale.as_str())
    .bind(vote.session.as_str())
    .bind(i64::from(vote.helpful))
    .bind(vote.reason.map(|r| r.as_str().to_owned()))
    .bind(vote.comment.clone())
    .bind(now_millis())
    .execute(pool)
    .await
    .map(|_| ())
}

/// Views per article id: `(views in locale, views in any locale)`.
pub async fn view_counts(
    pool: &AnyPool,
    site: &str,
    locale: Locale,
) -> Result<HashMap<String, (i64, i64)>, sqlx::Error> {
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT article_id, COALESCE(SUM(CASE WHEN locale = $2 THEN 1 ELSE 0 END), 0), \
         COUNT(*) FROM faq_views WHERE site = $1 GROUP BY article_id",
    )
    .bind(site)
    .bind(locale.as_str())
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, local, total)| (id, (local, total)))
        .collect())
}
