//! "Continue on your phone": a kiosk shows a QR code that opens the view the shopper is
//! reading (an article, a guide, the points programme) on their own phone, in page mode.
//! `GET /v1/sites/{site}/handoff.svg?view=…` draws it. The code carries where to go and
//! nothing about who: no member, device or session id.

use serde::Deserialize;

use crate::error::FieldCode;
use crate::faq::article_id;
use crate::locale::Locale;
use crate::onboarding::pack_id;
use crate::settings::Module;
use crate::validate::FieldErrors;

/// The query of `GET /v1/sites/{site}/handoff.svg`: which view to hand off.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct HandOff {
    /// `faq` (with `article`), `onboarding` (with `pack`) or `points`.
    pub view: Module,
    /// The article to open, with `view=faq`.
    #[serde(default)]
    pub article: Option<String>,
    /// The guide to open, with `view=onboarding`.
    #[serde(default)]
    pub pack: Option<String>,
    /// The language the phone opens in (the kiosk's).
    #[serde(default)]
    pub locale: Option<Locale>,
}

impl HandOff {
    /// An article or guide needs its id; the survey is not something to carry away.
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errs = FieldErrors::default();
        match (self.view, &self.article, &self.pack) {
            (Module::Faq, Some(article), None) => errs.check("article", article_id(article)),
            (Module::Onboarding, None, Some(pack)) => errs.check("pack", pack_id(pack)),
            (Module::Points, None, None) => {}
            (Module::Survey, ..) => errs.push(
                "view",
                FieldCode::NotAllowed,
                "a survey is answered where it is asked",
            ),
            _ => errs.push(
                "view",
                FieldCode::Mismatch,
                "faq takes an article, onboarding a pack, points neither",
            ),
        }
        errs.into_result()
    }

    /// The widget's page-mode address for this view on `site`, below Patron's `origin`. Every
    /// value is a validated id or a fixed name, so none needs escaping.
    pub fn page_url(&self, origin: &str, site: &str) -> String {
        let mut url = format!(
            "{origin}/widget/?site={site}&mode=page&view={}",
            self.view.as_str()
        );
        if let Some(article) = &self.article {
            url.push_str("&article=");
            url.push_str(article);
        }
        if let Some(pack) = &self.pack {
            url.push_str("&pack=");
            url.push_str(pack);
        }
        if let Some(locale) = self.locale {
            url.push_str("&locale=");
            url.push_str(locale.as_str());
        }
        url
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hand_off(view: Module, article: Option<&str>, pack: Option<&str>) -> HandOff {
        HandOff {
            view,
            article: article.map(str::to_owned),
            pack: pack.map(str::to_owned),
            locale: Some(Locale::ZhTw),
        }
    }

    #[test]
    fn each_view_takes_its_own_id_and_nothing_else() {
        assert!(hand_off(Module::Faq, Some("returns-policy"), None)
            .validate()
            .is_ok());
        assert!(hand_off(Module::Onboarding, None, Some("welcome"))
            .validate()
            .is_ok());
        assert!(hand_off(Module::Points, None, None).validate().is_ok());
        assert!(hand_off(Module::Faq, None, None).validate().is_err());
        assert!(hand_off(Module::Faq, Some("Returns Policy"), None)
            .validate()
            .is_err());
        assert!(hand_off(Module::Faq, Some("a&member=1"), None)
            .validate()
            .is_err());
        assert!(hand_off(Module::Points, Some("x"), None)
            .validate()
            .is_err());
        assert!(hand_off(Module::Survey, None, None).validate().is_err());
    }

    #[test]
    fn the_page_url_names_the_view_and_nothing_about_the_shopper() {
        let url = hand_off(Module::Faq, Some("returns-policy"), None)
            .page_url("https://patron.example.com", "demo");
        assert_eq!(
            url,
            "https://patron.example.com/widget/?site=demo&mode=page&view=faq&article=returns-policy&locale=zh-TW"
        );
        let url = hand_off(Module::Points, None, None).page_url("http://127.0.0.1:8080", "demo");
        assert_eq!(
            url,
            "http://127.0.0.1:8080/widget/?site=demo&mode=page&view=points&locale=zh-TW"
        );
    }
}
