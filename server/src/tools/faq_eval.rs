//! `patron-server faq eval`: search relevance on labelled queries, from the content files
//! alone (an in-memory index, no database).
//!
//! A query file is a YAML list of `{q, locale, expect: [ids]}`; a query is a hit at k when
//! any expected id is among the first k results.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context;
use patron_api::Locale;
use serde::Deserialize;

use super::faq_baseline::Bm25Bigrams;
use crate::faq::content::{self, Rejection};
use crate::faq::index::{IndexArticle, SiteIndex};
use crate::faq::synonyms::{self, Synonyms};

use super::faq_replay::Missed;

#[derive(Debug, Clone, Deserialize)]
pub struct LabelledQuery {
    pub q: String,
    pub locale: Locale,
    pub expect: Vec<String>,
}

/// The articles of a site folder (`<content>/<site>`, reading its `faq/`), its synonyms and
/// any rejected files.
pub fn load_site(site_dir: &Path) -> anyhow::Result<(Vec<IndexArticle>, Synonyms, Vec<Rejection>)> {
    let faq_dir = site_dir.join("faq");
    let dir = if faq_dir.is_dir() {
        faq_dir
    } else {
        site_dir.to_path_buf()
    };
    let (files, rejected) =
        content::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))?;
    let articles = files
        .iter()
        .map(|f| IndexArticle::from_input(&f.article))
        .collect();
    let syn_path = dir.join(synonyms::FILE_NAME);
    let synonyms = if syn_path.is_file() {
        load_synonyms(&syn_path)?
    } else {
        Synonyms::default()
    };
    Ok((articles, synonyms, rejected))
}

pub fn load_synonyms(path: &Path) -> anyhow::Result<Synonyms> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    Synonyms::parse(&text)
        .map_err(|(line, reason)| anyhow::anyhow!("{}:{line}: {reason}", path.display()))
}

pub fn load_queries(path: &Path) -> anyhow::Result<Vec<LabelledQuery>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    serde_yaml_ng::from_str(&text).with_context(|| format!("parsing {}", path.display()))
}

#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    pub n: usize,
    pub top1: usize,
    pub top3: usize,
}

impl Tally {
    fn pct(x: usize, n: usize) -> f64 {
        if n == 0 {
            0.0
        } else {
            100.0 * x as f64 / n as f64
        }
    }
    pub fn top1_rate(&self) -> f64 {
        Self::pct(self.top1, self.n)
    }
    pub fn top3_rate(&self) -> f64 {
        Self::pct(self.top3, self.n)
    }
}

/// Hit counts over a query file, overall and per reader locale.
#[derive(Debug, Default)]
pub struct Tallies {
    pub overall: Tally,
    pub per_locale: BTreeMap<Locale, Tally>,
}

impl Tallies {
    /// Counts one query whose ranking was `ids`, best first.
    fn record<S: AsRef<str>>(&mut self, q: &LabelledQuery, ids: &[S]) -> (bool, bool) {
        let expected = |id: &S| q.expect.iter().any(|e| e == id.as_ref());
        let hit1 = ids.first().is_some_and(expected);
        let hit3 = ids.iter().take(3).any(expected);
        for t in [
            &mut self.overall,
            self.per_locale.entry(q.locale).or_default(),
        ] {
            t.n += 1;
            t.top1 += usize::from(hit1);
            t.top3 += usize::from(hit3);
        }
        (hit1, hit3)
    }
}

/// Results of one query file.
pub struct Evaluation {
    pub ours: Tallies,
    /// The same queries ranked by the reference, plain BM25 over character bigrams.
    pub baseline: Tallies,
    /// `(query, top-3 ids, hit at 3, terms searched)` of the queries missed at 1.
    pub misses: Vec<(LabelledQuery, Vec<String>, bool, Vec<String>)>,
}

pub fn evaluate(index: &SiteIndex, queries: &[LabelledQuery]) -> anyhow::Result<Evaluation> {
    let mut ours = Tallies::default();
    let mut baseline = Tallies::default();
    let mut baselines: BTreeMap<Locale, Bm25Bigrams> = BTreeMap::new();
    let mut misses = Vec::new();
    for q in queries {
        let view = index.view(q.locale);
        let reference = baselines
            .entry(q.locale)
            .or_insert_with(|| Bm25Bigrams::build(&view.docs));
        let reference_ids: Vec<&str> = reference
            .search(&q.q, 3)
            .into_iter()
            .map(|i| view.docs[i].id.as_str())
            .collect();
        baseline.record(q, &reference_ids);
        let (ranked, plan) = view.search(&q.q, 3)?;
        let ids: Vec<String> = ranked.iter().map(|r| view.docs[r.doc].id.clone()).collect();
        let (hit1, hit3) = ours.record(q, &ids);
        if !hit1 {
            misses.push((q.clone(), ids, hit3, plan.terms()));
        }
    }
    Ok(Evaluation {
        ours,
        baseline,
        misses,
    })
}

/// The whole `faq eval` run, as printed.
pub fn run(
    content: &Path,
    query_files: &[PathBuf],
    synonyms: Option<&Path>,
) -> anyhow::Result<String> {
    let (articles, site_synonyms, rejected) = load_site(content)?;
    let synonyms = match synonyms {
        Some(path) => load_synonyms(path)?,
        None => site_synonyms,
    };
    let index = SiteIndex::build(0, &articles, &synonyms)?;
    let mut out = String::new();
    writeln!(
        out,
        "FAQ search relevance: {} article files from {} ({} synonym groups)",
        articles.len(),
        content.display(),
        synonyms.groups().len()
    )?;
    for r in &rejected {
        writeln!(out, "rejected  {r}")?;
    }
    for file in query_files {
        let queries = load_queries(file)?;
        let e = evaluate(&index, &queries)?;
        writeln!(out, "\n{}: {} queries", file.display(), e.ours.overall.n)?;
        writeln!(
            out,
            "  {:<7} {:>4} {:>7} {:>7}   {:>7} {:>7}  (reference: plain BM25, character bigrams)",
            "", "n", "top-1", "top-3", "top-1", "top-3"
        )?;
        let row = |out: &mut String, label: &str, t: &Tally, reference: &Tally| {
            writeln!(
                out,
                "  {label:<7} {:>4} {:>6.1}% {:>6.1}%   {:>6.1}% {:>6.1}%",
                t.n,
                t.top1_rate(),
                t.top3_rate(),
                reference.top1_rate(),
                reference.top3_rate()
            )
        };
        row(&mut out, "all", &e.ours.overall, &e.baseline.overall)?;
        for (locale, t) in &e.ours.per_locale {
            let reference = e
                .baseline
                .per_locale
                .get(locale)
                .copied()
                .unwrap_or_default();
            row(&mut out, locale.as_str(), t, &reference)?;
        }
        // A miss without an expected article has nothing to learn.
        let missed: Vec<Missed<'_>> = e
            .misses
            .iter()
            .filter_map(|(q, ..)| {
                Some(Missed {
                    locale: q.locale,
                    q: &q.q,
                    expected: q.expect.first()?,
                })
            })
            .collect();
        let (fixed, replayed) = super::faq_replay::replay(&index, &missed)?;
        writeln!(
            out,
            "  learning replay: {} customers per missed query searched it, read the expected \
             article and found it helpful: {fixed} of {replayed} now rank it first",
            super::faq_replay::SESSIONS
        )?;
        if !e.misses.is_empty() {
            writeln!(out, "  misses at top-1 (* = also missed at top-3):")?;
            for (q, got, hit3, terms) in &e.misses {
                writeln!(
                    out,
                    "   {} [{}] {:?} expect {} got {}  (terms: {})",
                    if *hit3 { " " } else { "*" },
                    q.locale,
                    q.q,
                    q.expect.join("|"),
                    if got.is_empty() {
                        "nothing".to_owned()
                    } else {
                        got.join(", ")
                    },
                    terms.join(" ")
                )?;
            }
        }
    }
    Ok(out)
}
