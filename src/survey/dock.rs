//! The card's place below the panel's screen. In embed mode with the panel closed the card
//! shows alone instead: the widget hides its own screens and asks the loader to show the
//! iframe as a small prompt beside the launcher, exactly as tall as the card.

use std::cell::Cell;

use leptos::html;
use leptos::prelude::*;
use patron_api::DisplayMode;
use wasm_bindgen::JsValue;

use super::card::SurveyCard;
use super::state;
use crate::bridge::Bridge;
use crate::session::use_session;

/// The body class that hides the panel's header and screens while the card is a prompt.
const PROMPTING_CLASS: &str = "pt-prompting";
/// The first height reported for a prompt, while the frame is still hidden (see `report`).
const FIRST_PROMPT_HEIGHT: i32 = 200;

#[component]
pub fn Dock() -> impl IntoView {
    let session = use_session();
    // Not `use_bridge`: a call from here would keep that helper out of line in the
    // first-open module.
    let bridge = expect_context::<Bridge>();
    let who = state::start(session, bridge.mode());

    // The triggers the shell collected (those from before this chunk arrived included), and
    // from now on each as it arrives.
    let take_asks = Callback::new(move |()| {
        for ask in session.take_survey_asks() {
            state::enqueue(who, ask);
        }
    });
    session.on_survey_ask(take_asks);
    take_asks.run(());
    // A kiosk reset: the shopper who walked away takes their card with them.
    Effect::new(move |last: Option<u32>| {
        let epoch = session.epoch.get();
        if last.is_some_and(|last| last != epoch) {
            state::forget();
        }
        epoch
    });

    let card = state::card();
    let shown = move || card.with(Option::is_some);
    let here = Memo::new(move |_| shown() && state::in_dock(session, who.surface));
    let prompt = Memo::new(move |_| shown() && state::prompting(session, who.surface));
    let dock = NodeRef::<html::Div>::new();
    if who.surface == DisplayMode::Embed {
        report_prompt(prompt, dock, bridge);
    }
    view! {
        <style>{super::CSS}</style>
        <div class="pt-survey-dock" node_ref=dock>
            {move || here.get().then(|| view! { <SurveyCard who/> })}
        </div>
    }
}

/// While the card is a prompt: hides the panel's own parts and tells the loader how tall the
/// card is, whenever that changes; afterwards, that the prompt is over (height 0).
///
/// The loader's frame is hidden until the first report, and a hidden frame lays nothing out:
/// the first report only makes the loader show it. From then on the height is read once a
/// frame (a layout read of one small card) and reported when it changes. (A ResizeObserver
/// would do the same, but every browser API the chunk uses adds its binding to the first-open
/// module; this one needs none that is not there already.)
fn report_prompt(prompt: Memo<bool>, dock: NodeRef<html::Div>, bridge: Bridge) {
    thread_local! {
        static REPORTED: Cell<i32> = const { Cell::new(0) };
    }
    let bridge = StoredValue::new(bridge);
    let report = move |height: i32| {
        if REPORTED.replace(height) != height {
            bridge.with_value(|b| b.emit("prompt", JsValue::from(height)));
        }
    };
    Effect::new(move |_| {
        let now = prompt.get();
        if let Some(body) = document().body() {
            let _ = body.set_attribute("class", if now { PROMPTING_CLASS } else { "" });
        }
        if now {
            report(FIRST_PROMPT_HEIGHT);
            follow_height(prompt, dock, report);
        } else {
            report(0);
        }
    });
}

/// Reports the dock's height every frame while `prompt` holds.
fn follow_height(
    prompt: Memo<bool>,
    dock: NodeRef<html::Div>,
    report: impl Fn(i32) + Copy + 'static,
) {
    request_animation_frame(move || {
        if !prompt.try_get_untracked().unwrap_or(false) {
            return;
        }
        if let Some(height) = dock
            .get_untracked()
            .map(|d| d.offset_height())
            .filter(|h| *h > 0)
        {
            report(height);
        }
        follow_height(prompt, dock, report);
    });
}
