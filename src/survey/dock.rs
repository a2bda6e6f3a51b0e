//! The card's place below the panel's screen, and what keeps the survey module going while
//! the page lives: the triggers.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::card::SurveyCard;
use super::{ask, state};
use crate::bridge::use_bridge;
use crate::session::{use_session, HostAsk, SurveyAsk};

/// Runs the survey module for the rest of the page's life (called under the shell's owner,
/// whose contexts it uses): the dock is mounted at the end of the panel, below the screens,
/// from here rather than by the shell, so that the first-open module holds no part of it.
pub fn start() {
    thread_local! {
        static STARTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    // Triggers that arrive while the chunk loads ask for it again.
    if STARTED.replace(true) {
        return;
    }
    let panel = document()
        .query_selector_all(".pt-panel")
        .ok()
        .and_then(|found| found.get(0))
        .and_then(|panel| panel.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(panel) = panel {
        // Built and mounted by hand rather than by `mount_to`, which the first-open module
        // would then have to hold; it lives as long as the panel, under the shell's owner.
        let mut dock = view! { <Dock/> }.build();
        dock.mount(&panel, None);
        std::mem::forget(dock);
    }
}

#[component]
fn Dock() -> impl IntoView {
    let session = use_session();
    let who = state::start(session, use_bridge());

    // The triggers the shell collected (those from before this chunk arrived included), and
    // from now on each as it arrives.
    let take_asks = Callback::new(move |()| {
        for ask in session.take_survey_asks() {
            // A host event may also tick off a guide step (`completes_on`). Handed on from
            // here, the chunk every host command loads anyway, so first open pays nothing.
            if let SurveyAsk::Host(HostAsk::Track, args) = &ask {
                if let Some(name) = args.get(0).as_string() {
                    crate::onboarding::host_event(session, who.surface, name);
                }
            }
            ask::enqueue(who, ask);
        }
    });
    session.on_survey_ask(take_asks);
    take_asks.run(());
    let here = move || state::on_show(session) && state::in_dock(session);
    view! {
        <style>{super::CSS}</style>
        <div class="pt-survey-dock">
            {move || here().then(|| view! { <SurveyCard who/> })}
        </div>
    }
}
