//! HTTP calls to the Patron API by the browser's `fetch`. Each module keeps its own endpoint
//! functions (e.g. `faq/api.rs`) on top of the helpers here.

use js_sys::{Object, Reflect};
use leptos::prelude::window;
use patron_api::error::{ErrorBody, FieldCode};
use patron_api::paths;
use patron_api::{Brand, ErrorCode, ErrorEnvelope, FieldError, Localized, SiteSettings};
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::json::{from_json, from_json_by_name, FromJson, Json};

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

pub async fn get_json<T: FromJson>(path: &str) -> Result<T, ApiError> {
    decode(send("GET", path, None, None).await)
}

/// `get_json_as` for something to read (an article, a guide): its last answer is kept in
/// memory under `key`, and given again when the network is gone, so what was opened stays
/// readable offline (a kiosk loses its connection; a phone goes into a tunnel). `key` is the
/// path without what varies per request and not per content (the visit's session id).
pub async fn get_json_kept<T: FromJson>(
    path: &str,
    key: &str,
    token: Option<&str>,
) -> Result<T, ApiError> {
    let answer = match send("GET", path, token, None).await {
        Ok(answer) => {
            offline::keep(key, &answer.1);
            Ok(answer)
        }
        Err(ApiError::Network) => offline::kept(key)
            .map(|json| (200, json))
            .ok_or(ApiError::Network),
        Err(error) => Err(error),
    };
    decode(answer)
}

/// `get_json` with the member's token as `Authorization: Bearer` (never in the URL).
pub async fn get_json_as<T: FromJson>(path: &str, token: &str) -> Result<T, ApiError> {
    decode(send("GET", path, Some(token), None).await)
}

pub async fn post_json<B: Serialize, T: FromJson>(path: &str, body: &B) -> Result<T, ApiError> {
    post_json_as(path, body, None).await
}

/// `post_json`, with the member's token as `Authorization: Bearer` when given.
pub async fn post_json_as<B: Serialize, T: FromJson>(
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
pub async fn post_json_text_as<T: FromJson>(
    path: &str,
    json: String,
    token: Option<&str>,
) -> Result<T, ApiError> {
    decode(send("POST", path, token, Some(json)).await)
}

/// The answers `get_json_kept` keeps: the newest `KEPT_MAX`, as the browser parsed them.
mod offline {
    use std::cell::RefCell;

    use wasm_bindgen::JsValue;

    /// Enough for every article and guide a shopper opens in a visit, and then some.
    const KEPT_MAX: usize = 64;

    thread_local! {
        static KEPT: RefCell<Vec<(String, JsValue)>> = const { RefCell::new(Vec::new()) };
    }

    pub fn keep(key: &str, json: &JsValue) {
        KEPT.with_borrow_mut(|kept| {
            kept.retain(|(k, _)| k != key);
            if kept.len() == KEPT_MAX {
                kept.remove(0);
            }
            kept.push((key.to_owned(), json.clone()));
        });
    }

    pub fn kept(key: &str) -> Option<JsValue> {
        KEPT.with_borrow(|kept| kept.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()))
    }
}

/// A successful answer read as `T`; one that does not have `T`'s shape is the server's fault.
fn decode<T: FromJson>(answer: Result<(u16, JsValue), ApiError>) -> Result<T, ApiError> {
    let (status, json) = answer?;
    T::from_json(&json).ok_or_else(|| ApiError::api(status, ErrorCode::Internal))
}

/// One request by the browser's `fetch`, and its answer parsed by the browser's `JSON.parse`
/// (no JSON parser in the wasm): the status and the value of a success, else the error
/// envelope read into an `ApiError`. Paths are relative to the widget page's own origin, where
/// the API is served. Not generic, so it exists once, in the first-open module, however many
/// answer types the chunks read (gloo-net's generic builder and its streams support cost the
/// first-open module about 4 KB of brotli).
async fn send(
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<String>,
) -> Result<(u16, JsValue), ApiError> {
    let set = |object: &Object, key: &str, value: &JsValue| {
        let _ = Reflect::set(object, &JsValue::from_str(key), value);
    };
    let headers = Object::new();
    set(&headers, "accept", &"application/json".into());
    if let Some(token) = token {
        set(&headers, "authorization", &format!("Bearer {token}").into());
    }
    let init = Object::new();
    set(&init, "method", &method.into());
    if let Some(body) = body {
        set(&headers, "content-type", &"application/json".into());
        set(&init, "body", &body.into());
    }
    set(&init, "headers", &headers);
    let sent = window().fetch_with_str_and_init(path, init.unchecked_ref());
    let resp: web_sys::Response = JsFuture::from(sent)
        .await
        .map_err(|_| ApiError::Network)?
        .unchecked_into();
    let status = resp.status();
    // A body we cannot read is the server's fault, not the network's.
    let unreadable = || ApiError::api(status, ErrorCode::Internal);
    let text = match resp.text() {
        Ok(promise) => JsFuture::from(promise).await.map_err(|_| unreadable())?,
        Err(_) => return Err(unreadable()),
    };
    let text = text.as_string().unwrap_or_default();
    // An empty body (204) reads as null.
    let json = if text.is_empty() {
        JsValue::NULL
    } else {
        js_sys::JSON::parse(&text).map_err(|_| unreadable())?
    };
    if resp.ok() {
        return Ok((status, json));
    }
    Err(match ErrorEnvelope::from_json(&json) {
        Some(env) => ApiError::Api {
            status,
            code: env.error.code,
            fields: env.error.fields,
        },
        None => unreadable(),
    })
}

from_json!(ErrorEnvelope { error });
from_json!(ErrorBody { code, message; default: fields });
from_json!(FieldError {
    field,
    code,
    message
});
from_json_by_name!(ErrorCode, unknown = ErrorCode::Unknown);
from_json_by_name!(FieldCode, unknown = FieldCode::Unknown);

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
    get_json(&paths::fill(paths::SETTINGS, &[&site])).await
}

from_json!(SiteSettings {
    site,
    name,
    logo_url,
    brand,
    greeting,
    modules,
    locales,
    default_locale,
    allowed_origins,
    kiosk_idle_seconds;
    default: color_scheme
});
from_json!(Brand {
    primary,
    on_primary
});
from_json_by_name!(patron_api::Module, patron_api::Locale);
// A scheme a newer server names reads as `auto`: the device's own choice.
from_json_by_name!(
    patron_api::ColorScheme,
    unknown = patron_api::ColorScheme::Auto
);

/// Written `{"zh-CN": …, "zh-TW": …, "en": …}`, each optional.
impl FromJson for Localized {
    fn from_json<J: Json>(json: &J) -> Option<Self> {
        Some(Localized {
            zh_cn: crate::json::field(json, "zh-CN")?,
            zh_tw: crate::json::field(json, "zh-TW")?,
            en: crate::json::field(json, "en")?,
        })
    }
}

/// Answers whose content is not needed, only that they succeeded.
impl FromJson for () {
    fn from_json<J: Json>(_: &J) -> Option<Self> {
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use patron_api::{Locale, Module};

    use super::*;
    use crate::json::tests::round_trips;

    #[test]
    fn settings_and_errors_read_as_serde_writes_them() {
        round_trips(&SiteSettings {
            site: "demo".into(),
            name: Localized {
                zh_cn: Some("演示".into()),
                zh_tw: None,
                en: Some("Demo".into()),
            },
            logo_url: Some("/logo.svg".into()),
            brand: Brand {
                primary: "#112233".into(),
                on_primary: "#ffffff".into(),
            },
            greeting: Localized::default(),
            modules: vec![Module::Faq, Module::Points],
            locales: Locale::ALL.to_vec(),
            default_locale: Locale::ZhTw,
            allowed_origins: vec!["https://shop.example".into()],
            kiosk_idle_seconds: 90,
            color_scheme: patron_api::ColorScheme::Dark,
        });
        let mut env = ErrorEnvelope::new(ErrorCode::ValidationFailed, "bad");
        round_trips(&env);
        env.error.fields.push(FieldError {
            field: "email".into(),
            code: FieldCode::InvalidFormat,
            message: "no".into(),
        });
        round_trips(&env);
    }

    #[test]
    fn an_unknown_error_code_reads_as_unknown_like_serde() {
        let json = serde_json::json!({"error": {"code": "brand_new", "message": "m",
            "fields": [{"field": "f", "code": "brand_new_rule", "message": "m"}]}});
        let env = ErrorEnvelope::from_json(&json).expect("readable");
        assert_eq!(env.error.code, ErrorCode::Unknown);
        assert_eq!(env.error.fields[0].code, FieldCode::Unknown);
    }
}
