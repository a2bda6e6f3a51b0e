//! The Feedback screen: the card when one is on show (the dock leaves it to this screen), else
//! a word that nothing is asked now; and answers still waiting to be sent.

use leptos::prelude::*;

use super::card::{SurveyCard, Waiting};
use super::i18n::t;
use super::outbox;
use super::state;
use crate::bridge::use_bridge;
use crate::i18n::fill;
use crate::session::use_session;

#[component]
pub fn Feedback() -> impl IntoView {
    let session = use_session();
    let who = state::start(session, use_bridge());
    let outbox = outbox::status();
    // Two parts: the card is not rebuilt when the outbox changes (its follow-up may be being
    // typed), the rest is.
    let card = move || state::on_show(session).then(|| view! { <SurveyCard who/> });
    let rest = move || {
        let t = t(who.i18n);
        let unsent = outbox.get().unsent;
        (!state::on_show(session)).then(|| {
            let waiting = (unsent > 0).then(|| {
                view! { <Waiting who text=fill(t.unsent, &[("n", &unsent.to_string())])/> }
            });
            view! {
                <p class="pt-muted" data-testid="survey-none">{t.nothing_due}</p>
                {waiting}
            }
        })
    };
    view! {
        <style>{super::CSS}</style>
        <div class="pt-feedback" data-testid="feedback">{card} {rest}</div>
    }
}
