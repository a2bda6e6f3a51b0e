//! What the API does with the ledger: purchases, reversals, adjustments, redemptions and the
//! member's summary. Every function takes `now` (Unix ms) instead of reading the clock.

use patron_api::points::{
    AdjustReceipt, EntryKind, Expiring, HistoryEntry, Me, NextTier, PurchaseReceipt, RedeemReceipt,
    ReverseReceipt, Tier, EXPIRING_WITHIN_DAYS,
};
use patron_api::{Locale, Localized};
use sqlx::AnyPool;

use super::ledger::{LedgerError, MemberTx, NewEntry};
use super::rules::{add_months, LoyaltyRules, RewardRule};
use super::{coupons, storage};
use crate::ports::Bonus;
use crate::storage::with_retries;

use crate::storage::DAY_MS;
/// Purchases stamped later than this ahead of the server's clock are refused.
pub const FUTURE_SKEW_MS: i64 = 5 * 60 * 1000;

/// A validated purchase.
#[derive(Debug, Clone)]
pub struct Purchase<'a> {
    pub member: &'a str,
    pub order_ref: &'a str,
    pub amount: i64,
    pub currency: &'a str,
    pub occurred_at: i64,
}

/// `Ok((receipt, replayed))`.
pub async fn record_purchase(
    pool: &AnyPool,
    rules: &LoyaltyRules,
    site: &str,
    p: &Purchase<'_>,
    now: i64,
) -> Result<(PurchaseReceipt, bool), LedgerError> {
    with_retries(|| async move {
        let mut tx = MemberTx::begin(pool, site, p.member, now).await?;
        if let Some(stored) = storage::find_order(tx.conn(), site, p.order_ref).await? {
            let same = stored.member == p.member
                && stored.amount == p.amount
                && stored.currency == p.currency
                && stored.occurred_at == p.occurred_at;
            if !same {
                return Err(LedgerError::Conflict(
                    "this order reference was recorded with a different purchase".into(),
                ));
            }
            return Ok((decode(&stored.receipt)?, true));
        }
        tx.expire_due().await?;
        // The rate is the tier the member held when buying, from the spend before it.
        let (spend, _) = tx.qualifying_spend(rules, p.occurred_at).await?;
        let tier = &rules.tiers[rules.tier_index(spend)];
        let birthday = super::earn_storage::birthday(tx.conn(), site, p.member).await?;
        let birthday_month = super::earn::in_birthday_month(birthday, p.occurred_at);
        let mut points = rules.earn_points(p.amount, tier);
        if birthday_month {
            points = apply_percent(points, rules.earn.birthday_multiplier_percent);
        }
        if points > 0 {
            let seq = tx
                .append(NewEntry {
                    kind: EntryKind::Earn,
                    points,
                    effective_at: p.occurred_at,
                    order_ref: Some(p.order_ref),
                    reward_id: None,
                    note: None,
                    title: None,
                })
                .await?;
            let expires_at = add_months(p.occurred_at, rules.point_lifetime_months as i32);
            tx.credit_lot(seq, p.occurred_at, expires_at, points, Some(p.order_ref))
                .await?;
            // A late-reported purchase may earn points whose lifetime is already over.
            tx.expire_due().await?;
        }
        let receipt = PurchaseReceipt {
            member_id: p.member.to_owned(),
            order_ref: p.order_ref.to_owned(),
            points_earned: points,
            tier_id: tier.id.clone(),
            birthday_month,
            balance: tx.balance,
        };
        let inserted = storage::insert_order(
            tx.conn(),
            &storage::StoredOrder {
                site: site.to_owned(),
                order_ref: p.order_ref.to_owned(),
                member: p.member.to_owned(),
                amount: p.amount,
                currency: p.currency.to_owned(),
                occurred_at: p.occurred_at,
                points,
                receipt: encode(&receipt)?,
                reversed_at: None,
                reverse_receipt: None,
            },
            now,
        )
        .await?;
        if !inserted {
            // Another member's purchase took this reference in the meantime.
            return Err(LedgerError::Conflict(
                "this order reference was recorded with a different purchase".into(),
            ));
        }
        tx.commit().await?;
        Ok((receipt, false))
    })
    .await
}

/// Refunds an order: takes back what it earned and has not expired (its own lot first, then
/// the points that expire first), never below zero, and stops its spend counting. Points of
/// the order that expired are not taken again: expiry took them already, and taking them
/// from what other purchases earned would punish the member twice. `Ok((receipt, replayed))`.
pub async fn reverse_order(
    pool: &AnyPool,
    site: &str,
    member: &str,
    order_ref: &str,
    reason: Option<&str>,
    now: i64,
) -> Result<(ReverseReceipt, bool), LedgerError> {
    with_retries(|| async move {
        let mut tx = MemberTx::begin(pool, site, member, now).await?;
        let order = storage::find_order(tx.conn(), site, order_ref)
            .await?
            .ok_or(LedgerError::OrderNotFound)?;
        if order.member != member {
            return Err(LedgerError::Conflict(
                "this order was recorded for another member".into(),
            ));
        }
        if let Some(receipt) = order.reverse_receipt {
            return Ok((decode(&receipt)?, true));
        }
        tx.expire_due().await?;
        let expired = tx.expired_of_order(order_ref).await?.min(order.points);
        let reversed = (order.points - expired).min(tx.balance);
        if reversed > 0 {
            tx.debit(reversed, Some(order_ref)).await?;
            tx.append(NewEntry {
                kind: EntryKind::Reverse,
                points: -reversed,
                effective_at: now,
                order_ref: Some(order_ref),
                reward_id: None,
                note: reason,
                title: None,
            })
            .await?;
        }
        let receipt = ReverseReceipt {
            member_id: member.to_owned(),
            order_ref: order_ref.to_owned(),
            points_reversed: reversed,
            points_expired: expired,
            shortfall: order.points - expired - reversed,
            balance: tx.balance,
        };
        storage::mark_reversed(tx.conn(), site, order_ref, now, &encode(&receipt)?).await?;
        tx.commit().await?;
        Ok((receipt, false))
    })
    .await
}

/// A validated adjustment.
#[derive(Debug, Clone)]
pub struct Adjustment<'a> {
    pub member: &'a str,
    /// Signed, not zero.
    pub points: i64,
    pub reason: &'a str,
    pub key: &'a str,
}

/// A manual credit (a new lot) or debit (oldest points first). `Ok((receipt, replayed))`.
pub async fn adjust(
    pool: &AnyPool,
    rules: &LoyaltyRules,
    site: &str,
    a: &Adjustment<'_>,
    now: i64,
) -> Result<(AdjustReceipt, bool), LedgerError> {
    let fingerprint = format!("{}|{}", a.points, a.reason);
    let change = Keyed {
        member: a.member,
        points: a.points,
        kind: EntryKind::Adjust,
        note: Some(a.reason),
        title: None,
        request: "adjust",
        key: a.key,
        fingerprint: &fingerprint,
    };
    apply_keyed(pool, rules, site, &change, now).await
}

/// Credits a bonus unless this member already had the one of `(source, key)`.
/// `Ok((receipt, replayed))`; a replay returns the first receipt even if `points` has changed
/// since (a pack's reward edited after this member finished it): every bonus request has the
/// same fingerprint.
pub async fn grant_bonus(
    pool: &AnyPool,
    rules: &LoyaltyRules,
    site: &str,
    b: &Bonus<'_>,
    now: i64,
) -> Result<(AdjustReceipt, bool), LedgerError> {
    let title = encode(b.title)?;
    let change = Keyed {
        member: b.member,
        points: b.points,
        kind: EntryKind::Earn,
        note: None,
        title: Some(&title),
        request: b.source,
        key: b.key,
        fingerprint: "bonus",
    };
    apply_keyed(pool, rules, site, &change, now).await
}

/// A change made once per member and `(request, key)`: a credit (a new lot) or a debit
/// (oldest points first).
struct Keyed<'a> {
    member: &'a str,
    /// Signed, not zero.
    points: i64,
    kind: EntryKind,
    note: Option<&'a str>,
    title: Option<&'a str>,
    request: &'a str,
    key: &'a str,
    /// What a replay must match (else 409).
    fingerprint: &'a str,
}

async fn apply_keyed(
    pool: &AnyPool,
    rules: &LoyaltyRules,
    site: &str,
    k: &Keyed<'_>,
    now: i64,
) -> Result<(AdjustReceipt, bool), LedgerError> {
    with_retries(|| async move {
        let mut tx = MemberTx::begin(pool, site, k.member, now).await?;
        if let Some((stored, receipt)) = tx.find_request(k.request, k.key).await? {
            return replay(&stored, k.fingerprint, &receipt);
        }
        tx.expire_due().await?;
        let entry = NewEntry {
            kind: k.kind,
            points: k.points,
            effective_at: now,
            order_ref: None,
            reward_id: None,
            note: k.note,
            title: k.title,
        };
        if k.points > 0 {
            let seq = tx.append(entry).await?;
            let expires_at = add_months(now, rules.point_lifetime_months as i32);
            tx.credit_lot(seq, now, expires_at, k.points, None).await?;
        } else {
            tx.debit(-k.points, None).await?;
            tx.append(entry).await?;
        }
        let receipt = AdjustReceipt {
            member_id: k.member.to_owned(),
            points: k.points,
            balance: tx.balance,
        };
        tx.save_request(k.request, k.key, k.fingerprint, &encode(&receipt)?)
            .await?;
        tx.commit().await?;
        Ok((receipt, false))
    })
    .await
}

/// Spends points on a reward. `Ok((receipt, replayed))`.
pub async fn redeem(
    pool: &AnyPool,
    site: &str,
    member: &str,
    reward: &RewardRule,
    reward_name: &str,
    key: &str,
    now: i64,
) -> Result<(RedeemReceipt, bool), LedgerError> {
    let id = crate::storage::new_id();
    redeem_as(pool, (site, member), reward, reward_name, (key, &id), now).await
}

/// `redeem`, the redemption (when new) getting `redemption_id` (demo mode's history marks
/// its own).
pub async fn redeem_as(
    pool: &AnyPool,
    (site, member): (&str, &str),
    reward: &RewardRule,
    reward_name: &str,
    (key, redemption_id): (&str, &str),
    now: i64,
) -> Result<(RedeemReceipt, bool), LedgerError> {
    let fingerprint = reward.id.as_str();
    with_retries(|| async move {
        let mut tx = MemberTx::begin(pool, site, member, now).await?;
        if let Some((stored, receipt)) = tx.find_request("redeem", key).await? {
            let (mut receipt, replayed): (RedeemReceipt, bool) =
                replay(&stored, fingerprint, &receipt)?;
            // A code the shop's backend sent since the first answer.
            if receipt.code_pending {
                receipt.code = coupons::code_of(tx.conn(), site, &receipt.redemption_id).await?;
                receipt.code_pending = receipt.code.is_none();
            }
            return Ok((receipt, replayed));
        }
        tx.expire_due().await?;
        tx.debit(reward.cost, None).await?;
        if let Some(stock) = reward.stock {
            if !storage::take_stock(tx.conn(), site, &reward.id, stock).await? {
                return Err(LedgerError::OutOfStock);
            }
        }
        let seq = tx
            .append(NewEntry {
                kind: EntryKind::Redeem,
                points: -reward.cost,
                effective_at: now,
                order_ref: None,
                reward_id: Some(&reward.id),
                note: None,
                title: None,
            })
            .await?;
        let redemption_id = redemption_id.to_owned();
        // Pending until fulfilled or cancelled (`fulfilment`).
        super::fulfilment::record(
            tx.conn(),
            &super::fulfilment::NewRedemption {
                id: &redemption_id,
                site,
                member,
                seq,
                reward_id: &reward.id,
                reward_name,
                points: reward.cost,
                at: now,
            },
        )
        .await?;
        let mut code = None;
        if let Some(source) = reward.coupon() {
            let coupon = coupons::NewCoupon {
                site,
                member,
                reward,
                source,
                redemption_id: &redemption_id,
                entry_seq: seq,
            };
            code = coupons::issue(tx.conn(), &coupon, now)
                .await?
                .map_err(|()| LedgerError::OutOfStock)?;
        }
        let receipt = RedeemReceipt {
            redemption_id,
            reward_id: reward.id.clone(),
            reward_name: reward_name.to_owned(),
            points_spent: reward.cost,
            new_balance: tx.balance,
            redeemed_at: now,
            code_pending: reward.coupon().is_some() && code.is_none(),
            code,
        };
        tx.save_request("redeem", key, fingerprint, &encode(&receipt)?)
            .await?;
        tx.commit().await?;
        Ok((receipt, false))
    })
    .await
}

/// `points × percent / 100`, rounded down, without overflow.
fn apply_percent(points: i64, percent: u32) -> i64 {
    i64::try_from(i128::from(points) * i128::from(percent) / 100).unwrap_or(i64::MAX)
}

fn replay<T: serde::de::DeserializeOwned>(
    stored_fingerprint: &str,
    fingerprint: &str,
    receipt: &str,
) -> Result<(T, bool), LedgerError> {
    if stored_fingerprint != fingerprint {
        return Err(LedgerError::Conflict(
            "this idempotency key was used with a different request".into(),
        ));
    }
    Ok((decode(receipt)?, true))
}

/// Writes off the member's points whose lifetime ended by `now`, if there are any. Reading
/// does not write otherwise: a member's page must not wait for (or hold) the database's
/// write lock, which on SQLite is one for the whole file.
async fn expire_if_due(
    pool: &AnyPool,
    site: &str,
    member: &str,
    now: i64,
) -> Result<(), LedgerError> {
    let mut conn = pool.acquire().await?;
    if !storage::expiry_due(&mut conn, site, member, now).await? {
        return Ok(());
    }
    drop(conn);
    with_retries(|| async move {
        let mut tx = MemberTx::begin(pool, site, member, now).await?;
        tx.expire_due().await?;
        tx.commit().await
    })
    .await
}

/// The member's summary at `now`, writing any expiry that is due first.
pub async fn me(
    pool: &AnyPool,
    rules: &LoyaltyRules,
    site: &str,
    member: &str,
    name: Option<String>,
    (locale, fallback): (Locale, Locale),
    now: i64,
) -> Result<Me, LedgerError> {
    expire_if_due(pool, site, member, now).await?;
    // One read-only transaction: the three figures agree with each other.
    let mut tx = pool.begin().await?;
    let balance = storage::balance(&mut tx, site, member).await?;
    let (spend, oldest) = storage::qualifying_spend(&mut tx, rules, site, member, now).await?;
    let until = now + EXPIRING_WITHIN_DAYS * DAY_MS;
    let (soon, first) = storage::expiring(&mut tx, site, member, now, until).await?;
    tx.commit().await?;
    let index = rules.tier_index(spend);
    let tier = &rules.tiers[index];
    let next_tier = rules.tiers.get(index + 1).map(|next| NextTier {
        id: next.id.clone(),
        name: next.name.get(locale, fallback).to_owned(),
        spend_needed: rules.min_spend_minor(next) - spend,
        by: oldest.map(|at| add_months(at, rules.qualifying_window_months as i32)),
    });
    Ok(Me {
        member_id: member.to_owned(),
        name,
        locale,
        balance,
        balance_value: balance.saturating_mul(rules.point_value_minor),
        currency: rules.currency.clone(),
        tier: Tier {
            id: tier.id.clone(),
            name: tier.name.get(locale, fallback).to_owned(),
            benefits: tier
                .benefits
                .iter()
                .map(|b| b.get(locale, fallback).to_owned())
                .collect(),
        },
        qualifying_spend: spend,
        window_months: rules.qualifying_window_months,
        next_tier,
        expiring: first
            .filter(|_| soon > 0)
            .map(|at| Expiring { points: soon, at }),
    })
}

/// Which page of history, in which language.
#[derive(Debug, Clone, Copy)]
pub struct HistoryQuery {
    /// Requested locale and the site's default.
    pub locales: (Locale, Locale),
    /// `(effective_at, seq)` of the last entry already shown.
    pub before: Option<(i64, i64)>,
    pub limit: u32,
}

/// One page of history, newest first, after writing any expiry that is due.
pub async fn history(
    pool: &AnyPool,
    rules: &LoyaltyRules,
    site: &str,
    member: &str,
    q: &HistoryQuery,
    now: i64,
) -> Result<(Vec<HistoryEntry>, Option<String>), LedgerError> {
    let HistoryQuery {
        locales: (locale, fallback),
        before,
        limit,
    } = *q;
    expire_if_due(pool, site, member, now).await?;
    let mut conn = pool.acquire().await?;
    let rows = storage::entries(&mut conn, site, member, before, limit + 1).await?;
    let more = rows.len() > limit as usize;
    let rows = &rows[..rows.len().min(limit as usize)];
    let next = more
        .then(|| rows.last())
        .flatten()
        .map(|r| format!("{}_{}", r.effective_at, r.seq));
    let entries = rows
        .iter()
        .map(|r| HistoryEntry {
            kind: r.kind,
            points: r.points,
            at: r.effective_at,
            title: entry_title(rules, r, locale, fallback),
            order_ref: r.order_ref.clone(),
            reward_id: r.reward_id.clone(),
            code: r.code.clone(),
        })
        .collect();
    Ok((entries, next))
}

/// `"1760000000000_12"` → `(1760000000000, 12)`.
pub fn parse_cursor(s: &str) -> Option<(i64, i64)> {
    let (at, seq) = s.split_once('_')?;
    Some((at.parse().ok()?, seq.parse().ok()?))
}

/// The line a member reads. Adjustment reasons are staff notes and are not shown.
fn entry_title(
    rules: &LoyaltyRules,
    e: &storage::StoredEntry,
    locale: Locale,
    fallback: Locale,
) -> String {
    let own = e.title.as_deref().and_then(|json| {
        let t: Localized = serde_json::from_str(json).ok()?;
        Some(t.get(locale, fallback).to_owned()).filter(|s| !s.is_empty())
    });
    if let Some(title) = own {
        return title;
    }
    let order = e.order_ref.as_deref().unwrap_or("");
    match (e.kind, locale) {
        (EntryKind::Earn, Locale::ZhCn) => format!("订单 {order}"),
        (EntryKind::Earn, Locale::ZhTw) => format!("訂單 {order}"),
        (EntryKind::Earn, Locale::En) => format!("Order {order}"),
        (EntryKind::Reverse, Locale::ZhCn) => format!("订单 {order} 退款"),
        (EntryKind::Reverse, Locale::ZhTw) => format!("訂單 {order} 退款"),
        (EntryKind::Reverse, Locale::En) => format!("Refund of order {order}"),
        (EntryKind::Redeem, _) => {
            let id = e.reward_id.as_deref().unwrap_or("");
            match rules.reward(id) {
                Some(r) => r.name.get(locale, fallback).to_owned(),
                None => id.to_owned(),
            }
        }
        (EntryKind::Adjust, Locale::ZhCn) => "积分调整".into(),
        (EntryKind::Adjust, Locale::ZhTw) => "積分調整".into(),
        (EntryKind::Adjust, Locale::En) => "Points adjustment".into(),
        (EntryKind::Expire, Locale::ZhCn) => "积分过期".into(),
        (EntryKind::Expire, Locale::ZhTw) => "積分過期".into(),
        (EntryKind::Expire, Locale::En) => "Points expired".into(),
    }
}

fn encode<T: serde::Serialize>(value: &T) -> Result<String, LedgerError> {
    serde_json::to_string(value).map_err(|e| LedgerError::Broken(format!("encoding: {e}")))
}

fn decode<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, LedgerError> {
    serde_json::from_str(json).map_err(|e| LedgerError::Broken(format!("stored receipt: {e}")))
}
