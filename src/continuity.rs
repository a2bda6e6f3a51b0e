//! Continuity: when the host signs a customer in, what they did signed out on this device
//! (guide progress, survey pacing) is handed to the member (`POST …/sign-ins`), and what
//! shows the member's progress reads it again.

use leptos::prelude::*;
use patron_api::continuity::{SignInReceipt, SignInRequest};
use patron_api::{paths, DisplayMode};

use crate::api::post_json_as;
use crate::json::from_json;
use crate::session::{GuideNews, Session};

from_json!(SignInReceipt { moved });

/// Hands this device's (or kiosk shopper's) signed-out progress to the member of `token`.
pub fn sign_in(session: Session, mode: DisplayMode, token: String) {
    let kiosk = mode == DisplayMode::Kiosk;
    let request = SignInRequest {
        device_id: (!kiosk).then(|| crate::device::device_id().0),
        kiosk_session: kiosk.then(|| session.id.get_untracked()),
    };
    let path = paths::fill(paths::SIGN_INS, &[&session.site.get_value()]);
    leptos::task::spawn_local(async move {
        let moved = post_json_as::<_, SignInReceipt>(&path, &request, Some(&token)).await;
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
