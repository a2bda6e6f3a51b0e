//! The console's build (`dist/console/`, loaded with the widget's files under `console/`):
//! its page for `/console/` and for every route of the app (`/console/feedback/…`: the app
//! routes in the browser), its hashed files with immutable caching, and the page's policy.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{Redirect, Response};

use crate::assets::{WidgetFiles, CONSOLE_DIR, INDEX};
use crate::error::AppError;
use crate::extract::AppPath;
use crate::{csp, page_headers};

/// `GET /console` → `/console/`.
pub async fn add_slash() -> Redirect {
    Redirect::permanent("/console/")
}

/// `GET /console/`: the app's page.
pub async fn index(
    State(files): State<Arc<WidgetFiles>>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    page(&files, &headers)
}

/// `GET /console/{*file}`: a built file, or the page for one of the app's own routes. A path
/// whose last segment looks like a file name (`x.wasm`) and is not in the build is a 404, so a
/// missing asset never comes back as HTML.
pub async fn file(
    State(files): State<Arc<WidgetFiles>>,
    AppPath(path): AppPath<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    if path == INDEX {
        return page(&files, &headers);
    }
    if let Some(file) = files.get(&format!("{CONSOLE_DIR}{path}")) {
        return Ok(file.respond(&headers));
    }
    let last = path.rsplit('/').next().unwrap_or_default();
    if last.contains('.') {
        return Err(AppError::NotFound);
    }
    page(&files, &headers)
}

fn page(files: &WidgetFiles, headers: &HeaderMap) -> Result<Response, AppError> {
    let file = files
        .get(&format!("{CONSOLE_DIR}{INDEX}"))
        .ok_or(AppError::NotFound)?;
    let policy = csp::console_policy(&files.console_script_hashes);
    let policy = HeaderValue::from_str(&policy).map_err(AppError::internal)?;
    let mut response = file.respond(headers);
    page_headers::secure(&mut response, policy);
    Ok(response)
}
