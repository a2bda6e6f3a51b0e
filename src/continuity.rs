//! Continuity: when the host signs a customer in, what they did signed out on this device
//! (guide progress, survey pacing) is handed to the member (`POST …/sign-ins`), and what
//! shows the member's progress reads it again.
//!
//! The body (`patron_api::continuity::SignInRequest`: one id under its name) is written by
//! the browser's `JSON.stringify` rather than serde: this runs in the first-open module, which
//! sends no other body, and serde-wasm-bindgen's serializer would cost it about 2 KB of brotli.

use js_sys::{Object, Reflect, JSON};
use leptos::prelude::*;
use patron_api::continuity::SignInReceipt;
use patron_api::{paths, DisplayMode};
use wasm_bindgen::JsValue;

use crate::api::post_json_text_as;
use crate::json::from_json;
use crate::session::{GuideNews, Session};

from_json!(SignInReceipt { moved });

/// Hands this device's (or kiosk shopper's) signed-out progress to the member of `token`.
pub fn sign_in(session: Session, mode: DisplayMode, token: String) {
    let (key, id) = if mode == DisplayMode::Kiosk {
        ("kiosk_session", session.id.get_untracked())
    } else {
        ("device_id", crate::device::device_id().0)
    };
    let body = Object::new();
    let _ = Reflect::set(&body, &JsValue::from_str(key), &JsValue::from_str(&id));
    let Some(json) = JSON::stringify(&body).ok().map(String::from) else {
        return;
    };
    let path = paths::fill(paths::SIGN_INS, &[&session.site.get_value()]);
    leptos::task::spawn_local(async move {
        let moved = post_json_text_as::<SignInReceipt>(&path, json, Some(&token)).await;
        // Read again what was read before the hand-over landed, if the same member is still
        // signed in (a sign-out meanwhile must stay one).
        let same = session
            .member_token
            .with_untracked(|t| t.as_deref() == Some(&token));
        if same && moved.is_ok_and(|r| r.moved > 0) {
            session.member_token.set(Some(token));
            session.tell_guide(GuideNews::Reload);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::tests::round_trips;

    #[test]
    fn the_receipt_reads_as_serde_writes_it() {
        round_trips(&SignInReceipt { moved: 3 });
    }
}
