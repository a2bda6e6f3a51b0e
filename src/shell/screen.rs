use leptos::prelude::*;
use patron_api::Module;

use crate::i18n::use_i18n;
use crate::session::use_session;
use crate::shell::chunk::LazyScreen;

/// A module's screen: a back button, its title, and the module's own content.
#[component]
pub fn ModuleScreen(module: Module) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <section class="pt-screen" data-testid=format!("screen-{}", module.as_str())
            aria-labelledby="pt-screen-title">
            <div class="pt-screen__bar">
                <button class="pt-back" data-testid="back" aria-label=move || i18n.t().back
                    on:click=move |_| {
                        session.back();
                    }>
                    <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
                        <path d="M15 5l-7 7 7 7" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>
                    </svg>
                </button>
                <h2 id="pt-screen-title" class="pt-screen-title" tabindex="-1" data-pt-focus="">
                    {move || i18n.t().module_name(module)}
                </h2>
            </div>
            <div class="pt-screen__body"><LazyScreen module/></div>
        </section>
    }
}
