use leptos::prelude::*;
use patron_api::{Locale, Localized, Module};

use crate::i18n::{use_i18n, I18n};
use crate::session::{use_session, Screen};
use crate::shell::chunk;

/// The site's greeting in the current locale, or "How can we help?" without one.
pub fn home_heading(
    i18n: I18n,
    greeting: StoredValue<Localized>,
    default_locale: Locale,
) -> String {
    let g = greeting.with_value(|g| g.get(i18n.locale(), default_locale).to_owned());
    if g.is_empty() {
        i18n.t().modules_heading.to_owned()
    } else {
        g
    }
}

/// The first screen: a greeting and one large button per enabled module.
#[component]
pub fn Home(greeting: Localized, default_locale: Locale) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let greeting = StoredValue::new(greeting);
    let heading = move || home_heading(i18n, greeting, default_locale);
    let modules = session.enabled.get_value();
    let guides = modules.contains(&Module::Onboarding);
    view! {
        <section class="pt-home" data-testid="home" aria-labelledby="pt-home-title">
            <h2 id="pt-home-title" class="pt-screen-title" tabindex="-1" data-pt-focus="">{heading}</h2>
            {guides.then(|| view! { <crate::onboarding::Suggestion/> })}
            <ul class="pt-modules">
                {modules
                    .into_iter()
                    .map(|module| {
                        view! {
                            <li>
                                <button class=format!("pt-module pt-module--{}", module.as_str())
                                    on:pointerenter=move |_| chunk::preload(module)
                                    on:focus=move |_| chunk::preload(module)
                                    data-testid=format!("module-{}", module.as_str())
                                    on:click=move |_| session.navigate(Screen::Module(module))>
                                    <ModuleIcon module/>
                                    <span class="pt-module__text">
                                        <span class="pt-module__name">{move || i18n.t().module_name(module)}</span>
                                        <span class="pt-module__hint">{move || i18n.t().module_hint(module)}</span>
                                    </span>
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// A simple line icon per module; decorative, the label says what it is.
#[component]
fn ModuleIcon(module: Module) -> impl IntoView {
    let path = match module {
        Module::Faq => {
            "M12 3a9 9 0 100 18 9 9 0 000-18zm0 13v.5M9.5 9.5a2.5 2.5 0 114 2c-.9.6-1.5 1.2-1.5 2.5"
        }
        Module::Onboarding => "M5 4h14v16H5zM8 9l2 2 4-4M8 15h8",
        Module::Survey => "M4 5h16v11H8l-4 4zM8 10h.01M12 10h.01M16 10h.01",
        Module::Points => {
            "M12 3l2.6 5.6 6.1.7-4.5 4.2 1.2 6L12 16.6 6.6 19.5l1.2-6L3.3 9.3l6.1-.7z"
        }
    };
    view! {
        <svg class="pt-module__icon" viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">
            <path d=path fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"/>
        </svg>
    }
}
