//! The Patron Console's wire contract: the retailer's service team signs in with a named
//! account (`session`), works the feedback and contact inboxes (`feedback`, `contacts`), edits
//! the help library (`library`), fulfils redemptions (`members`), reads the overview against
//! the site's targets (`overview`); owners manage users (`users`) and read the audit log
//! (`audit`).
//!
//! Routes (`paths::CONSOLE_…`), all answering errors with the usual envelope:
//! - `POST|GET|DELETE /v1/console/session`, `PUT /v1/console/session/preferences`;
//! - per site, `/v1/console/sites/{site}/…`: `{site}` must be the signed-in user's site
//!   (another site is 404).
//!
//! Credentials: the session cookie [`SESSION_COOKIE`] (HttpOnly, SameSite=Strict, Secure on
//! https) set by signing in. Every write (POST, PUT, DELETE) but signing in also needs the
//! header [`CSRF_HEADER`] holding the session's `csrf_token`: the cookie alone is refused
//! with 403 `forbidden`. Roles ([`Role`]): a viewer's write is 403 `forbidden`.
//!
//! Lists page newest first with an opaque `cursor` (`next_cursor` of the previous page),
//! stable under rows sharing a timestamp.

pub mod audit;
pub mod contacts;
pub mod feedback;
pub mod library;
pub mod members;
#[cfg(feature = "openapi")]
pub mod openapi;
pub mod overview;
pub mod session;
pub mod users;

use serde::{Deserialize, Deserializer, Serialize};

use crate::validate::{FieldErrors, Rule, Violation};
use crate::FieldCode;

pub use session::{ConsoleSession, Preferences, SignIn};
pub use users::{Role, User, UserRef};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "patron_console";
/// The header every console write carries: the session's `csrf_token`.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// `?limit=` of every console list: default and most.
pub const LIMIT_DEFAULT: i64 = 50;
pub const LIMIT_MAX: i64 = 200;

/// A note's or comment search's most characters.
pub const NOTE_MAX_CHARS: usize = 2000;
pub const SEARCH_MAX_CHARS: usize = 200;

/// A console object's id as the server makes them (32 lowercase hex digits): users, notes,
/// survey responses, redemptions.
pub fn object_id(s: &str) -> Rule {
    if (1..=64).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        Ok(())
    } else {
        Err(Violation::new(
            FieldCode::InvalidFormat,
            "an id from this server",
        ))
    }
}

/// An internal note on a feedback answer or a contact request (`POST …/notes`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewNote {
    /// 1 to 2000 characters, plain text.
    pub text: String,
}

impl NewNote {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errs = FieldErrors::default();
        errs.check(
            "text",
            crate::validate::text_len(self.text.trim(), 1, NOTE_MAX_CHARS),
        );
        errs.into_result()
    }
}

/// An internal note as stored: who wrote it and when. Text, never HTML.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Note {
    pub id: String,
    pub author: UserRef,
    pub text: String,
    /// Unix milliseconds.
    pub created_at: i64,
}

/// For `Option<Option<T>>` fields of a change: absent is `None` (leave as is), `null` is
/// `Some(None)` (clear it), a value is `Some(Some(v))`.
pub(crate) fn explicit<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_ids() {
        assert!(object_id("3f9a0c").is_ok());
        for bad in ["", "ABC", "a b", "a/b", &"a".repeat(65)] {
            assert!(object_id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn notes_need_text() {
        assert!(NewNote { text: "  ".into() }.validate().is_err());
        assert!(NewNote {
            text: "Called back; refund sent.".into()
        }
        .validate()
        .is_ok());
        let long = NewNote {
            text: "字".repeat(NOTE_MAX_CHARS + 1),
        };
        assert_eq!(long.validate().unwrap_err().0[0].code, FieldCode::TooLong);
    }
}
