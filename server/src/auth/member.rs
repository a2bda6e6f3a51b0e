//! Which member a request is from. Two extractors: `Member` for routes that need a member
//! (401 with the token's own error code otherwise), and `MaybeMember` for routes that serve
//! anyone, where a missing or refused token means an anonymous customer: a survey or a guide
//! must not fail because a host's token expired. A member id in a request body is never
//! trusted, or anyone could exhaust another member's survey pacing or take their rewards.

use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;

use super::token::TokenError;
use super::{bearer, site_in_path};
use crate::error::AppError;
use crate::state::AppState;

/// A verified member of the site named in the path.
#[derive(Debug, Clone)]
pub struct Member {
    pub site: String,
    pub id: String,
    pub name: Option<String>,
    /// The token's `birthday` claim, as written.
    pub birthday: Option<String>,
}

impl<S> FromRequestParts<S> for Member
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let app = AppState::from_ref(state);
        let site = site_in_path(parts, state).await?;
        crate::sites::settings(&app.pool, &site).await?;
        let token = bearer(parts).ok_or(TokenError::Missing)?;
        let claims = app.members.verify(&site, token)?;
        Ok(Self {
            site,
            id: claims.sub,
            name: claims.name,
            birthday: claims.birthday,
        })
    }
}

/// A member id as the member-token verifier vouches for it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MemberId(pub String);

/// The verified member behind a request to the site in the path, if any: `None` when no
/// token was sent or it does not verify (the customer is then served anonymously).
#[derive(Debug, Clone)]
pub struct MaybeMember(pub Option<MemberId>);

impl<S> FromRequestParts<S> for MaybeMember
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let Some(token) = bearer(parts).map(str::to_owned) else {
            return Ok(Self(None));
        };
        let app = AppState::from_ref(state);
        let site = site_in_path(parts, state).await?;
        Ok(Self(
            app.members
                .verify(&site, &token)
                .ok()
                .map(|claims| MemberId(claims.sub)),
        ))
    }
}
