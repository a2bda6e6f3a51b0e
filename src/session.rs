//! The customer's session inside the panel: where they are, who they are, and the reset that
//! forgets both (kiosk idle, "Start over").

use leptos::prelude::*;
use patron_api::{Locale, Module};

use crate::i18n::I18n;

/// The screens of the panel. An enum in a signal is all the routing a panel needs, and it
/// leaves the host page's URL and history alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Home,
    Module(Module),
}

impl Screen {
    pub fn name(self) -> &'static str {
        match self {
            Screen::Home => "home",
            Screen::Module(m) => m.as_str(),
        }
    }
}

#[derive(Clone, Copy)]
pub struct Session {
    pub screen: RwSignal<Screen>,
    /// The member token from `boot`; kept in memory only, never in storage or a URL.
    pub member_token: RwSignal<Option<String>>,
    /// Bumped whenever the session is forgotten, so module state keyed on it starts afresh.
    pub epoch: RwSignal<u32>,
    /// The locale a reset returns to.
    pub initial_locale: Locale,
    pub enabled: StoredValue<Vec<Module>>,
}

impl Session {
    pub fn new(initial_locale: Locale, enabled: Vec<Module>) -> Self {
        Session {
            screen: RwSignal::new(Screen::Home),
            member_token: RwSignal::new(None),
            epoch: RwSignal::new(0),
            initial_locale,
            enabled: StoredValue::new(enabled),
        }
    }

    /// Goes to `screen` if the site enables it, then moves keyboard and screen-reader focus to
    /// the new screen's heading so the change is announced.
    pub fn navigate(self, screen: Screen) {
        if let Screen::Module(m) = screen {
            if !self.enabled.with_value(|e| e.contains(&m)) {
                return;
            }
        }
        self.screen.set(screen);
        focus_screen_heading();
    }

    /// Whether anything would be lost by a reset.
    pub fn is_pristine(self, i18n: I18n) -> bool {
        self.screen.get_untracked() == Screen::Home
            && self.member_token.with_untracked(Option::is_none)
            && i18n.0.get_untracked() == self.initial_locale
    }

    /// Forgets everything about the current customer: screen, identity, locale, module state.
    pub fn reset(self, i18n: I18n) {
        self.screen.set(Screen::Home);
        self.member_token.set(None);
        i18n.0.set(self.initial_locale);
        self.epoch.update(|e| *e += 1);
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// Focuses the element marked as the current screen's heading after the next render.
pub fn focus_screen_heading() {
    request_animation_frame(|| {
        let target = document()
            .query_selector("[data-pt-focus]")
            .ok()
            .flatten()
            .and_then(|el| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el).ok());
        if let Some(el) = target {
            let _ = el.focus();
        }
    });
}
