//! The points programme's part of demo mode's history (`crate::history`): members who bought,
//! earned and redeemed rewards over the 90 days, through the ledger as any member would, and
//! the shop fulfilling most redemptions, cancelling a few (the points go back through the
//! ledger) and leaving the last days' pending.

use async_trait::async_trait;
use patron_api::console::members::RedemptionStatus;
use patron_api::Locale;
use sqlx::AnyPool;

use super::ops::{self, Purchase};
use super::{fulfilment, storage};
use crate::audit::Who;
use crate::error::AppError;
use crate::history::{self, Rng, MARK_LIKE};
use crate::ports::DemoHistory;
use crate::storage::{DAY_MS, HOUR_MS};

pub struct PointsHistory {
    pub pool: AnyPool,
}

/// Members with a ledger in the history (the first of the surveys' members).
const MEMBERS: usize = 24;

#[async_trait]
impl DemoHistory for PointsHistory {
    fn name(&self) -> &'static str {
        "points"
    }

    async fn seed(&self, site: &str, now: i64) -> Result<u64, AppError> {
        let seeded =
            history::already_seeded(&self.pool, "point_redemptions", "id", site, MARK_LIKE).await?;
        let Some(rules) = storage::rules(&self.pool, site).await? else {
            return Ok(0);
        };
        // Items the shop hands over; coupons would use up the demo's code pools.
        let rewards: Vec<_> = rules
            .rewards
            .iter()
            .filter(|r| r.coupon().is_none() && r.stock.is_none())
            .collect();
        if seeded || rewards.is_empty() {
            return Ok(0);
        }
        let mut rng = Rng::new("points");
        let mut rows = 0u64;
        let cheapest = rewards.iter().map(|r| r.cost).min().unwrap_or(0);
        for k in 0..MEMBERS {
            let member = history::id("member", k);
            let occurred_at = now - (history::DAYS + 1) * DAY_MS + rng.below(12) as i64 * HOUR_MS;
            // Enough to redeem a few of the cheaper rewards.
            let units = (cheapest * 4).max(1_000) + rng.below(5_000) as i64;
            let order_ref = format!("{}order-{k:03}", history::MARK).to_ascii_uppercase();
            let purchase = Purchase {
                member: &member,
                order_ref: &order_ref,
                amount: units * rules.minor_units_per_unit,
                currency: &rules.currency,
                occurred_at,
            };
            ops::record_purchase(&self.pool, &rules, site, &purchase, occurred_at + 60_000).await?;
            rows += 1;
        }
        let mut n = 0usize;
        for days_ago in (1..=history::DAYS).rev() {
            if !rng.chance(0.7) {
                continue;
            }
            n += 1;
            let member = history::id("member", rng.below(MEMBERS));
            let reward = *rng.pick(&rewards);
            let name = reward.name.get(Locale::ZhCn, Locale::ZhCn).to_owned();
            let id = history::id("redemption", n);
            let at = history::moment(now, days_ago, &mut rng);
            match ops::redeem_as(&self.pool, (site, &member), reward, &name, (&id, &id), at).await {
                Ok(_) => rows += 1,
                // A member who has spent everything redeems nothing more.
                Err(super::ledger::LedgerError::InsufficientPoints { .. }) => continue,
                Err(e) => return Err(e.into()),
            }
            let to = if days_ago > 7 {
                match rng.weighted(&[80, 12, 8]) {
                    0 => Some(RedemptionStatus::Fulfilled),
                    1 => Some(RedemptionStatus::Cancelled),
                    _ => None,
                }
            } else {
                rng.chance(0.3).then_some(RedemptionStatus::Fulfilled)
            };
            if let Some(to) = to {
                let when = (at + (2 + rng.below(46) as i64) * HOUR_MS).min(now - 60_000);
                fulfilment::change_status(
                    &self.pool,
                    Some(&rules),
                    site,
                    &id,
                    to,
                    &Who::AdminKey,
                    when,
                )
                .await?;
                rows += 1;
            }
        }
        Ok(rows)
    }
}
