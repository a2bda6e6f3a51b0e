//! Startup wiring: bind, load content, connect the database, build the router, serve. The
//! only place that knows every feature: it loads their content, hands each the parts it
//! needs (`router`), and starts the background workers.

mod router;

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use axum::Router;
use patron_api::validate;
use sqlx::AnyPool;
use tokio::net::TcpListener;

use crate::assets::WidgetFiles;
use crate::auth::{key_digest, MemberSecret, MemberSecrets};
use crate::config::Config;
use crate::demo::{demo_origin, DEMO_ADMIN_KEY, DEMO_MEMBER_TOKEN_SECRET, DEMO_SITE};
use crate::error::StartupError;
use crate::http::Route;
use crate::jobs::Leased;
use crate::ports::{HelpArticles, Loyalty, PersonalData, SignInHandover};
use crate::privacy::retention::RetentionJob;
use crate::rate_limit::RateLimits;
use crate::state::AppState;
use crate::webhooks::worker::Worker;
use crate::{
    content, continuity, faq, onboarding, points, privacy, sites, storage, surveys, webhooks,
};

pub struct Application {
    listener: TcpListener,
    router: Router,
    pool: AnyPool,
    local_addr: SocketAddr,
    public_origin: Arc<str>,
    demo: bool,
    /// Started by `run_until_stopped`, stopped before the pool closes.
    webhook_worker: Worker,
    retention_job: RetentionJob,
    reminder_job: Leased<points::reminders::ExpiryReminders>,
    /// Every route the router serves.
    routes: Vec<Route>,
    caches: Caches,
}

/// The in-memory tables that requests fill, to watch that they stay bounded.
#[derive(Clone)]
pub struct Caches {
    surveys: Arc<surveys::Surveys>,
    faq: Arc<faq::FaqIndexes>,
    limits: Arc<RateLimits>,
}

/// How many entries each holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheSizes {
    pub survey_sites: u64,
    pub faq_sites: u64,
    pub rate_limit_clients: u64,
}

impl Caches {
    pub async fn sizes(&self) -> CacheSizes {
        CacheSizes {
            survey_sites: self.surveys.cached_sites().await,
            faq_sites: self.faq.cached_sites(),
            rate_limit_clients: self.limits.tracked_clients().await,
        }
    }

    /// Forgets refilled rate-limit budgets now instead of at the next periodic prune.
    pub fn prune(&self) {
        self.limits.prune();
    }
}

impl std::fmt::Debug for Application {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Application")
            .field("local_addr", &self.local_addr)
            .field("public_origin", &self.public_origin)
            .field("demo", &self.demo)
            .finish_non_exhaustive()
    }
}

impl Application {
    /// Binds the listener and prepares everything; nothing is served until
    /// `run_until_stopped`. Fails on bad configuration, bad content or an unusable database.
    pub async fn build(config: Config) -> Result<Self, StartupError> {
        if config.demo && !config.demo_public && !config.addr.ip().is_loopback() {
            return Err(StartupError::Config(format!(
                "--demo serves public keys and a public member secret; it listens on loopback \
                 only, not {} (add --demo-public to mean it)",
                config.addr
            )));
        }
        let listener =
            TcpListener::bind(config.addr)
                .await
                .map_err(|source| StartupError::Bind {
                    addr: config.addr,
                    source,
                })?;
        let local_addr = listener.local_addr().map_err(|source| StartupError::Bind {
            addr: config.addr,
            source,
        })?;
        let public_origin: Arc<str> =
            public_origin(config.public_url.as_deref(), local_addr)?.into();

        let entries = content::load_site_entries(&config.content_dir)?;
        let owners = content::SiteOwners::new(
            entries
                .iter()
                .map(|e| (e.settings.site.clone(), e.owners))
                .collect(),
        );
        let loyalty = points::load_rules(&config.content_dir, &entries)?;
        let site_list: Vec<_> = entries.iter().map(|e| e.settings.clone()).collect();
        let survey_files = surveys::load_files(&config.content_dir, &site_list)?;
        let tiers: Vec<(String, Vec<String>)> = loyalty
            .iter()
            .map(|file| {
                (
                    file.site.clone(),
                    file.rules.tiers.iter().map(|t| t.id.clone()).collect(),
                )
            })
            .collect();
        let pack_files = onboarding::load_files(&config.content_dir, &site_list, &tiers)?;
        // Loading the search dictionaries takes a moment; do it while the rest starts.
        tokio::task::spawn_blocking(faq::warm_up);

        let pool = storage::connect(&config.database_url).await?;
        // Each kind of content is imported as the site's `owners` say (`content::owners`).
        sites::import(&pool, &entries)
            .await
            .map_err(|e| StartupError::Database(format!("importing site settings: {e}")))?;
        sites::retire_removed(&pool, config.content_dir.is_dir(), &entries)
            .await
            .map_err(|e| StartupError::Database(format!("disabling removed sites: {e}")))?;
        if config.demo {
            add_demo_origin(&pool, &site_list, local_addr.port()).await?;
        }
        for entry in &entries {
            let site = entry.settings.site.as_str();
            let demo_key = (config.demo && site == DEMO_SITE).then(|| key_digest(DEMO_ADMIN_KEY));
            let key = entry.admin_key_sha256.clone().or(demo_key);
            storage::set_admin_key_hash(&pool, site, key.as_deref())
                .await
                .map_err(|e| StartupError::Database(format!("storing admin keys: {e}")))?;
        }
        let members = start_points(&pool, &entries, &owners, &loyalty, config.demo).await?;
        let retention: Vec<_> = entries
            .iter()
            .map(|e| (e.settings.site.clone(), e.retention))
            .collect();
        privacy::storage::store_retention(&pool, &retention, storage::now_millis())
            .await
            .map_err(|e| StartupError::Database(format!("storing retention periods: {e}")))?;
        let articles: Arc<dyn HelpArticles> = Arc::new(faq::Articles { pool: pool.clone() });
        let programme: Arc<dyn Loyalty> = Arc::new(points::Programme { pool: pool.clone() });
        let site_ids: Vec<String> = site_list.iter().map(|s| s.site.clone()).collect();
        faq::import_all(&pool, &config.content_dir, &site_ids, &owners)
            .await
            .map_err(|e| StartupError::Database(format!("importing FAQ articles: {e}")))?;
        surveys::import_all(&pool, &owners, &survey_files)
            .await
            .map_err(|e| StartupError::Database(format!("importing surveys: {e}")))?;
        onboarding::import::import_all(&pool, articles.as_ref(), &owners, &pack_files)
            .await
            .map_err(|e| StartupError::Database(format!("importing onboarding packs: {e:?}")))?;
        if config.demo && site_list.iter().any(|s| s.site == DEMO_SITE) {
            crate::console::demo::ensure_owner(&pool, storage::now_millis())
                .await
                .map_err(|e| StartupError::Database(format!("adding the demo owner: {e}")))?;
        }
        if config.demo {
            let samples: Vec<&str> = points::demo::SAMPLES.iter().map(|s| s.id).collect();
            onboarding::forget_members(&pool, DEMO_SITE, &samples)
                .await
                .map_err(|e| StartupError::Database(format!("resetting demo members: {e}")))?;
        }
        if config.demo && site_list.iter().any(|s| s.site == DEMO_SITE) {
            crate::history::seed(&demo_history(&pool), DEMO_SITE, storage::now_millis())
                .await
                .map_err(|e| StartupError::Database(format!("seeding the demo history: {e:?}")))?;
        }
        tracing::info!(sites = site_list.len(), "content loaded");

        let widget_dir = config.widget_dir.clone();
        let widget = tokio::task::spawn_blocking(move || WidgetFiles::load(&widget_dir))
            .await
            .map_err(|e| StartupError::Config(format!("loading widget files: {e}")))??;

        let state = AppState {
            pool: pool.clone(),
            public_origin: public_origin.clone(),
            admin_token: config.admin_token().map(Arc::from),
            demo: config.demo,
            content_dir: config.content_dir.clone().into(),
            members: Arc::new(members),
            owners: Arc::new(owners),
            console_sessions: crate::state::SessionSettings {
                ttl_ms: config.console_session_secs.saturating_mul(1000) as i64,
                secure: public_origin.starts_with("https://"),
            },
            reporting: Arc::new(crate::period::SiteReporting::new(
                entries
                    .iter()
                    .map(|e| (e.settings.site.clone(), e.reporting.clone()))
                    .collect(),
            )),
        };
        let wake = webhooks::bell();
        let site_budgets: Vec<_> = entries
            .iter()
            .map(|e| (e.settings.site.clone(), e.rate_limits.clone()))
            .collect();
        let limits = Arc::new(RateLimits::new(
            &config.rate_limits.budgets(),
            &site_budgets,
            config.rate_limits.proxies(),
        ));
        limits.spawn_pruner();
        let parts = router::Parts {
            docs: crate::apidoc::ApiDocs::build(),
            widget: Arc::new(widget),
            faq: Arc::new(faq::FaqIndexes::default()),
            surveys: Arc::new(surveys::Surveys::new(pool.clone(), wake.clone())),
            loyalty: programme,
            articles,
            holders: personal_data(),
            handovers: sign_in_handovers(),
            limits,
        };
        let caches = Caches {
            surveys: parts.surveys.clone(),
            faq: parts.faq.clone(),
            limits: parts.limits.clone(),
        };
        let points_webhooks = Arc::new(points::webhook::PointsWebhooks {
            pool: pool.clone(),
            content_dir: state.content_dir.clone(),
        });
        let endpoints = webhooks::Endpoints::default()
            .with(
                surveys::webhook::EVENTS,
                Arc::new(surveys::webhook::SurveyWebhooks {
                    pool: pool.clone(),
                    surveys: parts.surveys.clone(),
                    content_dir: state.content_dir.clone(),
                }),
            )
            .with(points::webhook::EVENTS, points_webhooks.clone())
            .with(points::webhook::REDEMPTION_EVENTS, points_webhooks);
        let reminder_job = Leased::new(
            pool.clone(),
            points::reminders::ExpiryReminders { wake: wake.clone() },
            std::time::Duration::from_secs(config.retention.expiry_reminder_interval_secs),
            std::time::Duration::from_secs(config.retention.job_lease_secs),
        );
        let webhook_settings = config.webhook.settings();
        if webhook_settings.allow_private {
            tracing::warn!("webhooks may go to private, loopback and link-local addresses");
        }
        let webhook_worker = Worker::new(pool.clone(), endpoints, webhook_settings, wake.clone());
        let retention_job =
            privacy::retention::job(pool.clone(), parts.holders.clone(), &config.retention);
        // Build the search indexes now rather than on each site's first search.
        let (faq, warm_pool) = (parts.faq.clone(), pool.clone());
        tokio::spawn(async move {
            for site in site_ids {
                if let Err(err) = faq.get(&warm_pool, &site).await {
                    tracing::warn!(site, ?err, "FAQ index not built at start-up");
                }
            }
        });
        if state.admin_token.is_none() {
            tracing::info!("no admin token set; the admin API answers 401");
        }
        let (router, routes) = router::router(state, parts, &config);
        tracing::info!(addr = %local_addr, public_origin = %public_origin, demo = config.demo, "listening");
        Ok(Self {
            listener,
            router,
            pool,
            local_addr,
            public_origin,
            demo: config.demo,
            webhook_worker,
            retention_job,
            reminder_job,
            routes,
            caches,
        })
    }

    /// The in-memory tables requests fill (a handle that outlives `run_until_stopped`).
    pub fn caches(&self) -> Caches {
        self.caches.clone()
    }

    /// Every route the router serves (method and path as written in the router).
    pub fn routes(&self) -> &[Route] {
        &self.routes
    }

    pub fn port(&self) -> u16 {
        self.local_addr.port()
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Patron's origin as browsers see it (`--public-url` or the bound address).
    pub fn public_origin(&self) -> &str {
        &self.public_origin
    }

    /// The demo shop URL, on `localhost` so it is a different origin from Patron's
    /// `127.0.0.1`, as a retailer's shop would be. `None` outside demo mode.
    pub fn demo_url(&self) -> Option<String> {
        self.demo.then(|| format!("{}/", demo_origin(self.port())))
    }

    /// In demo mode, the console's address and the demo owner's site, email and password.
    pub fn demo_console(&self) -> Option<(String, &'static str, &'static str, &'static str)> {
        self.demo.then(|| {
            (
                format!("{}{}", self.public_origin, patron_api::paths::CONSOLE),
                DEMO_SITE,
                crate::demo::DEMO_CONSOLE_EMAIL,
                crate::demo::DEMO_CONSOLE_PASSWORD,
            )
        })
    }

    /// Serves until SIGTERM or Ctrl-C, then lets in-flight requests finish.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let (stop_workers, stopped) = tokio::sync::watch::channel(false);
        let worker = tokio::spawn(self.webhook_worker.run(stopped.clone()));
        let retention = tokio::spawn(self.retention_job.run(stopped.clone()));
        let reminders = tokio::spawn(self.reminder_job.run(stopped));
        // The peer's address is the client for rate limits (`rate_limit::client`).
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        let result = axum::serve(self.listener, service)
            .with_graceful_shutdown(shutdown_signal())
            .await;
        let _ = stop_workers.send(true);
        let _ = worker.await;
        let _ = retention.await;
        let _ = reminders.await;
        self.pool.close().await;
        result
    }
}

/// Every feature's records about people, for erasure, export and retention (the command
/// line's `privacy` tools use the same list).
pub fn personal_data() -> privacy::Holders {
    let holders: Vec<Arc<dyn PersonalData>> = vec![
        Arc::new(webhooks::DeliveryCopies),
        Arc::new(surveys::privacy::SurveyRecords),
        Arc::new(faq::privacy::HelpRecords),
        Arc::new(onboarding::privacy::GuideRecords),
        Arc::new(points::privacy::LedgerRecords),
    ];
    holders.into()
}

/// Every feature that keeps what anonymous customers did, for their sign-in.
pub fn sign_in_handovers() -> continuity::Handovers {
    let handovers: Vec<Arc<dyn SignInHandover>> = vec![
        Arc::new(surveys::continuity::SurveyPacing),
        Arc::new(onboarding::continuity::GuideProgress),
    ];
    handovers.into()
}

/// Imports the loyalty rules, collects the member token secrets (the demo site gets the demo
/// secret in demo mode) and, in demo mode, reseeds the sample members.
async fn start_points(
    pool: &AnyPool,
    entries: &[content::SiteEntry],
    owners: &content::SiteOwners,
    loyalty: &[points::RulesFile],
    demo: bool,
) -> Result<MemberSecrets, StartupError> {
    let db = |what: &str, e: &dyn std::fmt::Display| StartupError::Database(format!("{what}: {e}"));
    points::import_rules(pool, owners, loyalty)
        .await
        .map_err(|e| db("importing loyalty rules", &e))?;
    let mut secrets = HashMap::new();
    for entry in entries {
        let site = entry.settings.site.as_str();
        let demo_secret = (demo && site == DEMO_SITE)
            .then(|| MemberSecret::new(DEMO_MEMBER_TOKEN_SECRET.as_bytes()));
        match (entry.member_token_secret.clone(), demo_secret) {
            (Some(secret), _) | (None, Some(Ok(secret))) => {
                secrets.insert(site.to_owned(), secret);
            }
            _ => {}
        }
    }
    if demo {
        if let Some(file) = loyalty.iter().find(|f| f.site == DEMO_SITE) {
            let now = storage::now_millis();
            points::demo::seed(pool, &file.rules, now)
                .await
                .map_err(|e| db("seeding demo members", &format!("{e:?}")))?;
        }
    }
    Ok(MemberSecrets::new(secrets))
}

fn public_origin(configured: Option<&str>, bound: SocketAddr) -> Result<String, StartupError> {
    if let Some(url) = configured {
        let origin = url.trim_end_matches('/');
        validate::origin(origin)
            .map_err(|v| StartupError::Config(format!("--public-url {url:?}: {}", v.message)))?;
        return Ok(origin.to_owned());
    }
    // A wildcard bind address is not somewhere a browser can go; use loopback instead.
    let ip = match bound.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    Ok(format!("http://{}", SocketAddr::new(ip, bound.port())))
}

/// The port is only known once bound, so the demo shop's origin cannot be in `site.yaml`: it
/// is added to the stored settings at every start (whoever owns them).
async fn add_demo_origin(
    pool: &AnyPool,
    site_list: &[patron_api::SiteSettings],
    port: u16,
) -> Result<(), StartupError> {
    if !site_list.iter().any(|s| s.site == DEMO_SITE) {
        tracing::warn!(
            "demo mode without a `{}` site in the content directory",
            DEMO_SITE
        );
        return Ok(());
    }
    sites::allow_stored_origin(pool, DEMO_SITE, &demo_origin(port))
        .await
        .map_err(|e| StartupError::Database(format!("allowing the demo shop: {e}")))
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::error!(%err, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::error!(%err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down; finishing in-flight requests");
}

/// Each feature's part of demo mode's generated history (`history`).
fn demo_history(pool: &AnyPool) -> Vec<Arc<dyn crate::ports::DemoHistory>> {
    vec![
        Arc::new(surveys::demo_history::SurveyHistory { pool: pool.clone() }),
        Arc::new(faq::demo_history::FaqHistory { pool: pool.clone() }),
        Arc::new(onboarding::demo_history::GuideHistory { pool: pool.clone() }),
        Arc::new(points::demo_history::PointsHistory { pool: pool.clone() }),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owned_kinds_name_the_files_features_read() {
        use content::Kind;
        assert_eq!(Kind::Settings.file(), content::SITE_FILE);
        assert_eq!(Kind::Surveys.file(), surveys::definitions::FILE);
        assert_eq!(Kind::Loyalty.file(), points::rules::LOYALTY_FILE);
        assert_eq!(
            Kind::Onboarding.file(),
            format!("{}/", onboarding::definitions::DIR)
        );
        assert_eq!(Kind::Faq.file(), format!("{}/", faq::import::DIR));
    }

    #[test]
    fn public_origin_defaults_to_a_reachable_address() {
        let any: SocketAddr = "0.0.0.0:8080".parse().expect("addr");
        assert_eq!(
            public_origin(None, any).expect("ok"),
            "http://127.0.0.1:8080"
        );
        let v6: SocketAddr = "[::]:9".parse().expect("addr");
        assert_eq!(public_origin(None, v6).expect("ok"), "http://[::1]:9");
        assert_eq!(
            public_origin(Some("https://patron.example.com/"), any).expect("ok"),
            "https://patron.example.com"
        );
        assert!(public_origin(Some("patron.example.com"), any).is_err());
    }
}
