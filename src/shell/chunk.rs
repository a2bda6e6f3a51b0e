//! Module screens whose code ships in its own wasm chunk.
//!
//! The first open of the panel downloads only the shell (header, home, navigation); a module's
//! code is fetched the first time its screen is opened, or earlier when the customer points at
//! its button (`preload`). `scripts/build-wasm.mjs` cuts the chunks out of the release build;
//! natively (tests, clippy) the split functions are plain calls.

use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use patron_api::Module;

use crate::api::ApiError;
use crate::session::use_session;
use crate::shell::status::StatusPanel;

#[wasm_split(faq, wasm_split_path = leptos::wasm_split, fallible, preload(preload_faq))]
fn faq_screen(owner: Owner) -> Result<AnyView, SplitLoaderError> {
    Ok(owner.with(|| view! { <crate::faq::Faq/> }.into_any()))
}

#[wasm_split(points, wasm_split_path = leptos::wasm_split, fallible, preload(preload_points))]
fn points_screen(owner: Owner) -> Result<AnyView, SplitLoaderError> {
    Ok(owner.with(|| view! { <crate::points::Points/> }.into_any()))
}

#[wasm_split(onboarding, wasm_split_path = leptos::wasm_split, fallible, preload(preload_onboarding))]
fn onboarding_screen(owner: Owner) -> Result<AnyView, SplitLoaderError> {
    Ok(owner.with(|| view! { <crate::onboarding::Onboarding/> }.into_any()))
}

/// The survey chunk's two ways in. One split function for both: each split function costs the
/// first-open module its own loader.
#[derive(Clone, Copy, PartialEq)]
#[repr(u8)]
enum SurveyEntry {
    /// The Feedback screen.
    Screen,
    /// The survey module itself: triggers, outbox, the card below the screen (no view here).
    Start,
}

// No preload: the Feedback button is rarely the way in (the card comes to the customer), and
// each preload costs the first-open module a loader of its own.
#[wasm_split(survey, wasm_split_path = leptos::wasm_split, fallible)]
fn survey_entry(owner: Owner, entry: SurveyEntry) -> Result<AnyView, SplitLoaderError> {
    Ok(owner.with(|| match entry {
        SurveyEntry::Screen => view! { <crate::survey::Feedback/> }.into_any(),
        SurveyEntry::Start => {
            crate::survey::start();
            ().into_any()
        }
    }))
}

/// A kiosk's overlays (`crate::kiosk::KioskOverlays`): only kiosks fetch them.
#[wasm_split(kiosk, wasm_split_path = leptos::wasm_split, fallible)]
fn kiosk_overlays(
    owner: Owner,
    overlays: crate::kiosk::Overlays,
) -> Result<AnyView, SplitLoaderError> {
    Ok(owner.with(|| view! { <crate::kiosk::KioskOverlays overlays/> }.into_any()))
}

/// The kiosk's overlays once their chunk has arrived; nothing before, or if it cannot come
/// (the idle reset works without them).
#[component]
pub fn KioskLayer(overlays: crate::kiosk::Overlays) -> impl IntoView {
    let owner = Owner::current().expect("a component always runs under an owner");
    let ready = RwSignal::new(false);
    let slot = StoredValue::new_local(None::<AnyView>);
    leptos::task::spawn_local(async move {
        if let Ok(view) = kiosk_overlays(owner, overlays).await {
            slot.try_set_value(Some(view));
            ready.try_set(true);
        }
    });
    move || {
        ready
            .get()
            .then(|| slot.try_update_value(Option::take).flatten())
            .flatten()
    }
}

/// Starts the survey module, under the calling component's owner, when a survey may be due (a
/// trigger arrives), or at once when answers from an earlier visit wait in this page's
/// storage. Until then the survey chunk is not fetched; if it cannot be, the next trigger
/// tries again (no answer is lost: none is made before the chunk runs). Once running, the
/// module takes the triggers itself.
pub fn start_surveys(site: &str) {
    let session = use_session();
    let owner = Owner::current().expect("a component always runs under an owner");
    let start = Callback::new(move |()| {
        let owner = owner.clone();
        leptos::task::spawn_local(async move {
            let _ = survey_entry(owner, SurveyEntry::Start).await;
        });
    });
    session.on_survey_ask(start);
    // (Never on a kiosk, which keeps its outbox in memory; in embed mode only where the iframe
    // has storage of its own, else the loader keeps them and hands them over as a trigger.)
    if crate::survey::has_unsent(site) {
        start.run(());
    }
}

/// Builds the module's screen under `owner`, loading its chunk first.
async fn load(module: Module, owner: Owner) -> Result<AnyView, SplitLoaderError> {
    match module {
        Module::Faq => faq_screen(owner).await,
        Module::Onboarding => onboarding_screen(owner).await,
        Module::Survey => survey_entry(owner, SurveyEntry::Screen).await,
        Module::Points => points_screen(owner).await,
    }
}

/// Starts fetching `module`'s chunk without showing it, so opening it is instant. A failure
/// is ignored here: opening the screen tries again and explains.
pub fn preload(module: Module) {
    match module {
        Module::Faq => leptos::task::spawn_local(async {
            let _ = preload_faq().await;
        }),
        Module::Points => leptos::task::spawn_local(async {
            let _ = preload_points().await;
        }),
        Module::Onboarding => leptos::task::spawn_local(async {
            let _ = preload_onboarding().await;
        }),
        Module::Survey => {}
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Chunk {
    Loading,
    Failed,
    Ready,
}

/// The screen of a module, with a spinner while its chunk arrives and a friendly error with a
/// retry when it cannot (offline, server down).
#[component]
pub fn LazyScreen(module: Module) -> impl IntoView {
    let owner = Owner::current().expect("a component always runs under an owner");
    let state = RwSignal::new(Chunk::Loading);
    // The built view is not `Send`, so it waits in a local slot until the render takes it.
    let slot = StoredValue::new_local(None::<AnyView>);
    let attempt = Callback::new(move |()| {
        state.set(Chunk::Loading);
        let owner = owner.clone();
        leptos::task::spawn_local(async move {
            let next = match load(module, owner).await {
                Ok(view) => {
                    slot.try_set_value(Some(view));
                    Chunk::Ready
                }
                Err(_) => Chunk::Failed,
            };
            // The customer may have left the screen meanwhile; then there is nothing to update.
            state.try_set(next);
        });
    });
    attempt.run(());
    move || match state.get() {
        Chunk::Loading => view! { <StatusPanel loading=true/> }.into_any(),
        Chunk::Failed => {
            view! { <StatusPanel error=ApiError::Network on_retry=attempt/> }.into_any()
        }
        Chunk::Ready => slot
            .try_update_value(Option::take)
            .flatten()
            .unwrap_or_else(|| ().into_any()),
    }
}
