//! Earn rules beyond purchases and what a tier gives at checkout: the birthday (month and day
//! only), entitlements, and the events the retailer reports (sign-up, review, referral,
//! birthday voucher used). Months are UTC calendar months. Every function takes `now`.

use patron_api::points::earn::{BirthdayVoucher, EarnEvent, Entitlements, EventKind, EventReceipt};
use patron_api::points::EntryKind;
use patron_api::Localized;
use sqlx::AnyPool;
use time::OffsetDateTime;

use super::earn_storage::{self as store, About, NewEvent};
use super::ledger::{LedgerError, MemberTx, NewEntry};
use super::rules::{add_months, LoyaltyRules};
use super::storage;
use crate::storage::with_retries;

/// `(year, month)` of `at` (Unix ms), UTC.
pub fn year_month(at: i64) -> (i32, u8) {
    let dt = OffsetDateTime::from_unix_timestamp_nanos(i128::from(at) * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    (dt.year(), u8::from(dt.month()))
}

/// The first moment of the month after the one `at` is in (Unix ms, UTC).
pub fn end_of_month(at: i64) -> i64 {
    let dt = OffsetDateTime::from_unix_timestamp_nanos(i128::from(at) * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    let first = dt
        .replace_day(1)
        .map(|d| d.replace_time(time::Time::MIDNIGHT))
        .unwrap_or(dt);
    let first_ms = i64::try_from(first.unix_timestamp_nanos() / 1_000_000).unwrap_or(at);
    add_months(first_ms, 1)
}

/// Whether `at` falls in the month of `birthday`.
pub fn in_birthday_month(birthday: Option<(u8, u8)>, at: i64) -> bool {
    birthday.is_some_and(|(month, _)| year_month(at).1 == month)
}

/// Records the birthday the member token claims, when it is well formed and differs from
/// the stored one (a page view must not write otherwise).
pub async fn note_claimed_birthday(
    pool: &AnyPool,
    site: &str,
    member: &str,
    claim: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    let Some(claimed) = claim.and_then(|c| patron_api::points::earn::month_day(c).ok()) else {
        return Ok(());
    };
    let mut conn = pool.acquire().await?;
    if store::birthday(&mut conn, site, member).await? == Some(claimed) {
        return Ok(());
    }
    store::set_birthday(&mut conn, site, member, Some(claimed), now).await
}

/// What `member`'s tier gives at checkout at `now`.
pub async fn entitlements(
    pool: &AnyPool,
    rules: &LoyaltyRules,
    site: &str,
    member: &str,
    now: i64,
) -> Result<Entitlements, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    let (spend, _) = storage::qualifying_spend(&mut conn, rules, site, member, now).await?;
    let tier = &rules.tiers[rules.tier_index(spend)];
    let birthday = store::birthday(&mut conn, site, member).await?;
    let birthday_month = in_birthday_month(birthday, now);
    let birthday_voucher = match tier.entitlements.birthday_voucher {
        None => None,
        Some(value) => {
            let year = year_month(now).0.to_string();
            let used = store::counted(&mut conn, site, voucher_about(member, &year)).await?;
            let available = birthday_month && !used;
            Some(BirthdayVoucher {
                value: value.saturating_mul(rules.minor_units_per_unit),
                available,
                valid_until: available.then(|| end_of_month(now)),
            })
        }
    };
    Ok(Entitlements {
        member_id: member.to_owned(),
        tier_id: tier.id.clone(),
        discount_percent: tier.entitlements.discount_percent,
        free_services: tier.entitlements.free_services.clone(),
        birthday_month,
        birthday_voucher,
        currency: rules.currency.clone(),
    })
}

fn voucher_about<'a>(member: &'a str, year: &'a str) -> About<'a> {
    About {
        kind: EventKind::BirthdayVoucherUsed.as_str(),
        scope: member,
        reference: year,
    }
}

/// The bonus an event earns and its line in the member's history.
fn bonus(rules: &LoyaltyRules, kind: EventKind) -> (i64, Localized) {
    let text = |zh_cn: &str, zh_tw: &str, en: &str| Localized {
        zh_cn: Some(zh_cn.into()),
        zh_tw: Some(zh_tw.into()),
        en: Some(en.into()),
    };
    match kind {
        EventKind::SignUp => (
            rules.earn.sign_up_bonus,
            text("注册奖励", "註冊獎勵", "Sign-up bonus"),
        ),
        EventKind::Review => (
            rules.earn.review_bonus,
            text("评价奖励", "評價獎勵", "Review reward"),
        ),
        EventKind::Referral => (
            rules.earn.referral_bonus,
            text("推荐好友奖励", "推薦好友獎勵", "Referral reward"),
        ),
        EventKind::BirthdayVoucherUsed => (0, Localized::default()),
    }
}

/// Records a reported event: credits its bonus unless one was counted for the same thing.
/// Idempotent by `(site, idempotency_key)`; `Ok((receipt, replayed))`.
pub async fn record_event(
    pool: &AnyPool,
    rules: &LoyaltyRules,
    site: &str,
    ev: &EarnEvent,
    now: i64,
) -> Result<(EventReceipt, bool), LedgerError> {
    let reference = match ev.kind {
        EventKind::BirthdayVoucherUsed => year_month(now).0.to_string(),
        _ => ev.reference.clone().unwrap_or_default(),
    };
    let scope = match ev.kind {
        EventKind::Referral => "*",
        _ => ev.member_id.as_str(),
    };
    let about = About {
        kind: ev.kind.as_str(),
        scope,
        reference: &reference,
    };
    // The voucher's year is the server's: a replay next January is still the same event.
    let fingerprint = format!(
        "{}|{}|{}",
        ev.member_id,
        ev.kind.as_str(),
        ev.reference.as_deref().unwrap_or("")
    );
    // A key or a referral taken under another member's lock meanwhile: look again, once the
    // other transaction is visible (the second look finds it and answers from it).
    for _ in 0..3 {
        match record_once(pool, rules, site, ev, about, &fingerprint, now).await {
            Err(LedgerError::Raced) => continue,
            done => return done,
        }
    }
    Err(LedgerError::Raced)
}

async fn record_once(
    pool: &AnyPool,
    rules: &LoyaltyRules,
    site: &str,
    ev: &EarnEvent,
    about: About<'_>,
    fingerprint: &str,
    now: i64,
) -> Result<(EventReceipt, bool), LedgerError> {
    with_retries(|| async move {
        let mut tx = MemberTx::begin(pool, site, &ev.member_id, now).await?;
        if let Some(stored) = store::find_event(tx.conn(), site, &ev.idempotency_key).await? {
            if stored.fingerprint != fingerprint {
                return Err(LedgerError::Conflict(
                    "this idempotency key was used with a different event".into(),
                ));
            }
            return Ok((decode(&stored.receipt)?, true));
        }
        tx.expire_due().await?;
        let duplicate = store::counted(tx.conn(), site, about).await?;
        let (points, title) = bonus(rules, ev.kind);
        let points = if duplicate { 0 } else { points };
        if points > 0 {
            let title = serde_json::to_string(&title)
                .map_err(|e| LedgerError::Broken(format!("encoding: {e}")))?;
            let seq = tx
                .append(NewEntry {
                    kind: EntryKind::Earn,
                    points,
                    effective_at: now,
                    order_ref: None,
                    reward_id: None,
                    note: None,
                    title: Some(&title),
                })
                .await?;
            let expires_at = add_months(now, rules.point_lifetime_months as i32);
            tx.credit_lot(seq, now, expires_at, points, None).await?;
        }
        let receipt = EventReceipt {
            member_id: ev.member_id.clone(),
            kind: ev.kind,
            points_earned: points,
            duplicate,
            balance: tx.balance,
        };
        let encoded = serde_json::to_string(&receipt)
            .map_err(|e| LedgerError::Broken(format!("encoding: {e}")))?;
        let row = NewEvent {
            key: &ev.idempotency_key,
            member: &ev.member_id,
            about,
            fingerprint,
            receipt: &encoded,
            counted: !duplicate,
        };
        if !store::insert_event(tx.conn(), site, &row, now).await? {
            return Err(LedgerError::Raced);
        }
        tx.commit().await?;
        Ok((receipt, false))
    })
    .await
}

fn decode<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, LedgerError> {
    serde_json::from_str(json).map_err(|e| LedgerError::Broken(format!("stored receipt: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAY_17_2026: i64 = 1_778_976_000_000; // 2026-05-17T00:00:00Z

    #[test]
    fn months_are_utc_calendar_months() {
        assert_eq!(year_month(MAY_17_2026), (2026, 5));
        assert_eq!(end_of_month(MAY_17_2026), 1_780_272_000_000); // 2026-06-01
        assert!(in_birthday_month(Some((5, 30)), MAY_17_2026));
        assert!(!in_birthday_month(Some((6, 1)), MAY_17_2026));
        assert!(!in_birthday_month(None, MAY_17_2026));
    }
}
