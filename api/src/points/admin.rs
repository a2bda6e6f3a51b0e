//! The points admin API (`GET|PUT /v1/admin/sites/{site}/points/rules`, site admin key): a
//! site's loyalty rules — also the format of `content/<site>/loyalty.yaml` — their rules, and
//! the pure functions of them (the tier for a spend, the points for a purchase).

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::error::FieldCode;
use crate::locale::{Locale, Localized};
use crate::points::{self, AMOUNT_MAX, POINTS_MAX};
use crate::validate::FieldErrors;
pub use crate::webhooks::WebhookConfig;

pub const TIERS_MAX: usize = 20;
pub const REWARDS_MAX: usize = 200;
pub const FREE_SERVICES_MAX: usize = 20;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoyaltyRules {
    /// ISO 4217; every purchase must be in it.
    pub currency: String,
    /// Minor units in one major unit (100 fen in a yuan).
    #[serde(default = "default_minor_units")]
    pub minor_units_per_unit: i64,
    /// Points earned per major unit spent, before the tier's multiplier.
    pub points_per_unit: i64,
    /// Points expire this many calendar months after they were earned.
    pub point_lifetime_months: u32,
    /// Tiers are decided by the spend of the last this many months.
    pub qualifying_window_months: u32,
    /// What one point is worth when redeemed, in minor units.
    pub point_value_minor: i64,
    /// Lowest first; the first has `min_spend: 0`.
    pub tiers: Vec<TierRule>,
    #[serde(default)]
    pub rewards: Vec<RewardRule>,
    /// Points beyond purchases: birthday month, sign-up, reviews, referrals.
    #[serde(default, skip_serializing_if = "EarnRules::is_default")]
    pub earn: EarnRules,
    /// Where points events go (`points.expiring`, `redemption.created`). File only: the admin
    /// API keeps the stored one, as for surveys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook: Option<WebhookConfig>,
}

/// Earn rules beyond purchases (`earn:` in loyalty.yaml); every key optional.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EarnRules {
    /// Purchases made in the member's birthday month earn this percent of their points
    /// (200 = double), on top of the tier's multiplier. 100: no birthday bonus.
    #[serde(default = "default_multiplier")]
    pub birthday_multiplier_percent: u32,
    /// Points for signing up (a `sign_up` event), once per member.
    #[serde(default)]
    pub sign_up_bonus: i64,
    /// Points for a review (a `review` event), once per member and reviewed item.
    #[serde(default)]
    pub review_bonus: i64,
    /// Points to the referrer (a `referral` event), once per referred member.
    #[serde(default)]
    pub referral_bonus: i64,
}

impl Default for EarnRules {
    fn default() -> Self {
        Self {
            birthday_multiplier_percent: 100,
            sign_up_bonus: 0,
            review_bonus: 0,
            referral_bonus: 0,
        }
    }
}

impl EarnRules {
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

/// What a tier gives at checkout, for machines (`entitlements:` beside a tier's translated
/// `benefits`): the shop's checkout reads it through the entitlements endpoint.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TierEntitlements {
    /// Percent off at checkout, 0 to 100.
    #[serde(default)]
    pub discount_percent: u32,
    /// Services the tier gets free, as the shop's own ids (`after-sales-check`).
    #[serde(default)]
    pub free_services: Vec<String>,
    /// A birthday voucher's value, in major units (yuan), usable in the birthday month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birthday_voucher: Option<i64>,
}

impl TierEntitlements {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TierRule {
    pub id: String,
    pub name: Localized,
    /// Qualifying spend over the window, in major units (yuan), to hold this tier.
    pub min_spend: i64,
    /// Points relative to the base rate, in percent.
    #[serde(default = "default_multiplier")]
    pub earn_multiplier_percent: u32,
    #[serde(default)]
    pub benefits: Vec<Localized>,
    /// The machine-readable part of the benefits.
    #[serde(default, skip_serializing_if = "TierEntitlements::is_empty")]
    pub entitlements: TierEntitlements,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RewardRule {
    pub id: String,
    pub name: Localized,
    #[serde(default)]
    pub description: Localized,
    /// Points.
    pub cost: i64,
    /// How many can ever be redeemed; none means unlimited.
    #[serde(default)]
    pub stock: Option<i64>,
    /// `item` (handed over by the shop) or `coupon` (a code the member sees at once).
    #[serde(default, skip_serializing_if = "RewardKind::is_item")]
    pub kind: RewardKind,
    /// Coupons: where the code comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_source: Option<CodeSource>,
    /// Pool coupons: fewer codes left than this is reported as running low (default 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pool_low_at: Option<i64>,
}

wire_enum! {
    /// What a reward is.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub enum RewardKind {
        /// Handed over by the shop (a kettle, a service).
        #[default]
        Item = "item",
        /// A code the member sees in the widget and uses at the shop's checkout.
        Coupon = "coupon",
    }
}
serde_by_name!(RewardKind);

impl RewardKind {
    pub fn is_item(&self) -> bool {
        *self == Self::Item
    }
}

wire_enum! {
    /// Where a coupon's code comes from.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum CodeSource {
        /// Codes the retailer uploaded (`POST …/points/rewards/{reward}/codes`, or the CLI),
        /// one per redemption.
        Pool = "pool",
        /// The shop's backend answers the signed `redemption.created` webhook with a code.
        Webhook = "webhook",
    }
}
serde_by_name!(CodeSource);

/// A pool is running low below this many codes unless the reward says otherwise.
pub const POOL_LOW_AT_DEFAULT: i64 = 10;

impl RewardRule {
    /// Where the code comes from, for a coupon.
    pub fn coupon(&self) -> Option<CodeSource> {
        (self.kind == RewardKind::Coupon)
            .then_some(self.code_source)
            .flatten()
    }

    pub fn pool_low_at(&self) -> i64 {
        self.pool_low_at.unwrap_or(POOL_LOW_AT_DEFAULT)
    }
}

fn default_minor_units() -> i64 {
    100
}

fn default_multiplier() -> u32 {
    100
}

impl LoyaltyRules {
    /// Every broken rule; texts must exist in each of the site's `locales`.
    pub fn validate(&self, locales: &[Locale]) -> Result<(), FieldErrors> {
        let mut errs = FieldErrors::default();
        let mut check = |ok: bool, field: &str, code: FieldCode, msg: &str| {
            if !ok {
                errs.push(field, code, msg);
            }
        };
        const RANGE: FieldCode = FieldCode::OutOfRange;
        const FORMAT: FieldCode = FieldCode::InvalidFormat;
        const TRANSLATION: FieldCode = FieldCode::MissingTranslation;
        check(
            points::currency(&self.currency).is_ok(),
            "currency",
            FORMAT,
            "an ISO 4217 code such as CNY",
        );
        check(
            [1, 10, 100, 1000].contains(&self.minor_units_per_unit),
            "minor_units_per_unit",
            RANGE,
            "1, 10, 100 or 1000",
        );
        check(
            (1..=1000).contains(&self.points_per_unit),
            "points_per_unit",
            RANGE,
            "from 1 to 1000",
        );
        check(
            (1..=120).contains(&self.point_lifetime_months),
            "point_lifetime_months",
            RANGE,
            "from 1 to 120",
        );
        check(
            (1..=60).contains(&self.qualifying_window_months),
            "qualifying_window_months",
            RANGE,
            "from 1 to 60",
        );
        check(
            (0..=10_000).contains(&self.point_value_minor),
            "point_value_minor",
            RANGE,
            "from 0 to 10000",
        );
        check(
            !self.tiers.is_empty() && self.tiers.len() <= TIERS_MAX,
            "tiers",
            RANGE,
            "1 to 20 tiers",
        );
        let max_spend = AMOUNT_MAX / self.minor_units_per_unit.max(1);
        let mut seen = HashSet::new();
        for (i, t) in self.tiers.iter().enumerate() {
            let f = |name: &str| format!("tiers[{i}].{name}");
            check(
                points::reward_id(&t.id).is_ok(),
                &f("id"),
                FORMAT,
                "lowercase letters, digits and '-'",
            );
            check(
                seen.insert(t.id.as_str()),
                &f("id"),
                FieldCode::Duplicate,
                "used twice",
            );
            let floor_ok = if i == 0 {
                t.min_spend == 0
            } else {
                t.min_spend > self.tiers[i - 1].min_spend && t.min_spend <= max_spend
            };
            check(
                floor_ok,
                &f("min_spend"),
                RANGE,
                "0 for the first tier, then strictly increasing",
            );
            check(
                (1..=1000).contains(&t.earn_multiplier_percent),
                &f("earn_multiplier_percent"),
                RANGE,
                "from 1 to 1000",
            );
            check(
                translated(&t.name, locales),
                &f("name"),
                TRANSLATION,
                "needed in every locale of the site",
            );
            let e = &t.entitlements;
            check(
                e.discount_percent <= 100,
                &f("entitlements.discount_percent"),
                RANGE,
                "from 0 to 100",
            );
            check(
                e.free_services.len() <= FREE_SERVICES_MAX
                    && e.free_services.iter().all(|s| points::reward_id(s).is_ok()),
                &f("entitlements.free_services"),
                FORMAT,
                "at most 20 ids of lowercase letters, digits and '-'",
            );
            check(
                e.birthday_voucher
                    .is_none_or(|v| (1..=max_spend).contains(&v)),
                &f("entitlements.birthday_voucher"),
                RANGE,
                "a positive amount in major units",
            );
            for (j, b) in t.benefits.iter().enumerate() {
                check(
                    translated(b, locales),
                    &f(&format!("benefits[{j}]")),
                    TRANSLATION,
                    "needed in every locale of the site",
                );
            }
        }
        let earn = &self.earn;
        check(
            (100..=1000).contains(&earn.birthday_multiplier_percent),
            "earn.birthday_multiplier_percent",
            RANGE,
            "from 100 to 1000",
        );
        for (name, points) in [
            ("earn.sign_up_bonus", earn.sign_up_bonus),
            ("earn.review_bonus", earn.review_bonus),
            ("earn.referral_bonus", earn.referral_bonus),
        ] {
            check(
                (0..=POINTS_MAX).contains(&points),
                name,
                RANGE,
                "from 0 to 1000000000 points",
            );
        }
        check(
            self.rewards.len() <= REWARDS_MAX,
            "rewards",
            FieldCode::TooLong,
            "at most 200 rewards",
        );
        let mut seen = HashSet::new();
        for (i, r) in self.rewards.iter().enumerate() {
            let f = |name: &str| format!("rewards[{i}].{name}");
            check(
                points::reward_id(&r.id).is_ok(),
                &f("id"),
                FORMAT,
                "lowercase letters, digits and '-'",
            );
            check(
                seen.insert(r.id.as_str()),
                &f("id"),
                FieldCode::Duplicate,
                "used twice",
            );
            check(
                (1..=POINTS_MAX).contains(&r.cost),
                &f("cost"),
                RANGE,
                "from 1 to 1000000000 points",
            );
            check(
                r.stock.is_none_or(|s| (0..=POINTS_MAX).contains(&s)),
                &f("stock"),
                RANGE,
                "not negative",
            );
            check(
                translated(&r.name, locales),
                &f("name"),
                TRANSLATION,
                "needed in every locale of the site",
            );
            check(
                r.description.is_empty() || translated(&r.description, locales),
                &f("description"),
                TRANSLATION,
                "needed in every locale of the site, or in none",
            );
            let coupon = r.kind == RewardKind::Coupon;
            check(
                coupon == r.code_source.is_some(),
                &f("code_source"),
                FieldCode::NotAllowed,
                "pool or webhook for a coupon, and only for a coupon",
            );
            check(
                r.code_source != Some(CodeSource::Webhook) || self.webhook.is_some(),
                &f("code_source"),
                FieldCode::NotAllowed,
                "webhook codes need the programme's webhook (loyalty.yaml)",
            );
            check(
                r.pool_low_at.is_none()
                    || (r.code_source == Some(CodeSource::Pool)
                        && r.pool_low_at.is_some_and(|n| (0..=1_000_000).contains(&n))),
                &f("pool_low_at"),
                RANGE,
                "from 0 to 1000000, for pool coupons only",
            );
        }
        if let Some(hook) = &self.webhook {
            hook.check(&mut errs);
        }
        errs.into_result()
    }

    /// The index of the highest tier whose floor `spend` (minor units) reaches.
    pub fn tier_index(&self, spend: i64) -> usize {
        self.tiers
            .iter()
            .rposition(|t| self.min_spend_minor(t) <= spend)
            .unwrap_or(0)
    }

    pub fn min_spend_minor(&self, tier: &TierRule) -> i64 {
        tier.min_spend.saturating_mul(self.minor_units_per_unit)
    }

    /// Points a purchase of `amount` minor units earns at `tier`'s rate, rounded down.
    pub fn earn_points(&self, amount: i64, tier: &TierRule) -> i64 {
        let numerator = i128::from(amount)
            * i128::from(self.points_per_unit)
            * i128::from(tier.earn_multiplier_percent);
        let denominator = 100 * i128::from(self.minor_units_per_unit);
        i64::try_from(numerator / denominator).unwrap_or(i64::MAX)
    }

    pub fn reward(&self, id: &str) -> Option<&RewardRule> {
        self.rewards.iter().find(|r| r.id == id)
    }
}

fn translated(text: &Localized, locales: &[Locale]) -> bool {
    locales.iter().all(|l| text.get_exact(*l).is_some())
}
