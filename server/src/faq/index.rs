//! The in-memory search index of one site: a tantivy RAM index per reader locale ("view").
//!
//! - `en` searches the English articles.
//! - `zh-CN` and `zh-TW` search the Chinese articles: each id in the reader's script when that
//!   version exists, else the other script's version converted. Index and queries are folded
//!   to simplified Chinese, so either script finds either.
//!
//! Ranking is tantivy's BM25 over several fields, boosted: title and keywords over body; for
//! Chinese, jieba words plus character bigrams (which catch words the dictionary lacks); for
//! English, stemmed words, with unknown query words corrected to index words within a small
//! edit distance (typos). How a query becomes weighted terms is in `query`.

use std::collections::{BTreeMap, HashMap, HashSet};

use patron_api::faq::{ArticleSummary, Category, SearchHit};
use patron_api::Locale;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, DisjunctionMaxQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST};
use tantivy::{doc, Index, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term};

use super::analysis::{self, EN_WORDS, ZH_NGRAMS, ZH_WORDS};
use super::content::ArticleInput;
use super::query::{Plan, WEIGHTS};
use super::snippet::{self, Marks};
use super::storage::StoredArticle;
use super::synonyms::Synonyms;
use super::text;
use crate::content::markdown;

/// What the index needs of an article.
#[derive(Debug, Clone)]
pub struct IndexArticle {
    pub id: String,
    pub locale: Locale,
    pub category: String,
    pub title: String,
    pub keywords: Vec<String>,
    /// Plain text of the body.
    pub body: String,
}

impl IndexArticle {
    pub fn from_stored(a: &StoredArticle) -> Self {
        Self {
            id: a.id.clone(),
            locale: a.locale,
            category: a.category.clone(),
            title: a.title.clone(),
            keywords: a.keywords.clone(),
            body: markdown::plain_text(&a.body_markdown),
        }
    }

    pub fn from_input(a: &ArticleInput) -> Self {
        Self {
            id: a.id.clone(),
            locale: a.locale,
            category: a.category.clone(),
            title: a.title.clone(),
            keywords: a.keywords.clone(),
            body: markdown::plain_text(&a.body_markdown),
        }
    }

    /// The same article in the other Chinese script.
    fn converted(&self, to: Locale) -> Self {
        let conv: fn(&str) -> String = match to {
            Locale::ZhTw => text::to_traditional,
            _ => text::to_simplified,
        };
        Self {
            id: self.id.clone(),
            locale: self.locale,
            category: conv(&self.category),
            title: conv(&self.title),
            keywords: self.keywords.iter().map(|k| conv(k)).collect(),
            body: conv(&self.body),
        }
    }
}

/// Related articles listed under an article, at least (when the site has enough).
pub const RELATED_MIN: usize = 3;

/// One searchable article in a view, in the view's script.
#[derive(Debug, Clone)]
pub struct Doc {
    pub id: String,
    pub category: String,
    pub title: String,
    pub keywords: Vec<String>,
    pub body: String,
}

impl Doc {
    pub fn summary(&self) -> ArticleSummary {
        ArticleSummary {
            id: self.id.clone(),
            category: self.category.clone(),
            title: self.title.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Lang {
    Zh,
    En,
}

#[derive(Clone, Copy)]
pub(super) struct Fields {
    pub(super) title: Field,
    pub(super) keywords: Field,
    pub(super) body: Field,
    pub(super) title_ngrams: Field,
    pub(super) keywords_ngrams: Field,
    pub(super) body_ngrams: Field,
    ord: Field,
}

/// Every view of one site, at one content version.
pub struct SiteIndex {
    pub version: i64,
    views: Vec<View>,
}

impl SiteIndex {
    pub fn build(
        version: i64,
        articles: &[IndexArticle],
        synonyms: &Synonyms,
    ) -> tantivy::Result<Self> {
        let views = Locale::ALL
            .into_iter()
            .map(|locale| View::build(locale, select(articles, locale), synonyms))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Self { version, views })
    }

    pub fn view(&self, locale: Locale) -> &View {
        let i = Locale::ALL.iter().position(|l| *l == locale).unwrap_or(0);
        &self.views[i]
    }

    /// For a query the reader's own view finds nothing for: what the other locales' views
    /// find, as the reader's versions of the same articles (same id), best first. A shopper
    /// reading Chinese who types an English word ("refund", a product's English name) reaches
    /// the Chinese article about it instead of "no results".
    pub fn search_elsewhere(
        &self,
        locale: Locale,
        query: &str,
        limit: usize,
    ) -> tantivy::Result<Vec<Ranked>> {
        let reader = self.view(locale);
        let mut found: Vec<Ranked> = Vec::new();
        for other in self.views.iter().filter(|v| v.locale != locale) {
            let (ranked, _) = other.search(query, limit)?;
            for r in ranked {
                let Some(doc) = reader.position(&other.docs[r.doc].id) else {
                    continue;
                };
                if found.len() < limit && !found.iter().any(|f| f.doc == doc) {
                    found.push(Ranked {
                        doc,
                        score: r.score,
                    });
                }
            }
        }
        Ok(found)
    }
}

/// The article versions a reader of `locale` sees, one per id, sorted by id.
fn select(articles: &[IndexArticle], locale: Locale) -> Vec<IndexArticle> {
    let mut by_id: BTreeMap<&str, Vec<&IndexArticle>> = BTreeMap::new();
    for a in articles {
        by_id.entry(a.id.as_str()).or_default().push(a);
    }
    by_id
        .values()
        .filter_map(|versions| {
            let find = |l: Locale| versions.iter().find(|a| a.locale == l).copied();
            match locale {
                Locale::En => find(Locale::En).cloned(),
                Locale::ZhCn => find(Locale::ZhCn)
                    .cloned()
                    .or_else(|| find(Locale::ZhTw).map(|a| a.converted(Locale::ZhCn))),
                Locale::ZhTw => find(Locale::ZhTw)
                    .cloned()
                    .or_else(|| find(Locale::ZhCn).map(|a| a.converted(Locale::ZhTw))),
            }
        })
        .collect()
}

/// The search index of one reader locale.
pub struct View {
    pub locale: Locale,
    pub(super) lang: Lang,
    pub docs: Vec<Doc>,
    by_id: HashMap<String, usize>,
    searcher: Searcher,
    pub(super) fields: Fields,
    /// `ords[segment][doc]` → index into `docs`.
    ords: Vec<Vec<u32>>,
    /// English words of the view → number of articles containing them, for typo correction.
    pub(super) vocabulary: HashMap<String, u32>,
    /// Stems present in the index.
    pub(super) stems: HashSet<String>,
    pub(super) synonyms: Synonyms,
}

/// A ranked article: its position in `View::docs` and its score.
#[derive(Debug, Clone, Copy)]
pub struct Ranked {
    pub doc: usize,
    pub score: f32,
}

impl View {
    fn build(
        locale: Locale,
        articles: Vec<IndexArticle>,
        synonyms: &Synonyms,
    ) -> tantivy::Result<Self> {
        let lang = if locale == Locale::En {
            Lang::En
        } else {
            Lang::Zh
        };
        let (schema, fields) = schema(lang);
        let index = Index::create_in_ram(schema);
        analysis::register(&index);
        let threads = if articles.len() > 2000 {
            std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
        } else {
            1
        };
        let mut writer: IndexWriter =
            index.writer_with_num_threads(threads, threads * 20_000_000)?;
        let mut vocabulary: HashMap<String, u32> = HashMap::new();
        let mut stems = HashSet::new();
        let mut docs = Vec::with_capacity(articles.len());
        for (ord, a) in articles.into_iter().enumerate() {
            let keywords = a.keywords.join("\n");
            let mut doc: TantivyDocument = match lang {
                Lang::Zh => {
                    let (t, k, b) = (
                        text::normalize(&a.title),
                        text::normalize(&keywords),
                        text::normalize(&a.body),
                    );
                    doc!(
                        fields.title => t.clone(), fields.keywords => k.clone(),
                        fields.body => b.clone(), fields.title_ngrams => t,
                        fields.keywords_ngrams => k, fields.body_ngrams => b,
                    )
                }
                Lang::En => {
                    let (t, k, b) = (
                        text::fold(&a.title),
                        text::fold(&keywords),
                        text::fold(&a.body),
                    );
                    let mut seen = HashSet::new();
                    for s in [&t, &k, &b] {
                        for w in analysis::english_words(s) {
                            if !analysis::is_en_stop_word(&w.raw) && seen.insert(w.raw.clone()) {
                                stems.insert(analysis::stem(&w.raw));
                                *vocabulary.entry(w.raw).or_default() += 1;
                            }
                        }
                    }

                    doc!(fields.title => t, fields.keywords => k, fields.body => b)
                }
            };
            doc.add_u64(fields.ord, ord as u64);
            writer.add_document(doc)?;
            docs.push(Doc {
                id: a.id,
                category: a.category,
                title: a.title,
                keywords: a.keywords,
                body: a.body,
            });
        }
        writer.commit()?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let searcher = reader.searcher();
        let mut ords = Vec::new();
        for segment in searcher.segment_readers() {
            let column = segment.fast_fields().u64("ord")?;
            ords.push(
                (0..segment.max_doc())
                    .map(|d| {
                        column
                            .first(d)
                            .and_then(|o| u32::try_from(o).ok())
                            .unwrap_or(u32::MAX)
                    })
                    .collect(),
            );
        }
        let by_id = docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.clone(), i))
            .collect();
        Ok(Self {
            locale,
            lang,
            docs,
            by_id,
            searcher,
            fields,
            ords,
            vocabulary,
            stems,
            synonyms: synonyms.clone(),
        })
    }

    pub fn get(&self, id: &str) -> Option<&Doc> {
        self.by_id.get(id).map(|&i| &self.docs[i])
    }

    /// The article's position in `docs`.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The best `limit` articles for `query`, best first.
    pub fn search(&self, query: &str, limit: usize) -> tantivy::Result<(Vec<Ranked>, Plan)> {
        let plan = self.plan(query);
        let ranked = self.run(&plan, limit)?;
        Ok((ranked, plan))
    }

    fn run(&self, plan: &Plan, limit: usize) -> tantivy::Result<Vec<Ranked>> {
        if plan.clauses.is_empty() || self.docs.is_empty() {
            return Ok(Vec::new());
        }
        let clauses: Vec<(Occur, Box<dyn Query>)> = plan
            .clauses
            .iter()
            .map(|c| {
                let per_field: Vec<Box<dyn Query>> = c
                    .fields
                    .iter()
                    .map(|(field, boost)| {
                        let q = TermQuery::new(
                            Term::from_field_text(*field, &c.term),
                            IndexRecordOption::WithFreqs,
                        );
                        Box::new(BoostQuery::new(Box::new(q), *boost)) as Box<dyn Query>
                    })
                    .collect();
                let best = DisjunctionMaxQuery::with_tie_breaker(per_field, WEIGHTS.tie_breaker);
                (Occur::Should, Box::new(best) as Box<dyn Query>)
            })
            .collect();
        let top = self.searcher.search(
            &BooleanQuery::new(clauses),
            &TopDocs::with_limit(limit.max(1)),
        )?;
        Ok(top
            .into_iter()
            .filter_map(|(score, addr)| {
                let ord = *self
                    .ords
                    .get(addr.segment_ord as usize)?
                    .get(addr.doc_id as usize)?;
                let doc = usize::try_from(ord).ok().filter(|d| *d < self.docs.len())?;
                Some(Ranked { doc, score })
            })
            .collect())
    }

    /// A search result as sent: title and an excerpt with the matched words marked.
    pub fn hit(&self, r: Ranked, marks: &Marks) -> SearchHit {
        let d = &self.docs[r.doc];
        SearchHit {
            id: d.id.clone(),
            category: d.category.clone(),
            title: d.title.clone(),
            title_marked: snippet::whole(&d.title, &marks.ranges(&d.title)),
            snippet: snippet::excerpt(&d.body, &marks.ranges(&d.body), snippet::WIDTH),
            score: r.score,
        }
    }

    /// A hit without a query (the "popular" list): title and the start of the body.
    pub fn plain_hit(&self, doc: usize) -> SearchHit {
        let d = &self.docs[doc];
        SearchHit {
            id: d.id.clone(),
            category: d.category.clone(),
            title: d.title.clone(),
            title_marked: snippet::whole(&d.title, &[]),
            snippet: snippet::excerpt(&d.body, &[], snippet::WIDTH),
            score: 0.0,
        }
    }

    /// 3 to `limit` articles to read next: the same category first, then the most similar.
    pub fn related(&self, id: &str, limit: usize) -> Vec<ArticleSummary> {
        let Some(&me) = self.by_id.get(id) else {
            return Vec::new();
        };
        let doc = &self.docs[me];
        let query = format!("{} {}", doc.title, doc.keywords.join(" "));
        let plan = self.plan(&query);
        let similar = self.run(&plan, 50).unwrap_or_default();
        let mut same: Vec<usize> = Vec::new();
        let mut other: Vec<usize> = Vec::new();
        for r in similar.iter().filter(|r| r.doc != me) {
            if self.docs[r.doc].category == doc.category {
                same.push(r.doc);
            } else {
                other.push(r.doc);
            }
        }
        // Same-category articles with nothing in common still come before other categories.
        let mut rest: Vec<usize> = (0..self.docs.len())
            .filter(|&i| i != me && self.docs[i].category == doc.category && !same.contains(&i))
            .collect();
        rest.sort_by(|a, b| self.docs[*a].title.cmp(&self.docs[*b].title));
        same.extend(rest);
        let mut picked: Vec<usize> = same.into_iter().chain(other).take(limit).collect();
        // At least RELATED_MIN when the site has that many: fill up with other articles.
        if picked.len() < RELATED_MIN {
            let mut others: Vec<usize> = (0..self.docs.len())
                .filter(|&i| i != me && !picked.contains(&i))
                .collect();
            others.sort_by(|a, b| self.docs[*a].title.cmp(&self.docs[*b].title));
            picked.extend(others.into_iter().take(RELATED_MIN - picked.len()));
        }
        picked.into_iter().map(|i| self.docs[i].summary()).collect()
    }

    /// Categories by name, each with its articles by title.
    pub fn categories(&self) -> Vec<Category> {
        let mut by_name: BTreeMap<&str, Vec<&Doc>> = BTreeMap::new();
        for d in &self.docs {
            by_name.entry(d.category.as_str()).or_default().push(d);
        }
        by_name
            .into_iter()
            .map(|(name, mut docs)| {
                docs.sort_by(|a, b| a.title.cmp(&b.title).then(a.id.cmp(&b.id)));
                Category {
                    name: name.to_owned(),
                    articles: docs.into_iter().map(Doc::summary).collect(),
                }
            })
            .collect()
    }

    /// Every article, most viewed first (`views` gives `(views in this locale, in any)`),
    /// ties by title.
    pub fn by_popularity(&self, views: &HashMap<String, (i64, i64)>) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.docs.len()).collect();
        let count = |i: usize| views.get(&self.docs[i].id).copied().unwrap_or((0, 0));
        order.sort_by(|&a, &b| {
            count(b)
                .cmp(&count(a))
                .then_with(|| self.docs[a].title.cmp(&self.docs[b].title))
        });
        order
    }
}

fn schema(lang: Lang) -> (Schema, Fields) {
    let mut b = Schema::builder();
    let words = if lang == Lang::Zh { ZH_WORDS } else { EN_WORDS };
    let text = |tokenizer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqs),
        )
    };
    let fields = Fields {
        title: b.add_text_field("title", text(words)),
        keywords: b.add_text_field("keywords", text(words)),
        body: b.add_text_field("body", text(words)),
        title_ngrams: b.add_text_field("title_ngrams", text(ZH_NGRAMS)),
        keywords_ngrams: b.add_text_field("keywords_ngrams", text(ZH_NGRAMS)),
        body_ngrams: b.add_text_field("body_ngrams", text(ZH_NGRAMS)),
        ord: b.add_u64_field("ord", FAST),
    };
    (b.build(), fields)
}
