//! One contact request: the customer's message and contact details, what they searched and read
//! before asking, resolving it (first contact or not), assignee and notes.

use leptos::prelude::*;
use leptos_router::components::A;
use patron_api::console::contacts::{ContactChange, ContactDetail, ContactItem, ContactStatus};
use patron_api::paths;

use super::text::{status, Text};
use crate::api::{site_path, ApiError};
use crate::format;
use crate::i18n::use_i18n;
use crate::session::use_session;
use crate::ui::assignee::Assign;
use crate::ui::notes::{first_action, Notes};
use crate::ui::object::{use_object, Object};
use crate::ui::{loaded, Common, WriteError};

#[component]
pub fn Detail(reference: String) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let path = site_path(
        paths::CONSOLE_CONTACT,
        &session.site(),
        &[("reference", &reference)],
    );
    let notes_path = site_path(
        paths::CONSOLE_CONTACT_NOTES,
        &session.site(),
        &[("reference", &reference)],
    );
    let Object {
        value: detail,
        change,
        result,
    } = use_object::<ContactDetail, ContactChange>(path);
    view! {
        <p><A href="/console/contacts">"← "{move || i18n.t(Common::Back)}</A></p>
        {loaded(detail, move |d: ContactDetail| {
            let c = d.contact.clone();
            view! {
                <h1>{move || i18n.t(Text::Title)}" · "{c.reference.clone()}</h1>
                <Facts contact=c.clone()/>
                <Resolution contact=c.clone() change=change result=result/>
                <Notes path=notes_path.clone() notes=d.notes.clone() on_added=Callback::new(move |()| detail.refetch())/>
            }
        })}
    }
}

#[component]
fn Facts(contact: ContactItem) -> impl IntoView {
    let i18n = use_i18n();
    let c = contact;
    let none = move || i18n.t(Text::Nothing).to_owned();
    let queries = c.context.queries.clone();
    let read: Vec<String> = c
        .context
        .articles_read
        .iter()
        .map(|a| a.title.clone().unwrap_or_else(|| a.id.clone()))
        .collect();
    view! {
        <dl class="pc-facts">
            <div><dt>{move || i18n.t(Common::When)}</dt><dd>{format::date_time(c.created_at)}</dd></div>
            <div><dt>{move || i18n.t(Text::Name)}</dt><dd>{c.name.clone()}</dd></div>
            <div><dt>{move || i18n.t(Text::Email)}</dt><dd>{c.email.clone().unwrap_or_else(none)}</dd></div>
            <div><dt>{move || i18n.t(Text::Phone)}</dt><dd>{c.phone.clone().unwrap_or_else(none)}</dd></div>
            <div><dt>{move || i18n.t(Text::Order)}</dt><dd>{c.order_number.clone().unwrap_or_else(none)}</dd></div>
            <div><dt>{move || i18n.t(Common::Member)}</dt><dd>{c.member_id.clone().unwrap_or_else(|| i18n.t(Common::Guest).to_owned())}</dd></div>
            <div><dt>{move || i18n.t(Common::Locale)}</dt><dd>{c.locale.clone()}</dd></div>
            <div><dt>{move || i18n.t(Text::Message)}</dt><dd class="pc-comment">{c.message.clone()}</dd></div>
        </dl>
        <section class="pc-section" aria-labelledby="before-title">
            <h2 id="before-title">{move || i18n.t(Text::BeforeAsking)}</h2>
            <dl class="pc-facts">
                <div><dt>{move || i18n.t(Text::Searched)}</dt><dd>
                    {if queries.is_empty() { none() } else { queries.join(" · ") }}</dd></div>
                <div><dt>{move || i18n.t(Text::Read)}</dt><dd>
                    {if read.is_empty() { none() } else { read.join(" · ") }}</dd></div>
            </dl>
        </section>
    }
}

#[component]
fn Resolution(
    contact: ContactItem,
    change: Action<ContactChange, Result<(), ApiError>>,
    result: Signal<Option<Result<(), ApiError>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let c = contact;
    let first = RwSignal::new(true);
    let st = status(c.status);
    let assignee_ref = c.assignee.clone();
    let assignee = c.assignee.clone().map(|a| a.email);
    let open = c.status == ContactStatus::Open;
    let outcome = c.resolved_first_contact.map(|f| {
        if f {
            Text::ResolvedFirst
        } else {
            Text::ResolvedLater
        }
    });
    view! {
        <section class="pc-section" aria-labelledby="resolve-title">
            <h2 id="resolve-title">{move || i18n.t(Text::Resolve)}</h2>
            <dl class="pc-facts">
                <div><dt>{move || i18n.t(Common::Status)}</dt><dd data-testid="status">{move || i18n.t(st)}
                    {outcome.map(|o| view! { " · "{move || i18n.t(o)} })}</dd></div>
                {c.resolved_at.map(|at| view! {
                    <div><dt>{move || i18n.t(Text::ResolvedAt)}</dt><dd>{format::date_time(at)}</dd></div>
                })}
                <div><dt>{move || i18n.t(Common::Assignee)}</dt>
                    <dd>{assignee.unwrap_or_else(|| i18n.t(Common::Nobody).to_owned())}</dd></div>
                <div><dt>{move || i18n.t(Common::TimeToFirstAction)}</dt>
                    <dd>{first_action(c.first_action_at.map(|at| at - c.created_at))}</dd></div>
            </dl>
            {move || if !session.can_work() {
                view! { <p class="pc-muted">{move || i18n.t(Common::ReadOnly)}</p> }.into_any()
            } else {
                view! {
                    {if open {
                        view! {
                            <form class="pc-form pc-form--inline" on:submit=move |ev| {
                                ev.prevent_default();
                                change.dispatch(ContactChange {
                                    status: Some(ContactStatus::Resolved),
                                    resolved_first_contact: Some(first.get_untracked()),
                                    assignee: None,
                                });
                            }>
                                <label class="pc-check">
                                    <input type="checkbox" bind:checked=first/>
                                    {move || i18n.t(Text::FirstContact)}
                                </label>
                                <button type="submit" class="pc-button pc-button--primary" disabled=move || change.pending().get()>
                                    {move || i18n.t(Text::ResolveButton)}
                                </button>
                            </form>
                        }.into_any()
                    } else {
                        view! {
                            <button type="button" class="pc-button" disabled=move || change.pending().get()
                                on:click=move |_| { change.dispatch(ContactChange {
                                    status: Some(ContactStatus::Open), resolved_first_contact: None, assignee: None }); }>
                                {move || i18n.t(Text::Reopen)}
                            </button>
                        }.into_any()
                    }}
                    <Assign assignee=assignee_ref.clone() pending=change.pending().into()

                        on_assign=Callback::new(move |to| { change.dispatch(ContactChange { status: None, resolved_first_contact: None, assignee: Some(to) }); })/>
                    <WriteError result=result/>
                }.into_any()
            }}
        </section>
    }
}
