//! Errors. `AppError` is what a request can fail with and always renders as the
//! `patron_api::ErrorEnvelope` JSON; `StartupError` is what stops the server from starting.

use std::fmt;
use std::path::PathBuf;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use patron_api::validate::FieldErrors;
use patron_api::{ErrorCode, ErrorEnvelope};

#[derive(Debug, Clone)]
pub enum AppError {
    NotFound,
    SiteNotFound,
    MethodNotAllowed,
    BadRequest(String),
    Validation(FieldErrors),
    PayloadTooLarge,
    UnsupportedMediaType,
    OriginNotAllowed,
    Unauthorized,
    /// An idempotency key was reused with another body; the first request was kept.
    IdempotencyConflict(String),
    Timeout,
    /// Over a request budget (`rate_limit`); answered with `Retry-After` for this long.
    RateLimited(std::time::Duration),
    /// A dependency (the database) is down; the detail is logged, not sent.
    Unavailable(String),
    /// A bug or an unexpected failure; the detail is logged, not sent.
    Internal(String),
    /// A feature's own refusal with its machine code, e.g. 409 `insufficient_points` or
    /// 401 `token_expired`.
    Refused {
        status: StatusCode,
        code: ErrorCode,
        message: String,
    },
}

impl AppError {
    pub fn internal(err: impl fmt::Display) -> Self {
        Self::Internal(err.to_string())
    }

    pub fn refused(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        Self::Refused {
            status,
            code,
            message: message.into(),
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::Refused { status, .. } => *status,
            Self::NotFound | Self::SiteNotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::OriginNotAllowed => StatusCode::FORBIDDEN,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::IdempotencyConflict(_) => StatusCode::CONFLICT,
            Self::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::Timeout | Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn envelope(&self) -> ErrorEnvelope {
        let (code, message) = match self {
            Self::NotFound => (ErrorCode::NotFound, "no such resource".to_owned()),
            Self::SiteNotFound => (ErrorCode::SiteNotFound, "no such site".to_owned()),
            Self::MethodNotAllowed => (
                ErrorCode::MethodNotAllowed,
                "method not allowed on this resource".to_owned(),
            ),
            Self::BadRequest(detail) => (ErrorCode::BadRequest, detail.clone()),
            Self::Validation(_) => (
                ErrorCode::ValidationFailed,
                "some fields are invalid; see `fields`".to_owned(),
            ),
            Self::PayloadTooLarge => (
                ErrorCode::PayloadTooLarge,
                "the request body is too large".to_owned(),
            ),
            Self::UnsupportedMediaType => (
                ErrorCode::UnsupportedMediaType,
                "the body must be sent as `Content-Type: application/json`".to_owned(),
            ),
            Self::OriginNotAllowed => (
                ErrorCode::OriginNotAllowed,
                "this origin is not allowed for the site".to_owned(),
            ),
            Self::Unauthorized => (
                ErrorCode::Unauthorized,
                "a valid bearer token is required".to_owned(),
            ),
            Self::IdempotencyConflict(detail) => (ErrorCode::IdempotencyConflict, detail.clone()),
            Self::RateLimited(wait) => (
                ErrorCode::RateLimited,
                format!(
                    "too many requests; try again in {} s",
                    retry_after_secs(*wait)
                ),
            ),
            Self::Timeout => (
                ErrorCode::Timeout,
                "the server did not finish in time".to_owned(),
            ),
            Self::Unavailable(_) => (
                ErrorCode::Internal,
                "the service is temporarily unavailable".to_owned(),
            ),
            Self::Internal(_) => (ErrorCode::Internal, "internal server error".to_owned()),
            Self::Refused { code, message, .. } => (*code, message.clone()),
        };
        let envelope = ErrorEnvelope::new(code, message);
        match self {
            Self::Validation(fields) => envelope.with_fields(fields.0.clone()),
            _ => envelope,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match &self {
            Self::Internal(detail) => tracing::error!(%detail, "internal error"),
            Self::Unavailable(detail) => tracing::warn!(%detail, "dependency unavailable"),
            _ => {}
        }
        let mut response = (self.status(), Json(self.envelope())).into_response();
        if response.status() == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let Self::RateLimited(wait) = self {
            response.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from(retry_after_secs(wait)),
            );
        }
        response
    }
}

/// Whole seconds, rounded up and at least 1: `Retry-After: 0` would invite an immediate retry
/// that is refused again.
fn retry_after_secs(wait: std::time::Duration) -> u64 {
    (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
}

impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        Self::Internal(format!("database: {err}"))
    }
}

impl From<FieldErrors> for AppError {
    fn from(errs: FieldErrors) -> Self {
        Self::Validation(errs)
    }
}

/// Why `Application::build` failed. The message is meant for the operator's terminal.
#[derive(Debug)]
pub enum StartupError {
    Config(String),
    Bind {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    Database(String),
    /// One or more content files are invalid; each entry names the file and its problems.
    Content(Vec<ContentProblem>),
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Everything wrong with one content file.
#[derive(Debug, Clone)]
pub struct ContentProblem {
    pub path: PathBuf,
    pub problems: Vec<String>,
}

impl fmt::Display for StartupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Config(msg) => write!(f, "invalid configuration: {msg}"),
            Self::Bind { addr, source } => write!(f, "cannot listen on {addr}: {source}"),
            Self::Database(msg) => write!(f, "database: {msg}"),
            Self::Content(files) => {
                write!(f, "invalid content:")?;
                for file in files {
                    write!(f, "\n  {}:", file.path.display())?;
                    for problem in &file.problems {
                        write!(f, "\n    - {problem}")?;
                    }
                }
                Ok(())
            }
            Self::Io { path, source } => write!(f, "{}: {source}", path.display()),
        }
    }
}

impl std::error::Error for StartupError {}

#[cfg(test)]
mod tests {
    use super::*;
    use patron_api::FieldCode;

    #[test]
    fn internal_detail_is_not_sent() {
        let env = AppError::internal("password=hunter2").envelope();
        assert_eq!(env.error.code, ErrorCode::Internal);
        assert!(!env.error.message.contains("hunter2"));
    }

    #[test]
    fn rate_limited_says_when_to_retry() {
        use std::time::Duration;
        let resp = AppError::RateLimited(Duration::from_millis(1500)).into_response();
        assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(resp.headers()[header::RETRY_AFTER], "2");
        assert_eq!(retry_after_secs(Duration::ZERO), 1);
        assert_eq!(retry_after_secs(Duration::from_secs(3)), 3);
    }

    #[test]
    fn validation_lists_fields() {
        let mut errs = FieldErrors::default();
        errs.push("brand.primary", FieldCode::InvalidFormat, "bad");
        let err = AppError::from(errs);
        assert_eq!(err.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(err.envelope().error.fields[0].field, "brand.primary");
    }
}
