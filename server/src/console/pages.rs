//! The console app itself: Trunk's build in `dist/console/` (loaded with the widget's files,
//! under `console/`), served at `/console/`. Every client route (`/console/feedback`, …) gets
//! the app's page, so a reload or a shared link opens the right screen; hashed assets are
//! cached for good (`assets::cache_policy`). The page has a policy of its own: its scripts
//! and styles from Patron's origin only, its API calls to Patron, and nobody may frame it.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{Redirect, Response};

use super::ConsoleState;
use crate::assets::{WidgetFiles, CONSOLE_DIR as DIR};
use crate::error::AppError;
use crate::extract::AppPath;
use crate::{csp, page_headers};

/// The console's page and its policy, built once.
#[derive(Clone)]
pub struct ConsolePage {
    files: Arc<WidgetFiles>,
    policy: HeaderValue,
}

impl ConsolePage {
    pub fn new(files: Arc<WidgetFiles>) -> Self {
        let hashes = files
            .get(&format!("{DIR}index.html"))
            .map(|index| csp::inline_script_hashes(&String::from_utf8_lossy(index.raw())))
            .unwrap_or_default();
        let policy = HeaderValue::from_str(&policy(&hashes))
            .unwrap_or_else(|_| HeaderValue::from_static(page_headers::DENY_ALL));
        Self { files, policy }
    }

    fn page(&self, headers: &HeaderMap) -> Result<Response, AppError> {
        let index = self
            .files
            .get(&format!("{DIR}index.html"))
            .ok_or(AppError::NotFound)?;
        let mut response = index.respond(headers);
        page_headers::secure(&mut response, self.policy.clone());
        Ok(response)
    }
}

/// The console's policy: like the widget's, but no site may frame it (it holds a session)
/// and inline styles are not needed.
pub fn policy(script_hashes: &[String]) -> String {
    let mut script_src = String::from("script-src 'self' 'wasm-unsafe-eval'");
    for hash in script_hashes {
        script_src.push(' ');
        script_src.push_str(hash);
    }
    format!(
        "default-src 'self'; {script_src}; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; \
         frame-ancestors 'none'"
    )
}

/// `GET /console` → `/console/`.
pub async fn add_slash() -> Redirect {
    Redirect::permanent(patron_api::paths::CONSOLE)
}

/// `GET /console/`.
pub async fn index(
    State(state): State<ConsoleState>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    state.page.page(&headers)
}

/// `GET /console/{*file}`: a built file, or the page for a client route (a path whose last
/// segment has no extension). A missing file with an extension stays 404, so a stale asset
/// is never answered with HTML.
pub async fn file(
    State(state): State<ConsoleState>,
    AppPath(path): AppPath<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    if path == "index.html" {
        return state.page.page(&headers);
    }
    if let Some(file) = state.page.files.get(&format!("{DIR}{path}")) {
        return Ok(file.respond(&headers));
    }
    let last = path.rsplit('/').next().unwrap_or_default();
    if last.contains('.') {
        return Err(AppError::NotFound);
    }
    state.page.page(&headers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nobody_frames_the_console() {
        let p = policy(&["'sha256-abc'".to_owned()]);
        assert!(p.contains("frame-ancestors 'none'"));
        assert!(p.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-abc';"));
    }
}
