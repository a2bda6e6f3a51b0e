//! Who is signed in. One `Session` for the whole app, kept where async calls can reach it
//! after an `.await` (a thread-local, not the reactive context, which a future polled later
//! may not see).

use std::cell::OnceCell;

use leptos::prelude::*;
use patron_api::console::{ConsoleSession, Role};

#[derive(Clone, Copy)]
pub struct Session {
    /// `None` when signed out.
    pub current: RwSignal<Option<ConsoleSession>>,
    /// Whether the first `GET /session` has answered (until then, nothing is shown).
    pub known: RwSignal<bool>,
    /// Set when a call found the session gone (not when the user signed out): sign-in says so.
    pub expired: RwSignal<bool>,
}

thread_local! {
    static SESSION: OnceCell<Session> = const { OnceCell::new() };
}

/// The app's session; made on first use, under the root owner (it lives as long as the app).
pub fn use_session() -> Session {
    SESSION.with(|cell| {
        *cell.get_or_init(|| Session {
            current: RwSignal::new(None),
            known: RwSignal::new(false),
            expired: RwSignal::new(false),
        })
    })
}

impl Session {
    pub fn signed_in(&self, session: ConsoleSession) {
        self.expired.set(false);
        self.current.set(Some(session));
        self.known.set(true);
    }

    /// A call answered 401: the session expired or was ended elsewhere.
    pub fn signed_out(&self) {
        if self.current.get_untracked().is_some() {
            self.expired.set(true);
        }
        self.current.set(None);
        self.known.set(true);
    }

    pub fn csrf(&self) -> String {
        self.current
            .with_untracked(|s| s.as_ref().map(|s| s.csrf_token.clone()))
            .unwrap_or_default()
    }

    /// The signed-in user's site (reactive).
    pub fn site(&self) -> String {
        self.current
            .with(|s| s.as_ref().map(|s| s.user.site.clone()))
            .unwrap_or_default()
    }

    pub fn role(&self) -> Option<Role> {
        self.current.with(|s| s.as_ref().map(|s| s.user.role))
    }

    /// Agents and owners work the inboxes; viewers only read.
    pub fn can_work(&self) -> bool {
        self.role().is_some_and(Role::can_work)
    }

    pub fn can_manage(&self) -> bool {
        self.role().is_some_and(Role::can_manage)
    }

    pub fn user_id(&self) -> String {
        self.current
            .with(|s| s.as_ref().map(|s| s.user.id.clone()))
            .unwrap_or_default()
    }
}
