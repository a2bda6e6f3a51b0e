//! Importing a folder of articles into a site, in one transaction; bad files are reported
//! and skipped.
//!
//! `patron-server faq import` upserts every good file (by id and locale) and deletes nothing.
//! At start-up the site's own `faq/` is imported as `owners.faq` in site.yaml says
//! (`content::owners`), each file's hash claimed in the transaction (`content::imports`):
//! - `api` (the default): a file is imported only when new or changed since its last import,
//!   so an article edited or deleted through the admin API stays as the API left it;
//! - `files`: every good file is imported, and the folder is the truth: an article no file
//!   holds any more is deleted, except one whose file is rejected now (it keeps its last good
//!   version until the file is fixed).
//!
//! `synonyms.yaml` has no admin API and is imported whenever it differs from the stored one.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use patron_api::Locale;
use sqlx::AnyPool;

use super::content::{self, Problem, Rejection};
use super::storage::{self, StoredArticle};
use super::synonyms::{self, Synonyms};
use crate::content::imports::{self, Stamp};
use crate::content::{markdown, Kind, Owner};
use crate::storage::now_millis;

/// The folder of a site's articles.
pub const DIR: &str = "faq";

/// What the imports table records an article file as holding.
pub fn item_key(id: &str, locale: Locale) -> String {
    format!("{id}/{locale}")
}

/// One article of the import and where it came from.
#[derive(Debug, Clone)]
pub struct Imported {
    pub id: String,
    pub locale: Locale,
    pub path: PathBuf,
}

#[derive(Debug, Default)]
pub struct ImportReport {
    pub added: Vec<Imported>,
    pub changed: Vec<Imported>,
    pub unchanged: Vec<Imported>,
    /// Files unchanged since their last import, whose articles the admin API owns: left as
    /// stored (start-up only).
    pub kept: Vec<Imported>,
    /// Articles no file holds any more, deleted because the files own them (start-up only).
    pub removed: Vec<(String, Locale)>,
    pub rejected: Vec<Rejection>,
    /// `Some(true)` when the synonyms file was imported and differed from the stored one.
    pub synonyms_changed: Option<bool>,
}

impl ImportReport {
    pub fn summary(&self) -> String {
        let mut summary = format!(
            "{} added, {} changed, {} unchanged, {} rejected",
            self.added.len(),
            self.changed.len(),
            self.unchanged.len(),
            self.rejected.len()
        );
        if !self.kept.is_empty() || !self.removed.is_empty() {
            summary += &format!(
                ", {} kept as edited, {} removed",
                self.kept.len(),
                self.removed.len()
            );
        }
        summary
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (label, list) in [
            ("added", &self.added),
            ("changed", &self.changed),
            ("unchanged", &self.unchanged),
            ("kept", &self.kept),
        ] {
            for a in list {
                writeln!(
                    f,
                    "{label:<9}  {} {}  ({})",
                    a.id,
                    a.locale,
                    a.path.display()
                )?;
            }
        }
        for (id, locale) in &self.removed {
            writeln!(f, "{:<9}  {id} {locale}", "removed")?;
        }
        match self.synonyms_changed {
            Some(true) => writeln!(f, "{:<9}  {}", "changed", synonyms::FILE_NAME)?,
            Some(false) => writeln!(f, "{:<9}  {}", "unchanged", synonyms::FILE_NAME)?,
            None => {}
        }
        for r in &self.rejected {
            for line in r.to_string().lines() {
                writeln!(f, "{:<9}  {line}", "rejected")?;
            }
        }
        writeln!(f, "{}", self.summary())
    }
}

#[derive(Debug)]
pub enum ImportError {
    Io(PathBuf, std::io::Error),
    Database(sqlx::Error),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io(path, e) => write!(f, "{}: {e}", path.display()),
            Self::Database(e) => write!(f, "database: {e}"),
        }
    }
}

impl std::error::Error for ImportError {}

impl From<sqlx::Error> for ImportError {
    fn from(e: sqlx::Error) -> Self {
        Self::Database(e)
    }
}

/// Files read and rendered, ready to store.
struct Prepared {
    /// Each good file's path, the SHA-256 of its bytes and its article.
    articles: Vec<(PathBuf, String, StoredArticle)>,
    synonyms: Option<Vec<Vec<String>>>,
    rejected: Vec<Rejection>,
}

fn prepare(dir: &Path) -> Result<Prepared, ImportError> {
    let (files, mut rejected) =
        content::read_dir(dir).map_err(|e| ImportError::Io(dir.to_path_buf(), e))?;
    let now = now_millis();
    let articles = files
        .into_iter()
        .map(|f| {
            let a = f.article;
            let stored = StoredArticle {
                body_html: markdown::render(&a.body_markdown),
                id: a.id,
                locale: a.locale,
                category: a.category,
                title: a.title,
                keywords: a.keywords,
                body_markdown: a.body_markdown,
                updated_at: now,
            };
            (f.path, f.sha256, stored)
        })
        .collect();
    let syn_path = dir.join(synonyms::FILE_NAME);
    let synonyms = if syn_path.is_file() {
        let parsed = std::fs::read_to_string(&syn_path)
            .map_err(|e| (1, format!("cannot read the file: {e}")))
            .and_then(|text| Synonyms::parse(&text));
        match parsed {
            Ok(s) => Some(s.groups().to_vec()),
            Err((line, reason)) => {
                rejected.push(Rejection {
                    path: syn_path,
                    problems: vec![Problem { line, reason }],
                });
                None
            }
        }
    } else {
        None
    };
    Ok(Prepared {
        articles,
        synonyms,
        rejected,
    })
}

/// Imports `dir` into `site` (`patron-server faq import`): every good file is upserted.
pub async fn import_dir(
    pool: &AnyPool,
    site: &str,
    dir: &Path,
) -> Result<ImportReport, ImportError> {
    import(pool, site, dir, None).await
}

/// Imports the site's own `faq/` (under `site_dir`) at start-up, as `owner` says.
pub async fn import_site(
    pool: &AnyPool,
    site: &str,
    site_dir: &Path,
    owner: Owner,
) -> Result<ImportReport, ImportError> {
    import(pool, site, &site_dir.join(DIR), Some((owner, site_dir))).await
}

async fn import(
    pool: &AnyPool,
    site: &str,
    dir: &Path,
    ownership: Option<(Owner, &Path)>,
) -> Result<ImportReport, ImportError> {
    let owned = dir.to_path_buf();
    let prepared = tokio::task::spawn_blocking(move || prepare(&owned))
        .await
        .map_err(|e| ImportError::Io(dir.to_path_buf(), std::io::Error::other(e.to_string())))??;

    let mut report = ImportReport {
        rejected: prepared.rejected,
        ..ImportReport::default()
    };
    let mut tx = pool.begin().await?;
    // Claims come first: they write, so SQLite takes its write lock before anything is read.
    let mut due = Vec::new();
    let mut held = HashSet::new();
    for (path, sha256, article) in prepared.articles {
        let entry = Imported {
            id: article.id.clone(),
            locale: article.locale,
            path,
        };
        let item = item_key(&article.id, article.locale);
        let go = match ownership {
            None => true,
            Some((owner, site_dir)) => {
                let stamp = Stamp::at(site_dir, &entry.path, sha256);
                imports::claim(&mut tx, owner, site, Kind::Faq, &stamp, &item).await?
            }
        };
        held.insert(item);
        if go {
            due.push((entry, article));
        } else {
            report.kept.push(entry);
        }
    }
    let existing: HashMap<(String, Locale), StoredArticle> = storage::all_articles(&mut tx, site)
        .await?
        .into_iter()
        .map(|a| ((a.id.clone(), a.locale), a))
        .collect();
    for (entry, article) in due {
        match existing.get(&(article.id.clone(), article.locale)) {
            Some(old) if old.same_content(&article) => report.unchanged.push(entry),
            found => {
                storage::upsert_article(&mut tx, site, &article).await?;
                if found.is_some() {
                    report.changed.push(entry);
                } else {
                    report.added.push(entry);
                }
            }
        }
    }
    if let Some((owner, site_dir)) = ownership {
        let mut present: Vec<String> = report
            .added
            .iter()
            .chain(&report.changed)
            .chain(&report.unchanged)
            .chain(&report.kept)
            .map(|a| imports::relative_path(site_dir, &a.path))
            .collect();
        let rejected: Vec<String> = report
            .rejected
            .iter()
            .map(|r| imports::relative_path(site_dir, &r.path))
            .collect();
        if owner == Owner::Files {
            // A file rejected now keeps the article it held when it was last good.
            for last in imports::recorded(&mut tx, site, Kind::Faq).await? {
                if rejected.contains(&last.path) {
                    held.insert(last.item);
                }
            }
            for (id, locale) in existing.keys() {
                if !held.contains(&item_key(id, *locale))
                    && storage::remove_article(&mut tx, site, id, *locale).await?
                {
                    report.removed.push((id.clone(), *locale));
                }
            }
            report.removed.sort();
        }
        present.extend(rejected);
        let present: Vec<&str> = present.iter().map(String::as_str).collect();
        imports::forget_missing(&mut tx, site, Kind::Faq, &present).await?;
    }
    if let Some(groups) = prepared.synonyms {
        let json = serde_json::to_string(&groups).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
        let changed = storage::synonyms_json(&mut tx, site).await?.as_deref() != Some(&json);
        if changed {
            storage::set_synonyms_json(&mut tx, site, &json).await?;
        }
        report.synonyms_changed = Some(changed);
    }
    if !report.added.is_empty()
        || !report.changed.is_empty()
        || !report.removed.is_empty()
        || report.synonyms_changed == Some(true)
    {
        storage::bump_version(&mut tx, site).await?;
    }
    tx.commit().await?;
    Ok(report)
}
