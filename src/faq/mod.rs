//! FAQ self-service: search, browse, rate answers, escalate with context.

use leptos::prelude::*;

use crate::shell::ComingSoon;

#[component]
pub fn FaqHome() -> impl IntoView {
    view! { <ComingSoon/> }
}
