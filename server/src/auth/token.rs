//! Member tokens: a JWT the retailer's backend signs with the site's secret (HS256 only),
//! sent as `Authorization: Bearer …` (never in a URL). See `patron_api::points::MemberClaims`.
//! Verifying one needs nothing but the secrets; the extractors are in `member`.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use axum::http::StatusCode;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use patron_api::points::{self, MemberClaims, MEMBER_NAME_MAX_CHARS, TOKEN_LIFETIME_MAX_SECS};
use patron_api::ErrorCode;

use crate::error::AppError;

/// HS256 wants a key at least as long as its output (RFC 7518 §3.2).
pub const SECRET_MIN_BYTES: usize = 32;
/// Clock difference tolerated between the retailer's servers and Patron.
pub const LEEWAY_SECS: i64 = 30;

/// A site's token secret. Its `Debug` never shows the bytes.
#[derive(Clone)]
pub struct MemberSecret(Arc<[u8]>);

impl MemberSecret {
    pub fn new(bytes: &[u8]) -> Result<Self, String> {
        if bytes.len() < SECRET_MIN_BYTES {
            return Err(format!(
                "the member token secret must be at least {SECRET_MIN_BYTES} bytes"
            ));
        }
        Ok(Self(bytes.into()))
    }

    pub fn bytes(&self) -> &[u8] {
        &self.0
    }

    /// Signs `claims` (the demo door and tests; in production the retailer signs).
    pub fn sign(&self, claims: &MemberClaims) -> Result<String, AppError> {
        jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            claims,
            &EncodingKey::from_secret(self.bytes()),
        )
        .map_err(AppError::internal)
    }
}

impl std::fmt::Debug for MemberSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MemberSecret(<redacted>)")
    }
}

/// Every site's member token secret; a site without one accepts no member token.
#[derive(Debug, Default)]
pub struct MemberSecrets(HashMap<String, MemberSecret>);

impl MemberSecrets {
    pub fn new(secrets: HashMap<String, MemberSecret>) -> Self {
        Self(secrets)
    }

    pub fn get(&self, site: &str) -> Option<&MemberSecret> {
        self.0.get(site)
    }

    /// Verifies `token` for `site` now.
    pub fn verify(&self, site: &str, token: &str) -> Result<MemberClaims, TokenError> {
        let secret = self.get(site).ok_or(TokenError::Invalid)?;
        let now = crate::storage::now_millis() / 1000;
        verify(token, secret.bytes(), site, now)
    }
}

/// Reads the secret named by `member_token_secret_env` or `member_token_secret_file` of a
/// site.yaml (surrounding whitespace trimmed). `Ok(None)` when neither is set; otherwise a
/// problem names the field at fault.
pub fn load_secret(
    env: Option<&str>,
    file: Option<&str>,
    folder: &Path,
) -> Result<Option<MemberSecret>, SecretProblem> {
    let problem = |field: &'static str, message: String| SecretProblem { field, message };
    let (field, text) = match (env, file) {
        (None, None) => return Ok(None),
        (Some(_), Some(_)) => {
            return Err(problem(
                "member_token_secret_file",
                "set member_token_secret_env or member_token_secret_file, not both".into(),
            ))
        }
        (Some(name), None) => {
            let field = "member_token_secret_env";
            let text = std::env::var(name)
                .map_err(|_| problem(field, format!("environment variable {name} is not set")))?;
            (field, text)
        }
        (None, Some(path)) => {
            let field = "member_token_secret_file";
            let path = folder.join(path);
            let text = std::fs::read_to_string(&path)
                .map_err(|e| problem(field, format!("cannot read {}: {e}", path.display())))?;
            (field, text)
        }
    };
    MemberSecret::new(text.trim().as_bytes())
        .map(Some)
        .map_err(|e| problem(field, e))
}

/// Why a site's member token secret could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretProblem {
    pub field: &'static str,
    pub message: String,
}

/// Why a token was refused; each has its own code so integrators can tell what to fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    Missing,
    Invalid,
    Expired,
    NotYetValid,
    WrongSite,
    LifetimeTooLong,
}

impl From<TokenError> for AppError {
    fn from(err: TokenError) -> Self {
        let (code, message) = match err {
            TokenError::Missing => (
                ErrorCode::TokenMissing,
                "send the member token as Authorization: Bearer <token>",
            ),
            TokenError::Invalid => (
                ErrorCode::TokenInvalid,
                "the member token is malformed, not HS256, or its signature does not verify",
            ),
            TokenError::Expired => (ErrorCode::TokenExpired, "the member token has expired"),
            TokenError::NotYetValid => (
                ErrorCode::TokenNotYetValid,
                "the member token is not valid yet (nbf or iat in the future)",
            ),
            TokenError::WrongSite => (
                ErrorCode::TokenWrongSite,
                "the member token was issued for another site",
            ),
            TokenError::LifetimeTooLong => (
                ErrorCode::TokenLifetimeTooLong,
                "a member token may live at most 24 hours (exp - iat)",
            ),
        };
        AppError::refused(StatusCode::UNAUTHORIZED, code, message)
    }
}

/// Checks a token for `site` at `now` (Unix seconds). The signature and algorithm are the
/// crate's job (HS256 only, so `alg: none` and RS256-with-the-secret-as-key both fail);
/// the time rules are checked here against the `now` given, so they can be tested.
pub fn verify(
    token: &str,
    secret: &[u8],
    site: &str,
    now: i64,
) -> Result<MemberClaims, TokenError> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.validate_aud = false;
    validation.set_required_spec_claims(&["exp", "sub"]);
    let claims = match jsonwebtoken::decode::<MemberClaims>(
        token,
        &DecodingKey::from_secret(secret),
        &validation,
    ) {
        Ok(data) => data.claims,
        Err(_) => {
            // A token for another site is signed with that site's secret, so it fails here.
            // Its unverified `site` only picks the clearer error code; it grants nothing.
            let other_site = jsonwebtoken::dangerous::insecure_decode::<MemberClaims>(token)
                .is_ok_and(|d| d.claims.site != site);
            return Err(if other_site {
                TokenError::WrongSite
            } else {
                TokenError::Invalid
            });
        }
    };
    if claims.site != site {
        return Err(TokenError::WrongSite);
    }
    let name_ok = claims
        .name
        .as_deref()
        .is_none_or(|n| n.chars().count() <= MEMBER_NAME_MAX_CHARS);
    if points::member_id(&claims.sub).is_err() || !name_ok {
        return Err(TokenError::Invalid);
    }
    if claims.exp <= now - LEEWAY_SECS {
        return Err(TokenError::Expired);
    }
    if claims.nbf.is_some_and(|nbf| nbf > now + LEEWAY_SECS) || claims.iat > now + LEEWAY_SECS {
        return Err(TokenError::NotYetValid);
    }
    // Checked: `exp` and `iat` are whatever numbers the token holds (an `iat` far in the past
    // once overflowed the subtraction and panicked the request).
    if claims
        .exp
        .checked_sub(claims.iat)
        .is_none_or(|lifetime| lifetime > TOKEN_LIFETIME_MAX_SECS)
    {
        return Err(TokenError::LifetimeTooLong);
    }
    Ok(claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";
    const NOW: i64 = 1_780_000_000;

    fn claims() -> MemberClaims {
        MemberClaims {
            sub: "m-1".into(),
            site: "demo".into(),
            iat: NOW - 60,
            exp: NOW + 3600,
            nbf: None,
            name: Some("王小明".into()),
            birthday: None,
        }
    }

    fn sign(c: &MemberClaims, secret: &[u8]) -> String {
        MemberSecret::new(secret).unwrap().sign(c).unwrap()
    }

    #[test]
    fn a_good_token_verifies() {
        let c = verify(&sign(&claims(), SECRET), SECRET, "demo", NOW).unwrap();
        assert_eq!(c, claims());
    }

    #[test]
    fn time_rules_use_the_given_clock() {
        let t = sign(&claims(), SECRET);
        assert_eq!(
            verify(&t, SECRET, "demo", NOW + 3600 + LEEWAY_SECS),
            Err(TokenError::Expired)
        );
        assert!(verify(&t, SECRET, "demo", NOW + 3600 + LEEWAY_SECS - 1).is_ok());
        let later = MemberClaims {
            nbf: Some(NOW + 600),
            ..claims()
        };
        assert_eq!(
            verify(&sign(&later, SECRET), SECRET, "demo", NOW),
            Err(TokenError::NotYetValid)
        );
        let future_iat = MemberClaims {
            iat: NOW + 600,
            ..claims()
        };
        assert_eq!(
            verify(&sign(&future_iat, SECRET), SECRET, "demo", NOW),
            Err(TokenError::NotYetValid)
        );
        let long = MemberClaims {
            exp: NOW - 60 + TOKEN_LIFETIME_MAX_SECS + 1,
            ..claims()
        };
        assert_eq!(
            verify(&sign(&long, SECRET), SECRET, "demo", NOW),
            Err(TokenError::LifetimeTooLong)
        );
    }

    #[test]
    fn extreme_times_are_refused_not_overflowed() {
        let ancient = MemberClaims {
            iat: i64::MIN,
            exp: i64::MAX,
            ..claims()
        };
        assert_eq!(
            verify(&sign(&ancient, SECRET), SECRET, "demo", NOW),
            Err(TokenError::LifetimeTooLong)
        );
        let far = MemberClaims {
            iat: NOW - 60,
            exp: i64::MAX,
            nbf: Some(i64::MIN),
            ..claims()
        };
        assert_eq!(
            verify(&sign(&far, SECRET), SECRET, "demo", NOW),
            Err(TokenError::LifetimeTooLong)
        );
    }

    #[test]
    fn signature_site_and_shape() {
        let other = b"another-secret-another-secret-xx";
        assert_eq!(
            verify(&sign(&claims(), other), SECRET, "demo", NOW),
            Err(TokenError::Invalid)
        );
        let acme = MemberClaims {
            site: "acme".into(),
            ..claims()
        };
        assert_eq!(
            verify(&sign(&acme, other), SECRET, "demo", NOW),
            Err(TokenError::WrongSite)
        );
        assert_eq!(
            verify(&sign(&acme, SECRET), SECRET, "demo", NOW),
            Err(TokenError::WrongSite)
        );
        let bad_sub = MemberClaims {
            sub: "a b".into(),
            ..claims()
        };
        assert_eq!(
            verify(&sign(&bad_sub, SECRET), SECRET, "demo", NOW),
            Err(TokenError::Invalid)
        );
        for junk in ["", "a.b.c", "not a token"] {
            assert_eq!(
                verify(junk, SECRET, "demo", NOW),
                Err(TokenError::Invalid),
                "{junk}"
            );
        }
    }

    #[test]
    fn short_secrets_are_refused() {
        assert!(MemberSecret::new(b"short").is_err());
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("k"), "  0123456789abcdef0123456789abcdef\n").unwrap();
        let s = load_secret(None, Some("k"), dir.path()).unwrap().unwrap();
        assert_eq!(s.bytes(), SECRET);
        assert!(format!("{s:?}").contains("redacted"));
        assert!(load_secret(None, Some("missing"), dir.path()).is_err());
        assert!(load_secret(Some("X"), Some("k"), dir.path()).is_err());
        assert!(load_secret(None, None, dir.path()).unwrap().is_none());
    }
}
