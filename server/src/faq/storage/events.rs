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
    .await?;
    if let Some(session) = e.session {
        begin_help_session(pool, e.site, session, now).await?;
    }
    Ok(())
}

/// Dates a help session by its first search or read (`faq_help_sessions`, which the console's
/// overview counts); later ones change nothing.
async fn begin_help_session(
    pool: &AnyPool,
    site: &str,
    session: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    // A request sent before the session's first search (from the contact form straight
    // away) still makes it a contacted session.
    sqlx::query(
        "INSERT INTO faq_help_sessions (site, session, first_at, contacted_at) \
         SELECT CAST($1 AS TEXT), CAST($2 AS TEXT), CAST($3 AS BIGINT), \
         (SELECT MIN(c.created_at) FROM contact_requests c \
          WHERE c.site = $1 AND c.session = $2) \
         ON CONFLICT (site, session) DO NOTHING",
    )
    .bind(site)
    .bind(session)
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
    let now = now_millis();
    sqlx::query(
        "INSERT INTO faq_views (id, site, article_id, locale, session, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(new_id())
    .bind(site)
    .bind(article_id)
    .bind(locale.as_str())
    .bind(session)
    .bind(now)
    .execute(pool)
    .await?;
    begin_help_session(pool, site, session, now).await
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

/// What deleting a session removed: its searches, views and votes, and its help-session
/// record (`faq_help_sessions`, at most one).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SessionDeleted {
    pub events: u64,
    pub help_sessions: u64,
}

/// Deletes a session's searches, views and votes, and its help-session record.
pub async fn delete_session_events(
    conn: &mut sqlx::AnyConnection,
    site: &str,
    session: &str,
) -> Result<SessionDeleted, sqlx::Error> {
    let help_sessions =
        sqlx::query("DELETE FROM faq_help_sessions WHERE site = $1 AND session = $2")
            .bind(site)
            .bind(session)
            .execute(&mut *conn)
            .await?
            .rows_affected();
    let mut deleted = SessionDeleted {
        events: 0,
        help_sessions,
    };
    for table in ["faq_searches", "faq_views", "faq_votes"] {
        deleted.events += sqlx::query(&format!(
            "DELETE FROM {table} WHERE site = $1 AND session = $2"
        ))
        .bind(site)
        .bind(session)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    }
    Ok(deleted)
}

/// One search, view or vote of a session, for an export.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionEvent {
    /// `search`, `view` or `vote`.
    pub kind: String,
    /// The query, or the article id.
    pub text: String,
    pub helpful: Option<i64>,
    pub comment: Option<String>,
    pub created_at: i64,
}

/// A session's searches, views and votes, oldest first.
pub async fn session_events(
    pool: &AnyPool,
    site: &str,
    session: &str,
) -> Result<Vec<SessionEvent>, sqlx::Error> {
    sqlx::query_as(
        // Typed NULLs: PostgreSQL resolves a UNION pairwise, and two bare NULLs become text.
        "SELECT 'search' AS kind, query AS text, CAST(NULL AS BIGINT) AS helpful, \
         CAST(NULL AS TEXT) AS comment, created_at \
         FROM faq_searches WHERE site = $1 AND session = $2 \
         UNION ALL SELECT 'view', article_id, CAST(NULL AS BIGINT), CAST(NULL AS TEXT), created_at \
         FROM faq_views WHERE site = $1 AND session = $2 \
         UNION ALL SELECT 'vote', article_id, helpful, comment, created_at \
         FROM faq_votes WHERE site = $1 AND session = $2 \
         ORDER BY created_at",
    )
    .bind(site)
    .bind(session)
    .fetch_all(pool)
    .await
}

/// A session's help-session record: when it began, and when it sent a contact request.
pub async fn help_session(
    pool: &AnyPool,
    site: &str,
    session: &str,
) -> Result<Option<(i64, Option<i64>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT first_at, contacted_at FROM faq_help_sessions WHERE site = $1 AND session = $2",
    )
    .bind(site)
    .bind(session)
    .fetch_optional(pool)
    .await
}

/// Deletes the site's searches, views and help-session records created before
/// `searches_before`, and strips the comments of votes created before `comments_before` (the
/// votes stay for the reports); returns how many rows it deleted or stripped.
pub async fn prune_events(
    pool: &AnyPool,
    site: &str,
    searches_before: i64,
    comments_before: i64,
) -> Result<u64, sqlx::Error> {
    let mut touched = 0;
    for table in ["faq_searches", "faq_views"] {
        touched += sqlx::query(&format!(
            "DELETE FROM {table} WHERE site = $1 AND created_at < $2"
        ))
        .bind(site)
        .bind(searches_before)
        .execute(pool)
        .await?
        .rows_affected();
    }
    // Sessions' records go with their searches (a session is dated by its first one).
    touched += sqlx::query("DELETE FROM faq_help_sessions WHERE site = $1 AND first_at < $2")
        .bind(site)
        .bind(searches_before)
        .execute(pool)
        .await?
        .rows_affected();
    touched += sqlx::query(
        "UPDATE faq_votes SET comment = NULL \
         WHERE site = $1 AND created_at < $2 AND comment IS NOT NULL",
    )
    .bind(site)
    .bind(comments_before)
    .execute(pool)
    .await?
    .rows_affected();
    Ok(touched)
}
