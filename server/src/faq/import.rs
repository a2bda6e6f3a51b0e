//! Importing a folder of articles into a site: every good file is upserted (by id and
//! locale) in one transaction; bad files are reported and skipped; nothing is deleted.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use patron_api::Locale;
use sqlx::AnyPool;

use super::content::{self, Problem, Rejection};
use super::storage::{self, StoredArticle};
use super::synonyms::{self, Synonyms};
use crate::content::markdown;
use crate::storage::now_millis;

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
    pub rejected: Vec<Rejection>,
    /// `Some(true)` when the synonyms file was imported and differed from the stored one.
    pub synonyms_changed: Option<bool>,
}

impl ImportReport {
    pub fn summary(&self) -> String {
        format!(
            "{} added, {} changed, {} unchanged, {} rejected",
            self.added.len(),
            self.changed.len(),
            self.unchanged.len(),
            self.rejected.len()
        )
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (label, list) in [
            ("added", &self.added),
            ("changed", &self.changed),
            ("unchanged", &self.unchanged),
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
    articles: Vec<(PathBuf, StoredArticle)>,
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
            (f.path, stored)
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

/// Imports `dir` into `site`.
pub async fn import_dir(
    pool: &AnyPool,
    site: &str,
    dir: &Path,
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
    let existing: HashMap<(String, Locale), StoredArticle> = storage::all_articles(&mut tx, site)
        .await?
        .into_iter()
        .map(|a| ((a.id.clone(), a.locale), a))
        .collect();
    for (path, article) in prepared.articles {
        let entry = Imported {
            id: article.id.clone(),
            locale: article.locale,
            path,
        };
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
        || report.synonyms_changed == Some(true)
    {
        storage::bump_version(&mut tx, site).await?;
    }
    tx.commit().await?;
    Ok(report)
}
