//! Guided onboarding packs: short step-by-step guides ("How to track your order", "Find the
//! member price") with progress saved on the server, and an optional points reward for
//! members who finish a pack.
//!
//! Public routes, under `/v1/sites/{site}/onboarding` (site CORS). A member is recognised by
//! an optional `Authorization: Bearer <member token>`; a missing token, or one that does not
//! verify, means an anonymous customer (never an error), known by `device`: the widget's
//! random device id, or on a kiosk its current kiosk session id.
//! - `GET  /packs?locale=&device=&surface=&first_visit=` ([`PacksQuery`]) → [`PacksResponse`]:
//!   the packs for this customer (audience applied), each with its [`Progress`].
//! - `GET  /packs/{pack}?…same query…` → [`Pack`]; 404 `pack_not_found` when there is no such
//!   pack for this customer.
//! - `POST /packs/{pack}/steps/{step}/complete` [`CompleteRequest`] → 200 [`Progress`].
//!   Idempotent: completing a step again changes nothing and answers the same progress.
//!   404 `pack_not_found` / `step_not_found`.
//! - `POST /events` [`EventRequest`] → 200 [`EventResponse`]: a host event
//!   (`patron('track', name)`) completes every step of this customer's packs (the packs
//!   `GET /packs` would show them) whose `completes_on` is `name`.
//!
//! Progress belongs to the member (it follows them across devices, site and app) or, for an
//! anonymous customer, to the device (on a kiosk, to the kiosk session, so the next shopper
//! starts afresh). Steps may be completed in any order: a pack is a checklist, and host
//! events arrive whenever the customer does the thing. [`Progress::completed`] lists the
//! done steps in the pack's order, and the widget resumes at the first step not in it.
//!
//! A member who finishes a pack with `reward_points` is credited once, through the points
//! ledger (it shows in their points history); finishing again, on another device or in two
//! requests at once, credits nothing more. Anonymous customers earn nothing:
//! [`Pack::sign_in_to_earn`] says so, for a "sign in to earn" hint.
//!
//! Admin (site admin key): `GET|PUT /v1/admin/sites/{site}/onboarding/packs` and
//! `GET /v1/admin/sites/{site}/reports/onboarding?from=&to=&format=json|csv` →
//! [`FunnelReport`].

pub mod admin;

use crate::error::FieldCode;
use serde::{Deserialize, Serialize};

use crate::locale::Locale;
use crate::settings::DisplayMode;
pub use crate::validate::device_id;
use crate::validate::{FieldErrors, Rule, Violation};

pub const PACK_ID_MAX_LEN: usize = 64;
pub const STEP_ID_MAX_LEN: usize = 64;
pub const SELECTOR_MAX_LEN: usize = 500;
pub const URL_MAX_LEN: usize = 2048;
/// The largest reward a pack may carry.
pub const REWARD_POINTS_MAX: i64 = 1_000_000;

/// Where the widget runs: `embed`, `page` or `kiosk`.
pub type Surface = DisplayMode;

/// The query of `GET /packs` and `GET /packs/{pack}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PacksQuery {
    /// The texts' locale; the site's default when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<Locale>,
    /// The device id (on a kiosk: the kiosk session id) of an anonymous customer. Without it
    /// an anonymous customer is shown the packs with no progress.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    #[serde(default)]
    pub surface: Surface,
    /// This device has not opened the widget before (the welcome pack's audience).
    #[serde(default)]
    pub first_visit: bool,
}

impl PacksQuery {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errs = FieldErrors::default();
        if let Some(d) = &self.device {
            errs.check("device", device_id(d));
        }
        errs.into_result()
    }

    /// `locale=en&device=…&surface=embed&first_visit=true`, for a valid query (every value
    /// is then URL-safe as it is).
    pub fn to_query_string(&self) -> String {
        let mut q = String::new();
        if let Some(l) = self.locale {
            q.push_str("locale=");
            q.push_str(l.as_str());
            q.push('&');
        }
        if let Some(d) = &self.device {
            q.push_str("device=");
            q.push_str(d);
            q.push('&');
        }
        q.push_str("surface=");
        q.push_str(self.surface.as_str());
        q.push_str(if self.first_visit {
            "&first_visit=true"
        } else {
            "&first_visit=false"
        });
        q
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PacksResponse {
    /// The locale asked for (or the site's default); a text missing in it is in the site's
    /// default locale instead.
    pub locale: Locale,
    /// In the site's order.
    pub packs: Vec<Pack>,
}

/// A pack as the widget shows it, in one locale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Pack {
    pub id: String,
    pub title: String,
    /// May be empty.
    pub description: String,
    /// Points a member is credited on finishing the pack, once.
    #[serde(default)]
    pub reward_points: Option<i64>,
    /// The pack has a reward but the customer is not signed in, so finishing it earns
    /// nothing ("sign in to earn").
    #[serde(default)]
    pub sign_in_to_earn: bool,
    /// In order.
    pub steps: Vec<Step>,
    pub progress: Progress,
}

impl Pack {
    /// The first step not completed yet, where the widget resumes; `None` when finished.
    pub fn resume_at(&self) -> Option<&Step> {
        self.steps
            .iter()
            .find(|s| !self.progress.completed.contains(&s.id))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Step {
    pub id: String,
    pub title: String,
    /// The body, rendered from Markdown and sanitised on the server (no script, event
    /// handlers or `javascript:` URLs). May be empty.
    pub body_html: String,
    /// An `https://` URL or a path on Patron's origin.
    #[serde(default)]
    pub image: Option<String>,
    pub action: Action,
    /// The host event (`patron('track', name)`) that completes this step.
    #[serde(default)]
    pub completes_on: Option<String>,
}

/// What the step's button does. Performing it may complete the step (`via: action`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Action {
    /// Read and "mark as done".
    None,
    /// Open this FAQ article in the panel.
    Faq { article: String },
    /// Open a URL on the host: `https://…`, `http://…`, or a path on the host's origin.
    Url { url: String },
    /// Spotlight the first element matching `selector` on the host page, with `text` in a
    /// bubble beside it (when nothing matches, show `text` in the panel instead).
    Highlight { selector: String, text: String },
}

/// One customer's progress through one pack.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Progress {
    /// Completed step ids, in the pack's order (whatever order they were completed in).
    pub completed: Vec<String>,
    /// Every step is completed.
    pub finished: bool,
    /// The pack's reward has been credited to this member.
    pub reward_granted: bool,
}

/// How a step was completed (kept for reports).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Via {
    /// The customer pressed "mark as done".
    Done,
    /// The customer performed the step's action.
    Action,
    /// A host event.
    Event,
}

impl Via {
    pub const ALL: [Via; 3] = [Via::Done, Via::Action, Via::Event];

    pub fn as_str(self) -> &'static str {
        match self {
            Via::Done => "done",
            Via::Action => "action",
            Via::Event => "event",
        }
    }
}

/// `POST /packs/{pack}/steps/{step}/complete`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompleteRequest {
    /// Required for an anonymous customer; ignored for a member.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    pub surface: Surface,
    pub via: Via,
}

impl CompleteRequest {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errs = FieldErrors::default();
        if let Some(d) = &self.device {
            errs.check("device", device_id(d));
        }
        errs.into_result()
    }
}

/// `POST /events`: a host event happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventRequest {
    /// As in `patron('track', name)`: `add_to_cart`, `first_order`.
    pub name: String,
    /// Required for an anonymous customer; ignored for a member.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    pub surface: Surface,
    /// As in `GET /packs`. An event never starts a pack the customer is not shown: without
    /// `first_visit: true`, the steps of a first-visit pack they have not started are left
    /// alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_visit: Option<bool>,
}

impl EventRequest {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errs = FieldErrors::default();
        errs.check("name", crate::validate::event_name(&self.name));
        if let Some(d) = &self.device {
            errs.check("device", device_id(d));
        }
        errs.into_result()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventResponse {
    /// The steps this event completed now; steps it had completed before are not listed
    /// again, so an event sent twice answers `[]` the second time.
    pub completed: Vec<StepRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StepRef {
    pub pack: String,
    pub step: String,
}

/// The onboarding funnel over `[from, to)`: the customers who started a pack in the window
/// (completed its first step, whichever it was), and how many of them had completed each step
/// and the whole pack by `to`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FunnelReport {
    /// Unix milliseconds.
    pub from: i64,
    pub to: i64,
    pub packs: Vec<PackFunnel>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PackFunnel {
    pub pack: String,
    /// In the site's default locale; the id for a pack no longer defined.
    pub title: String,
    pub started: i64,
    /// In the pack's order.
    pub steps: Vec<StepFunnel>,
    pub finished: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StepFunnel {
    pub step: String,
    /// In the site's default locale; the id for a step no longer in the pack. Absent from an
    /// older server: read as empty.
    #[serde(default)]
    pub title: String,
    pub completed: i64,
}

fn slug(s: &str, max: usize) -> bool {
    !s.is_empty()
        && s.len() <= max
        && !s.starts_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// `welcome`, `member-starter`: lowercase ASCII letters, digits and `-`, at most 64 bytes.
pub fn pack_id(s: &str) -> Rule {
    if slug(s, PACK_ID_MAX_LEN) {
        Ok(())
    } else {
        Err(Violation::new(
            FieldCode::InvalidFormat,
            "a pack id is 1 to 64 lowercase letters, digits and '-'",
        ))
    }
}

/// `track-order`: lowercase ASCII letters, digits and `-`, at most 64 bytes.
pub fn step_id(s: &str) -> Rule {
    if slug(s, STEP_ID_MAX_LEN) {
        Ok(())
    } else {
        Err(Violation::new(
            FieldCode::InvalidFormat,
            "a step id is 1 to 64 lowercase letters, digits and '-'",
        ))
    }
}

/// A URL a step opens on the host: `https://…`, `http://…` or a path on the host's own
/// origin (`/account/orders`). `javascript:`, `data:` and protocol-relative URLs are
/// refused.
pub fn action_url(s: &str) -> Rule {
    let scheme_ok = s.starts_with("https://")
        || s.starts_with("http://")
        || (s.starts_with('/') && !s.starts_with("//") && !s.starts_with("/\\"));
    let ok = scheme_ok
        && s.len() <= URL_MAX_LEN
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>');
    if ok {
        Ok(())
    } else {
        Err(Violation::new(
            FieldCode::InvalidFormat,
            "an https:// or http:// URL, or a path starting with /",
        ))
    }
}

/// The cheap half of checking a CSS selector: present, at most 500 bytes, no control
/// characters. The server also parses it with a real CSS selector parser.
pub fn selector_text(s: &str) -> Rule {
    if s.trim().is_empty() {
        Err(Violation::new(
            FieldCode::Required,
            "a CSS selector is required",
        ))
    } else if s.len() > SELECTOR_MAX_LEN || s.chars().any(char::is_control) {
        Err(Violation::new(
            FieldCode::InvalidFormat,
            "a CSS selector of at most 500 bytes without control characters",
        ))
    } else {
        Ok(())
    }
}

/// A pack's reward: a whole number of points from 1 to [`REWARD_POINTS_MAX`].
pub fn reward_points(n: i64) -> Rule {
    if (1..=REWARD_POINTS_MAX).contains(&n) {
        Ok(())
    } else {
        Err(Violation::new(
            FieldCode::OutOfRange,
            format!("a reward is 1 to {REWARD_POINTS_MAX} points"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEVICE: &str = "0123456789abcdef0123456789abcdef";

    fn fields(r: Result<(), FieldErrors>) -> Vec<String> {
        r.err()
            .map(|e| e.0.into_iter().map(|f| f.field).collect())
            .unwrap_or_default()
    }

    fn pack() -> Pack {
        let step = |id: &str, action: Action| Step {
            id: id.into(),
            title: id.into(),
            body_html: "<p>x</p>".into(),
            image: None,
            action,
            completes_on: None,
        };
        Pack {
            id: "welcome".into(),
            title: "Welcome".into(),
            description: String::new(),
            reward_points: Some(200),
            sign_in_to_earn: true,
            steps: vec![
                step(
                    "track",
                    Action::Faq {
                        article: "track-order".into(),
                    },
                ),
                step(
                    "price",
                    Action::Highlight {
                        selector: ".shop-member".into(),
                        text: "Member price".into(),
                    },
                ),
                step("done", Action::None),
            ],
            progress: Progress {
                completed: vec!["price".into()],
                finished: false,
                reward_granted: false,
            },
        }
    }

    #[test]
    fn actions_are_tagged_by_kind() {
        let json = serde_json::to_value(pack()).unwrap();
        assert_eq!(
            json["steps"][0]["action"],
            serde_json::json!({"kind": "faq", "article": "track-order"})
        );
        assert_eq!(
            json["steps"][1]["action"],
            serde_json::json!({"kind": "highlight", "selector": ".shop-member", "text": "Member price"})
        );
        assert_eq!(
            json["steps"][2]["action"],
            serde_json::json!({"kind": "none"})
        );
        let url: Action =
            serde_json::from_str(r#"{"kind":"url","url":"/account/orders"}"#).unwrap();
        assert_eq!(
            url,
            Action::Url {
                url: "/account/orders".into()
            }
        );
        assert!(serde_json::from_str::<Action>(r#"{"kind":"teleport"}"#).is_err());
        let back: Pack = serde_json::from_value(json).unwrap();
        assert_eq!(back, pack());
    }

    #[test]
    fn resumes_at_the_first_step_not_done_whatever_the_order() {
        let mut p = pack();
        assert_eq!(p.resume_at().map(|s| s.id.as_str()), Some("track"));
        p.progress.completed = vec!["track".into(), "price".into()];
        assert_eq!(p.resume_at().map(|s| s.id.as_str()), Some("done"));
        p.progress.completed.push("done".into());
        assert_eq!(p.resume_at(), None);
    }

    #[test]
    fn requests_check_device_and_event_name() {
        let c = CompleteRequest {
            device: Some(DEVICE.into()),
            surface: Surface::Embed,
            via: Via::Done,
        };
        c.validate().unwrap();
        let json = serde_json::to_value(&c).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"device": DEVICE, "surface": "embed", "via": "done"})
        );
        let no_device = CompleteRequest { device: None, ..c };
        no_device.validate().unwrap();
        let bad = CompleteRequest {
            device: Some("not a device!".into()),
            ..no_device
        };
        assert_eq!(fields(bad.validate()), ["device"]);
        let e = EventRequest {
            name: "add to cart".into(),
            device: Some("short".into()),
            surface: Surface::Kiosk,
            first_visit: None,
        };
        assert_eq!(fields(e.validate()), ["name", "device"]);
        for v in Via::ALL {
            assert_eq!(
                serde_json::to_string(&v).unwrap(),
                format!("\"{}\"", v.as_str())
            );
        }
    }

    #[test]
    fn query_strings() {
        let q = PacksQuery {
            locale: Some(Locale::ZhTw),
            device: Some(DEVICE.into()),
            surface: Surface::Kiosk,
            first_visit: true,
        };
        q.validate().unwrap();
        assert_eq!(
            q.to_query_string(),
            format!("locale=zh-TW&device={DEVICE}&surface=kiosk&first_visit=true")
        );
        let bare = PacksQuery {
            locale: None,
            device: None,
            surface: Surface::default(),
            first_visit: false,
        };
        assert_eq!(bare.to_query_string(), "surface=embed&first_visit=false");
        let bad = PacksQuery {
            device: Some("x".repeat(65)),
            ..bare
        };
        assert_eq!(fields(bad.validate()), ["device"]);
    }

    #[test]
    fn ids_urls_selectors_rewards() {
        for good in ["welcome", "member-starter", "a1"] {
            assert!(pack_id(good).is_ok() && step_id(good).is_ok(), "{good}");
        }
        for bad in ["", "-x", "Welcome", "a b", "a_b", &"a".repeat(65)] {
            assert!(pack_id(bad).is_err() && step_id(bad).is_err(), "{bad}");
        }
        assert!(device_id(DEVICE).is_ok());
        assert!(device_id("kiosk-session_000001").is_ok());
        for bad in ["", "0123456789abcde", "0123456789abcdef!", &"a".repeat(65)] {
            assert!(device_id(bad).is_err(), "{bad}");
        }
        for good in [
            "https://shop.example.com/orders",
            "/account/orders",
            "http://x/y",
        ] {
            assert!(action_url(good).is_ok(), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "data:text/html,x",
            "//evil.test",
            "/\\evil.test",
            "/a b",
            "orders",
            "",
        ] {
            assert!(action_url(bad).is_err(), "{bad}");
        }
        assert!(selector_text(".shop-member").is_ok());
        assert_eq!(selector_text("  ").unwrap_err().code.as_str(), "required");
        assert_eq!(
            selector_text(&"a".repeat(501)).unwrap_err().code.as_str(),
            "invalid_format"
        );
        assert!(reward_points(200).is_ok());
        for bad in [0, -5, REWARD_POINTS_MAX + 1] {
            assert_eq!(
                reward_points(bad).unwrap_err().code.as_str(),
                "out_of_range"
            );
        }
    }

    #[test]
    fn progress_defaults_to_nothing_done() {
        let p: Progress =
            serde_json::from_str(r#"{"completed":[],"finished":false,"reward_granted":false}"#)
                .unwrap();
        assert_eq!(p, Progress::default());
    }
}
