//! Aggregates for the admin reports.

use sqlx::AnyPool;

use crate::reports::Window;

/// `(normalised query, searches, last searched at)`, most frequent first.
pub async fn zero_result_queries(
    pool: &AnyPool,
    site: &str,
    w: Window,
    limit: i64,
) -> Result<Vec<(String, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT query_norm, COUNT(*), MAX(created_at) FROM faq_searches \
         WHERE site = $1 AND result_count = 0 AND created_at >= $2 AND created_at < $3 \
         GROUP BY query_norm ORDER BY COUNT(*) DESC, query_norm ASC LIMIT $4",
    )
    .bind(site)
    .bind(w.from)
    .bind(w.to)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// `(article id, views)`.
pub async fn views_per_article(
    pool: &AnyPool,
    site: &str,
    w: Window,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT article_id, COUNT(*) FROM faq_views \
         WHERE site = $1 AND created_at >= $2 AND created_at < $3 GROUP BY article_id",
    )
    .bind(site)
    .bind(w.from)
    .bind(w.to)
    .fetch_all(pool)
    .await
}

/// `(article id, helpful 0/1, reason, votes)`.
pub async fn votes_per_article(
    pool: &AnyPool,
    site: &str,
    w: Window,
) -> Result<Vec<(String, i64, Option<String>, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT article_id, helpful, reason, COUNT(*) FROM faq_votes \
         WHERE site = $1 AND created_at >= $2 AND created_at < $3 \
         GROUP BY article_id, helpful, reason",
    )
    .bind(site)
    .bind(w.from)
    .bind(w.to)
    .fetch_all(pool)
    .await
}

const SELF_SERVICE_SESSIONS: &str = "SELECT session FROM faq_searches \
     WHERE site = $1 AND session IS NOT NULL AND created_at >= $2 AND created_at < $3 \
     UNION SELECT session FROM faq_views \
     WHERE site = $1 AND session IS NOT NULL AND created_at >= $2 AND created_at < $3";

/// `(sessions that searched or read, of which sent a contact request)`.
pub async fn self_service(
    pool: &AnyPool,
    site: &str,
    w: Window,
) -> Result<(i64, i64), sqlx::Error> {
    let (sessions,): (i64,) =
        sqlx::query_as(&format!("SELECT COUNT(*) FROM ({SELF_SERVICE_SESSIONS}) s"))
            .bind(site)
            .bind(w.from)
            .bind(w.to)
            .fetch_one(pool)
            .await?;
    let (contacted,): (i64,) = sqlx::query_as(&format!(
        "SELECT COUNT(*) FROM ({SELF_SERVICE_SESSIONS}) s WHERE s.session IN \
         (SELECT session FROM contact_requests \
          WHERE site = $1 AND created_at >= $2 AND created_at < $3)"
    ))
    .bind(site)
    .bind(w.from)
    .bind(w.to)
    .fetch_one(pool)
    .await?;
    Ok((sessions, contacted))
}

/// `(article id, comment)` of the "not helpful" votes with a comment in `[from, to)` on
/// the articles `ids`, newest first.
pub async fn not_helpful_comments(
    pool: &AnyPool,
    site: &str,
    from: i64,
    to: i64,
    ids: &[String],
) -> Result<Vec<(String, String)>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list: Vec<String> = (0..ids.len()).map(|i| format!("${}", i + 4)).collect();
    let sql = format!(
        "SELECT article_id, comment FROM faq_votes \
         WHERE site = $1 AND created_at >= $2 AND created_at < $3 AND helpful = 0 \
         AND comment IS NOT NULL AND comment <> '' AND article_id IN ({}) \
         ORDER BY created_at DESC, id DESC",
        list.join(", ")
    );
    let mut query = sqlx::query_as(&sql).bind(site).bind(from).bind(to);
    for id in ids {
        query = query.bind(id.as_str());
    }
    query.fetch_all(pool).await
}
