//! The console's HTTP client: one typed call per use, JSON both ways, the session cookie sent
//! by the browser (same origin) and the CSRF token added to every write. A 401 anywhere means
//! the session is gone: the session context is cleared, which sends the user to sign-in.

use gloo_net::http::{Method, Request, RequestBuilder};
use patron_api::console::CSRF_HEADER;
use patron_api::{ErrorCode, ErrorEnvelope, FieldError};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::session::use_session;

/// What can go wrong with a call, as the UI tells the user.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// No session (expired, signed out elsewhere, or never signed in).
    SignedOut,
    /// The user's role may not do this.
    Forbidden,
    NotFound,
    /// The request was refused; the fields say why.
    Invalid(Vec<FieldError>),
    /// Not allowed in the object's current state (e.g. the site's files own its articles).
    Conflict,
    /// Too many attempts; try again later.
    RateLimited,
    /// The server failed.
    Server,
    /// The network failed.
    Network,
}

impl ApiError {
    fn from_status(status: u16, body: Option<ErrorEnvelope>) -> Self {
        let code = body.as_ref().map(|b| b.error.code);
        match (status, code) {
            (401, _) | (_, Some(ErrorCode::Unauthorized)) => ApiError::SignedOut,
            (403, _) => ApiError::Forbidden,
            (404, _) => ApiError::NotFound,
            (409, _) => ApiError::Conflict,
            (429, _) => ApiError::RateLimited,
            (400 | 422, _) => ApiError::Invalid(body.map(|b| b.error.fields).unwrap_or_default()),
            _ => ApiError::Server,
        }
    }
}

/// The path of a per-site route: `template` with `{site}` and each `(name, value)` filled in.
pub fn site_path(template: &str, site: &str, params: &[(&str, &str)]) -> String {
    let mut path = template.replace("{site}", &encode(site));
    for (name, value) in params {
        path = path.replace(&format!("{{{name}}}"), &encode(value));
    }
    path
}

/// A query string from the pairs that have a value (`?a=1&b=x`), or nothing.
pub fn query(pairs: &[(&str, Option<String>)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter_map(|(k, v)| {
            v.as_ref()
                .filter(|v| !v.is_empty())
                .map(|v| format!("{k}={}", encode(v)))
        })
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

pub fn encode(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    call(Request::get(path), None::<&()>).await
}

pub async fn put<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    write(Method::PUT, path, Some(body)).await
}

pub async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    write(Method::POST, path, Some(body)).await
}

pub async fn delete(path: &str) -> Result<(), ApiError> {
    write::<(), Empty>(Method::DELETE, path, None)
        .await
        .map(|_| ())
}

/// The body of a 204, or of a response whose body the caller ignores.
#[derive(serde::Deserialize, Default)]
pub struct Empty {}

async fn write<B: Serialize, T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: Option<&B>,
) -> Result<T, ApiError> {
    let csrf = use_session().csrf();
    let builder = RequestBuilder::new(path)
        .method(method)
        .header(CSRF_HEADER, &csrf);
    call(builder, body).await
}

/// Sends without a session: signing in.
pub async fn send_anonymous<B: Serialize, T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: &B,
) -> Result<T, ApiError> {
    call(RequestBuilder::new(path).method(method), Some(body)).await
}

async fn call<B: Serialize, T: DeserializeOwned>(
    builder: RequestBuilder,
    body: Option<&B>,
) -> Result<T, ApiError> {
    let builder = builder.header("accept", "application/json");
    let request = match body {
        Some(b) => builder.json(b).map_err(|_| ApiError::Network)?,
        None => builder.build().map_err(|_| ApiError::Network)?,
    };
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    let status = response.status();
    if (200..300).contains(&status) {
        if status == 204 {
            return serde_json::from_str("null")
                .or_else(|_| serde_json::from_str("{}"))
                .map_err(|_| ApiError::Server);
        }
        let text = response.text().await.map_err(|_| ApiError::Network)?;
        return serde_json::from_str(&text).map_err(|_| ApiError::Server);
    }
    let body = response.json::<ErrorEnvelope>().await.ok();
    let error = ApiError::from_status(status, body);
    if error == ApiError::SignedOut {
        use_session().signed_out();
    }
    Err(error)
}
