//! Privacy SQL: erasure records, each site's retention periods, and background-job leases
//! and runs. Portable SQL with `$n` placeholders.

use patron_api::privacy::Retention;
use sqlx::{AnyConnection, AnyPool};

/// That an erasure happened: its id, site, channel and time, never whom or what.
pub async fn record_erasure(
    conn: &mut AnyConnection,
    id: &str,
    site: &str,
    via: &str,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO privacy_erasures (id, site, via, erased_at) VALUES ($1, $2, $3, $4)")
        .bind(id)
        .bind(site)
        .bind(via)
        .bind(at)
        .execute(conn)
        .await
        .map(|_| ())
}

/// Stores each site's retention periods (from its site.yaml).
pub async fn store_retention(
    pool: &AnyPool,
    sites: &[(String, Retention)],
    now: i64,
) -> Result<(), sqlx::Error> {
    for (site, r) in sites {
        sqlx::query(
            "INSERT INTO site_retention (site, searches_days, contacts_days, comments_days, \
             webhook_deliveries_days, updated_at) VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (site) DO UPDATE SET searches_days = excluded.searches_days, \
             contacts_days = excluded.contacts_days, comments_days = excluded.comments_days, \
             webhook_deliveries_days = excluded.webhook_deliveries_days, \
             updated_at = excluded.updated_at",
        )
        .bind(site.as_str())
        .bind(i64::from(r.searches_days))
        .bind(i64::from(r.contacts_days))
        .bind(i64::from(r.comments_days))
        .bind(i64::from(r.webhook_deliveries_days))
        .bind(now)
        .execute(pool)
        .await?;
    }
    Ok(())
}

/// Every site's retention periods.
pub async fn retentions(pool: &AnyPool) -> Result<Vec<(String, Retention)>, sqlx::Error> {
    let rows: Vec<(String, i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT site, searches_days, contacts_days, comments_days, webhook_deliveries_days \
         FROM site_retention ORDER BY site",
    )
    .fetch_all(pool)
    .await?;
    let days = |d: i64| u32::try_from(d).unwrap_or(u32::MAX);
    Ok(rows
        .into_iter()
        .map(|(site, searches, contacts, comments, deliveries)| {
            let r = Retention {
                searches_days: days(searches),
                contacts_days: days(contacts),
                comments_days: days(comments),
                webhook_deliveries_days: days(deliveries),
            };
            (site, r)
        })
        .collect())
}

/// Takes the lease of `job` for `holder` until `until`, or renews it, unless another holder
/// has it and it has not expired. One statement: of two instances asking at once, one wins.
/// Returns whether `holder` holds it now, and when the job last ran.
pub async fn hold_lease(
    pool: &AnyPool,
    job: &str,
    holder: &str,
    now: i64,
    until: i64,
) -> Result<(bool, Option<i64>), sqlx::Error> {
    let held = sqlx::query(
        "INSERT INTO job_leases (name, holder, held_until) VALUES ($1, $2, $3) \
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, \
         held_until = excluded.held_until \
         WHERE job_leases.holder = excluded.holder OR job_leases.held_until < $4",
    )
    .bind(job)
    .bind(holder)
    .bind(until)
    .bind(now)
    .execute(pool)
    .await?
    .rows_affected()
        == 1;
    let last: Option<(Option<i64>,)> =
        sqlx::query_as("SELECT last_run_at FROM job_leases WHERE name = $1 AND holder = $2")
            .bind(job)
            .bind(holder)
            .fetch_optional(pool)
            .await?;
    Ok((held, last.and_then(|(at,)| at)))
}

/// Gives the lease up (on shutdown), so another instance takes it at once.
pub async fn release_lease(pool: &AnyPool, job: &str, holder: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE job_leases SET held_until = 0 WHERE name = $1 AND holder = $2")
        .bind(job)
        .bind(holder)
        .execute(pool)
        .await
        .map(|_| ())
}

/// A finished run of `job` by `holder`; also moves the lease's `last_run_at`.
pub struct Run<'a> {
    pub id: &'a str,
    pub job: &'a str,
    pub holder: &'a str,
    pub started_at: i64,
    pub finished_at: i64,
    pub removed: u64,
}

pub async fn record_run(pool: &AnyPool, run: &Run<'_>) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE job_leases SET last_run_at = $3 WHERE name = $1 AND holder = $2")
        .bind(run.job)
        .bind(run.holder)
        .bind(run.finished_at)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO job_runs (id, job, holder, started_at, finished_at, removed) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(run.id)
    .bind(run.job)
    .bind(run.holder)
    .bind(run.started_at)
    .bind(run.finished_at)
    .bind(i64::try_from(run.removed).unwrap_or(i64::MAX))
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM job_runs WHERE job = $1 AND started_at < $2")
        .bind(run.job)
        .bind(run.started_at.saturating_sub(30 * crate::storage::DAY_MS))
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}
