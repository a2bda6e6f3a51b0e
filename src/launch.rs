//! What the page URL tells the widget: which site, which display mode, who the host is.
//!
//! `/widget/?site=demo&mode=embed&host=https%3A%2F%2Fshop.example.com&locale=en`
//! The loader script builds this URL; native apps and kiosks build it by hand. Nothing secret
//! travels in it: the member token only ever arrives by postMessage or the native bridge.

use patron_api::{validate, DisplayMode, Locale, Module};

/// The shortest idle timeout a kiosk URL may ask for (a site's own setting has a higher floor;
/// this one exists so a kiosk operator, or a test, can shorten it on one device).
pub const KIOSK_IDLE_URL_MIN_SECONDS: u32 = 2;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Launch {
    pub site: String,
    pub mode: DisplayMode,
    /// The host page's origin in `embed` mode: the only origin whose messages are obeyed and
    /// the only one messages are posted to.
    pub host_origin: Option<String>,
    /// A locale the host asked for; still subject to the site's offered locales.
    pub locale: Option<Locale>,
    /// Open straight into this module instead of the home screen.
    pub module: Option<Module>,
    /// With `view=faq`: open this article (a kiosk's "Continue on your phone").
    pub article: Option<String>,
    /// With `view=onboarding`: open this guide.
    pub pack: Option<String>,
    /// Per-device override of the site's kiosk idle timeout.
    pub kiosk_idle_seconds: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LaunchError {
    /// No valid `site` parameter: the widget cannot know whose settings to load.
    MissingSite,
}

impl Launch {
    /// Reads the launch parameters through `param`, a lookup into the query string.
    pub fn parse(param: impl Fn(&str) -> Option<String>) -> Result<Launch, LaunchError> {
        let site = param("site")
            .filter(|s| validate::site_id(s).is_ok())
            .ok_or(LaunchError::MissingSite)?;
        let mode = param("mode")
            .and_then(|m| DisplayMode::parse(&m))
            .unwrap_or_default();
        let host_origin = match mode {
            DisplayMode::Embed => param("host").filter(|h| validate::origin(h).is_ok()),
            // Full-screen modes have no parent page to talk to.
            DisplayMode::Page | DisplayMode::Kiosk => None,
        };
        let kiosk_idle_seconds = match mode {
            DisplayMode::Kiosk => param("idle").and_then(|s| s.parse::<u32>().ok()).map(|s| {
                s.clamp(
                    KIOSK_IDLE_URL_MIN_SECONDS,
                    patron_api::settings::KIOSK_IDLE_MAX_SECONDS,
                )
            }),
            _ => None,
        };
        Ok(Launch {
            site,
            mode,
            host_origin,
            locale: param("locale").and_then(|l| Locale::from_tag(&l)),
            module: param("view").and_then(|m| Module::parse(&m)),
            article: param("article").filter(|a| patron_api::faq::article_id(a).is_ok()),
            pack: param("pack").filter(|p| patron_api::onboarding::pack_id(p).is_ok()),
            kiosk_idle_seconds,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(query: &[(&str, &str)]) -> Result<Launch, LaunchError> {
        let owned: Vec<(String, String)> = query
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Launch::parse(|k| {
            owned
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
        })
    }

    #[test]
    fn embed_with_host() {
        let l = parse(&[
            ("site", "demo"),
            ("host", "https://shop.example.com"),
            ("locale", "zh-HK"),
        ])
        .unwrap();
        assert_eq!(l.mode, DisplayMode::Embed);
        assert_eq!(l.host_origin.as_deref(), Some("https://shop.example.com"));
        assert_eq!(l.locale, Some(Locale::ZhTw));
        assert_eq!(l.kiosk_idle_seconds, None);
    }

    #[test]
    fn site_is_required_and_validated() {
        assert_eq!(parse(&[]), Err(LaunchError::MissingSite));
        assert_eq!(parse(&[("site", "../etc")]), Err(LaunchError::MissingSite));
    }

    #[test]
    fn a_malformed_host_is_dropped_not_trusted() {
        let l = parse(&[("site", "demo"), ("host", "*")]).unwrap();
        assert_eq!(l.host_origin, None);
        let l = parse(&[("site", "demo"), ("host", "https://shop.example.com/path")]).unwrap();
        assert_eq!(l.host_origin, None);
    }

    #[test]
    fn full_screen_modes_ignore_host() {
        let l = parse(&[
            ("site", "demo"),
            ("mode", "page"),
            ("host", "https://a.example"),
        ])
        .unwrap();
        assert_eq!((l.mode, l.host_origin), (DisplayMode::Page, None));
    }

    #[test]
    fn kiosk_idle_override_is_clamped_and_kiosk_only() {
        let l = parse(&[("site", "demo"), ("mode", "kiosk"), ("idle", "0")]).unwrap();
        assert_eq!(l.kiosk_idle_seconds, Some(KIOSK_IDLE_URL_MIN_SECONDS));
        let l = parse(&[("site", "demo"), ("mode", "kiosk"), ("idle", "999999")]).unwrap();
        assert_eq!(l.kiosk_idle_seconds, Some(3600));
        let l = parse(&[("site", "demo"), ("mode", "page"), ("idle", "5")]).unwrap();
        assert_eq!(l.kiosk_idle_seconds, None);
    }

    #[test]
    fn a_hand_off_opens_its_article_or_guide_and_ignores_malformed_ids() {
        let l = parse(&[
            ("site", "demo"),
            ("mode", "page"),
            ("view", "faq"),
            ("article", "returns-policy"),
        ])
        .unwrap();
        assert_eq!(
            (l.module, l.article.as_deref()),
            (Some(Module::Faq), Some("returns-policy"))
        );
        let l = parse(&[
            ("site", "demo"),
            ("view", "onboarding"),
            ("pack", "welcome"),
        ])
        .unwrap();
        assert_eq!(l.pack.as_deref(), Some("welcome"));
        let l = parse(&[("site", "demo"), ("article", "<script>"), ("pack", "A B")]).unwrap();
        assert_eq!((l.article, l.pack), (None, None));
    }

    #[test]
    fn unknown_values_fall_back() {
        let l = parse(&[
            ("site", "demo"),
            ("mode", "tv"),
            ("locale", "fr"),
            ("view", "nope"),
        ])
        .unwrap();
        assert_eq!(
            (l.mode, l.locale, l.module),
            (DisplayMode::Embed, None, None)
        );
    }
}
