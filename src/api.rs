//! HTTP calls to the Patron API over gloo-net. Each module keeps its own endpoint functions
//! (e.g. `faq/api.rs`) on top of the two helpers here.

use patron_api::{ErrorCode, ErrorEnvelope, FieldError, SiteSettings};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Why a call failed, in the terms the UI needs to choose a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// No answer at all: offline, DNS, CORS, the server down.
    Network,
    /// The server answered with an error envelope (or a non-JSON error we map to `Internal`).
    Api {
        status: u16,
        code: ErrorCode,
        fields: Vec<FieldError>,
    },
}

impl ApiError {
    pub fn api(status: u16, code: ErrorCode) -> Self {
        ApiError::Api {
            status,
            code,
            fields: Vec::new(),
        }
    }

    /// The error code to translate; `None` for network failures.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ApiError::Network => None,
            ApiError::Api { code, .. } => Some(*code),
        }
    }

    /// The server refused the credentials (a member token: missing, expired, forged, …).
    pub fn is_unauthorized(&self) -> bool {
        matches!(self, ApiError::Api { status: 401, .. })
    }

    /// The fields a validation error names, to show beside each input.
    pub fn fields(&self) -> &[FieldError] {
        match self {
            ApiError::Network => &[],
            ApiError::Api { fields, .. } => fields,
        }
    }
}

pub async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let req = gloo_net::http::Request::get(path).header("accept", "application/json");
    read(req.send().await).await
}

/// `get_json` with the member's token as `Authorization: Bearer` (never in the URL).
pub async fn get_json_as<T: DeserializeOwned>(path: &str, token: &str) -> Result<T, ApiError> {
    let req = gloo_net::http::Request::get(path)
        .header("accept", "application/json")
        .header("authorization", &format!("Bearer {token}"));
    read(req.send().await).await
}

pub async fn post_json<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
) -> Result<T, ApiError> {
    post_json_as(path, body, None).await
}

/// `post_json`, with the member's token as `Authorization: Bearer` when given.
pub async fn post_json_as<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
    token: Option<&str>,
) -> Result<T, ApiError> {
    post_json_text_as(path, to_json(body)?, token).await
}

/// `body` as JSON text. Beware maps: serde-wasm-bindgen makes them JS `Map`s, which
/// `JSON.stringify` writes as `{}` (its option to make objects instead would add two browser
/// bindings to the first-open module; see the survey's `with_context` for the one map sent).
pub fn to_json<B: Serialize>(body: &B) -> Result<String, ApiError> {
    let value =
        serde_wasm_bindgen::to_value(body).map_err(|_| ApiError::api(0, ErrorCode::BadRequest))?;
    js_sys::JSON::stringify(&value)
        .map(String::from)
        .map_err(|_| ApiError::api(0, ErrorCode::BadRequest))
}

/// `post_json_as` for a body that is JSON text already (the survey outbox keeps its writes
/// that way, to send the very same bytes every time).
pub async fn post_json_text_as<T: DeserializeOwned>(
    path: &str,
    json: String,
    token: Option<&str>,
) -> Result<T, ApiError> {
    let mut req = gloo_net::http::Request::post(path).header("accept", "application/json");
    if let Some(token) = token {
        req = req.header("authorization", &format!("Bearer {token}"));
    }
    let req = req
        .header("content-type", "application/json")
        .body(json)
        .map_err(|_| ApiError::Network)?;
    read(req.send().await).await
}

/// Reads a JSON answer, or its error envelope. Paths are relative to the widget page's own
/// origin, where the API is served.
async fn read<T: DeserializeOwned>(
    sent: Result<gloo_net::http::Response, gloo_net::Error>,
) -> Result<T, ApiError> {
    let resp = sent.map_err(|_| ApiError::Network)?;
    let status = resp.status();
    // A body we cannot read is the server's fault, not the network's.
    let unreadable = || ApiError::api(status, ErrorCode::Internal);
    let text = resp.text().await.map_err(|_| unreadable())?;
    // The browser's JSON.parse instead of serde_json keeps a JSON parser out of the wasm.
    // An empty body (204) reads as null, which deserialises into `()`.
    let json = if text.is_empty() {
        wasm_bindgen::JsValue::NULL
    } else {
        js_sys::JSON::parse(&text).map_err(|_| unreadable())?
    };
    if resp.ok() {
        return serde_wasm_bindgen::from_value(json).map_err(|_| unreadable());
    }
    Err(
        match serde_wasm_bindgen::from_value::<ErrorEnvelope>(json) {
            Ok(env) => ApiError::Api {
                status,
                code: env.error.code,
                fields: env.error.fields,
            },
            Err(_) => unreadable(),
        },
    )
}

/// `?a=1&b=2` with every value URI-encoded.
pub fn query_string(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        out.push_str(k);
        out.push('=');
        out.push_str(&String::from(js_sys::encode_uri_component(v)));
    }
    out
}

pub async fn fetch_settings(site: String) -> Result<SiteSettings, ApiError> {
    get_json(&format!("/v1/sites/{site}/settings")).await
}
