//! The API's own description: `/openapi.json` (generated from `patron_api`, see
//! `patron_api::openapi`) and `/docs/api`, the same document as a page a person can read,
//! rendered here once at start-up: no script, nothing fetched from elsewhere.

mod page;

use patron_api::paths;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

use crate::http::Routes;
use crate::page_headers;

/// The document as JSON and as a page, built once.
#[derive(Clone)]
pub struct ApiDocs {
    json: Arc<str>,
    page: Arc<str>,
}

impl ApiDocs {
    pub fn build() -> Self {
        let doc = serde_json::to_value(patron_api::openapi::document()).unwrap_or_default();
        Self {
            page: page::render(&doc).into(),
            json: doc.to_string().into(),
        }
    }
}

pub fn router(docs: ApiDocs) -> Routes {
    Routes::new()
        .get(paths::OPENAPI, openapi_json)
        .get(paths::API_REFERENCE, reference)
        .with_state(docs)
}

/// `GET /openapi.json`. Any origin may read it: it is public and holds no data.
async fn openapi_json(State(docs): State<ApiDocs>) -> Response {
    let mut response = (
        [(header::CONTENT_TYPE, "application/json")],
        docs.json.to_string(),
    )
        .into_response();
    let h = response.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    response
}

/// `GET /docs/api`: the reference page. Its policy allows nothing but its own inline style.
async fn reference(State(docs): State<ApiDocs>) -> Response {
    let mut response = (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        docs.page.to_string(),
    )
        .into_response();
    page_headers::secure(
        &mut response,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
        ),
    );
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    response
}
