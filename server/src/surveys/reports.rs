//! Survey reports for site admins: NPS and CSAT per survey, sliced by touchpoint, surface,
//! locale and day, with response rates; and the members at risk. JSON or CSV.
//!
//! `from`/`to` are unix milliseconds or dates (`2025-03-01`; `to` is inclusive then), read in
//! `tz_offset_minutes` (default 0, UTC), which also decides where days begin in the daily
//! series. Default window: everything up to now.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use patron_api::survey::{AtRiskMember, ReportRow, SurveyReport};
use patron_api::validate::FieldErrors;
use patron_api::SurveyKind;
use serde::Deserialize;
use sqlx::AnyPool;

use super::pacing::DAY_MS;
use super::storage::{self, AnswerCounts, Dimension, Window};
use crate::app::AppState;
use crate::error::AppError;
use crate::extract::{AppQuery, SafeJson, SiteAdmin};
use crate::storage::now_millis;

/// A member is at risk with this many detractor answers…
pub const AT_RISK_MIN_DETRACTORS: i64 = 2;
/// …within this many days before the report's end.
pub const AT_RISK_DAYS: i64 = 30;
pub const TZ_OFFSET_MAX_MINUTES: i64 = 14 * 60;

#[derive(Debug, Default, Deserialize)]
pub struct ReportParams {
    pub from: Option<String>,
    pub to: Option<String>,
    pub tz_offset_minutes: Option<String>,
    pub format: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Json,
    Csv,
}

pub(crate) struct Parsed {
    pub(crate) window: Window,
    pub(crate) format: Format,
}

/// The window and format of a report request (onboarding reports read theirs this way too).
pub(crate) fn parse(params: &ReportParams, headers: &HeaderMap) -> Result<Parsed, AppError> {
    let mut errs = FieldErrors::default();
    let offset_minutes = match params.tz_offset_minutes.as_deref().map(str::trim) {
        None | Some("") => 0,
        Some(s) => match s.parse::<i64>() {
            Ok(m) if m.abs() <= TZ_OFFSET_MAX_MINUTES => m,
            _ => {
                errs.push(
                    "tz_offset_minutes",
                    "out_of_range",
                    "minutes east of UTC, between -840 and 840",
                );
                0
            }
        },
    };
    let offset_ms = offset_minutes * 60_000;
    let from = time_param(params.from.as_deref(), "from", offset_ms, false, &mut errs).unwrap_or(0);
    let to = time_param(params.to.as_deref(), "to", offset_ms, true, &mut errs)
        .unwrap_or_else(|| now_millis().saturating_add(1));
    if to <= from {
        errs.push("to", "out_of_range", "to must be after from");
    }
    let format = match params.format.as_deref() {
        Some("csv") => Format::Csv,
        Some("json") => Format::Json,
        Some(_) => {
            errs.push("format", "invalid_format", "format is json or csv");
            Format::Json
        }
        None if accepts_csv(headers) => Format::Csv,
        None => Format::Json,
    };
    errs.into_result()?;
    Ok(Parsed {
        window: Window {
            from,
            to,
            offset_ms,
        },
        format,
    })
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
                "invalid_format",
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

fn round(x: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    (x * f).round() / f
}

/// One report row from its counts.
pub fn row(
    survey_id: &str,
    kind: SurveyKind,
    dimension: &str,
    value: &str,
    displays: i64,
    a: &AnswerCounts,
) -> ReportRow {
    let n = a.responses as f64;
    let answered = a.responses > 0;
    ReportRow {
        survey_id: survey_id.to_owned(),
        kind,
        dimension: dimension.to_owned(),
        value: value.to_owned(),
        displays,
        responses: a.responses,
        response_rate: (displays > 0).then(|| round(a.responses as f64 / displays as f64, 4)),
        detractors: a.detractors,
        passives: a.passives,
        promoters: a.promoters,
        nps: (kind == SurveyKind::Nps && answered)
            .then(|| round((a.promoters - a.detractors) as f64 * 100.0 / n, 1)),
        csat_mean: (kind == SurveyKind::Csat && answered).then(|| round(a.score_sum as f64 / n, 2)),
        csat_satisfied_share: (kind == SurveyKind::Csat && answered)
            .then(|| round(a.promoters as f64 / n, 4)),
    }
}

/// Builds the whole report for `site` over `w`.
pub async fn build(
    pool: &AnyPool,
    site: &str,
    kinds: &BTreeMap<String, SurveyKind>,
    w: Window,
) -> Result<SurveyReport, AppError> {
    let mut rows = Vec::new();
    for dim in Dimension::ALL {
        let mut groups: BTreeMap<(String, String), (i64, AnswerCounts)> = BTreeMap::new();
        let mut kinds_seen = kinds.clone();
        for (survey, key, counts) in storage::answer_counts(pool, site, w, dim).await? {
            if let Some(kind) = counts.kind {
                kinds_seen.entry(survey.clone()).or_insert(kind);
            }
            groups.entry((survey, key)).or_default().1 = counts;
        }
        for (survey, key, n) in storage::display_counts(pool, site, w, dim).await? {
            groups.entry((survey, key)).or_default().0 = n;
        }
        for ((survey, key), (displays, counts)) in groups {
            let Some(kind) = kinds_seen.get(&survey).copied() else {
                continue;
            };
            let value = match dim {
                Dimension::Day => key.parse::<i64>().map(format_day).unwrap_or(key),
                _ => key,
            };
            rows.push(row(&survey, kind, dim.as_str(), &value, displays, &counts));
        }
    }
    // Survey first, then the dimensions in their fixed order.
    let order = |d: &str| Dimension::ALL.iter().position(|x| x.as_str() == d);
    rows.sort_by(|a, b| {
        a.survey_id
            .cmp(&b.survey_id)
            .then(order(&a.dimension).cmp(&order(&b.dimension)))
            .then(a.value.cmp(&b.value))
    });
    let at_risk_members = at_risk(pool, site, w.to).await?;
    Ok(SurveyReport {
        from: w.from,
        to: w.to,
        rows,
        at_risk_members,
    })
}

async fn at_risk(pool: &AnyPool, site: &str, to: i64) -> Result<Vec<AtRiskMember>, AppError> {
    let from = to.saturating_sub(AT_RISK_DAYS * DAY_MS);
    Ok(
        storage::detractor_members(pool, site, from, to, AT_RISK_MIN_DETRACTORS)
            .await?
            .into_iter()
            .map(
                |(member_id, detractor_answers, last_answered_at)| AtRiskMember {
                    member_id,
                    detractor_answers,
                    last_answered_at,
                },
            )
            .collect(),
    )
}

/// `GET /v1/admin/sites/{site}/reports/surveys?from=&to=&tz_offset_minutes=&format=`.
pub async fn surveys(
    admin: SiteAdmin,
    State(state): State<AppState>,
    headers: HeaderMap,
    AppQuery(params): AppQuery<ReportParams>,
) -> Result<Response, AppError> {
    let site = admin.site;
    let current = state.surveys.get(&state.pool, &site).await?;
    let p = parse(&params, &headers)?;
    let kinds = current
        .config
        .surveys
        .iter()
        .map(|s| (s.id.clone(), s.kind))
        .collect();
    let report = build(&state.pool, &site, &kinds, p.window).await?;
    Ok(match p.format {
        Format::Json => ([(header::CACHE_CONTROL, "no-store")], SafeJson(report)).into_response(),
        Format::Csv => csv_response(&format!("surveys-{site}.csv"), report_csv(&report.rows)?),
    })
}

/// `GET /v1/admin/sites/{site}/reports/surveys/at-risk?to=&format=`: members with at least
/// two detractor answers in the 30 days before `to` (default now).
pub async fn at_risk_members(
    admin: SiteAdmin,
    State(state): State<AppState>,
    headers: HeaderMap,
    AppQuery(params): AppQuery<ReportParams>,
) -> Result<Response, AppError> {
    let site = admin.site;
    state.surveys.get(&state.pool, &site).await?;
    let p = parse(&params, &headers)?;
    let members = at_risk(&state.pool, &site, p.window.to).await?;
    Ok(match p.format {
        Format::Json => (
            [(header::CACHE_CONTROL, "no-store")],
            SafeJson(serde_json::json!({ "at_risk_members": members })),
        )
            .into_response(),
        Format::Csv => csv_response(&format!("at-risk-{site}.csv"), at_risk_csv(&members)?),
    })
}

pub(crate) fn csv_response(filename: &str, body: Vec<u8>) -> Response {
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

pub const CSV_HEADER: [&str; 13] = [
    "survey_id",
    "kind",
    "dimension",
    "value",
    "displays",
    "responses",
    "response_rate",
    "detractors",
    "passives",
    "promoters",
    "nps",
    "csat_mean",
    "csat_satisfied_share",
];

/// A text cell that a spreadsheet would read as a formula gets a leading `'`.
pub(crate) fn cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

fn opt(x: Option<f64>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}

pub fn report_csv(rows: &[ReportRow]) -> Result<Vec<u8>, AppError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| AppError::internal(format!("writing CSV: {e}"));
    w.write_record(CSV_HEADER).map_err(fail)?;
    for r in rows {
        w.write_record([
            cell(&r.survey_id),
            r.kind.as_str().to_owned(),
            r.dimension.clone(),
            cell(&r.value),
            r.displays.to_string(),
            r.responses.to_string(),
            opt(r.response_rate),
            r.detractors.to_string(),
            r.passives.to_string(),
            r.promoters.to_string(),
            opt(r.nps),
            opt(r.csat_mean),
            opt(r.csat_satisfied_share),
        ])
        .map_err(fail)?;
    }
    w.into_inner()
        .map_err(|e| AppError::internal(format!("writing CSV: {e}")))
}

fn at_risk_csv(members: &[AtRiskMember]) -> Result<Vec<u8>, AppError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| AppError::internal(format!("writing CSV: {e}"));
    w.write_record(["member_id", "detractor_answers", "last_answered_at"])
        .map_err(fail)?;
    for m in members {
        w.write_record([
            cell(&m.member_id),
            m.detractor_answers.to_string(),
            m.last_answered_at.to_string(),
        ])
        .map_err(fail)?;
    }
    w.into_inner()
        .map_err(|e| AppError::internal(format!("writing CSV: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(d: i64, p: i64, pr: i64, sum: i64) -> AnswerCounts {
        AnswerCounts {
            kind: None,
            responses: d + p + pr,
            detractors: d,
            passives: p,
            promoters: pr,
            score_sum: sum,
        }
    }

    #[test]
    fn nps_arithmetic() {
        // 5 promoters, 2 passives, 3 detractors: 50% − 30% = 20.
        let r = row("n", SurveyKind::Nps, "all", "all", 20, &counts(3, 2, 5, 0));
        assert_eq!(r.nps, Some(20.0));
        assert_eq!(r.response_rate, Some(0.5));
        assert_eq!((r.csat_mean, r.csat_satisfied_share), (None, None));
        // 1 promoter of 3: 33.3.
        let third = row("n", SurveyKind::Nps, "all", "all", 0, &counts(0, 2, 1, 0));
        assert_eq!(third.nps, Some(33.3));
        assert_eq!(third.response_rate, None);
        let none = row("n", SurveyKind::Nps, "all", "all", 3, &counts(0, 0, 0, 0));
        assert_eq!(none.nps, None);
    }

    #[test]
    fn csat_arithmetic() {
        // Scores 5, 4, 4, 2: mean 3.75, 3 of 4 satisfied.
        let r = row("c", SurveyKind::Csat, "all", "all", 4, &counts(1, 0, 3, 15));
        assert_eq!(r.csat_mean, Some(3.75));
        assert_eq!(r.csat_satisfied_share, Some(0.75));
        assert_eq!(r.nps, None);
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
    fn csv_quotes_and_defuses() {
        let mut r = row(
            "c",
            SurveyKind::Csat,
            "touchpoint",
            "event:a,b",
            1,
            &counts(0, 0, 1, 5),
        );
        let csv = String::from_utf8(report_csv(&[r.clone()]).unwrap()).unwrap();
        assert!(csv.contains("\"event:a,b\""), "{csv}");
        r.value = "-1+cmd".into();
        let csv = String::from_utf8(report_csv(&[r]).unwrap()).unwrap();
        assert!(csv.contains(",'-1+cmd,"), "{csv}");
    }
}
