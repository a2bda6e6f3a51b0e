//! Survey definitions: the format of `content/<site>/surveys.yaml` (and of the admin API's
//! JSON), their validation, and rendering one survey in one locale for the widget.
//!
//! ```yaml
//! cooldown_hours: 72            # site-wide: no two surveys for one customer closer than this
//! webhook:                      # detractor alerts (optional; file only, never via the API)
//!   url: https://hooks.example.com/patron
//!   secret_env: PATRON_DEMO_WEBHOOK_SECRET   # or secret_file: webhook-secret (in the site folder)
//! surveys:
//!   - id: csat-after-order
//!     kind: csat                # or nps
//!     question: { zh-CN: …, zh-TW: …, en: … }
//!     labels: { 1: {…}, 2: {…}, 3: {…}, 4: {…}, 5: {…} }   # NPS: 0 and 10 only
//!     follow_up: { detractor: {…}, passive: {…}, promoter: {…} }  # each optional
//!     thank_you: {…}
//!     triggers:                 # any one matching is enough; none: asked only directly
//!       - event: order_completed
//!       - faq_article_read: "*"           # or an article id / glob
//!       - contact_sent: true
//!       - page_url: "*/orders/*/done"     # glob, `*` is any text
//!       - { seconds_on_page: 30, page_url: "*/products/*" }
//!     sample_rate: 0.5          # share of customers ever asked, fixed per customer
//!     recontact_days: 30        # least gap between two asks of this survey (or after an answer)
//!     frequency: until_answered # once | until_answered | recurring | {max_times: 3}
//!     surfaces: [embed, page, kiosk]
//!     active: true
//! ```
//!
//! Every text needs the site's default locale (the fallback for the others).

use patron_api::FieldCode;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use patron_api::survey::{self, FollowUpQuestions, ScaleLabel, Surface, Survey, SurveyKind};
use patron_api::validate::{self, FieldErrors};
use patron_api::{Band, Locale, Localized};
use serde::{Deserialize, Serialize};

use crate::content::yaml;

pub const FILE: &str = "surveys.yaml";
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
#[serde(deny_unknown_fields)]
pub struct AdminSurveys {
    #[serde(default = "default_cooldown")]
    pub cooldown_hours: u32,
    pub surveys: Vec<SurveyDef>,
}

/// Where detractor alerts go. The secret is referenced, never written in content files:
/// an environment variable (`PATRON_…`) or a file inside the site's folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookConfig {
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_env: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_file: Option<String>,
}

impl WebhookConfig {
    /// Reads the secret now (it may be rotated without a restart).
    pub fn secret(&self, content_dir: &Path, site: &str) -> Result<Vec<u8>, String> {
        let secret = match (&self.secret_env, &self.secret_file) {
            (Some(var), _) => {
                std::env::var(var).map_err(|_| format!("environment variable {var} is not set"))?
            }
            (None, Some(file)) => {
                let path = content_dir.join(site).join(file);
                std::fs::read_to_string(&path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?
            }
            (None, None) => return Err("no secret configured".into()),
        };
        let secret = secret.trim();
        if secret.is_empty() {
            return Err("the webhook secret is empty".into());
        }
        Ok(secret.as_bytes().to_vec())
    }
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
#[serde(deny_unknown_fields)]
pub struct SurveyDef {
    pub id: String,
    pub kind: SurveyKind,
    #[serde(default = "default_true")]
    pub active: bool,
    pub question: Localized,
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
            check_webhook(w, &mut errs);
        }
        check_surveys(&self.surveys, default_locale, &mut errs);
        errs.into_result()
    }
}

fn check_webhook(w: &WebhookConfig, errs: &mut FieldErrors) {
    let url_ok = (w.url.starts_with("https://") || w.url.starts_with("http://"))
        && survey::page_url(&w.url).is_ok();
    if !url_ok {
        errs.push(
            "webhook.url",
            FieldCode::InvalidFormat,
            "an http:// or https:// URL",
        );
    }
    match (&w.secret_env, &w.secret_file) {
        (Some(_), Some(_)) | (None, None) => errs.push(
            "webhook",
            FieldCode::InvalidFormat,
            "give exactly one of secret_env and secret_file",
        ),
        (Some(var), None) => {
            let ok = var.starts_with("PATRON_")
                && var
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
            if !ok {
                errs.push(
                    "webhook.secret_env",
                    FieldCode::InvalidFormat,
                    "an environment variable named PATRON_…, in capitals, digits and '_'",
                );
            }
        }
        (None, Some(file)) => {
            let p = Path::new(file);
            let ok = !file.is_empty()
                && p.is_relative()
                && p.components()
                    .all(|c| matches!(c, std::path::Component::Normal(_)));
            if !ok {
                errs.push(
                    "webhook.secret_file",
                    FieldCode::InvalidFormat,
                    "a file name inside the site's folder (no '..', not absolute)",
                );
            }
        }
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

/// Parses and validates a `surveys.yaml`; each problem is `line N: field (code): message`.
pub fn parse_file(yaml: &str, default_locale: Locale) -> Result<SurveyConfig, Vec<String>> {
    let file = yaml::parse::<SurveyConfig>(yaml)?;
    file.value
        .validate(default_locale)
        .map_err(|errs| file.lines.describe(&errs))?;
    Ok(file.value)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub const SAMPLE: &str = r#"
cooldown_hours: 48
webhook:
  url: https://hooks.example.com/patron
  secret_env: PATRON_TEST_SECRET
surveys:
  - id: csat-after-order
    kind: csat
    question: { zh-CN: 您对这次购物满意吗?, en: How satisfied are you with your order? }
    labels:
      1: { zh-CN: 非常不满意, en: Very dissatisfied }
      2: { zh-CN: 不满意, en: Dissatisfied }
      3: { zh-CN: 一般, en: Neutral }
      4: { zh-CN: 满意, en: Satisfied }
      5: { zh-CN: 非常满意, en: Very satisfied }
    follow_up:
      detractor: { zh-CN: 哪里让您不满意?, en: What went wrong? }
    thank_you: { zh-CN: 谢谢!, en: Thank you! }
    triggers:
      - event: order_completed
      - { seconds_on_page: 30, page_url: "*/orders/*" }
    frequency: { max_times: 3 }
  - id: nps-quarterly
    kind: nps
    question: { zh-CN: 您有多大可能向朋友推荐我们?, en: How likely are you to recommend us? }
    labels:
      0: { zh-CN: 完全不可能, en: Not at all likely }
      10: { zh-CN: 极有可能, en: Extremely likely }
    thank_you: { zh-CN: 谢谢!, en: Thanks! }
    frequency: recurring
    recontact_days: 90
"#;

    #[test]
    fn parses_the_sample() {
        let c = parse_file(SAMPLE, Locale::ZhCn).expect("valid");
        assert_eq!(c.cooldown_hours, 48);
        assert_eq!(c.surveys.len(), 2);
        let csat = &c.surveys[0];
        assert_eq!(csat.frequency, Frequency::MaxTimes(3));
        assert_eq!(csat.sample_rate, 1.0);
        assert_eq!(csat.surfaces.len(), 3);
        assert_eq!(csat.triggers[1].seconds_on_page, Some(30));
        assert_eq!(c.surveys[1].frequency, Frequency::Recurring);
        // The stored JSON reads back to the same thing.
        let json = serde_json::to_string(&c).expect("json");
        assert_eq!(
            serde_json::from_str::<SurveyConfig>(&json).expect("back"),
            c
        );
    }

    #[test]
    fn renders_in_a_locale_with_fallback() {
        let c = parse_file(SAMPLE, Locale::ZhCn).expect("valid");
        let en = c.surveys[0].render(Locale::En, Locale::ZhCn);
        assert_eq!(en.locale, Locale::En);
        assert_eq!(en.labels.len(), 5);
        assert_eq!(en.labels[0].text, "Very dissatisfied");
        assert_eq!(en.follow_up.detractor.as_deref(), Some("What went wrong?"));
        assert_eq!(en.follow_up.promoter, None);
        let tw = c.surveys[0].render(Locale::ZhTw, Locale::ZhCn);
        assert_eq!(tw.locale, Locale::ZhCn);
        assert_eq!(tw.question, "您对这次购物满意吗?");
    }

    #[test]
    fn problems_name_their_line() {
        let bad = SAMPLE.replace("      10: { zh-CN: 极有可能", "      9: { zh-CN: 极有可能");
        let errs = parse_file(&bad, Locale::ZhCn).expect_err("invalid");
        assert_eq!(errs.len(), 1, "{errs:?}");
        // The second survey's `labels:` key.
        let id_line = SAMPLE
            .lines()
            .enumerate()
            .skip_while(|(_, l)| !l.contains("id: nps-quarterly"))
            .find(|(_, l)| l.trim() == "labels:")
            .expect("line")
            .0
            + 1;
        assert!(
            errs[0].starts_with(&format!("line {id_line}: surveys[1].labels")),
            "{errs:?}"
        );
        let typo = SAMPLE.replace("recontact_days: 90", "recontact_dayz: 90");
        let errs = parse_file(&typo, Locale::ZhCn).expect_err("invalid");
        let typo_line = typo
            .lines()
            .position(|l| l.contains("recontact_dayz"))
            .expect("line")
            + 1;
        assert!(
            errs[0].starts_with(&format!("line {typo_line}:")),
            "{errs:?}"
        );
        assert!(errs[0].contains("recontact_dayz"), "{errs:?}");
    }

    #[test]
    fn every_rule_is_checked() {
        let bad = SAMPLE
            .replace(
                "secret_env: PATRON_TEST_SECRET",
                "secret_file: ../../etc/passwd",
            )
            .replace(
                "frequency: { max_times: 3 }",
                "frequency: { max_times: 0 }\n    sample_rate: 1.5",
            )
            .replace(
                "- event: order_completed",
                "- { event: order_completed, contact_sent: true }",
            );
        let errs = parse_file(&bad, Locale::En).expect_err("invalid");
        let fields: Vec<&str> = errs
            .iter()
            .map(|e| e.split(' ').nth(2).unwrap_or(""))
            .collect();
        assert_eq!(
            fields,
            [
                "webhook.secret_file",
                "surveys[0].triggers[0]",
                "surveys[0].sample_rate",
                "surveys[0].frequency"
            ],
            "{errs:?}"
        );
        let zh_tw_default = parse_file(SAMPLE, Locale::ZhTw).expect_err("no zh-TW texts");
        assert!(zh_tw_default[0].contains("(zh-TW)"), "{zh_tw_default:?}");
    }

    #[test]
    fn the_demo_file_is_valid() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content/demo/surveys.yaml");
        let text = std::fs::read_to_string(&path).expect("demo surveys.yaml");
        let c = parse_file(&text, Locale::ZhCn).expect("valid");
        let ids: Vec<&str> = c.surveys.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "csat-after-order",
                "csat-after-contact",
                "nps-quarterly",
                "csat-shopping"
            ]
        );
        for s in &c.surveys {
            for l in Locale::ALL {
                assert!(s.question.get_exact(l).is_some(), "{} {l}", s.id);
                assert!(s.thank_you.get_exact(l).is_some(), "{} {l}", s.id);
            }
        }
        assert!(c
            .webhook
            .expect("webhook")
            .url
            .starts_with("http://127.0.0.1:"));
    }

    #[test]
    fn duplicate_ids_are_refused() {
        let dup = SAMPLE.replace("id: nps-quarterly", "id: csat-after-order");
        let errs = parse_file(&dup, Locale::ZhCn).expect_err("invalid");
        assert!(errs.iter().any(|e| e.contains("duplicate")), "{errs:?}");
    }
}
