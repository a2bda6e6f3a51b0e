//! One pack as a checklist: its steps, which are done, and the pack's progress and reward.

use leptos::prelude::*;
use patron_api::onboarding::Pack;

use super::guide::Guide;
use super::i18n::t;
use super::list::{Meter, Reward};
use super::View;
use crate::i18n::{fill, use_i18n};
use crate::kiosk::{HandOff, HandOffView};

#[component]
pub(super) fn Checklist(pack: Pack, guide: Guide) -> impl IntoView {
    let i18n = use_i18n();
    let finished = pack.progress.finished;
    let title = pack.title.clone();
    view! {
        <button type="button" class="pt-guide__crumb" on:click=move |_| guide.show(View::List)>{move || t(i18n).all_guides}</button>
        <h3 class="pt-subtitle" tabindex="-1" data-pt-focus="">{pack.title.clone()}</h3>
        {finished.then(|| view! {
            <div class="pt-guide__finished" role="status" data-testid="guide-finished">
                <p><strong>{move || t(i18n).finished_title}</strong></p>
                <p>{move || fill(t(i18n).finished_text, &[("pack", &title)])}</p>
            </div>
        })}
        <Meter pack=pack.clone()/>
        <Reward pack=pack.clone()/>
        <h4 class="pt-guide__steps-title">{move || t(i18n).steps_title}</h4>
        <ol class="pt-guide__checklist" data-testid="guide-checklist">
            {pack.steps.iter().map(|s| {
                let done = pack.progress.completed.contains(&s.id);
                let (pack_id, step_id) = (pack.id.clone(), s.id.clone());
                view! {
                    <li class:pt-guide__done=done data-step=s.id.clone() data-done=done.to_string()>
                        <button type="button" class="pt-guide__crumb" on:click=move |_| guide.show(View::Step(pack_id.clone(), step_id.clone()))>
                            {s.title.clone()}
                        </button>
                        {done.then(|| view! { <span class="pt-guide__tick">{move || t(i18n).step_done}</span> })}
                    </li>
                }
            }).collect_view()}
        </ol>
        <HandOff view=HandOffView::Guide(pack.id.clone())/>
    }
}
