//! Guided onboarding packs: definitions, audience, progress, rewards and the funnel report.
//! The wire types are `patron_api::onboarding` (routes listed there).
//!
//! Public (`/v1/sites/{site}/onboarding`, site CORS): `GET /packs`, `GET /packs/{pack}`,
//! `POST /packs/{pack}/steps/{step}/complete`, `POST /events` (`routes`).
//! Admin (`/v1/admin/sites/{site}`, `auth::SiteAdmin`): `GET|PUT /onboarding/packs`
//! (`admin`), `GET /reports/onboarding?from=&to=&format=json|csv` (`reports`).
//!
//! Content: `content/<site>/onboarding/*.yaml`, one pack per file (format in `definitions`),
//! checked at start-up (a broken file stops the server, naming the file, field and step; a
//! file of comments only counts as absent) and imported as `owners.onboarding` in site.yaml says (`import`). A missing translation is not
//! an error: it is logged as a warning naming the file and field, and the site's default
//! locale is shown.
//!
//! Who: a verified member token makes the customer a member (`auth::MaybeMember`), whose
//! progress is theirs wherever they are; anyone else is anonymous, with progress per device
//! id, or per kiosk session on a kiosk (`progress::subject`). Who sees which pack:
//! `audience`. Completing steps, host events and rewards: `progress`. A member's tier and the
//! reward's credit come from the points programme, and the FAQ articles steps open are
//! checked with the help library, both through `ports`.

pub mod admin;
pub mod audience;
pub mod console;
pub mod continuity;
pub mod definitions;
pub mod demo_history;
pub mod import;
pub mod privacy;
pub mod progress;
pub mod reports;
pub mod routes;
pub mod storage;

use patron_api::paths;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::http::Routes;
use axum::extract::FromRef;
use patron_api::{Locale, Module, SiteSettings};
use sqlx::AnyPool;

use crate::content::imports::Stamp;
use crate::content::yaml;
use crate::error::{AppError, ContentProblem, StartupError};
use crate::ports::{HelpArticles, Loyalty};
use crate::sites;
use crate::state::AppState;
use definitions::{PackDef, SiteContext};

/// What the onboarding handlers reach: the shared state, the points programme (tiers,
/// rewards) and the help library (articles steps open).
#[derive(Clone, FromRef)]
pub struct OnboardingState {
    pub app: AppState,
    pub loyalty: Arc<dyn Loyalty>,
    pub articles: Arc<dyn HelpArticles>,
}

/// The onboarding routes: public ones under the site CORS policy, and the admin API.
pub fn router(state: OnboardingState) -> Routes {
    let public = Routes::new()
        .get(paths::ONBOARDING_PACKS, routes::packs)
        .get(paths::ONBOARDING_PACK, routes::pack)
        .post(paths::ONBOARDING_STEP_COMPLETE, routes::complete)
        .post(paths::ONBOARDING_EVENTS, routes::event);
    let admin = Routes::new()
        .get(paths::ADMIN_ONBOARDING_PACKS, admin::get_packs)
        .put(paths::ADMIN_ONBOARDING_PACKS, admin::put_packs)
        .get(paths::REPORT_ONBOARDING, reports::onboarding)
        // The console's guides screen (its session cookie, never CORS).
        .get(paths::CONSOLE_GUIDES_FUNNEL, console::funnel);
    crate::http::feature_router(&state.app, public, admin).with_state(state)
}

/// One site's packs, as the handlers use them.
#[derive(Debug, Clone)]
pub struct SitePacks {
    pub default_locale: Locale,
    /// The site lists the `onboarding` module; when it does not, nobody is offered a pack.
    pub enabled: bool,
    pub packs: Vec<PackDef>,
}

impl SitePacks {
    /// The site's packs; `SiteNotFound` for an unknown site.
    pub async fn load(pool: &AnyPool, site: &str) -> Result<Self, AppError> {
        let settings = sites::settings(pool, site).await?;
        let packs = match storage::load_packs(pool, site).await? {
            Some(json) => serde_json::from_str(&json)
                .map_err(|e| AppError::internal(format!("stored packs of {site}: {e}")))?,
            None => Vec::new(),
        };
        Ok(Self {
            default_locale: settings.default_locale,
            enabled: settings.modules.contains(&Module::Onboarding),
            packs,
        })
    }

    /// The packs customers may be offered, in order.
    pub fn offered(&self) -> impl Iterator<Item = &PackDef> {
        self.packs.iter().filter(|p| self.enabled && p.active)
    }
}

/// What validating a site's packs needs: its locales and its tiers (`None`: the site has no
/// points programme).
pub fn site_context(settings: &SiteSettings, tiers: Option<Vec<String>>) -> SiteContext {
    SiteContext {
        default_locale: settings.default_locale,
        locales: settings.locales.clone(),
        tiers,
        check_selector: definitions::check_selector,
    }
}

/// A pack read from its file.
#[derive(Debug, Clone)]
pub struct PackFile {
    pub path: PathBuf,
    pub stamp: Stamp,
    pub pack: PackDef,
}

/// Reads and checks `<content>/<site>/onboarding/*.yaml` of every site that has the folder,
/// in file-name order. All problems of all files are reported together; missing
/// translations are logged as warnings, each naming its file and field.
pub fn load_files(
    content_dir: &Path,
    sites: &[SiteSettings],
    tiers: &[(String, Vec<String>)],
) -> Result<Vec<(String, Vec<PackFile>)>, StartupError> {
    let mut loaded = Vec::new();
    let mut problems = Vec::new();
    for site in sites {
        let dir = content_dir.join(&site.site).join(definitions::DIR);
        if !dir.is_dir() {
            continue;
        }
        let site_tiers = tiers
            .iter()
            .find(|(s, _)| *s == site.site)
            .map(|(_, t)| t.clone());
        let ctx = site_context(site, site_tiers);
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map_err(|source| StartupError::Io {
                path: dir.clone(),
                source,
            })?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
            .collect();
        paths.sort();
        let mut files: Vec<PackFile> = Vec::new();
        for path in paths {
            let Some(text) = yaml::read_file(&path, &mut problems) else {
                continue;
            };
            match definitions::parse_file(&text, &ctx) {
                Ok((pack, missing)) => {
                    for m in &missing {
                        tracing::warn!(
                            file = %path.display(),
                            field = %m.field,
                            locale = %m.locale,
                            "onboarding pack: {}",
                            m.describe(ctx.default_locale)
                        );
                    }
                    if let Some(other) = files.iter().find(|f| f.pack.id == pack.id) {
                        problems.push(ContentProblem {
                            path: path.clone(),
                            problems: vec![format!(
                                "id (duplicate): pack {:?} is already defined in {}",
                                pack.id,
                                other.path.display()
                            )],
                        });
                    }
                    let stamp = Stamp::of(&content_dir.join(&site.site), &path, text.as_bytes());
                    files.push(PackFile { path, stamp, pack });
                }
                Err(p) => problems.push(ContentProblem { path, problems: p }),
            }
        }
        if files.len() > definitions::PACKS_MAX {
            problems.push(ContentProblem {
                path: dir,
                problems: vec![format!("at most {} packs", definitions::PACKS_MAX)],
            });
        }
        loaded.push((site.site.clone(), files));
    }
    if problems.is_empty() {
        Ok(loaded)
    } else {
        Err(StartupError::Content(problems))
    }
}

/// `(field, article id)` of every step that opens an FAQ article.
pub fn faq_articles(pack: &PackDef) -> Vec<(String, &str)> {
    pack.steps
        .iter()
        .enumerate()
        .filter_map(|(j, s)| match &s.action {
            definitions::ActionDef::Faq { article } => {
                Some((format!("steps[{j}].action.article"), article.as_str()))
            }
            _ => None,
        })
        .collect()
}

/// Forgets these members' progress (demo mode: the sample members start over at every start,
/// with their points ledgers, so the demo shows a fresh member-starter pack and its reward).
pub async fn forget_members(
    pool: &AnyPool,
    site: &str,
    members: &[&str],
) -> Result<(), sqlx::Error> {
    for member in members {
        storage::forget(pool, site, &progress::member_subject(member)).await?;
    }
    Ok(())
}
