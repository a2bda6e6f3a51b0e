//! Webhook delivery SQL: queueing, fair claiming, recording attempts, listing, and what
//! privacy needs (erasure, export, retention). Portable SQL with `$n` placeholders.

use sqlx::{AnyConnection, AnyPool};

use crate::paging::{after_sql, Cursor};

pub const PENDING: &str = "pending";
pub const DELIVERED: &str = "delivered";
pub const FAILED: &str = "failed";

/// An event to queue, in the transaction that writes what it reports.
#[derive(Debug, Clone)]
pub struct NewDelivery {
    /// Also `webhook-id`: receivers deduplicate by it.
    pub id: String,
    pub site: String,
    pub event: &'static str,
    /// Whom the payload is about (`m:<member>`, `d:<device>`, `k:<kiosk session>`).
    pub subject: Option<String>,
    /// What it is about in its feature (a survey response id, …).
    pub reference: Option<String>,
    /// The exact body to send (and sign) on every attempt.
    pub payload: String,
}

pub async fn insert(
    conn: &mut AnyConnection,
    d: &NewDelivery,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO webhook_deliveries (id, site, event, subject, reference, payload, status, \
         created_at, attempts, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $8)",
    )
    .bind(d.id.as_str())
    .bind(d.site.as_str())
    .bind(d.event)
    .bind(d.subject.as_deref())
    .bind(d.reference.as_deref())
    .bind(d.payload.as_str())
    .bind(PENDING)
    .bind(now)
    .execute(conn)
    .await
    .map(|_| ())
}

/// A claimed delivery, ready to be attempted.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Claimed {
    pub id: String,
    pub site: String,
    pub event: String,
    /// What it is about in its feature (`NewDelivery::reference`).
    pub reference: Option<String>,
    pub payload: String,
    pub attempts: i64,
    pub created_at: i64,
}

/// Due, not held by anyone, young enough to be sent, and of a site that is not disabled, for
/// rows of `table` (an alias); `$1` is now, `$5` the oldest creation time still sent. A
/// disabled site's alerts wait (read from the database, so every instance holds them, also one
/// started before the site was disabled): they go out if its folder comes back, and are given
/// up by age like any other.
fn claimable(table: &str) -> String {
    format!(
        "{table}.status = 'pending' AND {table}.next_attempt_at <= $1 \
         AND {table}.created_at >= $5 \
         AND ({table}.claimed_until IS NULL OR {table}.claimed_until < $1) \
         AND NOT EXISTS (SELECT 1 FROM sites s WHERE s.id = {table}.site \
           AND s.disabled_at IS NOT NULL)"
    )
}

/// Limits of one claim.
#[derive(Debug, Clone, Copy)]
pub struct ClaimLimits {
    /// Rows taken at most.
    pub batch: i64,
    /// Rows of one site held at once at most, counting those held by any instance.
    pub per_site: i64,
    /// Rows created before this are not sent any more (they are given up by `expire`).
    pub oldest: i64,
}

/// Takes due rows until `until`, under `token`, in one conditional UPDATE: the condition is
/// checked again on each row as it is written, so a row another worker (here or on another
/// instance) took meanwhile is left alone. Fair across sites: rows are ranked within their
/// site, every site's first before any site's second, and no site gets more than `per_site`
/// rows in flight, so a site with a backlog or a slow endpoint cannot take the batch.
pub async fn claim(
    pool: &AnyPool,
    token: &str,
    now: i64,
    until: i64,
    limits: ClaimLimits,
) -> Result<Vec<Claimed>, sqlx::Error> {
    sqlx::query(&format!(
        "UPDATE webhook_deliveries SET claimed_until = $2, claim_token = $3 \
         WHERE {} AND id IN (\
           SELECT id FROM (\
             SELECT d.id, ROW_NUMBER() OVER (PARTITION BY d.site ORDER BY d.next_attempt_at, d.id) \
               + (SELECT COUNT(*) FROM webhook_deliveries h WHERE h.site = d.site \
                  AND h.status = 'pending' AND h.claimed_until >= $1) AS slot \
             FROM webhook_deliveries d WHERE {} \
           ) ranked WHERE slot <= $6 ORDER BY slot, id LIMIT $4)",
        claimable("webhook_deliveries"),
        claimable("d"),
    ))
    .bind(now)
    .bind(until)
    .bind(token)
    .bind(limits.batch)
    .bind(limits.oldest)
    .bind(limits.per_site)
    .execute(pool)
    .await?;
    sqlx::query_as(
        "SELECT id, site, event, reference, payload, attempts, created_at \
         FROM webhook_deliveries WHERE claim_token = $1 AND status = 'pending'",
    )
    .bind(token)
    .fetch_all(pool)
    .await
}

/// How one attempt ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Delivered,
    /// Tried again at `next_attempt_at`.
    Retry {
        next_attempt_at: i64,
    },
    /// Given up.
    Failed,
}

#[derive(Debug, Clone)]
pub struct Attempt {
    pub id: String,
    /// The HTTP status, if there was an answer.
    pub status: Option<i64>,
    pub error: Option<String>,
    pub outcome: Outcome,
}

/// Records attempts made under `token`, in one transaction, and releases their claims.
pub async fn finish(
    pool: &AnyPool,
    token: &str,
    now: i64,
    attempts: &[Attempt],
) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    for a in attempts {
        let (status, next, delivered, failed) = match a.outcome {
            Outcome::Delivered => (DELIVERED, None, Some(now), None),
            Outcome::Retry { next_attempt_at } => (PENDING, Some(next_attempt_at), None, None),
            Outcome::Failed => (FAILED, None, None, Some(now)),
        };
        sqlx::query(
            "UPDATE webhook_deliveries SET attempts = attempts + 1, status = $3, \
             next_attempt_at = COALESCE($4, next_attempt_at), delivered_at = $5, \
             failed_at = $6, last_status = $7, last_error = $8, claimed_until = NULL, \
             claim_token = NULL WHERE id = $1 AND claim_token = $2",
        )
        .bind(a.id.as_str())
        .bind(token)
        .bind(status)
        .bind(next)
        .bind(delivered)
        .bind(failed)
        .bind(a.status)
        .bind(a.error.as_deref())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

/// Gives up pending rows created before `oldest` that nobody holds (they waited out a
/// stopped server, or an endpoint that was never reachable). Returns how many.
pub async fn expire(pool: &AnyPool, now: i64, oldest: i64) -> Result<u64, sqlx::Error> {
    sqlx::query(
        "UPDATE webhook_deliveries SET status = 'failed', failed_at = $1, \
         last_error = COALESCE(last_error || '; ', '') || 'given up: too old' \
         WHERE status = 'pending' AND created_at < $2 \
         AND (claimed_until IS NULL OR claimed_until < $1)",
    )
    .bind(now)
    .bind(oldest)
    .execute(pool)
    .await
    .map(|r| r.rows_affected())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DeliveryRow {
    pub id: String,
    pub event: String,
    pub reference: Option<String>,
    pub status: String,
    pub created_at: i64,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub delivered_at: Option<i64>,
    pub failed_at: Option<i64>,
    pub last_status: Option<i64>,
    pub last_error: Option<String>,
}

/// Which deliveries a list shows.
#[derive(Debug, Clone, Default)]
pub struct Filter<'a> {
    /// Events whose name starts with this (`survey.`), or exactly this name.
    pub event_prefix: Option<&'a str>,
    pub event: Option<&'a str>,
    pub status: Option<&'a str>,
}

/// A site's deliveries, newest first, after `cursor`.
pub async fn list(
    pool: &AnyPool,
    site: &str,
    filter: &Filter<'_>,
    cursor: &Cursor,
    limit: i64,
) -> Result<Vec<DeliveryRow>, sqlx::Error> {
    // Unused filters compare with themselves: one statement for every combination.
    let sql = format!(
        "SELECT id, event, reference, status, created_at, attempts, next_attempt_at, \
         delivered_at, failed_at, last_status, last_error FROM webhook_deliveries \
         WHERE site = $1 AND {} AND ($4 = '' OR event LIKE $4) AND ($5 = '' OR event = $5) \
         AND ($6 = '' OR status = $6) ORDER BY created_at DESC, id DESC LIMIT $7",
        after_sql("created_at", "id", 2)
    );
    // Prefixes come from code (`survey.`), never from a request.
    let prefix = filter
        .event_prefix
        .map(|p| format!("{p}%"))
        .unwrap_or_default();
    sqlx::query_as(&sql)
        .bind(site)
        .bind(cursor.at)
        .bind(cursor.id.as_str())
        .bind(prefix)
        .bind(filter.event.unwrap_or_default())
        .bind(filter.status.unwrap_or_default())
        .bind(limit)
        .fetch_all(pool)
        .await
}

/// Deletes the deliveries about any of `subjects`, sent or not. Returns how many.
pub async fn erase(
    conn: &mut AnyConnection,
    site: &str,
    subjects: &[String],
) -> Result<i64, sqlx::Error> {
    let mut removed = 0;
    for subject in subjects {
        removed += sqlx::query("DELETE FROM webhook_deliveries WHERE site = $1 AND subject = $2")
            .bind(site)
            .bind(subject.as_str())
            .execute(&mut *conn)
            .await?
            .rows_affected();
    }
    Ok(i64::try_from(removed).unwrap_or(i64::MAX))
}

/// A delivery about someone, for their export.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CopyRow {
    pub id: String,
    pub event: String,
    pub created_at: i64,
    pub status: String,
    pub payload: String,
}

/// The deliveries about `subject`, oldest first.
pub async fn about(pool: &AnyPool, site: &str, subject: &str) -> Result<Vec<CopyRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, event, created_at, status, payload FROM webhook_deliveries \
         WHERE site = $1 AND subject = $2 ORDER BY created_at, id",
    )
    .bind(site)
    .bind(subject)
    .fetch_all(pool)
    .await
}

/// Deletes the site's finished deliveries (delivered or given up) created before `before`.
pub async fn prune(pool: &AnyPool, site: &str, before: i64) -> Result<u64, sqlx::Error> {
    sqlx::query(
        "DELETE FROM webhook_deliveries WHERE site = $1 AND status <> 'pending' \
         AND created_at < $2",
    )
    .bind(site)
    .bind(before)
    .execute(pool)
    .await
    .map(|r| r.rows_affected())
}
