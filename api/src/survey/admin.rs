//! The survey admin API (`/v1/admin/sites/{site}/surveys…`, site admin key): a site's
//! survey definitions — also the format of `content/<site>/surveys.yaml` — with their rules
//! and rendering, the detractor alerts' deliveries, and the webhook payload they carry.
//!
//! Every text needs the site's default locale (the fallback for the others).

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use super::{Context, FollowUpQuestions, ReasonChip, ScaleLabel, Surface, Survey, SurveyKind};
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
pub const REASON_CHIPS_MAX: usize = 12;
pub const VARIANTS_MAX: usize = 5;
pub const AUDIENCE_LIST_MAX: usize = 20;

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
    /// Who may be asked; unset: everyone.
    #[serde(default, skip_serializing_if = "SurveyAudience::is_everyone")]
    pub audience: SurveyAudience,
    /// Reason chips offered after a detractor score, in this order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<ReasonDef>,
    /// Other wordings of `question` to compare (A/B): each respondent gets one of them,
    /// always the same, and reports count each apart. Empty: `question` for everyone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<VariantDef>,
}

/// Whether a customer is signed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SignedIn {
    /// Only customers signed in as members.
    Member,
    /// Only customers who are not signed in.
    Anonymous,
}

/// Whom a survey is aimed at. Every part that is set must match; an empty list matches all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SurveyAudience {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_in: Option<SignedIn>,
    /// Members of these tiers of the points programme (implies signed in).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tiers: Vec<String>,
    /// Customers whose widget speaks one of these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locales: Vec<Locale>,
    /// Customers the host put in one of these segments (`patron('boot', {segment})`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub segments: Vec<String>,
}

impl SurveyAudience {
    pub fn is_everyone(&self) -> bool {
        *self == SurveyAudience::default()
    }
}

/// A reason chip: an id for reports and its translated text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReasonDef {
    pub id: String,
    pub text: Localized,
}

/// One wording of a survey's question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct VariantDef {
    pub id: String,
    pub question: Localized,
}

fn default_frequency() -> Frequency {
    Frequency::UntilAnswered
}

impl SurveyDef {
    /// The variant `subject` (who is asked, as pacing names them) gets: a hash of survey and
    /// subject, so it never changes for them and splits customers evenly.
    pub fn variant_for(&self, subject: &str) -> Option<&VariantDef> {
        if self.variants.is_empty() {
            return None;
        }
        let hash = subject
            .bytes()
            .chain([0])
            .chain(self.id.bytes())
            .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            });
        self.variants
            .get((hash % self.variants.len() as u64) as usize)
    }

    /// The reason chip `id`, if the survey has it.
    pub fn reason(&self, id: &str) -> Option<&ReasonDef> {
        self.reasons.iter().find(|r| r.id == id)
    }

    /// The survey as the widget shows it, in `locale` (else the site's default), in the
    /// wording `variant` (else `question`).
    pub fn render(&self, locale: Locale, default: Locale, variant: Option<&VariantDef>) -> Survey {
        let question = variant.map_or(&self.question, |v| &v.question);
        let served = if question.get_exact(locale).is_some() {
            locale
        } else {
            default
        };
        let text = |t: &Localized| t.get(locale, default).to_owned();
        Survey {
            id: self.id.clone(),
            kind: self.kind,
            locale: served,
            question: text(question),
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
            variant: variant.map(|v| v.id.clone()),
            reasons: self
                .reasons
                .iter()
                .map(|r| ReasonChip {
                    id: r.id.clone(),
                    text: text(&r.text),
                })
                .collect(),
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
            SurveyKind::Ces => vec![1, 7],
        };
        let keys: Vec<i32> = s.labels.keys().copied().collect();
        if keys != wanted {
            let msg = match s.kind {
                SurveyKind::Nps => "an NPS survey labels the two ends: 0 and 10",
                SurveyKind::Csat => "a CSAT survey labels every point: 1, 2, 3, 4 and 5",
                SurveyKind::Ces => "a CES survey labels the two ends: 1 and 7",
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
        check_audience(errs, &f("audience"), &s.audience);
        check_chips(errs, &f, s, default);
    }
}

fn check_audience(errs: &mut FieldErrors, field: &str, a: &SurveyAudience) {
    if !a.tiers.is_empty() && a.signed_in == Some(SignedIn::Anonymous) {
        errs.push(
            &format!("{field}.tiers"),
            FieldCode::Mismatch,
            "tiers are members' only: not with signed_in: anonymous",
        );
    }
    for (name, len) in [
        ("tiers", a.tiers.len()),
        ("locales", a.locales.len()),
        ("segments", a.segments.len()),
    ] {
        if len > AUDIENCE_LIST_MAX {
            errs.push(
                &format!("{field}.{name}"),
                FieldCode::TooLong,
                format!("at most {AUDIENCE_LIST_MAX}"),
            );
        }
    }
    for (i, t) in a.tiers.iter().enumerate() {
        errs.check(&format!("{field}.tiers[{i}]"), survey::survey_id(t));
    }
    for (i, s) in a.segments.iter().enumerate() {
        errs.check(&format!("{field}.segments[{i}]"), survey::segment(s));
    }
}

/// Reason chips and variants: unique ids, texts in the default locale.
fn check_chips(errs: &mut FieldErrors, f: &dyn Fn(&str) -> String, s: &SurveyDef, default: Locale) {
    let reasons: Vec<_> = s.reasons.iter().map(|r| (&r.id, &r.text)).collect();
    let variants: Vec<_> = s.variants.iter().map(|v| (&v.id, &v.question)).collect();
    let items = Items { default, f };
    items.check(
        errs,
        ("reasons", "text"),
        REASON_CHIPS_MAX,
        LABEL_MAX_CHARS,
        &reasons,
    );
    items.check(
        errs,
        ("variants", "question"),
        VARIANTS_MAX,
        QUESTION_MAX_CHARS,
        &variants,
    );
    if s.variants.len() == 1 {
        errs.push(
            &f("variants"),
            FieldCode::TooShort,
            "list at least two variants to compare, or none",
        );
    }
}

/// A survey's list of ids with a translated text each (reason chips, variants).
struct Items<'a> {
    default: Locale,
    f: &'a dyn Fn(&str) -> String,
}

impl Items<'_> {
    fn check(
        &self,
        errs: &mut FieldErrors,
        (name, key): (&str, &str),
        max: usize,
        chars: usize,
        items: &[(&String, &Localized)],
    ) {
        let f = self.f;
        if items.len() > max {
            errs.push(&f(name), FieldCode::TooLong, format!("at most {max}"));
        }
        for (j, (id, text)) in items.iter().enumerate() {
            let at = f(&format!("{name}[{j}]"));
            errs.check(&format!("{at}.id"), survey::survey_id(id));
            if items[..j].iter().any(|(other, _)| other == id) {
                errs.push(
                    &format!("{at}.id"),
                    FieldCode::Duplicate,
                    format!("{id:?} is listed twice"),
                );
            }
            check_text(errs, &format!("{at}.{key}"), text, self.default, chars);
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
    /// The reason chips chosen with the follow-up.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<String>,
    /// The wording answered, when the survey compares several.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Localized {
        Localized {
            en: Some(s.into()),
            ..Localized::default()
        }
    }

    #[test]
    fn each_respondent_keeps_one_wording_and_both_are_used() {
        let def = SurveyDef {
            id: "ces-returns".into(),
            kind: SurveyKind::Ces,
            active: true,
            question: text("easy?"),
            labels: [(1, text("hard")), (7, text("easy"))].into(),
            follow_up: FollowUpDef::default(),
            thank_you: text("thanks"),
            triggers: Vec::new(),
            sample_rate: 1.0,
            recontact_days: 30,
            frequency: Frequency::UntilAnswered,
            surfaces: all_surfaces(),
            audience: SurveyAudience::default(),
            reasons: Vec::new(),
            variants: ["a", "b"]
                .map(|id| VariantDef {
                    id: id.into(),
                    question: text(id),
                })
                .into(),
        };
        let picks: Vec<&str> = (0..100)
            .map(|n| {
                def.variant_for(&format!("d:device-{n}"))
                    .unwrap()
                    .id
                    .as_str()
            })
            .collect();
        let a = picks.iter().filter(|p| **p == "a").count();
        assert!((30..=70).contains(&a), "{a} of 100 got a");
        for n in 0..10 {
            let who = format!("m:member-{n}");
            assert_eq!(def.variant_for(&who), def.variant_for(&who));
        }
        let shown = def.render(Locale::En, Locale::En, def.variant_for("d:x"));
        assert_eq!(Some(shown.question.as_str()), shown.variant.as_deref());
        let config = SurveyConfig {
            surveys: vec![def],
            ..SurveyConfig::default()
        };
        config
            .validate(Locale::En)
            .expect("a CES survey labels 1 and 7");
    }
}
