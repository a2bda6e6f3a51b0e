//! NPS and CSAT micro-surveys: definitions, pacing, idempotent responses, reports and
//! detractor alerts. The wire types are `patron_api::survey`.
//!
//! Public (`/v1/sites/{site}/surveys`, site CORS): `POST /eligibility`, `POST /displays`,
//! `POST /responses`, `POST /follow-ups`.
//!
//! Admin (`/v1/admin/sites/{site}`, `auth::SiteAdmin`): `GET|PUT /surveys` (definitions
//! and cooldown; the webhook is file-only), `GET /surveys/deliveries` (detractor alerts),
//! `GET /reports/surveys?from=&to=&tz_offset_minutes=&format=json|csv` (also `Accept:
//! text/csv`), `GET /reports/surveys/at-risk`.
//!
//! Content: `content/<site>/surveys.yaml` (format in `definitions`), validated at start-up
//! (a bad file stops the server with file, line and field) and imported as `owners.surveys`
//! in site.yaml says (`content::owners`): by default only when new or changed, so an admin
//! edit survives a restart; with `files`, at every start, and the admin API refuses to write.
//! A file of comments only counts as absent.
//!
//! Pacing is applied on the server for everyone: by member id when a member token verifies
//! (`auth::MaybeMember`), else by kiosk session on kiosks, else by device id (`pacing::subject`).
//!
//! Detractor alerts (NPS ≤ 6, CSAT ≤ 2) are queued for the site's webhook in the same
//! transaction as the response (`crate::webhooks`, which signs and delivers them; `webhook`
//! says where they go). A follow-up
//! comment on a detractor response is sent as a second event, `survey.detractor_comment`,
//! carrying the response again plus the comment; the first event never waits for it.
//!
//! Definitions are cached per site and re-read at most once per `CHECK_INTERVAL`, so several
//! instances on one database see an admin change within a second; unknown site names are
//! never cached, and the cache holds at most `CACHED_SITES_MAX` sites.

pub mod admin;
pub mod audience;
pub mod continuity;
pub mod definitions;
pub mod demo_history;
pub mod feedback_inbox;
pub mod figures;
pub mod pacing;
pub mod privacy;
pub mod reports;
pub mod respond;
pub mod routes;
pub mod storage;
pub mod webhook;
pub mod writer;

use patron_api::paths;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use crate::http::Routes;
use axum::extract::FromRef;
use patron_api::{Locale, Module, SiteSettings};
use sqlx::AnyPool;
use tokio::sync::Notify;

use crate::content::imports::{self, Stamp};
use crate::content::{yaml, Kind, SiteOwners};
use crate::error::{AppError, ContentProblem, StartupError};
use crate::ports::Loyalty;
use crate::sites;
use crate::state::AppState;
use definitions::SurveyConfig;

/// What the survey handlers reach: the shared state, the survey cache and the points
/// programme (for surveys aimed at tiers).
#[derive(Clone, FromRef)]
pub struct SurveysState {
    pub app: AppState,
    pub surveys: Arc<Surveys>,
    pub loyalty: Arc<dyn Loyalty>,
}

/// The survey routes: public ones under the site CORS policy, and the admin API.
pub fn router(state: SurveysState) -> Routes {
    let public = Routes::new()
        .post(paths::SURVEY_ELIGIBILITY, routes::eligibility)
        .post(paths::SURVEY_DISPLAYS, routes::display)
        .post(paths::SURVEY_RESPONSES, routes::response)
        .post(paths::SURVEY_FOLLOW_UPS, routes::follow_up);
    let admin = Routes::new()
        .get(paths::ADMIN_SURVEYS, admin::get_surveys)
        .put(paths::ADMIN_SURVEYS, admin::put_surveys)
        .get(paths::ADMIN_SURVEY_DELIVERIES, admin::deliveries)
        .get(paths::REPORT_SURVEYS, reports::surveys)
        .get(paths::REPORT_SURVEYS_AT_RISK, reports::at_risk_members)
        // The console's feedback inbox (its session cookie, never CORS).
        .get(paths::CONSOLE_FEEDBACK, feedback_inbox::list)
        .get(paths::CONSOLE_FEEDBACK_ITEM, feedback_inbox::get)
        .put(paths::CONSOLE_FEEDBACK_ITEM, feedback_inbox::put)
        .post(paths::CONSOLE_FEEDBACK_NOTES, feedback_inbox::add_note);
    crate::http::feature_router(&state.app, public, admin).with_state(state)
}

/// How long cached definitions are trusted before they are read again.
pub const CHECK_INTERVAL: Duration = Duration::from_secs(1);
/// The most sites whose definitions are cached at once.
pub const CACHED_SITES_MAX: u64 = 1_000;

/// One site's survey setup, as the handlers use it.
#[derive(Debug)]
pub struct SiteSurveys {
    pub default_locale: Locale,
    /// The site lists the `survey` module.
    pub enabled: bool,
    pub config: SurveyConfig,
}

/// Shared survey state: cached definitions per site, the group-commit writer for responses,
/// and the bell that wakes the webhook worker when an alert was queued.
pub struct Surveys {
    /// Only sites that exist are cached (a failed load is not), each for `CHECK_INTERVAL`, at
    /// most `CACHED_SITES_MAX` of them: asking about unknown names keeps nothing. Concurrent
    /// requests for a site that is not cached wait for one load.
    cache: moka::future::Cache<String, Arc<SiteSurveys>>,
    pub writer: writer::ResponseWriter,
    /// The webhook worker's bell (`webhooks::bell`).
    pub wake: Arc<Notify>,
}

impl Surveys {
    /// Starts the response writer on `pool`; needs a Tokio runtime. `wake` rings the webhook
    /// worker when an alert was queued.
    pub fn new(pool: AnyPool, wake: Arc<Notify>) -> Self {
        Self {
            cache: moka::future::Cache::builder()
                .max_capacity(CACHED_SITES_MAX)
                .time_to_live(CHECK_INTERVAL)
                .build(),
            writer: writer::ResponseWriter::start(pool),
            wake,
        }
    }

    /// The site's surveys; `SiteNotFound` for an unknown site.
    pub async fn get(&self, pool: &AnyPool, site: &str) -> Result<Arc<SiteSurveys>, AppError> {
        self.cache
            .try_get_with_by_ref(site, load(pool, site))
            .await
            .map_err(|shared: Arc<AppError>| Arc::unwrap_or_clone(shared))
    }

    /// Makes the next `get` read the database again (after this instance wrote).
    pub async fn invalidate(&self, site: &str) {
        self.cache.invalidate(site).await;
    }

    /// How many sites are cached (for tests and the load command).
    pub async fn cached_sites(&self) -> u64 {
        self.cache.run_pending_tasks().await;
        self.cache.entry_count()
    }
}

async fn load(pool: &AnyPool, site: &str) -> Result<Arc<SiteSurveys>, AppError> {
    let settings = sites::settings(pool, site).await?;
    let config = match storage::load_config(pool, site).await? {
        Some((json, _version)) => serde_json::from_str(&json)
            .map_err(|e| AppError::internal(format!("stored survey config of {site}: {e}")))?,
        None => SurveyConfig::default(),
    };
    Ok(Arc::new(SiteSurveys {
        default_locale: settings.default_locale,
        enabled: settings.modules.contains(&Module::Survey),
        config,
    }))
}

/// A site's surveys.yaml, read and checked.
#[derive(Debug, Clone)]
pub struct SurveyFile {
    pub site: String,
    pub stamp: Stamp,
    pub config: SurveyConfig,
}

/// Reads and validates `<content>/<site>/surveys.yaml` of every site that has one (and more
/// than comments in it). All problems of all files are reported together, each with its line.
pub fn load_files(
    content_dir: &Path,
    sites: &[SiteSettings],
) -> Result<Vec<SurveyFile>, StartupError> {
    let mut configs = Vec::new();
    let mut problems = Vec::new();
    for site in sites {
        let site_dir = content_dir.join(&site.site);
        let path = site_dir.join(definitions::FILE);
        if !path.is_file() {
            continue;
        }
        let Some(text) = yaml::read_file(&path, &mut problems) else {
            continue;
        };
        match definitions::parse_file(&text, site.default_locale) {
            Ok(config) => configs.push(SurveyFile {
                site: site.site.clone(),
                stamp: Stamp::of(&site_dir, &path, text.as_bytes()),
                config,
            }),
            Err(p) => problems.push(ContentProblem { path, problems: p }),
        }
    }
    if problems.is_empty() {
        Ok(configs)
    } else {
        Err(StartupError::Content(problems))
    }
}

/// Imports the files loaded, each as its site's `owners.surveys` says: a changed file
/// replaces the site's whole survey configuration (one document per site).
pub async fn import_all(
    pool: &AnyPool,
    owners: &SiteOwners,
    files: &[SurveyFile],
) -> Result<(), sqlx::Error> {
    let now = crate::storage::now_millis();
    for file in files {
        let (site, config) = (file.site.as_str(), &file.config);
        let owner = owners.of(site, Kind::Surveys);
        let Some(mut tx) =
            imports::begin_import(pool, owner, site, Kind::Surveys, &file.stamp).await?
        else {
            continue;
        };
        let json = serde_json::to_string(config).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
        storage::put_config(&mut *tx, site, &json, now).await?;
        tx.commit().await?;
        tracing::info!(
            site,
            ?owner,
            surveys = config.surveys.len(),
            "surveys imported"
        );
    }
    Ok(())
}
