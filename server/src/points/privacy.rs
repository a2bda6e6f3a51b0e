//! What the points programme holds about a member (`ports::PersonalData`): their balance,
//! ledger, lots, orders and idempotency receipts. An erasure keeps every amount for the
//! retailer's accounting but moves it to the erasure's anonymous id (`erased-…`), in every
//! table and in the stored receipts, and drops the free-text notes of ledger entries. The
//! ledger's invariants hold across the move: every row of the member moves together, in one
//! transaction. A device has no points.

use async_trait::async_trait;
use patron_api::privacy::{
    ErasedCounts, ExportedLedgerEntry, ExportedOrder, ExportedPoints, PrivacyExport, Retention,
};
use sqlx::{AnyConnection, AnyPool};

use crate::ports::{Person, PersonalData};

pub struct LedgerRecords;

const MEMBER_TABLES: [&str; 9] = [
    "member_balances",
    "point_entries",
    "point_lots",
    "point_orders",
    "point_requests",
    "point_events",
    "point_lot_reminders",
    "coupon_redemptions",
    "point_redemptions",
];

#[derive(sqlx::FromRow)]
struct EntryRow {
    seq: i64,
    kind: String,
    points: i64,
    effective_at: i64,
    order_ref: Option<String>,
    reward_id: Option<String>,
    note: Option<String>,
}

#[derive(sqlx::FromRow)]
struct OrderRow {
    order_ref: String,
    amount: i64,
    currency: String,
    occurred_at: i64,
    points: i64,
    reversed_at: Option<i64>,
}

/// How a receipt names a member: serde_json's compact form of `member_id` (member ids are
/// `[A-Za-z0-9_.:@-]`, which JSON writes as they are).
fn receipt_member(member: &str) -> String {
    format!("\"member_id\":\"{member}\"")
}

#[async_trait]
impl PersonalData for LedgerRecords {
    async fn erase(
        &self,
        conn: &mut AnyConnection,
        site: &str,
        person: &Person,
        anonymous: &str,
        erased: &mut ErasedCounts,
    ) -> Result<(), sqlx::Error> {
        let Some(member) = person.member.as_deref() else {
            return Ok(());
        };
        // The balance row first: it is the lock every ledger write for the member takes.
        for table in MEMBER_TABLES {
            let moved = sqlx::query(&format!(
                "UPDATE {table} SET member = $3 WHERE site = $1 AND member = $2"
            ))
            .bind(site)
            .bind(member)
            .bind(anonymous)
            .execute(&mut *conn)
            .await?
            .rows_affected();
            if table == "point_entries" {
                erased.ledger_entries += i64::try_from(moved).unwrap_or(i64::MAX);
            }
        }
        sqlx::query("UPDATE point_entries SET note = NULL WHERE site = $1 AND member = $2")
            .bind(site)
            .bind(anonymous)
            .execute(&mut *conn)
            .await?;
        // The birthday is no amount to keep; events name the member as their scope, and a
        // referral names the member it brought in.
        sqlx::query("DELETE FROM member_profiles WHERE site = $1 AND member = $2")
            .bind(site)
            .bind(member)
            .execute(&mut *conn)
            .await?;
        for column in ["scope", "reference"] {
            sqlx::query(&format!(
                "UPDATE point_events SET {column} = $3 WHERE site = $1 AND {column} = $2"
            ))
            .bind(site)
            .bind(member)
            .bind(anonymous)
            .execute(&mut *conn)
            .await?;
        }
        let (from, to) = (receipt_member(member), receipt_member(anonymous));
        for (table, column) in [
            ("point_orders", "receipt"),
            ("point_orders", "reverse_receipt"),
            ("point_requests", "receipt"),
            ("point_events", "receipt"),
        ] {
            sqlx::query(&format!(
                "UPDATE {table} SET {column} = REPLACE({column}, $3, $4) \
                 WHERE site = $1 AND member = $2"
            ))
            .bind(site)
            .bind(anonymous)
            .bind(from.as_str())
            .bind(to.as_str())
            .execute(&mut *conn)
            .await?;
        }
        Ok(())
    }

    async fn export(
        &self,
        pool: &AnyPool,
        site: &str,
        person: &Person,
        export: &mut PrivacyExport,
    ) -> Result<(), sqlx::Error> {
        let Some(member) = person.member.as_deref() else {
            return Ok(());
        };
        let balance: Option<(i64,)> =
            sqlx::query_as("SELECT balance FROM member_balances WHERE site = $1 AND member = $2")
                .bind(site)
                .bind(member)
                .fetch_optional(pool)
                .await?;
        let Some((balance,)) = balance else {
            return Ok(());
        };
        let entries: Vec<EntryRow> = sqlx::query_as(
            "SELECT seq, kind, points, effective_at, order_ref, reward_id, note FROM point_entries \
             WHERE site = $1 AND member = $2 ORDER BY seq",
        )
        .bind(site)
        .bind(member)
        .fetch_all(pool)
        .await?;
        let orders: Vec<OrderRow> = sqlx::query_as(
            "SELECT order_ref, amount, currency, occurred_at, points, reversed_at FROM point_orders \
             WHERE site = $1 AND member = $2 ORDER BY occurred_at, order_ref",
        )
        .bind(site)
        .bind(member)
        .fetch_all(pool)
        .await?;
        export.points = Some(ExportedPoints {
            balance,
            entries: entries
                .into_iter()
                .map(|e| ExportedLedgerEntry {
                    seq: e.seq,
                    kind: e.kind,
                    points: e.points,
                    effective_at: e.effective_at,
                    order_ref: e.order_ref,
                    reward_id: e.reward_id,
                    note: e.note,
                })
                .collect(),
            orders: orders
                .into_iter()
                .map(|o| ExportedOrder {
                    order_ref: o.order_ref,
                    amount: o.amount,
                    currency: o.currency,
                    occurred_at: o.occurred_at,
                    points: o.points,
                    reversed_at: o.reversed_at,
                })
                .collect(),
        });
        Ok(())
    }

    /// The ledger is the retailer's accounting: no retention period here.
    async fn prune(
        &self,
        _pool: &AnyPool,
        _site: &str,
        _retention: &Retention,
        _now: i64,
    ) -> Result<u64, sqlx::Error> {
        Ok(0)
    }
}
