//! The one error body every API error uses: `{"error": {"code", "message", "fields"}}`.

use serde::{Deserialize, Serialize};

wire_enum! {
    /// Machine-readable error codes. The widget translates these; it never shows `message`
    /// raw. On the wire each is its `as_str` name; a name this build does not know reads as
    /// `Unknown`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum ErrorCode {
        /// The route or resource does not exist.
        NotFound = "not_found",
        /// The site id in the path is not a configured site.
        SiteNotFound = "site_not_found",
        /// The request could not be parsed (malformed JSON, bad query string).
        BadRequest = "bad_request",
        /// The request parsed but a field broke a rule; see `fields`.
        ValidationFailed = "validation_failed",
        /// The body is larger than the server accepts.
        PayloadTooLarge = "payload_too_large",
        /// The body is not `application/json`.
        UnsupportedMediaType = "unsupported_media_type",
        /// The route exists but not for this HTTP method.
        MethodNotAllowed = "method_not_allowed",
        /// The caller's origin is not one of the site's allowed origins.
        OriginNotAllowed = "origin_not_allowed",
        /// Credentials are missing or invalid.
        Unauthorized = "unauthorized",
        /// Credentials are valid but do not grant this.
        Forbidden = "forbidden",
        /// An idempotency key (or an order reference, which is one) came back with a
        /// different request; the first request was kept.
        IdempotencyConflict = "idempotency_conflict",
        /// The site's files own this kind of configuration (`owners:` in its site.yaml):
        /// the admin API may not change it; the message names the file to edit instead.
        ManagedByFiles = "managed_by_files",
        /// Too many requests from this client.
        RateLimited = "rate_limited",
        /// The server did not finish in time.
        Timeout = "timeout",
        /// Something went wrong on the server; details are in its logs, never in the response.
        Internal = "internal",
        // Member points (`crate::points`): 401s for member tokens, then domain refusals.
        /// No member token was sent (`Authorization: Bearer …`).
        TokenMissing = "token_missing",
        /// The token is malformed, not HS256, or its signature does not verify.
        TokenInvalid = "token_invalid",
        /// The token's `exp` has passed.
        TokenExpired = "token_expired",
        /// The token's `nbf` (or `iat`) is in the future.
        TokenNotYetValid = "token_not_yet_valid",
        /// The token was issued for another site.
        TokenWrongSite = "token_wrong_site",
        /// The token lives longer than 24 hours (`exp - iat`).
        TokenLifetimeTooLong = "token_lifetime_too_long",
        /// The balance does not cover the redemption or debit.
        InsufficientPoints = "insufficient_points",
        /// The reward has no stock left.
        OutOfStock = "out_of_stock",
        /// No reward with this id.
        RewardNotFound = "reward_not_found",
        /// No order with this reference.
        OrderNotFound = "order_not_found",
        // Onboarding packs (`crate::onboarding`).
        /// No pack with this id for this customer.
        PackNotFound = "pack_not_found",
        /// The pack has no step with this id.
        StepNotFound = "step_not_found",
        /// A code this build does not know (a newer server); treated like `Internal`.
        Unknown = "unknown",
    }
}

impl ErrorCode {
    /// Whether retrying the same request later can succeed (the widget offers "retry" then).
    pub fn is_transient(self) -> bool {
        matches!(
            self,
            Self::RateLimited | Self::Timeout | Self::Internal | Self::Unknown
        )
    }
}

serde_by_name!(ErrorCode, |_| Ok(ErrorCode::Unknown));

wire_enum! {
    /// Which rule a field broke. On the wire, its `as_str` name; a name this build does not
    /// know reads as `Unknown`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum FieldCode {
        /// Missing or empty.
        Required = "required",
        /// Shorter than allowed.
        TooShort = "too_short",
        /// Longer (or more items) than allowed.
        TooLong = "too_long",
        /// A number, date or count outside what is allowed.
        OutOfRange = "out_of_range",
        /// Not in the expected shape (an id, an e-mail address, a date, a word from a list).
        InvalidFormat = "invalid_format",
        /// A number with a fraction where a whole number goes.
        NotInteger = "not_integer",
        /// The same id twice.
        Duplicate = "duplicate",
        /// Disagrees with something else in the request or URL (a site id, a currency).
        Mismatch = "mismatch",
        /// A time in the future where only the past makes sense.
        InFuture = "in_future",
        /// Not allowed together with another field's value.
        NotAllowed = "not_allowed",
        /// A value the site does not offer (a default locale missing from `locales`).
        NotOffered = "not_offered",
        /// A text lacks the site's default locale, or (a warning) another of its locales.
        MissingTranslation = "missing_translation",
        /// An FAQ article the site does not have (a warning: it may be added later).
        UnknownArticle = "unknown_article",
        /// A tier the site's points programme does not have.
        UnknownTier = "unknown_tier",
        /// A CSS selector the browser would not accept.
        InvalidSelector = "invalid_selector",
        /// Points without a points programme (`loyalty.yaml`) to credit them through.
        NoPointsProgramme = "no_points_programme",
        /// A file or environment variable the server could not read.
        Unreadable = "unreadable",
        /// A code this build does not know (a newer server).
        Unknown = "unknown",
    }
}

serde_by_name!(FieldCode, |_| Ok(FieldCode::Unknown));

/// One field that broke a validation rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field's name as it appears in the request body (`email`, `score`), or its path
    /// (`surveys[1].labels.10`).
    pub field: String,
    /// Which rule it broke.
    pub code: FieldCode,
    /// A human explanation in English, for logs and API users.
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

/// The top-level JSON of every error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
        let mut fields = std::collections::HashSet::new();
        for code in FieldCode::ALL {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(serde_json::from_str::<FieldCode>(&json).unwrap(), code);
            assert!(fields.insert(code.as_str()), "{code:?} named twice");
        }
        assert_eq!(
            serde_json::from_str::<FieldCode>("\"brand_new_rule\"").unwrap(),
            FieldCode::Unknown
        );
    }
}
