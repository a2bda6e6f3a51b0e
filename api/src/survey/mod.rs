//! NPS and CSAT micro-surveys: which survey a customer should see now, recording what was
//! shown, the score, and a follow-up comment; plus the admin report rows.
//!
//! Routes (all under `/v1/sites/{site}/surveys`, site CORS):
//! - `POST /eligibility` [`EligibilityRequest`] → 200 [`EligibilityResponse`] (`survey: null`
//!   when nothing should be asked now). Asking changes nothing; pacing counts displays.
//! - `POST /displays` [`DisplayRequest`] → 204. Idempotent by `display_id`; a dismissal
//!   counts as a display.
//! - `POST /responses` [`ResponseRequest`] → 201 [`ResponseReceipt`], or 200 with the very same
//!   receipt when the key was already stored with the same body; 409 `idempotency_conflict`
//!   (first answer kept) when it was stored with another body.
//! - `POST /follow-ups` [`FollowUpRequest`] → 200 [`FollowUpReceipt`]; 404 for an unknown key;
//!   replaying the same comment is 200, another comment for the same response 409.
//!
//! Who is asked: a signed-in member is paced by member id (verified server-side, never taken
//! from the body), an anonymous customer by `device_id`, a kiosk by `kiosk_session` (required
//! on the kiosk surface), so the next shopper at the kiosk is asked afresh.

pub mod admin;

use crate::error::FieldCode;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::locale::Locale;
use crate::settings::DisplayMode;
use crate::validate::{self, FieldErrors, Rule, Violation};
pub use crate::validate::{
    event_name, idempotency_key, EVENT_NAME_MAX_LEN, KEY_MAX_LEN, KEY_MIN_LEN,
};

pub const SURVEY_ID_MAX_LEN: usize = 64;
pub const COMMENT_MAX_CHARS: usize = 1000;
pub const CONTEXT_MAX_ENTRIES: usize = 10;
pub const CONTEXT_KEY_MAX_LEN: usize = 40;
pub const CONTEXT_VALUE_MAX_CHARS: usize = 200;
pub const URL_MAX_LEN: usize = 2048;
pub const SECONDS_ON_PAGE_MAX: u32 = 86_400;
/// Reason chips: ids as survey ids, at most this many chosen in one follow-up.
pub const REASONS_MAX: usize = 10;
pub const SEGMENT_MAX_LEN: usize = 64;

/// Where the widget runs: `embed`, `page` or `kiosk` (the same values as the display mode).
pub type Surface = DisplayMode;

/// Small string map a host attaches (`{order: "SO-1"}`); stored with the response and sent
/// with detractor alerts.
pub type Context = BTreeMap<String, String>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SurveyKind {
    /// "How likely are you to recommend …?", 0-10.
    Nps,
    /// "How satisfied are you …?", 1-5.
    Csat,
    /// Customer effort: "How easy was it …?", 1 (very hard) to 7 (very easy).
    Ces,
}

impl SurveyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SurveyKind::Nps => "nps",
            SurveyKind::Csat => "csat",
            SurveyKind::Ces => "ces",
        }
    }

    pub fn parse(s: &str) -> Option<SurveyKind> {
        [SurveyKind::Nps, SurveyKind::Csat, SurveyKind::Ces]
            .into_iter()
            .find(|k| k.as_str() == s)
    }

    /// The lowest and highest score, inclusive.
    pub fn range(self) -> (i32, i32) {
        match self {
            SurveyKind::Nps => (0, 10),
            SurveyKind::Csat => (1, 5),
            SurveyKind::Ces => (1, 7),
        }
    }

    /// The band of a score in range: NPS 0-6 / 7-8 / 9-10, CSAT 1-2 / 3 / 4-5, CES 1-3 /
    /// 4 / 5-7 (a hard time is the "detractor" band, so reasons and alerts work alike).
    pub fn band(self, score: i32) -> Option<Band> {
        let (min, max) = self.range();
        if !(min..=max).contains(&score) {
            return None;
        }
        let (detractor_max, passive_max) = match self {
            SurveyKind::Nps => (6, 8),
            SurveyKind::Csat => (2, 3),
            SurveyKind::Ces => (3, 4),
        };
        Some(if score <= detractor_max {
            Band::Detractor
        } else if score <= passive_max {
            Band::Passive
        } else {
            Band::Promoter
        })
    }

    pub fn score(self, score: i32) -> Rule {
        let (min, max) = self.range();
        if (min..=max).contains(&score) {
            Ok(())
        } else {
            Err(Violation::new(
                FieldCode::OutOfRange,
                format!(
                    "a {} score is between {min} and {max}",
                    self.as_str().to_ascii_uppercase()
                ),
            ))
        }
    }
}

/// Score bands. For CSAT the same names mean 1-2, 3 and 4-5, so a detractor alert means
/// "unhappy customer" for both kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Band {
    Detractor,
    Passive,
    Promoter,
}

impl Band {
    pub const ALL: [Band; 3] = [Band::Detractor, Band::Passive, Band::Promoter];

    pub fn as_str(self) -> &'static str {
        match self {
            Band::Detractor => "detractor",
            Band::Passive => "passive",
            Band::Promoter => "promoter",
        }
    }

    pub fn parse(s: &str) -> Option<Band> {
        Band::ALL.into_iter().find(|b| b.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TriggerKind {
    /// The host called `patron('track', name, props)`; `name` is required.
    Event,
    /// The customer read an FAQ article; `name` is its id, when known.
    FaqArticleRead,
    /// The customer sent a contact request.
    ContactSent,
    /// A page was shown; `url` is required.
    PageUrl,
    /// The customer has been on a page this long; `seconds` is required, `url` optional.
    SecondsOnPage,
    /// The host asked for one survey: `patron('survey', id, {context})`; the request's
    /// `survey_id` is required.
    Direct,
}

impl TriggerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TriggerKind::Event => "event",
            TriggerKind::FaqArticleRead => "faq_article_read",
            TriggerKind::ContactSent => "contact_sent",
            TriggerKind::PageUrl => "page_url",
            TriggerKind::SecondsOnPage => "seconds_on_page",
            TriggerKind::Direct => "direct",
        }
    }
}

/// What just happened in the widget or on the host page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Trigger {
    pub kind: TriggerKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds: Option<u32>,
}

impl Trigger {
    pub fn direct() -> Self {
        Self {
            kind: TriggerKind::Direct,
            name: None,
            url: None,
            seconds: None,
        }
    }

    pub fn event(name: &str) -> Self {
        Self {
            name: Some(name.to_owned()),
            kind: TriggerKind::Event,
            ..Self::direct()
        }
    }

    pub fn faq_article_read(article_id: &str) -> Self {
        Self {
            name: Some(article_id.to_owned()),
            kind: TriggerKind::FaqArticleRead,
            ..Self::direct()
        }
    }

    pub fn contact_sent() -> Self {
        Self {
            kind: TriggerKind::ContactSent,
            ..Self::direct()
        }
    }

    pub fn page_url(url: &str) -> Self {
        Self {
            url: Some(url.to_owned()),
            kind: TriggerKind::PageUrl,
            ..Self::direct()
        }
    }

    pub fn seconds_on_page(seconds: u32, url: &str) -> Self {
        Self {
            seconds: Some(seconds),
            kind: TriggerKind::SecondsOnPage,
            ..Self::page_url(url)
        }
    }

    /// The touchpoint reports group by: `event:<name>` for host events, else the kind (URLs
    /// and article ids would split the report into thousands of rows).
    pub fn touchpoint(&self) -> String {
        match (self.kind, self.name.as_deref()) {
            (TriggerKind::Event, Some(name)) => format!("event:{name}"),
            (kind, _) => kind.as_str().to_owned(),
        }
    }

    fn check(&self, errs: &mut FieldErrors) {
        let missing = |errs: &mut FieldErrors, field: &str, what: &str| {
            errs.push(
                field,
                FieldCode::Required,
                format!("a {} trigger needs {what}", self.kind.as_str()),
            );
        };
        match self.kind {
            TriggerKind::Event => match &self.name {
                Some(n) => errs.check("trigger.name", event_name(n)),
                None => missing(errs, "trigger.name", "a name"),
            },
            TriggerKind::PageUrl if self.url.is_none() => missing(errs, "trigger.url", "a url"),
            TriggerKind::SecondsOnPage if self.seconds.is_none() => {
                missing(errs, "trigger.seconds", "seconds")
            }
            _ => {}
        }
        if let (TriggerKind::FaqArticleRead, Some(n)) = (self.kind, &self.name) {
            errs.check("trigger.name", validate::article_id(n));
        }
        if let Some(u) = &self.url {
            errs.check("trigger.url", page_url(u));
        }
        if self.seconds.is_some_and(|s| s > SECONDS_ON_PAGE_MAX) {
            errs.push(
                "trigger.seconds",
                FieldCode::OutOfRange,
                format!("at most {SECONDS_ON_PAGE_MAX} seconds"),
            );
        }
    }
}

/// "Which survey, if any, should this customer see now?"
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EligibilityRequest {
    /// The widget's random device id (local storage); required outside kiosks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_id: Option<String>,
    /// The kiosk's current session, renewed at every idle reset; required on kiosks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kiosk_session: Option<String>,
    pub surface: Surface,
    pub locale: Locale,
    pub trigger: Trigger,
    /// Only this survey (required with a `direct` trigger).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub survey_id: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub context: Context,
    /// The host's segment for this customer (`patron('boot', {segment})`), for surveys aimed
    /// at segments: 1 to 64 letters, digits, `_`, `-`, `.` or `:`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<String>,
}

impl EligibilityRequest {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errs = FieldErrors::default();
        check_subject(
            &mut errs,
            self.surface,
            &self.device_id,
            &self.kiosk_session,
        );
        self.trigger.check(&mut errs);
        match &self.survey_id {
            Some(id) => errs.check("survey_id", survey_id(id)),
            None if self.trigger.kind == TriggerKind::Direct => errs.push(
                "survey_id",
                FieldCode::Required,
                "a direct trigger names the survey",
            ),
            None => {}
        }
        check_context(&mut errs, &self.context);
        if let Some(s) = &self.segment {
            errs.check("segment", segment(s));
        }
        errs.into_result()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EligibilityResponse {
    /// `null` when no survey should be shown now.
    pub survey: Option<Survey>,
}

/// A survey as the widget shows it, already in one locale (the requested one, else the
/// site's default).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Survey {
    pub id: String,
    pub kind: SurveyKind,
    /// The locale of the texts.
    pub locale: Locale,
    pub question: String,
    /// NPS: the two ends (0 and 10); CSAT: a word for every point 1-5.
    pub labels: Vec<ScaleLabel>,
    /// The follow-up question per band; absent bands get no follow-up.
    pub follow_up: FollowUpQuestions,
    pub thank_you: String,
    /// The wording shown, when the survey tests several (A/B): send it back with the display
    /// and the answer. The same respondent always gets the same one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    /// Reason chips offered after a detractor score (NPS 0-6, CSAT 1-2, CES 1-3), chosen ones
    /// sent with the follow-up.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<ReasonChip>,
}

/// One reason a customer can give for a low score ("slow delivery"), already translated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReasonChip {
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScaleLabel {
    pub score: i32,
    pub text: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowUpQuestions {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detractor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passive: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promoter: Option<String>,
}

impl FollowUpQuestions {
    pub fn get(&self, band: Band) -> Option<&str> {
        match band {
            Band::Detractor => self.detractor.as_deref(),
            Band::Passive => self.passive.as_deref(),
            Band::Promoter => self.promoter.as_deref(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DisplayEvent {
    Shown,
    Dismissed,
}

/// The survey card was shown, or dismissed without an answer. Both count for pacing; a
/// dismissal of a display already recorded does not count twice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DisplayRequest {
    /// Generated by the widget per display, same format as an idempotency key.
    pub display_id: String,
    pub survey_id: String,
    pub event: DisplayEvent,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kiosk_session: Option<String>,
    pub surface: Surface,
    pub locale: Locale,
    pub trigger: Trigger,
    /// The survey's `variant` shown, if it had one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
}

impl DisplayRequest {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errs = FieldErrors::default();
        errs.check("display_id", idempotency_key(&self.display_id));
        errs.check("survey_id", survey_id(&self.survey_id));
        check_subject(
            &mut errs,
            self.surface,
            &self.device_id,
            &self.kiosk_session,
        );
        self.trigger.check(&mut errs);
        if let Some(v) = &self.variant {
            errs.check("variant", survey_id(v));
        }
        errs.into_result()
    }
}

/// A score, sent the moment it is chosen. The widget writes the request (with its key) to
/// local storage before sending and resends the identical body until acknowledged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResponseRequest {
    /// 16 to 64 of `[A-Za-z0-9_-]`, random per answer.
    pub idempotency_key: String,
    pub survey_id: String,
    /// The kind the widget showed; a mismatch with the survey is refused.
    pub kind: SurveyKind,
    pub score: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kiosk_session: Option<String>,
    pub surface: Surface,
    pub locale: Locale,
    pub trigger: Trigger,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub context: Context,
    /// The display this answers, when the widget recorded one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_id: Option<String>,
    /// The survey's `variant` answered, if it had one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
}

impl ResponseRequest {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errs = FieldErrors::default();
        errs.check("idempotency_key", idempotency_key(&self.idempotency_key));
        errs.check("survey_id", survey_id(&self.survey_id));
        errs.check("score", self.kind.score(self.score));
        check_subject(
            &mut errs,
            self.surface,
            &self.device_id,
            &self.kiosk_session,
        );
        self.trigger.check(&mut errs);
        check_context(&mut errs, &self.context);
        if let Some(d) = &self.display_id {
            errs.check("display_id", idempotency_key(d));
        }
        if let Some(v) = &self.variant {
            errs.check("variant", survey_id(v));
        }
        errs.into_result()
    }
}

/// What the server stored; a replay of the same request gets exactly this again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResponseReceipt {
    pub idempotency_key: String,
    pub survey_id: String,
    pub kind: SurveyKind,
    pub score: i32,
    pub band: Band,
    /// The follow-up question for this band, in the response's locale; absent if none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<String>,
    pub thank_you: String,
    /// Unix milliseconds.
    pub recorded_at: i64,
}

/// The answer to the follow-up question, added to the response with the same key. Only the
/// respondent who gave the score may add it: the same member (by their token), else the same
/// device id or kiosk session the response carried.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowUpRequest {
    pub idempotency_key: String,
    /// May be empty when `reasons` are given.
    #[serde(default)]
    pub comment: String,
    /// Ids of the survey's reason chips the customer chose (detractor answers only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kiosk_session: Option<String>,
    #[serde(default)]
    pub surface: Surface,
}

impl FollowUpRequest {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errs = FieldErrors::default();
        errs.check("idempotency_key", idempotency_key(&self.idempotency_key));
        check_subject(
            &mut errs,
            self.surface,
            &self.device_id,
            &self.kiosk_session,
        );
        let least = usize::from(self.reasons.is_empty());
        errs.check(
            "comment",
            validate::text_len(self.comment.trim(), least, COMMENT_MAX_CHARS),
        );
        check_reasons(&mut errs, &self.reasons);
        errs.into_result()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowUpReceipt {
    pub idempotency_key: String,
    /// Unix milliseconds of the first time the comment was stored.
    pub recorded_at: i64,
}

/// One row of the survey report: one survey, sliced by one dimension.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportRow {
    pub survey_id: String,
    pub kind: SurveyKind,
    /// `all`, `touchpoint`, `surface`, `locale`, `variant` (the A/B wording answered),
    /// `reason` (answers that chose that reason chip; no displays) or `day` (`YYYY-MM-DD`,
    /// daily series).
    pub dimension: String,
    /// The value of the dimension (`all` for the `all` row).
    pub value: String,
    /// Cards shown (a dismissal counts).
    pub displays: i64,
    pub responses: i64,
    /// responses / displays; absent without displays.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_rate: Option<f64>,
    pub detractors: i64,
    pub passives: i64,
    pub promoters: i64,
    /// NPS only: % promoters − % detractors, −100 to 100, one decimal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nps: Option<f64>,
    /// CSAT only: the mean score, two decimals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csat_mean: Option<f64>,
    /// CSAT only: the share of 4-5 answers, 0 to 1, four decimals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csat_satisfied_share: Option<f64>,
    /// CES only: the mean score (7 = very easy), two decimals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ces_mean: Option<f64>,
    /// CES only: the share of 5-7 answers (easy), 0 to 1, four decimals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ces_easy_share: Option<f64>,
}

/// A member with two or more detractor answers within 30 days before the report's end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AtRiskMember {
    pub member_id: String,
    pub detractor_answers: i64,
    /// Unix milliseconds of the latest detractor answer.
    pub last_answered_at: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyReport {
    /// `[from, to)`, unix milliseconds.
    pub from: i64,
    pub to: i64,
    pub rows: Vec<ReportRow>,
    pub at_risk_members: Vec<AtRiskMember>,
}

/// `GET …/reports/surveys/at-risk`: the members at risk at the report's end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AtRiskReport {
    pub at_risk_members: Vec<AtRiskMember>,
}

fn check_subject(
    errs: &mut FieldErrors,
    surface: Surface,
    device_id: &Option<String>,
    kiosk_session: &Option<String>,
) {
    if let Some(d) = device_id {
        errs.check("device_id", idempotency_key(d));
    }
    if let Some(k) = kiosk_session {
        errs.check("kiosk_session", idempotency_key(k));
    }
    if surface == Surface::Kiosk && kiosk_session.is_none() {
        errs.push(
            "kiosk_session",
            FieldCode::Required,
            "a kiosk is paced by its session",
        );
    } else if surface != Surface::Kiosk && device_id.is_none() {
        errs.push("device_id", FieldCode::Required, "a device id is required");
    }
}

fn check_context(errs: &mut FieldErrors, context: &Context) {
    if context.len() > CONTEXT_MAX_ENTRIES {
        errs.push(
            "context",
            FieldCode::TooLong,
            format!("at most {CONTEXT_MAX_ENTRIES} entries"),
        );
    }
    if context.keys().any(|k| !is_context_key(k)) {
        errs.push(
            "context",
            FieldCode::InvalidFormat,
            format!("keys are 1 to {CONTEXT_KEY_MAX_LEN} letters, digits, '_', '-' or '.'"),
        );
    }
    if context
        .values()
        .any(|v| validate::text_len(v, 0, CONTEXT_VALUE_MAX_CHARS).is_err())
    {
        errs.push(
            "context",
            FieldCode::TooLong,
            format!("values are at most {CONTEXT_VALUE_MAX_CHARS} characters"),
        );
    }
}

fn check_reasons(errs: &mut FieldErrors, reasons: &[String]) {
    if reasons.len() > REASONS_MAX {
        errs.push(
            "reasons",
            FieldCode::TooLong,
            format!("at most {REASONS_MAX} reasons"),
        );
    }
    for (i, r) in reasons.iter().enumerate() {
        errs.check(&format!("reasons[{i}]"), survey_id(r));
        if reasons[..i].contains(r) {
            errs.push(
                &format!("reasons[{i}]"),
                FieldCode::Duplicate,
                format!("reason {r:?} is given twice"),
            );
        }
    }
}

/// A host segment (`vip`, `b2b:wholesale`): 1 to 64 letters, digits, `_`, `-`, `.` or `:`.
pub fn segment(s: &str) -> Rule {
    event_name(s).map_err(|_| {
        Violation::new(
            FieldCode::InvalidFormat,
            "a segment is 1 to 64 letters, digits, '_', '-', '.' or ':'",
        )
    })
}

/// A context key: 1 to 40 ASCII letters, digits, `_`, `-` or `.`. The widget uses it to keep
/// only the host's properties the server will accept.
pub fn is_context_key(k: &str) -> bool {
    !k.is_empty()
        && k.len() <= CONTEXT_KEY_MAX_LEN
        && k.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-.".contains(&b))
}

/// `csat-after-order`: lowercase ASCII letters, digits and `-`, at most 64 bytes.
pub fn survey_id(s: &str) -> Rule {
    if validate::is_lowercase_id(s, SURVEY_ID_MAX_LEN) {
        Ok(())
    } else {
        Err(Violation::new(
            FieldCode::InvalidFormat,
            "a survey id is lowercase letters, digits and '-'",
        ))
    }
}

/// A page URL as the browser reports it: no whitespace or control characters.
pub fn page_url(s: &str) -> Rule {
    let ok = !s.is_empty()
        && s.len() <= URL_MAX_LEN
        && !s.chars().any(|c| c.is_whitespace() || c.is_control());
    if ok {
        Ok(())
    } else {
        Err(Violation::new(
            FieldCode::InvalidFormat,
            "a URL of at most 2048 bytes without spaces",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "k_0123456789abcdef";
    const DEVICE: &str = "d_0123456789abcdef";

    fn response() -> ResponseRequest {
        ResponseRequest {
            idempotency_key: KEY.into(),
            survey_id: "csat-after-order".into(),
            kind: SurveyKind::Csat,
            score: 4,
            device_id: Some(DEVICE.into()),
            kiosk_session: None,
            surface: Surface::Embed,
            locale: Locale::ZhCn,
            trigger: Trigger::event("order_completed"),
            context: [("order".to_owned(), "SO-1".to_owned())].into(),
            display_id: None,
            variant: None,
        }
    }

    fn fields(r: Result<(), FieldErrors>) -> Vec<String> {
        r.err()
            .map(|e| e.0.into_iter().map(|f| f.field).collect())
            .unwrap_or_default()
    }

    #[test]
    fn bands() {
        let nps: Vec<_> = (0..=10).map(|s| SurveyKind::Nps.band(s).unwrap()).collect();
        assert_eq!(nps.iter().filter(|b| **b == Band::Detractor).count(), 7);
        assert_eq!(nps[7..9], [Band::Passive, Band::Passive]);
        assert_eq!(nps[9..], [Band::Promoter, Band::Promoter]);
        let csat: Vec<_> = (1..=5).map(|s| SurveyKind::Csat.band(s).unwrap()).collect();
        assert_eq!(
            csat,
            [
                Band::Detractor,
                Band::Detractor,
                Band::Passive,
                Band::Promoter,
                Band::Promoter
            ]
        );
        assert_eq!(SurveyKind::Nps.band(11), None);
        assert_eq!(SurveyKind::Csat.band(0), None);
    }

    #[test]
    fn a_good_response_passes_and_keeps_its_shape() {
        let r = response();
        r.validate().unwrap();
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["kind"], "csat");
        assert_eq!(json["surface"], "embed");
        assert_eq!(
            json["trigger"],
            serde_json::json!({"kind": "event", "name": "order_completed"})
        );
        let back: ResponseRequest = serde_json::from_value(json).unwrap();
        assert_eq!(back, r);
    }

    #[test]
    fn response_errors_land_on_their_fields() {
        let bad = ResponseRequest {
            idempotency_key: "short".into(),
            score: 6,
            device_id: None,
            trigger: Trigger {
                kind: TriggerKind::Event,
                name: None,
                url: None,
                seconds: None,
            },
            ..response()
        };
        assert_eq!(
            fields(bad.validate()),
            ["idempotency_key", "score", "device_id", "trigger.name"]
        );
        let nps = ResponseRequest {
            kind: SurveyKind::Nps,
            score: 0,
            ..response()
        };
        nps.validate().unwrap();
        let negative = ResponseRequest { score: -1, ..nps };
        assert_eq!(fields(negative.validate()), ["score"]);
    }

    #[test]
    fn kiosks_need_their_session() {
        let kiosk = ResponseRequest {
            surface: Surface::Kiosk,
            ..response()
        };
        assert_eq!(fields(kiosk.validate()), ["kiosk_session"]);
        let ok = ResponseRequest {
            device_id: None,
            kiosk_session: Some("kiosk-session-000001".into()),
            ..kiosk
        };
        ok.validate().unwrap();
    }

    #[test]
    fn context_is_bounded() {
        let mut r = response();
        r.context = (0..11).map(|i| (format!("k{i}"), "v".to_owned())).collect();
        assert_eq!(fields(r.validate()), ["context"]);
        r.context = [("bad key".to_owned(), "v".to_owned())].into();
        assert_eq!(fields(r.validate()), ["context"]);
        r.context = [("k".to_owned(), "v".repeat(201))].into();
        assert_eq!(fields(r.validate()), ["context"]);
    }

    #[test]
    fn eligibility_rules() {
        let e = EligibilityRequest {
            device_id: Some(DEVICE.into()),
            kiosk_session: None,
            surface: Surface::Page,
            locale: Locale::En,
            trigger: Trigger::direct(),
            survey_id: None,
            context: Context::new(),
            segment: None,
        };
        assert_eq!(fields(e.validate()), ["survey_id"]);
        let ok = EligibilityRequest {
            survey_id: Some("nps-quarterly".into()),
            ..e.clone()
        };
        ok.validate().unwrap();
        let page = EligibilityRequest {
            trigger: Trigger {
                kind: TriggerKind::PageUrl,
                ..Trigger::direct()
            },
            ..e.clone()
        };
        assert_eq!(fields(page.validate()), ["trigger.url"]);
        let seconds = EligibilityRequest {
            trigger: Trigger {
                kind: TriggerKind::SecondsOnPage,
                seconds: Some(SECONDS_ON_PAGE_MAX + 1),
                url: Some("https://shop.example.com/a b".into()),
                name: None,
            },
            ..e
        };
        assert_eq!(
            fields(seconds.validate()),
            ["trigger.url", "trigger.seconds"]
        );
    }

    #[test]
    fn follow_ups() {
        let f = FollowUpRequest {
            idempotency_key: KEY.into(),
            comment: "送货太慢了".into(),
            reasons: Vec::new(),
            device_id: Some(KEY.into()),
            kiosk_session: None,
            surface: Surface::Embed,
        };
        f.validate().unwrap();
        let nobody = FollowUpRequest {
            device_id: None,
            ..f.clone()
        };
        assert_eq!(fields(nobody.validate()), ["device_id"]);
        let long = FollowUpRequest {
            comment: "x".repeat(COMMENT_MAX_CHARS + 1),
            ..f.clone()
        };
        assert_eq!(fields(long.validate()), ["comment"]);
        let blank = FollowUpRequest {
            comment: "  ".into(),
            ..f
        };
        assert_eq!(fields(blank.clone().validate()), ["comment"]);
        // Reason chips alone are a follow-up; each at most once.
        let chips = FollowUpRequest {
            reasons: vec!["slow-delivery".into()],
            ..blank
        };
        chips.validate().unwrap();
        let twice = FollowUpRequest {
            reasons: vec!["slow-delivery".into(), "slow-delivery".into(), "Bad".into()],
            ..chips
        };
        assert_eq!(fields(twice.validate()), ["reasons[1]", "reasons[2]"]);
    }

    #[test]
    fn ces_runs_one_to_seven_and_hard_is_the_low_band() {
        assert_eq!(SurveyKind::parse("ces"), Some(SurveyKind::Ces));
        assert_eq!(SurveyKind::Ces.band(3), Some(Band::Detractor));
        assert_eq!(SurveyKind::Ces.band(4), Some(Band::Passive));
        assert_eq!(SurveyKind::Ces.band(7), Some(Band::Promoter));
        assert!(SurveyKind::Ces.score(0).is_err() && SurveyKind::Ces.score(8).is_err());
    }

    #[test]
    fn touchpoints_and_ids() {
        assert_eq!(
            Trigger::event("order_completed").touchpoint(),
            "event:order_completed"
        );
        let url = Trigger {
            kind: TriggerKind::PageUrl,
            url: Some("https://x/y".into()),
            ..Trigger::direct()
        };
        assert_eq!(url.touchpoint(), "page_url");
        assert!(survey_id("csat-after-order").is_ok());
        for bad in ["", "-x", "CSAT", "a b", &"a".repeat(65)] {
            assert!(survey_id(bad).is_err(), "{bad}");
        }
        assert!(idempotency_key(&"a".repeat(64)).is_ok());
        assert!(idempotency_key(&"a".repeat(65)).is_err());
        assert!(idempotency_key("0123456789abcde!").is_err());
    }

    #[test]
    fn eligibility_response_says_null() {
        let r = EligibilityResponse { survey: None };
        assert_eq!(serde_json::to_string(&r).unwrap(), r#"{"survey":null}"#);
    }
}
