//! `faq eval`'s learning replay: what the search learns from customers (`faq::learned`), on
//! a simulated log. For every query ranked wrong at 1, `SESSIONS` customers, each from an
//! address of their own, search it, read the expected article and find it helpful; the
//! replay then ranks the query again with what that taught, through the same rules the
//! server applies (`learned::strengths`, `learned::rerank`).

use patron_api::Locale;

use crate::faq::index::SiteIndex;
use crate::faq::learned::{self, Evidence, Kind};
use crate::storage::now_millis;

/// A query ranked wrong at 1: its locale, its text and the article expected first.
pub struct Missed<'a> {
    pub locale: Locale,
    pub q: &'a str,
    pub expected: &'a str,
}

/// Simulated customers per query.
pub const SESSIONS: usize = 200;

/// `(queries now ranked right at 1, queries replayed)`.
pub fn replay(index: &SiteIndex, missed: &[Missed<'_>]) -> anyhow::Result<(usize, usize)> {
    let now = now_millis();
    let mut fixed = 0;
    for q in missed {
        let expected = q.expected;
        let view = index.view(q.locale);
        let (ranked, plan) = view.search(q.q, 3 + learned::EXTRA_CANDIDATES)?;
        let evidence: Vec<Evidence> = (0..SESSIONS)
            .flat_map(|n| {
                let voter = format!("customer-{n}");
                plan.words.iter().flat_map(move |w| {
                    [Kind::Click, Kind::Vote].map(|kind| Evidence {
                        term: w.clone(),
                        article: expected.to_owned(),
                        voter: voter.clone(),
                        weight: kind.weight(true),
                        at: now,
                    })
                })
            })
            .collect();
        let strengths = learned::strengths(&evidence, &plan.words, now);
        let reranked = learned::rerank(view, ranked, &strengths, 3);
        if reranked
            .first()
            .is_some_and(|r| view.docs[r.doc].id == expected)
        {
            fixed += 1;
        }
    }
    Ok((fixed, missed.len()))
}
