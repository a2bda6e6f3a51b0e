use leptos::prelude::*;
use patron_api::faq::{Article, VoteReason, VoteRequest};
use patron_api::survey::Trigger;

use super::i18n::{t, FaqStrings};
use super::{api, ArticleLinks, StillNeedHelp};
use crate::fetch::use_fetch;
use crate::i18n::use_i18n;
use crate::kiosk::{HandOff, HandOffView};
use crate::session::{use_session, SurveyAsk};
use crate::shell::StatusPanel;

/// One answer: its text, "Was this helpful?", related questions and the way to a person.
#[component]
pub fn ArticleView(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let site = session.site.get_value();
    let article = {
        let id = id.clone();
        use_fetch(move || {
            api::article(
                site.clone(),
                id.clone(),
                i18n.locale(),
                session.id.get_untracked(),
            )
        })
    };
    if session.faq.record_read(&id) {
        session.ask_survey(SurveyAsk::Widget(Trigger::faq_article_read(&id)));
    }
    let id = StoredValue::new(id);
    move || match article.state.get() {
        None => {
            view! { <p class="pt-muted" role="status">{move || i18n.t().loading}</p> }.into_any()
        }
        Some(Err(error)) => {
            view! { <StatusPanel error on_retry=Callback::new(move |_| article.reload())/> }
                .into_any()
        }
        Some(Ok(Article {
            title,
            html,
            related,
            ..
        })) => view! {
            <article class="pt-article" data-testid="faq-article">
                <h3 class="pt-article__title" tabindex="-1" data-pt-focus="">{title}</h3>
                // Rendered from Markdown and sanitised on the server; the page's CSP blocks
                // inline script even if something slipped through.
                <div class="pt-article__body" inner_html=html></div>
            </article>
            <HandOff view=HandOffView::Article(id.get_value())/>
            <Vote id=id.get_value()/>
            {(!related.is_empty()).then(|| view! {
                <h3 class="pt-subtitle">{move || t(i18n).faq_related}</h3>
                <ArticleLinks articles=related/>
            })}
            <StillNeedHelp/>
        }
        .into_any(),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum VoteStep {
    Ask,
    /// "No": choosing a reason.
    Why,
    Sending,
    Thanks,
    Failed,
}

fn reason_label(t: &FaqStrings, r: VoteReason) -> &'static str {
    match r {
        VoteReason::Outdated => t.faq_reason_outdated,
        VoteReason::DidNotAnswer => t.faq_reason_did_not_answer,
        VoteReason::HardToFollow => t.faq_reason_hard_to_follow,
        VoteReason::Other => t.faq_reason_other,
    }
}

/// "Was this helpful? Yes / No", and on No a short reason.
#[component]
fn Vote(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let step = RwSignal::new(VoteStep::Ask);
    let reason = RwSignal::new(None::<VoteReason>);
    let comment = RwSignal::new(String::new());
    let send = move |helpful: bool| {
        let comment = comment.get_untracked();
        let body = VoteRequest {
            session: session.id.get_untracked(),
            locale: i18n.0.get_untracked(),
            helpful,
            reason: if helpful {
                None
            } else {
                reason.get_untracked()
            },
            comment: (!helpful && !comment.trim().is_empty()).then_some(comment),
        };
        step.set(VoteStep::Sending);
        let (site, id) = (session.site.get_value(), id.clone());
        leptos::task::spawn_local(async move {
            let ok = api::vote(site, id, body).await.is_ok();
            step.set(if ok {
                VoteStep::Thanks
            } else {
                VoteStep::Failed
            });
        });
    };
    let send = StoredValue::new(send);
    view! {
        <section class="pt-vote" data-testid="faq-vote" aria-labelledby="pt-vote-q">
            {move || match step.get() {
                VoteStep::Ask => view! {
                    <p id="pt-vote-q" class="pt-vote__q">{move || t(i18n).faq_helpful_question}</p>
                    <div class="pt-vote__buttons">
                        <button class="pt-button" data-testid="faq-yes" on:click=move |_| send.with_value(|s| s(true))>
                            {move || t(i18n).faq_yes}
                        </button>
                        <button class="pt-button" data-testid="faq-no" on:click=move |_| step.set(VoteStep::Why)>
                            {move || t(i18n).faq_no}
                        </button>
                    </div>
                }
                .into_any(),
                VoteStep::Why => view! {
                    <fieldset class="pt-vote__why">
                        <legend id="pt-vote-q">{move || t(i18n).faq_reason_prompt}</legend>
                        {VoteReason::ALL
                            .into_iter()
                            .map(|r| view! {
                                <label class="pt-choice">
                                    <input type="radio" name="pt-reason" value=r.as_str()
                                        on:change=move |_| reason.set(Some(r))/>
                                    {move || reason_label(t(i18n), r)}
                                </label>
                            })
                            .collect_view()}
                        <label class="pt-field__label" for="pt-vote-comment">{move || t(i18n).faq_comment_label}</label>
                        <textarea id="pt-vote-comment" class="pt-input" rows="2" maxlength="500"
                            prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                        <button class="pt-button pt-button--primary" data-testid="faq-send-vote"
                            on:click=move |_| send.with_value(|s| s(false))>
                            {move || t(i18n).faq_send_feedback}
                        </button>
                    </fieldset>
                }
                .into_any(),
                VoteStep::Sending => view! { <p id="pt-vote-q" role="status">{move || t(i18n).contact_sending}</p> }.into_any(),
                VoteStep::Thanks => view! {
                    <p id="pt-vote-q" role="status" data-testid="faq-thanks">{move || t(i18n).faq_thanks}</p>
                }
                .into_any(),
                VoteStep::Failed => view! {
                    <p id="pt-vote-q" role="alert">{move || i18n.t().error_server}</p>
                    <button class="pt-button" on:click=move |_| step.set(VoteStep::Ask)>{move || i18n.t().retry}</button>
                }
                .into_any(),
            }}
        </section>
    }
}
