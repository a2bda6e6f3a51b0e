//! Who works on an answer or a contact request. Agents take it or give it back; owners, who
//! can see the site's users, give it to anyone.

use leptos::prelude::*;
use patron_api::console::users::UserList;
use patron_api::console::UserRef;
use patron_api::paths;

use crate::api::{self, site_path};
use crate::i18n::use_i18n;
use crate::session::use_session;
use crate::ui::Common;

#[component]
pub fn Assign(
    /// The current assignee.
    assignee: Option<UserRef>,
    /// A change is on its way.
    pending: Signal<bool>,
    /// Assigns to a user id, or to nobody.
    on_assign: Callback<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let current = assignee.map(|a| a.id);
    if session.can_manage() {
        let chosen = RwSignal::new(current.clone().unwrap_or_default());
        let users = LocalResource::new(move || {
            let path = site_path(paths::CONSOLE_USERS, &session.site(), &[]);
            async move { api::get::<UserList>(&path).await }
        });
        return view! {
            <form class="pc-form pc-form--inline" on:submit=move |ev| {
                ev.prevent_default();
                let id = chosen.get_untracked();
                on_assign.run((!id.is_empty()).then_some(id));
            }>
                <label>{move || i18n.t(Common::Assignee)}
                    <select on:change=move |ev| chosen.set(event_target_value(&ev))>
                        <option value="">{move || i18n.t(Common::Nobody)}</option>
                        {move || users.get().and_then(Result::ok).map(|list| list.users.into_iter()
                            .filter(|u| u.role.can_work())
                            .map(|u| {
                                let selected = current.as_deref() == Some(u.id.as_str());
                                view! { <option value=u.id.clone() selected=selected>{u.email}</option> }
                            }).collect_view())}
                    </select>
                </label>
                <button type="submit" class="pc-button pc-button--quiet" disabled=move || pending.get()>
                    {move || i18n.t(Common::Assign)}
                </button>
            </form>
        }
        .into_any();
    }
    let mine = current.is_some_and(|id| id == session.user_id());
    view! {
        <button type="button" class="pc-button pc-button--quiet" disabled=move || pending.get()
            on:click=move |_| on_assign.run((!mine).then(|| session.user_id()))>
            {move || i18n.t(if mine { Common::Unassign } else { Common::AssignToMe })}
        </button>
    }
    .into_any()
}
