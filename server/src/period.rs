//! The console's reporting periods (`patron_api::console::overview`): a `period=7d|30d|90d|custom
//! &from=&to=` query read in the site's IANA time zone becomes Unix-millisecond bounds — the
//! period's window, the previous window of the same number of days, and the trend's weeks
//! (Monday to Monday in the zone, so a week across a DST change is 167 or 169 hours long).
//!
//! Figures are counted in SQL over *segments*: the sorted, distinct bounds of all of these
//! (`Periods::cuts`) cut time into pieces each of which lies wholly inside or outside every
//! window and week, so one grouped query per table (`segment_sql`) yields every figure, and
//! the sums per window and per week are added up in Rust.

use std::collections::HashMap;

use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use patron_api::console::overview::{
    Period, Targets, TrendWeek, Window, CUSTOM_DAYS_MAX, TREND_WEEKS_MIN,
};
use patron_api::validate::FieldErrors;
use patron_api::FieldCode;
use serde::Deserialize;

use crate::error::AppError;

/// The zone of a site that does not name one.
pub const DEFAULT_TIME_ZONE: &str = "Asia/Shanghai";

/// What a site's reports are read with: its time zone and its targets (site.yaml).
#[derive(Debug, Clone)]
pub struct Reporting {
    /// The IANA name, as written.
    pub time_zone: String,
    pub zone: TimeZone,
    pub targets: Targets,
}

impl Default for Reporting {
    fn default() -> Self {
        Self::new(DEFAULT_TIME_ZONE, Targets::default())
            .expect("the default zone is in the bundled database")
    }
}

impl Reporting {
    /// `Err` names the zone when the time zone database does not know it.
    pub fn new(time_zone: &str, targets: Targets) -> Result<Self, String> {
        let zone = TimeZone::get(time_zone)
            .map_err(|_| format!("{time_zone:?} is not an IANA time zone (e.g. Asia/Shanghai)"))?;
        Ok(Self {
            time_zone: time_zone.to_owned(),
            zone,
            targets,
        })
    }
}

/// Every site's `Reporting`, from the site folders; a site created through the admin API
/// has the defaults.
#[derive(Debug, Default)]
pub struct SiteReporting {
    sites: HashMap<String, Reporting>,
    default: Reporting,
}

impl SiteReporting {
    pub fn new(sites: HashMap<String, Reporting>) -> Self {
        Self {
            sites,
            default: Reporting::default(),
        }
    }

    pub fn of(&self, site: &str) -> &Reporting {
        self.sites.get(site).unwrap_or(&self.default)
    }
}

/// The query as sent: checked here so every problem is a field error.
#[derive(Debug, Default, Deserialize)]
pub struct PeriodParams {
    #[serde(default)]
    pub period: Option<String>,
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
}

/// One week of the trend: its Monday and its bounds (cut by the trend's ends).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Week {
    pub monday: Date,
    pub from: i64,
    pub to: i64,
}

impl Week {
    /// An empty week of the trend, for the figures to fill in.
    pub fn trend_week(&self) -> TrendWeek {
        TrendWeek::empty(self.monday.to_string(), self.from, self.to)
    }
}

/// A period resolved in a zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Periods {
    pub period: Period,
    pub window: Window,
    pub previous: Window,
    /// Oldest first; the last ends with the window.
    pub weeks: Vec<Week>,
}

impl Periods {
    /// Resolves `params` for the site `reporting` describes, today.
    pub fn now(params: &PeriodParams, reporting: &Reporting) -> Result<Self, AppError> {
        let today = Timestamp::now().to_zoned(reporting.zone.clone()).date();
        Ok(Self::resolve(params, &reporting.zone, today)?)
    }

    /// Resolves `params` in `zone` as of the date `today`.
    pub fn resolve(
        params: &PeriodParams,
        zone: &TimeZone,
        today: Date,
    ) -> Result<Self, FieldErrors> {
        let mut errs = FieldErrors::default();
        let text = |raw: &Option<String>| {
            raw.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let period = match text(&params.period) {
            None => Period::default(),
            Some(p) => Period::parse(&p).unwrap_or_else(|| {
                errs.push(
                    "period",
                    FieldCode::InvalidFormat,
                    "period is 7d, 30d, 90d or custom",
                );
                Period::default()
            }),
        };
        let (from_date, to_date) = match period.days() {
            Some(days) => (today - (days - 1).days(), today),
            None => {
                let mut date = |field: &str, raw: Option<String>| match raw {
                    None => {
                        errs.push(
                            field,
                            FieldCode::Required,
                            format!("{field} is required with period=custom"),
                        );
                        None
                    }
                    Some(s) => parse_date(&s).or_else(|| {
                        errs.push(
                            field,
                            FieldCode::InvalidFormat,
                            format!("{field} is a date, YYYY-MM-DD"),
                        );
                        None
                    }),
                };
                let from = date("from", text(&params.from));
                let to = date("to", text(&params.to));
                match (from, to) {
                    (Some(from), Some(to)) if from > to => {
                        errs.push("from", FieldCode::OutOfRange, "from is after to");
                        (today, today)
                    }
                    (Some(from), Some(to)) if days_between(from, to) + 1 > CUSTOM_DAYS_MAX => {
                        errs.push(
                            "to",
                            FieldCode::OutOfRange,
                            format!("a custom period is at most {CUSTOM_DAYS_MAX} days"),
                        );
                        (today, today)
                    }
                    (Some(from), Some(to)) => (from, to),
                    _ => (today, today),
                }
            }
        };
        errs.into_result()?;
        let days = days_between(from_date, to_date) + 1;
        let bounds = || -> Option<Self> {
            let start = |d: Date| -> Option<i64> {
                Some(d.to_zoned(zone.clone()).ok()?.timestamp().as_millisecond())
            };
            let day_after = to_date.checked_add(1.day()).ok()?;
            let window = window(start(from_date)?, start(day_after)?, from_date, to_date);
            let previous_from = from_date.checked_sub(days.days()).ok()?;
            let previous_to = from_date.checked_sub(1.day()).ok()?;
            let previous = self::window(
                start(previous_from)?,
                window.from,
                previous_from,
                previous_to,
            );
            let last_monday = monday_of(to_date);
            let earliest = last_monday
                .checked_sub((7 * (TREND_WEEKS_MIN as i64 - 1)).days())
                .ok()?;
            let trend_from = from_date.min(earliest);
            let mut weeks = Vec::new();
            let mut monday = monday_of(trend_from);
            while monday <= to_date {
                let next = monday.checked_add(7.days()).ok()?;
                weeks.push(Week {
                    monday,
                    from: start(monday.max(trend_from))?,
                    to: start(next)?.min(window.to),
                });
                monday = next;
            }
            Some(Self {
                period,
                window,
                previous,
                weeks,
            })
        };
        bounds().ok_or_else(|| {
            let mut errs = FieldErrors::default();
            errs.push("from", FieldCode::OutOfRange, "the dates are out of range");
            errs
        })
    }

    /// The sorted, distinct bounds of the previous window, the window and the weeks: the
    /// segments between them are what the SQL groups by.
    pub fn cuts(&self) -> Vec<i64> {
        let mut cuts = vec![self.previous.from, self.window.from, self.window.to];
        cuts.extend(self.weeks.iter().flat_map(|w| [w.from, w.to]));
        cuts.sort_unstable();
        cuts.dedup();
        cuts
    }
}

fn window(from: i64, to: i64, from_date: Date, to_date: Date) -> Window {
    Window {
        from,
        to,
        from_date: from_date.to_string(),
        to_date: to_date.to_string(),
    }
}

/// `YYYY-MM-DD` exactly (no time, no offset).
fn parse_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return None;
    }
    s.parse::<Date>().ok()
}

fn days_between(from: Date, to: Date) -> i64 {
    from.until(to)
        .map(|span| i64::from(span.get_days()))
        .unwrap_or(i64::MAX)
}

fn monday_of(d: Date) -> Date {
    let back = i64::from(d.weekday().to_monday_zero_offset());
    d.checked_sub(back.days()).unwrap_or(d)
}

/// The segments of `cuts` (segment `i` is `[cuts[i], cuts[i + 1])`), to sum what SQL counted
/// per segment into windows and weeks.
#[derive(Debug, Clone)]
pub struct Segments {
    cuts: Vec<i64>,
}

impl Segments {
    pub fn new(cuts: Vec<i64>) -> Self {
        Self { cuts }
    }

    pub fn cuts(&self) -> &[i64] {
        &self.cuts
    }

    /// Whether segment `i` lies in `[from, to)`.
    pub fn within(&self, i: i64, from: i64, to: i64) -> bool {
        let Ok(i) = usize::try_from(i) else {
            return false;
        };
        match (self.cuts.get(i), self.cuts.get(i + 1)) {
            (Some(&start), Some(&end)) => start >= from && end <= to,
            _ => false,
        }
    }
}

/// The SQL of a segment index for `column` and the condition that the row is in a segment,
/// with the cuts bound as parameters `$first`, `$first + 1`, …, in order (`cuts` of them,
/// at least 2): `(condition, index)`. Portable: a searched CASE of comparisons.
pub fn segment_sql(column: &str, first: usize, cuts: usize) -> (String, String) {
    let last = first + cuts - 1;
    let condition = format!("{column} >= ${first} AND {column} < ${last}");
    let mut index = String::from("CAST(CASE");
    for (i, param) in (first + 1..last).enumerate() {
        index.push_str(&format!(" WHEN {column} < ${param} THEN {i}"));
    }
    index.push_str(&format!(" ELSE {} END AS BIGINT)", cuts.saturating_sub(2)));
    (condition, index)
}

/// `segs(segment, lo, hi) AS (VALUES …)`: a CTE of the `cuts - 1` segments, their bounds
/// bound as parameters `$first`, `$first + 1`, … (the same binding as [`segment_sql`]), for
/// range counts per segment that need no sort.
pub fn segments_cte(first: usize, cuts: usize) -> String {
    let rows: Vec<String> = (0..cuts.saturating_sub(1))
        .map(|i| {
            format!(
                "(CAST({i} AS BIGINT), CAST(${} AS BIGINT), CAST(${} AS BIGINT))",
                first + i,
                first + i + 1
            )
        })
        .collect();
    format!("segs(segment, lo, hi) AS (VALUES {})", rows.join(", "))
}

/// Binds `site` as `$1` and the cuts after it, as [`segment_sql`] and [`segments_cte`] with
/// `first = 2` expect.
pub fn bind_site_and_cuts<'q, O>(
    mut query: sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>>,
    site: &'q str,
    cuts: &[i64],
) -> sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>> {
    query = query.bind(site);
    for cut in cuts {
        query = query.bind(*cut);
    }
    query
}

/// Whether `d` is a Monday (for tests and callers checking weeks).
pub fn is_monday(d: Date) -> bool {
    d.weekday() == Weekday::Monday
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn params(period: &str, from: &str, to: &str) -> PeriodParams {
        let opt = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        PeriodParams {
            period: opt(period),
            from: opt(from),
            to: opt(to),
        }
    }

    fn shanghai() -> TimeZone {
        TimeZone::get("Asia/Shanghai").expect("zone")
    }

    fn ms(s: &str) -> i64 {
        s.parse::<Timestamp>().expect("timestamp").as_millisecond()
    }

    #[test]
    fn seven_days_are_today_and_the_six_before_in_the_zone() {
        // Wednesday 2026-03-11.
        let p =
            Periods::resolve(&params("7d", "", ""), &shanghai(), date(2026, 3, 11)).expect("ok");
        assert_eq!(p.window.from_date, "2026-03-05");
        assert_eq!(p.window.to_date, "2026-03-11");
        // Midnight in Shanghai is 16:00 UTC the day before.
        assert_eq!(p.window.from, ms("2026-03-04T16:00:00Z"));
        assert_eq!(p.window.to, ms("2026-03-11T16:00:00Z"));
        assert_eq!(p.previous.from_date, "2026-02-26");
        assert_eq!(p.previous.to_date, "2026-03-04");
        assert_eq!(p.previous.to, p.window.from);
        assert_eq!(p.previous.from, ms("2026-02-25T16:00:00Z"));
        // At least 12 weeks, Mondays, the last cut at the window's end.
        assert_eq!(p.weeks.len(), TREND_WEEKS_MIN);
        assert!(p.weeks.iter().all(|w| is_monday(w.monday)));
        let last = p.weeks.last().expect("weeks");
        assert_eq!(last.monday, date(2026, 3, 9));
        assert_eq!(last.from, ms("2026-03-08T16:00:00Z"));
        assert_eq!(last.to, p.window.to);
        assert_eq!(p.weeks[0].monday, date(2025, 12, 22));
        for pair in p.weeks.windows(2) {
            assert_eq!(pair[0].to, pair[1].from);
        }
    }

    #[test]
    fn the_default_is_thirty_days() {
        let p =
            Periods::resolve(&PeriodParams::default(), &shanghai(), date(2026, 3, 11)).expect("ok");
        assert_eq!(p.period, Period::Last30);
        assert_eq!(p.window.from_date, "2026-02-10");
        assert_eq!(p.previous.from_date, "2026-01-11");
    }

    #[test]
    fn a_long_custom_period_cuts_its_first_week() {
        // Thursday 2026-01-01 to Tuesday 2026-03-31: 90 days, more than 12 weeks.
        let p = Periods::resolve(
            &params("custom", "2026-01-01", "2026-03-31"),
            &shanghai(),
            date(2026, 6, 1),
        )
        .expect("ok");
        assert_eq!(p.window.from, ms("2025-12-31T16:00:00Z"));
        let first = &p.weeks[0];
        assert_eq!(first.monday, date(2025, 12, 29));
        assert_eq!(first.from, p.window.from, "cut by the trend's start");
        assert_eq!(p.weeks.last().expect("last").monday, date(2026, 3, 30));
        assert_eq!(p.weeks.len(), 14);
        assert_eq!(p.previous.to_date, "2025-12-31");
        assert_eq!(p.previous.from_date, "2025-10-03");
    }

    #[test]
    fn a_week_across_a_dst_change_is_167_hours_in_berlin() {
        let berlin = TimeZone::get("Europe/Berlin").expect("zone");
        // Summer time began on Sunday 2026-03-29 at 02:00.
        let p = Periods::resolve(
            &params("custom", "2026-03-23", "2026-04-05"),
            &berlin,
            date(2026, 4, 10),
        )
        .expect("ok");
        let week = p
            .weeks
            .iter()
            .find(|w| w.monday == date(2026, 3, 23))
            .expect("the week");
        assert_eq!(week.from, ms("2026-03-22T23:00:00Z"), "Monday 00:00 CET");
        assert_eq!(week.to, ms("2026-03-29T22:00:00Z"), "Monday 00:00 CEST");
        assert_eq!(week.to - week.from, 167 * 3_600_000);
        let next = &p.weeks[p.weeks.len() - 1];
        assert_eq!(next.monday, date(2026, 3, 30));
        assert_eq!(next.to, ms("2026-04-05T22:00:00Z"));
        assert_eq!(p.window.to, next.to);
    }

    #[test]
    fn bad_periods_are_field_errors() {
        let fields = |p: PeriodParams| -> Vec<String> {
            Periods::resolve(&p, &shanghai(), date(2026, 3, 11))
                .expect_err("invalid")
                .0
                .into_iter()
                .map(|f| f.field)
                .collect()
        };
        assert_eq!(fields(params("14d", "", "")), ["period"]);
        assert_eq!(fields(params("custom", "", "")), ["from", "to"]);
        assert_eq!(fields(params("custom", "2026-1-1", "2026-01-31")), ["from"]);
        assert_eq!(
            fields(params("custom", "2026-02-30", "2026-03-01")),
            ["from"]
        );
        assert_eq!(
            fields(params("custom", "2026-02-01", "2026-01-31")),
            ["from"]
        );
        assert_eq!(fields(params("custom", "2025-01-01", "2026-01-02")), ["to"]);
        // 366 days is the most.
        assert!(Periods::resolve(
            &params("custom", "2025-01-01", "2026-01-01"),
            &shanghai(),
            date(2026, 3, 11)
        )
        .is_ok());
    }

    #[test]
    fn segments_lie_inside_or_outside_every_window_and_week() {
        let p =
            Periods::resolve(&params("30d", "", ""), &shanghai(), date(2026, 3, 11)).expect("ok");
        let cuts = p.cuts();
        assert!(cuts.windows(2).all(|c| c[0] < c[1]));
        let segments = Segments::new(cuts.clone());
        let n = cuts.len() as i64 - 1;
        let span = |from: i64, to: i64| -> i64 {
            (0..n)
                .filter(|&i| segments.within(i, from, to))
                .map(|i| cuts[i as usize + 1] - cuts[i as usize])
                .sum()
        };
        assert_eq!(
            span(p.window.from, p.window.to),
            p.window.to - p.window.from
        );
        assert_eq!(
            span(p.previous.from, p.previous.to),
            p.previous.to - p.previous.from
        );
        for w in &p.weeks {
            assert_eq!(span(w.from, w.to), w.to - w.from);
        }
    }

    #[test]
    fn the_segment_sql_numbers_its_parameters() {
        let (condition, index) = segment_sql("created_at", 2, 4);
        assert_eq!(condition, "created_at >= $2 AND created_at < $5");
        assert_eq!(
            index,
            "CAST(CASE WHEN created_at < $3 THEN 0 WHEN created_at < $4 THEN 1 ELSE 2 END AS BIGINT)"
        );
    }

    #[test]
    fn unknown_zones_are_refused() {
        assert!(Reporting::new("Mars/Olympus", Targets::default()).is_err());
        assert_eq!(Reporting::default().time_zone, DEFAULT_TIME_ZONE);
    }
}
