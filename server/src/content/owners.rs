//! Who owns each kind of a site's configuration: its files or the admin API.
//!
//! `owners:` in `site.yaml` names an owner per kind (default `api` for all):
//!
//! - `files`: the files are the truth. Every start imports them whole, and the admin API
//!   refuses writes to that kind with 409 `managed_by_files`, naming the file to edit.
//! - `api`: a file is imported when it is new or has changed since it was last imported
//!   (`content::imports` keeps a SHA-256 per file), never over a later admin edit, so a
//!   restart or a rolling deploy keeps what the admin API changed.
//!
//! `api` is the default because an unchanged file is then never imported again: it is safe
//! for a site whose people edit through a console, and a site kept in git still gets every
//! file it changes. A site whose git repository must be the only truth says `files`.

use std::collections::HashMap;

use axum::http::StatusCode;
use patron_api::ErrorCode;
use serde::Deserialize;

use crate::error::AppError;

/// Who owns one kind of a site's configuration.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Owner {
    /// The files are the truth; the admin API may not write.
    Files,
    /// The admin API; a file is imported only when new or changed.
    #[default]
    Api,
}

/// The kinds of configuration a site keeps in files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `site.yaml`: name, brand, modules, locales, origins…
    Settings,
    /// `surveys.yaml`.
    Surveys,
    /// `onboarding/*.yaml`, one pack per file.
    Onboarding,
    /// `loyalty.yaml`.
    Loyalty,
    /// `faq/**/*.md`, one article and locale per file.
    Faq,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Self::Settings,
        Self::Surveys,
        Self::Onboarding,
        Self::Loyalty,
        Self::Faq,
    ];

    /// Its key under `owners:` and its name in the imports table.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Settings => "settings",
            Self::Surveys => "surveys",
            Self::Onboarding => "onboarding",
            Self::Loyalty => "loyalty",
            Self::Faq => "faq",
        }
    }

    /// Where it is kept, relative to the site folder (a folder ends with `/`).
    pub fn file(self) -> &'static str {
        match self {
            Self::Settings => "site.yaml",
            Self::Surveys => "surveys.yaml",
            Self::Onboarding => "onboarding/",
            Self::Loyalty => "loyalty.yaml",
            Self::Faq => "faq/",
        }
    }

    fn what(self) -> &'static str {
        match self {
            Self::Settings => "the settings",
            Self::Surveys => "the surveys",
            Self::Onboarding => "the onboarding packs",
            Self::Loyalty => "the loyalty rules",
            Self::Faq => "the FAQ articles",
        }
    }
}

/// `owners:` of a site.yaml. Unknown kinds are errors, so a typo is not silently `api`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Owners {
    #[serde(default)]
    pub settings: Owner,
    #[serde(default)]
    pub surveys: Owner,
    #[serde(default)]
    pub onboarding: Owner,
    #[serde(default)]
    pub loyalty: Owner,
    #[serde(default)]
    pub faq: Owner,
}

impl Owners {
    pub fn of(&self, kind: Kind) -> Owner {
        match kind {
            Kind::Settings => self.settings,
            Kind::Surveys => self.surveys,
            Kind::Onboarding => self.onboarding,
            Kind::Loyalty => self.loyalty,
            Kind::Faq => self.faq,
        }
    }
}

/// Every site's owners, as its site.yaml said at start-up. A site without a folder (created
/// through the admin API) is owned by the API.
#[derive(Debug, Clone, Default)]
pub struct SiteOwners(HashMap<String, Owners>);

impl SiteOwners {
    pub fn new(owners: HashMap<String, Owners>) -> Self {
        Self(owners)
    }

    pub fn of(&self, site: &str, kind: Kind) -> Owner {
        self.0.get(site).copied().unwrap_or_default().of(kind)
    }

    /// 409 `managed_by_files` when the files own `kind` of `site`; `file` names the file to
    /// edit when a single one holds what was asked for (an FAQ article), else the kind's.
    pub fn ensure_api_owned(
        &self,
        site: &str,
        kind: Kind,
        file: Option<&str>,
    ) -> Result<(), AppError> {
        if self.of(site, kind) == Owner::Api {
            return Ok(());
        }
        let file = file.unwrap_or(kind.file());
        Err(AppError::refused(
            StatusCode::CONFLICT,
            ErrorCode::ManagedByFiles,
            format!(
                "{} of site {site} are managed by its files (owners.{}: files in {site}/site.yaml): \
                 edit {site}/{file} in the content directory; it is imported at the next start",
                kind.what(),
                kind.as_str(),
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_defaults_to_the_api() {
        let owners = SiteOwners::default();
        for kind in Kind::ALL {
            assert_eq!(owners.of("any", kind), Owner::Api);
            assert!(owners.ensure_api_owned("any", kind, None).is_ok());
        }
    }

    #[test]
    fn files_owned_kinds_refuse_and_name_the_file() {
        let owners = SiteOwners::new(HashMap::from([(
            "acme".to_owned(),
            Owners {
                surveys: Owner::Files,
                faq: Owner::Files,
                ..Owners::default()
            },
        )]));
        let err = owners
            .ensure_api_owned("acme", Kind::Surveys, None)
            .expect_err("refused");
        assert_eq!(err.status(), StatusCode::CONFLICT);
        let body = err.envelope().error;
        assert_eq!(body.code, ErrorCode::ManagedByFiles);
        assert!(
            body.message.contains("acme/surveys.yaml"),
            "{}",
            body.message
        );
        let faq = owners
            .ensure_api_owned("acme", Kind::Faq, Some("faq/returns.en.md"))
            .expect_err("refused");
        assert!(faq
            .envelope()
            .error
            .message
            .contains("acme/faq/returns.en.md"));
        assert!(owners.ensure_api_owned("acme", Kind::Loyalty, None).is_ok());
        assert!(owners
            .ensure_api_owned("other", Kind::Surveys, None)
            .is_ok());
    }
}
