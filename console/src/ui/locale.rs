//! The console's language: the menu, and the choice remembered on this browser and, signed in,
//! with the account.

use leptos::prelude::*;
use patron_api::console::{ConsoleSession, Preferences};
use patron_api::{paths, Locale};

use crate::api;
use crate::i18n::{use_i18n, I18n};
use crate::session::use_session;
use crate::ui::Common;

const LOCALE_KEY: &str = "patron-console-locale";

/// The language chosen on this browser before signing in.
pub fn stored_locale() -> Option<Locale> {
    let value = window()
        .local_storage()
        .ok()??
        .get_item(LOCALE_KEY)
        .ok()??;
    Locale::ALL.into_iter().find(|l| l.as_str() == value)
}

/// Switches the language, remembers it on this browser and, signed in, with the account.
pub fn choose_locale(i18n: I18n, locale: Locale) {
    i18n.locale.set(locale);
    if let Some(storage) = window().local_storage().ok().flatten() {
        let _ = storage.set_item(LOCALE_KEY, locale.as_str());
    }
    if use_session().current.get_untracked().is_some() {
        leptos::task::spawn_local(async move {
            let _ =
                api::put::<_, ConsoleSession>(paths::CONSOLE_PREFERENCES, &Preferences { locale })
                    .await;
        });
    }
}

/// The language menu (each language named in itself).
#[component]
pub fn LocaleSelect() -> impl IntoView {
    let i18n = use_i18n();
    let names = [
        (Locale::ZhCn, "简体中文"),
        (Locale::ZhTw, "繁體中文"),
        (Locale::En, "English"),
    ];
    view! {
        <label class="pc-locale">
            <span>{move || i18n.t(Common::Language)}</span>
            <select on:change=move |ev| {
                let value = event_target_value(&ev);
                if let Some(l) = Locale::ALL.into_iter().find(|l| l.as_str() == value) {
                    choose_locale(i18n, l);
                }
            }>
                {names.into_iter().map(|(locale, name)| view! {
                    <option value=locale.as_str() lang=locale.as_str()
                        selected=move || i18n.locale.get() == locale>{name}</option>
                }).collect_view()}
            </select>
        </label>
    }
}
