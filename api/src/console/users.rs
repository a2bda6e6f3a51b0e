//! A site's console users and their roles (`/v1/console/sites/{site}/users…`). Everyone
//! signed in may list them (to assign work); only owners add, change and remove them.
//!
//! - `GET /users` → [`UserList`];
//! - `POST /users` [`NewUser`] → 201 [`User`]; an email already on the site is 422
//!   `duplicate` on `email`;
//! - `PUT /users/{user}` [`UserChange`] → 200 [`User`];
//! - `DELETE /users/{user}` → 204 (their sessions end at once).
//!
//! The site always keeps an owner: demoting or removing the last one is 422 `not_allowed`.

use serde::{Deserialize, Serialize};

use crate::locale::Locale;
use crate::validate::{self, FieldErrors, Rule, Violation};
use crate::FieldCode;

pub const PASSWORD_MIN_CHARS: usize = 10;
pub const PASSWORD_MAX_CHARS: usize = 256;
/// The most users one site may have.
pub const USERS_MAX: usize = 500;

wire_enum! {
    /// What a user may do.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum Role {
        /// Reads the overview and the reports; changes nothing.
        Viewer = "viewer",
        /// Works the inboxes, the help library and redemptions.
        Agent = "agent",
        /// Everything, including users and the audit log.
        Owner = "owner",
    }
}
serde_by_name!(Role);

impl Role {
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Works the inboxes, edits articles, fulfils redemptions.
    pub fn can_work(self) -> bool {
        self >= Role::Agent
    }

    /// Manages users and reads the audit log.
    pub fn can_manage(self) -> bool {
        self == Role::Owner
    }
}

/// A console user as shown to colleagues (never their password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    pub id: String,
    pub site: String,
    pub email: String,
    pub role: Role,
    /// The language they chose; absent until they choose (the browser's is used).
    #[serde(default)]
    pub locale: Option<Locale>,
    /// Unix milliseconds.
    pub created_at: i64,
}

/// Who did something (an assignee, a note's author, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserRef {
    pub id: String,
    /// As it was when they acted (kept when the user is later removed).
    pub email: String,
}

/// `GET …/users`: every user of the site, by email.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserList {
    pub users: Vec<User>,
}

/// Body of `POST …/users`. The owner chooses the first password and hands it over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    pub email: String,
    pub role: Role,
    /// 10 to 256 characters.
    pub password: String,
}

impl NewUser {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errs = FieldErrors::default();
        errs.check("email", validate::email(self.email.trim()));
        errs.check("password", password(&self.password));
        errs.into_result()
    }
}

/// Body of `PUT …/users/{user}`: what to change; absent fields stay.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UserChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// A new password (their sessions end, except the caller's own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}

impl UserChange {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errs = FieldErrors::default();
        if let Some(p) = &self.password {
            errs.check("password", password(p));
        }
        if self.role.is_none() && self.password.is_none() {
            errs.push(
                "role",
                FieldCode::Required,
                "change the role, the password or both",
            );
        }
        errs.into_result()
    }
}

/// 10 to 256 characters, not all the same one.
pub fn password(s: &str) -> Rule {
    validate::text_len(s, PASSWORD_MIN_CHARS, PASSWORD_MAX_CHARS)?;
    let mut chars = s.chars();
    let first = chars.next();
    if chars.all(|c| Some(c) == first) {
        return Err(Violation::new(
            FieldCode::InvalidFormat,
            "a password is not one character repeated",
        ));
    }
    Ok(())
}

/// An email address compared as the server compares them: trimmed and lowercased.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_travel_by_name_and_rank() {
        for role in Role::ALL {
            let json = serde_json::to_string(&role).expect("json");
            assert_eq!(serde_json::from_str::<Role>(&json).expect("back"), role);
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert!(Role::Owner.can_work() && Role::Owner.can_manage());
        assert!(Role::Agent.can_work() && !Role::Agent.can_manage());
        assert!(!Role::Viewer.can_work() && !Role::Viewer.can_manage());
        assert!(serde_json::from_str::<Role>("\"admin\"").is_err());
    }

    #[test]
    fn passwords() {
        assert!(password("correct horse").is_ok());
        assert_eq!(password("short").unwrap_err().code, FieldCode::TooShort);
        assert_eq!(
            password("aaaaaaaaaaaa").unwrap_err().code,
            FieldCode::InvalidFormat
        );
        assert!(UserChange::default().validate().is_err());
        assert_eq!(normalise_email(" Li.Na@Example.COM "), "li.na@example.com");
    }
}
