//! Numbers, shares, changes and times as the console shows them. Times are in the browser's
//! zone; the overview's days are the site's (the server counts them).

/// `0.8512` → `85.1%`.
pub fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// A signed change with `decimals`: `+2.5`, `−1.0`, `0`.
pub fn change(delta: f64, decimals: usize) -> String {
    if delta.abs() < 0.5 * 10f64.powi(-(decimals as i32)) {
        return format!("±{:.*}", decimals, 0.0);
    }
    let sign = if delta > 0.0 { '+' } else { '−' };
    format!("{sign}{:.*}", decimals, delta.abs())
}

/// A plain number with `decimals`, or an em dash for nothing to count.
pub fn number(value: Option<f64>, decimals: usize) -> String {
    value.map_or_else(|| "—".to_owned(), |v| format!("{v:.decimals$}"))
}

/// Grouped thousands: `12345` → `12,345`.
pub fn count(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        out.insert(0, '−');
    }
    out
}

/// Minor units of `currency` as `CNY 12.34`.
pub fn money(minor: i64, currency: &str) -> String {
    format!(
        "{currency} {}.{:02}",
        count(minor / 100),
        (minor % 100).abs()
    )
}

/// Unix milliseconds as `YYYY-MM-DD HH:MM`, local time.
pub fn date_time(ms: i64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// A duration in milliseconds as hours and minutes (`26:05`), or minutes under an hour.
pub fn duration(ms: i64) -> (i64, i64) {
    let minutes = ms.max(0) / 60_000;
    (minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures() {
        assert_eq!(percent(0.8512), "85.1%");
        assert_eq!(change(2.5, 1), "+2.5");
        assert_eq!(change(-1.04, 1), "−1.0");
        assert_eq!(change(0.01, 1), "±0.0");
        assert_eq!(count(1234567), "1,234,567");
        assert_eq!(count(-1000), "−1,000");
        assert_eq!(count(12), "12");
        assert_eq!(money(123456, "CNY"), "CNY 1,234.56");
        assert_eq!(number(None, 1), "—");
        assert_eq!(duration(3_720_000 + 59_000), (1, 2));
    }
}
