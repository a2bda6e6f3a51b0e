//! The one error body every API error uses: `{"error": {"code", "message", "fields"}}`.

use serde::{Deserialize, Serialize};

/// Machine-readable error codes. The widget translates these; it never shows `message` raw.
/// On the wire each is its `as_str` name; a name this build does not know reads as `Unknown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// The route or resource does not exist.
    NotFound,
    /// The site id in the path is not a configured site.
    SiteNotFound,
    /// The request could not be parsed (malformed JSON, bad query string).
    BadRequest,
    /// The request parsed but a field broke a rule; see `fields`.
    ValidationFailed,
    /// The body is larger than the server accepts.
    PayloadTooLarge,
    /// The body is not `application/json`.
    UnsupportedMediaType,
    /// The route exists but not for this HTTP method.
    MethodNotAllowed,
    /// The caller's origin is not one of the site's allowed origins.
    OriginNotAllowed,
    /// Credentials are missing or invalid.
    Unauthorized,
    /// Credentials are valid but do not grant this.
    Forbidden,
    /// The request conflicts with what is stored (e.g. a replayed key with another body).
    Conflict,
    /// An idempotency key was replayed with a different body; the first request was kept.
    IdempotencyConflict,
    /// Too many requests from this client.
    RateLimited,
    /// The server did not finish in time.
    Timeout,
    /// Something went wrong on the server; details are in its logs, never in the response.
    Internal,
    // Member points (`crate::points`): 401s for member tokens, then domain refusals.
    /// No member token was sent (`Authorization: Bearer …`).
    TokenMissing,
    /// The token is malformed, not HS256, or its signature does not verify.
    TokenInvalid,
    /// The token's `exp` has passed.
    TokenExpired,
    /// The token's `nbf` (or `iat`) is in the future.
    TokenNotYetValid,
    /// The token was issued for another site.
    TokenWrongSite,
    /// The token lives longer than 24 hours (`exp - iat`).
    TokenLifetimeTooLong,
    /// The balance does not cover the redemption or debit.
    InsufficientPoints,
    /// The reward has no stock left.
    OutOfStock,
    /// No reward with this id.
    RewardNotFound,
    /// No order with this reference.
    OrderNotFound,
    // Onboarding packs (`crate::onboarding`).
    /// No pack with this id for this customer.
    PackNotFound,
    /// The pack has no step with this id.
    StepNotFound,
    /// A code this build does not know (a newer server); treated like `Internal`.
    Unknown,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 28] = [
        Self::NotFound,
        Self::SiteNotFound,
        Self::BadRequest,
        Self::ValidationFailed,
        Self::PayloadTooLarge,
        Self::UnsupportedMediaType,
        Self::MethodNotAllowed,
        Self::OriginNotAllowed,
        Self::Unauthorized,
        Self::Forbidden,
        Self::Conflict,
        Self::IdempotencyConflict,
        Self::RateLimited,
        Self::Timeout,
        Self::Internal,
        Self::TokenMissing,
        Self::TokenInvalid,
        Self::TokenExpired,
        Self::TokenNotYetValid,
        Self::TokenWrongSite,
        Self::TokenLifetimeTooLong,
        Self::InsufficientPoints,
        Self::OutOfStock,
        Self::RewardNotFound,
        Self::OrderNotFound,
        Self::PackNotFound,
        Self::StepNotFound,
        Self::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotFound => "not_found",
            Self::SiteNotFound => "site_not_found",
            Self::BadRequest => "bad_request",
            Self::ValidationFailed => "validation_failed",
            Self::PayloadTooLarge => "payload_too_large",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::OriginNotAllowed => "origin_not_allowed",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::Conflict => "conflict",
            Self::IdempotencyConflict => "idempotency_conflict",
            Self::RateLimited => "rate_limited",
            Self::Timeout => "timeout",
            Self::Internal => "internal",
            Self::TokenMissing => "token_missing",
            Self::TokenInvalid => "token_invalid",
            Self::TokenExpired => "token_expired",
            Self::TokenNotYetValid => "token_not_yet_valid",
            Self::TokenWrongSite => "token_wrong_site",
            Self::TokenLifetimeTooLong => "token_lifetime_too_long",
            Self::InsufficientPoints => "insufficient_points",
            Self::OutOfStock => "out_of_stock",
            Self::RewardNotFound => "reward_not_found",
            Self::OrderNotFound => "order_not_found",
            Self::PackNotFound => "pack_not_found",
            Self::StepNotFound => "step_not_found",
            Self::Unknown => "unknown",
        }
    }

    /// Whether retrying the same request later can succeed (the widget offers "retry" then).
    pub fn is_transient(self) -> bool {
        matches!(
            self,
            Self::RateLimited | Self::Timeout | Self::Internal | Self::Unknown
        )
    }
}

serde_by_name!(ErrorCode, |_| Ok(ErrorCode::Unknown));

/// One field that broke a validation rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The field's name as it appears in the request body (`email`, `score`).
    pub field: String,
    /// A machine code for the rule (`required`, `too_long`, `out_of_range`, `invalid_format`).
    pub code: String,
    /// A human explanation in English, for logs and API users.
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

/// The top-level JSON of every error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorEnvelope {
    pub error: ErrorBody,
}

impl ErrorEnvelope {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            error: ErrorBody {
                code,
                message: message.into(),
                fields: Vec::new(),
            },
        }
    }

    pub fn with_fields(mut self, fields: Vec<FieldError>) -> Self {
        self.error.fields = fields;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_has_the_documented_shape() {
        let env = ErrorEnvelope::new(ErrorCode::SiteNotFound, "no site 'x'");
        let json = serde_json::to_value(&env).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"error": {"code": "site_not_found", "message": "no site 'x'"}})
        );
    }

    #[test]
    fn unknown_codes_from_a_newer_server_still_parse() {
        let env: ErrorEnvelope =
            serde_json::from_str(r#"{"error":{"code":"brand_new_code","message":"m"}}"#).unwrap();
        assert_eq!(env.error.code, ErrorCode::Unknown);
        assert!(env.error.code.is_transient());
    }

    #[test]
    fn every_code_round_trips_by_its_name() {
        let mut names = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            assert_eq!(serde_json::from_str::<ErrorCode>(&json).unwrap(), code);
            assert!(names.insert(code.as_str()), "{code:?} named twice");
        }
        // `as_str` matches every variant; `ALL` must list each, or it would read as Unknown.
        assert_eq!(
            serde_json::from_str::<ErrorCode>("\"token_lifetime_too_long\"").unwrap(),
            ErrorCode::TokenLifetimeTooLong
        );
    }
}
