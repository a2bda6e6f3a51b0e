//! Never lose an answer.
//!
//! Every write a survey makes (card shown, dismissed, score, follow-up) is put in the outbox
//! *before* it is sent, and leaves it only once the server has settled it: a 2xx, or a refusal
//! that can never succeed (409: the key was stored with another body, the first answer is
//! kept; 422, 404 and the other 4xx), which is dropped rather than retried forever. Anything
//! else (offline, 5xx, 408, 429) is retried with exponential backoff, at once when the browser
//! comes back online, and on the next load (the survey chunk is loaded for them). Writes go out
//! one at a time, oldest first, so a follow-up never overtakes its response. Each is kept as the very JSON text first sent and carries
//! its own id (idempotency key or display id), so one sent twice (an acknowledgement lost on
//! the way, two tabs sending the same outbox) is stored once.
//!
//! Where it is kept (`Keep`), so that it outlives a reload:
//! - page mode (the widget's own page in an app's webview): localStorage, one list per site,
//!   read and rewritten on every change so that two pages share it without overwriting each
//!   other's writes;
//! - embed mode: our own localStorage too wherever the browser gives the iframe one (current
//!   browsers partition a third-party iframe's storage by the top-level site), found out at run
//!   time. The loader is told only *that* answers wait (the `outbox` event with `[]`; `""` when
//!   none do) and keeps that in the shop's storage, so the shop's next page load starts us to
//!   send them. Where the iframe has no storage (third-party storage blocked), or it refuses a
//!   write, the writes are held in memory and the loader is sent the list itself after every
//!   change, to keep in the shop's localStorage and hand back, as `patron('outbox', list)`,
//!   when it next starts us (at once on a page load that finds it). The loader gives neither to
//!   the shop page's own listeners. (Two tabs of the shop each write their own list: a tab
//!   closed with unsent answers while another tab writes can lose them. Rare enough not to cost
//!   loader bytes.)
//! - kiosk: memory only. An answer there (its comment, an order number in its context, the
//!   kiosk session) can identify a shopper, and a shared device must not keep it after they
//!   leave. The kiosk page runs all day and its idle reset forgets the shopper, not their
//!   unsent answers, so an answer still outlives any network failure while the kiosk runs;
//!   only a reload or power loss while offline loses it.
//!
//! The member token is never kept, only held in memory: a write sent after a reload goes
//! without it, and the server paces by the device id in the body instead. (Had an earlier
//! attempt reached the server with the token, the replay differs, is answered 409 and is
//! dropped: the first answer is kept.)

use std::cell::RefCell;
use std::collections::HashMap;
use std::time::Duration;

use leptos::prelude::*;
use patron_api::survey::Context;
use serde::Serialize;
use wasm_bindgen::JsValue;
use web_sys::Storage;

use super::api;
use crate::api::{to_json, ApiError};
use crate::bridge::Bridge;
use crate::json::FromJson;
use crate::session::random_id;

const KEY_PREFIX: &str = "patron.survey-outbox.";
const FIRST_RETRY_MS: f64 = 2_000.0;
const LAST_RETRY_MS: f64 = 300_000.0;

/// Whether answers from an earlier visit wait in this page's storage (page mode). The
/// first-open module asks this at start-up, a storage read, to load the chunk that sends them.
pub fn has_unsent(site: &str) -> bool {
    // `localStorage[key]` read by `Reflect`, which the first-open module binds already; the
    // storage bindings stay with the chunk. A denied storage throws: nothing to send then.
    js_sys::Reflect::get(&window(), &JsValue::from_str("localStorage"))
        .and_then(|storage| js_sys::Reflect::get(&storage, &storage_key(site).into()))
        .is_ok_and(|item| item.is_string())
}

fn storage_key(site: &str) -> String {
    format!("{KEY_PREFIX}{site}")
}

fn local_storage() -> Option<Storage> {
    window().local_storage().ok().flatten()
}

/// One write, kept exactly as it is sent every time until it is settled.
// Read back with the widget's own JSON reader (`crate::json`), not serde-wasm-bindgen: its
// deserializer cost the survey module about 9 KB of brotli. Serialize writes the stored list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// Unique per write: a display is recorded as shown and maybe later as dismissed, under
    /// one display id; a response and its follow-up share one key.
    id: String,
    path: String,
    /// The JSON body.
    body: String,
}

crate::json::from_json!(Entry { id, path, body });

impl Entry {
    /// `what` names the write (`shown`, `response`, …) and `key` its display id or key.
    pub fn new<B: Serialize>(what: &str, key: &str, path: String, body: &B) -> Option<Entry> {
        Some(Entry {
            id: format!("{what}:{key}"),
            path,
            body: to_json(body).ok()?,
        })
    }

    /// Adds the host's context to the body (written by hand: see `crate::api::to_json`).
    pub fn with_context(mut self, context: &Context) -> Entry {
        if context.is_empty() {
            return self;
        }
        let object = js_sys::Object::new();
        for (key, value) in context {
            let _ = js_sys::Reflect::set(&object, &key.into(), &value.into());
        }
        if let (Ok(json), Some(head)) = (
            js_sys::JSON::stringify(&object),
            self.body.strip_suffix('}'),
        ) {
            self.body = format!("{head},\"context\":{}}}", String::from(json));
        }
        self
    }
}

/// Whether trying again later may succeed: no answer at all, a server error, a timeout or a
/// rate limit. Any other refusal never will.
fn worth_retrying(error: &ApiError) -> bool {
    match error {
        ApiError::Network => true,
        ApiError::Api { status, .. } => *status >= 500 || *status == 408 || *status == 429,
    }
}

/// The wait before retry `n` (from 0): doubling from 2 s up to 5 min, `jitter` (0 to 1)
/// spreading it over its upper half so that widgets cut off by one outage do not all return
/// at the same moment.
fn retry_delay(n: u32, jitter: f64) -> Duration {
    let full = (FIRST_RETRY_MS * 2f64.powi(n.min(16) as i32)).min(LAST_RETRY_MS);
    Duration::from_millis((full * (0.5 + jitter.clamp(0.0, 1.0) / 2.0)) as u64)
}

/// A random number from 0 to 1, from the random ids' CSPRNG (one hex digit is plenty).
fn jitter() -> f64 {
    let digit = random_id().as_bytes()[0];
    let value = if digit <= b'9' {
        digit - b'0'
    } else {
        digit - b'a' + 10
    };
    f64::from(value) / 15.0
}

/// What the customer is told about their answers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Status {
    /// Writes not settled yet.
    pub unsent: usize,
    /// The last attempt failed and a retry is scheduled.
    pub waiting: bool,
}

/// Where the writes are kept between attempts.
pub enum Keep {
    /// This page's localStorage.
    Storage,
    /// This iframe's localStorage where the browser gives it one, else memory mirrored to the
    /// loader (embed mode).
    Loader(StoredValue<Bridge>),
    /// In memory only (kiosk).
    Memory,
}

struct Outbox {
    site: String,
    /// localStorage, where the browser allows it (page and embed modes).
    storage: Option<Storage>,
    /// The loader to tell about the writes, in embed mode.
    loader: Option<StoredValue<Bridge>>,
    /// Writes kept in memory: all of them unless in storage, and those the storage refused.
    memory: Vec<Entry>,
    /// The member token of writes made during this page's life, by entry id.
    tokens: HashMap<String, String>,
    sending: bool,
    retries: u32,
    timer: Option<TimeoutHandle>,
}

thread_local! {
    static OUTBOX: RefCell<Option<Outbox>> = const { RefCell::new(None) };
    static STATUS: ArcRwSignal<Status> = ArcRwSignal::new(Status::default());
}

fn with<T>(f: impl FnOnce(&mut Outbox) -> T) -> Option<T> {
    OUTBOX.with_borrow_mut(|o| o.as_mut().map(f))
}

impl Outbox {
    fn stored(&self) -> Vec<Entry> {
        self.storage
            .as_ref()
            .and_then(|s| s.get_item(&storage_key(&self.site)).ok().flatten())
            .and_then(|text| js_sys::JSON::parse(&text).ok())
            // A list this version cannot read could never be sent: it is replaced by the
            // next write.
            .and_then(|list| Vec::<Entry>::from_json(&list))
            .unwrap_or_default()
    }

    fn all(&self) -> Vec<Entry> {
        let mut all = self.stored();
        all.extend(self.memory.iter().cloned());
        all
    }

    /// Rewrites the stored list; false when the storage refused (full, disabled).
    fn store(&self, list: &[Entry]) -> bool {
        let Some(storage) = &self.storage else {
            return false;
        };
        let key = storage_key(&self.site);
        if list.is_empty() {
            return storage.remove_item(&key).is_ok();
        }
        to_json(&list).is_ok_and(|json| storage.set_item(&key, &json).is_ok())
    }

    fn add(&mut self, entry: Entry) {
        let mut list = self.stored();
        list.push(entry.clone());
        if !self.store(&list) {
            self.memory.push(entry);
        }
        self.mirror();
    }

    fn remove(&mut self, id: &str) {
        self.memory.retain(|e| e.id != id);
        self.tokens.remove(id);
        let mut list = self.stored();
        let before = list.len();
        list.retain(|e| e.id != id);
        if list.len() != before {
            self.store(&list);
        }
        self.mirror();
    }

    /// Tells the loader what to keep for us: the writes held in memory, else `[]` when some
    /// wait in our own storage (no content: the shop only learns to start us), else "".
    fn mirror(&self) {
        if let Some(loader) = self.loader {
            let list = if !self.memory.is_empty() {
                to_json(&self.memory).unwrap_or_default()
            } else if self.stored().is_empty() {
                String::new()
            } else {
                "[]".to_owned()
            };
            loader.with_value(|b| b.emit("outbox", JsValue::from_str(&list)));
        }
    }

    /// The survey endpoints of this site: the only paths a kept write may go to (the host
    /// page's storage, where the loader keeps them, is the host's to write).
    fn allowed(&self, path: &str) -> bool {
        [
            api::displays_path(&self.site),
            api::responses_path(&self.site),
            api::follow_ups_path(&self.site),
        ]
        .iter()
        .any(|p| p == path)
    }

    fn status(&self) -> Status {
        Status {
            unsent: self.all().len(),
            waiting: self.timer.is_some(),
        }
    }
}

/// Sets up the outbox for `site` (once per page) and sends what an earlier visit left.
pub fn start(site: String, keep: Keep) {
    if OUTBOX.with_borrow(Option::is_some) {
        return;
    }
    let (storage, loader) = match keep {
        Keep::Storage => (local_storage(), None),
        // Run-time detection: a browser that denies the iframe storage throws on reading it.
        Keep::Loader(bridge) => (local_storage(), Some(bridge)),
        Keep::Memory => (None, None),
    };
    OUTBOX.set(Some(Outbox {
        site,
        storage,
        loader,
        memory: Vec::new(),
        tokens: HashMap::new(),
        sending: false,
        retries: 0,
        timer: None,
    }));
    // Back online: send at once. Bound the way the kiosk binds its listeners (the first-open
    // module has that binding already); lives as long as the page, like the outbox.
    let on_online = wasm_bindgen::closure::Closure::<dyn Fn()>::new(send_now);
    let _ = window().add_event_listener_with_callback_and_add_event_listener_options(
        "online",
        wasm_bindgen::JsCast::unchecked_ref(on_online.as_ref()),
        &web_sys::AddEventListenerOptions::new(),
    );
    on_online.forget();
    send();
}

/// Keeps `entry` (storage first), then sends it.
pub fn push(entry: Option<Entry>, token: Option<String>) {
    let Some(entry) = entry else { return };
    with(|o| {
        if let Some(token) = token {
            o.tokens.insert(entry.id.clone(), token);
        }
        o.add(entry);
    });
    send();
}

/// Takes back the writes the loader kept (`list`, as mirrored): those not known yet, to
/// allowed paths, join the outbox and are sent.
pub fn restore(list: &str) {
    let kept: Vec<Entry> = js_sys::JSON::parse(list)
        .ok()
        .and_then(|v| Vec::<Entry>::from_json(&v))
        .unwrap_or_default();
    with(|o| {
        let known: Vec<String> = o.all().into_iter().map(|e| e.id).collect();
        for entry in kept {
            if o.allowed(&entry.path) && !known.contains(&entry.id) {
                o.add(entry);
            }
        }
        // What the loader holds now, also when nothing was added: a flag left over from
        // storage the browser has since cleared would start us on every page load.
        o.mirror();
    });
    send();
}

/// Sends at once, without waiting for the scheduled retry ("Try again", back online).
pub fn send_now() {
    with(|o| o.retries = 0);
    send();
}

/// The customer-facing state of the outbox, as a handle owned by the calling component.
pub fn status() -> RwSignal<Status> {
    STATUS.with(|s| s.clone().into())
}

fn publish() {
    if let Some(status) = with(|o| o.status()) {
        STATUS.with(|s| s.set(status));
    }
}

/// Sends the writes one by one until none is left or one must wait.
fn send() {
    let started = with(|o| {
        if o.sending {
            return false;
        }
        o.sending = true;
        if let Some(timer) = o.timer.take() {
            timer.clear();
        }
        true
    });
    if started != Some(true) {
        return;
    }
    publish();
    leptos::task::spawn_local(async move {
        let mut must_wait = false;
        while let Some((entry, token)) = with(|o| {
            let first = o.all().into_iter().next()?;
            let token = o.tokens.get(&first.id).cloned();
            Some((first, token))
        })
        .flatten()
        {
            let sent = api::post_write(&entry.path, entry.body.clone(), token.as_deref()).await;
            if sent.as_ref().is_err_and(worth_retrying) {
                must_wait = true;
                break;
            }
            with(|o| {
                o.remove(&entry.id);
                o.retries = 0;
            });
            publish();
        }
        with(|o| {
            o.sending = false;
            if must_wait {
                let delay = retry_delay(o.retries, jitter());
                o.retries += 1;
                o.timer = set_timeout_with_handle(send, delay).ok();
            }
        });
        publish();
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use patron_api::ErrorCode;

    #[test]
    fn only_failures_that_may_pass_later_are_retried() {
        assert!(worth_retrying(&ApiError::Network));
        for status in [500, 503, 408, 429] {
            assert!(
                worth_retrying(&ApiError::api(status, ErrorCode::Internal)),
                "{status}"
            );
        }
        // 409: the key was used for another body; 422: invalid; 404: unknown survey or key.
        for status in [400, 404, 409, 413, 422] {
            assert!(
                !worth_retrying(&ApiError::api(status, ErrorCode::BadRequest)),
                "{status}"
            );
        }
    }

    #[test]
    fn the_stored_list_reads_back_as_written() {
        let list = vec![
            Entry {
                id: "response:k1".into(),
                path: "/v1/sites/demo/surveys/responses".into(),
                body: r#"{"score":3,"comment":"\"quoted\" 中文"}"#.into(),
            },
            Entry {
                id: "shown:d1".into(),
                path: "/v1/sites/demo/surveys/displays".into(),
                body: "{}".into(),
            },
        ];
        let written = serde_json::to_value(&list).expect("json");
        assert_eq!(Vec::<Entry>::from_json(&written), Some(list));
        // A list of another shape is not half-read.
        let odd = serde_json::json!([{ "id": "x", "path": "/p" }]);
        assert_eq!(Vec::<Entry>::from_json(&odd), None);
    }

    #[test]
    fn retries_back_off_to_five_minutes() {
        assert_eq!(retry_delay(0, 1.0), Duration::from_secs(2));
        assert_eq!(retry_delay(0, 0.0), Duration::from_secs(1));
        assert_eq!(retry_delay(3, 1.0), Duration::from_secs(16));
        assert_eq!(retry_delay(40, 1.0), Duration::from_secs(300));
    }
}
