//! `POST|GET|DELETE /v1/console/session` and `PUT …/session/preferences`.

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use patron_api::console::users::normalise_email;
use patron_api::console::{ConsoleSession, Preferences, SignIn};

use super::ConsoleState;
use crate::auth::console::{self as sessions, ConsoleUser};
use crate::auth::users;
use crate::error::AppError;
use crate::extract::AppJson;
use crate::state::AppState;
use crate::storage::now_millis;

/// Signs in; any wrong combination is the same 401 after the same work (a password check).
pub async fn sign_in(
    State(state): State<ConsoleState>,
    req: Request,
) -> Result<impl IntoResponse, AppError> {
    let client = state.limits.client_of(req.extensions(), req.headers());
    let AppJson(body): AppJson<SignIn> = AppJson::from_request(req, &()).await?;
    body.validate()?;
    let account = format!("{}/{}", body.site, normalise_email(&body.email));
    let limits = state.limits.sign_in();
    if let Some(wait) = limits.wait(client, &account) {
        return Err(AppError::RateLimited(wait));
    }
    let found = users::find_by_email(&state.app.pool, &body.site, &body.email).await?;
    let stored = found.as_ref().map(|u| u.password_hash.clone());
    let password = body.password;
    let ok =
        tokio::task::spawn_blocking(move || users::verify_password(&password, stored.as_deref()))
            .await
            .map_err(AppError::internal)?;
    let user = match (ok, found) {
        (true, Some(user)) => user,
        _ => {
            if let Some(wait) = limits.failed(client, &account) {
                return Err(AppError::RateLimited(wait));
            }
            return Err(AppError::refused(
                StatusCode::UNAUTHORIZED,
                patron_api::ErrorCode::Unauthorized,
                "the site, email and password do not match an account",
            ));
        }
    };
    let settings = state.app.console_sessions;
    let session = sessions::start(&state.app.pool, &user.id, settings, now_millis()).await?;
    Ok((
        [
            (
                header::SET_COOKIE,
                sessions::cookie(&session.token, settings),
            ),
            (header::CACHE_CONTROL, "no-store".parse().expect("header")),
        ],
        AppJson(ConsoleSession {
            user: user.user(),
            csrf_token: session.csrf,
            expires_at: session.expires_at,
        }),
    ))
}

use axum::extract::FromRequest;

fn current(who: &ConsoleUser) -> ConsoleSession {
    ConsoleSession {
        user: who.user.clone(),
        csrf_token: who.csrf.clone(),
        expires_at: who.expires_at,
    }
}

pub async fn get_session(who: ConsoleUser) -> impl IntoResponse {
    (
        [(header::CACHE_CONTROL, "no-store")],
        AppJson(current(&who)),
    )
}

/// Signs out on every instance and clears the cookie.
pub async fn sign_out(
    who: ConsoleUser,
    State(state): State<AppState>,
) -> Result<impl IntoResponse, AppError> {
    sessions::end(&state.pool, &who.session_id).await?;
    Ok((
        StatusCode::NO_CONTENT,
        [(
            header::SET_COOKIE,
            sessions::cleared_cookie(state.console_sessions),
        )],
    ))
}

pub async fn put_preferences(
    mut who: ConsoleUser,
    State(state): State<AppState>,
    AppJson(prefs): AppJson<Preferences>,
) -> Result<impl IntoResponse, AppError> {
    users::set_locale(&state.pool, &who.user.id, prefs.locale).await?;
    who.user.locale = Some(prefs.locale);
    Ok(AppJson(current(&who)))
}
