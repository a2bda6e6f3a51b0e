//! The translation layer. Every user-visible string of the widget lives here, once per locale.
//!
//! A locale is a `Strings` value: a struct with one field per message, so a message missing in
//! any locale is a compile error, and a component cannot name a key that does not exist. We
//! chose this over leptos_i18n because that crate pulls ICU data and leptos-use into the wasm,
//! which the first-open budget cannot carry; three tables of `&'static str` cost almost
//! nothing. A message that depends on a count is a `Plural` (English's two forms; Chinese has
//! one).

use leptos::prelude::*;
use patron_api::{ErrorCode, Locale, Module};

/// Declares a table struct (`Strings`, or a module's own): plain messages, then those that
/// depend on a count (`plural { … }`, each a `Plural`). Its `all` lists every text with its name
/// (both forms of a plural) and `plurals` the plural messages, so that a test checks every
/// locale without a hand-kept list.
macro_rules! messages {
    ($table:ident { $($name:ident),* $(,)? } $(plural { $($plural:ident),* $(,)? })?) => {
        pub struct $table {
            $(pub $name: &'static str,)*
            $($(pub $plural: $crate::i18n::Plural,)*)?
        }

        impl $table {
            #[cfg(test)]
            pub fn all(&self) -> Vec<(&'static str, &'static str)> {
                vec![
                    $((stringify!($name), self.$name),)*
                    $($(
                        (concat!(stringify!($plural), " (one)"), self.$plural.one),
                        (concat!(stringify!($plural), " (other)"), self.$plural.other),
                    )*)?
                ]
            }

            #[cfg(test)]
            pub fn plurals(&self) -> Vec<(&'static str, $crate::i18n::Plural)> {
                vec![$($((stringify!($plural), self.$plural),)*)?]
            }
        }
    };
}
pub(crate) use messages;

/// A message that depends on a count: English says "Earn 1 point" and "Earn 2 points".
/// Chinese has no plural forms, so its tables give one text for both (`Plural::same`). Two
/// forms cover the widget's three locales; a locale with more (Russian, Arabic) would add
/// fields here and its rule to `pick`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Plural {
    /// For a count of exactly 1.
    pub one: &'static str,
    /// For every other count (0 included: "0 points").
    pub other: &'static str,
}

impl Plural {
    /// A message with the same text for every count.
    pub const fn same(text: &'static str) -> Plural {
        Plural {
            one: text,
            other: text,
        }
    }

    /// The form for `n` items.
    pub fn pick(self, n: i64) -> &'static str {
        if n == 1 {
            self.one
        } else {
            self.other
        }
    }
}

/// A module's own message table, shipped in the module's chunk instead of the first-open wasm:
/// the table (as `messages!`), `t(i18n)` and `strings(locale)` over the module's `EN`, `ZH_CN`
/// and `ZH_TW` consts, and the test that every locale is complete and translated.
macro_rules! module_messages {
    ($table:ident { $($name:ident),* $(,)? } $(plural { $($plural:ident),* $(,)? })?) => {
        $crate::i18n::messages! { $table { $($name),* } $(plural { $($plural),* })? }

        /// This module's strings in the current locale; reactive, like `I18n::t`.
        pub fn t(i18n: $crate::i18n::I18n) -> &'static $table {
            strings(i18n.locale())
        }

        fn strings(locale: patron_api::Locale) -> &'static $table {
            match locale {
                patron_api::Locale::En => &EN,
                patron_api::Locale::ZhCn => &ZH_CN,
                patron_api::Locale::ZhTw => &ZH_TW,
            }
        }

        #[cfg(test)]
        #[test]
        fn every_locale_is_complete_and_translated() {
            $crate::i18n::tests::check_translated(
                &patron_api::Locale::ALL.map(|l| (l, strings(l).all())),
            );
            $crate::i18n::tests::check_plurals(
                &patron_api::Locale::ALL.map(|l| (l, strings(l).plurals())),
            );
        }
    };
}
pub(crate) use module_messages;

messages! {
    Strings {
        panel_label,
        close,
        back,
        start_over,
        loading,
        retry,
        modules_heading,
        guide_suggestion,
        module_faq,
        module_faq_hint,
        module_onboarding,
        module_onboarding_hint,
        module_survey,
        module_survey_hint,
        module_points,
        module_points_hint,
        error_title,
        error_network,
        error_site_unknown,
        error_host_not_allowed,
        error_server,
        error_busy,
        idle_title,
        still_here,
        attract_start,
    }
    plural {
        idle_countdown,
    }
}

pub const EN: Strings = Strings {
    panel_label: "Customer service",
    close: "Close",
    back: "Back",
    start_over: "Start over",
    loading: "Loading…",
    retry: "Try again",
    modules_heading: "How can we help?",
    guide_suggestion: "Continue: {pack} ({n} of {total})",
    module_faq: "Help",
    module_faq_hint: "Answers to common questions",
    module_onboarding: "Getting started",
    module_onboarding_hint: "Short guides for new customers",
    module_survey: "Feedback",
    module_survey_hint: "Tell us how we are doing",
    module_points: "My points",
    module_points_hint: "Balance, tier and rewards",
    error_title: "Something is not working",
    error_network:
        "We cannot reach customer service right now. Please check your connection and try again.",
    error_site_unknown: "This help centre is not available at the moment.",
    error_host_not_allowed: "Customer service is not available on this page.",
    error_server: "Something went wrong on our side. Please try again in a moment.",
    error_busy: "Too many requests from this network just now. Please wait a moment and try again.",
    idle_title: "Are you still there?",
    still_here: "I'm still here",
    attract_start: "Touch to start",
    idle_countdown: Plural {
        one: "Starting over in {n} second.",
        other: "Starting over in {n} seconds.",
    },
};

pub const ZH_CN: Strings = Strings {
    panel_label: "客户服务",
    close: "关闭",
    back: "返回",
    start_over: "重新开始",
    loading: "加载中…",
    retry: "重试",
    modules_heading: "有什么可以帮您?",
    guide_suggestion: "继续：{pack}（{n}/{total}）",
    module_faq: "帮助中心",
    module_faq_hint: "常见问题解答",
    module_onboarding: "新手指南",
    module_onboarding_hint: "新用户的简短教程",
    module_survey: "意见反馈",
    module_survey_hint: "告诉我们您的感受",
    module_points: "我的积分",
    module_points_hint: "积分、会员等级与礼品",
    error_title: "出了点问题",
    error_network: "暂时无法连接客服,请检查网络后重试。",
    error_site_unknown: "该帮助中心暂不可用。",
    error_host_not_allowed: "此页面暂不提供客服服务。",
    error_server: "我们这边出了点问题,请稍后重试。",
    error_busy: "当前网络的请求过于频繁,请稍等片刻再试。",
    idle_title: "您还在吗?",
    still_here: "我还在",
    attract_start: "轻触屏幕开始",
    idle_countdown: Plural::same("{n} 秒后将重新开始。"),
};

pub const ZH_TW: Strings = Strings {
    panel_label: "客戶服務",
    close: "關閉",
    back: "返回",
    start_over: "重新開始",
    loading: "載入中…",
    retry: "重試",
    modules_heading: "有什麼可以幫您?",
    guide_suggestion: "繼續：{pack}（{n}/{total}）",
    module_faq: "幫助中心",
    module_faq_hint: "常見問題解答",
    module_onboarding: "新手指南",
    module_onboarding_hint: "新用戶的簡短教學",
    module_survey: "意見回饋",
    module_survey_hint: "告訴我們您的感受",
    module_points: "我的積分",
    module_points_hint: "積分、會員等級與禮品",
    error_title: "出了點問題",
    error_network: "暫時無法連線客服,請檢查網路後重試。",
    error_site_unknown: "該幫助中心暫不可用。",
    error_host_not_allowed: "此頁面暫不提供客服服務。",
    error_server: "我們這邊出了點問題,請稍後重試。",
    error_busy: "目前網路的請求過於頻繁,請稍等片刻再試。",
    idle_title: "您還在嗎?",
    still_here: "我還在",
    attract_start: "輕觸螢幕開始",
    idle_countdown: Plural::same("{n} 秒後將重新開始。"),
};

pub fn strings(locale: Locale) -> &'static Strings {
    match locale {
        Locale::En => &EN,
        Locale::ZhCn => &ZH_CN,
        Locale::ZhTw => &ZH_TW,
    }
}

impl Strings {
    pub fn module_name(&self, module: Module) -> &'static str {
        match module {
            Module::Faq => self.module_faq,
            Module::Onboarding => self.module_onboarding,
            Module::Survey => self.module_survey,
            Module::Points => self.module_points,
        }
    }

    pub fn module_hint(&self, module: Module) -> &'static str {
        match module {
            Module::Faq => self.module_faq_hint,
            Module::Onboarding => self.module_onboarding_hint,
            Module::Survey => self.module_survey_hint,
            Module::Points => self.module_points_hint,
        }
    }

    /// The customer-facing sentence for an API error code (the server's own message is for
    /// developers and is never shown).
    pub fn error_message(&self, code: Option<ErrorCode>) -> &'static str {
        match code {
            None => self.error_network,
            Some(ErrorCode::SiteNotFound) => self.error_site_unknown,
            Some(ErrorCode::OriginNotAllowed) => self.error_host_not_allowed,
            // A shared network (a mall's Wi-Fi, a kiosk) went over its request budget: the
            // customer did nothing wrong and only has to wait.
            Some(ErrorCode::RateLimited) => self.error_busy,
            Some(_) => self.error_server,
        }
    }
}

/// The current locale, provided by the shell.
#[derive(Clone, Copy)]
pub struct I18n(pub RwSignal<Locale>);

impl I18n {
    pub fn locale(self) -> Locale {
        self.0.get()
    }

    /// The strings of the current locale; reactive.
    pub fn t(self) -> &'static Strings {
        strings(self.0.get())
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// `{name}` in `template` replaced by each value, e.g. `fill("{n} points", &[("n", "20")])`.
/// One pass over the template: braces inside a value (a reward's name) stay as they are.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').and_then(|close| {
            let name = &after[..close];
            values
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (close, *v))
        }) {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn fills_placeholders() {
        assert_eq!(
            fill(
                "Spend {amount} to reach {tier}",
                &[("amount", "¥1"), ("tier", "Gold")]
            ),
            "Spend ¥1 to reach Gold"
        );
        assert_eq!(fill("{n} and {n}", &[("n", "2")]), "2 and 2");
        assert_eq!(
            fill("{reward} for {n}", &[("reward", "{n} off"), ("n", "5")]),
            "{n} off for 5"
        );
        assert_eq!(fill("{x} {", &[("n", "5")]), "{x} {");
    }

    /// The `{name}` placeholders of a message, sorted.
    fn placeholders(m: &str) -> Vec<&str> {
        let mut out: Vec<&str> = m
            .split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(name, _)| name))
            .collect();
        out.sort_unstable();
        out
    }

    /// Every message of every locale is non-empty, has the English message's placeholders and
    /// no others, and the Chinese tables are Chinese, not copies of the English one. `tables`
    /// is each locale with its table's `all()`.
    pub(crate) fn check_translated(tables: &[(Locale, Vec<(&'static str, &'static str)>)]) {
        let (_, en) = tables
            .iter()
            .find(|(l, _)| *l == Locale::En)
            .expect("an English table");
        for (locale, table) in tables {
            assert_eq!(table.len(), en.len(), "{locale}");
            for (i, (name, m)) in table.iter().enumerate() {
                assert!(!m.trim().is_empty(), "{name} is empty in {locale}");
                assert_eq!(
                    placeholders(m),
                    placeholders(en[i].1),
                    "{name}'s placeholders in {locale}"
                );
                if *locale != Locale::En {
                    assert_ne!(*m, en[i].1, "{name} in {locale} is the English text");
                    let has_chinese = m.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
                    assert!(has_chinese, "{name} in {locale} has no Chinese");
                }
            }
        }
    }

    /// Every plural message has English forms that differ (else it needs no plural) with the
    /// same placeholders, and one text in Chinese, which has no plural forms.
    pub(crate) fn check_plurals(tables: &[(Locale, Vec<(&'static str, Plural)>)]) {
        for (locale, table) in tables {
            for (name, p) in table {
                assert_eq!(
                    placeholders(p.one),
                    placeholders(p.other),
                    "{name}'s forms in {locale}"
                );
                match locale {
                    Locale::En => assert_ne!(p.one, p.other, "{name} has one English form"),
                    Locale::ZhCn | Locale::ZhTw => {
                        assert_eq!(p.one, p.other, "{name} has plural forms in {locale}")
                    }
                }
            }
        }
    }

    #[test]
    fn every_locale_is_complete_and_translated() {
        check_translated(&Locale::ALL.map(|l| (l, strings(l).all())));
        check_plurals(&Locale::ALL.map(|l| (l, strings(l).plurals())));
    }

    #[test]
    fn plural_messages_agree_with_their_count() {
        let earn = Plural {
            one: "Earn {n} point",
            other: "Earn {n} points",
        };
        let text = |n: i64| fill(earn.pick(n), &[("n", &n.to_string())]);
        assert_eq!(text(1), "Earn 1 point");
        assert_eq!(text(2), "Earn 2 points");
        assert_eq!(text(0), "Earn 0 points");
        let zh = Plural::same("可得 {n} 积分");
        assert_eq!(zh.pick(1), zh.pick(2));
    }

    #[test]
    fn traditional_differs_from_simplified_where_the_script_does() {
        // 帮助 / 幫助, 积分 / 積分: a copy-paste of the simplified table would fail here.
        assert_ne!(ZH_CN.module_faq, ZH_TW.module_faq);
        assert_ne!(ZH_CN.module_points, ZH_TW.module_points);
        assert_ne!(ZH_CN.close, ZH_TW.close);
    }

    #[test]
    fn error_codes_map_to_customer_sentences() {
        assert_eq!(EN.error_message(None), EN.error_network);
        assert_eq!(
            EN.error_message(Some(ErrorCode::SiteNotFound)),
            EN.error_site_unknown
        );
        assert_eq!(EN.error_message(Some(ErrorCode::Internal)), EN.error_server);
        assert_eq!(
            EN.error_message(Some(ErrorCode::RateLimited)),
            EN.error_busy
        );
    }
}
