//! The card's place below the panel's screen, and what keeps the survey module going while
//! the page lives: the triggers, the kiosk reset, the panel closing.

use leptos::prelude::*;
use patron_api::DisplayMode;

use super::card::SurveyCard;
use super::state;
use crate::bridge::Bridge;
use crate::session::use_session;

#[component]
pub fn Dock() -> impl IntoView {
    let session = use_session();
    // Not `use_bridge`: a call from here would keep that helper out of line in the
    // first-open module.
    let who = state::start(session, expect_context::<Bridge>());

    // The triggers the shell collected (those from before this chunk arrived included), and
    // from now on each as it arrives.
    let take_asks = Callback::new(move |()| {
        for ask in session.take_survey_asks() {
            state::enqueue(who, ask);
        }
    });
    session.on_survey_ask(take_asks);
    take_asks.run(());
    // A kiosk reset: the shopper who walked away takes their card with them. The host closing
    // the panel with the question unanswered: "Not now".
    let embed = who.surface == DisplayMode::Embed;
    Effect::new(move |last: Option<(u32, bool)>| {
        let now = (session.epoch.get(), session.panel_open.get());
        match last {
            Some((epoch, _)) if epoch != now.0 => state::forget(),
            Some((_, true)) if embed && !now.1 => state::dismiss(who),
            _ => {}
        }
        now
    });

    let card = state::card();
    let here = Memo::new(move |_| card.with(Option::is_some) && state::in_dock(session));
    view! {
        <style>{super::CSS}</style>
        <div class="pt-survey-dock">
            {move || here.get().then(|| view! { <SurveyCard who/> })}
        </div>
    }
}
