//! NPS and CSAT micro-surveys.

use leptos::prelude::*;

use crate::shell::ComingSoon;

#[component]
pub fn SurveyHome() -> impl IntoView {
    view! { <ComingSoon/> }
}
