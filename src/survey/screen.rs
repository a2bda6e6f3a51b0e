//! The Feedback screen: the card when one is on show (the dock leaves it to this screen while
//! it is open), else a word that nothing is asked now; and answers still waiting to be sent.

use leptos::either::Either;
use leptos::prelude::*;

use super::card::{SurveyCard, Waiting};
use super::i18n::t;
use super::outbox;
use super::state;
use crate::bridge::Bridge;
use crate::i18n::use_i18n;
use crate::session::use_session;

#[component]
pub fn Feedback() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let who = state::start(session, expect_context::<Bridge>());
    let card = state::card();
    let here = Memo::new(move |_| card.with(Option::is_some) && !state::in_dock(session));
    let outbox = outbox::status();
    view! {
        <style>{super::CSS}</style>
        <div class="pt-feedback" data-testid="feedback">
            {move || {
                if here.get() {
                    Either::Left(view! { <SurveyCard who/> })
                } else {
                    Either::Right(view! { <p class="pt-muted" data-testid="survey-none">{move || t(i18n).nothing_due}</p> })
                }
            }}
            {move || {
                let status = outbox.get();
                (status.unsent > 0 && !here.get()).then(|| view! { <Waiting count=status.unsent/> })
            }}
        </div>
    }
}
