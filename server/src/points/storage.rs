//! Points SQL outside the member lock (`ledger::MemberTx` holds the locked part): orders,
//! stock, history pages, stored rules. Portable SQL with `$n` placeholders.

use std::collections::HashMap;

use patron_api::points::EntryKind;
use sqlx::{AnyConnection, AnyPool};

use super::rules::{add_months, LoyaltyRules};
use crate::storage::now_millis;

#[derive(Debug, Clone)]
pub struct StoredOrder {
    pub site: String,
    pub order_ref: String,
    pub member: String,
    pub amount: i64,
    pub currency: String,
    pub occurred_at: i64,
    pub points: i64,
    pub receipt: String,
    pub reversed_at: Option<i64>,
    pub reverse_receipt: Option<String>,
}

type OrderRow = (
    String,
    i64,
    String,
    i64,
    i64,
    String,
    Option<i64>,
    Option<String>,
);

pub async fn find_order(
    conn: &mut AnyConnection,
    site: &str,
    order_ref: &str,
) -> Result<Option<StoredOrder>, sqlx::Error> {
    let row: Option<OrderRow> = sqlx::query_as(
        "SELECT member, amount, currency, occurred_at, points, receipt, reversed_at, \
         reverse_receipt FROM point_orders WHERE site = $1 AND order_ref = $2",
    )
    .bind(site)
    .bind(order_ref)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(
        |(member, amount, currency, occurred_at, points, receipt, reversed_at, reverse_receipt)| {
            StoredOrder {
                site: site.to_owned(),
                order_ref: order_ref.to_owned(),
                member,
                amount,
                currency,
                occurred_at,
                points,
                receipt,
                reversed_at,
                reverse_receipt,
            }
        },
    ))
}

/// `false` when the reference is already taken (by a concurrent transaction).
pub async fn insert_order(
    conn: &mut AnyConnection,
    o: &StoredOrder,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO point_orders (site, order_ref, member, amount, currency, occurred_at, \
         points, receipt, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
         ON CONFLICT (site, order_ref) DO NOTHING",
    )
    .bind(o.site.as_str())
    .bind(o.order_ref.as_str())
    .bind(o.member.as_str())
    .bind(o.amount)
    .bind(o.currency.as_str())
    .bind(o.occurred_at)
    .bind(o.points)
    .bind(o.receipt.as_str())
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn mark_reversed(
    conn: &mut AnyConnection,
    site: &str,
    order_ref: &str,
    now: i64,
    receipt: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE point_orders SET reversed_at = $3, reverse_receipt = $4 \
         WHERE site = $1 AND order_ref = $2",
    )
    .bind(site)
    .bind(order_ref)
    .bind(now)
    .bind(receipt)
    .execute(conn)
    .await
    .map(|_| ())
}

/// Counts one redemption of a stock-limited reward if any is left; `false` when sold out.
/// The conditional UPDATE is the guard: it cannot pass `stock` under concurrency.
pub async fn take_stock(
    conn: &mut AnyConnection,
    site: &str,
    reward: &str,
    stock: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query(
        "INSERT INTO reward_redemptions (site, reward_id, redeemed) VALUES ($1, $2, 0) \
         ON CONFLICT (site, reward_id) DO NOTHING",
    )
    .bind(site)
    .bind(reward)
    .execute(&mut *conn)
    .await?;
    let done = sqlx::query(
        "UPDATE reward_redemptions SET redeemed = redeemed + 1 \
         WHERE site = $1 AND reward_id = $2 AND redeemed < $3",
    )
    .bind(site)
    .bind(reward)
    .bind(stock)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// How many of each stock-limited reward have been redeemed.
pub async fn redeemed_counts(
    pool: &AnyPool,
    site: &str,
) -> Result<HashMap<String, i64>, sqlx::Error> {
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT reward_id, redeemed FROM reward_redemptions WHERE site = $1")
            .bind(site)
            .fetch_all(pool)
            .await?;
    Ok(rows.into_iter().collect())
}

/// Spend counted towards tiers in the window that ends at `end`: (sum, oldest purchase). Read
/// inside a member's lock by `MemberTx`, and on its own for a member's current tier.
pub async fn qualifying_spend(
    conn: &mut AnyConnection,
    rules: &LoyaltyRules,
    site: &str,
    member: &str,
    end: i64,
) -> Result<(i64, Option<i64>), sqlx::Error> {
    let start = add_months(end, -(rules.qualifying_window_months as i32));
    sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT), MIN(occurred_at) \
         FROM point_orders WHERE site = $1 AND member = $2 AND reversed_at IS NULL \
         AND currency = $3 AND occurred_at > $4 AND occurred_at <= $5",
    )
    .bind(site)
    .bind(member)
    .bind(rules.currency.as_str())
    .bind(start)
    .bind(end)
    .fetch_one(conn)
    .await
}

/// The member's balance; 0 for a member Patron has no points for.
pub async fn balance(
    conn: &mut AnyConnection,
    site: &str,
    member: &str,
) -> Result<i64, sqlx::Error> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT balance FROM member_balances WHERE site = $1 AND member = $2")
            .bind(site)
            .bind(member)
            .fetch_optional(conn)
            .await?;
    Ok(row.map_or(0, |(b,)| b))
}

/// Whether some of the member's points reached the end of their lifetime by `now` and have
/// not been written off yet.
pub async fn expiry_due(
    conn: &mut AnyConnection,
    site: &str,
    member: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT seq FROM point_lots WHERE site = $1 AND member = $2 AND remaining > 0 \
         AND expires_at <= $3 LIMIT 1",
    )
    .bind(site)
    .bind(member)
    .bind(now)
    .fetch_optional(conn)
    .await?;
    Ok(row.is_some())
}

/// Points with a remaining balance expiring in `(after, until]`: (sum, first expiry).
pub async fn expiring(
    conn: &mut AnyConnection,
    site: &str,
    member: &str,
    after: i64,
    until: i64,
) -> Result<(i64, Option<i64>), sqlx::Error> {
    sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(remaining), 0) AS BIGINT), MIN(expires_at) FROM point_lots \
         WHERE site = $1 AND member = $2 AND remaining > 0 \
         AND expires_at > $3 AND expires_at <= $4",
    )
    .bind(site)
    .bind(member)
    .bind(after)
    .bind(until)
    .fetch_one(conn)
    .await
}

/// When the member's first ledger entry took effect (their oldest purchase, usually);
/// `None` for a member with no entries.
pub async fn first_entry_at(
    pool: &AnyPool,
    site: &str,
    member: &str,
) -> Result<Option<i64>, sqlx::Error> {
    let (first,): (Option<i64>,) = sqlx::query_as(
        "SELECT MIN(effective_at) FROM point_entries WHERE site = $1 AND member = $2",
    )
    .bind(site)
    .bind(member)
    .fetch_one(pool)
    .await?;
    Ok(first)
}

#[derive(Debug, Clone)]
pub struct StoredEntry {
    pub seq: i64,
    pub kind: EntryKind,
    pub points: i64,
    pub effective_at: i64,
    pub order_ref: Option<String>,
    pub reward_id: Option<String>,
    /// JSON of `patron_api::Localized`, when the entry carries its own title.
    pub title: Option<String>,
    /// A coupon redemption's code, once it has one.
    pub code: Option<String>,
}

type EntryRow = (
    i64,
    String,
    i64,
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// Up to `limit` entries older than `before` (`(effective_at, seq)`), newest first.
pub async fn entries(
    conn: &mut AnyConnection,
    site: &str,
    member: &str,
    before: Option<(i64, i64)>,
    limit: u32,
) -> Result<Vec<StoredEntry>, sqlx::Error> {
    let (at, seq) = before.unwrap_or((i64::MAX, i64::MAX));
    let rows: Vec<EntryRow> = sqlx::query_as(
        "SELECT e.seq, e.kind, e.points, e.effective_at, e.order_ref, e.reward_id, e.title, \
         c.code FROM point_entries e LEFT JOIN coupon_redemptions c ON c.site = e.site \
         AND c.member = e.member AND c.entry_seq = e.seq \
         WHERE e.site = $1 AND e.member = $2 \
         AND (e.effective_at < $3 OR (e.effective_at = $3 AND e.seq < $4)) \
         ORDER BY e.effective_at DESC, e.seq DESC LIMIT $5",
    )
    .bind(site)
    .bind(member)
    .bind(at)
    .bind(seq)
    .bind(i64::from(limit))
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(
            |(seq, kind, points, effective_at, order_ref, reward_id, title, code)| {
                Some(StoredEntry {
                    seq,
                    kind: EntryKind::parse(&kind)?,
                    points,
                    effective_at,
                    order_ref,
                    reward_id,
                    title,
                    code,
                })
            },
        )
        .collect())
}

/// The site's loyalty rules, or `None` when it has no points programme.
pub async fn rules(pool: &AnyPool, site: &str) -> Result<Option<LoyaltyRules>, sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as("SELECT rules FROM loyalty_rules WHERE site = $1")
        .bind(site)
        .fetch_optional(pool)
        .await?;
    row.map(|(json,)| serde_json::from_str(&json).map_err(|e| sqlx::Error::Decode(Box::new(e))))
        .transpose()
}

pub async fn put_rules<'e>(
    db: impl sqlx::Executor<'e, Database = sqlx::Any>,
    site: &str,
    rules: &LoyaltyRules,
) -> Result<(), sqlx::Error> {
    let json = serde_json::to_string(rules).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query(
        "INSERT INTO loyalty_rules (site, rules, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (site) DO UPDATE SET rules = excluded.rules, \
         updated_at = excluded.updated_at",
    )
    .bind(site)
    .bind(json)
    .bind(now_millis())
    .execute(db)
    .await
    .map(|_| ())
}

/// Deletes everything about one member (demo mode resets its sample members this way; the
/// ledger is otherwise never deleted from).
pub async fn forget_member(pool: &AnyPool, site: &str, member: &str) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    for table in [
        "member_balances",
        "point_entries",
        "point_lots",
        "point_orders",
        "point_requests",
        "point_events",
        "point_lot_reminders",
        "member_profiles",
        "coupon_redemptions",
        "point_redemptions",
    ] {
        sqlx::query(&format!(
            "DELETE FROM {table} WHERE site = $1 AND member = $2"
        ))
        .bind(site)
        .bind(member)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}
