use leptos::prelude::*;
use patron_api::{DisplayMode, Localized};

use crate::bridge::use_bridge;
use crate::i18n::use_i18n;
use crate::session::use_session;

/// The panel header: the retailer's logo and name, and the way out (close, or "Start over" on
/// a kiosk, where there is nothing to close to).
#[component]
pub fn Header(
    mode: DisplayMode,
    name: Localized,
    logo_url: Option<String>,
    default_locale: patron_api::Locale,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let bridge = use_bridge();
    let name = StoredValue::new(name);
    let title = move || name.with_value(|n| n.get(i18n.locale(), default_locale).to_owned());
    let logo = match logo_url {
        // The name is right beside it, so the image is decorative.
        Some(src) => view! { <img class="pt-header__logo" src=src alt="" width="32" height="32"/> }
            .into_any(),
        None => view! {
            <span class="pt-header__monogram" aria-hidden="true">
                {move || title().chars().next().map(String::from).unwrap_or_default()}
            </span>
        }
        .into_any(),
    };
    let action = match mode {
        DisplayMode::Kiosk => view! {
            <button class="pt-header__action pt-header__action--text" data-testid="start-over"
                on:click=move |_| {
                    session.reset(i18n);
                    crate::session::focus_screen_heading();
                }>
                {move || i18n.t().start_over}
            </button>
        }
            .into_any(),
        DisplayMode::Embed | DisplayMode::Page => view! {
            <button class="pt-header__action" data-testid="close" aria-label=move || i18n.t().close
                on:click=move |_| bridge.emit("close-request", wasm_bindgen::JsValue::NULL)>
                <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
                    <path d="M6 6l12 12M18 6L6 18" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>
                </svg>
            </button>
        }
            .into_any(),
    };
    view! {
        <header class="pt-header">
            {logo}
            <h1 class="pt-header__title">{title}</h1>
            {action}
        </header>
    }
}
