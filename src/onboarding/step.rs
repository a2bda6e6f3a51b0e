//! One step: its text and image, its action, "Mark as done", and Previous / Next.

use leptos::prelude::*;
use patron_api::onboarding::{Action, Pack, Via};
use patron_api::{DisplayMode, Module};

use super::checklist::Checklist;
use super::guide::Guide;
use super::i18n::t;
use super::View;
use crate::bridge::use_bridge;
use crate::i18n::{fill, use_i18n};
use crate::session::{FaqView, Screen};

#[component]
pub(super) fn StepView(pack: Pack, step: String, guide: Guide) -> impl IntoView {
    let i18n = use_i18n();
    let session = guide.session;
    let Some(index) = pack.steps.iter().position(|s| s.id == step) else {
        return view! { <Checklist pack guide/> }.into_any();
    };
    let s = pack.steps[index].clone();
    let total = pack.steps.len();
    let done = pack.progress.completed.contains(&s.id);
    let count = move || {
        fill(
            t(i18n).step_count,
            &[
                ("n", &(index + 1).to_string()),
                ("total", &total.to_string()),
            ],
        )
    };
    let goto = {
        let pack = pack.clone();
        move |i: usize| guide.show(View::Step(pack.id.clone(), pack.steps[i].id.clone()))
    };
    let (pack_id, step_id) = (pack.id.clone(), s.id.clone());
    let complete = {
        let (pack_id, step_id) = (pack_id.clone(), step_id.clone());
        move |via: Via, then_next: bool| {
            guide.complete(pack_id.clone(), step_id.clone(), via, then_next)
        }
    };
    let missing = {
        let step_id = step_id.clone();
        move || guide.missing.with(|m| m.contains(&step_id))
    };

    let action = match s.action.clone() {
        Action::None => None,
        Action::Faq { article } => {
            let complete = complete.clone();
            Some(view! {
                <button type="button" class="pt-button" data-testid="guide-action" on:click=move |_| {
                    complete(Via::Action, false);
                    session.faq.view.set(FaqView::Article(article.clone()));
                    session.navigate(Screen::Module(Module::Faq));
                }>{move || t(i18n).open_article}</button>
            }.into_any())
        }
        Action::Url { url } => {
            let complete = complete.clone();
            let href = host_url(&url, use_bridge().host_origin());
            Some(view! {
                <a class="pt-button" data-testid="guide-action" href=href target="_top" rel="noopener"
                    on:click=move |_| complete(Via::Action, false)>{move || t(i18n).open_page}</a>
            }.into_any())
        }
        Action::Highlight { text, .. } => {
            let show_me = {
                let pack = pack.clone();
                let step_id = step_id.clone();
                move |_| guide.start_tour(&pack, &step_id)
            };
            let embed = guide.mode == DisplayMode::Embed;
            let text_shown = {
                let missing = missing.clone();
                move || !embed || missing()
            };
            Some(view! {
                <Show when=text_shown.clone()>
                    <p class="pt-guide__hint" data-testid="guide-hint">
                        {let missing = missing.clone(); move || missing().then(|| t(i18n).not_on_page)}
                        " "
                        {text.clone()}
                    </p>
                </Show>
                {embed.then(|| view! {
                    <button type="button" class="pt-button" data-testid="guide-show-me" on:click=show_me.clone()>{move || t(i18n).show_me}</button>
                })}
            }.into_any())
        }
    };

    let prev = index.checked_sub(1);
    let next = (index + 1 < total).then_some(index + 1);
    view! {
        <button type="button" class="pt-guide__crumb" on:click={
            let pack_id = pack_id.clone();
            move |_| guide.show(View::Pack(pack_id.clone()))
        }>{pack.title.clone()}</button>
        <article class="pt-guide__step" data-testid="guide-step" data-step=s.id.clone() data-done=done.to_string()>
            <p class="pt-muted" data-testid="guide-step-count">{count}</p>
            <h3 class="pt-subtitle" tabindex="-1" data-pt-focus="">{s.title.clone()}</h3>
            {s.image.clone().map(|src| view! { <img class="pt-guide__image" src=src alt=""/> })}
            // Rendered from Markdown and sanitised by the server.
            <div class="pt-guide__body" inner_html=s.body_html.clone()></div>
            <div class="pt-guide__actions">
                {action}
                {if done {
                    view! { <p class="pt-guide__tick" data-testid="guide-step-done">{move || t(i18n).step_done}</p> }.into_any()
                } else {
                    view! {
                        <button type="button" class="pt-button pt-button--primary" data-testid="guide-mark-done"
                            disabled=move || guide.busy.get()
                            on:click=move |_| complete(Via::Done, true)>{move || t(i18n).mark_done}</button>
                    }.into_any()
                }}
            </div>
            <nav class="pt-guide__nav">
                {prev.map(|i| {
                    let goto = goto.clone();
                    view! { <button type="button" class="pt-button" data-testid="guide-prev" on:click=move |_| goto(i)>{move || t(i18n).previous}</button> }
                })}
                {next.map(|i| {
                    let goto = goto.clone();
                    view! { <button type="button" class="pt-button" data-testid="guide-next" on:click=move |_| goto(i)>{move || t(i18n).next}</button> }
                })}
            </nav>
        </article>
    }
    .into_any()
}

/// A step's URL as a link the host page can follow: absolute `http(s)` as it is, a path on
/// the host's origin.
fn host_url(url: &str, host_origin: Option<&str>) -> String {
    if url.starts_with("https://") || url.starts_with("http://") {
        url.to_owned()
    } else {
        format!("{}{url}", host_origin.unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::host_url;

    #[test]
    fn host_urls() {
        assert_eq!(
            host_url("https://a.example/x", Some("https://shop.example")),
            "https://a.example/x"
        );
        assert_eq!(
            host_url("/orders", Some("https://shop.example")),
            "https://shop.example/orders"
        );
    }
}
