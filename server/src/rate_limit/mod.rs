//! Request budgets, so that one script cannot flood a site's API or guess admin keys at full
//! speed (GCRA, by governor). Every request through `/v1/sites/{site}/…` and
//! `/assets/{site}/…` spends from two budgets of its kind:
//!
//! - reads (GET, and `POST …/surveys/eligibility`, which only asks) or writes (everything
//!   else: answers, displays, votes, contacts, events, redemptions);
//! - one client address on that site (`client_*`), and the site as a whole, all clients
//!   together (`site_*`). A site name the server does not know shares one table of client
//!   budgets with every other unknown name, and has no site budget.
//!
//! The admin API (`/v1/admin/…`) is never slowed for a correct credential: only refusals
//! (401) spend from the client's `admin_failures` budget, and once that is spent every admin
//! request from the client waits until it refills, so guessing gains nothing from a right guess
//! arriving early. Anything else (the widget's files, the loader, `/healthz`, `/docs/api`) is
//! not counted.
//!
//! Over budget, a request is answered 429 `rate_limited` with `Retry-After` (seconds), before
//! any handler or database work. Budgets are per instance: N instances behind a load balancer
//! allow N times as much. The client is the connection's peer, or with `--trusted-proxies` the
//! address in `X-Forwarded-For` (`client`).
//!
//! Memory: the tables are keyed by client address (an IPv6 client by its /64) and pruned every
//! `PRUNE_EVERY` of every client whose budget has refilled, so they hold only the clients seen
//! within about one refill time; the admin blocks are a bounded cache that expires.

pub mod budget;
pub mod client;
pub mod sign_in;

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::Clock;
use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, RateLimiter};
use patron_api::paths;
use serde::Deserialize;

use crate::error::AppError;
pub use budget::Budget;
pub use client::{parse_trusted_proxy, ClientKey, TrustedProxies};
pub use sign_in::SignInLimits;

// The defaults, with the reasoning in the README ("Security and privacy"). A shopper at their
// busiest reads about once a second and writes a few times a minute; a kiosk serves one
// shopper at a time; a mall's Wi-Fi puts hundreds of shoppers behind one address.
pub const CLIENT_READS: &str = "3000/min burst 600";
pub const CLIENT_WRITES: &str = "600/min burst 120";
pub const SITE_READS: &str = "60000/min burst 6000";
pub const SITE_WRITES: &str = "12000/min burst 1200";
pub const ADMIN_FAILURES: &str = "10/min burst 10";

/// How often refilled client budgets are forgotten.
pub const PRUNE_EVERY: Duration = Duration::from_secs(10);
/// The most clients whose admin requests wait at one time (a bounded cache).
pub const BLOCKED_MAX: u64 = 100_000;

/// The server-wide budgets (flags) and the scale every budget is multiplied by.
#[derive(Debug, Clone)]
pub struct Budgets {
    pub client_reads: Budget,
    pub client_writes: Budget,
    pub site_reads: Budget,
    pub site_writes: Budget,
    pub admin_failures: Budget,
    /// `--rate-limit-scale`: test harnesses and load tests raise every budget at once.
    pub scale: u32,
}

/// A site's own budgets, `rate_limits:` in its site.yaml; each one unset takes the server's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteBudgets {
    #[serde(default)]
    pub client_reads: Option<Budget>,
    #[serde(default)]
    pub client_writes: Option<Budget>,
    #[serde(default)]
    pub site_reads: Option<Budget>,
    #[serde(default)]
    pub site_writes: Option<Budget>,
}

/// What a request spends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Read,
    Write,
}

type ClientTable = DefaultKeyedRateLimiter<ClientKey>;

struct SiteLimiters {
    client_reads: ClientTable,
    client_writes: ClientTable,
    /// `None` for the shared table of unknown site names.
    site: Option<(DefaultDirectRateLimiter, DefaultDirectRateLimiter)>,
}

impl SiteLimiters {
    fn new(budgets: &Budgets, own: &SiteBudgets, whole_site: bool) -> Self {
        let pick =
            |own: Option<Budget>, default: Budget| own.unwrap_or(default).quota(budgets.scale);
        Self {
            client_reads: RateLimiter::keyed(pick(own.client_reads, budgets.client_reads)),
            client_writes: RateLimiter::keyed(pick(own.client_writes, budgets.client_writes)),
            site: whole_site.then(|| {
                (
                    RateLimiter::direct(pick(own.site_reads, budgets.site_reads)),
                    RateLimiter::direct(pick(own.site_writes, budgets.site_writes)),
                )
            }),
        }
    }

    /// Spends one request of `kind` for `client`; the wait when over budget.
    fn spend(&self, kind: Kind, client: ClientKey) -> Result<(), Duration> {
        let table = match kind {
            Kind::Read => &self.client_reads,
            Kind::Write => &self.client_writes,
        };
        table
            .check_key(&client)
            .map_err(|late| late.wait_time_from(table.clock().now()))?;
        if let Some((reads, writes)) = &self.site {
            let whole = match kind {
                Kind::Read => reads,
                Kind::Write => writes,
            };
            whole
                .check()
                .map_err(|late| late.wait_time_from(whole.clock().now()))?;
        }
        Ok(())
    }

    fn tables(&self) -> [&ClientTable; 2] {
        [&self.client_reads, &self.client_writes]
    }
}

/// Every budget of this instance.
pub struct RateLimits {
    proxies: TrustedProxies,
    sites: HashMap<String, SiteLimiters>,
    unknown_sites: SiteLimiters,
    admin_failures: ClientTable,
    /// Clients whose admin failures are spent, until when.
    blocked: moka::future::Cache<ClientKey, Instant>,
    /// Failed console sign-ins.
    sign_in: SignInLimits,
}

impl RateLimits {
    /// Budgets for the sites the server knows (with their own `rate_limits:`), and one shared
    /// table for any other name.
    pub fn new(
        budgets: &Budgets,
        sites: &[(String, SiteBudgets)],
        proxies: TrustedProxies,
    ) -> Self {
        let failures = budgets.admin_failures.quota(budgets.scale);
        Self {
            proxies,
            sites: sites
                .iter()
                .map(|(site, own)| (site.clone(), SiteLimiters::new(budgets, own, true)))
                .collect(),
            unknown_sites: SiteLimiters::new(budgets, &SiteBudgets::default(), false),
            admin_failures: RateLimiter::keyed(failures),
            sign_in: SignInLimits::new(budgets.scale),
            // A client blocked after a failure waits at most one refill interval.
            blocked: moka::future::Cache::builder()
                .max_capacity(BLOCKED_MAX)
                .time_to_live(failures.replenish_interval())
                .build(),
        }
    }

    fn client(&self, req: &Request) -> ClientKey {
        self.client_of(req.extensions(), req.headers())
    }

    /// The client of a request (the peer, or with `--trusted-proxies` the forwarded address).
    pub fn client_of(
        &self,
        extensions: &axum::http::Extensions,
        headers: &axum::http::HeaderMap,
    ) -> ClientKey {
        let peer = extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
        ClientKey::of(self.proxies.client_ip(peer, headers))
    }

    /// Failed console sign-ins.
    pub fn sign_in(&self) -> &SignInLimits {
        &self.sign_in
    }

    /// Spends one request of `kind` on `site` for `client`; the wait when over budget.
    pub fn spend(&self, site: &str, kind: Kind, client: ClientKey) -> Result<(), Duration> {
        self.sites
            .get(site)
            .unwrap_or(&self.unknown_sites)
            .spend(kind, client)
    }

    /// Runs an admin request, counting it against the client if it was refused.
    async fn guard_admin(&self, client: ClientKey, req: Request, next: Next) -> Response {
        if let Some(until) = self.blocked.get(&client).await {
            let now = Instant::now();
            if until > now {
                return AppError::RateLimited(until - now).into_response();
            }
        }
        let response = next.run(req).await;
        if response.status() != StatusCode::UNAUTHORIZED {
            return response;
        }
        match self.admin_failures.check_key(&client) {
            Ok(()) => response,
            Err(late) => {
                let wait = late.wait_time_from(self.admin_failures.clock().now());
                self.blocked.insert(client, Instant::now() + wait).await;
                AppError::RateLimited(wait).into_response()
            }
        }
    }

    fn tables(&self) -> impl Iterator<Item = &ClientTable> {
        self.sites
            .values()
            .chain([&self.unknown_sites])
            .flat_map(SiteLimiters::tables)
            .chain([&self.admin_failures])
    }

    /// Forgets every client whose budget has refilled.
    pub fn prune(&self) {
        for table in self.tables() {
            table.retain_recent();
            table.shrink_to_fit();
        }
        self.sign_in.prune();
    }

    /// How many clients the tables remember (for tests and the load command).
    pub async fn tracked_clients(&self) -> u64 {
        self.blocked.run_pending_tasks().await;
        let tables: usize = self.tables().map(ClientTable::len).sum();
        tables as u64 + self.blocked.entry_count() + self.sign_in.tracked()
    }

    /// Prunes every `PRUNE_EVERY` until the limits are dropped.
    pub fn spawn_pruner(self: &Arc<Self>) {
        let limits: Weak<Self> = Arc::downgrade(self);
        tokio::spawn(async move {
            let mut every = tokio::time::interval(PRUNE_EVERY);
            every.tick().await;
            loop {
                every.tick().await;
                match limits.upgrade() {
                    Some(limits) => limits.prune(),
                    None => break,
                }
            }
        });
    }
}

/// What budget a request is counted against.
#[derive(Debug, PartialEq, Eq)]
enum Scope {
    Site { site: String, kind: Kind },
    Admin,
}

impl Scope {
    fn of(method: &Method, path: &str) -> Option<Self> {
        if path.starts_with("/v1/admin/") {
            return Some(Self::Admin);
        }
        let (rest, always_read) = match path.strip_prefix("/v1/sites/") {
            Some(rest) => (rest, false),
            None => (path.strip_prefix("/assets/")?, true),
        };
        let segment = rest.split('/').next().unwrap_or_default();
        // `%64emo` is routed as `demo`, so it spends demo's budget.
        let site = percent_encoding::percent_decode_str(segment)
            .decode_utf8_lossy()
            .into_owned();
        let reads = always_read
            || matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
            || (*method == Method::POST && route_matches(paths::SURVEY_ELIGIBILITY, path));
        let kind = if reads { Kind::Read } else { Kind::Write };
        Some(Self::Site { site, kind })
    }
}

/// Whether `path` is an instance of `template` (`{name}` matches any one segment).
fn route_matches(template: &str, path: &str) -> bool {
    let (mut t, mut p) = (template.split('/'), path.split('/'));
    loop {
        match (t.next(), p.next()) {
            (None, None) => return true,
            (Some(want), Some(got)) if want == got || want.starts_with('{') => {}
            _ => return false,
        }
    }
}

/// The middleware: counts each request against its budgets before anything else runs.
pub async fn limit(State(limits): State<Arc<RateLimits>>, req: Request, next: Next) -> Response {
    let Some(scope) = Scope::of(req.method(), req.uri().path()) else {
        return next.run(req).await;
    };
    let client = limits.client(&req);
    match scope {
        Scope::Admin => limits.guard_admin(client, req, next).await,
        Scope::Site { site, kind } => match limits.spend(&site, kind, client) {
            Ok(()) => next.run(req).await,
            Err(wait) => AppError::RateLimited(wait).into_response(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults() -> Budgets {
        Budgets {
            client_reads: Budget::per_minute(60, 3),
            client_writes: Budget::per_minute(60, 2),
            site_reads: Budget::per_minute(60, 5),
            site_writes: Budget::per_minute(60, 5),
            admin_failures: Budget::per_minute(60, 1),
            scale: 1,
        }
    }

    fn client(s: &str) -> ClientKey {
        ClientKey::of(s.parse().expect("ip"))
    }

    #[test]
    fn requests_are_classified_by_route_and_method() {
        let site = |site: &str, kind| {
            Some(Scope::Site {
                site: site.into(),
                kind,
            })
        };
        assert_eq!(
            Scope::of(&Method::GET, "/v1/sites/demo/faq/search"),
            site("demo", Kind::Read)
        );
        assert_eq!(
            Scope::of(&Method::POST, "/v1/sites/demo/surveys/eligibility"),
            site("demo", Kind::Read)
        );
        assert_eq!(
            Scope::of(&Method::POST, "/v1/sites/demo/surveys/responses"),
            site("demo", Kind::Write)
        );
        assert_eq!(
            Scope::of(&Method::POST, "/v1/sites/%64emo/contact"),
            site("demo", Kind::Write)
        );
        assert_eq!(
            Scope::of(&Method::GET, "/assets/demo/logo.svg"),
            site("demo", Kind::Read)
        );
        assert_eq!(
            Scope::of(&Method::PUT, "/v1/admin/sites/demo/settings"),
            Some(Scope::Admin)
        );
        assert_eq!(Scope::of(&Method::GET, "/widget/index.html"), None);
        assert_eq!(Scope::of(&Method::GET, "/healthz"), None);
    }

    #[test]
    fn each_client_and_each_site_has_its_own_budget() {
        let limits = RateLimits::new(
            &defaults(),
            &[("demo".into(), SiteBudgets::default())],
            TrustedProxies::default(),
        );
        let (a, b, c) = (
            client("203.0.113.1"),
            client("203.0.113.2"),
            client("203.0.113.3"),
        );
        for _ in 0..3 {
            assert!(limits.spend("demo", Kind::Read, a).is_ok());
        }
        let wait = limits.spend("demo", Kind::Read, a).expect_err("a is over");
        assert!(wait <= Duration::from_secs(1), "{wait:?}");
        // Writes are a budget of their own; so is every other client, until the site's.
        assert!(limits.spend("demo", Kind::Write, a).is_ok());
        assert!(limits.spend("demo", Kind::Read, b).is_ok());
        assert!(limits.spend("demo", Kind::Read, b).is_ok());
        assert!(
            limits.spend("demo", Kind::Read, c).is_err(),
            "the site's 5 reads are spent"
        );
        // Unknown sites share one table of client budgets and no site budget.
        for _ in 0..3 {
            assert!(limits.spend("nope", Kind::Read, c).is_ok());
        }
        assert!(limits.spend("other-nope", Kind::Read, c).is_err());
    }

    #[test]
    fn a_site_may_raise_its_own_budgets() {
        let own = SiteBudgets {
            client_reads: Some(Budget::per_minute(600, 50)),
            site_reads: Some(Budget::per_minute(600, 50)),
            ..SiteBudgets::default()
        };
        let limits = RateLimits::new(
            &defaults(),
            &[("kiosk".into(), own)],
            TrustedProxies::default(),
        );
        let a = client("203.0.113.1");
        for _ in 0..50 {
            assert!(limits.spend("kiosk", Kind::Read, a).is_ok());
        }
        assert!(limits.spend("kiosk", Kind::Read, a).is_err());
    }

    #[test]
    fn pruning_forgets_refilled_clients() {
        let limits = RateLimits::new(
            &Budgets {
                client_reads: "1000/s burst 1".parse().expect("budget"),
                ..defaults()
            },
            &[],
            TrustedProxies::default(),
        );
        for i in 0..200u32 {
            let ip = IpAddr::V4(Ipv4Addr::from(0x0a00_0000 + i));
            let _ = limits.spend("x", Kind::Read, ClientKey::of(ip));
        }
        assert_eq!(limits.unknown_sites.client_reads.len(), 200);
        std::thread::sleep(Duration::from_millis(5));
        limits.prune();
        assert_eq!(limits.unknown_sites.client_reads.len(), 0);
    }

    #[test]
    fn templates_match_segments() {
        assert!(route_matches(
            paths::SURVEY_ELIGIBILITY,
            "/v1/sites/x/surveys/eligibility"
        ));
        assert!(!route_matches(
            paths::SURVEY_ELIGIBILITY,
            "/v1/sites/x/surveys/eligibility/y"
        ));
        assert!(!route_matches(
            paths::SURVEY_ELIGIBILITY,
            "/v1/sites/x/surveys/responses"
        ));
    }
}
