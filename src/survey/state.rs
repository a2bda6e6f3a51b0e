//! The card on show, who answers it, and every step the customer takes, each put in the
//! outbox.

use std::time::Duration;

use leptos::prelude::*;
use patron_api::survey::{
    Context, DisplayEvent, DisplayRequest, FollowUpRequest, ReasonChip, ResponseRequest, Survey,
    Trigger, TriggerKind,
};
use patron_api::Band;
use patron_api::{DisplayMode, Module};
use wasm_bindgen::JsValue;

use super::api;
use super::outbox::{self, Entry, Keep};
use crate::bridge::Bridge;
use crate::i18n::{use_i18n, I18n};
use crate::session::{random_id, Screen, Session};

/// How long the thank-you stays before the card goes.
const THANKS_FOR: Duration = Duration::from_secs(5);

/// The survey on show and how far the customer got.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    pub survey: Survey,
    pub display_id: String,
    pub trigger: Trigger,
    pub context: Context,
    pub step: Step,
    /// The session it was shown in: a kiosk reset (a new session) hides it.
    pub epoch: u32,
    /// The card opened the panel for itself (embed mode, panel closed): done with, it closes
    /// the panel again.
    pub opened_panel: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// The question and its scale.
    Scale,
    /// The score is recorded; the follow-up question of its band, for response `key`, with
    /// the survey's reason chips after a low score (`question` is then ours when the survey
    /// has none).
    FollowUp {
        key: String,
        question: Option<String>,
        reasons: Vec<ReasonChip>,
    },
    Thanks,
}

thread_local! {
    /// One card at a time per page. The dock and the Feedback screen both show it and share no
    /// owner, so it lives here, in a reference-counted signal that neither of them disposes.
    static CARD: ArcRwSignal<Option<Card>> = ArcRwSignal::new(None);
}

/// The card on show, as a handle owned by the calling component.
pub fn card() -> RwSignal<Option<Card>> {
    CARD.with(|c| c.clone().into())
}

fn card_now() -> Option<Card> {
    CARD.with(|c| c.get_untracked())
}

/// A card of this session is on show (reactive). One shown before a kiosk reset is not: the
/// shopper it was for has gone.
pub fn on_show(session: Session) -> bool {
    let epoch = session.epoch.get();
    CARD.with(|c| c.with(|c| c.as_ref().is_some_and(|c| c.epoch == epoch)))
}

fn set_card(card: Option<Card>) {
    CARD.with(|c| c.set(card));
}

/// Whether the dock (below the screen) shows the card, or the Feedback screen does.
pub fn in_dock(session: Session) -> bool {
    session.screen.get() != Screen::Module(Module::Survey)
}

/// Starts the survey module for this page (its outbox, once) and says who answers.
pub fn start(session: Session, bridge: Bridge) -> Respondent {
    let surface = bridge.mode();
    let bridge = StoredValue::new(bridge);
    let keep = match surface {
        DisplayMode::Page => Keep::Storage,
        DisplayMode::Embed => Keep::Loader(bridge),
        DisplayMode::Kiosk => Keep::Memory,
    };
    outbox::start(session.site.get_value(), keep);
    Respondent {
        session,
        surface,
        i18n: use_i18n(),
        bridge,
    }
}

/// Who answers, as every request names them, and the way to the host.
#[derive(Clone, Copy)]
pub struct Respondent {
    pub session: Session,
    pub surface: DisplayMode,
    pub i18n: I18n,
    bridge: StoredValue<Bridge>,
}

impl Respondent {
    pub fn site(self) -> String {
        self.session.site.get_value()
    }

    pub fn token(self) -> Option<String> {
        self.session.member_token.get_untracked()
    }

    fn kiosk(self) -> bool {
        self.surface == DisplayMode::Kiosk
    }

    /// Anonymous pacing outside kiosks: the device id guides use too.
    pub fn device_id(self) -> Option<String> {
        (!self.kiosk()).then(|| crate::device::device_id().0)
    }

    fn emit(self, event: &str, data: JsValue) {
        self.bridge.with_value(|b| b.emit(event, data));
    }

    /// A kiosk is paced by its session, renewed by every reset: the next shopper is asked
    /// afresh.
    pub fn kiosk_session(self) -> Option<String> {
        self.kiosk().then(|| self.session.id.get_untracked())
    }

    fn display(self, card: &Card, event: DisplayEvent) -> Option<Entry> {
        let what = match event {
            DisplayEvent::Shown => "shown",
            DisplayEvent::Dismissed => "dismissed",
        };
        let display = DisplayRequest {
            display_id: card.display_id.clone(),
            survey_id: card.survey.id.clone(),
            event,
            device_id: self.device_id(),
            kiosk_session: self.kiosk_session(),
            surface: self.surface,
            locale: card.survey.locale,
            trigger: card.trigger.clone(),
            variant: card.survey.variant.clone(),
        };
        let path = api::displays_path(&self.site());
        Entry::new(what, &card.display_id, path, &display)
    }
}

/// Shows `survey` on the Feedback screen: in embed mode with the panel closed, the loader
/// opens the panel there (a small prompt beside the launcher did not fit the loader's byte
/// budget); from the home screen, the widget goes there. A customer busy in the panel (in
/// another screen, or in Help, where the trigger came from) is not taken away: the card shows
/// below the screen.
///
/// On a kiosk, either way the session is no longer pristine, so the idle reset renews it and
/// the next shopper can be asked.
pub fn show(who: Respondent, survey: Survey, trigger: Trigger, context: Context) {
    let session = who.session;
    let opened_panel = who.surface == DisplayMode::Embed && !session.panel_open.get_untracked();
    let card = Card {
        survey,
        display_id: random_id(),
        trigger,
        context,
        step: Step::Scale,
        epoch: who.session.epoch.get_untracked(),
        opened_panel,
    };
    outbox::push(who.display(&card, DisplayEvent::Shown), who.token());
    if opened_panel {
        who.emit("survey", JsValue::from_str(&card.survey.id));
    } else if session.screen.get_untracked() == Screen::Home
        && !matches!(
            card.trigger.kind,
            TriggerKind::FaqArticleRead | TriggerKind::ContactSent
        )
    {
        session.navigate(Screen::Module(Module::Survey));
    }
    set_card(Some(card));
}

/// The card goes; if it opened the panel and the customer is still on its screen, the panel
/// closes too.
fn close_card(who: Respondent) {
    let Some(card) = card_now() else { return };
    set_card(None);
    let session = who.session;
    if card.opened_panel
        && session.panel_open.get_untracked()
        && session.screen.get_untracked() == Screen::Module(Module::Survey)
    {
        who.emit("close-request", JsValue::NULL);
    }
}

/// The customer chose `score`: it is recorded at once; the follow-up question of its band,
/// when the survey has one, comes next.
pub fn choose(who: Respondent, score: i32) {
    let Some(card) = card_now().filter(|c| c.step == Step::Scale) else {
        return;
    };
    let key = random_id();
    let response = ResponseRequest {
        idempotency_key: key.clone(),
        survey_id: card.survey.id.clone(),
        kind: card.survey.kind,
        score,
        device_id: who.device_id(),
        kiosk_session: who.kiosk_session(),
        surface: who.surface,
        locale: card.survey.locale,
        trigger: card.trigger.clone(),
        // Added to the JSON by hand (see `Entry::with_context`).
        context: Context::new(),
        display_id: Some(card.display_id.clone()),
        variant: card.survey.variant.clone(),
    };
    let path = api::responses_path(&who.site());
    let entry =
        Entry::new("response", &key, path, &response).map(|e| e.with_context(&card.context));
    outbox::push(entry, who.token());
    let band = card.survey.kind.band(score);
    let question = band.and_then(|band| card.survey.follow_up.get(band));
    let reasons = match band {
        Some(Band::Detractor) => card.survey.reasons,
        _ => Vec::new(),
    };
    set_step(
        who,
        if question.is_none() && reasons.is_empty() {
            Step::Thanks
        } else {
            Step::FollowUp {
                key,
                question: question.map(str::to_owned),
                reasons,
            }
        },
    );
}

/// The follow-up answer and the reason chips chosen, added to the response; neither is a
/// skip.
pub fn add_comment(who: Respondent, comment: String, reasons: Vec<String>) {
    let Some(Step::FollowUp { key, .. }) = card_now().map(|c| c.step) else {
        return;
    };
    // The same respondent as the score's (the server refuses anyone else's comment).
    let follow_up = FollowUpRequest {
        idempotency_key: key,
        comment,
        reasons,
        device_id: who.device_id(),
        kiosk_session: who.kiosk_session(),
        surface: who.surface,
    };
    if follow_up.validate().is_ok() {
        let path = api::follow_ups_path(&who.site());
        let key = &follow_up.idempotency_key;
        outbox::push(Entry::new("follow-up", key, path, &follow_up), who.token());
    }
    set_step(who, Step::Thanks);
}

/// "Not now" on the scale counts as a display for pacing; later it only closes the card.
pub fn dismiss(who: Respondent) {
    if let Some(card) = card_now().filter(|c| c.step == Step::Scale) {
        outbox::push(who.display(&card, DisplayEvent::Dismissed), who.token());
    }
    close_card(who);
}

fn set_step(who: Respondent, step: Step) {
    let thanks = step == Step::Thanks;
    let mut shown = None;
    CARD.with(|c| {
        c.update(|card| {
            if let Some(card) = card {
                card.step = step;
                shown = Some(card.display_id.clone());
            }
        })
    });
    if let (true, Some(display_id)) = (thanks, shown) {
        set_timeout(
            move || {
                let still = card_now()
                    .is_some_and(|c| c.display_id == display_id && c.step == Step::Thanks);
                if still {
                    close_card(who);
                }
            },
            THANKS_FOR,
        );
    }
}
