//! Screens whose code ships in its own wasm chunk: the first download holds the shell and the
//! sign-in form; a screen's code is fetched the first time it is opened.
//! `scripts/build-wasm.mjs` cuts the chunks out of the release build; natively (tests, clippy)
//! the split functions are plain calls.

use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};

use crate::i18n::use_i18n;
use crate::ui::{Common, Loading};

macro_rules! screens {
    ($($split:ident => $component:path;)*) => {
        /// A screen with code of its own.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[allow(non_camel_case_types)]
        pub enum ScreenId { $($split,)* }

        $(
            #[wasm_split($split, wasm_split_path = leptos::wasm_split, fallible)]
            fn $split(owner: Owner) -> Result<AnyView, SplitLoaderError> {
                Ok(owner.with(|| view! { <$component/> }.into_any()))
            }
        )*

        async fn load(screen: ScreenId, owner: Owner) -> Result<AnyView, SplitLoaderError> {
            match screen { $(ScreenId::$split => $split(owner).await,)* }
        }
    };
}

screens! {
    overview => crate::screens::overview::Overview;
    feedback => crate::screens::feedback::Feedback;
    contacts => crate::screens::contacts::Contacts;
    library => crate::screens::library::Library;
    guides => crate::screens::guides::Guides;
    members => crate::screens::members::Members;
    users => crate::screens::users::Users;
    audit => crate::screens::audit::Audit;
}

/// A screen, loading its chunk first; if the chunk cannot be fetched, a message and a retry.
#[component]
pub fn Screen(screen: ScreenId) -> impl IntoView {
    let i18n = use_i18n();
    let owner = Owner::current().expect("a component runs under an owner");
    let attempt = RwSignal::new(0u32);
    view! {
        <Suspense fallback=Loading>
            {move || {
                attempt.track();
                let owner = owner.clone();
                Suspend::new(async move {
                    match load(screen, owner).await {
                        Ok(view) => view,
                        Err(_) => view! {
                            <div class="pc-error" role="alert">
                                <p>{move || i18n.t(Common::ErrChunk)}</p>
                                <button type="button" class="pc-button"
                                    on:click=move |_| attempt.update(|n| *n += 1)>
                                    {move || i18n.t(Common::TryAgain)}
                                </button>
                            </div>
                        }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
