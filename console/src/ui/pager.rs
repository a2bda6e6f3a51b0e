//! Paging through a list with the server's cursor: back to the first page, on to the next.

use leptos::prelude::*;

use crate::i18n::use_i18n;
use crate::ui::Common;

#[component]
pub fn Pager(
    /// The page shown: `None` is the first.
    cursor: RwSignal<Option<String>>,
    /// The next page's cursor, absent on the last page.
    next: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="pc-pager" aria-label=move || i18n.t(Common::Pages)>
            {cursor.get_untracked().is_some().then(|| view! {
                <button type="button" class="pc-button" on:click=move |_| cursor.set(None)>{move || i18n.t(Common::FirstPage)}</button>
            })}
            {next.map(|next| view! {
                <button type="button" class="pc-button" on:click=move |_| cursor.set(Some(next.clone()))>{move || i18n.t(Common::NextPage)}</button>
            })}
        </nav>
    }
}
