//! The onboarding endpoints, one function each. A member's token rides along as a bearer
//! credential (their progress follows them); everyone else is known by `Customer::device`.

use leptos::prelude::*;
use patron_api::onboarding::{CompleteRequest, PacksQuery, PacksResponse, Progress, Via};
use patron_api::{DisplayMode, Locale};
use web_sys::Storage;

use crate::api::{get_json, get_json_as, post_json_as, ApiError};
use crate::session::{random_id, Session};

/// Where an anonymous customer's device id is kept in page mode (in embed mode the loader
/// keeps it in the host page's storage, as `patronDevice`, and passes it in the URL: browsers
/// deny storage to third-party iframes). The same format either way: `<random>_<created ms>`.
const DEVICE_KEY: &str = "patronDevice";
/// A device seen for the first time within this long counts as a first visit: the welcome
/// guide stays offered through the customer's first days, not just their first page view.
const FIRST_VISIT_MS: f64 = 7.0 * 24.0 * 60.0 * 60.0 * 1000.0;

/// Who is asking, as the onboarding endpoints want it.
#[derive(Clone, Debug, PartialEq)]
pub struct Customer {
    pub site: String,
    pub token: Option<String>,
    pub device: String,
    pub surface: DisplayMode,
    pub first_visit: bool,
}

fn storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
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

/// `(id, first visit)`: the loader's id in embed mode, else one kept in this page's storage;
/// a fresh one each time when there is neither (storage blocked, private mode).
fn device_id() -> (String, bool) {
    let now = js_sys::Date::now();
    let from_loader = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|q| web_sys::UrlSearchParams::new_with_str(&q).ok())
        .and_then(|q| q.get("device"));
    let stored =
        from_loader.or_else(|| storage().and_then(|s| s.get_item(DEVICE_KEY).ok().flatten()));
    if let Some(device) = stored.filter(|d| patron_api::onboarding::device_id(d).is_ok()) {
        let created: f64 = device
            .rsplit_once('_')
            .and_then(|(_, ms)| ms.parse().ok())
            .unwrap_or(0.0);
        return (device, now - created < FIRST_VISIT_MS);
    }
    let device = format!("{}_{now}", random_id());
    if let Some(s) = storage() {
        let _ = s.set_item(DEVICE_KEY, &device);
    }
    (device, true)
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
