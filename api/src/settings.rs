//! `GET /v1/sites/{site}/settings`: what the widget needs to draw itself for one site.

use crate::error::FieldCode;
use serde::{Deserialize, Serialize};

use crate::locale::{Locale, Localized};
use crate::validate::{self, FieldErrors};

wire_enum! {
    /// The four jobs the widget does. A site enables any subset, in the order it lists them.
    /// On the wire, its `as_str` name.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum Module {
        /// FAQ self-service ("Help").
        Faq = "faq",
        /// Guided onboarding packs ("Getting started").
        Onboarding = "onboarding",
        /// NPS and CSAT micro-surveys ("Feedback").
        Survey = "survey",
        /// Member points and tiers ("My points").
        Points = "points",
    }
}

impl Module {
    pub fn parse(s: &str) -> Option<Module> {
        Module::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

wire_enum! {
    /// How the widget page is shown; chosen by the page URL (`?mode=`). On the wire, its
    /// `as_str` name.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub enum DisplayMode {
        /// Inside the iframe the loader script opens on a retailer's page.
        #[default]
        Embed = "embed",
        /// Full screen in a native app's webview.
        Page = "page",
        /// Full screen on an in-store kiosk: large targets, idle reset.
        Kiosk = "kiosk",
    }
}

wire_enum! {
    /// Light or dark colours for the widget. On the wire, its `as_str` name.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub enum ColorScheme {
        /// Follow the customer's device (`prefers-color-scheme`).
        #[default]
        Auto = "auto",
        /// Always light, whatever the device prefers.
        Light = "light",
        /// Always dark, whatever the device prefers.
        Dark = "dark",
    }
}

serde_by_name!(Module);
serde_by_name!(DisplayMode);
serde_by_name!(ColorScheme);

impl DisplayMode {
    pub fn parse(s: &str) -> Option<DisplayMode> {
        DisplayMode::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

/// Brand colours as `#rrggbb`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Brand {
    /// Header, launcher and primary buttons.
    pub primary: String,
    /// Text and icons drawn on `primary`; must contrast with it.
    pub on_primary: String,
}

/// Public settings of one site. Nothing here is secret: it is readable by any visitor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SiteSettings {
    /// The site id used in URLs (`demo`).
    pub site: String,
    /// The retailer's name shown in the panel header, per locale.
    pub name: Localized,
    /// An absolute `https://` URL or a path on Patron's origin; `None` shows a monogram.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
    pub brand: Brand,
    /// The line under the header on the home screen.
    pub greeting: Localized,
    /// Enabled modules, in display order.
    pub modules: Vec<Module>,
    /// Locales offered to customers; the first the browser prefers wins.
    pub locales: Vec<Locale>,
    /// Used when neither `boot` nor the browser names an offered locale.
    pub default_locale: Locale,
    /// Host page origins allowed to embed the widget (`https://shop.example.com`).
    pub allowed_origins: Vec<String>,
    /// Seconds without input after which a kiosk returns home and forgets the session.
    pub kiosk_idle_seconds: u32,
    /// Light or dark colours: `auto` (the default) follows the customer's device.
    #[serde(default)]
    pub color_scheme: ColorScheme,
}

pub const KIOSK_IDLE_MIN_SECONDS: u32 = 10;
pub const KIOSK_IDLE_MAX_SECONDS: u32 = 3600;
pub const KIOSK_IDLE_DEFAULT_SECONDS: u32 = 90;
pub const NAME_MAX_CHARS: usize = 80;
pub const GREETING_MAX_CHARS: usize = 200;

impl SiteSettings {
    /// Checks every rule; returns all broken rules at once so a content author fixes a file
    /// in one pass.
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errs = FieldErrors::default();
        errs.check("site", validate::site_id(&self.site));
        if self.name.is_empty() {
            errs.push(
                "name",
                FieldCode::Required,
                "a display name is required in at least one locale",
            );
        }
        for locale in Locale::ALL {
            if let Some(n) = self.name.get_exact(locale) {
                errs.check("name", validate::text_len(n, 1, NAME_MAX_CHARS));
            }
            if let Some(g) = self.greeting.get_exact(locale) {
                errs.check("greeting", validate::text_len(g, 0, GREETING_MAX_CHARS));
            }
        }
        if let Some(logo) = &self.logo_url {
            errs.check("logo_url", validate::asset_url(logo));
        }
        errs.check("brand.primary", validate::hex_color(&self.brand.primary));
        errs.check(
            "brand.on_primary",
            validate::hex_color(&self.brand.on_primary),
        );
        if self.modules.is_empty() {
            errs.push("modules", FieldCode::Required, "enable at least one module");
        }
        if has_duplicates(&self.modules) {
            errs.push("modules", FieldCode::Duplicate, "a module is listed twice");
        }
        if self.locales.is_empty() {
            errs.push("locales", FieldCode::Required, "offer at least one locale");
        } else if !self.locales.contains(&self.default_locale) {
            errs.push(
                "default_locale",
                FieldCode::NotOffered,
                "the default locale must be one of `locales`",
            );
        }
        for origin in &self.allowed_origins {
            errs.check("allowed_origins", validate::origin(origin));
        }
        if !(KIOSK_IDLE_MIN_SECONDS..=KIOSK_IDLE_MAX_SECONDS).contains(&self.kiosk_idle_seconds) {
            errs.push(
                "kiosk_idle_seconds",
                FieldCode::OutOfRange,
                format!("must be between {KIOSK_IDLE_MIN_SECONDS} and {KIOSK_IDLE_MAX_SECONDS}"),
            );
        }
        errs.into_result()
    }

    /// Whether a host page at `origin` may embed and command the widget.
    pub fn allows_origin(&self, origin: &str) -> bool {
        self.allowed_origins
            .iter()
            .any(|o| o.eq_ignore_ascii_case(origin))
    }

    /// The locale to use given an explicit choice and the browser's preference list.
    pub fn pick_locale<'a>(
        &self,
        explicit: Option<&str>,
        browser: impl IntoIterator<Item = &'a str>,
    ) -> Locale {
        explicit
            .and_then(Locale::from_tag)
            .filter(|l| self.locales.contains(l))
            .or_else(|| Locale::negotiate(browser, &self.locales))
            .unwrap_or(self.default_locale)
    }
}

fn has_duplicates<T: PartialEq>(items: &[T]) -> bool {
    items
        .iter()
        .enumerate()
        .any(|(i, a)| items[..i].contains(a))
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sample() -> SiteSettings {
        SiteSettings {
            site: "demo".into(),
            name: Localized {
                en: Some("Demo".into()),
                ..Default::default()
            },
            logo_url: None,
            brand: Brand {
                primary: "#c8102e".into(),
                on_primary: "#ffffff".into(),
            },
            greeting: Localized::default(),
            modules: Module::ALL.to_vec(),
            locales: vec![Locale::ZhCn, Locale::En],
            default_locale: Locale::ZhCn,
            allowed_origins: vec!["https://shop.example.com".into()],
            kiosk_idle_seconds: 90,
            color_scheme: ColorScheme::Auto,
        }
    }

    #[test]
    fn sample_is_valid() {
        sample().validate().unwrap();
    }

    #[test]
    fn reports_every_broken_rule() {
        let mut s = sample();
        s.site = "Bad Site".into();
        s.brand.primary = "red".into();
        s.modules = vec![Module::Faq, Module::Faq];
        s.default_locale = Locale::ZhTw;
        s.allowed_origins
            .push("https://shop.example.com/path".into());
        s.kiosk_idle_seconds = 1;
        let errs = s.validate().unwrap_err();
        let fields: Vec<&str> = errs.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "site",
                "brand.primary",
                "modules",
                "default_locale",
                "allowed_origins",
                "kiosk_idle_seconds"
            ]
        );
    }

    #[test]
    fn picks_locale_from_boot_then_browser_then_default() {
        let s = sample();
        assert_eq!(s.pick_locale(Some("en"), ["zh-CN"]), Locale::En);
        // An explicit locale the site does not offer is ignored, not obeyed.
        assert_eq!(s.pick_locale(Some("zh-TW"), ["en-US"]), Locale::En);
        assert_eq!(s.pick_locale(None, ["fr", "zh-SG"]), Locale::ZhCn);
        assert_eq!(s.pick_locale(None, ["fr"]), Locale::ZhCn);
    }

    #[test]
    fn origin_match_is_exact() {
        let s = sample();
        assert!(s.allows_origin("https://shop.example.com"));
        assert!(s.allows_origin("HTTPS://SHOP.EXAMPLE.COM"));
        assert!(!s.allows_origin("https://shop.example.com.evil.test"));
        assert!(!s.allows_origin("http://shop.example.com"));
    }

    #[test]
    fn modes_and_modules_round_trip() {
        for m in Module::ALL {
            assert_eq!(Module::parse(m.as_str()), Some(m));
        }
        assert_eq!(DisplayMode::parse("kiosk"), Some(DisplayMode::Kiosk));
        assert_eq!(DisplayMode::parse("KIOSK"), None);
    }

    #[test]
    fn color_scheme_defaults_to_auto_and_refuses_unknown_names() {
        let mut json = serde_json::to_value(sample()).unwrap();
        json.as_object_mut().unwrap().remove("color_scheme");
        let s: SiteSettings = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(s.color_scheme, ColorScheme::Auto);
        json["color_scheme"] = "dark".into();
        let s: SiteSettings = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(s.color_scheme, ColorScheme::Dark);
        json["color_scheme"] = "night".into();
        assert!(serde_json::from_value::<SiteSettings>(json).is_err());
    }
}
