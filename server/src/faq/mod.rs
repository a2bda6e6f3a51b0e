//! FAQ self-service: articles, search, reading, votes, contact requests, and the admin API
//! and reports around them. The wire types are `patron_api::faq`.
//!
//! Public (`/v1/sites/{site}`, site CORS): `GET /faq`, `GET /faq/search`,
//! `GET /faq/articles/{id}`, `POST /faq/articles/{id}/votes`, `POST /contact`.
//!
//! Admin (`/v1/admin/sites/{site}`, bearer = the site's admin key or the global
//! `--admin-token`, see `auth::SiteAdmin`): `GET /faq/articles`,
//! `PUT|DELETE /faq/articles/{id}/{locale}`, `GET /contacts?limit=&before=`,
//! `GET /reports/faq/{zero-results,helpfulness,self-service}?from=&to=`,
//! `GET|DELETE /faq/learned` (what clicks and votes taught the search, `learned`).
//!
//! Content: `content/<site>/faq/**/*.md` is imported at start-up as `owners.faq` in site.yaml
//! says (`import`: by default a file only when new or changed, so admin edits survive a
//! restart; with `files`, the folder is the truth and the admin API refuses to write), and by
//! `patron-server faq import` (upsert, never delete). Optional `synonyms.yaml` beside them.
//!
//! Layering as elsewhere: `routes`/`admin`/`reports` (HTTP handlers) → domain (`import`,
//! `index`, `query`, `contact`) → `storage` (SQL). Search runs on an in-memory index per
//! site, built from the database and rebuilt when the site's content version (bumped in the
//! same transaction as every article write) changes; each instance checks the version at
//! most once per second, so several instances can share one database.

pub mod admin;
pub mod analysis;
pub mod contact;
pub mod contacts_inbox;
pub mod content;
pub mod demo_history;
pub mod editing;
pub mod figures;
pub mod import;
pub mod index;
pub mod learned;
pub mod learned_admin;
pub mod library;
pub mod library_editor;
pub mod privacy;
pub mod query;
pub mod reports;
pub mod routes;
pub mod snippet;
pub mod storage;
pub mod synonyms;
pub mod text;

use patron_api::paths;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::http::Routes;
use async_trait::async_trait;
use axum::extract::FromRef;
use sqlx::AnyPool;

use crate::content::{Kind, SiteOwners};
use crate::error::AppError;
use crate::ports::HelpArticles;
use crate::state::AppState;
use index::{IndexArticle, SiteIndex};
use synonyms::Synonyms;

/// What the FAQ's handlers reach: the shared state and the search indexes.
#[derive(Clone, FromRef)]
pub struct FaqState {
    pub app: AppState,
    pub indexes: Arc<FaqIndexes>,
}

/// The FAQ's routes: public ones under the site CORS policy, and the admin API.
pub fn router(state: FaqState) -> Routes {
    let public = Routes::new()
        .get(paths::FAQ_HOME, routes::home)
        .get(paths::FAQ_SEARCH, routes::search)
        .get(paths::FAQ_ARTICLE, routes::article)
        .post(paths::FAQ_VOTES, routes::vote)
        .post(paths::CONTACT, routes::contact);
    let admin = Routes::new()
        .get(paths::ADMIN_FAQ_ARTICLES, admin::list_articles)
        .put(paths::ADMIN_FAQ_ARTICLE, admin::put_article)
        .delete(paths::ADMIN_FAQ_ARTICLE, admin::delete_article)
        .get(paths::ADMIN_FAQ_LEARNED, learned_admin::list)
        .delete(paths::ADMIN_FAQ_LEARNED, learned_admin::reset)
        .get(paths::ADMIN_CONTACTS, admin::contacts)
        .get(paths::REPORT_FAQ_ZERO_RESULTS, reports::zero_results)
        .get(paths::REPORT_FAQ_HELPFULNESS, reports::helpfulness)
        .get(paths::REPORT_FAQ_SELF_SERVICE, reports::self_service)
        .post(paths::ADMIN_CONTACT_RESOLUTION, contacts_inbox::resolution)
        // The console's contacts inbox (its session cookie, never CORS).
        .get(paths::CONSOLE_CONTACTS, contacts_inbox::list)
        .get(paths::CONSOLE_CONTACT, contacts_inbox::get)
        .put(paths::CONSOLE_CONTACT, contacts_inbox::put)
        .post(paths::CONSOLE_CONTACT_NOTES, contacts_inbox::add_note)
        // The console's help library: what customers did not find, and the editor.
        .get(paths::CONSOLE_LIBRARY_GAPS, library::gaps)
        .get(paths::CONSOLE_LIBRARY_ARTICLES, library_editor::list)
        .get(paths::CONSOLE_LIBRARY_ARTICLE, library_editor::get)
        .put(paths::CONSOLE_LIBRARY_ARTICLE_LOCALE, library_editor::save)
        .post(paths::CONSOLE_LIBRARY_PREVIEW, library_editor::preview)
        .post(paths::CONSOLE_LIBRARY_KEYWORDS, library_editor::add_keyword);
    crate::http::feature_router(&state.app, public, admin).with_state(state)
}

/// The help library as other features see it (`ports::HelpArticles`).
pub struct Articles {
    pub pool: AnyPool,
}

#[async_trait]
impl HelpArticles for Articles {
    async fn exists(&self, site: &str, id: &str) -> Result<bool, AppError> {
        Ok(storage::article_exists(&self.pool, site, id).await?)
    }
}

/// How long an index is trusted before the content version is checked again.
pub const CHECK_INTERVAL: Duration = Duration::from_secs(1);

/// Loads the dictionaries (jieba, OpenCC, stemmer) so the first search is not slow.
pub fn warm_up() {
    analysis::warm_up();
    text::warm_up();
}

/// The most sites whose search indexes are kept at once.
pub const INDEXED_SITES_MAX: u64 = 1_000;
/// A site's index unused for this long is dropped (and rebuilt on its next search).
pub const INDEX_IDLE: Duration = Duration::from_secs(3600);

/// The search indexes of all sites, each rebuilt when its content version moves. Handlers ask
/// only for sites that exist; the cache holds at most `INDEXED_SITES_MAX` of them and drops
/// one unused for `INDEX_IDLE`.
pub struct FaqIndexes {
    slots: moka::sync::Cache<String, Arc<Slot>>,
}

impl Default for FaqIndexes {
    fn default() -> Self {
        Self {
            slots: moka::sync::Cache::builder()
                .max_capacity(INDEXED_SITES_MAX)
                .time_to_idle(INDEX_IDLE)
                .build(),
        }
    }
}

#[derive(Default)]
struct Slot {
    current: Mutex<Current>,
    /// One version check or rebuild per site at a time.
    refresh: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct Current {
    index: Option<Arc<SiteIndex>>,
    checked: Option<Instant>,
    /// Bumped by `invalidate`. A refresh that read the content version before a write landed
    /// must not mark its (older) index as freshly checked, or the write would stay unsearchable
    /// until the next check.
    invalidations: u64,
}

impl Slot {
    fn fresh(&self) -> Option<Arc<SiteIndex>> {
        let c = self.current.lock().ok()?;
        match (&c.index, c.checked) {
            (Some(index), Some(at)) if at.elapsed() < CHECK_INTERVAL => Some(index.clone()),
            _ => None,
        }
    }

    fn current(&self) -> Option<Arc<SiteIndex>> {
        self.current.lock().ok()?.index.clone()
    }

    fn invalidations(&self) -> u64 {
        self.current.lock().map_or(0, |c| c.invalidations)
    }

    /// Keeps `index` (if any) as the current one, checked now unless an invalidation came
    /// after `since` (the count read before the version was).
    fn store(&self, index: Option<Arc<SiteIndex>>, since: u64) {
        if let Ok(mut c) = self.current.lock() {
            if index.is_some() {
                c.index = index;
            }
            if c.invalidations == since {
                c.checked = Some(Instant::now());
            }
        }
    }
}

impl FaqIndexes {
    fn slot(&self, site: &str) -> Arc<Slot> {
        self.slots.get_with_by_ref(site, Arc::default)
    }

    /// How many sites have an index slot (for tests and the load command).
    pub fn cached_sites(&self) -> u64 {
        self.slots.run_pending_tasks();
        self.slots.entry_count()
    }

    /// The site's index, checking the content version at most once per `CHECK_INTERVAL`.
    pub async fn get(&self, pool: &AnyPool, site: &str) -> Result<Arc<SiteIndex>, AppError> {
        let slot = self.slot(site);
        if let Some(index) = slot.fresh() {
            return Ok(index);
        }
        let _refreshing = slot.refresh.lock().await;
        if let Some(index) = slot.fresh() {
            return Ok(index);
        }
        let since = slot.invalidations();
        // The version is read before the articles, so the index is never older than it says.
        let version = storage::content_version(pool, site).await?;
        if let Some(index) = slot.current().filter(|i| i.version == version) {
            slot.store(None, since);
            return Ok(index);
        }
        let (articles, synonyms) = load(pool, site).await?;
        let started = Instant::now();
        let built =
            tokio::task::spawn_blocking(move || SiteIndex::build(version, &articles, &synonyms))
                .await
                .map_err(AppError::internal)?
                .map_err(|e| AppError::internal(format!("building the search index: {e}")))?;
        tracing::info!(
            site,
            version,
            ms = started.elapsed().as_millis() as u64,
            "FAQ index built"
        );
        let index = Arc::new(built);
        slot.store(Some(index.clone()), since);
        Ok(index)
    }

    /// Makes the next `get` check the version (after this instance wrote content). A site
    /// without a slot has nothing to invalidate, and gets none.
    pub fn invalidate(&self, site: &str) {
        let Some(slot) = self.slots.get(site) else {
            return;
        };
        let mut current = slot.current.lock().unwrap_or_else(|p| p.into_inner());
        current.checked = None;
        current.invalidations += 1;
    }
}

async fn load(pool: &AnyPool, site: &str) -> Result<(Vec<IndexArticle>, Synonyms), AppError> {
    let mut conn = pool.acquire().await?;
    let articles = storage::all_articles(&mut conn, site).await?;
    let synonyms = match storage::synonyms_json(&mut conn, site).await? {
        Some(json) => Synonyms::new(serde_json::from_str(&json).unwrap_or_default()),
        None => Synonyms::default(),
    };
    Ok((
        articles.iter().map(IndexArticle::from_stored).collect(),
        synonyms,
    ))
}

/// Imports `<content>/<site>/faq/` for every site that has one, at start-up, as the site's
/// `owners.faq` says. Bad files are logged as warnings and skipped; only a database failure
/// is an error.
pub async fn import_all(
    pool: &AnyPool,
    content_dir: &Path,
    sites: &[String],
    owners: &SiteOwners,
) -> Result<(), import::ImportError> {
    for site in sites {
        let site_dir = content_dir.join(site);
        if !site_dir.join(import::DIR).is_dir() {
            continue;
        }
        let owner = owners.of(site, Kind::Faq);
        let report = import::import_site(pool, site, &site_dir, owner).await?;
        for rejection in &report.rejected {
            for problem in &rejection.problems {
                tracing::warn!(
                    site,
                    file = %rejection.path.display(),
                    line = problem.line,
                    reason = %problem.reason,
                    "FAQ article rejected"
                );
            }
        }
        tracing::info!(
            site,
            added = report.added.len(),
            changed = report.changed.len(),
            unchanged = report.unchanged.len(),
            kept_as_edited = report.kept.len(),
            removed = report.removed.len(),
            rejected = report.rejected.len(),
            ?owner,
            "FAQ articles imported"
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refresh_that_began_before_a_write_does_not_mark_its_index_fresh() {
        let indexes = FaqIndexes::default();
        let slot = indexes.slot("demo");
        let old = Arc::new(SiteIndex::build(1, &[], &Synonyms::default()).expect("index"));
        // A refresh reads the count (and then the version, 1)...
        let since = slot.invalidations();
        // ...while this instance writes an article and invalidates...
        indexes.invalidate("demo");
        // ...and only then stores what it built from the old version.
        slot.store(Some(old.clone()), since);
        assert!(
            slot.fresh().is_none(),
            "the next search must check the version"
        );
        // A refresh that began after the write may mark its index fresh.
        slot.store(Some(old), slot.invalidations());
        assert!(slot.fresh().is_some());
    }
}
