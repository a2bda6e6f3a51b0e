//! The customer's session inside the panel: where they are, who they are, what they did, and
//! the reset that forgets all of it (kiosk idle, "Start over").

use std::cell::{Cell, RefCell};

use js_sys::Array;
use leptos::prelude::*;
use patron_api::survey::Trigger;
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

/// Where the customer is inside Help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaqView {
    /// Search box, results or categories.
    Browse,
    Article(String),
    Contact,
    /// The contact request was sent; the reference to quote.
    Sent(String),
}

/// What the customer searched and read this session: sent along with a contact request so an
/// agent sees it and the customer never explains twice.
#[derive(Clone, Copy)]
pub struct FaqTrail {
    pub view: RwSignal<FaqView>,
    pub query: RwSignal<String>,
    pub queries: RwSignal<Vec<String>>,
    pub read: RwSignal<Vec<String>>,
}

impl FaqTrail {
    fn new() -> Self {
        FaqTrail {
            view: RwSignal::new(FaqView::Browse),
            query: RwSignal::new(String::new()),
            queries: RwSignal::new(Vec::new()),
            read: RwSignal::new(Vec::new()),
        }
    }

    fn clear(self) {
        self.view.set(FaqView::Browse);
        self.query.set(String::new());
        self.queries.set(Vec::new());
        self.read.set(Vec::new());
    }

    /// Shows `view` inside Help and moves focus to its heading.
    pub fn open(self, view: FaqView) {
        self.view.set(view);
        focus_screen_heading();
    }

    /// Records a settled search. Typing "怎么" then "怎么退货" is one question, not two: a query
    /// that extends the previous one replaces it.
    pub fn record_query(self, q: &str) {
        let q = q.trim();
        if q.is_empty() {
            return;
        }
        self.queries.update(|qs| {
            if qs
                .last()
                .is_some_and(|last| q.starts_with(last.as_str()) || last.starts_with(q))
            {
                qs.pop();
            }
            qs.push(q.to_owned());
            let excess = qs
                .len()
                .saturating_sub(patron_api::faq::CONTEXT_QUERIES_MAX);
            qs.drain(..excess);
        });
    }

    /// Records an article read; true the first time this session.
    pub fn record_read(self, id: &str) -> bool {
        let first = self.read.with_untracked(|r| !r.iter().any(|x| x == id));
        self.read.update(|r| {
            if first && r.len() < patron_api::faq::CONTEXT_ARTICLES_MAX {
                r.push(id.to_owned());
            }
        });
        first
    }
}

thread_local! {
    /// Survey triggers the survey module has not taken yet, oldest first.
    static SURVEY_ASKS: RefCell<Vec<SurveyAsk>> = const { RefCell::new(Vec::new()) };
    /// Told when a trigger arrives: first the shell's survey dock, which loads the survey
    /// chunk; then the survey module itself, which takes the triggers.
    static ON_SURVEY_ASK: Cell<Option<Callback<()>>> = const { Cell::new(None) };
    /// News for the open guide not taken yet (see `Session::guide`).
    static GUIDE_NEWS: RefCell<Option<GuideNews>> = const { RefCell::new(None) };
}

/// What the customer did with a guide step's bubble on the host page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TourAction {
    /// "Next": the step is done, go on.
    Next,
    /// "Previous".
    Back,
    /// Closed the bubble (or pressed Escape).
    Close,
    /// The step's element is not on the page.
    Missing,
}

/// The tour's answer for one step. On the wire (`public/embed/tour.js`) it is
/// `"<action> <step id>"`, neither with spaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TourAnswer {
    pub action: TourAction,
    pub step: String,
}

impl TourAnswer {
    pub fn parse(wire: &str) -> Option<TourAnswer> {
        let (action, step) = wire.split_once(' ')?;
        let action = match action {
            "next" => TourAction::Next,
            "back" => TourAction::Back,
            "close" => TourAction::Close,
            "missing" => TourAction::Missing,
            _ => return None,
        };
        Some(TourAnswer {
            action,
            step: step.to_owned(),
        })
    }
}

/// News for the guide open in "Getting started", relayed by the shell.
#[derive(Debug, Clone, PartialEq)]
pub enum GuideNews {
    /// The host-page tour's answer for a step.
    Tour(TourAnswer),
    /// A host event completed steps: the guide re-reads its progress.
    Reload,
}

/// A host command for the survey module (`patron('track' | 'survey' | 'page' | 'outbox', …)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostAsk {
    /// `track(name, props)`: something happened on the page.
    Track,
    /// `survey(id, {context})`: one survey, by id.
    Survey,
    /// `page(url)`: the page the customer is on.
    Page,
    /// `outbox(json)`: answers the loader kept from an earlier visit.
    Outbox,
}

impl HostAsk {
    pub fn parse(command: &str) -> Option<HostAsk> {
        Some(match command {
            "track" => HostAsk::Track,
            "survey" => HostAsk::Survey,
            "page" => HostAsk::Page,
            "outbox" => HostAsk::Outbox,
            _ => return None,
        })
    }
}

/// Something that may make a survey due. The survey module (its own chunk) asks the server.
#[derive(Debug, Clone, PartialEq)]
pub enum SurveyAsk {
    /// A host command for the survey module, with its arguments as given (the module reads
    /// them: their rules ship with it, not in the first-open module).
    Host(HostAsk, Array),
    /// Something in the widget: an FAQ article read, a contact request sent, time on a page.
    Widget(Trigger),
}

#[derive(Clone, Copy)]
pub struct Session {
    pub site: StoredValue<String>,
    /// A random id for this customer's visit; a new one after every reset.
    pub id: RwSignal<String>,
    pub screen: RwSignal<Screen>,
    /// The member token from `boot`; kept in memory only, never in storage or a URL.
    pub member_token: RwSignal<Option<String>>,
    /// The host's segment from `boot`, for surveys aimed at segments.
    pub segment: RwSignal<Option<String>>,
    /// Bumped whenever the session is forgotten, so module state keyed on it starts afresh.
    pub epoch: RwSignal<u32>,
    pub faq: FaqTrail,
    /// Embed mode: the host shows the panel (between its `open` and `close`). While it does
    /// not, a due survey shows alone, as a prompt beside the launcher.
    pub panel_open: RwSignal<bool>,
    /// Notified when there is news for the open guide (`tell_guide`). A trigger and a slot
    /// rather than a signal of the news: every distinct signal type costs the first-open wasm
    /// its own copy of the signal code.
    pub guide: leptos::prelude::Trigger,
    /// The locale a reset returns to.
    pub initial_locale: Locale,
    pub enabled: StoredValue<Vec<Module>>,
}

impl Session {
    pub fn new(site: String, initial_locale: Locale, enabled: Vec<Module>) -> Self {
        Session {
            site: StoredValue::new(site),
            id: RwSignal::new(random_id()),
            screen: RwSignal::new(Screen::Home),
            member_token: RwSignal::new(None),
            segment: RwSignal::new(None),
            epoch: RwSignal::new(0),
            faq: FaqTrail::new(),
            panel_open: RwSignal::new(false),
            guide: leptos::prelude::Trigger::new(),
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
        // Already there (the host opened the screen the customer is on): keep it as it is
        // rather than rebuild it and lose what the customer was doing in it.
        if self.screen.get_untracked() != screen {
            self.screen.set(screen);
        }
        focus_screen_heading();
    }

    /// Hands a trigger to the survey module, loading it if need be.
    pub fn ask_survey(self, ask: SurveyAsk) {
        SURVEY_ASKS.with_borrow_mut(|asks| asks.push(ask));
        if let Some(on_ask) = ON_SURVEY_ASK.get() {
            on_ask.run(());
        }
    }

    /// Sets who is told when a survey trigger arrives: the shell, which loads the survey
    /// module, then the module itself.
    pub fn on_survey_ask(self, on_ask: Callback<()>) {
        ON_SURVEY_ASK.set(Some(on_ask));
    }

    /// Tells the open guide (the tour answered, or a host event completed steps); the news
    /// waits until the guide takes it, so a guide opened afresh still gets it.
    pub fn tell_guide(self, news: GuideNews) {
        GUIDE_NEWS.set(Some(news));
        self.guide.notify();
    }

    /// The guide's news, once.
    pub fn take_guide_news(self) -> Option<GuideNews> {
        GUIDE_NEWS.take()
    }

    /// The survey triggers not taken yet, oldest first.
    pub fn take_survey_asks(self) -> Vec<SurveyAsk> {
        SURVEY_ASKS.take()
    }

    /// One step back: out of an article or form inside a module first, then to the home screen.
    /// Returns false when already home (the caller may then close the panel).
    pub fn back(self) -> bool {
        match self.screen.get_untracked() {
            Screen::Home => return false,
            Screen::Module(Module::Faq) if self.faq.view.get_untracked() != FaqView::Browse => {
                self.faq.view.set(FaqView::Browse);
                focus_screen_heading();
            }
            Screen::Module(_) => self.navigate(Screen::Home),
        }
        true
    }

    /// Whether anything would be lost by a reset.
    pub fn is_pristine(self, i18n: I18n) -> bool {
        self.screen.get_untracked() == Screen::Home
            && self.member_token.with_untracked(Option::is_none)
            && i18n.0.get_untracked() == self.initial_locale
            && self.faq.queries.with_untracked(Vec::is_empty)
            && self.faq.read.with_untracked(Vec::is_empty)
    }

    /// Forgets everything about the current customer: screen, identity, locale, module state.
    pub fn reset(self, i18n: I18n) {
        self.screen.set(Screen::Home);
        self.member_token.set(None);
        self.faq.clear();
        GUIDE_NEWS.set(None);
        self.id.set(random_id());
        i18n.0.set(self.initial_locale);
        SURVEY_ASKS.with_borrow_mut(Vec::clear);
        self.epoch.update(|e| *e += 1);
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// 128 random bits as 32 hex digits, from the browser's CSPRNG: session ids, idempotency keys.
pub fn random_id() -> String {
    let mut bytes = [0u8; 16];
    if let Ok(crypto) = window().crypto() {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Focuses the element marked as the current screen's heading after the next render.
pub fn focus_screen_heading() {
    // Focus the customer moved on meanwhile (a quick Tab after the panel opened, before the
    // host's `open` command arrived) is theirs: only an unchanged or lost focus is taken.
    let asked_at = document().active_element();
    request_animation_frame(move || {
        let now = document().active_element();
        let body = document().body().map(web_sys::Element::from);
        if now.is_some() && now != asked_at && now != body {
            return;
        }
        // The last marked element is the innermost view's (an article title inside Help).
        let marked = document().query_selector_all("[data-pt-focus]").ok();
        let target = marked
            .and_then(|list| list.get(list.length().checked_sub(1)?))
            .and_then(|el| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el).ok());
        if let Some(el) = target {
            let _ = el.focus();
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_tours_answers() {
        assert_eq!(
            TourAnswer::parse("next member-price"),
            Some(TourAnswer {
                action: TourAction::Next,
                step: "member-price".into(),
            })
        );
        assert_eq!(
            TourAnswer::parse("missing x").map(|a| a.action),
            Some(TourAction::Missing)
        );
        assert_eq!(TourAnswer::parse("jump x"), None);
        assert_eq!(TourAnswer::parse("next"), None);
    }
}
