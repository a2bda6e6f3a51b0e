//! The survey endpoints. Asking is a plain call; every write (display, response, follow-up)
//! goes through the outbox, which posts it to the path given here, as often as it takes.
//! A member's token goes along where the server paces by member.

use patron_api::survey::{EligibilityRequest, EligibilityResponse};

use crate::api::{post_json_as, post_json_text_as, ApiError};

pub async fn check_eligibility(
    site: &str,
    body: &EligibilityRequest,
    token: Option<&str>,
) -> Result<EligibilityResponse, ApiError> {
    post_json_as(
        &format!("/v1/sites/{site}/surveys/eligibility"),
        body,
        token,
    )
    .await
}

pub fn displays_path(site: &str) -> String {
    format!("/v1/sites/{site}/surveys/displays")
}

pub fn responses_path(site: &str) -> String {
    format!("/v1/sites/{site}/surveys/responses")
}

pub fn follow_ups_path(site: &str) -> String {
    format!("/v1/sites/{site}/surveys/follow-ups")
}

/// Posts one kept write. What the server answers besides its status (a receipt) is not
/// needed: the widget showed the next step already.
pub async fn post_write(path: &str, json: String, token: Option<&str>) -> Result<(), ApiError> {
    post_json_text_as::<serde::de::IgnoredAny>(path, json, token)
        .await
        .map(drop)
}
