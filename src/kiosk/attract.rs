use leptos::prelude::*;
use patron_api::{Locale, Localized};

use crate::i18n::use_i18n;
use crate::shell::home_heading;

/// The welcome screen a kiosk shows after an idle reset, until the next shopper touches it:
/// the retailer's greeting, large, and a button to start.
#[component]
pub fn Attract(
    /// Shown while true; a touch anywhere sets it false.
    shown: RwSignal<bool>,
    greeting: StoredValue<Localized>,
    default_locale: Locale,
) -> impl IntoView {
    let i18n = use_i18n();
    let start = move |_| {
        shown.set(false);
        crate::session::focus_screen_heading();
    };
    move || {
        shown.get().then(|| {
            view! {
                <div class="pt-attract" data-testid="attract" role="dialog" aria-modal="true"
                    aria-labelledby="pt-attract-title" on:click=start>
                    <h2 id="pt-attract-title" class="pt-attract__title">
                        {move || home_heading(i18n, greeting, default_locale)}
                    </h2>
                    <button class="pt-attract__start" data-pt-focus="">{move || i18n.t().attract_start}</button>
                </div>
            }
        })
    }
}
