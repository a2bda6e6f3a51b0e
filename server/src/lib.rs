//! Patron's reference backend.
//!
//! Features (`site`, `widget`, `faq`, `surveys`, `points`, `onboarding`, `privacy`, and
//! `apidoc`, the API's own description) each keep their own
//! layers — routes → handlers → domain → storage — and export a `router()`. What several
//! features need lives in shared modules below them: `state` (`AppState`), `auth` (every
//! credential), `content` (site folders, Markdown), `reports` (windows, CSV), `sites`,
//! `storage`, `extract`, `http`, `cors`, `csp`, `page_headers` (the security headers of every
//! HTML page), `rate_limit` (request budgets), `assets`, and `webhooks` (any feature's events,
//! queued and delivered; it serves the deliveries list itself). A feature never imports another:
//! where one needs another's answers it holds a trait from `ports`, which `app` fills in.
//! `app` wires everything at start-up and merges the routers; `tools` holds the commands
//! beside `serve` (benchmarks, the search eval, the size report). `main.rs` only parses the
//! command line.

pub mod apidoc;
pub mod app;
pub mod assets;
pub mod audit;
pub mod auth;
pub mod compress;
pub mod config;
pub mod console;
pub mod content;
pub mod continuity;
pub mod cors;
pub mod csp;
pub mod demo;
pub mod error;
pub mod extract;
pub mod faq;
pub mod handoff;
pub mod history;
pub mod http;
pub mod jobs;
pub mod notes;
pub mod onboarding;
pub mod page_headers;
pub mod paging;
pub mod period;
pub mod points;
pub mod ports;
pub mod privacy;
pub mod rate_limit;
pub mod reports;
pub mod site;
pub mod sites;
pub mod state;
pub mod storage;
pub mod subject;
pub mod surveys;
pub mod telemetry;
pub mod tools;
pub mod webhooks;
pub mod widget;

pub use app::Application;
pub use config::{Cli, Command, Config, FaqCommand, LogFormat, SizeReportArgs};
pub use config::{
    CodesArgs, DatabaseArg, PointsCommand, PrivacyArgs, PrivacyCommand, RateLimitArgs,
    RetentionArgs,
};
pub use config::{SitesCommand, SurveysCommand, WebhookArgs};
pub use error::{AppError, StartupError};
pub use state::AppState;
