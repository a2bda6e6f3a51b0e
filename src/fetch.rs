//! `use_fetch`: the widget's one way to load data.
//!
//! It does what a `LocalResource` does for us — re-run when the signals read while building the
//! request change, drop answers that arrive after a newer request was made — without the
//! async-derived and suspense machinery, which measured about 30 KB of wasm in this build.

use std::future::Future;

use leptos::prelude::*;

use crate::api::ApiError;

pub type Loaded<T> = Option<Result<T, ApiError>>;

pub struct Fetch<T: Send + Sync + 'static> {
    /// The last answer; `None` until the first arrives.
    pub state: RwSignal<Loaded<T>>,
    /// A request is in flight (the previous answer stays visible meanwhile).
    pub pending: RwSignal<bool>,
    reload: Trigger,
}

// Not derived: a derive would demand `T: Copy`, but only the signal handles are copied.
impl<T: Send + Sync + 'static> Clone for Fetch<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Send + Sync + 'static> Copy for Fetch<T> {}

impl<T: Send + Sync + 'static> Fetch<T> {
    /// Sends the request again (a "Try again" button).
    pub fn reload(self) {
        self.reload.notify();
    }

    /// Nothing to show yet, or a retry of a failed request is under way.
    pub fn is_loading(self) -> bool {
        self.state.with(|s| s.is_none())
            || (self.pending.get() && self.state.with(|s| matches!(s, Some(Err(_)))))
    }
}

/// Calls `request` now and again whenever a signal it reads changes; `request` reads its
/// signals synchronously and returns the future to await.
pub fn use_fetch<T, Fut>(request: impl Fn() -> Fut + 'static) -> Fetch<T>
where
    T: Send + Sync + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    use_fetch_with::<_, _, Always>(request)
}

/// `use_fetch` for an answer that is often read again unchanged: the same answer again does
/// not notify, so what shows it is not rebuilt and keeps the keyboard focus. (Not every fetch
/// does this: comparing needs `PartialEq` code for the whole answer type.)
pub fn use_distinct_fetch<T, Fut>(request: impl Fn() -> Fut + 'static) -> Fetch<T>
where
    T: PartialEq + Send + Sync + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    use_fetch_with::<_, _, WhenChanged>(request)
}

/// How an answer reaches the state (a type, so each fetch has only the code it uses).
trait Settle<T: Send + Sync + 'static> {
    fn settle(state: RwSignal<Loaded<T>>, answer: Result<T, ApiError>);
}

/// Every answer notifies.
struct Always;

impl<T: Send + Sync + 'static> Settle<T> for Always {
    fn settle(state: RwSignal<Loaded<T>>, answer: Result<T, ApiError>) {
        state.set(Some(answer));
    }
}

/// Only an answer that differs from the last notifies.
struct WhenChanged;

impl<T: PartialEq + Send + Sync + 'static> Settle<T> for WhenChanged {
    fn settle(state: RwSignal<Loaded<T>>, answer: Result<T, ApiError>) {
        state.maybe_update(|state| {
            let changed = state.as_ref() != Some(&answer);
            if changed {
                *state = Some(answer);
            }
            changed
        });
    }
}

fn use_fetch_with<T, Fut, S>(request: impl Fn() -> Fut + 'static) -> Fetch<T>
where
    T: Send + Sync + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
    S: Settle<T>,
{
    let fetch = Fetch {
        state: RwSignal::new(None),
        pending: RwSignal::new(false),
        reload: Trigger::new(),
    };
    let latest = StoredValue::new(0u32);
    Effect::new(move |_| {
        fetch.reload.track();
        let future = request();
        let n = latest.get_value().wrapping_add(1);
        latest.set_value(n);
        fetch.pending.set(true);
        leptos::task::spawn_local(async move {
            let result = future.await;
            // A newer request superseded this one: its answer is stale.
            if latest.try_get_value() == Some(n) {
                S::settle(fetch.state, result);
                fetch.pending.set(false);
            }
        });
    });
    fetch
}
