//! The widget's side of the host bridge.
//!
//! Commands (`boot`, `open`, `close`, …) reach the widget two ways:
//! - `embed`: the loader on the host page posts `{ns: "patron", v: 1, type: "command", name,
//!   args}` into our iframe. We obey a message only if it comes from our parent window AND
//!   from the host origin named in our URL that the site's settings allow.
//! - `page` / `kiosk`: a native app evaluates `patron(name, ...args)` in the webview; our
//!   index.html defines a queueing `window.patron` before the wasm loads, and we replace it.
//!
//! Events go back the same ways: `postMessage` to exactly the host origin (never `'*'`), or to
//! `window.webkit.messageHandlers.patron` (iOS) / `window.PatronAndroid` (Android) and to
//! callbacks registered with `patron('on', name, fn)`.

use std::cell::RefCell;

use js_sys::{Array, Function, Object, Reflect};
use leptos::prelude::*;
use patron_api::{faq, survey, DisplayMode, Locale, Module};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::session::{HostAsk, SurveyAsk, TourAnswer};

pub const NAMESPACE: &str = "patron";
pub const VERSION: u32 = 1;

/// A command from the host, parsed and validated.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Customer context: locale, member token (`None` leaves it as it is; `Some(None)` signs
    /// the member out) and the host's segment for survey targeting (`None` leaves it).
    Boot {
        locale: Option<Locale>,
        member_token: Option<Option<String>>,
        segment: Option<String>,
    },
    /// Show the panel, optionally on one module, an FAQ article or an FAQ search.
    Open {
        module: Option<Module>,
        article: Option<String>,
        query: Option<String>,
    },
    /// The host closed the panel.
    Close,
    /// `track`, `survey`, `page` or `outbox`: for the survey module.
    Ask(SurveyAsk),
    /// Register a callback for an event (page mode only: the loader keeps its own callbacks).
    On { event: String, callback: Function },
    /// The host-page tour's answer for a guide step.
    Tour(TourAnswer),
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn get_string(obj: &JsValue, key: &str) -> Option<String> {
    get(obj, key).as_string()
}

impl Command {
    /// Parses `patron(name, ...args)`; unknown names and malformed arguments give `None`.
    pub fn parse(name: &str, args: &Array) -> Option<Command> {
        let first = args.get(0);
        match name {
            "boot" => {
                if !first.is_object() {
                    return Some(Command::Boot {
                        locale: None,
                        member_token: None,
                        segment: None,
                    });
                }
                let token = get(&first, "memberToken");
                let member_token = if token.is_null() {
                    Some(None)
                } else {
                    token
                        .as_string()
                        .filter(|t| !t.is_empty() && t.len() <= 4096)
                        .map(Some)
                };
                let locale = get_string(&first, "locale").and_then(|l| Locale::from_tag(&l));
                let segment = get_string(&first, "segment").filter(|s| survey::segment(s).is_ok());
                Some(Command::Boot {
                    locale,
                    member_token,
                    segment,
                })
            }
            "open" => {
                let view = first.as_string().or_else(|| get_string(&first, "view"));
                let article = get_string(&first, "article").filter(|a| faq::article_id(a).is_ok());
                let query = get_string(&first, "query").filter(|q| faq::query(q).is_ok());
                Some(Command::Open {
                    module: view.and_then(|v| Module::parse(&v)),
                    article,
                    query,
                })
            }
            "close" => Some(Command::Close),
            "tour" => first
                .as_string()
                .and_then(|answer| TourAnswer::parse(&answer))
                .map(Command::Tour),
            "on" => {
                let event = first.as_string()?;
                let callback = args.get(1).dyn_into::<Function>().ok()?;
                Some(Command::On { event, callback })
            }
            _ => HostAsk::parse(name).map(|ask| Command::Ask(SurveyAsk::Host(ask, args.clone()))),
        }
    }
}

thread_local! {
    static PAGE_LISTENERS: RefCell<Vec<(String, Function)>> = const { RefCell::new(Vec::new()) };
}

/// Sends widget events to whoever hosts us.
#[derive(Clone)]
pub struct Bridge {
    mode: DisplayMode,
    /// Set only once the site's settings confirmed the origin.
    host_origin: Option<String>,
}

impl Bridge {
    pub fn new(mode: DisplayMode, host_origin: Option<String>) -> Self {
        Bridge { mode, host_origin }
    }

    pub fn mode(&self) -> DisplayMode {
        self.mode
    }

    /// The host page's origin, once the site's settings confirmed it (embed mode only).
    pub fn host_origin(&self) -> Option<&str> {
        self.host_origin.as_deref()
    }

    pub fn emit(&self, name: &str, data: JsValue) {
        let msg = Object::new();
        for (k, v) in [
            ("ns", JsValue::from_str(NAMESPACE)),
            ("v", JsValue::from(VERSION)),
            ("type", JsValue::from_str("event")),
            ("name", JsValue::from_str(name)),
            ("data", data.clone()),
        ] {
            let _ = Reflect::set(&msg, &JsValue::from_str(k), &v);
        }
        match self.mode {
            DisplayMode::Embed => {
                let (Some(origin), Ok(Some(parent))) = (&self.host_origin, window().parent())
                else {
                    return;
                };
                let _ = parent.post_message(&msg, origin);
            }
            DisplayMode::Page | DisplayMode::Kiosk => {
                emit_native(&msg);
                PAGE_LISTENERS.with_borrow(|ls| {
                    for (_, f) in ls.iter().filter(|(event, _)| event == name || event == "*") {
                        let _ = f.call1(&JsValue::NULL, &data);
                    }
                });
            }
        }
    }
}

/// iOS WKWebView and Android WebView message handlers, when the app installed them.
fn emit_native(msg: &Object) {
    let win: JsValue = window().into();
    let ios = get(&get(&get(&win, "webkit"), "messageHandlers"), "patron");
    if let Ok(post) = get(&ios, "postMessage").dyn_into::<Function>() {
        let _ = post.call1(&ios, msg);
    }
    let android = get(&win, "PatronAndroid");
    if let Ok(post) = get(&android, "postMessage").dyn_into::<Function>() {
        // Android's JavascriptInterface only takes strings.
        if let Ok(json) = js_sys::JSON::stringify(msg) {
            let _ = post.call1(&android, &json);
        }
    }
}

pub fn use_bridge() -> Bridge {
    expect_context::<Bridge>()
}

/// Starts listening for host commands and hands each valid one to `dispatch`.
pub fn listen(
    mode: DisplayMode,
    host_origin: Option<String>,
    dispatch: impl Fn(Command) + Clone + 'static,
) {
    match mode {
        DisplayMode::Embed => {
            let Some(origin) = host_origin else { return };
            let handle =
                window_event_listener(leptos::ev::message, move |ev: web_sys::MessageEvent| {
                    if ev.origin() != origin || !is_from_parent(&ev) {
                        return;
                    }
                    let data = ev.data();
                    if get_string(&data, "ns").as_deref() != Some(NAMESPACE)
                        || get_string(&data, "type").as_deref() != Some("command")
                    {
                        return;
                    }
                    let args = get(&data, "args").dyn_into::<Array>().unwrap_or_default();
                    if let Some(cmd) =
                        get_string(&data, "name").and_then(|n| Command::parse(&n, &args))
                    {
                        // The loader keeps `on` callbacks on its side; functions cannot cross anyway.
                        if !matches!(cmd, Command::On { .. }) {
                            dispatch(cmd);
                        }
                    }
                });
            on_cleanup(move || handle.remove());
        }
        DisplayMode::Page | DisplayMode::Kiosk => install_page_api(dispatch),
    }
}

fn is_from_parent(ev: &web_sys::MessageEvent) -> bool {
    let (Some(source), Ok(Some(parent))) = (ev.source(), window().parent()) else {
        return false;
    };
    Object::is(&source, &parent)
}

/// Replaces the queueing `window.patron` stub of index.html with the real one, after
/// replaying what was queued.
fn install_page_api(dispatch: impl Fn(Command) + Clone + 'static) {
    let win: JsValue = window().into();
    let handle_call = move |call: &JsValue| {
        let all = Array::from(call);
        let Some(name) = all.get(0).as_string() else {
            return;
        };
        let args = all.slice(1, all.length());
        match Command::parse(&name, &args) {
            Some(Command::On { event, callback }) => {
                PAGE_LISTENERS.with_borrow_mut(|ls| ls.push((event, callback)));
            }
            Some(cmd) => dispatch(cmd),
            None => {}
        }
    };
    let queued = get(&get(&win, "patron"), "q");
    if let Ok(queued) = queued.dyn_into::<Array>() {
        for call in queued.iter() {
            handle_call(&call);
        }
    }
    let api = Closure::<dyn Fn(JsValue, JsValue, JsValue)>::new(
        move |a: JsValue, b: JsValue, c: JsValue| {
            let call = Array::of3(&a, &b, &c);
            handle_call(&call.into());
        },
    );
    let _ = Reflect::set(&win, &JsValue::from_str("patron"), api.as_ref());
    // The page API lives as long as the page.
    api.forget();
}
