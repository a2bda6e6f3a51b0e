//! Patron's reference backend.
//!
//! Layering: `routes` (HTTP handlers) call `sites` (domain rules), which calls `storage`
//! (SQL); the FAQ feature keeps the same layers inside `faq`. Startup wiring lives in `app`;
//! `main.rs` only parses the CLI.

pub mod app;
pub mod assets;
pub mod compress;
pub mod config;
pub mod content;
pub mod cors;
pub mod csp;
pub mod error;
pub mod extract;
pub mod faq;
pub mod onboarding;
pub mod points;
pub mod routes;
pub mod sites;
pub mod size_report;
pub mod storage;
pub mod surveys;
pub mod telemetry;

pub use app::{AppState, Application};
pub use config::{Cli, Command, Config, FaqCommand, LogFormat, SizeReportArgs};
pub use config::{SurveysCommand, WebhookArgs};
pub use error::{AppError, StartupError};
