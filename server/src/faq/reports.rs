//! FAQ reports for site admins: what customers searched for and did not find, how helpful
//! each article is, and how many sessions helped themselves without contacting a human.
//! `from`/`to` are optional unix milliseconds, `[from, to)`.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use patron_api::faq::VoteReason;
use patron_api::Locale;
use serde::{Deserialize, Serialize};

use super::admin::window_params;
use super::storage::{self, Window};
use crate::app::AppState;
use crate::error::AppError;
use crate::extract::{AppQuery, SafeJson, SiteAdmin};
use crate::sites;

pub const ZERO_RESULTS_MAX: i64 = 200;

#[derive(Debug, Default, Deserialize)]
pub struct WindowParams {
    pub from: Option<String>,
    pub to: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ZeroResultsReport {
    pub queries: Vec<ZeroResultQuery>,
}

#[derive(Debug, Serialize)]
pub struct ZeroResultQuery {
    /// Trimmed and lowercased.
    pub query: String,
    pub count: i64,
    pub last_searched_at: i64,
}

#[derive(Debug, Serialize)]
pub struct HelpfulnessReport {
    pub articles: Vec<ArticleHelpfulness>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct ArticleHelpfulness {
    pub id: String,
    /// In the site's default locale when that version exists; absent for deleted articles.
    pub title: Option<String>,
    pub views: i64,
    pub helpful: i64,
    pub not_helpful: i64,
    /// helpful / (helpful + not helpful); absent without votes.
    pub ratio: Option<f64>,
    /// Reasons given with "not helpful", every reason listed.
    pub reasons: BTreeMap<&'static str, i64>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct SelfServiceReport {
    /// Sessions that searched or read an article.
    pub sessions: i64,
    /// Of those, sessions that sent a contact request.
    pub contacted: i64,
    /// Of those, sessions that did not.
    pub self_served: i64,
    /// self_served / sessions; absent without sessions.
    pub rate: Option<f64>,
}

async fn window(state: &AppState, site: &str, params: &WindowParams) -> Result<Window, AppError> {
    sites::settings(&state.pool, site).await?;
    window_params(params.from.as_deref(), params.to.as_deref())
}

fn respond<T: Serialize>(body: T) -> impl IntoResponse {
    ([(header::CACHE_CONTROL, "no-store")], SafeJson(body))
}

/// `GET /v1/admin/sites/{site}/reports/faq/zero-results?from=&to=`.
pub async fn zero_results(
    admin: SiteAdmin,
    State(state): State<AppState>,
    AppQuery(params): AppQuery<WindowParams>,
) -> Result<impl IntoResponse, AppError> {
    let w = window(&state, &admin.site, &params).await?;
    let rows = storage::zero_result_queries(&state.pool, &admin.site, w, ZERO_RESULTS_MAX).await?;
    let queries = rows
        .into_iter()
        .map(|(query, count, last_searched_at)| ZeroResultQuery {
            query,
            count,
            last_searched_at,
        })
        .collect();
    Ok(respond(ZeroResultsReport { queries }))
}

/// `GET /v1/admin/sites/{site}/reports/faq/helpfulness?from=&to=`: every article, least
/// helpful (by ratio) first, then most viewed.
pub async fn helpfulness(
    admin: SiteAdmin,
    State(state): State<AppState>,
    AppQuery(params): AppQuery<WindowParams>,
) -> Result<impl IntoResponse, AppError> {
    let site = admin.site;
    let settings = sites::settings(&state.pool, &site).await?;
    let w = window_params(params.from.as_deref(), params.to.as_deref())?;
    let titles = storage::titles(&state.pool, &site).await?;
    let views = storage::views_per_article(&state.pool, &site, w).await?;
    let votes = storage::votes_per_article(&state.pool, &site, w).await?;
    let articles = tally(settings.default_locale, &titles, &views, &votes);
    Ok(respond(HelpfulnessReport { articles }))
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
                    reasons: VoteReason::ALL.iter().map(|r| (r.as_str(), 0)).collect(),
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
                    if let Some(count) = a.reasons.iter_mut().find(|(k, _)| **k == r) {
                        *count.1 += n;
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
    AppQuery(params): AppQuery<WindowParams>,
) -> Result<impl IntoResponse, AppError> {
    let w = window(&state, &admin.site, &params).await?;
    let (sessions, contacted) = storage::self_service(&state.pool, &admin.site, w).await?;
    Ok(respond(self_service_report(sessions, contacted)))
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
