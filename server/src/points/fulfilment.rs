//! Redemption fulfilment: every redemption is recorded (`record`, in the redeeming
//! transaction) as `pending`, then fulfilled (the reward was handed over) or cancelled (it was
//! not: the points go back to the member through the ledger, and the reward's stock is
//! released).
//!
//! Invariant: a redemption's points come back at most once. The change runs in the member's
//! ledger transaction (`MemberTx`, which locks their balance row), reads the status inside it
//! and moves it with a conditional UPDATE (`status = 'pending'`), so two cancellations at once,
//! or a retry after a lost answer, find it cancelled and change nothing. Asking for the status
//! it already has is an answer, not an error; any other move is 422 `not_allowed`.

use patron_api::console::audit::{AuditAction, AuditTarget};
use patron_api::console::members::{Redemption, RedemptionStatus};
use patron_api::points::EntryKind;
use sqlx::{AnyConnection, AnyPool, FromRow};

use super::ledger::{LedgerError, MemberTx, NewEntry};
use super::rules::{add_months, LoyaltyRules};
use crate::audit::{self, change, Who};
use crate::error::AppError;
use crate::paging::{after_sql, Cursor};
use crate::storage::with_retries;

/// Points returned without loyalty rules (the programme was removed) last this long.
const FALLBACK_LIFETIME_MONTHS: i32 = 24;

/// A new redemption, recorded by `ops::redeem` in its own transaction.
pub struct NewRedemption<'a> {
    pub id: &'a str,
    pub site: &'a str,
    pub member: &'a str,
    /// The ledger's redeem entry.
    pub seq: i64,
    pub reward_id: &'a str,
    pub reward_name: &'a str,
    pub points: i64,
    pub at: i64,
}

pub async fn record(conn: &mut AnyConnection, r: &NewRedemption<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO point_redemptions (site, id, member, seq, reward_id, reward_name, points, \
         status, redeemed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8)",
    )
    .bind(r.site)
    .bind(r.id)
    .bind(r.member)
    .bind(r.seq)
    .bind(r.reward_id)
    .bind(r.reward_name)
    .bind(r.points)
    .bind(r.at)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, FromRow)]
struct Row {
    id: String,
    member: String,
    reward_id: String,
    reward_name: String,
    points: i64,
    status: String,
    redeemed_at: i64,
    fulfilled_at: Option<i64>,
    cancelled_at: Option<i64>,
}

impl Row {
    fn status(&self) -> RedemptionStatus {
        RedemptionStatus::parse(&self.status).unwrap_or(RedemptionStatus::Pending)
    }

    fn redemption(self) -> Redemption {
        Redemption {
            status: self.status(),
            id: self.id,
            member_id: self.member,
            reward_id: self.reward_id,
            reward_name: self.reward_name,
            points: self.points,
            redeemed_at: self.redeemed_at,
            fulfilled_at: self.fulfilled_at,
            cancelled_at: self.cancelled_at,
        }
    }
}

const COLUMNS: &str = "id, member, reward_id, reward_name, points, status, redeemed_at, \
                       fulfilled_at, cancelled_at";

async fn find(conn: &mut AnyConnection, site: &str, id: &str) -> Result<Option<Row>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM point_redemptions WHERE site = $1 AND id = $2"
    ))
    .bind(site)
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// One page of the site's redemptions, newest first, of one status or all.
pub async fn list(
    pool: &AnyPool,
    site: &str,
    status: Option<RedemptionStatus>,
    cursor: &Cursor,
    limit: i64,
) -> Result<(Vec<Redemption>, Option<Cursor>), sqlx::Error> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM point_redemptions WHERE site = $1 AND {} \
         AND ($4 = '' OR status = $4) ORDER BY redeemed_at DESC, id DESC LIMIT $5",
        after_sql("redeemed_at", "id", 2)
    ))
    .bind(site)
    .bind(cursor.at)
    .bind(cursor.id.as_str())
    .bind(status.map_or("", |s| s.as_str()))
    .bind(limit)
    .fetch_all(pool)
    .await?;
    let next = Cursor::after(&rows, limit, |r| (r.redeemed_at, r.id.as_str()));
    Ok((rows.into_iter().map(Row::redemption).collect(), next))
}

/// Why a change did not happen.
#[derive(Debug)]
pub enum FulfilmentError {
    NotFound,
    /// From its status it cannot go to the one asked for.
    NotAllowed(RedemptionStatus),
    Ledger(LedgerError),
}

impl From<LedgerError> for FulfilmentError {
    fn from(e: LedgerError) -> Self {
        Self::Ledger(e)
    }
}

impl From<sqlx::Error> for FulfilmentError {
    fn from(e: sqlx::Error) -> Self {
        Self::Ledger(LedgerError::Db(e))
    }
}

impl crate::storage::Contended for FulfilmentError {
    fn is_contention(&self) -> bool {
        matches!(self, Self::Ledger(e) if e.is_contention())
    }
}

impl From<FulfilmentError> for AppError {
    fn from(e: FulfilmentError) -> Self {
        match e {
            FulfilmentError::NotFound => AppError::NotFound,
            FulfilmentError::NotAllowed(from) => {
                let mut errs = patron_api::validate::FieldErrors::default();
                errs.push(
                    "status",
                    patron_api::FieldCode::NotAllowed,
                    format!("a {} redemption stays so", from.as_str()),
                );
                AppError::Validation(errs)
            }
            FulfilmentError::Ledger(e) => e.into(),
        }
    }
}

/// Moves redemption `id` of `site` to `to` (fulfilled or cancelled) as `who`, at `now`;
/// cancelling returns its points as a new lot and its stock. Returns the redemption as it is.
pub async fn change_status(
    pool: &AnyPool,
    rules: Option<&LoyaltyRules>,
    site: &str,
    id: &str,
    to: RedemptionStatus,
    who: &Who,
    now: i64,
) -> Result<Redemption, FulfilmentError> {
    let member = {
        let mut conn = pool.acquire().await?;
        find(&mut conn, site, id)
            .await?
            .ok_or(FulfilmentError::NotFound)?
            .member
    };
    let member = member.as_str();
    with_retries(|| async move {
        let mut tx = MemberTx::begin(pool, site, member, now).await?;
        // Read under the member's lock: a concurrent change has committed or waits.
        let row = find(tx.conn(), site, id)
            .await?
            .ok_or(FulfilmentError::NotFound)?;
        let from = row.status();
        if from == to {
            return Ok(row.redemption());
        }
        if from != RedemptionStatus::Pending || to == RedemptionStatus::Pending {
            return Err(FulfilmentError::NotAllowed(from));
        }
        let column = match to {
            RedemptionStatus::Fulfilled => "fulfilled_at",
            _ => "cancelled_at",
        };
        let moved = sqlx::query(&format!(
            "UPDATE point_redemptions SET status = $3, {column} = $4 \
             WHERE site = $1 AND id = $2 AND status = 'pending'"
        ))
        .bind(site)
        .bind(id)
        .bind(to.as_str())
        .bind(now)
        .execute(tx.conn())
        .await?;
        if moved.rows_affected() != 1 {
            return Err(FulfilmentError::Ledger(LedgerError::Broken(format!(
                "redemption {site}/{id} changed under the member's lock"
            ))));
        }
        if to == RedemptionStatus::Cancelled {
            refund(&mut tx, rules, &row, now).await?;
        }
        let action = match to {
            RedemptionStatus::Cancelled => AuditAction::RedemptionCancelled,
            _ => AuditAction::RedemptionFulfilled,
        };
        audit::record(
            tx.conn(),
            audit::Record {
                site,
                who,
                action,
                target: AuditTarget::Redemption,
                target_id: id,
                changes: vec![change("status", Some(from.as_str()), Some(to.as_str()))],
                at: now,
            },
        )
        .await?;
        tx.commit().await?;
        let mut done = row.redemption();
        done.status = to;
        match to {
            RedemptionStatus::Fulfilled => done.fulfilled_at = Some(now),
            _ => done.cancelled_at = Some(now),
        }
        Ok(done)
    })
    .await
}

/// Credits the redemption's points back (a new lot with a full lifetime: the member did not
/// get what they paid for) and releases one of the reward's stock.
async fn refund(
    tx: &mut MemberTx,
    rules: Option<&LoyaltyRules>,
    row: &Row,
    now: i64,
) -> Result<(), FulfilmentError> {
    let note = format!("redemption {} cancelled", row.id);
    let seq = tx
        .append(NewEntry {
            kind: EntryKind::Adjust,
            points: row.points,
            effective_at: now,
            order_ref: None,
            reward_id: Some(&row.reward_id),
            note: Some(&note),
            title: None,
        })
        .await?;
    let months = rules.map_or(FALLBACK_LIFETIME_MONTHS, |r| r.point_lifetime_months as i32);
    tx.credit_lot(seq, now, add_months(now, months), row.points, None)
        .await?;
    let site = tx.site.clone();
    sqlx::query("UPDATE point_redemptions SET refund_seq = $3 WHERE site = $1 AND id = $2")
        .bind(site.as_str())
        .bind(row.id.as_str())
        .bind(seq)
        .execute(tx.conn())
        .await?;
    sqlx::query(
        "UPDATE reward_redemptions SET redeemed = redeemed - 1 \
         WHERE site = $1 AND reward_id = $2 AND redeemed > 0",
    )
    .bind(site.as_str())
    .bind(row.reward_id.as_str())
    .execute(tx.conn())
    .await?;
    Ok(())
}
