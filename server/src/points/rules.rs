//! Loyalty rules: `content/<site>/loyalty.yaml`, the same structure as JSON in the admin API.
//! Pure functions of the rules (tier for a spend, points for a purchase, calendar months).

use std::collections::HashSet;

use patron_api::points::{self, AMOUNT_MAX, POINTS_MAX};
use patron_api::validate::FieldErrors;
use patron_api::FieldCode;
use patron_api::{Locale, Localized};
use serde::{Deserialize, Serialize};
use time::{Date, Month, OffsetDateTime};

use crate::content::yaml;

pub const LOYALTY_FILE: &str = "loyalty.yaml";
pub const TIERS_MAX: usize = 20;
pub const REWARDS_MAX: usize = 200;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
}

fn default_minor_units() -> i64 {
    100
}

fn default_multiplier() -> u32 {
    100
}

impl LoyaltyRules {
    /// Parses and validates a `loyalty.yaml`; one line per broken rule, with its line.
    pub fn from_yaml(yaml: &str, locales: &[Locale]) -> Result<Self, Vec<String>> {
        let file = yaml::parse::<Self>(yaml)?;
        file.value
            .validate(locales)
            .map_err(|errs| file.lines.describe(&errs))?;
        Ok(file.value)
    }

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
            for (j, b) in t.benefits.iter().enumerate() {
                check(
                    translated(b, locales),
                    &f(&format!("benefits[{j}]")),
                    TRANSLATION,
                    "needed in every locale of the site",
                );
            }
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

/// `at` (Unix ms) moved by `months` calendar months, in UTC; the day is clamped to the end of
/// a shorter month (31 January + 1 month = 28 or 29 February).
pub fn add_months(at: i64, months: i32) -> i64 {
    let Ok(dt) = OffsetDateTime::from_unix_timestamp_nanos(i128::from(at) * 1_000_000) else {
        return at;
    };
    let index = dt.year() * 12 + i32::from(u8::from(dt.month())) - 1 + months;
    let (year, month0) = (index.div_euclid(12), index.rem_euclid(12));
    let Ok(month) = Month::try_from(month0 as u8 + 1) else {
        return at;
    };
    let day = dt.day().min(month.length(year));
    match Date::from_calendar_date(year, month, day) {
        Ok(date) => {
            let moved = dt.replace_date(date);
            i64::try_from(moved.unix_timestamp_nanos() / 1_000_000).unwrap_or(at)
        }
        Err(_) => at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub const RULES: &str = r#"
currency: CNY
points_per_unit: 1
point_lifetime_months: 24
qualifying_window_months: 12
point_value_minor: 1
tiers:
  - id: member
    name: { zh-CN: 会员, en: Member }
    min_spend: 0
  - id: silver
    name: { zh-CN: 银卡, en: Silver }
    min_spend: 5000
    earn_multiplier_percent: 125
    benefits: [{ zh-CN: 全场 9.5 折, en: 5% off }]
  - id: gold
    name: { zh-CN: 金卡, en: Gold }
    min_spend: 20000
    earn_multiplier_percent: 150
rewards:
  - id: coupon-20
    name: { zh-CN: 20 元券, en: "¥20 coupon" }
    cost: 2000
  - id: vase
    name: { zh-CN: 花瓶, en: Vase }
    cost: 5000
    stock: 3
"#;

    const LOCALES: [Locale; 2] = [Locale::ZhCn, Locale::En];

    fn rules() -> LoyaltyRules {
        LoyaltyRules::from_yaml(RULES, &LOCALES).expect("valid")
    }

    #[test]
    fn tiers_by_spend() {
        let r = rules();
        assert_eq!(r.tier_index(0), 0);
        assert_eq!(r.tier_index(499_999), 0);
        assert_eq!(r.tier_index(500_000), 1);
        assert_eq!(r.tier_index(2_000_000), 2);
        assert_eq!(r.tier_index(i64::MAX), 2);
    }

    #[test]
    fn earning_rounds_down_and_applies_the_multiplier() {
        let r = rules();
        assert_eq!(r.earn_points(12_345, &r.tiers[0]), 123);
        assert_eq!(r.earn_points(12_345, &r.tiers[1]), 154);
        assert_eq!(r.earn_points(99, &r.tiers[2]), 1);
        assert_eq!(r.earn_points(66, &r.tiers[2]), 0);
        assert_eq!(
            r.earn_points(AMOUNT_MAX, &r.tiers[2]),
            15_000_000_000,
            "no overflow"
        );
    }

    #[test]
    fn every_problem_is_named() {
        let bad = RULES
            .replace("min_spend: 20000", "min_spend: 4000")
            .replace("cost: 2000", "cost: -1")
            .replace(", en: Vase", "")
            .replace("id: vase", "id: coupon-20");
        let errs = LoyaltyRules::from_yaml(&bad, &LOCALES).expect_err("invalid");
        let floor_line = RULES
            .lines()
            .position(|l| l.contains("min_spend: 20000"))
            .expect("line")
            + 1;
        assert!(
            errs.iter().any(|e| e.starts_with(&format!(
                "line {floor_line}: tiers[2].min_spend (out_of_range)"
            ))),
            "{errs:?}"
        );
        assert!(
            errs.iter().any(|e| e.contains(": rewards[0].cost (")),
            "{errs:?}"
        );
        assert!(
            errs.iter().any(|e| e.contains(": rewards[1].id (")),
            "{errs:?}"
        );
        // The English name is missing.
        assert!(
            errs.iter().any(|e| e.contains(": rewards[1].name (")),
            "{errs:?}"
        );
        // A key that is no locale is a mistake to report, not to ignore.
        let fr = RULES.replace("en: Vase", "fr: Vase");
        let errs = LoyaltyRules::from_yaml(&fr, &LOCALES).expect_err("unknown locale");
        assert!(
            errs[0].contains("rewards[1].name: unknown field `fr`"),
            "{errs:?}"
        );
        let typo = RULES.replace("point_value_minor", "point_value");
        let errs = LoyaltyRules::from_yaml(&typo, &LOCALES).expect_err("unknown key");
        assert!(errs[0].contains("point_value"), "{errs:?}");
        let missing_zh_tw =
            LoyaltyRules::from_yaml(RULES, &Locale::ALL).expect_err("zh-TW missing");
        assert!(missing_zh_tw
            .iter()
            .any(|e| e.contains(": tiers[0].name (")));
    }

    #[test]
    fn calendar_months() {
        let ms = |y: i32, m: u8, d: u8| {
            let date = Date::from_calendar_date(y, Month::try_from(m).unwrap(), d).unwrap();
            date.midnight().assume_utc().unix_timestamp() * 1000
        };
        assert_eq!(add_months(ms(2026, 1, 31), 1), ms(2026, 2, 28));
        assert_eq!(add_months(ms(2024, 1, 31), 1), ms(2024, 2, 29));
        assert_eq!(add_months(ms(2026, 11, 15), 24), ms(2028, 11, 15));
        assert_eq!(add_months(ms(2026, 3, 10), -12), ms(2025, 3, 10));
        assert_eq!(
            add_months(ms(2026, 1, 5) + 1234, -1),
            ms(2025, 12, 5) + 1234
        );
    }
}
