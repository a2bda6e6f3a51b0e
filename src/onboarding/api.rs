//! The onboarding endpoints, one function each. A member's token rides along as a bearer
//! credential (their progress follows them); everyone else is known by `Customer::device`.

use leptos::prelude::*;
use patron_api::onboarding::{
    Action, CompleteRequest, EventRequest, Pack, PacksQuery, PacksResponse, Progress, Step, Via,
};
use patron_api::paths;
use patron_api::{DisplayMode, Locale};

use crate::api::{get_json_kept, post_json_as, ApiError};
use crate::device::device_id;
use crate::json::{field, from_json, FromJson, Json};
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

/// The customer's packs, read as `T`: the whole `PacksResponse` for the screen, only what it
/// shows for the home screen's suggestion.
pub async fn packs<T: FromJson>(c: Customer, locale: Locale) -> Result<T, ApiError> {
    let query = PacksQuery {
        locale: Some(locale),
        device: Some(c.device),
        surface: c.surface,
        first_visit: c.first_visit,
    };
    let path = format!(
        "{}?{}",
        paths::fill(paths::ONBOARDING_PACKS, &[&c.site]),
        query.to_query_string()
    );
    // Kept for offline reading, per customer: the path names the device or kiosk session, and
    // a member's answer is kept apart from the signed-out one.
    let key = format!("{path}#{}", c.token.is_some());
    get_json_kept(&path, &key, c.token.as_deref()).await
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
    let path = paths::fill(paths::ONBOARDING_STEP_COMPLETE, &[&c.site, &pack, &step]);
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
    let path = paths::fill(paths::ONBOARDING_EVENTS, &[&c.site]);
    post_json_as(&path, &body, c.token.as_deref()).await
}

from_json!(PacksResponse { locale, packs });
from_json!(Pack { id, title, description, reward_points, steps, progress; default: sign_in_to_earn });
from_json!(Step {
    id,
    title,
    body_html,
    image,
    action,
    completes_on
});
from_json!(Progress {
    completed,
    finished,
    reward_granted
});

/// Tagged by `kind` (`{"kind": "faq", "article": …}`), as serde writes it.
impl FromJson for Action {
    fn from_json<J: Json>(json: &J) -> Option<Self> {
        Some(match json.get("kind").string()?.as_str() {
            "none" => Action::None,
            "faq" => Action::Faq {
                article: field(json, "article")?,
            },
            "url" => Action::Url {
                url: field(json, "url")?,
            },
            "highlight" => Action::Highlight {
                selector: field(json, "selector")?,
                text: field(json, "text")?,
            },
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::tests::round_trips;

    #[test]
    fn packs_read_as_serde_writes_them() {
        let actions = [
            Action::None,
            Action::Faq {
                article: "returns".into(),
            },
            Action::Url {
                url: "/orders".into(),
            },
            Action::Highlight {
                selector: ".price".into(),
                text: "Here".into(),
            },
        ];
        let steps = actions
            .into_iter()
            .enumerate()
            .map(|(i, action)| Step {
                id: format!("s{i}"),
                title: "t".into(),
                body_html: "<p>b</p>".into(),
                image: (i == 1).then(|| "/i.png".into()),
                action,
                completes_on: (i == 2).then(|| "add_to_cart".into()),
            })
            .collect();
        round_trips(&PacksResponse {
            locale: Locale::En,
            packs: vec![Pack {
                id: "welcome".into(),
                title: "Welcome".into(),
                description: String::new(),
                reward_points: Some(50),
                sign_in_to_earn: true,
                steps,
                progress: Progress {
                    completed: vec!["s0".into()],
                    finished: false,
                    reward_granted: false,
                },
            }],
        });
        round_trips(&Progress::default());
    }
}
