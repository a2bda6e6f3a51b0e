//! Command line and environment configuration. Every flag has an environment twin so the
//! server can be configured the same way from a shell, a container or a test harness.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::builder::BoolishValueParser;
use clap::{Args, Parser, Subcommand, ValueEnum};
use ipnet::IpNet;

use crate::rate_limit::{self, parse_trusted_proxy, Budget, Budgets, TrustedProxies};

#[derive(Debug, Parser)]
#[command(
    name = "patron-server",
    version,
    about = "Patron reference backend: site settings API, widget hosting and the demo shop",
    long_about = "Patron reference backend.\n\nWithout a subcommand it runs `serve`.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Flags of `serve`, accepted without the subcommand too.
    #[command(flatten)]
    pub serve: Config,
}

impl Cli {
    /// The command to run; `serve` when none was named.
    pub fn into_command(self) -> Command {
        self.command.unwrap_or(Command::Serve(self.serve))
    }
}

// Built once per process from the command line: the size of `Serve` costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP server (the default).
    Serve(Config),
    /// Report the widget's download size (raw, gzip, brotli) and check it against a budget.
    SizeReport(SizeReportArgs),
    /// FAQ content tools: import articles, measure search relevance and speed.
    #[command(subcommand)]
    Faq(FaqCommand),
    /// Survey tools: measure how fast responses are recorded.
    #[command(subcommand)]
    Surveys(SurveysCommand),
    /// Site tools: start a new site's content folder.
    #[command(subcommand)]
    Sites(SitesCommand),
    /// Privacy: erase or export what is held about a member or a device (the twins of
    /// `POST|GET /v1/admin/sites/{site}/privacy/…`).
    #[command(subcommand)]
    Privacy(PrivacyCommand),
    /// Points tools: upload a coupon's codes (the twin of `POST …/points/rewards/{reward}/codes`).
    #[command(subcommand)]
    Points(PointsCommand),
    /// Console users: add one (the first owner of a site), password from standard input.
    #[command(subcommand)]
    Users(UsersCommand),
    /// Console tools: measure the overview's latency on a big database.
    #[command(subcommand)]
    Console(ConsoleCommand),
    /// Flood a server process with random sites, devices and queries; print requests/s, p99
    /// and its resident memory before and after (a benchmark, not a test).
    Load(LoadArgs),
}

#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Add a console user; the password is read from standard input (one line).
    Add(UsersAddArgs),
}

#[derive(Debug, Clone, Args)]
pub struct UsersAddArgs {
    /// The site.
    #[arg(long)]
    pub site: String,

    #[arg(long)]
    pub email: String,

    /// owner, agent or viewer.
    #[arg(long, value_parser = ["owner", "agent", "viewer"])]
    pub role: String,

    #[command(flatten)]
    pub database: DatabaseArg,
}

#[derive(Debug, Subcommand)]
pub enum ConsoleCommand {
    /// Latency of `GET …/overview` over real HTTP with 200,000 answers and 50,000 contacts
    /// (a benchmark, not a test).
    Bench(ConsoleBenchArgs),
}

#[derive(Clone, Args)]
pub struct ConsoleBenchArgs {
    /// How many overview requests to time.
    #[arg(long, default_value_t = 200)]
    pub requests: usize,

    /// Concurrent connections.
    #[arg(long, default_value_t = 1)]
    pub concurrency: usize,

    /// Requests sent before timing starts.
    #[arg(long, default_value_t = 10)]
    pub warmup: usize,

    /// Survey answers seeded.
    #[arg(long, default_value_t = 200_000)]
    pub answers: usize,

    /// Contact requests seeded.
    #[arg(long, default_value_t = 50_000)]
    pub contacts: usize,

    /// Over how many days before now.
    #[arg(long, default_value_t = 180)]
    pub days: i64,

    /// A PostgreSQL server (`postgres://user@host:port/db`) to create the bench's database
    /// on; SQLite in a temporary folder when absent.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
}

impl std::fmt::Debug for ConsoleBenchArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConsoleBenchArgs")
            .field("requests", &self.requests)
            .field("answers", &self.answers)
            .field("contacts", &self.contacts)
            .field(
                "database_url",
                &self.database_url.as_deref().map(redact_url),
            )
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Subcommand)]
pub enum SitesCommand {
    /// Write a new site's folder (commented site.yaml, surveys.yaml, loyalty.yaml, faq/,
    /// onboarding/), generate its admin key, print the key once and keep only its SHA-256 in
    /// site.yaml. Never overwrites an existing site.
    New(SitesNewArgs),
}

#[derive(Debug, Clone, Args)]
pub struct SitesNewArgs {
    /// The new site's id: 1 to 63 lowercase letters, digits or '-', not starting with '-'.
    pub site: String,

    /// The content directory the server reads (the site becomes `<content-dir>/<site>/`).
    #[arg(long, env = "PATRON_CONTENT_DIR", default_value = "content")]
    pub content_dir: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum PrivacyCommand {
    /// Removes or anonymises everything held about them; prints the counts as JSON.
    Erase(PrivacyArgs),
    /// Prints everything held about them as JSON.
    Export(PrivacyArgs),
}

#[derive(Clone, Args)]
pub struct PrivacyArgs {
    /// The site.
    #[arg(long)]
    pub site: String,

    /// A member id.
    #[arg(long)]
    pub member: Option<String>,

    /// A device id (the widget's `patronDevice`).
    #[arg(long)]
    pub device: Option<String>,

    /// sqlite://path or postgres://user:pass@host/db.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/patron.db",
        hide_env_values = true
    )]
    pub database_url: String,
}

impl std::fmt::Debug for PrivacyArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PrivacyArgs")
            .field("site", &self.site)
            .field("database_url", &redact_url(&self.database_url))
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Subcommand)]
pub enum PointsCommand {
    /// Adds the codes of FILE (one a line; blank lines skipped) to a pool coupon's pool and
    /// prints the pool's state as JSON, with a warning when it is running low.
    Codes(CodesArgs),
}

#[derive(Debug, Clone, Args)]
pub struct CodesArgs {
    /// The site.
    #[arg(long)]
    pub site: String,

    /// A coupon reward whose codes come from a pool.
    #[arg(long)]
    pub reward: String,

    /// The file of codes.
    pub file: PathBuf,

    #[command(flatten)]
    pub database: DatabaseArg,
}

/// The database of a command beside `serve`; its URL is never printed whole (it may hold a
/// password).
#[derive(Clone, Args)]
pub struct DatabaseArg {
    /// sqlite://path or postgres://user:pass@host/db.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/patron.db",
        hide_env_values = true
    )]
    pub database_url: String,
}

impl std::fmt::Debug for DatabaseArg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&redact_url(&self.database_url))
    }
}

/// What `patron-server load` sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LoadScenario {
    /// The demo site's public API, with a random device id, query and session each time.
    Flood,
    /// The same routes (and survey follow-ups) for random site names.
    UnknownSites,
}

impl LoadScenario {
    pub fn name(self) -> &'static str {
        match self {
            Self::Flood => "flood",
            Self::UnknownSites => "unknown-sites",
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct LoadArgs {
    /// One scenario [default: both].
    #[arg(long, value_enum)]
    pub scenario: Option<LoadScenario>,

    /// Requests measured per scenario.
    #[arg(long, default_value_t = 100_000)]
    pub requests: usize,

    /// Concurrent connections.
    #[arg(long, default_value_t = 32)]
    pub concurrency: usize,

    /// Requests sent before the memory is first read: enough for the allocator's arenas, the
    /// connection pool and the caches to reach their working size.
    #[arg(long, default_value_t = 20_000)]
    pub warmup: usize,

    /// The server to start [default: this executable], e.g. an older build to compare.
    #[arg(long)]
    pub server_bin: Option<PathBuf>,

    #[arg(long, default_value = "content")]
    pub content_dir: PathBuf,

    #[arg(long, default_value = "dist")]
    pub widget_dir: PathBuf,

    /// More flags for `serve`, after `--` (e.g. `-- --rate-limit-scale 1000`).
    #[arg(last = true)]
    pub server_args: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum SurveysCommand {
    /// Responses/s and latency of `POST …/surveys/responses` over real HTTP against a fresh
    /// SQLite database (a benchmark, not a test).
    Bench(SurveysBenchArgs),
}

#[derive(Debug, Clone, Args)]
pub struct SurveysBenchArgs {
    /// How many responses to time.
    #[arg(long, default_value_t = 20_000)]
    pub requests: usize,

    /// Concurrent connections.
    #[arg(long, default_value_t = 32)]
    pub concurrency: usize,

    /// Responses sent before timing starts.
    #[arg(long, default_value_t = 1_000)]
    pub warmup: usize,
}

/// Webhook delivery (see `webhooks::worker`).
#[derive(Debug, Clone, Args)]
pub struct WebhookArgs {
    /// How often the webhook worker looks for due deliveries (it is also woken by new events).
    #[arg(long, env = "PATRON_WEBHOOK_POLL_MS", default_value_t = 1000)]
    pub webhook_poll_ms: u64,

    /// Delay before the first retry of a failed delivery; doubled after each failure.
    #[arg(long, env = "PATRON_WEBHOOK_BACKOFF_MS", default_value_t = 1000)]
    pub webhook_backoff_ms: u64,

    /// Longest delay between retries.
    #[arg(long, env = "PATRON_WEBHOOK_BACKOFF_MAX_SECS", default_value_t = 3600)]
    pub webhook_backoff_max_secs: u64,

    /// Timeout of one delivery attempt (connecting, sending and the answer).
    #[arg(long, env = "PATRON_WEBHOOK_TIMEOUT_SECS", default_value_t = 10)]
    pub webhook_timeout_secs: u64,

    /// A delivery is given up (and listed as failed) after this many attempts.
    #[arg(long, env = "PATRON_WEBHOOK_MAX_ATTEMPTS", default_value_t = 30,
        value_parser = clap::value_parser!(u32).range(1..))]
    pub webhook_max_attempts: u32,

    /// A delivery is given up when its next attempt would come later than this after the
    /// event (72 hours by default).
    #[arg(long, env = "PATRON_WEBHOOK_MAX_AGE_SECS", default_value_t = 259_200)]
    pub webhook_max_age_secs: u64,

    /// Deliveries of one site in flight at once, on all instances together: a slow or
    /// failing endpoint holds no more than this, and every other site's go on.
    #[arg(long, env = "PATRON_WEBHOOK_SITE_CONCURRENCY", default_value_t = 4,
        value_parser = clap::value_parser!(u32).range(1..))]
    pub webhook_site_concurrency: u32,

    /// Deliveries in flight at once on this instance.
    #[arg(long, env = "PATRON_WEBHOOK_CONCURRENCY", default_value_t = 64,
        value_parser = clap::value_parser!(u32).range(1..))]
    pub webhook_concurrency: u32,

    /// Let webhooks go to private, loopback and link-local addresses (a receiver on the same
    /// machine or network: the demo, tests). Off, such targets are refused.
    #[arg(long, env = "PATRON_ALLOW_PRIVATE_WEBHOOKS", value_parser = BoolishValueParser::new())]
    pub allow_private_webhooks: bool,
}

impl Default for WebhookArgs {
    fn default() -> Self {
        Self {
            webhook_poll_ms: 1000,
            webhook_backoff_ms: 1000,
            webhook_backoff_max_secs: 3600,
            webhook_timeout_secs: 10,
            webhook_max_attempts: 30,
            webhook_max_age_secs: 259_200,
            webhook_site_concurrency: 4,
            webhook_concurrency: 64,
            allow_private_webhooks: false,
        }
    }
}

impl WebhookArgs {
    pub fn settings(&self) -> WebhookSettings {
        WebhookSettings {
            poll: Duration::from_millis(self.webhook_poll_ms.max(1)),
            backoff_base: Duration::from_millis(self.webhook_backoff_ms),
            backoff_max: Duration::from_secs(self.webhook_backoff_max_secs),
            timeout: Duration::from_secs(self.webhook_timeout_secs.max(1)),
            max_attempts: self.webhook_max_attempts.max(1),
            max_age: Duration::from_secs(self.webhook_max_age_secs),
            per_site: self.webhook_site_concurrency.max(1) as usize,
            concurrency: self.webhook_concurrency.max(1) as usize,
            allow_private: self.allow_private_webhooks,
        }
    }
}

/// Webhook delivery, as the worker uses it.
#[derive(Debug, Clone, Copy)]
pub struct WebhookSettings {
    /// How often to look for due deliveries when not woken by a new one.
    pub poll: Duration,
    pub backoff_base: Duration,
    pub backoff_max: Duration,
    /// For one HTTP attempt.
    pub timeout: Duration,
    pub max_attempts: u32,
    pub max_age: Duration,
    /// In flight per site, across instances.
    pub per_site: usize,
    /// In flight on this instance.
    pub concurrency: usize,
    pub allow_private: bool,
}

impl WebhookSettings {
    /// How long a claim holds: longer than any attempt can take.
    pub fn lease(&self) -> Duration {
        self.timeout + Duration::from_secs(30)
    }

    /// The wait after the `attempts`-th failed attempt (1-based).
    pub fn backoff(&self, attempts: i64) -> Duration {
        let doublings = u32::try_from(attempts.saturating_sub(1).clamp(0, 30)).unwrap_or(30);
        self.backoff_base
            .saturating_mul(2u32.saturating_pow(doublings))
            .min(self.backoff_max)
    }
}

/// The retention job (see `privacy::retention`).
#[derive(Debug, Clone, Args)]
pub struct RetentionArgs {
    /// How often the retention job deletes what the sites' `retention:` no longer allows.
    #[arg(long, env = "PATRON_RETENTION_INTERVAL_SECS", default_value_t = 3600,
        value_parser = clap::value_parser!(u64).range(1..))]
    pub retention_interval_secs: u64,

    /// How long the instance running background jobs holds their lease without renewing it;
    /// another instance takes over this long after the holder stops.
    #[arg(long, env = "PATRON_JOB_LEASE_SECS", default_value_t = 60,
        value_parser = clap::value_parser!(u64).range(1..))]
    pub job_lease_secs: u64,

    /// How often the points expiry reminders (`points.expiring`, 30 and 7 days before) look
    /// for lots to remind.
    #[arg(long, env = "PATRON_EXPIRY_REMINDER_INTERVAL_SECS", default_value_t = 3600,
        value_parser = clap::value_parser!(u64).range(1..))]
    pub expiry_reminder_interval_secs: u64,
}

impl Default for RetentionArgs {
    fn default() -> Self {
        Self {
            retention_interval_secs: 3600,
            job_lease_secs: 60,
            expiry_reminder_interval_secs: 3600,
        }
    }
}

/// Request budgets (see `rate_limit`) and whose `X-Forwarded-For` to believe. Budgets are
/// `COUNT/s|min|h [burst N]`, per instance; a site may set its own in site.yaml.
#[derive(Debug, Clone, Args)]
pub struct RateLimitArgs {
    /// Reads (settings, FAQ, articles, programme, guides, survey eligibility) by one client
    /// address on one site.
    #[arg(long, env = "PATRON_RATE_LIMIT_CLIENT_READS", default_value = rate_limit::CLIENT_READS)]
    pub rate_limit_client_reads: Budget,

    /// Writes (answers, displays, votes, contacts, events, redemptions) by one client address
    /// on one site.
    #[arg(long, env = "PATRON_RATE_LIMIT_CLIENT_WRITES", default_value = rate_limit::CLIENT_WRITES)]
    pub rate_limit_client_writes: Budget,

    /// Reads on one site by all clients together.
    #[arg(long, env = "PATRON_RATE_LIMIT_SITE_READS", default_value = rate_limit::SITE_READS)]
    pub rate_limit_site_reads: Budget,

    /// Writes on one site by all clients together.
    #[arg(long, env = "PATRON_RATE_LIMIT_SITE_WRITES", default_value = rate_limit::SITE_WRITES)]
    pub rate_limit_site_writes: Budget,

    /// Refused admin credentials from one client address; once spent, its admin requests wait
    /// (a correct credential spends nothing).
    #[arg(long, env = "PATRON_RATE_LIMIT_ADMIN_FAILURES", default_value = rate_limit::ADMIN_FAILURES)]
    pub rate_limit_admin_failures: Budget,

    /// Multiplies every budget (count and burst), for test harnesses and load tests that send
    /// far more from one address than people do.
    #[arg(
        long,
        env = "PATRON_RATE_LIMIT_SCALE",
        default_value_t = 1,
        value_parser = clap::value_parser!(u32).range(1..)
    )]
    pub rate_limit_scale: u32,

    /// Proxies (CIDRs or addresses, comma-separated) whose `X-Forwarded-For` names the
    /// client; from anyone else the header is ignored [default: none].
    #[arg(
        long,
        env = "PATRON_TRUSTED_PROXIES",
        value_delimiter = ',',
        value_parser = parse_trusted_proxy
    )]
    pub trusted_proxies: Vec<IpNet>,
}

impl Default for RateLimitArgs {
    fn default() -> Self {
        let budget = |s: &str| s.parse().unwrap_or_else(|e| panic!("default budget {e}"));
        Self {
            rate_limit_client_reads: budget(rate_limit::CLIENT_READS),
            rate_limit_client_writes: budget(rate_limit::CLIENT_WRITES),
            rate_limit_site_reads: budget(rate_limit::SITE_READS),
            rate_limit_site_writes: budget(rate_limit::SITE_WRITES),
            rate_limit_admin_failures: budget(rate_limit::ADMIN_FAILURES),
            rate_limit_scale: 1,
            trusted_proxies: Vec::new(),
        }
    }
}

impl RateLimitArgs {
    pub fn budgets(&self) -> Budgets {
        Budgets {
            client_reads: self.rate_limit_client_reads,
            client_writes: self.rate_limit_client_writes,
            site_reads: self.rate_limit_site_reads,
            site_writes: self.rate_limit_site_writes,
            admin_failures: self.rate_limit_admin_failures,
            scale: self.rate_limit_scale,
        }
    }

    pub fn proxies(&self) -> TrustedProxies {
        TrustedProxies::new(self.trusted_proxies.clone())
    }
}

#[derive(Debug, Subcommand)]
pub enum FaqCommand {
    /// Import a folder of Markdown articles into a site (upsert by id and locale; never
    /// deletes). Exit code 2 when any file was rejected.
    Import(FaqImportArgs),
    /// Search relevance (top-1/top-3 hit rates) on labelled queries; no database needed.
    Eval(FaqEvalArgs),
    /// Index build time and search latency on generated articles.
    Bench(FaqBenchArgs),
}

#[derive(Clone, Args)]
pub struct FaqImportArgs {
    /// The site to import into.
    #[arg(long)]
    pub site: String,

    /// Folder of `*.md` articles (searched recursively), e.g. content/demo/faq.
    pub dir: PathBuf,

    /// sqlite://path (created if missing) or postgres://user:pass@host/db.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/patron.db",
        hide_env_values = true
    )]
    pub database_url: String,
}

impl std::fmt::Debug for FaqImportArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FaqImportArgs")
            .field("site", &self.site)
            .field("dir", &self.dir)
            .field("database_url", &redact_url(&self.database_url))
            .finish()
    }
}

#[derive(Debug, Clone, Args)]
pub struct FaqEvalArgs {
    /// A site folder (`content/<site>`, whose `faq/` is read).
    #[arg(long, default_value = "content/demo")]
    pub content: PathBuf,

    /// YAML list of `{q, locale, expect: [ids]}`; repeat for several files.
    #[arg(long, required = true)]
    pub queries: Vec<PathBuf>,

    /// Synonyms to use instead of the site's `faq/synonyms.yaml`.
    #[arg(long)]
    pub synonyms: Option<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub struct FaqBenchArgs {
    /// How many articles to generate.
    #[arg(long, default_value_t = 5000)]
    pub articles: usize,

    /// How many searches to time.
    #[arg(long, default_value_t = 2000)]
    pub queries: usize,

    /// The site folder whose articles are recombined.
    #[arg(long, default_value = "content/demo")]
    pub content: PathBuf,

    /// Labelled query files to include among the queries.
    #[arg(long = "query-file")]
    pub query_files: Vec<PathBuf>,

    /// Random seed, for repeatable runs.
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

/// Everything `serve` needs. Tests build it directly instead of parsing a command line.
#[derive(Clone, Args)]
pub struct Config {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, env = "PATRON_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,

    /// sqlite://path (created if missing) or postgres://user:pass@host/db.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/patron.db",
        hide_env_values = true
    )]
    pub database_url: String,

    /// Directory holding one `<site>/site.yaml` (and optional `<site>/public/`) per site.
    #[arg(long, env = "PATRON_CONTENT_DIR", default_value = "content")]
    pub content_dir: PathBuf,

    /// The widget's Trunk build output, served under /widget/ and /embed.js.
    #[arg(long, env = "PATRON_WIDGET_DIR", default_value = "dist")]
    pub widget_dir: PathBuf,

    /// Patron's own origin as browsers see it [default: http://<bound ip>:<bound port>].
    #[arg(long, env = "PATRON_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Serve the demo shop at / and allow it (http://localhost:<port>) to embed site `demo`.
    #[arg(long, env = "PATRON_DEMO", value_parser = BoolishValueParser::new())]
    pub demo: bool,

    /// Let `--demo` listen on an address other than loopback. The demo's keys and member
    /// secret are public, so a demo reachable from other machines is anyone's to administer.
    #[arg(long, env = "PATRON_DEMO_PUBLIC", value_parser = BoolishValueParser::new())]
    pub demo_public: bool,

    /// Bearer token for /v1/admin/*; when unset the admin API answers 401 to everyone.
    #[arg(long, env = "PATRON_ADMIN_TOKEN", hide_env_values = true)]
    pub admin_token: Option<String>,

    /// Log line format (logs go to stderr).
    #[arg(long, env = "PATRON_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    /// Requests taking longer are answered 503 `timeout`.
    #[arg(
        long,
        env = "PATRON_REQUEST_TIMEOUT_SECS",
        default_value_t = 15,
        value_parser = clap::value_parser!(u64).range(1..)
    )]
    pub request_timeout_secs: u64,

    /// Larger request bodies are answered 413 `payload_too_large`.
    #[arg(long, env = "PATRON_MAX_BODY_BYTES", default_value_t = 65536)]
    pub max_body_bytes: usize,

    /// How long a console session lasts after signing in, in seconds (default 12 hours).
    #[arg(
        long,
        env = "PATRON_CONSOLE_SESSION_SECS",
        default_value_t = 43_200,
        value_parser = clap::value_parser!(u64).range(1..=2_592_000)
    )]
    pub console_session_secs: u64,

    #[command(flatten)]
    pub webhook: WebhookArgs,

    #[command(flatten)]
    pub retention: RetentionArgs,

    #[command(flatten)]
    pub rate_limits: RateLimitArgs,
}

impl Config {
    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs)
    }

    /// The admin token, treating an empty value as unset so `PATRON_ADMIN_TOKEN=` disables
    /// the admin API instead of accepting an empty bearer.
    pub fn admin_token(&self) -> Option<&str> {
        self.admin_token.as_deref().filter(|t| !t.is_empty())
    }
}

// Hand-written so the admin token and database password never reach a log line.
impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("addr", &self.addr)
            .field("database_url", &redact_url(&self.database_url))
            .field("content_dir", &self.content_dir)
            .field("widget_dir", &self.widget_dir)
            .field("public_url", &self.public_url)
            .field("demo", &self.demo)
            .field("demo_public", &self.demo_public)
            .field("admin_token", &self.admin_token().map(|_| "<redacted>"))
            .field("log_format", &self.log_format)
            .field("request_timeout_secs", &self.request_timeout_secs)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("console_session_secs", &self.console_session_secs)
            .field("webhook", &self.webhook)
            .field("retention", &self.retention)
            .field("rate_limits", &self.rate_limits)
            .finish()
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split_once(':').map_or(userinfo, |(u, _)| u);
            format!("{scheme}://{user}:***@{host}{tail}")
        }
        None => url.to_owned(),
    }
}

#[derive(Debug, Clone, Args)]
pub struct SizeReportArgs {
    /// The widget's Trunk build output.
    #[arg(long, env = "PATRON_WIDGET_DIR", default_value = "dist")]
    pub widget_dir: PathBuf,

    /// TOML file with a `[budget]` table, e.g. `loader_brotli = 1536`.
    #[arg(long, env = "PATRON_SIZE_BUDGET", default_value = "size-budget.toml")]
    pub budget: PathBuf,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn cli_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn serve_is_the_default_command() {
        let cli = Cli::try_parse_from(["patron-server", "--addr", "127.0.0.1:0", "--demo"])
            .expect("parses");
        match cli.into_command() {
            Command::Serve(c) => {
                assert_eq!(c.addr.port(), 0);
                assert!(c.demo);
            }
            _ => panic!("expected serve"),
        }
    }

    #[test]
    fn faq_subcommands_parse() {
        let cli = Cli::try_parse_from([
            "patron-server",
            "faq",
            "import",
            "--site",
            "demo",
            "content/demo/faq",
            "--database-url",
            "sqlite::memory:",
        ])
        .expect("parses");
        match cli.into_command() {
            Command::Faq(FaqCommand::Import(a)) => {
                assert_eq!(a.site, "demo");
                assert_eq!(a.dir, PathBuf::from("content/demo/faq"));
            }
            _ => panic!("expected faq import"),
        }
        let cli = Cli::try_parse_from(["patron-server", "faq", "bench", "--articles", "10"])
            .expect("parses");
        assert!(matches!(
            cli.into_command(),
            Command::Faq(FaqCommand::Bench(FaqBenchArgs { articles: 10, .. }))
        ));
    }

    #[test]
    fn surveys_bench_and_webhook_flags_parse() {
        let cli = Cli::try_parse_from(["patron-server", "surveys", "bench", "--requests", "5"])
            .expect("parses");
        assert!(matches!(
            cli.into_command(),
            Command::Surveys(SurveysCommand::Bench(SurveysBenchArgs { requests: 5, .. }))
        ));
        let cli =
            Cli::try_parse_from(["patron-server", "--webhook-backoff-ms", "20"]).expect("parses");
        match cli.into_command() {
            Command::Serve(c) => {
                assert_eq!(c.webhook.webhook_backoff_ms, 20);
                assert_eq!(
                    c.webhook.webhook_poll_ms,
                    WebhookArgs::default().webhook_poll_ms
                );
            }
            _ => panic!("expected serve"),
        }
    }

    #[test]
    fn sites_new_parses() {
        let cli = Cli::try_parse_from(["patron-server", "sites", "new", "acme"]).expect("parses");
        match cli.into_command() {
            Command::Sites(SitesCommand::New(a)) => {
                assert_eq!(a.site, "acme");
                assert_eq!(a.content_dir, PathBuf::from("content"));
            }
            _ => panic!("expected sites new"),
        }
        let cli = Cli::try_parse_from([
            "patron-server",
            "sites",
            "new",
            "acme",
            "--content-dir",
            "/srv/content",
        ])
        .expect("parses");
        assert!(matches!(
            cli.into_command(),
            Command::Sites(SitesCommand::New(SitesNewArgs { content_dir, .. }))
                if content_dir == Path::new("/srv/content")
        ));
    }

    #[test]
    fn privacy_and_webhook_safety_flags_parse() {
        let cli = Cli::try_parse_from([
            "patron-server",
            "privacy",
            "erase",
            "--site",
            "demo",
            "--member",
            "m-1",
        ])
        .expect("parses");
        match cli.into_command() {
            Command::Privacy(PrivacyCommand::Erase(a)) => {
                assert_eq!(
                    (a.site.as_str(), a.member.as_deref()),
                    ("demo", Some("m-1"))
                );
                assert_eq!(a.device, None);
            }
            _ => panic!("expected privacy erase"),
        }
        let cli = Cli::try_parse_from([
            "patron-server",
            "--allow-private-webhooks",
            "--webhook-max-attempts",
            "3",
        ])
        .expect("parses");
        match cli.into_command() {
            Command::Serve(c) => {
                let s = c.webhook.settings();
                assert!(s.allow_private);
                assert_eq!(s.max_attempts, 3);
                assert!(!WebhookArgs::default().allow_private_webhooks);
            }
            _ => panic!("expected serve"),
        }
        assert!(Cli::try_parse_from(["patron-server", "--webhook-max-attempts", "0"]).is_err());
    }

    #[test]
    fn load_command_parses() {
        let cli = Cli::try_parse_from([
            "patron-server",
            "load",
            "--scenario",
            "unknown-sites",
            "--requests",
            "10",
            "--",
            "--rate-limit-scale",
            "1000",
        ])
        .expect("parses");
        let Command::Load(a) = cli.into_command() else {
            panic!("expected load");
        };
        assert_eq!(a.scenario, Some(LoadScenario::UnknownSites));
        assert_eq!(a.requests, 10);
        assert_eq!(a.server_args, ["--rate-limit-scale", "1000"]);
    }

    #[test]
    fn rate_limit_flags_parse() {
        let cli = Cli::try_parse_from([
            "patron-server",
            "--rate-limit-client-reads",
            "10/s burst 20",
            "--trusted-proxies",
            "10.0.0.0/8,::1",
            "--rate-limit-scale",
            "100",
        ])
        .expect("parses");
        let Command::Serve(c) = cli.into_command() else {
            panic!("expected serve");
        };
        let b = c.rate_limits.budgets();
        assert_eq!(b.client_reads.to_string(), "10/s burst 20");
        assert_eq!(b.client_writes.to_string(), rate_limit::CLIENT_WRITES);
        assert_eq!(b.scale, 100);
        assert_eq!(c.rate_limits.trusted_proxies.len(), 2);
        assert!(Cli::try_parse_from(["patron-server", "--rate-limit-scale", "0"]).is_err());
        assert!(Cli::try_parse_from(["patron-server", "--trusted-proxies", "x"]).is_err());
    }

    #[test]
    fn redacts_passwords() {
        assert_eq!(
            redact_url("postgres://u:pw@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(redact_url("sqlite://data/p.db"), "sqlite://data/p.db");
    }
}
