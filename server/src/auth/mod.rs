//! Who may call what. One bearer parser serves every credential:
//!
//! - `SiteAdmin`: the global `--admin-token` or the site's own admin key (stored only as its
//!   SHA-256), for `/v1/admin/sites/{site}/…`;
//! - `AdminAuth`: the global admin token only;
//! - `ConsoleUser` (`console`): a console session cookie, with the CSRF header on writes;
//!   users and their passwords are in `users`;
//! - `Member` / `MaybeMember` (`member`): the member token a retailer signs for a shopper,
//!   verified by `token`.
//!
//! The extractors work with any router state an `AppState` can be taken from (`FromRef`).

pub mod console;
pub mod member;
pub mod token;
pub mod users;

use axum::extract::{FromRef, FromRequestParts, RawPathParams};
use axum::http::header;
use axum::http::request::Parts;
use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::state::AppState;
pub use member::{MaybeMember, Member, MemberId};
pub use token::{MemberSecret, MemberSecrets};

/// The credential of `Authorization: Bearer <credential>`, trimmed; `None` when the header
/// is missing, not UTF-8, another scheme, or empty.
pub fn bearer(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// The `{site}` segment of the request's route; 404 for a route without one.
pub async fn site_in_path<S: Send + Sync>(
    parts: &mut Parts,
    state: &S,
) -> Result<String, AppError> {
    RawPathParams::from_request_parts(parts, state)
        .await
        .ok()
        .and_then(|params| {
            params
                .iter()
                .find(|(key, _)| *key == "site")
                .map(|(_, value)| value.to_owned())
        })
        .ok_or(AppError::NotFound)
}

/// Proof that the request may administer the site named in the path: the bearer is the
/// global admin token (every site) or the site's own admin key, which is stored only as a
/// SHA-256 digest (`site_admin_keys`). Anything else is 401, including another site's key.
#[derive(Debug, Clone)]
pub struct SiteAdmin {
    pub site: String,
}

impl<S> FromRequestParts<S> for SiteAdmin
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let app = AppState::from_ref(state);
        let site = site_in_path(parts, state).await?;
        let presented = bearer(parts).ok_or(AppError::Unauthorized)?;
        if let Some(expected) = app.admin_token.as_deref() {
            if tokens_match(presented, expected) {
                return Ok(Self { site });
            }
        }
        if patron_api::validate::site_id(&site).is_err() {
            return Err(AppError::Unauthorized);
        }
        let stored = crate::storage::admin_key_hash(&app.pool, &site).await?;
        match stored {
            Some(hash) if digest_matches(presented, &hash) => Ok(Self { site }),
            _ => Err(AppError::Unauthorized),
        }
    }
}

/// Proof that the request carried `Authorization: Bearer <admin token>`.
#[derive(Debug, Clone, Copy)]
pub struct AdminAuth;

impl<S> FromRequestParts<S> for AdminAuth
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let app = AppState::from_ref(state);
        let expected = app.admin_token.as_deref().ok_or(AppError::Unauthorized)?;
        match bearer(parts) {
            Some(presented) if tokens_match(presented, expected) => Ok(Self),
            _ => Err(AppError::Unauthorized),
        }
    }
}

/// The lowercase hex SHA-256 of a key, as stored for site admin keys.
pub fn key_digest(key: &str) -> String {
    Sha256::digest(key.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Constant-time comparison of a presented key's digest with a stored hex digest.
fn digest_matches(presented: &str, stored_hex: &str) -> bool {
    let a = key_digest(presented);
    let b = stored_hex.trim().to_ascii_lowercase();
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Compares digests in constant time: hashing first hides the token's length, and the
/// fold over all bytes does not stop at the first difference.
fn tokens_match(presented: &str, expected: &str) -> bool {
    let a = Sha256::digest(presented.as_bytes());
    let b = Sha256::digest(expected.as_bytes());
    a.iter()
        .zip(b.iter())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_digests() {
        let d = key_digest("demo-admin-key");
        assert_eq!(d.len(), 64);
        assert!(digest_matches("demo-admin-key", &d.to_ascii_uppercase()));
        assert!(!digest_matches("demo-admin-kex", &d));
    }

    #[test]
    fn token_comparison() {
        assert!(tokens_match("s3cret", "s3cret"));
        assert!(!tokens_match("s3cret", "s3cre"));
        assert!(!tokens_match("", "s3cret"));
    }

    #[test]
    fn bearer_parsing() {
        let parts = |value: &str| {
            let (parts, ()) = axum::http::Request::builder()
                .header(header::AUTHORIZATION, value)
                .body(())
                .expect("request")
                .into_parts();
            parts
        };
        assert_eq!(bearer(&parts("Bearer  abc ")), Some("abc"));
        assert_eq!(bearer(&parts("Bearer ")), None);
        assert_eq!(bearer(&parts("Basic abc")), None);
    }
}
