//! Loyalty rules in files: `content/<site>/loyalty.yaml`, whose format (and the admin
//! API's) is `patron_api::points::admin`; reading it with every problem on its line, and
//! calendar months for point lifetimes.

use patron_api::Locale;
use time::{Date, Month, OffsetDateTime};

use crate::content::yaml;
pub use patron_api::points::admin::*;

pub const LOYALTY_FILE: &str = "loyalty.yaml";

/// Parses and validates a `loyalty.yaml`; one line per broken rule, with its line.
pub fn parse_file(yaml: &str, locales: &[Locale]) -> Result<LoyaltyRules, Vec<String>> {
    let file = yaml::parse::<LoyaltyRules>(yaml)?;
    file.value
        .validate(locales)
        .map_err(|errs| file.lines.describe(&errs))?;
    Ok(file.value)
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
    use patron_api::points::AMOUNT_MAX;

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
        parse_file(RULES, &LOCALES).expect("valid")
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
        let errs = parse_file(&bad, &LOCALES).expect_err("invalid");
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
        let errs = parse_file(&fr, &LOCALES).expect_err("unknown locale");
        assert!(
            errs[0].contains("rewards[1].name: unknown field `fr`"),
            "{errs:?}"
        );
        let typo = RULES.replace("point_value_minor", "point_value");
        let errs = parse_file(&typo, &LOCALES).expect_err("unknown key");
        assert!(errs[0].contains("point_value"), "{errs:?}");
        let missing_zh_tw = parse_file(RULES, &Locale::ALL).expect_err("zh-TW missing");
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
