//! HTTP calls to the Patron API: one typed function per endpoint over gloo-net.

use patron_api::{ErrorCode, ErrorEnvelope, SiteSettings};
use serde::de::DeserializeOwned;

/// Why a call failed, in the terms the UI needs to choose a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// No answer at all: offline, DNS, CORS, the server down.
    Network,
    /// The server answered with an error envelope (or a non-JSON error we map to `Internal`).
    Api { status: u16, code: ErrorCode },
}

impl ApiError {
    /// The error code to translate; `None` for network failures.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ApiError::Network => None,
            ApiError::Api { code, .. } => Some(*code),
        }
    }
}

/// Paths are relative to the widget page's own origin, where the API is served.
async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let resp = gloo_net::http::Request::get(path)
        .header("accept", "application/json")
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    let status = resp.status();
    // A body we cannot read is the server's fault, not the network's.
    let unreadable = ApiError::Api {
        status,
        code: ErrorCode::Internal,
    };
    let text = resp.text().await.map_err(|_| unreadable.clone())?;
    // The browser's JSON.parse instead of serde_json keeps a JSON parser out of the wasm.
    let json = js_sys::JSON::parse(&text).map_err(|_| unreadable.clone())?;
    if resp.ok() {
        return serde_wasm_bindgen::from_value(json).map_err(|_| unreadable);
    }
    let code = serde_wasm_bindgen::from_value::<ErrorEnvelope>(json)
        .map(|e| e.error.code)
        .unwrap_or(ErrorCode::Internal);
    Err(ApiError::Api { status, code })
}

pub async fn fetch_settings(site: String) -> Result<SiteSettings, ApiError> {
    get_json(&format!("/v1/sites/{site}/settings")).await
}
