//! Guided onboarding packs: step-by-step guides and checklists.

use leptos::prelude::*;

use crate::shell::ComingSoon;

#[component]
pub fn OnboardingHome() -> impl IntoView {
    view! { <ComingSoon/> }
}
