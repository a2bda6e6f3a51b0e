//! Points about to expire: `points.expiring` to the site's points webhook 30 days and 7 days
//! before a lot of points expires, once per lot and reminder. A lot first seen within 7 days
//! of its end gets the 7-day one only. The reminder's row (`point_lot_reminders`, keyed by
//! lot and days) is written in the transaction that queues the delivery, so a second run, or
//! a second instance, queues nothing more; the job runs under a lease (`crate::jobs`) so
//! instances do not even race for it.

use std::sync::Arc;

use async_trait::async_trait;
use patron_api::points::earn::{PointsExpiring, EXPIRY_REMINDER_DAYS};
use sqlx::AnyPool;
use tokio::sync::Notify;

use super::webhook::EXPIRING;
use crate::jobs::Job;
use crate::storage::{new_id, DAY_MS};
use crate::webhooks::{self, NewDelivery};

pub const JOB: &str = "points-expiry-reminders";
/// Lots reminded per site, reminder and run at most; the next run takes the rest.
const BATCH: i64 = 1000;

/// The reminder job (`jobs::Job`). `wake` rings the webhook worker after queueing.
pub struct ExpiryReminders {
    pub wake: Arc<Notify>,
}

#[derive(Debug, sqlx::FromRow)]
struct DueLot {
    member: String,
    seq: i64,
    remaining: i64,
    expires_at: i64,
}

#[async_trait]
impl Job for ExpiryReminders {
    fn name(&self) -> &'static str {
        JOB
    }

    async fn run_once(&self, pool: &AnyPool, now: i64) -> Result<u64, sqlx::Error> {
        let mut queued = 0;
        for site in sites_with_webhook(pool).await? {
            // Nearest reminder first: a lot inside 7 days gets that one, not the 30-day one.
            let mut nearer = now;
            for days in EXPIRY_REMINDER_DAYS.into_iter().rev() {
                let until = now.saturating_add(days * DAY_MS);
                queued += remind(pool, &site, days, (nearer, until), now).await?;
                nearer = until;
            }
        }
        if queued > 0 {
            self.wake.notify_one();
            tracing::info!(queued, "points expiry reminders queued");
        }
        Ok(queued)
    }
}

/// Sites whose loyalty rules name a webhook.
async fn sites_with_webhook(pool: &AnyPool) -> Result<Vec<String>, sqlx::Error> {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT site, rules FROM loyalty_rules")
        .fetch_all(pool)
        .await?;
    Ok(rows
        .into_iter()
        .filter(|(_, json)| {
            serde_json::from_str::<super::LoyaltyRules>(json).is_ok_and(|r| r.webhook.is_some())
        })
        .map(|(site, _)| site)
        .collect())
}

/// Queues the `days` reminder of every lot of `site` expiring in `(after, until]` that has not
/// had it; returns how many.
async fn remind(
    pool: &AnyPool,
    site: &str,
    days: i64,
    (after, until): (i64, i64),
    now: i64,
) -> Result<u64, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let due: Vec<DueLot> = sqlx::query_as(
        "SELECT l.member, l.seq, l.remaining, l.expires_at FROM point_lots l \
         WHERE l.site = $1 AND l.remaining > 0 AND l.expires_at > $2 AND l.expires_at <= $3 \
         AND NOT EXISTS (SELECT 1 FROM point_lot_reminders r WHERE r.site = l.site \
         AND r.member = l.member AND r.seq = l.seq AND r.days_before = $4) \
         ORDER BY l.expires_at, l.member, l.seq LIMIT $5",
    )
    .bind(site)
    .bind(after)
    .bind(until)
    .bind(days)
    .bind(BATCH)
    .fetch_all(&mut *tx)
    .await?;
    let mut queued = 0;
    for lot in due {
        let id = new_id();
        let taken = sqlx::query(
            "INSERT INTO point_lot_reminders (site, member, seq, days_before, delivery_id, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
        )
        .bind(site)
        .bind(lot.member.as_str())
        .bind(lot.seq)
        .bind(days)
        .bind(id.as_str())
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if taken != 1 {
            continue;
        }
        let body = PointsExpiring {
            event: EXPIRING.to_owned(),
            site: site.to_owned(),
            member_id: lot.member.clone(),
            lot: lot.seq,
            points: lot.remaining,
            expires_at: lot.expires_at,
            days_before: days,
        };
        let payload = serde_json::to_string(&body).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
        let delivery = NewDelivery {
            id,
            site: site.to_owned(),
            event: EXPIRING,
            subject: Some(format!("m:{}", lot.member)),
            reference: Some(format!("{}/{}/{days}", lot.member, lot.seq)),
            payload,
        };
        webhooks::queue(&mut tx, &delivery, now).await?;
        queued += 1;
    }
    tx.commit().await?;
    Ok(queued)
}
