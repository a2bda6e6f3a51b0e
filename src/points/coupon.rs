//! A coupon's code with a copy button: in the receipt right after the redemption, and on
//! its line in the history.

use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::i18n::t;
use crate::i18n::use_i18n;

#[derive(Clone, Copy, PartialEq)]
enum Copy {
    Idle,
    Done,
    Failed,
}

/// The code, selectable, and "Copy code" (the browser's clipboard; where it refuses, the
/// customer is told to copy it by hand).
#[component]
pub fn CouponCode(code: String) -> impl IntoView {
    let i18n = use_i18n();
    let state = RwSignal::new(Copy::Idle);
    let text = StoredValue::new(code.clone());
    let copy = move |_| {
        let clipboard = window().navigator().clipboard();
        let promise = clipboard.write_text(&text.get_value());
        leptos::task::spawn_local(async move {
            let done = JsFuture::from(promise).await.is_ok();
            state.try_set(if done { Copy::Done } else { Copy::Failed });
        });
    };
    view! {
        <span class="pt-coupon" data-testid="points-coupon">
            <span class="pt-coupon__label">{move || t(i18n).coupon_code}</span>
            <code class="pt-coupon__code" data-testid="points-coupon-code">{code}</code>
            <button class="pt-button pt-coupon__copy" type="button" on:click=copy>
                {move || t(i18n).copy_code}
            </button>
            <span class="pt-coupon__status" role="status">
                {move || match state.get() {
                    Copy::Idle => "",
                    Copy::Done => t(i18n).copied,
                    Copy::Failed => t(i18n).copy_failed,
                }}
            </span>
        </span>
    }
}
