//! Extractors whose rejections are `AppError`s, so a bad request gets the same JSON envelope
//! as every other error instead of axum's plain-text bodies.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use patron_api::validate::FieldErrors;
use patron_api::FieldCode;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::AppError;

/// `axum::Json` with envelope errors: 400 malformed, 413 too large, 415 not JSON.
#[derive(Debug, Clone, Copy, Default)]
pub struct AppJson<T>(pub T);

impl<T, S> FromRequest<S> for AppJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(rejection.into()),
        }
    }
}

impl<T: Serialize> IntoResponse for AppJson<T> {
    fn into_response(self) -> Response {
        Json(self.0).into_response()
    }
}

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        // Matching on status rather than variants also catches the body-limit error, which
        // axum nests inside `BytesRejection`.
        match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => Self::PayloadTooLarge,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => Self::UnsupportedMediaType,
            // Syntax errors (400) and type errors (422 in axum) are both "could not parse":
            // field-level 422s are reserved for rules checked after parsing.
            StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY => {
                Self::BadRequest(rejection.body_text())
            }
            _ => Self::BadRequest("could not read the request body".to_owned()),
        }
    }
}

/// `axum::extract::Path` whose rejection is a 404 envelope: a path segment that cannot be
/// decoded names nothing that exists.
#[derive(Debug, Clone)]
pub struct AppPath<T>(pub T);

impl<T, S> FromRequestParts<S> for AppPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(Self(value)),
            Err(_) => Err(AppError::NotFound),
        }
    }
}

/// `axum::extract::Query` whose rejection is a 400 envelope.
#[derive(Debug, Clone)]
pub struct AppQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for AppQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(Self(value)),
            Err(rejection) => Err(AppError::BadRequest(rejection.body_text())),
        }
    }
}

/// A whole-number query parameter: `None` when absent or blank, and a field error (`None`
/// too) when it is not a whole number.
pub fn int_param(raw: Option<&str>, field: &str, errs: &mut FieldErrors) -> Option<i64> {
    let s = raw.map(str::trim).filter(|s| !s.is_empty())?;
    match s.parse::<i64>() {
        Ok(n) => Some(n),
        Err(_) => {
            errs.push(
                field,
                FieldCode::InvalidFormat,
                format!("{field} is a whole number"),
            );
            None
        }
    }
}

/// A JSON response in which `<`, `>` and `&` inside strings are written as `\u003c`,
/// `\u003e` and `\u0026`: the same JSON to every parser, but text a customer typed can never
/// read as markup, even if the body ends up somewhere that sniffs or renders it.
#[derive(Debug, Clone, Copy)]
pub struct SafeJson<T>(pub T);

struct HtmlSafeFormatter;

impl serde_json::ser::Formatter for HtmlSafeFormatter {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let bytes = fragment.as_bytes();
        let mut start = 0;
        for (i, b) in bytes.iter().enumerate() {
            let escaped: &[u8] = match b {
                b'<' => b"\\u003c",
                b'>' => b"\\u003e",
                b'&' => b"\\u0026",
                _ => continue,
            };
            writer.write_all(&bytes[start..i])?;
            writer.write_all(escaped)?;
            start = i + 1;
        }
        writer.write_all(&bytes[start..])
    }
}

impl<T: Serialize> IntoResponse for SafeJson<T> {
    fn into_response(self) -> Response {
        let mut body = Vec::with_capacity(256);
        let mut ser = serde_json::Serializer::with_formatter(&mut body, HtmlSafeFormatter);
        match self.0.serialize(&mut ser) {
            Ok(()) => ([(header::CONTENT_TYPE, "application/json")], body).into_response(),
            Err(err) => {
                AppError::internal(format!("serialising a response: {err}")).into_response()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_json_escapes_markup() {
        let resp = SafeJson(serde_json::json!({"m": "<script>&</script>"})).into_response();
        let body = futures_body(resp);
        assert_eq!(
            body,
            r#"{"m":"\u003cscript\u003e\u0026\u003c/script\u003e"}"#
        );
        let back: serde_json::Value = serde_json::from_str(&body).expect("json");
        assert_eq!(back["m"], "<script>&</script>");
    }

    fn futures_body(resp: Response) -> String {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        let bytes = rt
            .block_on(axum::body::to_bytes(resp.into_body(), 1 << 20))
            .expect("body");
        String::from_utf8(bytes.to_vec()).expect("utf-8")
    }
}
