//! Survey reports for site admins: NPS, CSAT and CES per survey, sliced by touchpoint,
//! surface, locale, A/B variant and day, with response rates; how often each reason chip was
//! chosen; and the members at risk. JSON or CSV.
//!
//! `from`/`to` are unix milliseconds or dates (`2025-03-01`; `to` is inclusive then), read in
//! `tz_offset_minutes` (default 0, UTC), which also decides where days begin in the daily
//! series. Default window: everything up to now.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use patron_api::survey::{AtRiskMember, AtRiskReport, ReportRow, SurveyReport};
use patron_api::SurveyKind;
use sqlx::AnyPool;

use super::storage::{self, AnswerCounts, Dimension};
use super::Surveys;
use crate::auth::SiteAdmin;
use crate::error::AppError;
use crate::extract::AppQuery;
use crate::reports::{cell, csv, format_day, ReportParams, ReportRequest, Window, DAY_MS};
use crate::state::AppState;

/// The dimension of the rows that count reason chips.
pub const REASON: &str = "reason";
/// A member is at risk with this many detractor answers…
pub const AT_RISK_MIN_DETRACTORS: i64 = 2;
/// …within this many days before the report's end.
pub const AT_RISK_DAYS: i64 = 30;
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
        ces_mean: (kind == SurveyKind::Ces && answered).then(|| round(a.score_sum as f64 / n, 2)),
        ces_easy_share: (kind == SurveyKind::Ces && answered)
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
    // Reasons are counted over the answers that chose them; they have no displays.
    for (survey, reason, counts) in storage::reason_counts(pool, site, w).await? {
        let kind = counts.kind.or_else(|| kinds.get(&survey).copied());
        if let Some(kind) = kind {
            rows.push(row(&survey, kind, REASON, &reason, 0, &counts));
        }
    }
    // Survey first, then the dimensions in their fixed order (reasons after the others).
    let order = |d: &str| {
        Dimension::ALL
            .iter()
            .position(|x| x.as_str() == d)
            .unwrap_or(Dimension::ALL.len())
    };
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
    State(surveys): State<Arc<Surveys>>,
    headers: HeaderMap,
    AppQuery(params): AppQuery<ReportParams>,
) -> Result<Response, AppError> {
    let site = admin.site;
    let current = surveys.get(&state.pool, &site).await?;
    let request = ReportRequest::parse(&params, &headers)?;
    let kinds = current
        .config
        .surveys
        .iter()
        .map(|s| (s.id.clone(), s.kind))
        .collect();
    let report = build(&state.pool, &site, &kinds, request.window).await?;
    request.respond(&format!("surveys-{site}.csv"), report, |r| {
        report_csv(&r.rows)
    })
}

/// `GET /v1/admin/sites/{site}/reports/surveys/at-risk?to=&format=`: members with at least
/// two detractor answers in the 30 days before `to` (default now).
pub async fn at_risk_members(
    admin: SiteAdmin,
    State(state): State<AppState>,
    State(surveys): State<Arc<Surveys>>,
    headers: HeaderMap,
    AppQuery(params): AppQuery<ReportParams>,
) -> Result<Response, AppError> {
    let site = admin.site;
    surveys.get(&state.pool, &site).await?;
    let request = ReportRequest::parse(&params, &headers)?;
    let report = AtRiskReport {
        at_risk_members: at_risk(&state.pool, &site, request.window.to).await?,
    };
    request.respond(&format!("at-risk-{site}.csv"), report, |r| {
        at_risk_csv(&r.at_risk_members)
    })
}

pub const CSV_HEADER: [&str; 15] = [
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
    "ces_mean",
    "ces_easy_share",
];

fn opt(x: Option<f64>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}

pub fn report_csv(rows: &[ReportRow]) -> Result<Vec<u8>, AppError> {
    csv(
        CSV_HEADER,
        rows.iter().map(|r| {
            [
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
                opt(r.ces_mean),
                opt(r.ces_easy_share),
            ]
        }),
    )
}

fn at_risk_csv(members: &[AtRiskMember]) -> Result<Vec<u8>, AppError> {
    csv(
        ["member_id", "detractor_answers", "last_answered_at"],
        members.iter().map(|m| {
            [
                cell(&m.member_id),
                m.detractor_answers.to_string(),
                m.last_answered_at.to_string(),
            ]
        }),
    )
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
    fn ces_arithmetic() {
        // Scores 7, 6, 4, 2: mean 4.75, 2 of 4 easy (5-7).
        let r = row("e", SurveyKind::Ces, "all", "all", 4, &counts(1, 1, 2, 19));
        assert_eq!(r.ces_mean, Some(4.75));
        assert_eq!(r.ces_easy_share, Some(0.5));
        assert_eq!((r.nps, r.csat_mean), (None, None));
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
