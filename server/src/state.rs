//! What every feature may reach: the database, who the server is, and who may call it.
//!
//! This sits below the features. A feature whose handlers need more (the FAQ's search
//! indexes, the survey cache) has a state of its own that holds an `AppState` beside its
//! parts and derives `FromRef`, so its handlers extract `State<AppState>` and their own
//! parts separately. The shared extractors (`auth::SiteAdmin`, `auth::Member`, …) work with
//! any state an `AppState` can be taken from.

use std::path::Path;
use std::sync::Arc;

use sqlx::AnyPool;

use crate::auth::token::MemberSecrets;
use crate::content::SiteOwners;
use crate::period::SiteReporting;

/// Cheap to clone: everything is shared.
#[derive(Clone)]
pub struct AppState {
    pub pool: AnyPool,
    /// Patron's own origin (`http://127.0.0.1:8080`), without a trailing slash.
    pub public_origin: Arc<str>,
    /// The global admin token (every site); `None` when unset.
    pub admin_token: Option<Arc<str>>,
    /// Demo mode: the demo shop, the demo door to sample members.
    pub demo: bool,
    pub content_dir: Arc<Path>,
    /// Each site's member token secret.
    pub members: Arc<MemberSecrets>,
    /// Who owns each kind of each site's configuration (its files or the admin API).
    pub owners: Arc<SiteOwners>,
    /// Console sessions: how long they last, how their cookie is marked.
    pub console_sessions: SessionSettings,
    /// Each site's time zone and targets, for the console's reports.
    pub reporting: Arc<SiteReporting>,
}

/// How long console sessions last and how their cookie is marked (`auth::console`).
#[derive(Debug, Clone, Copy)]
pub struct SessionSettings {
    /// Milliseconds from signing in.
    pub ttl_ms: i64,
    /// Mark the cookie `Secure` (Patron's public URL is https).
    pub secure: bool,
}
