//! The ledger: every change to a member's points, in one transaction each, with `now`
//! passed in (never read from the clock here) so expiry and windows can be tested.
//!
//! Invariants, kept by every transaction: SUM(point_entries.points) = member_balances.balance
//! = SUM(point_lots.remaining) >= 0. Each transaction starts by locking the member's balance
//! row (`MemberTx::begin`), so two writes for one member never interleave; the debit itself
//! is a conditional UPDATE (`balance >= n`) so even a bug elsewhere cannot go negative.

use patron_api::points::EntryKind;
use sqlx::{Any, AnyPool, Transaction};

use super::rules::LoyaltyRules;
use crate::error::AppError;
use crate::storage::{Contended, ATTEMPTS};

/// Why a ledger operation did not happen. Database trouble is `Db`; the rest are answers.
#[derive(Debug)]
pub enum LedgerError {
    InsufficientPoints {
        balance: i64,
        needed: i64,
    },
    OutOfStock,
    /// The idempotency key or order reference was used with a different request.
    Conflict(String),
    OrderNotFound,
    Db(sqlx::Error),
    /// An invariant did not hold; the transaction is rolled back.
    Broken(String),
    /// A row this transaction meant to insert was taken by a concurrent one (holding another
    /// member's lock); the caller looks again.
    Raced,
}

impl From<sqlx::Error> for LedgerError {
    fn from(err: sqlx::Error) -> Self {
        Self::Db(err)
    }
}

impl Contended for LedgerError {
    fn is_contention(&self) -> bool {
        matches!(self, Self::Db(e) if crate::storage::is_contention(e))
    }
}

/// A member's write transaction, holding the lock on their balance row.
pub struct MemberTx {
    tx: Transaction<'static, Any>,
    pub site: String,
    pub member: String,
    pub balance: i64,
    last_seq: i64,
    pub now: i64,
}

/// One new ledger line.
pub struct NewEntry<'a> {
    pub kind: EntryKind,
    pub points: i64,
    pub effective_at: i64,
    pub order_ref: Option<&'a str>,
    pub reward_id: Option<&'a str>,
    pub note: Option<&'a str>,
    /// The line the member reads, as JSON of `patron_api::Localized`, when the kind's own
    /// title does not say enough (an onboarding reward names its pack).
    pub title: Option<&'a str>,
}

impl MemberTx {
    /// Begins a transaction and locks the member's row (creating it at zero). Writing first
    /// matters on SQLite: the write lock is taken (or waited for) before anything is read.
    pub async fn begin(
        pool: &AnyPool,
        site: &str,
        member: &str,
        now: i64,
    ) -> Result<Self, LedgerError> {
        let mut tx = pool.begin().await?;
        sqlx::query(
            "INSERT INTO member_balances (site, member, balance, last_seq, updated_at) \
             VALUES ($1, $2, 0, 0, $3) ON CONFLICT (site, member) DO NOTHING",
        )
        .bind(site)
        .bind(member)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let (balance, last_seq): (i64, i64) = sqlx::query_as(
            "UPDATE member_balances SET updated_at = $3 WHERE site = $1 AND member = $2 \
             RETURNING balance, last_seq",
        )
        .bind(site)
        .bind(member)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        Ok(Self {
            tx,
            site: site.to_owned(),
            member: member.to_owned(),
            balance,
            last_seq,
            now,
        })
    }

    pub async fn commit(mut self) -> Result<(), LedgerError> {
        sqlx::query("UPDATE member_balances SET last_seq = $3 WHERE site = $1 AND member = $2")
            .bind(self.site.as_str())
            .bind(self.member.as_str())
            .bind(self.last_seq)
            .execute(&mut *self.tx)
            .await?;
        self.tx.commit().await?;
        Ok(())
    }

    pub fn conn(&mut self) -> &mut sqlx::AnyConnection {
        &mut self.tx
    }

    /// Appends a ledger line; returns its sequence number.
    pub async fn append(&mut self, e: NewEntry<'_>) -> Result<i64, LedgerError> {
        self.last_seq += 1;
        sqlx::query(
            "INSERT INTO point_entries (site, member, seq, kind, points, effective_at, \
             created_at, order_ref, reward_id, note, title) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(self.site.as_str())
        .bind(self.member.as_str())
        .bind(self.last_seq)
        .bind(e.kind.as_str())
        .bind(e.points)
        .bind(e.effective_at)
        .bind(self.now)
        .bind(e.order_ref)
        .bind(e.reward_id)
        .bind(e.note)
        .bind(e.title)
        .execute(&mut *self.tx)
        .await?;
        Ok(self.last_seq)
    }

    /// Adds a lot of `points` created by entry `seq`, and raises the balance.
    pub async fn credit_lot(
        &mut self,
        seq: i64,
        earned_at: i64,
        expires_at: i64,
        points: i64,
        order_ref: Option<&str>,
    ) -> Result<(), LedgerError> {
        sqlx::query(
            "INSERT INTO point_lots (site, member, seq, earned_at, expires_at, points, \
             remaining, order_ref) VALUES ($1, $2, $3, $4, $5, $6, $6, $7)",
        )
        .bind(self.site.as_str())
        .bind(self.member.as_str())
        .bind(seq)
        .bind(earned_at)
        .bind(expires_at)
        .bind(points)
        .bind(order_ref)
        .execute(&mut *self.tx)
        .await?;
        sqlx::query(
            "UPDATE member_balances SET balance = balance + $3 WHERE site = $1 AND member = $2",
        )
        .bind(self.site.as_str())
        .bind(self.member.as_str())
        .bind(points)
        .execute(&mut *self.tx)
        .await?;
        self.balance += points;
        Ok(())
    }

    /// Lowers the balance by `points` only if it covers them, then takes them from the lots
    /// that expire first (the lots of `prefer_order` first, for reversals), so the member
    /// loses as little as possible to expiry.
    pub async fn debit(
        &mut self,
        points: i64,
        prefer_order: Option<&str>,
    ) -> Result<(), LedgerError> {
        let done = sqlx::query(
            "UPDATE member_balances SET balance = balance - $3 \
             WHERE site = $1 AND member = $2 AND balance >= $3",
        )
        .bind(self.site.as_str())
        .bind(self.member.as_str())
        .bind(points)
        .execute(&mut *self.tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(LedgerError::InsufficientPoints {
                balance: self.balance,
                needed: points,
            });
        }
        self.balance -= points;
        let lots: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT seq, remaining FROM point_lots \
             WHERE site = $1 AND member = $2 AND remaining > 0 \
             ORDER BY CASE WHEN order_ref = $3 THEN 0 ELSE 1 END, expires_at, earned_at, seq",
        )
        .bind(self.site.as_str())
        .bind(self.member.as_str())
        .bind(prefer_order.unwrap_or(""))
        .fetch_all(&mut *self.tx)
        .await?;
        let mut left = points;
        for (seq, remaining) in lots {
            if left == 0 {
                break;
            }
            let take = remaining.min(left);
            self.take_from_lot(seq, take).await?;
            left -= take;
        }
        if left != 0 {
            return Err(LedgerError::Broken(format!(
                "lots of {}/{} hold {} points less than the balance",
                self.site, self.member, left
            )));
        }
        Ok(())
    }

    async fn take_from_lot(&mut self, seq: i64, points: i64) -> Result<(), LedgerError> {
        sqlx::query(
            "UPDATE point_lots SET remaining = remaining - $4 \
             WHERE site = $1 AND member = $2 AND seq = $3",
        )
        .bind(self.site.as_str())
        .bind(self.member.as_str())
        .bind(seq)
        .bind(points)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// Writes an `expire` line for every lot whose lifetime ended by `now` with points left.
    /// Returns the points expired.
    pub async fn expire_due(&mut self) -> Result<i64, LedgerError> {
        let due: Vec<(i64, i64, i64)> = sqlx::query_as(
            "SELECT seq, remaining, expires_at FROM point_lots \
             WHERE site = $1 AND member = $2 AND remaining > 0 AND expires_at <= $3 \
             ORDER BY expires_at, seq",
        )
        .bind(self.site.as_str())
        .bind(self.member.as_str())
        .bind(self.now)
        .fetch_all(&mut *self.tx)
        .await?;
        let mut total = 0;
        for (lot, remaining, expires_at) in due {
            self.append(NewEntry {
                kind: EntryKind::Expire,
                points: -remaining,
                effective_at: expires_at,
                order_ref: None,
                reward_id: None,
                note: None,
                title: None,
            })
            .await?;
            self.take_from_lot(lot, remaining).await?;
            sqlx::query(
                "UPDATE point_lots SET expired = expired + $4 \
                 WHERE site = $1 AND member = $2 AND seq = $3",
            )
            .bind(self.site.as_str())
            .bind(self.member.as_str())
            .bind(lot)
            .bind(remaining)
            .execute(&mut *self.tx)
            .await?;
            total += remaining;
        }
        if total > 0 {
            let done = sqlx::query(
                "UPDATE member_balances SET balance = balance - $3 \
                 WHERE site = $1 AND member = $2 AND balance >= $3",
            )
            .bind(self.site.as_str())
            .bind(self.member.as_str())
            .bind(total)
            .execute(&mut *self.tx)
            .await?;
            if done.rows_affected() != 1 {
                return Err(LedgerError::Broken(format!(
                    "expiring {total} points of {}/{} would make the balance negative",
                    self.site, self.member
                )));
            }
            self.balance -= total;
        }
        Ok(total)
    }

    /// Spend counted towards tiers in the window that ends at `end`: (sum, oldest purchase).
    pub async fn qualifying_spend(
        &mut self,
        rules: &LoyaltyRules,
        end: i64,
    ) -> Result<(i64, Option<i64>), LedgerError> {
        let (site, member) = (self.site.clone(), self.member.clone());
        Ok(super::storage::qualifying_spend(&mut self.tx, rules, &site, &member, end).await?)
    }

    /// How many of the points `order_ref` earned have expired.
    pub async fn expired_of_order(&mut self, order_ref: &str) -> Result<i64, LedgerError> {
        let (expired,): (i64,) = sqlx::query_as(
            "SELECT CAST(COALESCE(SUM(expired), 0) AS BIGINT) FROM point_lots \
             WHERE site = $1 AND member = $2 AND order_ref = $3",
        )
        .bind(self.site.as_str())
        .bind(self.member.as_str())
        .bind(order_ref)
        .fetch_one(&mut *self.tx)
        .await?;
        Ok(expired)
    }

    /// A stored receipt for `(kind, key)`: `Some((fingerprint, receipt JSON))`.
    pub async fn find_request(
        &mut self,
        kind: &str,
        key: &str,
    ) -> Result<Option<(String, String)>, LedgerError> {
        Ok(sqlx::query_as(
            "SELECT fingerprint, receipt FROM point_requests \
             WHERE site = $1 AND member = $2 AND kind = $3 AND idempotency_key = $4",
        )
        .bind(self.site.as_str())
        .bind(self.member.as_str())
        .bind(kind)
        .bind(key)
        .fetch_optional(&mut *self.tx)
        .await?)
    }

    pub async fn save_request(
        &mut self,
        kind: &str,
        key: &str,
        fingerprint: &str,
        receipt: &str,
    ) -> Result<(), LedgerError> {
        sqlx::query(
            "INSERT INTO point_requests (site, member, kind, idempotency_key, fingerprint, \
             receipt, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(self.site.as_str())
        .bind(self.member.as_str())
        .bind(kind)
        .bind(key)
        .bind(fingerprint)
        .bind(receipt)
        .bind(self.now)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }
}

impl From<LedgerError> for AppError {
    fn from(err: LedgerError) -> Self {
        use axum::http::StatusCode;
        use patron_api::ErrorCode;
        match err {
            LedgerError::InsufficientPoints { balance, needed } => AppError::refused(
                StatusCode::CONFLICT,
                ErrorCode::InsufficientPoints,
                format!("the balance of {balance} points does not cover {needed}"),
            ),
            LedgerError::OutOfStock => AppError::refused(
                StatusCode::CONFLICT,
                ErrorCode::OutOfStock,
                "this reward is out of stock",
            ),
            LedgerError::Conflict(message) => AppError::IdempotencyConflict(message),
            LedgerError::OrderNotFound => AppError::refused(
                StatusCode::NOT_FOUND,
                ErrorCode::OrderNotFound,
                "no purchase was recorded with this order reference",
            ),
            ref e if e.is_contention() => {
                AppError::Unavailable(format!("ledger busy after {ATTEMPTS} attempts: {e:?}"))
            }
            LedgerError::Db(e) => AppError::internal(format!("database: {e}")),
            LedgerError::Broken(detail) => AppError::internal(format!("ledger: {detail}")),
            LedgerError::Raced => AppError::Unavailable("ledger busy: a concurrent write".into()),
        }
    }
}
