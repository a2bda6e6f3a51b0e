//! Member points and tiers.

use leptos::prelude::*;

use crate::shell::ComingSoon;

#[component]
pub fn PointsHome() -> impl IntoView {
    view! { <ComingSoon/> }
}
