//! What every admin report shares: the window it covers, JSON or CSV, and safe CSV cells.
//!
//! A window is `[from, to)`. `from` and `to` are Unix milliseconds or dates `YYYY-MM-DD`; a
//! date means the start of that day (`to`: the end of it) at `tz_offset_minutes` east of UTC
//! (default 0). `from` defaults to the beginning of time, `to` to now. The format is
//! `?format=json|csv`, else `Accept: text/csv` asks for CSV, else JSON.

use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use patron_api::validate::FieldErrors;
use patron_api::FieldCode;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::extract::SafeJson;
use crate::storage::now_millis;
pub use crate::storage::DAY_MS;

pub const TZ_OFFSET_MAX_MINUTES: i64 = 14 * 60;

/// `[from, to)` in Unix milliseconds, and the offset days are cut at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub from: i64,
    pub to: i64,
    pub offset_ms: i64,
}

/// The query parameters every report takes.
#[derive(Debug, Default, Deserialize)]
pub struct ReportParams {
    pub from: Option<String>,
    pub to: Option<String>,
    pub tz_offset_minutes: Option<String>,
    pub format: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
}

/// A report request, read: its window and the format to answer in.
#[derive(Debug, Clone, Copy)]
pub struct ReportRequest {
    pub window: Window,
    pub format: Format,
}

impl ReportRequest {
    /// Reads the window and format; every broken parameter is a 422 naming its field.
    pub fn parse(params: &ReportParams, headers: &HeaderMap) -> Result<Self, AppError> {
        let mut errs = FieldErrors::default();
        let offset_minutes = match params.tz_offset_minutes.as_deref().map(str::trim) {
            None | Some("") => 0,
            Some(s) => match s.parse::<i64>() {
                Ok(m) if (-TZ_OFFSET_MAX_MINUTES..=TZ_OFFSET_MAX_MINUTES).contains(&m) => m,
                _ => {
                    errs.push(
                        "tz_offset_minutes",
                        FieldCode::OutOfRange,
                        "minutes east of UTC, between -840 and 840",
                    );
                    0
                }
            },
        };
        let offset_ms = offset_minutes * 60_000;
        let from =
            time_param(params.from.as_deref(), "from", offset_ms, false, &mut errs).unwrap_or(0);
        let to = time_param(params.to.as_deref(), "to", offset_ms, true, &mut errs)
            .unwrap_or_else(|| now_millis().saturating_add(1));
        if to <= from {
            errs.push("to", FieldCode::OutOfRange, "to must be after from");
        }
        let format = match params
            .format
            .as_deref()
            .map(str::trim)
            .filter(|f| !f.is_empty())
        {
            Some("csv") => Format::Csv,
            Some("json") => Format::Json,
            Some(_) => {
                errs.push("format", FieldCode::InvalidFormat, "format is json or csv");
                Format::Json
            }
            None if accepts_csv(headers) => Format::Csv,
            None => Format::Json,
        };
        errs.into_result()?;
        Ok(Self {
            window: Window {
                from,
                to,
                offset_ms,
            },
            format,
        })
    }

    /// The report as JSON, or as the CSV file `filename` written by `csv` (only called when
    /// CSV was asked for). Reports are never cached: they hold customers' words.
    pub fn respond<T: Serialize>(
        &self,
        filename: &str,
        report: T,
        csv: impl FnOnce(&T) -> Result<Vec<u8>, AppError>,
    ) -> Result<Response, AppError> {
        Ok(match self.format {
            Format::Json => {
                ([(header::CACHE_CONTROL, "no-store")], SafeJson(report)).into_response()
            }
            Format::Csv => csv_response(filename, csv(&report)?),
        })
    }
}

fn accepts_csv(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.split(',').any(|t| t.trim().starts_with("text/csv")))
}

/// Unix milliseconds, or a date at the start of that day (`end`: of the next day).
fn time_param(
    raw: Option<&str>,
    field: &str,
    offset_ms: i64,
    end: bool,
    errs: &mut FieldErrors,
) -> Option<i64> {
    let s = raw.map(str::trim).filter(|s| !s.is_empty())?;
    if let Ok(ms) = s.parse::<i64>() {
        return Some(ms);
    }
    match parse_date(s) {
        Some(day) => Some((day + i64::from(end)) * DAY_MS - offset_ms),
        None => {
            errs.push(
                field,
                FieldCode::InvalidFormat,
                format!("{field} is unix milliseconds or a date YYYY-MM-DD"),
            );
            None
        }
    }
}

/// `YYYY-MM-DD` → days since 1970-01-01.
pub fn parse_date(s: &str) -> Option<i64> {
    let mut parts = s.splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if s.len() != 10 || !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    Some(days_from_civil(y, m, d))
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// Howard Hinnant's `days_from_civil`.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Days since 1970-01-01 → `YYYY-MM-DD` (Hinnant's `civil_from_days`).
pub fn format_day(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// A text cell that a spreadsheet would read as a formula gets a leading `'`.
pub fn cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

/// A CSV file: the header, then one record per row. Text a customer or an author wrote must
/// go through `cell`.
pub fn csv<H, R>(header: H, rows: impl IntoIterator<Item = R>) -> Result<Vec<u8>, AppError>
where
    H: IntoIterator,
    H::Item: AsRef<[u8]>,
    R: IntoIterator,
    R::Item: AsRef<[u8]>,
{
    let fail = |e: csv::Error| AppError::internal(format!("writing CSV: {e}"));
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header).map_err(fail)?;
    for row in rows {
        w.write_record(row).map_err(fail)?;
    }
    w.into_inner()
        .map_err(|e| AppError::internal(format!("writing CSV: {e}")))
}

fn csv_response(filename: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(from: &str, to: &str, tz: &str) -> ReportParams {
        let s = |v: &str| (!v.is_empty()).then(|| v.to_owned());
        ReportParams {
            from: s(from),
            to: s(to),
            tz_offset_minutes: s(tz),
            format: None,
        }
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("2025-03-01"), Some(20148));
        assert_eq!(format_day(20148), "2025-03-01");
        assert_eq!(format_day(parse_date("2024-02-29").unwrap()), "2024-02-29");
        for bad in ["2025-02-29", "2025-13-01", "2025-3-1", "yesterday"] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn windows_take_dates_in_the_given_offset_or_milliseconds() {
        let h = HeaderMap::new();
        let w = ReportRequest::parse(&params("2025-03-01", "2025-03-01", "480"), &h)
            .unwrap()
            .window;
        assert_eq!(w.from, 20148 * DAY_MS - 8 * 3_600_000);
        assert_eq!(w.to, w.from + DAY_MS);
        let w = ReportRequest::parse(&params("5", "9", ""), &h)
            .unwrap()
            .window;
        assert_eq!((w.from, w.to, w.offset_ms), (5, 9, 0));
        // i64::MIN has no absolute value: it once panicked the handler.
        for (from, to, tz) in [
            ("9", "5", ""),
            ("x", "", ""),
            ("", "", "900"),
            ("", "", "-9223372036854775808"),
        ] {
            assert!(ReportRequest::parse(&params(from, to, tz), &h).is_err());
        }
    }

    #[test]
    fn csv_is_chosen_by_parameter_or_accept_header() {
        let mut h = HeaderMap::new();
        assert_eq!(
            ReportRequest::parse(&params("", "", ""), &h)
                .unwrap()
                .format,
            Format::Json
        );
        h.insert(header::ACCEPT, "text/csv, */*".parse().unwrap());
        assert_eq!(
            ReportRequest::parse(&params("", "", ""), &h)
                .unwrap()
                .format,
            Format::Csv
        );
    }

    #[test]
    fn csv_quotes_and_defuses() {
        let bytes = csv(
            ["a", "b"],
            [[cell("x,y"), cell("-1+cmd")], [cell("=A1"), "2".to_owned()]],
        )
        .unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(text, "a,b\n\"x,y\",'-1+cmd\n'=A1,2\n");
    }
}
