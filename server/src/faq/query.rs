//! Query planning: a customer's words → weighted terms per field, and what to mark.
//!
//! Chinese: normalised to simplified, function words dropped, then jieba words (search mode)
//! and character bigrams. English: words, stop words dropped, Snowball stems; a stem also
//! brings index stems that differ from it only by an ending (deliver/delivery), and an
//! unknown word of 4+ letters brings the index words within edit distance 1 (2 from 8
//! letters, a transposition counting as 1). Synonyms, if the site has any, come in at a
//! lower weight. Each term is scored on its best field plus a share of the others.

use std::collections::HashSet;

use tantivy::schema::Field;

use super::analysis;
use super::index::{Lang, View};
use super::snippet::Marks;
use super::text;

/// How much a match in each field counts.
#[derive(Debug, Clone, Copy)]
pub struct Weights {
    pub title: f32,
    pub keywords: f32,
    pub body: f32,
    pub title_bigrams: f32,
    pub keywords_bigrams: f32,
    pub body_bigrams: f32,
    /// Factor for single Han characters of the query (a fallback when words and bigrams miss).
    pub unigram: f32,
    /// Factor for a word the query did not contain but a typo correction or synonym gave.
    pub derived: f32,
    /// A term scores its best field plus this share of the others (dis-max), so one word
    /// repeated in title, keywords and body does not outweigh two different words.
    pub tie_breaker: f32,
}

pub const WEIGHTS: Weights = Weights {
    title: 2.5,
    keywords: 2.5,
    body: 1.0,
    title_bigrams: 1.5,
    keywords_bigrams: 1.2,
    body_bigrams: 0.5,
    unigram: 0.3,
    derived: 0.7,
    tie_breaker: 0.3,
};

/// One term of a query, searched in several fields (each with a boost).
pub(super) struct Clause {
    pub(super) term: String,
    pub(super) fields: [(Field, f32); 3],
}

/// What a query was turned into.
pub struct Plan {
    pub(super) clauses: Vec<Clause>,
    pub marks: Marks,
    /// The query's own words as the index spells them (English stems, Chinese words), without
    /// what corrections and synonyms added: what learned associations are keyed by.
    pub words: Vec<String>,
}

/// Query words kept for learning, at most: a long query teaches about its first words.
pub const LEARNED_WORDS_MAX: usize = 8;

fn own_words(terms: &[(String, f32)]) -> Vec<String> {
    terms
        .iter()
        .filter(|(_, f)| *f >= 1.0)
        .map(|(t, _)| t.clone())
        .take(LEARNED_WORDS_MAX)
        .collect()
}

impl Plan {
    /// The distinct terms searched for, for diagnostics.
    pub fn terms(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for c in &self.clauses {
            if !out.contains(&c.term) {
                out.push(c.term.clone());
            }
        }
        out
    }
}

impl View {
    /// Turns a query into weighted terms per field, and the terms to mark in snippets.
    pub fn plan(&self, query: &str) -> Plan {
        let mut terms: Vec<(String, f32)> = Vec::new();
        let mut add = |term: String, weight: f32| match terms.iter_mut().find(|(t, _)| *t == term) {
            Some(existing) => existing.1 = existing.1.max(weight),
            None => terms.push((term, weight)),
        };
        let w = WEIGHTS;
        match self.lang {
            Lang::Zh => {
                let norm = text::normalize(query);
                let mut content = String::with_capacity(norm.len());
                for word in analysis::zh_cut(&norm) {
                    if analysis::is_zh_stop_word(word) || analysis::is_en_stop_word(word) {
                        content.push(' ');
                    } else {
                        content.push_str(word);
                    }
                }
                if !content.chars().any(char::is_alphanumeric) {
                    content = norm;
                }
                let words: Vec<String> = analysis::zh_words(&content)
                    .into_iter()
                    .map(|t| t.text)
                    .collect();
                let bigrams: Vec<String> = analysis::zh_bigrams(&content)
                    .into_iter()
                    .map(|t| t.text)
                    .collect();
                let mut marks: Vec<String> = Vec::new();
                let mut clauses = Vec::new();
                for word in &words {
                    add(word.clone(), 1.0);
                }
                // A synonym counts wherever it stands in the query, also where jieba cut it
                // apart (门号 → 门 号) or into a longer word: the site's list is the authority.
                for (word, others) in self.synonyms.in_text(&content) {
                    add(word.to_owned(), 1.0);
                    for syn in others {
                        if !content.contains(syn.as_str()) {
                            add(syn.clone(), w.derived);
                        }
                    }
                }
                for (term, f) in &terms {
                    clauses.push(self.word_clause(term.clone(), *f));
                    marks.push(term.clone());
                    // A synonym also counts through its bigrams, like a query word.
                    if *f < 1.0 {
                        for g in analysis::zh_bigrams(term) {
                            clauses.push(self.bigram_clause(g.text, *f));
                        }
                    }
                }
                let mut seen = HashSet::new();
                for g in bigrams {
                    if seen.insert(g.clone()) {
                        clauses.push(self.bigram_clause(g.clone(), 1.0));
                        marks.push(g);
                    }
                }
                for c in content.chars().filter(|c| text::is_han(*c)) {
                    if seen.insert(c.to_string()) {
                        clauses.push(self.bigram_clause(c.to_string(), w.unigram));
                    }
                }
                Plan {
                    clauses,
                    marks: Marks::Zh(marks.iter().map(|m| m.chars().collect()).collect()),
                    words: own_words(&terms),
                }
            }
            Lang::En => {
                let folded = text::fold(query);
                let all = analysis::english_words(&folded);
                let content: Vec<&analysis::EnWord> = all
                    .iter()
                    .filter(|w| !analysis::is_en_stop_word(&w.raw))
                    .collect();
                let words = if content.is_empty() {
                    all.iter().collect()
                } else {
                    content
                };
                for word in words {
                    let stem = analysis::stem(&word.raw);
                    let known = self.stems.contains(&stem);
                    // An unknown stem may still begin an index stem (glass → glassware), but
                    // the index stems it begins with are chance (delivary → deliv).
                    for related in self.related_stems(&stem, known) {
                        add(related, w.derived);
                    }
                    if known {
                        add(stem.clone(), 1.0);
                    } else {
                        let fixes = self.corrections(&word.raw);
                        if fixes.is_empty() {
                            add(stem.clone(), 1.0);
                        }
                        for fix in fixes {
                            add(analysis::stem(&fix), w.derived);
                        }
                    }
                    for syn in self.synonyms.of(&word.raw) {
                        for s in analysis::english_words(syn) {
                            if !analysis::is_en_stop_word(&s.raw) {
                                add(analysis::stem(&s.raw), w.derived);
                            }
                        }
                    }
                }
                let clauses = terms
                    .iter()
                    .map(|(term, f)| self.word_clause(term.clone(), *f))
                    .collect();
                let words = own_words(&terms);
                Plan {
                    clauses,
                    marks: Marks::En(terms.into_iter().map(|(t, _)| t).collect()),
                    words,
                }
            }
        }
    }

    fn word_clause(&self, term: String, factor: f32) -> Clause {
        let (f, w) = (&self.fields, WEIGHTS);
        Clause {
            term,
            fields: [
                (f.title, w.title * factor),
                (f.keywords, w.keywords * factor),
                (f.body, w.body * factor),
            ],
        }
    }

    fn bigram_clause(&self, term: String, factor: f32) -> Clause {
        let (f, w) = (&self.fields, WEIGHTS);
        Clause {
            term,
            fields: [
                (f.title_ngrams, w.title_bigrams * factor),
                (f.keywords_ngrams, w.keywords_bigrams * factor),
                (f.body_ngrams, w.body_bigrams * factor),
            ],
        }
    }

    /// Index stems that extend `stem` by at most 3 letters, and with `shorter_too` those it
    /// extends: the stemmer keeps `deliv` (deliver, delivered) and `deliveri` (delivery) apart.
    fn related_stems(&self, stem: &str, shorter_too: bool) -> Vec<String> {
        if stem.len() < 4 {
            return Vec::new();
        }
        let mut out: Vec<String> = self
            .stems
            .iter()
            .filter(|t| {
                t.as_str() != stem
                    && t.len() >= 4
                    && t.len().abs_diff(stem.len()) <= 3
                    && (t.starts_with(stem) || (shorter_too && stem.starts_with(t.as_str())))
            })
            .cloned()
            .collect();
        out.sort();
        out
    }

    /// Index words within a small edit distance of an unknown query word: one edit (a
    /// transposition counts as one) from 4 letters, two from 8. The closest, most common first.
    /// A real English word (the Wordnik list, kept on the server only) is never "corrected":
    /// it is merely missing from the articles ("chipped" is not a typo of "shipped").
    fn corrections(&self, word: &str) -> Vec<String> {
        let n = word.chars().count();
        if n < 4 || !word.chars().all(|c| c.is_ascii_alphabetic()) {
            return Vec::new();
        }
        if wordnik_list::word_exists(word) {
            return Vec::new();
        }
        let max = if n >= 8 { 2 } else { 1 };
        let mut found: Vec<(usize, u32, &str)> = self
            .vocabulary
            .iter()
            .filter(|(w, _)| w.len().abs_diff(word.len()) <= max)
            .filter_map(|(w, df)| {
                let d = strsim::osa_distance(word, w);
                (d <= max).then_some((d, *df, w.as_str()))
            })
            .collect();
        found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(b.2)));
        let best = found.first().map(|f| f.0);
        found
            .into_iter()
            .filter(|f| Some(f.0) == best)
            .take(2)
            .map(|f| f.2.to_owned())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use patron_api::Locale;

    use crate::faq::index::{IndexArticle, SiteIndex};
    use crate::faq::synonyms::Synonyms;

    fn article(id: &str, locale: Locale, title: &str, body: &str) -> IndexArticle {
        IndexArticle {
            id: id.into(),
            locale,
            category: "c".into(),
            title: title.into(),
            keywords: Vec::new(),
            body: body.into(),
        }
    }

    fn index(synonyms: Synonyms) -> SiteIndex {
        let articles = [
            article(
                "track",
                Locale::En,
                "Tracking your delivery",
                "Open the tracking page.",
            ),
            article(
                "refund",
                Locale::En,
                "Refunds",
                "Money goes back to your card.",
            ),
            article("points", Locale::ZhCn, "积分怎么用", "积分可以抵现。"),
        ];
        SiteIndex::build(1, &articles, &synonyms).expect("index")
    }

    #[test]
    fn english_typos_and_endings() {
        let ix = index(Synonyms::default());
        let view = ix.view(Locale::En);
        let terms = view.plan("trackng").terms();
        assert!(terms.contains(&"track".to_owned()), "{terms:?}");
        // A real word missing from the articles stays itself: "tacking" is no typo of
        // "tracking", though one letter apart.
        assert_eq!(view.plan("tacking").terms(), ["tack"]);
        // "deliver" stems to deliv, "delivery" to deliveri: both are searched.
        let terms = view.plan("deliver").terms();
        assert!(terms.contains(&"deliveri".to_owned()), "{terms:?}");
        // Stop words go, unless nothing else is left.
        assert_eq!(view.plan("how do I refunds").terms(), ["refund"]);
        assert_eq!(view.plan("how").terms(), ["how"]);
    }

    #[test]
    fn chinese_words_bigrams_and_synonyms() {
        let ix = index(Synonyms::new(vec![vec!["点数".into(), "积分".into()]]));
        let view = ix.view(Locale::ZhTw);
        let terms = view.plan("點數怎麼用").terms();
        for t in ["点数", "积分", "用"] {
            assert!(terms.contains(&t.to_owned()), "{t} not in {terms:?}");
        }
        assert!(!terms.iter().any(|t| t == "怎么"), "{terms:?}");
        let (hits, _) = view.search("點數怎麼用", 3).expect("search");
        assert_eq!(view.docs[hits[0].doc].id, "points");
        // The zh-TW view shows the zh-CN article in traditional script.
        assert_eq!(view.docs[hits[0].doc].title, "積分怎麼用");
    }

    #[test]
    fn chinese_synonyms_count_where_jieba_cuts_them_apart() {
        // jieba cuts 门号 (Taiwan: mobile number) into 门 and 号; the site's list still holds.
        let ix = index(Synonyms::new(vec![vec!["手机号".into(), "门号".into()]]));
        let terms = ix.view(Locale::ZhTw).plan("門號換了").terms();
        assert!(terms.contains(&"手机号".to_owned()), "{terms:?}");
    }
}
