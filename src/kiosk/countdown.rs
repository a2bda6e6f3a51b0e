use leptos::prelude::*;

use super::IdleClock;
use crate::i18n::{fill, use_i18n};

/// Before an idle reset: "Are you still there? Starting over in N seconds" and "I'm still
/// here". Any touch or key keeps the session (the idle clock hides this on input); the button
/// is the obvious one. It takes the focus while it shows, then gives it back to the screen.
#[component]
pub fn IdleCountdown(clock: IdleClock) -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |was: Option<bool>| {
        let shown = clock.shown.get();
        if was.is_some_and(|was| was != shown) {
            crate::session::focus_screen_heading();
        }
        shown
    });
    move || {
        clock.shown.get().then(|| {
            let count = move || {
                let n = clock.left.get();
                fill(i18n.t().idle_countdown.pick(i64::from(n)), &[("n", &n.to_string())])
            };
            view! {
                <div class="pt-overlay" data-testid="idle-countdown">
                    <div class="pt-dialog" role="alertdialog" aria-modal="true"
                        aria-labelledby="pt-idle-title" aria-describedby="pt-idle-count">
                        <h2 id="pt-idle-title" class="pt-dialog__title">{move || i18n.t().idle_title}</h2>
                        <p id="pt-idle-count" class="pt-dialog__count" aria-live="polite">{count}</p>
                        <button class="pt-button pt-button--primary pt-dialog__action" data-pt-focus=""
                            on:click=move |_| clock.stay()>
                            {move || i18n.t().still_here}
                        </button>
                    </div>
                </div>
            }
        })
    }
}
