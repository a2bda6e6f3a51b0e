//! The console's help library gaps (`GET …/library/gaps?period=&from=&to=`, every role): the
//! period's searches that found nothing, grouped as the admin report groups them, and the
//! articles rated low in the period (fewer than `LOW_RATED_BELOW` of at least
//! `LOW_RATED_MIN_VOTES` votes helpful) with the reasons and the latest comments given.

use std::collections::HashMap;

use axum::extract::State;
use patron_api::console::library::{
    LibraryGaps, LowRatedArticle, COMMENTS_MAX, GAPS_MAX, LOW_RATED_BELOW, LOW_RATED_MIN_VOTES,
};
use patron_api::faq::admin::ZeroResultQuery;

use super::{reports, storage};
use crate::auth::console::ConsoleUser;
use crate::error::AppError;
use crate::extract::{AppJson, AppQuery};
use crate::period::{PeriodParams, Periods};
use crate::sites;
use crate::state::AppState;

/// `GET …/library/gaps` (every role).
pub async fn gaps(
    who: ConsoleUser,
    State(state): State<AppState>,
    AppQuery(params): AppQuery<PeriodParams>,
) -> Result<AppJson<LibraryGaps>, AppError> {
    let site = who.site();
    let periods = Periods::now(&params, state.reporting.of(site))?;
    let (from, to) = (periods.window.from, periods.window.to);
    let window = crate::reports::Window {
        from,
        to,
        offset_ms: 0,
    };
    let pool = &state.pool;
    let settings = sites::settings(pool, site).await?;
    let (zero, titles, votes) = tokio::try_join!(
        storage::zero_result_queries(pool, site, window, GAPS_MAX as i64),
        storage::titles(pool, site),
        storage::votes_per_article(pool, site, window),
    )?;
    let mut low: Vec<LowRatedArticle> =
        reports::tally(settings.default_locale, &titles, &[], &votes)
            .into_iter()
            .filter_map(|a| {
                let votes = a.helpful + a.not_helpful;
                let ratio = a.ratio?;
                (votes >= LOW_RATED_MIN_VOTES && ratio < LOW_RATED_BELOW).then(|| LowRatedArticle {
                    reasons: a.reasons.into_iter().filter(|(_, n)| *n > 0).collect(),
                    id: a.id,
                    title: a.title,
                    helpful: a.helpful,
                    not_helpful: a.not_helpful,
                    ratio,
                    comments: Vec::new(),
                })
            })
            .take(GAPS_MAX)
            .collect();
    let ids: Vec<String> = low.iter().map(|a| a.id.clone()).collect();
    let mut comments: HashMap<String, Vec<String>> = HashMap::new();
    for (id, comment) in storage::not_helpful_comments(pool, site, from, to, &ids).await? {
        let list = comments.entry(id).or_default();
        if list.len() < COMMENTS_MAX {
            list.push(comment);
        }
    }
    for article in &mut low {
        article.comments = comments.remove(&article.id).unwrap_or_default();
    }
    Ok(AppJson(LibraryGaps {
        from,
        to,
        zero_results: zero
            .into_iter()
            .map(|(query, count, last_searched_at)| ZeroResultQuery {
                query,
                count,
                last_searched_at,
            })
            .collect(),
        low_rated: low,
    }))
}
