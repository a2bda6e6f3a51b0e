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

/// The survey chunk's two views. One split function builds both: each split function costs
/// the first-open module its own loader.
#[derive(Clone, Copy, PartialEq)]
#[repr(u8)]
enum SurveyView {
    /// The Feedback screen.
    Screen,
    /// The card below the panel's screen, or alone as a prompt (`SurveyDock`).
    Dock,
}

// No preload: the Feedback button is rarely the way in (the card comes to the customer), and
// each preload function costs the first-open module a loader of its own.
#[wasm_split(survey, wasm_split_path = leptos::wasm_split, fallible)]
fn survey_view(owner: Owner, which: SurveyView) -> Result<AnyView, SplitLoaderError> {
    Ok(owner.with(|| match which {
        SurveyView::Screen => view! { <crate::survey::Feedback/> }.into_any(),
        SurveyView::Dock => view! { <crate::survey::Dock/> }.into_any(),
    }))
}

/// What a lazily built view shows.
#[derive(Clone, Copy, PartialEq)]
enum Lazy {
    Screen(Module),
    SurveyDock,
}

/// Builds `what` under `owner`, loading its chunk first if it has one.
async fn load(what: Lazy, owner: Owner) -> Result<AnyView, SplitLoaderError> {
    let survey = match what {
        Lazy::Screen(Module::Faq) => return faq_screen(owner).await,
        Lazy::Screen(Module::Points) => return points_screen(owner).await,
        // A placeholder, small enough to live in the shell until its module arrives.
        Lazy::Screen(Module::Onboarding) => {
            return Ok(owner.with(|| view! { <crate::onboarding::OnboardingHome/> }.into_any()))
        }
        Lazy::Screen(Module::Survey) => SurveyView::Screen,
        Lazy::SurveyDock => SurveyView::Dock,
    };
    survey_view(owner, survey).await
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
        Module::Onboarding | Module::Survey => {}
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Chunk {
    /// Not asked for yet.
    Idle,
    Loading,
    Failed,
    Ready,
}

/// A view whose code is in a chunk, built under the calling component's owner once fetched:
/// a spinner until then and a friendly error with a retry if it cannot be fetched (offline,
/// server down), or, when `quiet`, nothing at all. Returns the view and what starts loading
/// it (a no-op while it loads or once it is loaded).
fn lazy_view(what: Lazy, quiet: bool) -> (impl IntoView, Callback<()>) {
    let owner = Owner::current().expect("a component always runs under an owner");
    let state = RwSignal::new(Chunk::Idle);
    // The built view is not `Send`, so it waits in a local slot until the render takes it.
    let slot = StoredValue::new_local(None::<AnyView>);
    let attempt = Callback::new(move |()| {
        if matches!(state.get_untracked(), Chunk::Loading | Chunk::Ready) {
            return;
        }
        state.set(Chunk::Loading);
        let owner = owner.clone();
        leptos::task::spawn_local(async move {
            let next = match load(what, owner).await {
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
    let view = move || match state.get() {
        Chunk::Ready => slot
            .try_update_value(Option::take)
            .flatten()
            .unwrap_or_else(|| ().into_any()),
        _ if quiet => ().into_any(),
        Chunk::Idle | Chunk::Loading => view! { <StatusPanel loading=true/> }.into_any(),
        Chunk::Failed => {
            view! { <StatusPanel error=ApiError::Network on_retry=attempt/> }.into_any()
        }
    };
    (view, attempt)
}

/// The screen of a module, loading its chunk first if it has one.
#[component]
pub fn LazyScreen(module: Module) -> impl IntoView {
    let (screen, attempt) = lazy_view(Lazy::Screen(module), false);
    attempt.run(());
    screen
}

/// The survey card below the current screen (in embed mode with the panel closed, alone, as a
/// prompt beside the launcher). Its code is the survey chunk, fetched only once a survey may
/// be due (a trigger arrived) or when answers from an earlier visit wait to be sent. A chunk
/// that cannot be fetched shows nothing: the next trigger tries again.
#[component]
pub fn SurveyDock(site: String) -> impl IntoView {
    let session = use_session();
    let (dock, attempt) = lazy_view(Lazy::SurveyDock, true);
    // Until the survey module takes over, a trigger loads the chunk.
    session.on_survey_ask(attempt);
    // (Never unsent answers on a kiosk, which keeps its outbox in memory.)
    if session.has_survey_asks() || crate::survey::has_unsent(&site) {
        attempt.run(());
    }
    dock
}
