//! Which member, if any, a request is from. Only a verified credential may say so: a member id
//! in a request body is never trusted, or anyone could exhaust another member's survey
//! pacing or forge their answers.
//!
//! The member token is the one the points module verifies (`points::token::verify`). A request
//! without one, or with one that does not verify, is answered as an anonymous customer (paced
//! by device or kiosk session) rather than refused: a survey must not fail because a host's
//! token expired. The verified id flows into pacing (`pacing::subject`), the stored responses
//! (`member_id`), detractor alerts and the at-risk report.

use axum::http::{header, HeaderMap};

use crate::app::AppState;
use crate::points::token;

/// A member id as the member-token verifier vouches for it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MemberId(pub String);

/// The verified member behind a request to `site`, from its `Authorization: Bearer` member
/// token; `None` when there is none or it does not verify.
pub fn member_from_request(state: &AppState, site: &str, headers: &HeaderMap) -> Option<MemberId> {
    let bearer = headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")?;
    let secret = state.points.secret(site)?;
    let now = crate::storage::now_millis() / 1000;
    token::verify(bearer, secret.bytes(), site, now)
        .ok()
        .map(|claims| MemberId(claims.sub))
}
