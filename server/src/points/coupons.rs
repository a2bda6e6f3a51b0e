//! Coupon rewards: each coupon redemption gets a code, from a pool the retailer uploaded
//! (given in the redemption's own transaction) or from the shop's backend answering the
//! signed `redemption.created` webhook (queued in that transaction; the code is recorded when
//! the answer comes). A coupon whose code is recorded is fulfilled (`fulfilment`: the
//! redemption moves from `pending` in the same transaction); a pending one can still be
//! fulfilled or cancelled (points back) through the admin API or the console, and a code that
//! arrives after a cancellation is not recorded.
//!
//! Why nothing is lost or doubled: the points, the redemption's row and the queued delivery
//! commit together or not at all, and the idempotency key makes a retried redemption return
//! its first receipt. The delivery is retried until a 2xx (a timeout is just a failed
//! attempt); only the first code recorded for a redemption counts (`code IS NULL` guard), so
//! an answer to a resent event cannot replace it. A pool code is taken by a conditional
//! UPDATE, so two redemptions never share one.

use patron_api::points::admin::{CodeSource, RewardRule};
use patron_api::points::coupons::{
    self, CodeAnswer, CouponPool, RedemptionCreated, REDEMPTION_CREATED,
};
use sqlx::{AnyConnection, AnyPool};

use super::ledger::{LedgerError, MemberTx};
use crate::storage::with_retries;
use crate::webhooks::{self, NewDelivery};

/// A coupon redemption being written, inside the member's transaction.
pub struct NewCoupon<'a> {
    pub site: &'a str,
    pub member: &'a str,
    pub reward: &'a RewardRule,
    pub source: CodeSource,
    pub redemption_id: &'a str,
    pub entry_seq: i64,
}

/// Writes the redemption's row and gets its code: a pool code at once (`Ok(Some)`; `Err`
/// with `None` inside when the pool is empty), or queues `redemption.created` (`Ok(None)`).
pub async fn issue(
    conn: &mut AnyConnection,
    c: &NewCoupon<'_>,
    now: i64,
) -> Result<Result<Option<String>, ()>, sqlx::Error> {
    let code = match c.source {
        CodeSource::Pool => match take_code(conn, c, now).await? {
            Some(code) => Some(code),
            None => return Ok(Err(())),
        },
        CodeSource::Webhook => None,
    };
    sqlx::query(
        "INSERT INTO coupon_redemptions (site, redemption_id, member, reward_id, entry_seq, \
         source, code, created_at, code_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(c.site)
    .bind(c.redemption_id)
    .bind(c.member)
    .bind(c.reward.id.as_str())
    .bind(c.entry_seq)
    .bind(c.source.as_str())
    .bind(code.as_deref())
    .bind(now)
    .bind(code.as_ref().map(|_| now))
    .execute(&mut *conn)
    .await?;
    if code.is_some() && !fulfil(conn, c.site, c.redemption_id, now).await? {
        return Err(sqlx::Error::Protocol(
            "a new redemption was not pending".into(),
        ));
    }
    if c.source == CodeSource::Webhook {
        let body = RedemptionCreated {
            event: REDEMPTION_CREATED.to_owned(),
            site: c.site.to_owned(),
            redemption_id: c.redemption_id.to_owned(),
            member_id: c.member.to_owned(),
            reward_id: c.reward.id.clone(),
            points: c.reward.cost,
            redeemed_at: now,
        };
        let payload = serde_json::to_string(&body).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
        let delivery = NewDelivery {
            id: crate::storage::new_id(),
            site: c.site.to_owned(),
            event: REDEMPTION_CREATED,
            subject: Some(format!("m:{}", c.member)),
            reference: Some(c.redemption_id.to_owned()),
            payload,
        };
        webhooks::queue(conn, &delivery, now).await?;
    }
    Ok(Ok(code))
}

/// Gives the oldest free code of the reward's pool to the redemption. The UPDATE checks
/// again that the code is free, so a code a concurrent redemption took meanwhile is skipped
/// and the next one tried.
async fn take_code(
    conn: &mut AnyConnection,
    c: &NewCoupon<'_>,
    now: i64,
) -> Result<Option<String>, sqlx::Error> {
    loop {
        let free: Option<(String,)> = sqlx::query_as(
            "SELECT code FROM coupon_codes WHERE site = $1 AND reward_id = $2 \
             AND redemption_id IS NULL ORDER BY uploaded_at, code LIMIT 1",
        )
        .bind(c.site)
        .bind(c.reward.id.as_str())
        .fetch_optional(&mut *conn)
        .await?;
        let Some((code,)) = free else {
            return Ok(None);
        };
        let taken = sqlx::query(
            "UPDATE coupon_codes SET redemption_id = $4, assigned_at = $5 \
             WHERE site = $1 AND reward_id = $2 AND code = $3 AND redemption_id IS NULL",
        )
        .bind(c.site)
        .bind(c.reward.id.as_str())
        .bind(code.as_str())
        .bind(c.redemption_id)
        .bind(now)
        .execute(&mut *conn)
        .await?
        .rows_affected();
        if taken == 1 {
            let pool = pool_state(conn, c.site, c.reward).await?;
            if pool.low {
                tracing::warn!(site = c.site, reward = %c.reward.id, available = pool.available,
                    low_at = pool.low_at, "coupon pool running low: upload more codes");
            }
            return Ok(Some(code));
        }
    }
}

/// How a reward's pool stands.
pub async fn pool_state(
    conn: &mut AnyConnection,
    site: &str,
    reward: &RewardRule,
) -> Result<CouponPool, sqlx::Error> {
    let (available, assigned): (i64, i64) = sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(CASE WHEN redemption_id IS NULL THEN 1 ELSE 0 END), 0) \
         AS BIGINT), CAST(COALESCE(SUM(CASE WHEN redemption_id IS NULL THEN 0 ELSE 1 END), 0) \
         AS BIGINT) FROM coupon_codes WHERE site = $1 AND reward_id = $2",
    )
    .bind(site)
    .bind(reward.id.as_str())
    .fetch_one(conn)
    .await?;
    let low_at = reward.pool_low_at();
    Ok(CouponPool {
        reward_id: reward.id.clone(),
        available,
        assigned,
        low_at,
        low: available < low_at,
    })
}

/// Adds codes to a reward's pool; returns how many were new.
pub async fn add_codes(
    pool: &AnyPool,
    site: &str,
    reward: &str,
    codes: &[String],
    now: i64,
) -> Result<i64, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let mut added = 0;
    for code in codes {
        added += sqlx::query(
            "INSERT INTO coupon_codes (site, reward_id, code, uploaded_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (site, reward_id, code) DO NOTHING",
        )
        .bind(site)
        .bind(reward)
        .bind(code.as_str())
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    }
    tx.commit().await?;
    Ok(i64::try_from(added).unwrap_or(i64::MAX))
}

/// The code of a redemption, if it has one yet.
pub async fn code_of(
    conn: &mut AnyConnection,
    site: &str,
    redemption_id: &str,
) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(Option<String>,)> = sqlx::query_as(
        "SELECT code FROM coupon_redemptions WHERE site = $1 AND redemption_id = $2",
    )
    .bind(site)
    .bind(redemption_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.and_then(|(c,)| c))
}

/// Moves a pending redemption to fulfilled (a coupon whose code is recorded); `false` when it
/// is not pending (cancelled meanwhile).
async fn fulfil(
    conn: &mut AnyConnection,
    site: &str,
    redemption_id: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let moved = sqlx::query(
        "UPDATE point_redemptions SET status = 'fulfilled', fulfilled_at = $3 \
         WHERE site = $1 AND id = $2 AND status = 'pending'",
    )
    .bind(site)
    .bind(redemption_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(moved.rows_affected() == 1)
}

/// Records the shop's answer to `redemption.created`. Without a code, the redemption stays
/// pending. A code is kept only while the redemption is pending and has none (an answer to a
/// resent event does not replace it; one after a cancellation is dropped), in one
/// transaction under the member's lock, like every change of a redemption. `Err` (a
/// malformed answer or code) makes the attempt count as failed.
pub async fn record_answer(
    pool: &AnyPool,
    site: &str,
    redemption_id: &str,
    body: &[u8],
    now: i64,
) -> Result<(), String> {
    let answer: CodeAnswer = if body.iter().all(u8::is_ascii_whitespace) {
        CodeAnswer::default()
    } else {
        serde_json::from_slice(body).map_err(|e| format!("not JSON with a code: {e}"))?
    };
    let Some(code) = answer.code else {
        tracing::info!(
            site,
            redemption = redemption_id,
            "redemption.created answered without a code: pending"
        );
        return Ok(());
    };
    coupons::code(&code).map_err(|v| v.message)?;
    let recorded = store_code(pool, site, redemption_id, &code, now)
        .await
        .map_err(|e| format!("{e:?}"))?;
    if recorded {
        tracing::info!(
            site,
            redemption = redemption_id,
            "coupon code received: fulfilled"
        );
    }
    Ok(())
}

async fn store_code(
    pool: &AnyPool,
    site: &str,
    redemption_id: &str,
    code: &str,
    now: i64,
) -> Result<bool, LedgerError> {
    let member: Option<(String,)> = sqlx::query_as(
        "SELECT member FROM coupon_redemptions WHERE site = $1 AND redemption_id = $2",
    )
    .bind(site)
    .bind(redemption_id)
    .fetch_optional(pool)
    .await?;
    let Some((member,)) = member else {
        return Ok(false);
    };
    let member = member.as_str();
    with_retries(|| async move {
        let mut tx = MemberTx::begin(pool, site, member, now).await?;
        if !fulfil(tx.conn(), site, redemption_id, now).await? {
            return Ok(false);
        }
        let set = sqlx::query(
            "UPDATE coupon_redemptions SET code = $3, code_at = $4 \
             WHERE site = $1 AND redemption_id = $2 AND code IS NULL",
        )
        .bind(site)
        .bind(redemption_id)
        .bind(code)
        .bind(now)
        .execute(tx.conn())
        .await?;
        if set.rows_affected() != 1 {
            return Ok(false);
        }
        tx.commit().await?;
        Ok(true)
    })
    .await
}
