//! Kiosk idle reset: after N seconds without input the panel returns home and forgets the
//! customer, so the next shopper starts afresh. The last seconds before a reset count down on
//! screen (`IdleClock::left`), so someone still reading can stay.

use std::time::Duration;

use leptos::prelude::*;

/// The events that count as someone using the kiosk.
const ACTIVITY_EVENTS: [&str; 5] = ["pointerdown", "keydown", "wheel", "touchstart", "input"];

/// How often the clock looks at the time: the countdown's resolution.
const TICK: Duration = Duration::from_millis(250);

/// How many of the idle seconds the countdown shows: a quarter, between 1 and 15.
pub fn countdown_seconds(idle_seconds: u32) -> u32 {
    (idle_seconds / 4).clamp(1, 15)
}

/// Seconds left before the reset while the countdown shows, else `None`.
pub fn seconds_left(idle_seconds: u32, idle_ms: u64) -> Option<u32> {
    let total_ms = u64::from(idle_seconds) * 1000;
    let left_ms = total_ms.checked_sub(idle_ms)?;
    let shown_ms = u64::from(countdown_seconds(idle_seconds)) * 1000;
    // 1..=N: "1 second" until the very end, never "0".
    (left_ms <= shown_ms).then(|| left_ms.div_ceil(1000).max(1) as u32)
}

/// The countdown before a reset, read by the countdown dialog. Two signals, so that the
/// dialog is built once when it shows and only its number changes each second.
#[derive(Clone, Copy)]
pub struct IdleClock {
    /// The countdown shows.
    pub shown: RwSignal<bool>,
    /// Seconds left while it shows.
    pub left: RwSignal<u32>,
    last_input: StoredValue<f64>,
}

impl IdleClock {
    /// Someone is here: the idle time starts again and the countdown goes.
    pub fn stay(self) {
        self.touched();
        self.show(None);
    }

    /// Input: the idle time starts again. The countdown goes at the next tick, not at once:
    /// removed under the finger on `pointerdown`, its button's click would land on whatever
    /// is beneath it.
    fn touched(self) {
        self.last_input.set_value(js_sys::Date::now());
    }

    fn show(self, left: Option<u32>) {
        if let Some(n) = left {
            if self.left.get_untracked() != n {
                self.left.set(n);
            }
        }
        if self.shown.get_untracked() != left.is_some() {
            self.shown.set(left.is_some());
        }
    }
}

/// Calls `on_idle` after `seconds` without any input, and again after every later idle period.
/// `worth_warning()` says whether there is anything to forget: only then does the countdown
/// show (a kiosk nobody touched resets silently, which changes nothing).
pub fn use_idle_reset(
    seconds: u32,
    worth_warning: impl Fn() -> bool + 'static,
    on_idle: impl Fn() + 'static,
) -> IdleClock {
    let clock = IdleClock {
        shown: RwSignal::new(false),
        left: RwSignal::new(0),
        last_input: StoredValue::new(js_sys::Date::now()),
    };
    let tick = move || {
        let idle_ms = (js_sys::Date::now() - clock.last_input.get_value()).max(0.0) as u64;
        if idle_ms >= u64::from(seconds) * 1000 {
            clock.stay();
            on_idle();
            return;
        }
        clock.show(seconds_left(seconds, idle_ms).filter(|_| worth_warning()));
    };
    // The shell lives for the page's lifetime: the interval is never cleared.
    let _ = set_interval_with_handle(tick, TICK);
    let mut handles = Vec::new();
    for name in ACTIVITY_EVENTS {
        let cb = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || clock.touched());
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
    clock
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_countdown_shows_the_last_quarter_of_the_idle_time() {
        assert_eq!(countdown_seconds(90), 15);
        assert_eq!(countdown_seconds(40), 10);
        assert_eq!(countdown_seconds(2), 1);
        assert_eq!(seconds_left(40, 0), None);
        assert_eq!(seconds_left(40, 29_999), None);
        assert_eq!(seconds_left(40, 30_000), Some(10));
        assert_eq!(seconds_left(40, 30_001), Some(10));
        assert_eq!(seconds_left(40, 39_999), Some(1));
        assert_eq!(seconds_left(40, 40_000), Some(1));
        assert_eq!(seconds_left(40, 40_001), None);
    }
}
