//! "My points": a signed-in member's balance, tier, progress, expiring points, history and
//! rewards; for everyone else, what membership offers and a way to sign in.
//!
//! All of it ships in the `points` wasm chunk (see `shell/chunk.rs`), its messages
//! (`i18n.rs`) and its styles (`style/points.css`, added with the screen) included.

mod api;
mod coupon;
mod format;
mod history;
mod i18n;
mod member;
mod rewards;
mod signed_out;

use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::use_i18n;
use crate::kiosk::{HandOff, HandOffView};
use crate::session::{use_session, Session};

/// The screen's own styles: they arrive with its chunk instead of in the first-open CSS.
const CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/points.css"));

#[component]
pub fn Points() -> impl IntoView {
    let session = use_session();
    view! {
        <style>{CSS}</style>
        <div class="pt-points" data-testid="points">
            // A new token (another member) builds the member view afresh: nothing of the
            // previous member's survives.
            {move || match session.member_token.get() {
                Some(token) => view! { <member::Member token/> }.into_any(),
                None => view! { <signed_out::SignedOut/> }.into_any(),
            }}
            // The programme, never the member's balance: the phone signs in on its own.
            <HandOff view=HandOffView::Points/>
        </div>
    }
}

/// Who is asking: the site and the member token the requests carry.
#[derive(Clone, Copy)]
struct Auth {
    session: Session,
    token: StoredValue<String>,
}

impl Auth {
    fn site(self) -> String {
        self.session.site.get_value()
    }

    fn token(self) -> String {
        self.token.get_value()
    }

    /// Passes `result` through; when the server refused the token, first signs the member out
    /// so the screen shows the signed-out state instead of an error. Only if that token is
    /// still the current one: a late answer for a replaced token changes nothing.
    fn check<T>(self, token: &str, result: Result<T, ApiError>) -> Result<T, ApiError> {
        if result.as_ref().is_err_and(ApiError::is_unauthorized) {
            self.session.member_token.maybe_update(|current| {
                let same = current.as_deref() == Some(token);
                if same {
                    *current = None;
                }
                same
            });
        }
        result
    }
}

/// What a part of the screen shows until its data is there: "Loading…", or why it failed and
/// a retry. Only that part: the rest of the screen stays usable.
#[component]
fn Pending(
    /// Why loading failed; `None` while it is still loading.
    #[prop(optional, into)]
    error: Option<ApiError>,
    on_retry: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    match error {
        None => {
            view! { <p class="pt-muted" role="status">{move || i18n.t().loading}</p> }.into_any()
        }
        Some(error) => {
            let code = error.code();
            view! {
                <div class="pt-points__error" role="alert">
                    <p>{move || i18n.t().error_message(code)}</p>
                    <button class="pt-button" on:click=move |_| on_retry.run(())>{move || i18n.t().retry}</button>
                </div>
            }
            .into_any()
        }
    }
}
