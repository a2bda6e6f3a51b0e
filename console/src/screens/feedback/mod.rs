//! The feedback inbox: every survey answer (list with filters, search and CSV export) and one
//! answer in detail (the detractor queue's status, assignee, notes, the customer's earlier
//! answers).

mod detail;
mod list;
mod text;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn Feedback() -> impl IntoView {
    let params = use_params_map();
    move || match params.with(|p| p.get("id")) {
        Some(id) => view! { <detail::Detail id=id/> }.into_any(),
        None => view! { <list::List/> }.into_any(),
    }
}
