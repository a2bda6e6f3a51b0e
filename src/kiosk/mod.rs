//! What only a kiosk does: the idle reset with its countdown, the welcome (attract) screen
//! after a reset, "Continue on your phone", and links held back from leaving the kiosk.

mod attract;
mod countdown;
mod handoff;
mod idle;
mod links;

pub use handoff::{HandOff, HandOffView};
pub use idle::{use_idle_reset, IdleClock};

use leptos::prelude::*;
use patron_api::{Locale, Localized};

use attract::Attract;
use countdown::IdleCountdown;
use links::LinkGuard;

/// What the kiosk's overlays show and change. They ship in the `kiosk` wasm chunk
/// (`shell/chunk.rs`), which only a kiosk fetches; the idle reset itself is the shell's, so a
/// kiosk that could not fetch the chunk still forgets its shoppers.
pub struct Overlays {
    pub clock: IdleClock,
    /// The welcome screen shows (after an idle reset).
    pub attract: RwSignal<bool>,
    pub greeting: Localized,
    pub default_locale: Locale,
    /// The panel's inline style (the site's colours), for the overlays outside it.
    pub style: String,
}

/// The countdown before an idle reset and the welcome screen after it, above the panel; the
/// dialog that holds back a link leaving the kiosk.
#[component]
pub fn KioskOverlays(overlays: Overlays) -> impl IntoView {
    let Overlays {
        clock,
        attract,
        greeting,
        default_locale,
        style,
    } = overlays;
    let greeting = StoredValue::new(greeting);
    view! {
        <div class="pt-kiosk-layer" style=style>
            <IdleCountdown clock/>
            <Attract shown=attract greeting default_locale/>
            <LinkGuard reset=attract/>
        </div>
    }
}
