//! Loading and error states: never a blank panel.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::use_i18n;

/// A full-panel status: a spinner while loading, or a translated error with an optional retry.
#[component]
pub fn StatusPanel(
    /// Show the loading state.
    #[prop(optional)]
    loading: bool,
    /// The error to explain; ignored while `loading`.
    #[prop(optional, into)]
    error: Option<ApiError>,
    /// Offered as a "Try again" button when given.
    #[prop(optional, into)]
    on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let code = error.and_then(|e| e.code());
    view! {
        <main class="pt-status" data-testid=if loading { "loading" } else { "error" }>
            {if loading {
                view! {
                    <div class="pt-status__spinner" aria-hidden="true"></div>
                    <p role="status">{move || i18n.t().loading}</p>
                }
                    .into_any()
            } else {
                view! {
                    <div role="alert" class="pt-status__alert">
                        <h1 class="pt-status__title">{move || i18n.t().error_title}</h1>
                        <p>{move || i18n.t().error_message(code)}</p>
                    </div>
                    {on_retry
                        .map(|retry| {
                            view! {
                                <button class="pt-button pt-button--primary" data-testid="retry" on:click=move |_| retry.run(())>
                                    {move || i18n.t().retry}
                                </button>
                            }
                        })}
                }
                    .into_any()
            }}
        </main>
    }
}
