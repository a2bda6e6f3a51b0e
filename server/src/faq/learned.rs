//! An answer library that learns: customers who search a word and then read an article, or
//! find it helpful, teach the search that the word leads there. Pure rules here; the SQL is
//! `storage::learned`, the hooks are the article and vote handlers, and `search` reranks.
//!
//! Evidence: a click from a search to an article weighs 1, "helpful" 2, "not helpful" −2,
//! each halved every `HALF_LIFE_MS`, for every word of the query (`Plan::words`).
//!
//! Abuse: one client (its address, as the request budgets count it) adds at most one click
//! and one vote per (word, article), ever; one session teaches about at most
//! `ARTICLES_PER_SESSION_MAX` articles; no article is boosted before `MIN_VOTERS` different
//! clients vouched for it; and the boost saturates (`SATURATION`), so a crowd of fake
//! clients can at most lift an article just above the best plain match, never bury the
//! others. The request budgets bound how fast a client can try.

use std::collections::{HashMap, HashSet};

use sha2::{Digest, Sha256};

use super::index::{Ranked, View};
use crate::storage::DAY_MS;

/// Evidence loses half its weight in this time.
pub const HALF_LIFE_MS: i64 = 30 * DAY_MS;
/// A click counts if it follows the session's search within this time.
pub const CLICK_WINDOW_MS: i64 = 30 * 60 * 1000;
/// One session teaches about this many articles at most.
pub const ARTICLES_PER_SESSION_MAX: usize = 3;
/// Distinct clients with positive evidence before an association boosts anything.
pub const MIN_VOTERS: usize = 3;
/// The strength at which the boost is full.
pub const SATURATION: f64 = 20.0;
/// A fully learned article scores this many times the best plain match.
pub const BOOST: f32 = 1.2;
/// Articles beyond the page searched, so a learned one ranked lower can come up.
pub const EXTRA_CANDIDATES: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Click,
    Vote,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Click => "click",
            Kind::Vote => "vote",
        }
    }

    /// A click 1; a vote 2 when helpful, −2 when not.
    pub fn weight(self, helpful: bool) -> i64 {
        match (self, helpful) {
            (Kind::Click, _) => 1,
            (Kind::Vote, true) => 2,
            (Kind::Vote, false) => -2,
        }
    }
}

/// One stored piece of evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub term: String,
    pub article: String,
    pub voter: String,
    pub weight: i64,
    pub at: i64,
}

impl Evidence {
    /// The weight at `now`, halved every `HALF_LIFE_MS`.
    pub fn decayed(&self, now: i64) -> f64 {
        let age = (now - self.at).max(0) as f64;
        self.weight as f64 * 0.5f64.powf(age / HALF_LIFE_MS as f64)
    }
}

/// Who a client is for learning: a hash of the site and its address (as the request budgets
/// key it), so evidence never holds the address itself.
pub fn voter(site: &str, client: &str) -> String {
    let digest = Sha256::new()
        .chain_update(b"patron-faq-learned\0")
        .chain_update(site.as_bytes())
        .chain_update([0])
        .chain_update(client.as_bytes())
        .finalize();
    digest[..12].iter().map(|b| format!("{b:02x}")).collect()
}

/// (term, article) → (strength at `now`, evidence, distinct clients with positive evidence).
pub fn associations(evidence: &[Evidence], now: i64) -> HashMap<(&str, &str), (f64, i64, usize)> {
    let mut sums: HashMap<(&str, &str), (f64, i64, HashSet<&str>)> = HashMap::new();
    for e in evidence {
        let entry = sums.entry((&e.term, &e.article)).or_default();
        entry.0 += e.decayed(now);
        entry.1 += 1;
        if e.weight > 0 {
            entry.2.insert(&e.voter);
        }
    }
    sums.into_iter()
        .map(|(k, (s, n, voters))| (k, (s, n, voters.len())))
        .collect()
}

/// Per article, how strongly the query's `words` lead to it: the mean over the words of each
/// word's (positive) strength, counting only associations enough clients vouched for.
pub fn strengths(evidence: &[Evidence], words: &[String], now: i64) -> HashMap<String, f64> {
    let mut out: HashMap<String, f64> = HashMap::new();
    if words.is_empty() {
        return out;
    }
    for ((term, article), (strength, _, voters)) in associations(evidence, now) {
        if voters >= MIN_VOTERS && strength > 0.0 && words.iter().any(|w| w == term) {
            *out.entry(article.to_owned()).or_default() += strength / words.len() as f64;
        }
    }
    out
}

/// `ranked` (best first) with learned articles lifted: each gains up to `BOOST` times the
/// best plain score, growing with the strength until `SATURATION`; a learned article the
/// plain search did not return joins with the boost alone. Cut to `limit`.
pub fn rerank(
    view: &View,
    mut ranked: Vec<Ranked>,
    strengths: &HashMap<String, f64>,
    limit: usize,
) -> Vec<Ranked> {
    if strengths.is_empty() {
        ranked.truncate(limit);
        return ranked;
    }
    let top = ranked.first().map_or(1.0, |r| r.score);
    let lift = |s: f64| top * BOOST * ((1.0 + s).ln() / (1.0 + SATURATION).ln()).min(1.0) as f32;
    for r in &mut ranked {
        if let Some(s) = strengths.get(&view.docs[r.doc].id) {
            r.score += lift(*s);
        }
    }
    for (id, s) in strengths {
        if let Some(doc) = view.position(id) {
            if !ranked.iter().any(|r| r.doc == doc) {
                ranked.push(Ranked {
                    doc,
                    score: lift(*s),
                });
            }
        }
    }
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc)));
    ranked.truncate(limit);
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_760_000_000_000;

    fn ev(term: &str, article: &str, voter: usize, weight: i64, days_ago: i64) -> Evidence {
        Evidence {
            term: term.into(),
            article: article.into(),
            voter: format!("v{voter}"),
            weight,
            at: NOW - days_ago * DAY_MS,
        }
    }

    #[test]
    fn evidence_halves_every_thirty_days() {
        assert_eq!(ev("x", "a", 0, 2, 0).decayed(NOW), 2.0);
        assert!((ev("x", "a", 0, 2, 30).decayed(NOW) - 1.0).abs() < 1e-9);
        assert!((ev("x", "a", 0, 2, 60).decayed(NOW) - 0.5).abs() < 1e-9);
    }

    #[test]
    fn a_few_clients_teach_nothing_and_words_must_match() {
        let words = vec!["chip".to_owned()];
        let two: Vec<_> = (0..2).map(|v| ev("chip", "a", v, 2, 0)).collect();
        assert!(strengths(&two, &words, NOW).is_empty());
        let three: Vec<_> = (0..3).map(|v| ev("chip", "a", v, 2, 0)).collect();
        assert_eq!(strengths(&three, &words, NOW)["a"], 6.0);
        assert!(strengths(&three, &["other".to_owned()], NOW).is_empty());
        // "Not helpful" outweighs the clicks it came with.
        let mut mixed = three.clone();
        mixed.extend((3..10).map(|v| ev("chip", "a", v, -2, 0)));
        assert!(strengths(&mixed, &words, NOW).is_empty());
    }

    #[test]
    fn a_voter_is_a_hash_not_the_address() {
        let v = voter("demo", "203.0.113.7");
        assert_eq!(v.len(), 24);
        assert!(!v.contains("203"));
        assert_ne!(v, voter("other", "203.0.113.7"));
    }
}
