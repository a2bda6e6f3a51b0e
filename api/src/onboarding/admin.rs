//! The onboarding admin API (`/v1/admin/sites/{site}/onboarding/packs`, site admin key):
//! a site's packs — also the format of `content/<site>/onboarding/*.yaml` — with their
//! rules. A missing translation into a locale the site offers is not an error but a warning:
//! the default locale's text is shown.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::error::{FieldCode, FieldError};
use crate::locale::{Locale, Localized};
use crate::validate::{self, FieldErrors};
use crate::{faq, onboarding, survey};

pub const PACKS_MAX: usize = 50;
pub const STEPS_MAX: usize = 20;
pub const TITLE_MAX_CHARS: usize = 80;
pub const DESCRIPTION_MAX_CHARS: usize = 300;
pub const STEP_TITLE_MAX_CHARS: usize = 120;
pub const BODY_MAX_CHARS: usize = 5000;
pub const BUBBLE_MAX_CHARS: usize = 300;
pub const JOINED_WITHIN_DAYS_MAX: u32 = 3660;

fn default_true() -> bool {
    true
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PackDef {
    pub id: String,
    pub title: Localized,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Localized>,
    pub audience: Audience,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reward_points: Option<i64>,
    #[serde(default = "default_true")]
    pub active: bool,
    pub steps: Vec<StepDef>,
}

/// Who is offered a pack: anyone matching any of the set kinds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Audience {
    #[serde(default, skip_serializing_if = "is_false")]
    pub everyone: bool,
    /// Not signed in, and the widget says this is the device's first visit.
    #[serde(default, skip_serializing_if = "is_false")]
    pub anonymous_first_visit: bool,
    /// Members who joined at most this many days ago (see `audience`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub members_joined_within_days: Option<u32>,
    /// Members whose current tier is one of these.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_tiers: Option<Vec<String>>,
    /// Everyone on a kiosk.
    #[serde(default, skip_serializing_if = "is_false")]
    pub kiosk: bool,
}

impl Audience {
    /// Whether admitting someone needs their member facts (join date, tier).
    pub fn needs_member_facts(&self) -> bool {
        self.members_joined_within_days.is_some() || self.member_tiers.is_some()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StepDef {
    pub id: String,
    pub title: Localized,
    /// Markdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Localized>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    #[serde(default)]
    pub action: ActionDef,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completes_on: Option<String>,
}

/// `patron_api::onboarding::Action` with the bubble text in every locale.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ActionDef {
    #[default]
    None,
    Faq {
        article: String,
    },
    Url {
        url: String,
    },
    Highlight {
        selector: String,
        text: Localized,
    },
}

/// A translation a text lacks: the site's default locale is shown in its place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MissingTranslation {
    pub field: String,
    pub locale: Locale,
}

impl MissingTranslation {
    pub fn describe(&self, default: Locale) -> String {
        format!(
            "{}: no {} text; the {default} text is shown instead",
            self.field, self.locale
        )
    }
}

/// What validation needs to know about the site.
#[derive(Debug, Clone)]
pub struct SiteContext {
    pub default_locale: Locale,
    /// The locales the site offers; a text missing in one of them is reported.
    pub locales: Vec<Locale>,
    /// The tier ids of the site's points programme; `None` when it has none (then packs can
    /// neither target tiers nor reward points).
    pub tiers: Option<Vec<String>>,
    /// Checks a highlight step's CSS selector; the error says what is wrong. The server
    /// parses it as a browser would; `selector_text` is the part of that rule this crate
    /// can check alone.
    pub check_selector: fn(&str) -> Result<(), String>,
}

impl PackDef {
    pub fn step(&self, id: &str) -> Option<&StepDef> {
        self.steps.iter().find(|s| s.id == id)
    }

    pub fn step_ids(&self) -> Vec<String> {
        self.steps.iter().map(|s| s.id.clone()).collect()
    }

    /// Every broken rule on a field path that starts with `prefix` (`packs[2].` in the admin
    /// API, nothing in a file); on success, the translations it lacks.
    pub fn check(
        &self,
        prefix: &str,
        site: &SiteContext,
        errs: &mut FieldErrors,
    ) -> Vec<MissingTranslation> {
        let f = |name: &str| format!("{prefix}{name}");
        let mut texts = Texts {
            site,
            errs,
            missing: Vec::new(),
        };
        texts.errs.check(&f("id"), onboarding::pack_id(&self.id));
        texts.check(&f("title"), Some(&self.title), TITLE_MAX_CHARS);
        texts.check(
            &f("description"),
            self.description.as_ref(),
            DESCRIPTION_MAX_CHARS,
        );
        check_audience(&self.audience, &f("audience"), site, texts.errs);
        if let Some(points) = self.reward_points {
            texts
                .errs
                .check(&f("reward_points"), onboarding::reward_points(points));
            if site.tiers.is_none() {
                texts.errs.push(
                    &f("reward_points"),
                    FieldCode::NoPointsProgramme,
                    "the site has no points programme (loyalty.yaml) to credit a reward through",
                );
            }
        }
        if self.steps.is_empty() || self.steps.len() > STEPS_MAX {
            texts.errs.push(
                &f("steps"),
                FieldCode::OutOfRange,
                format!("a pack has 1 to {STEPS_MAX} steps"),
            );
        }
        let mut seen = HashSet::new();
        for (j, step) in self.steps.iter().enumerate() {
            let prefix = f(&format!("steps[{j}]."));
            if !seen.insert(step.id.as_str()) {
                texts.errs.push(
                    &format!("{prefix}id"),
                    FieldCode::Duplicate,
                    format!("step {:?} is defined twice", step.id),
                );
            }
            step.check(&prefix, &mut texts);
        }
        texts.missing
    }
}

impl StepDef {
    fn check(&self, prefix: &str, texts: &mut Texts<'_, '_>) {
        let f = |name: &str| format!("{prefix}{name}");
        texts.errs.check(&f("id"), onboarding::step_id(&self.id));
        texts.check(&f("title"), Some(&self.title), STEP_TITLE_MAX_CHARS);
        texts.check(&f("body"), self.body.as_ref(), BODY_MAX_CHARS);
        if let Some(image) = &self.image {
            texts.errs.check(&f("image"), validate::asset_url(image));
        }
        if let Some(event) = &self.completes_on {
            texts
                .errs
                .check(&f("completes_on"), survey::event_name(event));
        }
        match &self.action {
            ActionDef::None => {}
            ActionDef::Faq { article } => texts
                .errs
                .check(&f("action.article"), faq::article_id(article)),
            ActionDef::Url { url } => texts
                .errs
                .check(&f("action.url"), onboarding::action_url(url)),
            ActionDef::Highlight { selector, text } => {
                if let Err(message) = (texts.site.check_selector)(selector) {
                    texts
                        .errs
                        .push(&f("action.selector"), FieldCode::InvalidSelector, message);
                }
                texts.check(&f("action.text"), Some(text), BUBBLE_MAX_CHARS);
            }
        }
    }
}

fn check_audience(a: &Audience, field: &str, site: &SiteContext, errs: &mut FieldErrors) {
    if a == &Audience::default() {
        errs.push(
            field,
            FieldCode::Required,
            "name at least one of everyone, anonymous_first_visit, members_joined_within_days, \
             member_tiers, kiosk",
        );
    }
    if a.members_joined_within_days
        .is_some_and(|d| d == 0 || d > JOINED_WITHIN_DAYS_MAX)
    {
        errs.push(
            &format!("{field}.members_joined_within_days"),
            FieldCode::OutOfRange,
            format!("1 to {JOINED_WITHIN_DAYS_MAX} days"),
        );
    }
    if let Some(tiers) = &a.member_tiers {
        let field = format!("{field}.member_tiers");
        match &site.tiers {
            _ if tiers.is_empty() => errs.push(
                &field,
                FieldCode::Required,
                "list at least one tier, or leave it out",
            ),
            None => errs.push(
                &field,
                FieldCode::NoPointsProgramme,
                "the site has no points programme (loyalty.yaml), so no tiers",
            ),
            Some(known) => {
                for t in tiers.iter().filter(|t| !known.contains(t)) {
                    errs.push(
                        &field,
                        FieldCode::UnknownTier,
                        format!(
                            "{t:?} is not a tier of the site (one of {})",
                            known.join(", ")
                        ),
                    );
                }
            }
        }
    }
}

/// Checks translated texts, collecting the translations they lack.
struct Texts<'a, 'e> {
    site: &'a SiteContext,
    errs: &'e mut FieldErrors,
    missing: Vec<MissingTranslation>,
}

impl Texts<'_, '_> {
    fn check(&mut self, field: &str, text: Option<&Localized>, max: usize) {
        let Some(t) = text else { return };
        let default = self.site.default_locale;
        if t.get_exact(default).is_none() {
            self.errs.push(
                field,
                FieldCode::Required,
                format!("a text in the site's default locale ({default}) is required"),
            );
        }
        for l in Locale::ALL {
            match t.get_exact(l) {
                Some(s) => {
                    if let Err(v) = validate::text_len(s, 1, max) {
                        self.errs.push(field, v.code, format!("{l}: {}", v.message));
                    }
                }
                None if l != default && self.site.locales.contains(&l) => {
                    self.missing.push(MissingTranslation {
                        field: field.to_owned(),
                        locale: l,
                    });
                }
                None => {}
            }
        }
    }
}

/// Checks a site's whole list of packs (the admin API's body): every broken rule, or the
/// translations they lack.
pub fn check_all(
    packs: &[PackDef],
    site: &SiteContext,
) -> Result<Vec<MissingTranslation>, FieldErrors> {
    let mut errs = FieldErrors::default();
    let mut missing = Vec::new();
    if packs.len() > PACKS_MAX {
        errs.push(
            "packs",
            FieldCode::TooLong,
            format!("at most {PACKS_MAX} packs"),
        );
    }
    let mut seen = HashSet::new();
    for (i, p) in packs.iter().enumerate() {
        let prefix = format!("packs[{i}].");
        if !seen.insert(p.id.as_str()) {
            errs.push(
                &format!("{prefix}id"),
                FieldCode::Duplicate,
                format!("pack {:?} is defined twice", p.id),
            );
        }
        missing.extend(p.check(&prefix, site, &mut errs));
    }
    errs.into_result()?;
    Ok(missing)
}

/// `GET|PUT …/onboarding/packs`: a site's packs, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AdminPacks {
    pub packs: Vec<PackDef>,
}

/// What a replacement stored, and what in it is worth a look but is not an error: missing
/// translations (`missing_translation`: the default locale is shown) and FAQ articles the
/// site does not have (`unknown_article`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SavedPacks {
    pub packs: Vec<PackDef>,
    pub warnings: Vec<FieldError>,
}
