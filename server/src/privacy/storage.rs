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

pub use crate::jobs::{hold_lease, record_run, release_lease, Run};
