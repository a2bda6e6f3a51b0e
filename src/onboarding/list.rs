//! "Guides for you": every pack offered to this customer, with its progress and reward.

use leptos::prelude::*;
use patron_api::onboarding::Pack;

use super::guide::Guide;
use super::i18n::t;
use super::View;
use crate::i18n::{fill, use_i18n};

pub(super) fn done_count(pack: &Pack) -> usize {
    pack.steps
        .iter()
        .filter(|s| pack.progress.completed.contains(&s.id))
        .count()
}

fn progress_text(pack: &Pack) -> impl Fn() -> String + Clone + Send + Sync + 'static {
    let i18n = use_i18n();
    let (n, total) = (done_count(pack).to_string(), pack.steps.len().to_string());
    move || fill(t(i18n).progress, &[("n", &n), ("total", &total)])
}

/// The step to open for `pack`: the first not done (resuming), else the first.
fn resume_step(pack: &Pack) -> Option<String> {
    pack.resume_at()
        .or(pack.steps.first())
        .map(|s| s.id.clone())
}

#[component]
pub(super) fn PackList(packs: Vec<Pack>, guide: Guide) -> impl IntoView {
    let i18n = use_i18n();
    let empty = packs.is_empty();
    view! {
        <h3 class="pt-subtitle" tabindex="-1" data-pt-focus="">{move || t(i18n).guides_title}</h3>
        {empty.then(|| view! { <p class="pt-muted" data-testid="guide-empty">{move || t(i18n).empty}</p> })}
        <ul class="pt-guide__packs">
            {packs
                .into_iter()
                .map(|pack| {
                    let id = pack.id.clone();
                    let started = done_count(&pack) > 0;
                    let finished = pack.progress.finished;
                    let open = {
                        let id = id.clone();
                        let step = resume_step(&pack);
                        move |_| match (finished, step.clone()) {
                            (false, Some(step)) => guide.show(View::Step(id.clone(), step)),
                            _ => guide.show(View::Pack(id.clone())),
                        }
                    };
                    let label = move || {
                        let s = t(i18n);
                        if finished { s.all_guides } else if started { s.resume } else { s.start }
                    };
                    let checklist = {
                        let id = id.clone();
                        move |_| guide.show(View::Pack(id.clone()))
                    };
                    view! {
                        <li class="pt-guide__pack" data-testid="guide-pack" data-pack=id.clone()>
                            <button type="button" class="pt-guide__pack-title" on:click=checklist>{pack.title.clone()}</button>
                            <p class="pt-muted">{pack.description.clone()}</p>
                            <Meter pack=pack.clone()/>
                            <Reward pack=pack.clone()/>
                            {(!finished).then(|| view! {
                                <button type="button" class="pt-button pt-button--primary" data-testid="guide-open" on:click=open>{label}</button>
                            })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// "2 of 5 done" with a bar.
#[component]
pub(super) fn Meter(pack: Pack) -> impl IntoView {
    let total = pack.steps.len().max(1);
    let pct = done_count(&pack) * 100 / total;
    let text = progress_text(&pack);
    view! {
        <div class="pt-meter" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=pct
            aria-valuetext=text.clone()>
            <div class="pt-meter__fill" style=format!("width:{pct}%")></div>
        </div>
        <p class="pt-muted" data-testid="guide-progress">{text}</p>
    }
}

/// The pack's reward: offered, granted, or for members only.
#[component]
pub(super) fn Reward(pack: Pack) -> impl IntoView {
    let i18n = use_i18n();
    let points = pack.reward_points.filter(|n| *n > 0)?;
    let n = points.to_string();
    let text = move || {
        let s = t(i18n);
        let message = if pack.progress.reward_granted {
            s.reward_granted
        } else if pack.sign_in_to_earn {
            s.sign_in_to_earn
        } else {
            s.reward_offer
        };
        fill(message.pick(points), &[("n", &n)])
    };
    Some(view! { <p class="pt-guide__reward" data-testid="guide-reward">{text}</p> })
}
