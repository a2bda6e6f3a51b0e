//! Signing in and out (`/v1/console/session`).
//!
//! - `POST` [`SignIn`] → 200 [`ConsoleSession`] with `Set-Cookie` (the session cookie). Any
//!   wrong combination of site, email and password is the same 401 `unauthorized`, in about
//!   the same time; failed sign-ins are limited per client address and per account (429
//!   `rate_limited` with `Retry-After`).
//! - `GET` → 200 the current [`ConsoleSession`]; 401 without one (the console goes to
//!   sign-in).
//! - `DELETE` → 204; the session is gone on every instance.
//! - `PUT /preferences` [`Preferences`] → 200 the [`ConsoleSession`] with the change.

use serde::{Deserialize, Serialize};

use super::users::{self, User};
use crate::locale::Locale;
use crate::validate::{self, FieldErrors};

/// Body of `POST /v1/console/session`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    /// The site id.
    pub site: String,
    pub email: String,
    pub password: String,
}

impl SignIn {
    /// Shape only: whether the account exists is never told apart from a wrong password.
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errs = FieldErrors::default();
        errs.check("site", validate::site_id(&self.site));
        errs.check("email", validate::email(self.email.trim()));
        errs.check(
            "password",
            validate::text_len(&self.password, 1, users::PASSWORD_MAX_CHARS),
        );
        errs.into_result()
    }
}

/// Who is signed in, and what their writes must carry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsoleSession {
    pub user: User,
    /// Send as the `x-csrf-token` header with every write.
    pub csrf_token: String,
    /// Unix milliseconds; after it, every call is 401 and the console signs in again.
    pub expires_at: i64,
}

/// Body of `PUT /v1/console/session/preferences`: the user's own choices, kept with their
/// account (every device they sign in on).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Preferences {
    /// The console's language.
    pub locale: Locale,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_checks_shape_only() {
        let good = SignIn {
            site: "demo".into(),
            email: "owner@example.com".into(),
            password: "x".into(),
        };
        assert!(good.validate().is_ok());
        let bad = SignIn {
            site: "Demo".into(),
            email: "owner".into(),
            password: String::new(),
        };
        let fields: Vec<_> = bad
            .validate()
            .unwrap_err()
            .0
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["site", "email", "password"]);
    }
}
