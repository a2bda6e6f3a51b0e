//! The points endpoints, one function each. Member calls carry the token as a bearer
//! credential, never in the URL.

use patron_api::paths;
use patron_api::points::{
    EntryKind, Expiring, HistoryEntry, HistoryPage, Me, NextTier, Program, RedeemReceipt,
    RedeemRequest, Reward, RewardsCatalogue, Tier, TierInfo,
};
use patron_api::Locale;

use crate::api::{get_json, get_json_as, post_json_as, query_string, ApiError};
use crate::json::{from_json, from_json_by_name};

pub async fn me(site: String, token: String, locale: Locale) -> Result<Me, ApiError> {
    let qs = query_string(&[("locale", locale.as_str())]);
    get_json_as(&(paths::fill(paths::POINTS_ME, &[&site]) + &qs), &token).await
}

pub async fn history(
    site: String,
    token: String,
    locale: Locale,
    cursor: Option<String>,
) -> Result<HistoryPage, ApiError> {
    let mut pairs = vec![("locale", locale.as_str()), ("limit", "10")];
    if let Some(c) = cursor.as_deref() {
        pairs.push(("cursor", c));
    }
    let qs = query_string(&pairs);
    get_json_as(
        &(paths::fill(paths::POINTS_HISTORY, &[&site]) + &qs),
        &token,
    )
    .await
}

pub async fn redeem(
    site: String,
    token: String,
    locale: Locale,
    body: RedeemRequest,
) -> Result<RedeemReceipt, ApiError> {
    let qs = query_string(&[("locale", locale.as_str())]);
    post_json_as(
        &(paths::fill(paths::POINTS_REDEMPTIONS, &[&site]) + &qs),
        &body,
        Some(&token),
    )
    .await
}

/// Public: the tiers and what they give, for the signed-out screen.
pub async fn program(site: String, locale: Locale) -> Result<Program, ApiError> {
    let qs = query_string(&[("locale", locale.as_str())]);
    get_json(&(paths::fill(paths::POINTS_PROGRAM, &[&site]) + &qs)).await
}

/// Public: the rewards catalogue with what is left in stock.
pub async fn rewards(site: String, locale: Locale) -> Result<RewardsCatalogue, ApiError> {
    let qs = query_string(&[("locale", locale.as_str())]);
    get_json(&(paths::fill(paths::POINTS_REWARDS, &[&site]) + &qs)).await
}

from_json!(Me {
    member_id,
    name,
    locale,
    balance,
    balance_value,
    currency,
    tier,
    qualifying_spend,
    window_months,
    next_tier,
    expiring,
});
from_json!(Tier { id, name, benefits });
from_json!(NextTier {
    id,
    name,
    spend_needed,
    by
});
from_json!(Expiring { points, at });
from_json!(HistoryPage {
    locale,
    entries,
    next_cursor
});
from_json!(HistoryEntry {
    kind,
    points,
    at,
    title,
    order_ref,
    reward_id,
    code
});
from_json_by_name!(EntryKind);
from_json!(RewardsCatalogue { locale, rewards });
from_json!(Reward {
    id,
    name,
    description,
    cost,
    stock_left
});
from_json!(Program {
    locale,
    currency,
    points_per_unit,
    point_lifetime_months,
    window_months,
    tiers,
});
from_json!(TierInfo {
    id,
    name,
    benefits,
    min_spend,
    earn_multiplier_percent
});
from_json!(RedeemReceipt {
    redemption_id,
    reward_id,
    reward_name,
    points_spent,
    new_balance,
    redeemed_at,
    code;
    default: code_pending
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::tests::round_trips;

    fn tier() -> Tier {
        Tier {
            id: "silver".into(),
            name: "银卡".into(),
            benefits: vec!["a".into(), "b".into()],
        }
    }

    #[test]
    fn answers_read_as_serde_writes_them() {
        let mut me = Me {
            member_id: "m1".into(),
            name: Some("Li".into()),
            locale: Locale::ZhCn,
            balance: 1200,
            balance_value: 1200,
            currency: "CNY".into(),
            tier: tier(),
            qualifying_spend: 188_000,
            window_months: 12,
            next_tier: Some(NextTier {
                id: "gold".into(),
                name: "金卡".into(),
                spend_needed: 12_000,
                by: Some(1_800_000_000_000),
            }),
            expiring: Some(Expiring {
                points: 100,
                at: 1_800_000_000_000,
            }),
        };
        round_trips(&me);
        (me.name, me.next_tier, me.expiring) = (None, None, None);
        round_trips(&me);
        round_trips(&HistoryPage {
            locale: Locale::En,
            entries: EntryKind::ALL
                .into_iter()
                .map(|kind| HistoryEntry {
                    kind,
                    points: -20,
                    at: 1,
                    title: "t".into(),
                    order_ref: Some("SO-1".into()),
                    reward_id: None,
                    code: Some("SAVE-1".into()),
                })
                .collect(),
            next_cursor: Some("c".into()),
        });
        round_trips(&RewardsCatalogue {
            locale: Locale::ZhTw,
            rewards: vec![Reward {
                id: "r".into(),
                name: "n".into(),
                description: "d".into(),
                cost: 500,
                stock_left: Some(3),
            }],
        });
        round_trips(&Program {
            locale: Locale::En,
            currency: "CNY".into(),
            points_per_unit: 1,
            point_lifetime_months: 24,
            window_months: 12,
            tiers: vec![TierInfo {
                id: "gold".into(),
                name: "Gold".into(),
                benefits: vec![],
                min_spend: 500_000,
                earn_multiplier_percent: 150,
            }],
        });
        let mut receipt = RedeemReceipt {
            redemption_id: "x".into(),
            reward_id: "r".into(),
            reward_name: "n".into(),
            points_spent: 500,
            new_balance: 700,
            redeemed_at: 2,
            code: Some("SAVE20-7F3K".into()),
            code_pending: false,
        };
        round_trips(&receipt);
        (receipt.code, receipt.code_pending) = (None, true);
        round_trips(&receipt);
    }
}
