//! Per-site CORS for `/v1/sites/{site}/*`: an origin is allowed when it is one of that site's
//! `allowed_origins`, so each retailer's pages can call only their own site's API.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::sites;
use crate::state::AppState;

pub const ALLOW_METHODS: &str = "GET, POST, PUT, DELETE";
pub const ALLOW_HEADERS: &str = "authorization, content-type, idempotency-key";
pub const MAX_AGE_SECS: &str = "600";

pub async fn site_cors(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some(origin) = header_str(req.headers(), header::ORIGIN).map(str::to_owned) else {
        return next.run(req).await;
    };
    if origin.eq_ignore_ascii_case(&state.public_origin) {
        return next.run(req).await;
    }
    let preflight = req.method() == Method::OPTIONS
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let site = site_from_path(req.uri().path()).unwrap_or_default();
    let allowed = match sites::lookup(&state.pool, site).await {
        Ok(settings) => settings.is_some_and(|s| s.allows_origin(&origin)),
        Err(err) => return err.into_response(),
    };
    // `HeaderValue` rejects control characters; anything it refuses is not a real origin.
    let origin_value = HeaderValue::from_str(&origin).ok().filter(|_| allowed);

    let mut response = match (preflight, &origin_value) {
        (true, Some(_)) => {
            let mut r = StatusCode::NO_CONTENT.into_response();
            let h = r.headers_mut();
            h.insert(
                header::ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static(ALLOW_METHODS),
            );
            h.insert(
                header::ACCESS_CONTROL_ALLOW_HEADERS,
                HeaderValue::from_static(ALLOW_HEADERS),
            );
            h.insert(
                header::ACCESS_CONTROL_MAX_AGE,
                HeaderValue::from_static(MAX_AGE_SECS),
            );
            r
        }
        (true, None) => AppError::OriginNotAllowed.into_response(),
        (false, _) => next.run(req).await,
    };
    let h = response.headers_mut();
    if let Some(value) = origin_value {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
    }
    // The answer depends on Origin whether or not it was allowed; caches must key on it.
    h.append(header::VARY, HeaderValue::from_static("Origin"));
    response
}

fn header_str(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// `/v1/sites/demo/settings` → `demo`.
fn site_from_path(path: &str) -> Option<&str> {
    path.strip_prefix("/v1/sites/")?
        .split('/')
        .next()
        .filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extracts_site() {
        assert_eq!(site_from_path("/v1/sites/demo/settings"), Some("demo"));
        assert_eq!(site_from_path("/v1/sites//settings"), None);
        assert_eq!(site_from_path("/healthz"), None);
    }
}
