//! Locales Patron speaks and how a browser's language list maps onto them.

use serde::{Deserialize, Serialize};

wire_enum! {
    /// A locale the widget is translated into. On the wire (and in `<html lang>`), its BCP 47
    /// tag (`as_str`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum Locale {
        /// Simplified Chinese.
        ZhCn = "zh-CN",
        /// Traditional Chinese.
        ZhTw = "zh-TW",
        /// English.
        En = "en",
    }
}

serde_by_name!(Locale);

impl Locale {
    /// Maps one BCP 47 language tag to the closest locale Patron has, if any.
    ///
    /// Traditional script or a region that writes it (TW, HK, MO) gives `zh-TW`; any other
    /// Chinese tag gives `zh-CN`; any English tag gives `en`. Case and `_` separators are
    /// tolerated because native apps and old browsers send them.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let lower = tag.trim().replace('_', "-").to_ascii_lowercase();
        let mut parts = lower.split('-');
        match parts.next()? {
            "en" => Some(Locale::En),
            "zh" => {
                let rest: Vec<&str> = parts.collect();
                if rest.contains(&"hant") {
                    Some(Locale::ZhTw)
                } else if rest.contains(&"hans") {
                    Some(Locale::ZhCn)
                } else if rest.iter().any(|p| matches!(*p, "tw" | "hk" | "mo")) {
                    Some(Locale::ZhTw)
                } else {
                    Some(Locale::ZhCn)
                }
            }
            _ => None,
        }
    }

    /// The first of `tags` (in preference order) that maps to one of `offered`.
    pub fn negotiate<'a>(
        tags: impl IntoIterator<Item = &'a str>,
        offered: &[Locale],
    ) -> Option<Locale> {
        tags.into_iter()
            .filter_map(Locale::from_tag)
            .find(|l| offered.contains(l))
    }
}

impl std::fmt::Display for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Locale {
    type Err = ();

    /// Strict parse of exactly `zh-CN`, `zh-TW` or `en` (case-insensitive).
    fn from_str(s: &str) -> Result<Self, ()> {
        Locale::ALL
            .into_iter()
            .find(|l| l.as_str().eq_ignore_ascii_case(s))
            .ok_or(())
    }
}

/// A text given in some of the locales: the one translated-text type of files, database and
/// wire. Unknown keys are refused (`zh-cn:` or `fr:` in a content file is a mistake to report,
/// not to ignore); a blank text counts as missing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Localized {
    #[serde(rename = "zh-CN", default, skip_serializing_if = "Option::is_none")]
    pub zh_cn: Option<String>,
    #[serde(rename = "zh-TW", default, skip_serializing_if = "Option::is_none")]
    pub zh_tw: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

impl Localized {
    /// The text in exactly `locale`, trimmed; `None` when missing or blank.
    pub fn get_exact(&self, locale: Locale) -> Option<&str> {
        match locale {
            Locale::ZhCn => self.zh_cn.as_deref(),
            Locale::ZhTw => self.zh_tw.as_deref(),
            Locale::En => self.en.as_deref(),
        }
        .map(str::trim)
        .filter(|s| !s.is_empty())
    }

    /// The text in `locale`, else in `fallback`, else in any locale, else "".
    pub fn get(&self, locale: Locale, fallback: Locale) -> &str {
        self.get_exact(locale)
            .or_else(|| self.get_exact(fallback))
            .or_else(|| Locale::ALL.into_iter().find_map(|l| self.get_exact(l)))
            .unwrap_or("")
    }

    pub fn is_empty(&self) -> bool {
        Locale::ALL.into_iter().all(|l| self.get_exact(l).is_none())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_browser_tags() {
        for (tag, want) in [
            ("zh-CN", Some(Locale::ZhCn)),
            ("zh", Some(Locale::ZhCn)),
            ("zh-SG", Some(Locale::ZhCn)),
            ("zh-Hans-HK", Some(Locale::ZhCn)),
            ("zh-TW", Some(Locale::ZhTw)),
            ("zh_HK", Some(Locale::ZhTw)),
            ("zh-Hant", Some(Locale::ZhTw)),
            ("ZH-mo", Some(Locale::ZhTw)),
            ("en-GB", Some(Locale::En)),
            ("EN", Some(Locale::En)),
            ("fr-FR", None),
            ("", None),
        ] {
            assert_eq!(Locale::from_tag(tag), want, "{tag}");
        }
    }

    #[test]
    fn negotiation_respects_preference_order_and_offer() {
        let offered = [Locale::En, Locale::ZhTw];
        assert_eq!(
            Locale::negotiate(["fr", "zh-CN", "en-US"], &offered),
            Some(Locale::En)
        );
        assert_eq!(
            Locale::negotiate(["zh-HK", "en"], &offered),
            Some(Locale::ZhTw)
        );
        assert_eq!(Locale::negotiate(["de"], &offered), None);
    }

    #[test]
    fn strict_parse() {
        assert_eq!("zh-tw".parse::<Locale>(), Ok(Locale::ZhTw));
        assert!("zh".parse::<Locale>().is_err());
    }

    #[test]
    fn localized_falls_back() {
        let t = Localized {
            zh_cn: Some("你好".into()),
            zh_tw: None,
            en: Some("Hi".into()),
        };
        assert_eq!(t.get(Locale::ZhTw, Locale::ZhCn), "你好");
        assert_eq!(t.get(Locale::ZhTw, Locale::En), "Hi");
        let only_en = Localized {
            en: Some("Hi".into()),
            ..Default::default()
        };
        assert_eq!(only_en.get(Locale::ZhCn, Locale::ZhTw), "Hi");
        assert_eq!(Localized::default().get(Locale::En, Locale::En), "");
        assert!(Localized::default().is_empty());
        let blank_zh = Localized {
            zh_cn: Some("  ".into()),
            en: Some(" Hi ".into()),
            ..Default::default()
        };
        assert_eq!(blank_zh.get_exact(Locale::ZhCn), None);
        assert_eq!(blank_zh.get(Locale::ZhCn, Locale::ZhCn), "Hi");
    }

    #[test]
    fn localized_refuses_unknown_keys() {
        let err = serde_json::from_str::<Localized>(r#"{"zh-cn":"a"}"#).unwrap_err();
        assert!(err.to_string().contains("zh-cn"), "{err}");
    }

    #[test]
    fn localized_wire_names() {
        let t: Localized = serde_json::from_str(r#"{"zh-CN":"a","zh-TW":"b","en":"c"}"#).unwrap();
        assert_eq!(
            (t.get_exact(Locale::ZhCn), t.get_exact(Locale::ZhTw)),
            (Some("a"), Some("b"))
        );
    }
}
