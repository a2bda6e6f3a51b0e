//! `patron-server faq bench`: index build time and search latency on a generated corpus.
//!
//! Articles are recombined from the demo articles (same language): the title, category and
//! keywords of one, the body paragraphs of it and two others, shuffled. Queries are drawn
//! from the labelled query files when given, plus fragments of titles and keywords, some
//! with a typo or in traditional script.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;
use patron_api::Locale;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

use super::faq_eval::{load_queries, load_site};
use super::{ms, percentile_ms};
use crate::faq::index::{IndexArticle, SiteIndex};
use crate::faq::text;

pub struct BenchArgs<'a> {
    pub content: &'a Path,
    pub articles: usize,
    pub queries: usize,
    pub query_files: &'a [PathBuf],
    pub seed: u64,
}

pub fn run(args: &BenchArgs<'_>) -> anyhow::Result<String> {
    let (base, synonyms, _) = load_site(args.content)?;
    anyhow::ensure!(
        !base.is_empty(),
        "no articles in {}",
        args.content.display()
    );
    let mut rng = StdRng::seed_from_u64(args.seed);
    let corpus = generate(&base, args.articles, &mut rng);
    let mut labelled: Vec<(Locale, String)> = Vec::new();
    for f in args.query_files {
        labelled.extend(load_queries(f)?.into_iter().map(|q| (q.locale, q.q)));
    }
    let queries = make_queries(&corpus, &labelled, args.queries, &mut rng);

    let started = Instant::now();
    let index = SiteIndex::build(1, &corpus, &synonyms).context("building the index")?;
    let build = started.elapsed();

    // Warm-up: first touches of the dictionaries and caches are not what we measure.
    for (locale, q) in queries.iter().take(50) {
        search(&index, *locale, q)?;
    }
    let mut times = Vec::with_capacity(queries.len());
    let mut results = 0usize;
    for (locale, q) in &queries {
        let t = Instant::now();
        results += search(&index, *locale, q)?;
        times.push(t.elapsed());
    }
    times.sort_unstable();
    let pct = |p: f64| percentile_ms(&times, p);
    let total: Duration = times.iter().sum();
    let mut out = String::new();
    let per_locale = |l: Locale| corpus.iter().filter(|a| a.locale == l).count();
    writeln!(
        out,
        "articles: {} ({} zh-CN, {} zh-TW, {} en), generated from {} demo articles",
        corpus.len(),
        per_locale(Locale::ZhCn),
        per_locale(Locale::ZhTw),
        per_locale(Locale::En),
        base.len()
    )?;
    writeln!(out, "index build (3 views): {:.0} ms", ms(build))?;
    writeln!(
        out,
        "searches: {} (limit 8, with snippets), {:.1} results on average",
        times.len(),
        results as f64 / times.len().max(1) as f64
    )?;
    writeln!(
        out,
        "latency ms: p50 {:.2}  p95 {:.2}  p99 {:.2}  max {:.2}  mean {:.2}",
        pct(0.50),
        pct(0.95),
        pct(0.99),
        times.last().map_or(0.0, |d| ms(*d)),
        ms(total) / times.len().max(1) as f64
    )?;
    Ok(out)
}

/// One search as a request does it (ranking plus marked snippets); returns the hit count.
fn search(index: &SiteIndex, locale: Locale, q: &str) -> anyhow::Result<usize> {
    let view = index.view(locale);
    let (ranked, plan) = view.search(q, 8)?;
    let hits: Vec<_> = ranked
        .into_iter()
        .map(|r| view.hit(r, &plan.marks))
        .collect();
    Ok(hits.len())
}

fn paragraphs(body: &str, lang_zh: bool) -> Vec<String> {
    let sep: &[char] = if lang_zh {
        &['。', '；', '！', '？']
    } else {
        &['.', ';', '!', '?']
    };
    body.split_inclusive(sep)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

pub fn generate(base: &[IndexArticle], n: usize, rng: &mut StdRng) -> Vec<IndexArticle> {
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let a = &base[i % base.len()];
        let zh = a.locale != Locale::En;
        let same: Vec<&IndexArticle> = base
            .iter()
            .filter(|b| (b.locale != Locale::En) == zh)
            .collect();
        let mut sentences = paragraphs(&a.body, zh);
        for _ in 0..2 {
            if let Some(other) = same.choose(rng) {
                let more = paragraphs(&other.body, zh);
                let take = more.len() / 2 + 1;
                sentences.extend(more.choose_multiple(rng, take).cloned());
            }
        }
        sentences.shuffle(rng);
        let joiner = if zh { "" } else { " " };
        let mut keywords = a.keywords.clone();
        if let Some(k) = same.choose(rng).and_then(|o| o.keywords.choose(rng)) {
            keywords.push(k.clone());
        }
        // A third of the Chinese articles exist only in traditional script.
        let locale = if zh && i % 3 == 0 {
            Locale::ZhTw
        } else {
            a.locale
        };
        let mut article = IndexArticle {
            id: format!("{}-{i}", a.id),
            locale,
            category: a.category.clone(),
            title: format!("{} ({})", a.title, i / base.len() + 1),
            keywords,
            body: sentences.join(joiner),
        };
        if locale == Locale::ZhTw && a.locale != Locale::ZhTw {
            article.title = text::to_traditional(&article.title);
            article.category = text::to_traditional(&article.category);
            article.body = text::to_traditional(&article.body);
            article.keywords = article
                .keywords
                .iter()
                .map(|k| text::to_traditional(k))
                .collect();
        }
        out.push(article);
    }
    out
}

fn make_queries(
    corpus: &[IndexArticle],
    labelled: &[(Locale, String)],
    n: usize,
    rng: &mut StdRng,
) -> Vec<(Locale, String)> {
    let mut out: Vec<(Locale, String)> = labelled.to_vec();
    while out.len() < n {
        let Some(a) = corpus.choose(rng) else { break };
        let source = if rng.gen_bool(0.5) {
            a.title.clone()
        } else {
            a.keywords
                .choose(rng)
                .cloned()
                .unwrap_or_else(|| a.title.clone())
        };
        let q = if a.locale == Locale::En {
            let mut words: Vec<String> = source.split_whitespace().map(str::to_owned).collect();
            if words.len() > 2 {
                words.remove(rng.gen_range(0..words.len()));
            }
            // A typo: two neighbouring letters swapped.
            if let Some(w) = words.iter_mut().find(|w| w.len() >= 5) {
                if rng.gen_bool(0.3) {
                    let mut c: Vec<char> = w.chars().collect();
                    c.swap(1, 2);
                    *w = c.into_iter().collect();
                }
            }
            words.join(" ")
        } else {
            let chars: Vec<char> = source.chars().filter(|c| text::is_han(*c)).collect();
            if chars.len() <= 2 {
                chars.into_iter().collect()
            } else {
                let len = rng.gen_range(2..=chars.len().min(6));
                let start = rng.gen_range(0..=chars.len() - len);
                chars[start..start + len].iter().collect()
            }
        };
        let locale = match a.locale {
            Locale::En => Locale::En,
            _ if rng.gen_bool(0.3) => Locale::ZhTw,
            _ => Locale::ZhCn,
        };
        out.push((locale, q));
    }
    out.shuffle(rng);
    out.truncate(n);
    out
}
