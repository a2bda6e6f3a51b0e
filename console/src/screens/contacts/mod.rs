//! The contacts inbox: every contact request with what the customer searched and read first;
//! resolve it, saying whether it was resolved on first contact (this feeds the FCR figure).

mod detail;
mod text;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use patron_api::console::contacts::{ContactPage, ContactStatus};
use patron_api::paths;

use crate::api::{self, query, site_path};
use crate::format;
use crate::i18n::use_i18n;
use crate::session::use_session;
use crate::ui::{loaded, Common};
use text::{status, Text};

#[component]
pub fn Contacts() -> impl IntoView {
    let params = use_params_map();
    move || match params.with(|p| p.get("id")) {
        Some(reference) => view! { <detail::Detail reference=reference/> }.into_any(),
        None => view! { <List/> }.into_any(),
    }
}

#[component]
fn List() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let filter = RwSignal::new((String::from("open"), String::new()));
    let draft_status = RwSignal::new(String::from("open"));
    let draft_q = RwSignal::new(String::new());
    let cursor = RwSignal::new(None::<String>);
    let page = LocalResource::new(move || {
        let (st, q) = filter.get();
        let path = format!(
            "{}{}",
            site_path(paths::CONSOLE_CONTACTS, &session.site(), &[]),
            query(&[
                ("status", Some(st)),
                ("q", Some(q)),
                ("cursor", cursor.get())
            ])
        );
        async move { api::get::<ContactPage>(&path).await }
    });
    view! {
        <h1>{move || i18n.t(Text::Title)}</h1>
        <form class="pc-filters" role="search" aria-label=move || i18n.t(Text::Title) on:submit=move |ev| {
            ev.prevent_default();
            cursor.set(None);
            filter.set((draft_status.get_untracked(), draft_q.get_untracked()));
        }>
            <label>{move || i18n.t(Common::Status)}
                <select prop:value=move || draft_status.get() on:change=move |ev| draft_status.set(event_target_value(&ev))>
                    <option value="">{move || i18n.t(Common::All)}</option>
                    {ContactStatus::ALL.into_iter().map(|s| view! {
                        <option value=s.as_str()>{move || i18n.t(status(s))}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>{move || i18n.t(Common::Search)}
                <input type="search" bind:value=draft_q/></label>
            <button type="submit" class="pc-button">{move || i18n.t(Common::Filter)}</button>
        </form>
        {loaded(page, move |p: ContactPage| view! {
            {if p.contacts.is_empty() {
                view! { <p class="pc-muted">{move || i18n.t(Text::Empty)}</p> }.into_any()
            } else {
                view! {
                    <div class="pc-scroll" tabindex="0" role="region" aria-label=move || i18n.t(Text::Title)>
                    <table class="pc-table pc-table--rows">
                        <thead><tr>
                            <th scope="col">{move || i18n.t(Text::Reference)}</th>
                            <th scope="col">{move || i18n.t(Common::When)}</th>
                            <th scope="col">{move || i18n.t(Text::Name)}</th>
                            <th scope="col">{move || i18n.t(Text::Message)}</th>
                            <th scope="col">{move || i18n.t(Text::Searched)}</th>
                            <th scope="col">{move || i18n.t(Common::Status)}</th>
                        </tr></thead>
                        <tbody>
                            {p.contacts.into_iter().map(|c| {
                                let st = status(c.status);
                                view! {
                                    <tr>
                                        <td><A href=format!("/console/contacts/{}", c.reference)>{c.reference.clone()}</A></td>
                                        <td>{format::date_time(c.created_at)}</td>
                                        <td>{c.name}</td>
                                        <td class="pc-comment">{c.message}</td>
                                        <td>{c.context.queries.join(" · ")}</td>
                                        <td>{move || i18n.t(st)}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                }.into_any()
            }}
            <crate::ui::pager::Pager cursor=cursor next=p.next_cursor/>
        })}
    }
}
