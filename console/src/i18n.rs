//! The translation layer. Every user-visible string of the console is a message: a variant of
//! an enum declared with `messages!`, with its English, Simplified Chinese and Traditional
//! Chinese text side by side, so a message cannot miss a locale and a view cannot name a
//! message that does not exist. Each screen declares its own enum in its own folder, so its
//! texts ship in its own wasm chunk.

use leptos::prelude::*;
use patron_api::Locale;

/// A message in every locale.
pub trait Message: Copy + 'static {
    fn text(self, locale: Locale) -> &'static str;
}

/// `messages! { Enum { Key => "en", "zh-CN", "zh-TW"; … } }` declares the enum, its texts and
/// the test that they are complete (one `messages!` per module).
macro_rules! messages {
    ($name:ident { $($key:ident => $en:literal, $cn:literal, $tw:literal;)* }) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $name { $($key,)* }

        impl $name {
            #[allow(dead_code)]
            pub const ALL: &'static [$name] = &[$($name::$key,)*];
        }

        /// Every message has a text in every locale, and the Chinese ones are translated.
        #[cfg(test)]
        #[test]
        fn every_locale_is_complete() {
            $crate::i18n::tests::complete($name::ALL);
        }

        impl $crate::i18n::Message for $name {
            fn text(self, locale: patron_api::Locale) -> &'static str {
                match (self, locale) {
                    $(
                        ($name::$key, patron_api::Locale::ZhCn) => $cn,
                        ($name::$key, patron_api::Locale::ZhTw) => $tw,
                        ($name::$key, _) => $en,
                    )*
                }
            }
        }
    };
}
pub(crate) use messages;

/// The console's language: from the signed-in user's preference, else the browser's.
#[derive(Clone, Copy)]
pub struct I18n {
    pub locale: RwSignal<Locale>,
}

impl I18n {
    /// The message in the current locale (reactive: read it inside a closure).
    pub fn t(&self, message: impl Message) -> &'static str {
        message.text(self.locale.get())
    }

    /// The message with `{n}` replaced by `n`.
    pub fn tn(&self, message: impl Message, n: impl std::fmt::Display) -> String {
        fill(self.t(message), &[("n", &n.to_string())])
    }
}

/// `template` with each `{name}` replaced by its value (`fill("{score} of {max}", &[("score",
/// "4"), ("max", "5")])`).
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_owned(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

pub fn provide_i18n(initial: Locale) -> I18n {
    let i18n = I18n {
        locale: RwSignal::new(initial),
    };
    // The page's language follows the choice, for screen readers and fonts.
    Effect::new(move || {
        let lang = i18n.locale.get().as_str();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang);
        }
    });
    provide_context(i18n);
    i18n
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// The browser's preferred locale Patron has, else Simplified Chinese.
pub fn browser_locale() -> Locale {
    let navigator = window().navigator();
    navigator
        .languages()
        .iter()
        .filter_map(|tag| tag.as_string())
        .chain(navigator.language())
        .find_map(|tag| Locale::from_tag(&tag))
        .unwrap_or(Locale::ZhCn)
}

#[cfg(test)]
pub mod tests {
    use super::Message;
    use patron_api::Locale;

    /// Every message has a text in every locale, and the Chinese ones are translated.
    pub fn complete<M: Message + std::fmt::Debug>(all: &[M]) {
        for &m in all {
            for locale in Locale::ALL {
                assert!(!m.text(locale).trim().is_empty(), "{m:?} in {locale:?}");
            }
            let en = m.text(Locale::En);
            let ascii_ok = en.chars().all(|c| !c.is_alphabetic()) || en.len() <= 4;
            if !ascii_ok {
                assert_ne!(m.text(Locale::ZhCn), en, "{m:?} untranslated in zh-CN");
            }
        }
    }
}
