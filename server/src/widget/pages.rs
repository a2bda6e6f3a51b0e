//! The widget's build output: the iframe page, its hashed assets and the loader script.

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{Redirect, Response};
use serde::Deserialize;

use crate::assets::{WidgetFiles, INDEX, LOADER, LOADER_EXTENSIONS, LOADER_TYPES};
use crate::error::AppError;
use crate::extract::AppPath;
use crate::sites;
use crate::state::AppState;
use crate::{csp, page_headers};

#[derive(Deserialize)]
pub struct WidgetQuery {
    site: Option<String>,
}

/// `GET /widget/?site=…`: the page the loader opens in an iframe. Only the site's allowed
/// origins may frame it, so another page cannot overlay the widget to trick customers.
pub async fn index(
    State(state): State<AppState>,
    State(files): State<Arc<WidgetFiles>>,
    query: Result<Query<WidgetQuery>, QueryRejection>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let site = query.ok().and_then(|Query(q)| q.site);
    page(&state, &files, site, &headers).await
}

/// The widget page with its policy, whichever route it was asked for by.
async fn page(
    state: &AppState,
    files: &WidgetFiles,
    site: Option<String>,
    headers: &HeaderMap,
) -> Result<Response, AppError> {
    let file = files.get(INDEX).ok_or(AppError::NotFound)?;
    let ancestors = match site {
        Some(site) => sites::lookup(&state.pool, &site)
            .await?
            .map(|s| s.allowed_origins)
            .unwrap_or_default(),
        None => Vec::new(),
    };
    let policy = csp::widget_policy(&files.index_script_hashes, &ancestors);
    let policy = HeaderValue::from_str(&policy).map_err(AppError::internal)?;
    let mut response = file.respond(headers);
    page_headers::secure(&mut response, policy);
    Ok(response)
}

/// `GET /widget/{*file}`: anything else Trunk produced (wasm, JS glue, CSS, images). The page
/// itself may be asked for here too, as `%69ndex.html` or `index%2Ehtml` (the path is decoded
/// before it is looked up): it is served by `page`, with its policy, as by its own routes.
pub async fn file(
    State(state): State<AppState>,
    State(files): State<Arc<WidgetFiles>>,
    AppPath(path): AppPath<String>,
    query: Result<Query<WidgetQuery>, QueryRejection>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    if path == INDEX {
        let site = query.ok().and_then(|Query(q)| q.site);
        return page(&state, &files, site, &headers).await;
    }
    // The console's build shares the folder; it is served at `/console/` only, with its page's
    // policy.
    if path.starts_with(crate::assets::CONSOLE_DIR) {
        return Err(AppError::NotFound);
    }
    let file = files.get(&path).ok_or(AppError::NotFound)?;
    Ok(file.respond(&headers))
}

/// `GET /embed.js`: the loader retailers include with a `<script>` tag.
pub async fn loader(
    State(files): State<Arc<WidgetFiles>>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let file = files.get(LOADER).ok_or(AppError::NotFound)?;
    Ok(file.respond(&headers))
}

/// `GET /embed/{file}`: a loader extension (the host-page tour), an ES module the loader
/// imports on the retailer's page only when needed. A cross-origin module import is a CORS
/// request, so it must allow any origin; it is public code with no data in it.
pub async fn loader_extension(
    State(files): State<Arc<WidgetFiles>>,
    AppPath(file): AppPath<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let file = files
        .get(&format!("{LOADER_EXTENSIONS}{file}"))
        .ok_or(AppError::NotFound)?;
    let mut response = file.respond(&headers);
    response.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    Ok(response)
}

/// `GET /embed.d.ts`: the TypeScript declarations of `window.patron`, for retailers' build
/// tools and editors, fetched from anywhere.
pub async fn loader_types(
    State(files): State<Arc<WidgetFiles>>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let file = files.get(LOADER_TYPES).ok_or(AppError::NotFound)?;
    let mut response = file.respond(&headers);
    response.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    Ok(response)
}

/// `GET /widget` → `/widget/`, keeping the query, so relative URLs in the page resolve.
pub async fn add_slash(RawQuery(query): RawQuery) -> Redirect {
    match query {
        Some(q) => Redirect::permanent(&format!("/widget/?{q}")),
        None => Redirect::permanent("/widget/"),
    }
}
