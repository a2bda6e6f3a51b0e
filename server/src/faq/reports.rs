//! FAQ reports for site admins: what customers searched for and did not find, how helpful
//! each article is, and how many sessions helped themselves without contacting a human.
//! `from`/`to` are optional unix milliseconds, `[from, to)`.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use patron_api::faq::admin::{
    ArticleHelpfulness, HelpfulnessReport, SelfServiceReport, ZeroResultQuery, ZeroResultsReport,
    ZERO_RESULTS_MAX,
};
use patron_api::faq::VoteReason;
use patron_api::Locale;

use super::storage;
use crate::auth::SiteAdmin;
use crate::error::AppError;
use crate::extract::AppQuery;
use crate::reports::{cell, csv, ReportParams, ReportRequest};
use crate::sites;
use crate::state::AppState;

/// The report request, for a site that exists.
async fn request(
    state: &AppState,
    site: &str,
    params: &ReportParams,
    headers: &HeaderMap,
) -> Result<ReportRequest, AppError> {
    sites::settings(&state.pool, site).await?;
    ReportRequest::parse(params, headers)
}

/// `GET /v1/admin/sites/{site}/reports/faq/zero-results?from=&to=`.
pub async fn zero_results(
    admin: SiteAdmin,
    State(state): State<AppState>,
    headers: HeaderMap,
    AppQuery(params): AppQuery<ReportParams>,
) -> Result<Response, AppError> {
    let site = admin.site;
    let r = request(&state, &site, &params, &headers).await?;
    let rows = storage::zero_result_queries(&state.pool, &site, r.window, ZERO_RESULTS_MAX).await?;
    let queries = rows
        .into_iter()
        .map(|(query, count, last_searched_at)| ZeroResultQuery {
            query,
            count,
            last_searched_at,
        })
        .collect();
    r.respond(
        &format!("zero-results-{site}.csv"),
        ZeroResultsReport { queries },
        |z| {
            csv(
                ["query", "count", "last_searched_at"],
                z.queries.iter().map(|q| {
                    [
                        cell(&q.query),
                        q.count.to_string(),
                        q.last_searched_at.to_string(),
                    ]
                }),
            )
        },
    )
}

/// `GET /v1/admin/sites/{site}/reports/faq/helpfulness?from=&to=`: every article, least
/// helpful (by ratio) first, then most viewed.
pub async fn helpfulness(
    admin: SiteAdmin,
    State(state): State<AppState>,
    headers: HeaderMap,
    AppQuery(params): AppQuery<ReportParams>,
) -> Result<Response, AppError> {
    let site = admin.site;
    let settings = sites::settings(&state.pool, &site).await?;
    let r = ReportRequest::parse(&params, &headers)?;
    let w = r.window;
    let titles = storage::titles(&state.pool, &site).await?;
    let views = storage::views_per_article(&state.pool, &site, w).await?;
    let votes = storage::votes_per_article(&state.pool, &site, w).await?;
    let articles = tally(settings.default_locale, &titles, &views, &votes);
    r.respond(
        &format!("helpfulness-{site}.csv"),
        HelpfulnessReport { articles },
        helpfulness_csv,
    )
}

/// Combines per-article titles, views and votes.
pub fn tally(
    locale: Locale,
    titles: &[(String, String, String)],
    views: &[(String, i64)],
    votes: &[(String, i64, Option<String>, i64)],
) -> Vec<ArticleHelpfulness> {
    let mut by_id: BTreeMap<String, ArticleHelpfulness> = BTreeMap::new();
    let entry = |by_id: &mut BTreeMap<String, ArticleHelpfulness>, id: &str| {
        if !by_id.contains_key(id) {
            by_id.insert(
                id.to_owned(),
                ArticleHelpfulness {
                    id: id.to_owned(),
                    title: None,
                    views: 0,
                    helpful: 0,
                    not_helpful: 0,
                    ratio: None,
                    reasons: VoteReason::ALL
                        .iter()
                        .map(|r| (r.as_str().to_owned(), 0))
                        .collect(),
                },
            );
        }
    };
    // Titles: the default locale wins, else any locale.
    for (id, l, title) in titles {
        entry(&mut by_id, id);
        if let Some(a) = by_id.get_mut(id) {
            if a.title.is_none() || l == locale.as_str() {
                a.title = Some(title.clone());
            }
        }
    }
    for (id, n) in views {
        entry(&mut by_id, id);
        if let Some(a) = by_id.get_mut(id) {
            a.views += n;
        }
    }
    for (id, helpful, reason, n) in votes {
        entry(&mut by_id, id);
        if let Some(a) = by_id.get_mut(id) {
            if *helpful != 0 {
                a.helpful += n;
            } else {
                a.not_helpful += n;
                if let Some(r) = reason.as_deref() {
                    if let Some(count) = a.reasons.get_mut(r) {
                        *count += n;
                    }
                }
            }
        }
    }
    let mut list: Vec<ArticleHelpfulness> = by_id
        .into_values()
        .map(|mut a| {
            let voted = a.helpful + a.not_helpful;
            a.ratio = (voted > 0).then(|| a.helpful as f64 / voted as f64);
            a
        })
        .collect();
    list.sort_by(|a, b| {
        let ra = a.ratio.unwrap_or(f64::INFINITY);
        let rb = b.ratio.unwrap_or(f64::INFINITY);
        ra.total_cmp(&rb)
            .then(b.views.cmp(&a.views))
            .then(a.id.cmp(&b.id))
    });
    list
}

/// `GET /v1/admin/sites/{site}/reports/faq/self-service?from=&to=`.
pub async fn self_service(
    admin: SiteAdmin,
    State(state): State<AppState>,
    headers: HeaderMap,
    AppQuery(params): AppQuery<ReportParams>,
) -> Result<Response, AppError> {
    let site = admin.site;
    let r = request(&state, &site, &params, &headers).await?;
    let (sessions, contacted) = storage::self_service(&state.pool, &site, r.window).await?;
    r.respond(
        &format!("self-service-{site}.csv"),
        self_service_report(sessions, contacted),
        |s| {
            csv(
                ["sessions", "contacted", "self_served", "rate"],
                [[
                    s.sessions.to_string(),
                    s.contacted.to_string(),
                    s.self_served.to_string(),
                    s.rate.map(|r| r.to_string()).unwrap_or_default(),
                ]],
            )
        },
    )
}

fn helpfulness_csv(report: &HelpfulnessReport) -> Result<Vec<u8>, AppError> {
    let reasons = VoteReason::ALL.iter().map(|r| r.as_str());
    let header = ["id", "title", "views", "helpful", "not_helpful", "ratio"];
    csv(
        header.into_iter().chain(reasons.clone()),
        report.articles.iter().map(|a| {
            let counts = reasons
                .clone()
                .map(|r| a.reasons.get(r).copied().unwrap_or(0).to_string());
            [
                cell(&a.id),
                cell(a.title.as_deref().unwrap_or_default()),
                a.views.to_string(),
                a.helpful.to_string(),
                a.not_helpful.to_string(),
                a.ratio.map(|r| r.to_string()).unwrap_or_default(),
            ]
            .into_iter()
            .chain(counts)
            .collect::<Vec<String>>()
        }),
    )
}

pub fn self_service_report(sessions: i64, contacted: i64) -> SelfServiceReport {
    let self_served = sessions - contacted;
    SelfServiceReport {
        sessions,
        contacted,
        self_served,
        rate: (sessions > 0).then(|| self_served as f64 / sessions as f64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tallies_votes_and_views() {
        let titles = vec![
            ("a".to_owned(), "en".to_owned(), "A".to_owned()),
            ("a".to_owned(), "zh-CN".to_owned(), "甲".to_owned()),
            ("b".to_owned(), "en".to_owned(), "B".to_owned()),
        ];
        let views = vec![("a".to_owned(), 10), ("gone".to_owned(), 2)];
        let votes = vec![
            ("a".to_owned(), 1, None, 3),
            ("a".to_owned(), 0, Some("outdated".to_owned()), 1),
        ];
        let list = tally(Locale::ZhCn, &titles, &views, &votes);
        let a = list.iter().find(|x| x.id == "a").expect("a");
        assert_eq!((a.views, a.helpful, a.not_helpful), (10, 3, 1));
        assert_eq!(a.ratio, Some(0.75));
        assert_eq!(a.title.as_deref(), Some("甲"));
        assert_eq!(a.reasons["outdated"], 1);
        assert_eq!(a.reasons["other"], 0);
        assert_eq!(list[0].id, "a", "voted articles come first");
        let gone = list.iter().find(|x| x.id == "gone").expect("gone");
        assert_eq!((gone.title.as_ref(), gone.views), (None, 2));
    }

    #[test]
    fn self_service_rate() {
        assert_eq!(self_service_report(4, 1).rate, Some(0.75));
        assert_eq!(self_service_report(0, 0).rate, None);
    }
}
