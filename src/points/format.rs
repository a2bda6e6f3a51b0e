//! Numbers, money and dates as the points screen shows them.

use patron_api::Locale;

/// A whole number with thousands separators: `20800` → `20,800`.
pub fn group(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A ledger line's points with their sign: `+1,200`, `-2,000`.
pub fn signed(n: i64) -> String {
    if n > 0 {
        format!("+{}", group(n))
    } else {
        group(n)
    }
}

/// Digits after the decimal point in `currency` (ISO 4217): 0 for the few without minor units
/// a retailer here might use, else 2.
fn decimals(currency: &str) -> u32 {
    if matches!(currency, "JPY" | "KRW" | "VND") {
        0
    } else {
        2
    }
}

/// One major unit (¥1) in minor units.
pub fn unit_minor(currency: &str) -> i64 {
    10i64.pow(decimals(currency))
}

/// An amount of `currency` given in minor units: `120000` CNY → `¥1,200`, `1250` → `¥12.50`.
pub fn money(minor: i64, currency: &str) -> String {
    let decimals = decimals(currency);
    let symbol = match currency {
        "CNY" | "JPY" => "¥",
        "USD" => "$",
        "EUR" => "€",
        "GBP" => "£",
        "HKD" => "HK$",
        "TWD" => "NT$",
        "MOP" => "MOP$",
        _ => "",
    };
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    let scale = 10u64.pow(decimals);
    let (units, cents) = (abs / scale, abs % scale);
    let units = group(i64::try_from(units).unwrap_or(i64::MAX));
    let number = if cents == 0 {
        units
    } else {
        format!("{units}.{cents:0width$}", width = decimals as usize)
    };
    if symbol.is_empty() {
        format!("{sign}{currency} {number}")
    } else {
        format!("{sign}{symbol}{number}")
    }
}

/// How far `now` is towards `target`, in whole percent from 0 to 100.
pub fn percent(now: i64, target: i64) -> i64 {
    if target <= 0 {
        return 100;
    }
    let p = i128::from(now.max(0)) * 100 / i128::from(target);
    i64::try_from(p.clamp(0, 100)).unwrap_or(100)
}

/// A date (Unix milliseconds) the way the customer's locale writes it, by the browser's `Intl`:
/// `2026年12月10日`, `December 10, 2026`.
pub fn date(ms: i64, locale: Locale) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    let options = js_sys::Object::new();
    for (k, v) in [("year", "numeric"), ("month", "long"), ("day", "numeric")] {
        let _ = js_sys::Reflect::set(&options, &k.into(), &v.into());
    }
    d.to_locale_date_string(locale.as_str(), &options).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(group(0), "0");
        assert_eq!(group(999), "999");
        assert_eq!(group(1000), "1,000");
        assert_eq!(group(20800), "20,800");
        assert_eq!(group(1234567), "1,234,567");
        assert_eq!(group(-2000), "-2,000");
        assert_eq!(group(i64::MIN), "-9,223,372,036,854,775,808");
    }

    #[test]
    fn signs_ledger_lines() {
        assert_eq!(signed(1200), "+1,200");
        assert_eq!(signed(-2000), "-2,000");
        assert_eq!(signed(0), "0");
    }

    #[test]
    fn formats_money_from_minor_units() {
        assert_eq!(money(120_000, "CNY"), "¥1,200");
        assert_eq!(money(1_250, "CNY"), "¥12.50");
        assert_eq!(money(5, "USD"), "$0.05");
        assert_eq!(money(1_200, "JPY"), "¥1,200");
        assert_eq!(money(-100, "EUR"), "-€1");
        assert_eq!(money(100, "CHF"), "CHF 1");
        assert_eq!(money(unit_minor("CNY"), "CNY"), "¥1");
        assert_eq!(money(unit_minor("JPY"), "JPY"), "¥1");
    }

    #[test]
    fn percent_is_clamped() {
        assert_eq!(percent(1_880_000, 2_000_000), 94);
        assert_eq!(percent(0, 500), 0);
        assert_eq!(percent(900, 500), 100);
        assert_eq!(percent(-5, 500), 0);
        assert_eq!(percent(5, 0), 100);
        assert_eq!(percent(i64::MAX, 1), 100);
    }
}
