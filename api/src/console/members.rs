//! Members and rewards (`/v1/console/sites/{site}/…`): look a member up, fulfil or cancel
//! redemptions, and the programme's liability.
//!
//! - `GET /members/{member}?cursor=&locale=` → [`MemberDetail`] (every role); 404 for a member
//!   the programme has never seen.
//! - `GET /redemptions?status=&cursor=&limit=` → [`RedemptionPage`], newest first (every
//!   role).
//! - `PUT /redemptions/{id}` [`RedemptionChange`] → [`Redemption`] (agents and owners):
//!   pending → fulfilled, or pending → cancelled, which returns the points through the ledger
//!   (once) and the reward's stock. Anything else is 422 `not_allowed` on `status`; asking
//!   for the status it already has is 200 and changes nothing.
//! - `GET /points/liability` → [`Liability`] (every role).

use serde::{Deserialize, Serialize};

use crate::points::{HistoryEntry, Me};

wire_enum! {
    /// Where a redemption stands.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum RedemptionStatus {
        /// Redeemed; the reward is still to be handed over.
        Pending = "pending",
        Fulfilled = "fulfilled",
        /// Not handed over; the points went back to the member.
        Cancelled = "cancelled",
    }
}
serde_by_name!(RedemptionStatus);

impl RedemptionStatus {
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// `GET …/members/{member}`: the member's standing (as the widget shows it, in the
/// requested locale) and a page of their ledger, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberDetail {
    pub standing: Me,
    pub history: Vec<HistoryEntry>,
    /// Pass as `cursor=` for the next (older) page of history; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// One redemption.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Redemption {
    pub id: String,
    pub member_id: String,
    pub reward_id: String,
    /// In the site's default locale; the id for a reward no longer offered.
    pub reward_name: String,
    pub points: i64,
    pub status: RedemptionStatus,
    /// Unix milliseconds.
    pub redeemed_at: i64,
    pub fulfilled_at: Option<i64>,
    pub cancelled_at: Option<i64>,
}

/// `GET …/redemptions`: one page, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RedemptionPage {
    pub redemptions: Vec<Redemption>,
    /// Pass as `cursor=` for the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// Body of `PUT …/redemptions/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RedemptionChange {
    /// `fulfilled` or `cancelled`.
    pub status: RedemptionStatus,
}

/// `GET …/points/liability`: the points members hold now and what they are worth.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Liability {
    /// ISO 4217, e.g. `CNY`.
    pub currency: String,
    pub outstanding_points: i64,
    /// What they are worth when redeemed, in minor units.
    pub value: i64,
    /// A point's worth, in minor units.
    pub point_value: i64,
    pub members_with_points: i64,
    /// Of the outstanding points, those that expire within 30 days.
    pub expiring_within_30_days: i64,
    /// Redemptions waiting to be fulfilled, and their points.
    pub pending_redemptions: i64,
    pub pending_points: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_travel_by_name() {
        for s in RedemptionStatus::ALL {
            let json = serde_json::to_string(&s).expect("json");
            assert_eq!(
                serde_json::from_str::<RedemptionStatus>(&json).expect("back"),
                s
            );
        }
        let change: RedemptionChange =
            serde_json::from_str(r#"{"status":"cancelled"}"#).expect("json");
        assert_eq!(change.status, RedemptionStatus::Cancelled);
    }
}
