//! The Patron Console's own routes: signing in and out (`session`), the site's users
//! (`users`), the audit log and the overview (`overview`, which adds up what the surveys and
//! the help desk count through `ports::SurveyFigures` and `ports::HelpFigures`). The other
//! screens' data is served by each feature's own `console` module (`points::console`, …);
//! sessions, roles and CSRF are `auth::console`, the log is `audit`. The app's own files are
//! served by `pages`. Wire types: `patron_api::console`.

pub mod demo;
pub mod overview;
pub mod pages;
pub mod session;
pub mod users;

use std::sync::Arc;

use axum::extract::{FromRef, State};
use axum::response::IntoResponse;
use patron_api::console::audit::AuditPage;
use patron_api::console::Role;
use patron_api::paths;
use patron_api::validate::FieldErrors;

use crate::auth::console::ConsoleUser;
use crate::error::AppError;
use crate::extract::{AppJson, AppQuery};
use crate::http::Routes;
use crate::paging::PageParams;
use crate::rate_limit::RateLimits;
use crate::state::AppState;

/// What the console's routes need: the app, and the failed sign-in budgets.
#[derive(Clone, FromRef)]
pub struct ConsoleState {
    pub app: AppState,
    pub limits: Arc<RateLimits>,
    pub page: pages::ConsolePage,
    pub figures: overview::Figures,
}

pub fn router(state: ConsoleState) -> Routes {
    Routes::new()
        .post(paths::CONSOLE_SESSION, session::sign_in)
        .get(paths::CONSOLE_SESSION, session::get_session)
        .delete(paths::CONSOLE_SESSION, session::sign_out)
        .put(paths::CONSOLE_PREFERENCES, session::put_preferences)
        .get(paths::CONSOLE_USERS, users::list)
        .post(paths::CONSOLE_USERS, users::add)
        .put(paths::CONSOLE_USER, users::change_user)
        .delete(paths::CONSOLE_USER, users::remove)
        .get(paths::CONSOLE_AUDIT, audit_log)
        .get(paths::CONSOLE_OVERVIEW, overview::overview)
        .get(paths::CONSOLE_BARE, pages::add_slash)
        .get(paths::CONSOLE, pages::index)
        .get(paths::CONSOLE_FILE, pages::file)
        .with_state(state)
}

/// `GET …/audit` (owners).
async fn audit_log(
    who: ConsoleUser,
    State(state): State<AppState>,
    AppQuery(q): AppQuery<PageParams>,
) -> Result<impl IntoResponse, AppError> {
    who.require(Role::Owner)?;
    let mut errs = FieldErrors::default();
    let (cursor, limit) = q.page(&mut errs);
    errs.into_result()?;
    let (entries, next) = crate::audit::list(&state.pool, who.site(), &cursor, limit).await?;
    Ok(AppJson(AuditPage {
        entries,
        next_cursor: next.map(|c| c.encode()),
    }))
}
