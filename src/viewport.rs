//! Phones and other full screens: the panel ends above the on-screen keyboard with the focused
//! field in sight, and while the panel covers the screen, Tab never leaves it.

use leptos::prelude::*;
use patron_api::DisplayMode;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// The width up to which the loader's panel covers the host page (its `max-width:480px`).
const PHONE_MAX_WIDTH: f64 = 480.0;

/// What can take the focus with Tab, outside anything inert (the panel behind a kiosk's
/// dialog).
const FOCUSABLE: &str = ":is(a[href],button:not([disabled]),input:not([disabled]),select,textarea,[tabindex]:not([tabindex='-1'])):not([inert] *)";

/// Starts both behaviours for the page's lifetime.
pub fn fit_the_screen(mode: DisplayMode) {
    listen(&window(), "keydown", move |ev: web_sys::Event| {
        let ev: web_sys::KeyboardEvent = ev.unchecked_into();
        if ev.key() == "Tab" && covers_screen(mode) {
            keep_tab_inside(&ev);
        }
    });
    if let Some(viewport) = window().visual_viewport() {
        listen(&viewport, "resize", move |_| follow_keyboard());
    }
}

/// Listens to `name` on `target` for the page's lifetime.
pub(crate) fn listen(
    target: &web_sys::EventTarget,
    name: &str,
    f: impl Fn(web_sys::Event) + 'static,
) {
    let cb = Closure::<dyn Fn(web_sys::Event)>::new(f);
    let _ = target.add_event_listener_with_callback(name, cb.as_ref().unchecked_ref());
    // Kept for the page's lifetime, like the shell.
    cb.forget();
}

/// Page and kiosk modes always; the embedded panel where the loader makes it cover a phone.
fn covers_screen(mode: DisplayMode) -> bool {
    mode != DisplayMode::Embed
        || window()
            .inner_width()
            .ok()
            .and_then(|w| w.as_f64())
            .is_some_and(|w| w <= PHONE_MAX_WIDTH)
}

/// Tab from the last element that can take the focus goes to the first, Shift+Tab from the
/// first to the last.
fn keep_tab_inside(ev: &web_sys::KeyboardEvent) {
    let Ok(all) = document().query_selector_all(FOCUSABLE) else {
        return;
    };
    let (Some(first), Some(last)) = (all.get(0), all.get(all.length().saturating_sub(1))) else {
        return;
    };
    let active: Option<web_sys::Node> = document().active_element().map(Into::into);
    let to = if ev.shift_key() && (active.as_ref() == Some(&first) || active.is_none()) {
        last
    } else if !ev.shift_key() && active.as_ref() == Some(&last) {
        first
    } else {
        return;
    };
    ev.prevent_default();
    let _ = to.unchecked_into::<web_sys::HtmlElement>().focus();
}

/// The visual viewport shrank (a keyboard) or grew back: the panel takes its height
/// (`--pt-viewport-height`, style/main.css) and the focused field scrolls into sight.
fn follow_keyboard() {
    let Some(viewport) = window().visual_viewport() else {
        return;
    };
    let Some(root) = document()
        .document_element()
        .and_then(|r| r.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    let layout = window()
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    let style = root.style();
    let height = viewport.height();
    if height + 1.0 < layout {
        // Whole pixels: printing a float would bring its formatting code into the wasm.
        let _ = style.set_property("--pt-viewport-height", &format!("{}px", height as i32));
    } else {
        let _ = style.remove_property("--pt-viewport-height");
    }
    if let Some(field) = document()
        .active_element()
        .filter(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
    {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
        field.scroll_into_view_with_scroll_into_view_options(&options);
    }
}
