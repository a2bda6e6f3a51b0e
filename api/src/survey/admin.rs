//! The survey admin API (`/v1/admin/sites/{site}/surveys…`, site admin key): a site's
//! survey definitions — also the format of `content/<site>/surveys.yaml` — with their rules
//! and rendering, the detractor alerts' deliveries, and the webhook payload they carry.
//!
//! Every text needs the site's default locale (the fallback for the others).

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use super::{Context, FollowUpQuestions, ScaleLabel, Surface, Survey, SurveyKind};
use crate::error::FieldCode;
use crate::locale::{Locale, Localized};
use crate::survey::{self, Band};
use crate::validate::{self, FieldErrors};
pub use crate::webhooks::WebhookConfig;

pub const QUESTION_MAX_CHARS: usize = 200;
pub const LABEL_MAX_CHARS: usize = 40;
pub const COOLDOWN_HOURS_DEFAULT: u32 = 72;
pub const COOLDOWN_HOURS_MAX: u32 = 24 * 366;
pub const RECONTACT_DAYS_DEFAULT: u32 = 30;
pub const RECONTACT_DAYS_MAX: u32 = 3660;
pub const SURVEYS_MAX: usize = 50;
pub const TRIGGERS_MAX: usize = 20;
pub const PATTERN_MAX_LEN: usize = 512;

/// A site's whole survey configuration, as stored (JSON) and as written (YAML).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SurveyConfig {
    #[serde(default = "default_cooldown")]
    pub cooldown_hours: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook: Option<WebhookConfig>,
    #[serde(default)]
    pub surveys: Vec<SurveyDef>,
}

impl Default for SurveyConfig {
    fn default() -> Self {
        Self {
            cooldown_hours: COOLDOWN_HOURS_DEFAULT,
            webhook: None,
            surveys: Vec::new(),
        }
    }
}

/// What the admin API may replace: everything but the webhook, whose secret reference names
/// something on the server and so stays the operator's (file) business.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AdminSurveys {
    #[serde(default = "default_cooldown")]
    pub cooldown_hours: u32,
    pub surveys: Vec<SurveyDef>,
}

fn default_cooldown() -> u32 {
    COOLDOWN_HOURS_DEFAULT
}
fn default_true() -> bool {
    true
}
fn default_sample_rate() -> f64 {
    1.0
}
fn default_recontact() -> u32 {
    RECONTACT_DAYS_DEFAULT
}
fn all_surfaces() -> Vec<Surface> {
    vec![Surface::Embed, Surface::Page, Surface::Kiosk]
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FollowUpDef {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detractor: Option<Localized>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passive: Option<Localized>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promoter: Option<Localized>,
}

impl FollowUpDef {
    pub fn get(&self, band: Band) -> Option<&Localized> {
        match band {
            Band::Detractor => self.detractor.as_ref(),
            Band::Passive => self.passive.as_ref(),
            Band::Promoter => self.promoter.as_ref(),
        }
    }
}

/// How often one customer may see a survey (beside `recontact_days`). Written as a word, or
/// `{max_times: N}`, in YAML and JSON alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "FrequencyRepr", into = "FrequencyRepr")]
pub enum Frequency {
    /// One display ever.
    Once,
    /// Asked again (after `recontact_days`) until answered, then never.
    UntilAnswered,
    /// At most this many displays ever.
    MaxTimes(u32),
    /// Every `recontact_days`, without end (a quarterly NPS).
    Recurring,
}

/// `once`, `until_answered`, `recurring`, or `{"max_times": N}`.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Frequency {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Type};
        let word = ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some(["once", "until_answered", "recurring"]));
        let max_times = ObjectBuilder::new()
            .property(
                "max_times",
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(1)),
            )
            .required("max_times")
            .additional_properties(Some(
                utoipa::openapi::schema::AdditionalProperties::FreeForm(false),
            ));
        OneOfBuilder::new().item(word).item(max_times).into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Frequency {}

/// The written form of `Frequency`: serde_yaml_ng would want YAML tags (`!max_times 3`) for
/// an enum with data, which nobody writes by hand.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum FrequencyRepr {
    Word(String),
    MaxTimes { max_times: u32 },
}

impl TryFrom<FrequencyRepr> for Frequency {
    type Error = String;

    fn try_from(r: FrequencyRepr) -> Result<Self, String> {
        match r {
            FrequencyRepr::MaxTimes { max_times } => Ok(Frequency::MaxTimes(max_times)),
            FrequencyRepr::Word(w) => match w.as_str() {
                "once" => Ok(Frequency::Once),
                "until_answered" => Ok(Frequency::UntilAnswered),
                "recurring" => Ok(Frequency::Recurring),
                other => Err(format!(
                    "frequency {other:?} is not once, until_answered, recurring or {{max_times: N}}"
                )),
            },
        }
    }
}

impl From<Frequency> for FrequencyRepr {
    fn from(f: Frequency) -> Self {
        match f {
            Frequency::Once => Self::Word("once".into()),
            Frequency::UntilAnswered => Self::Word("until_answered".into()),
            Frequency::Recurring => Self::Word("recurring".into()),
            Frequency::MaxTimes(max_times) => Self::MaxTimes { max_times },
        }
    }
}

/// One way a survey is triggered; exactly one of the keys, except that `seconds_on_page` may
/// come with a `page_url` pattern.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TriggerDef {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub faq_article_read: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_sent: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds_on_page: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SurveyDef {
    pub id: String,
    pub kind: SurveyKind,
    #[serde(default = "default_true")]
    pub active: bool,
    pub question: Localized,
    /// The scale's labels by score (JSON object keys are text: `"0"`, `"10"`).
    #[cfg_attr(feature = "openapi", schema(value_type = BTreeMap<String, Localized>))]
    pub labels: BTreeMap<i32, Localized>,
    #[serde(default)]
    pub follow_up: FollowUpDef,
    pub thank_you: Localized,
    #[serde(default)]
    pub triggers: Vec<TriggerDef>,
    #[serde(default = "default_sample_rate")]
    pub sample_rate: f64,
    #[serde(default = "default_recontact")]
    pub recontact_days: u32,
    #[serde(default = "default_frequency")]
    pub frequency: Frequency,
    #[serde(default = "all_surfaces")]
    pub surfaces: Vec<Surface>,
}

fn default_frequency() -> Frequency {
    Frequency::UntilAnswered
}

impl SurveyDef {
    /// The survey as the widget shows it, in `locale` (else the site's default).
    pub fn render(&self, locale: Locale, default: Locale) -> Survey {
        let served = if self.question.get_exact(locale).is_some() {
            locale
        } else {
            default
        };
        let text = |t: &Localized| t.get(locale, default).to_owned();
        Survey {
            id: self.id.clone(),
            kind: self.kind,
            locale: served,
            question: text(&self.question),
            labels: self
                .labels
                .iter()
                .map(|(score, t)| ScaleLabel {
                    score: *score,
                    text: text(t),
                })
                .collect(),
            follow_up: FollowUpQuestions {
                detractor: self.follow_up.detractor.as_ref().map(text),
                passive: self.follow_up.passive.as_ref().map(text),
                promoter: self.follow_up.promoter.as_ref().map(text),
            },
            thank_you: text(&self.thank_you),
        }
    }
}

impl SurveyConfig {
    pub fn survey(&self, id: &str) -> Option<&SurveyDef> {
        self.surveys.iter().find(|s| s.id == id)
    }

    /// Every broken rule, each on a field path such as `surveys[1].labels`.
    pub fn validate(&self, default_locale: Locale) -> Result<(), FieldErrors> {
        let mut errs = FieldErrors::default();
        if self.cooldown_hours > COOLDOWN_HOURS_MAX {
            errs.push(
                "cooldown_hours",
                FieldCode::OutOfRange,
                format!("at most {COOLDOWN_HOURS_MAX} hours"),
            );
        }
        if let Some(w) = &self.webhook {
            w.check(&mut errs);
        }
        check_surveys(&self.surveys, default_locale, &mut errs);
        errs.into_result()
    }
}

fn check_surveys(surveys: &[SurveyDef], default: Locale, errs: &mut FieldErrors) {
    if surveys.len() > SURVEYS_MAX {
        errs.push(
            "surveys",
            FieldCode::TooLong,
            format!("at most {SURVEYS_MAX} surveys"),
        );
    }
    let mut seen = HashSet::new();
    for (i, s) in surveys.iter().enumerate() {
        let f = |name: &str| format!("surveys[{i}].{name}");
        errs.check(&f("id"), survey::survey_id(&s.id));
        if !seen.insert(s.id.as_str()) {
            errs.push(
                &f("id"),
                FieldCode::Duplicate,
                format!("survey {:?} is defined twice", s.id),
            );
        }
        check_text(
            errs,
            &f("question"),
            &s.question,
            default,
            QUESTION_MAX_CHARS,
        );
        check_text(
            errs,
            &f("thank_you"),
            &s.thank_you,
            default,
            QUESTION_MAX_CHARS,
        );
        for band in Band::ALL {
            if let Some(t) = s.follow_up.get(band) {
                let field = f(&format!("follow_up.{}", band.as_str()));
                check_text(errs, &field, t, default, QUESTION_MAX_CHARS);
            }
        }
        let wanted: Vec<i32> = match s.kind {
            SurveyKind::Nps => vec![0, 10],
            SurveyKind::Csat => (1..=5).collect(),
        };
        let keys: Vec<i32> = s.labels.keys().copied().collect();
        if keys != wanted {
            let msg = match s.kind {
                SurveyKind::Nps => "an NPS survey labels the two ends: 0 and 10",
                SurveyKind::Csat => "a CSAT survey labels every point: 1, 2, 3, 4 and 5",
            };
            errs.push(&f("labels"), FieldCode::InvalidFormat, msg);
        }
        for (score, t) in &s.labels {
            check_text(
                errs,
                &f(&format!("labels.{score}")),
                t,
                default,
                LABEL_MAX_CHARS,
            );
        }
        if s.triggers.len() > TRIGGERS_MAX {
            errs.push(
                &f("triggers"),
                FieldCode::TooLong,
                format!("at most {TRIGGERS_MAX} triggers"),
            );
        }
        for (j, t) in s.triggers.iter().enumerate() {
            check_trigger(errs, &f(&format!("triggers[{j}]")), t);
        }
        if !(0.0..=1.0).contains(&s.sample_rate) {
            errs.push(
                &f("sample_rate"),
                FieldCode::OutOfRange,
                "a share between 0 and 1",
            );
        }
        if s.recontact_days > RECONTACT_DAYS_MAX {
            errs.push(
                &f("recontact_days"),
                FieldCode::OutOfRange,
                format!("at most {RECONTACT_DAYS_MAX} days"),
            );
        }
        if s.frequency == Frequency::MaxTimes(0) {
            errs.push(
                &f("frequency"),
                FieldCode::OutOfRange,
                "max_times is at least 1",
            );
        }
        if s.surfaces.is_empty() {
            errs.push(
                &f("surfaces"),
                FieldCode::Required,
                "list at least one surface",
            );
        }
    }
}

fn check_text(errs: &mut FieldErrors, field: &str, t: &Localized, default: Locale, max: usize) {
    if t.get_exact(default).is_none() {
        errs.push(
            field,
            FieldCode::Required,
            format!("a text in the site's default locale ({default}) is required"),
        );
    }
    for l in Locale::ALL {
        if let Some(s) = t.get_exact(l) {
            if let Err(v) = validate::text_len(s, 1, max) {
                errs.push(field, v.code, format!("{l}: {}", v.message));
            }
        }
    }
}

fn check_trigger(errs: &mut FieldErrors, field: &str, t: &TriggerDef) {
    let kinds = [
        t.event.is_some(),
        t.faq_article_read.is_some(),
        t.contact_sent.is_some(),
        t.page_url.is_some() && t.seconds_on_page.is_none(),
        t.seconds_on_page.is_some(),
    ];
    if kinds.iter().filter(|k| **k).count() != 1 {
        errs.push(
            field,
            FieldCode::InvalidFormat,
            "one of event, faq_article_read, contact_sent, page_url, seconds_on_page \
             (page_url may come with seconds_on_page)",
        );
        return;
    }
    if let Some(e) = &t.event {
        errs.check(&format!("{field}.event"), survey::event_name(e));
    }
    if t.contact_sent == Some(false) {
        errs.push(
            &format!("{field}.contact_sent"),
            FieldCode::InvalidFormat,
            "write contact_sent: true",
        );
    }
    for (name, p) in [
        ("faq_article_read", &t.faq_article_read),
        ("page_url", &t.page_url),
    ] {
        if let Some(p) = p {
            if p.is_empty() || p.len() > PATTERN_MAX_LEN || p.chars().any(char::is_whitespace) {
                errs.push(
                    &format!("{field}.{name}"),
                    FieldCode::InvalidFormat,
                    format!("a pattern of 1 to {PATTERN_MAX_LEN} characters without spaces"),
                );
            }
        }
    }
    if t.seconds_on_page
        .is_some_and(|s| s == 0 || s > survey::SECONDS_ON_PAGE_MAX)
    {
        errs.push(
            &format!("{field}.seconds_on_page"),
            FieldCode::OutOfRange,
            "between 1 and 86400 seconds",
        );
    }
}

pub const DELIVERIES_LIMIT_DEFAULT: i64 = 100;
pub const DELIVERIES_LIMIT_MAX: i64 = 1000;

/// `GET …/surveys/deliveries?limit=`: detractor alerts, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Deliveries {
    pub deliveries: Vec<Delivery>,
}

/// One detractor alert and how its delivery went (the general list of every event is
/// `webhooks::WebhookDelivery`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Delivery {
    pub id: String,
    pub response_id: String,
    pub event: String,
    pub status: crate::webhooks::DeliveryStatus,
    /// Unix milliseconds.
    pub created_at: i64,
    pub attempts: i64,
    /// Only while pending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_attempt_at: Option<i64>,
    pub delivered_at: Option<i64>,
    /// When it was given up (too many attempts, or too old).
    pub failed_at: Option<i64>,
    pub last_status: Option<i64>,
    pub last_error: Option<String>,
}

/// `survey.detractor`: a detractor answer (NPS 0-6, CSAT 1-2).
pub const EVENT_DETRACTOR: &str = "survey.detractor";
/// `survey.detractor_comment`: the follow-up comment on a detractor answer, with the answer.
pub const EVENT_DETRACTOR_COMMENT: &str = "survey.detractor_comment";

/// The body of a detractor alert POSTed to the site's webhook. The same JSON is sent (and
/// signed) on every attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DetractorAlert {
    /// `survey.detractor` or `survey.detractor_comment`.
    pub event: String,
    /// Unique per alert: receivers deduplicate by it (also in `X-Patron-Delivery`).
    pub delivery_id: String,
    pub site: String,
    pub response_id: String,
    pub survey_id: String,
    pub kind: SurveyKind,
    pub score: i64,
    pub band: Band,
    pub surface: Surface,
    pub locale: Locale,
    pub touchpoint: String,
    /// What the host said about the moment (order number, …), as given.
    pub context: Context,
    /// The verified member, if the customer was signed in.
    pub member_id: Option<String>,
    /// Unix milliseconds.
    pub answered_at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commented_at: Option<i64>,
}
