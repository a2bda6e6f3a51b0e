//! The root: read the launch URL, load the site's settings, then hand over to the shell.

use leptos::prelude::*;
use patron_api::Locale;

use crate::api::{fetch_settings, ApiError};
use crate::fetch::use_fetch;
use crate::i18n::I18n;
use crate::launch::Launch;
use crate::shell::{Shell, StatusPanel};

/// The browser's preferred languages, most preferred first.
pub fn browser_languages() -> Vec<String> {
    window()
        .navigator()
        .languages()
        .iter()
        .filter_map(|l| l.as_string())
        .collect()
}

fn read_launch() -> Option<Launch> {
    let search = window().location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    Launch::parse(|k| params.get(k)).ok()
}

#[component]
pub fn App() -> impl IntoView {
    let launch = read_launch();
    // Until the site's settings say which locales it offers, speak the host's or browser's
    // choice among all three.
    let langs = browser_languages();
    let first_locale = launch
        .as_ref()
        .and_then(|l| l.locale)
        .or_else(|| Locale::negotiate(langs.iter().map(String::as_str), &Locale::ALL))
        .unwrap_or(Locale::ZhCn);
    let i18n = I18n(RwSignal::new(first_locale));
    provide_context(i18n);
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", i18n.locale().as_str());
        }
        document().set_title(i18n.t().panel_label);
    });

    match launch {
        // Without a site there is nothing to load or retry: the URL itself is wrong.
        None => {
            view! { <StatusPanel error=ApiError::api(400, patron_api::ErrorCode::SiteNotFound)/> }
                .into_any()
        }
        Some(launch) => view! { <SettingsGate launch/> }.into_any(),
    }
}

/// Loads the site's settings; shows loading, then the shell or an error with a retry.
#[component]
fn SettingsGate(launch: Launch) -> impl IntoView {
    let site = launch.site.clone();
    let settings = use_fetch(move || fetch_settings(site.clone()));
    let retry = Callback::new(move |_| settings.reload());
    let launch = StoredValue::new(launch);
    move || {
        if settings.is_loading() {
            return view! { <StatusPanel loading=true/> }.into_any();
        }
        match settings.state.get() {
            Some(Ok(settings)) => view! { <Shell launch=launch.get_value() settings/> }.into_any(),
            Some(Err(error)) => view! { <StatusPanel error on_retry=retry/> }.into_any(),
            None => ().into_any(),
        }
    }
}
