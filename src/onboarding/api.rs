//! The onboarding endpoints, one function each. A member's token rides along as a bearer
//! credential (their progress follows them); everyone else is known by `Customer::device`.

use leptos::prelude::*;
use patron_api::onboarding::{
    CompleteRequest, EventRequest, PacksQuery, PacksResponse, Progress, Via,
};
use patron_api::{DisplayMode, Locale};

use crate::api::{get_json, get_json_as, post_json_as, ApiError};
use crate::device::device_id;
use crate::session::Session;

/// Who is asking, as the onboarding endpoints want it.
#[derive(Clone, Debug, PartialEq)]
pub struct Customer {
    pub site: String,
    pub token: Option<String>,
    pub device: String,
    pub surface: DisplayMode,
    pub first_visit: bool,
}

impl Customer {
    /// On a kiosk the "device" is the kiosk session, forgotten on idle reset, and nothing is
    /// stored; elsewhere a random id kept in local storage with the time it was made.
    pub fn of(session: Session, surface: DisplayMode) -> Customer {
        let (device, first_visit) = if surface == DisplayMode::Kiosk {
            (session.id.get(), true)
        } else {
            device_id()
        };
        Customer {
            site: session.site.get_value(),
            token: session.member_token.get(),
            device,
            surface,
            first_visit,
        }
    }
}

pub async fn packs(c: Customer, locale: Locale) -> Result<PacksResponse, ApiError> {
    let query = PacksQuery {
        locale: Some(locale),
        device: Some(c.device),
        surface: c.surface,
        first_visit: c.first_visit,
    };
    let path = format!(
        "/v1/sites/{}/onboarding/packs?{}",
        c.site,
        query.to_query_string()
    );
    match &c.token {
        Some(token) => get_json_as(&path, token).await,
        None => get_json(&path).await,
    }
}

pub async fn complete(
    c: Customer,
    pack: String,
    step: String,
    via: Via,
) -> Result<Progress, ApiError> {
    let body = CompleteRequest {
        device: Some(c.device),
        surface: c.surface,
        via,
    };
    let path = format!(
        "/v1/sites/{}/onboarding/packs/{pack}/steps/{step}/complete",
        c.site
    );
    post_json_as(&path, &body, c.token.as_deref()).await
}

/// A host event (`patron('track', name)`): the server completes the steps waiting for it.
/// Which ones it says is not read: an open guide simply re-reads its progress, and parsing the
/// answer would cost the first-open module its field names and messages.
pub async fn event(c: Customer, name: String) -> Result<(), ApiError> {
    let body = EventRequest {
        name,
        device: Some(c.device),
        surface: c.surface,
        first_visit: Some(c.first_visit),
    };
    let path = format!("/v1/sites/{}/onboarding/events", c.site);
    post_json_as::<_, serde::de::IgnoredAny>(&path, &body, c.token.as_deref()).await?;
    Ok(())
}
