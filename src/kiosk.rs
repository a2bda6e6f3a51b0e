//! Kiosk idle reset: after N seconds without input the panel returns home and forgets the
//! customer, so the next shopper starts afresh.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;

/// The events that count as someone using the kiosk.
const ACTIVITY_EVENTS: [&str; 5] = ["pointerdown", "keydown", "wheel", "touchstart", "input"];

/// Calls `on_idle` after `seconds` without any input, and again after every later idle period.
pub fn use_idle_reset(seconds: u32, on_idle: impl Fn() + Clone + 'static) {
    let timer: Rc<Cell<Option<TimeoutHandle>>> = Rc::new(Cell::new(None));
    let arm = {
        let timer = Rc::clone(&timer);
        move || {
            if let Some(old) = timer.take() {
                old.clear();
            }
            let on_idle = on_idle.clone();
            if let Ok(handle) =
                set_timeout_with_handle(on_idle, Duration::from_secs(u64::from(seconds)))
            {
                timer.set(Some(handle));
            }
        }
    };
    arm();
    let mut handles = Vec::new();
    for name in ACTIVITY_EVENTS {
        let arm = arm.clone();
        let cb = wasm_bindgen::closure::Closure::<dyn Fn()>::new(arm);
        let opts = web_sys::AddEventListenerOptions::new();
        opts.set_capture(true);
        opts.set_passive(true);
        let _ = window().add_event_listener_with_callback_and_add_event_listener_options(
            name,
            wasm_bindgen::JsCast::unchecked_ref(cb.as_ref()),
            &opts,
        );
        handles.push((name, cb));
    }
    // The shell lives for the page's lifetime; keeping the closures alive is intended.
    std::mem::forget(handles);
}
