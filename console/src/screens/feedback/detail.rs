//! One answer: what the customer said and where, their earlier answers, and for detractors the
//! follow-up (status, assignee, notes, time to first action).

use leptos::prelude::*;
use leptos_router::components::A;
use patron_api::console::feedback::{FeedbackChange, FeedbackDetail, FeedbackItem, FeedbackStatus};
use patron_api::paths;

use super::text::{band, score_of, status, surface, Text};
use crate::api::{site_path, ApiError};
use crate::format;
use crate::i18n::use_i18n;
use crate::session::use_session;
use crate::ui::assignee::Assign;
use crate::ui::notes::{first_action, Notes};
use crate::ui::object::{use_object, Object};
use crate::ui::{loaded, Common, WriteError};

#[component]
pub fn Detail(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let path = site_path(
        paths::CONSOLE_FEEDBACK_ITEM,
        &session.site(),
        &[("response", &id)],
    );
    let notes_path = site_path(
        paths::CONSOLE_FEEDBACK_NOTES,
        &session.site(),
        &[("response", &id)],
    );
    let Object {
        value: detail,
        change,
        result,
    } = use_object::<FeedbackDetail, FeedbackChange>(path);
    view! {
        <p><A href="/console/feedback">"← "{move || i18n.t(Common::Back)}</A></p>
        {loaded(detail, move |d: FeedbackDetail| {
            let item = d.item.clone();
            view! {
                <h1>{move || i18n.t(Text::Answer)}" · "{format::date_time(item.created_at)}</h1>
                <Facts item=item.clone()/>
                {match item.status {
                    Some(current) => view! {
                        <Queue item=item.clone() current=current
                            time_to_first=d.time_to_first_action_ms change=change result=result/>
                    }.into_any(),
                    None => view! { <p class="pc-muted">{move || i18n.t(Text::NotQueued)}</p> }.into_any(),
                }}
                <Notes path=notes_path.clone() notes=d.notes.clone() on_added=Callback::new(move |()| detail.refetch())/>
                <Earlier items=d.earlier.clone()/>
            }
        })}
    }
}

#[component]
fn Facts(item: FeedbackItem) -> impl IntoView {
    let i18n = use_i18n();
    let b = band(item.kind, item.band);
    let (kind, score) = (item.kind, item.score);
    let s = surface(item.surface);
    view! {
        <dl class="pc-facts">
            <div><dt>{move || i18n.t(Text::Score)}</dt><dd>{move || score_of(i18n.t(Text::OutOf), kind, score)}" · "{move || i18n.t(b)}</dd></div>
            <div><dt>{move || i18n.t(Text::Survey)}</dt><dd>{item.survey_id.clone()}" ("{item.kind.as_str()}")"</dd></div>
            <div><dt>{move || i18n.t(Text::Comment)}</dt>
                <dd class="pc-comment">{item.comment.clone().unwrap_or_else(|| i18n.t(Text::NoComment).to_owned())}</dd></div>
            <div><dt>{move || i18n.t(Text::Surface)}</dt><dd>{move || i18n.t(s)}</dd></div>
            <div><dt>{move || i18n.t(Common::Locale)}</dt><dd>{item.locale.as_str()}</dd></div>
            <div><dt>{move || i18n.t(Text::Touchpoint)}</dt><dd>{item.touchpoint.clone()}</dd></div>
            <div><dt>{move || i18n.t(Common::Context)}</dt><dd>
                {item.context.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join(" · ")}
            </dd></div>
            <div><dt>{move || i18n.t(Common::Member)}</dt><dd>
                {match item.member_id.clone() {
                    Some(m) => format!("{m}{}", item.tier.clone().map(|t| format!(" · {t}")).unwrap_or_default()),
                    None => i18n.t(Common::Guest).to_owned(),
                }}
            </dd></div>
        </dl>
    }
}

/// The detractor queue: status buttons for the next steps, the assignee, time to first action.
#[component]
fn Queue(
    item: FeedbackItem,
    current: FeedbackStatus,
    time_to_first: Option<i64>,
    change: Action<FeedbackChange, Result<(), ApiError>>,
    result: Signal<Option<Result<(), ApiError>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let st = status(current);
    let steps: Vec<(FeedbackStatus, Text)> = match current {
        FeedbackStatus::New => vec![
            (FeedbackStatus::InProgress, Text::Start),
            (FeedbackStatus::Resolved, Text::Resolve),
            (FeedbackStatus::WontFix, Text::MarkWontFix),
        ],
        FeedbackStatus::InProgress => vec![
            (FeedbackStatus::Resolved, Text::Resolve),
            (FeedbackStatus::WontFix, Text::MarkWontFix),
        ],
        FeedbackStatus::Resolved | FeedbackStatus::WontFix => {
            vec![(FeedbackStatus::InProgress, Text::Reopen)]
        }
    };
    let assignee_ref = item.assignee.clone();
    let assignee = item.assignee.clone().map(|a| a.email);
    view! {
        <section class="pc-section" aria-labelledby="queue-title">
            <h2 id="queue-title">{move || i18n.t(Text::Queue)}</h2>
            <dl class="pc-facts">
                <div><dt>{move || i18n.t(Common::Status)}</dt><dd data-testid="status">{move || i18n.t(st)}</dd></div>
                <div><dt>{move || i18n.t(Common::Assignee)}</dt>
                    <dd>{assignee.unwrap_or_else(|| i18n.t(Common::Nobody).to_owned())}</dd></div>
                <div><dt>{move || i18n.t(Common::TimeToFirstAction)}</dt><dd>{first_action(time_to_first)}</dd></div>
            </dl>
            {move || if session.can_work() {
                let steps = steps.clone();
                view! {
                    <div class="pc-actions">
                        {steps.into_iter().map(|(next, label)| view! {
                            <button type="button" class="pc-button" disabled=move || change.pending().get()
                                on:click=move |_| { change.dispatch(FeedbackChange { status: Some(next), assignee: None }); }>
                                {move || i18n.t(label)}
                            </button>
                        }).collect_view()}
                        <Assign assignee=assignee_ref.clone() pending=change.pending().into()

                            on_assign=Callback::new(move |to| { change.dispatch(FeedbackChange { status: None, assignee: Some(to) }); })/>
                    </div>
                    <WriteError result=result/>
                }.into_any()
            } else {
                view! { <p class="pc-muted">{move || i18n.t(Common::ReadOnly)}</p> }.into_any()
            }}
        </section>
    }
}

#[component]
fn Earlier(items: Vec<FeedbackItem>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="pc-section" aria-labelledby="earlier-title">
            <h2 id="earlier-title">{move || i18n.t(Text::Earlier)}</h2>
            {if items.is_empty() {
                view! { <p class="pc-muted">{move || i18n.t(Text::NoEarlier)}</p> }.into_any()
            } else {
                view! {
                    <ul class="pc-list">
                        {items.into_iter().map(|e| {
                            let b = band(e.kind, e.band);
                            let (kind, score) = (e.kind, e.score);
                            view! {
                                <li>
                                    <A href=format!("/console/feedback/{}", e.id)>{format::date_time(e.created_at)}</A>
                                    " · "{e.survey_id}" · "{move || score_of(i18n.t(Text::OutOf), kind, score)}" ("{move || i18n.t(b)}")"
                                    {e.comment.map(|c| view! { <span class="pc-comment">" — "{c}</span> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
