//! Console sessions and the `ConsoleUser` extractor.
//!
//! Signing in stores a session (the SHA-256 of a random token, the user, a CSRF token, an
//! expiry) and sets the token as the `patron_console` cookie: HttpOnly, SameSite=Strict,
//! Path=/, Secure when Patron's public URL is https. Any instance serves any session, and
//! signing out or removing the user ends it everywhere.
//!
//! `ConsoleUser` proves, in this order: a live session (else 401 `unauthorized`); on every
//! write (anything but GET and HEAD) the `x-csrf-token` header equal to the session's token
//! (else 403 `forbidden`: the cookie alone never suffices, and SameSite=Strict is not the only
//! defence); and, on `/v1/console/sites/{site}/…`, that `{site}` is the user's own (else 404,
//! as for a site that does not exist). Roles are checked by the handler (`require`).

use axum::extract::{FromRef, FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, Method, StatusCode};
use patron_api::console::{Role, User, UserRef, CSRF_HEADER, SESSION_COOKIE};
use patron_api::ErrorCode;
use sqlx::{AnyPool, FromRow};

use super::key_digest;
use super::users::UserRow;
use crate::error::AppError;
use crate::state::{AppState, SessionSettings};

/// A new session: the cookie's token (never stored) and what the console is told.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token: String,
    pub csrf: String,
    pub expires_at: i64,
}

fn random_token() -> String {
    let bytes: [u8; 32] = rand::random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Starts a session for `user_id`.
pub async fn start(
    pool: &AnyPool,
    user_id: &str,
    settings: SessionSettings,
    now: i64,
) -> Result<NewSession, sqlx::Error> {
    let session = NewSession {
        token: random_token(),
        csrf: random_token(),
        expires_at: now + settings.ttl_ms,
    };
    // Expired sessions are swept as new ones start, so the table holds only live ones.
    sqlx::query("DELETE FROM console_sessions WHERE expires_at <= $1")
        .bind(now)
        .execute(pool)
        .await?;
    sqlx::query(
        "INSERT INTO console_sessions (id, user_id, csrf, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(key_digest(&session.token))
    .bind(user_id)
    .bind(session.csrf.as_str())
    .bind(now)
    .bind(session.expires_at)
    .execute(pool)
    .await?;
    Ok(session)
}

/// Ends the session whose id (token digest) is `id`.
pub async fn end(pool: &AnyPool, id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM console_sessions WHERE id = $1")
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

/// Ends every session of the user but `keep` (a session id).
pub async fn end_others(
    conn: &mut sqlx::AnyConnection,
    user_id: &str,
    keep: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM console_sessions WHERE user_id = $1 AND id <> $2")
        .bind(user_id)
        .bind(keep)
        .execute(conn)
        .await?;
    Ok(())
}

/// `Set-Cookie` for a new session.
pub fn cookie(token: &str, settings: SessionSettings) -> HeaderValue {
    let secure = if settings.secure { "; Secure" } else { "" };
    let max_age = settings.ttl_ms / 1000;
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// `Set-Cookie` that removes the session cookie.
pub fn cleared_cookie(settings: SessionSettings) -> HeaderValue {
    let secure = if settings.secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The signed-in user of a request.
#[derive(Debug, Clone)]
pub struct ConsoleUser {
    pub user: User,
    /// The session's id (its token's digest).
    pub session_id: String,
    pub csrf: String,
    pub expires_at: i64,
}

impl ConsoleUser {
    /// Who they are, as recorded with what they do.
    pub fn as_ref(&self) -> UserRef {
        UserRef {
            id: self.user.id.clone(),
            email: self.user.email.clone(),
        }
    }

    /// 403 `forbidden` unless their role is at least `role`.
    pub fn require(&self, role: Role) -> Result<(), AppError> {
        if self.user.role >= role {
            Ok(())
        } else {
            Err(forbidden("your role may not do this"))
        }
    }

    pub fn site(&self) -> &str {
        &self.user.site
    }
}

pub fn forbidden(message: &str) -> AppError {
    AppError::refused(StatusCode::FORBIDDEN, ErrorCode::Forbidden, message)
}

pub fn signed_out() -> AppError {
    AppError::refused(
        StatusCode::UNAUTHORIZED,
        ErrorCode::Unauthorized,
        "sign in to the console",
    )
}

#[derive(FromRow)]
struct SessionRow {
    csrf: String,
    expires_at: i64,
    #[sqlx(flatten)]
    user: UserRow,
}

/// The session cookie's token, if the request has one.
fn session_token(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.trim())
        .filter(|v| !v.is_empty() && v.len() <= 128)
}

fn same_secret(a: &str, b: &str) -> bool {
    let (a, b) = (key_digest(a), key_digest(b));
    a.bytes()
        .zip(b.bytes())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
}

impl<S> FromRequestParts<S> for ConsoleUser
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let app = AppState::from_ref(state);
        let token = session_token(parts).ok_or_else(signed_out)?;
        let session_id = key_digest(token);
        let now = crate::storage::now_millis();
        let row: SessionRow = sqlx::query_as(
            "SELECT s.csrf, s.expires_at, u.id, u.site, u.email, u.password_hash, u.role, \
             u.locale, u.created_at FROM console_sessions s \
             JOIN console_users u ON u.id = s.user_id WHERE s.id = $1 AND s.expires_at > $2",
        )
        .bind(session_id.as_str())
        .bind(now)
        .fetch_optional(&app.pool)
        .await?
        .ok_or_else(signed_out)?;
        if !matches!(parts.method, Method::GET | Method::HEAD) {
            let sent = parts
                .headers
                .get(CSRF_HEADER)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            if !same_secret(sent, &row.csrf) {
                return Err(forbidden(
                    "console writes need the session's x-csrf-token header",
                ));
            }
        }
        if let Ok(params) = RawPathParams::from_request_parts(parts, state).await {
            if let Some((_, site)) = params.iter().find(|(key, _)| *key == "site") {
                if site != row.user.site {
                    return Err(AppError::NotFound);
                }
            }
        }
        Ok(Self {
            user: row.user.user(),
            session_id,
            csrf: row.csrf,
            expires_at: row.expires_at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_is_strict_and_http_only() {
        let settings = SessionSettings {
            ttl_ms: 3_600_000,
            secure: true,
        };
        let c = cookie("abc", settings);
        assert_eq!(
            c.to_str().expect("ascii"),
            "patron_console=abc; Path=/; HttpOnly; SameSite=Strict; Max-Age=3600; Secure"
        );
        let plain = SessionSettings {
            secure: false,
            ..settings
        };
        assert!(!cookie("abc", plain)
            .to_str()
            .expect("ascii")
            .contains("Secure"));
        assert!(cleared_cookie(plain)
            .to_str()
            .expect("ascii")
            .contains("Max-Age=0"));
    }

    #[test]
    fn the_token_is_read_among_other_cookies() {
        let (parts, ()) = axum::http::Request::builder()
            .header(header::COOKIE, "a=1; patron_console=tok ; b=2")
            .body(())
            .expect("request")
            .into_parts();
        assert_eq!(session_token(&parts), Some("tok"));
        assert!(same_secret("x", "x") && !same_secret("x", "y"));
    }
}
