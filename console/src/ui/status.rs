//! Loading and error panels: a screen never shows a blank panel. An error says what happened
//! in the user's language and offers to try again.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::use_i18n;
use crate::ui::Common;

#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="pc-loading" role="status">{move || i18n.t(Common::Loading)}</p> }
}

/// The message of an error.
pub fn error_message(error: &ApiError) -> Common {
    match error {
        ApiError::SignedOut => Common::ErrSignedOut,
        ApiError::Forbidden => Common::ErrForbidden,
        ApiError::NotFound => Common::ErrNotFound,
        ApiError::Invalid(_) => Common::ErrInvalid,
        ApiError::Conflict => Common::ErrConflict,
        ApiError::RateLimited => Common::ErrRateLimited,
        ApiError::Server => Common::ErrServer,
        ApiError::Network => Common::ErrNetwork,
    }
}

/// An error with a retry button (when `retry` is given).
#[component]
pub fn ErrorPanel(
    /// What went wrong.
    error: ApiError,
    /// Runs the failed load again.
    #[prop(optional, into)]
    retry: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let message = error_message(&error);
    view! {
        <div class="pc-error" role="alert">
            <p>{move || i18n.t(message)}</p>
            {retry.map(|retry| view! {
                <button type="button" class="pc-button" on:click=move |_| retry.run(())>
                    {move || i18n.t(Common::TryAgain)}
                </button>
            })}
        </div>
    }
}

/// The outcome of a write, under its button: nothing, or the error (announced).
#[component]
pub fn WriteError(result: Signal<Option<Result<(), ApiError>>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        result.get().and_then(Result::err).map(|e| {
            let message = error_message(&e);
            view! { <p class="pc-error" role="alert">{move || i18n.t(message)}</p> }
        })
    }
}

/// A resource's value drawn by `ok`; a loading line until it comes (the previous value stays
/// while a new one loads), and an error panel with a retry when it fails.
pub fn loaded<T, V>(
    resource: LocalResource<Result<T, ApiError>>,
    ok: impl Fn(T) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + 'static,
    V: IntoView + 'static,
{
    view! {
        <Transition fallback=Loading>
            {move || {
                let ok = ok.clone();
                Suspend::new(async move {
                    match resource.await {
                        Ok(value) => ok(value).into_any(),
                        Err(error) => view! {
                            <ErrorPanel error=error retry=Callback::new(move |()| resource.refetch())/>
                        }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}
