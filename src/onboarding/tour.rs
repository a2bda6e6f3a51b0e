//! The host-page tour: the loader (`public/embed/tour.js`) spotlights a step's element on the
//! shop's page with the step's words beside it, and answers with what the customer pressed
//! (`crate::session::TourAnswer`, relayed by the shell as `GuideNews::Tour`).

use js_sys::{Object, Reflect};
use leptos::prelude::*;
use patron_api::onboarding::{Action, Pack};
use wasm_bindgen::JsValue;

use super::guide::Guide;
use super::i18n::t;
use crate::i18n::fill;

/// Sends the step to the loader's tour, if it points at something on the page:
/// `{selector, title, text, step, first, brand?, scheme?, labels: {back, next, close, count}}`, its words
/// translated here. Written field by field: serde's serializer would cost the chunk more.
pub(super) fn start(guide: Guide, pack: &Pack, step: &str) {
    let Some((index, s)) = pack.steps.iter().enumerate().find(|(_, s)| s.id == step) else {
        return;
    };
    let Action::Highlight { selector, text } = &s.action else {
        return;
    };
    let strings = t(guide.i18n);
    let count = fill(
        strings.step_count,
        &[
            ("n", &(index + 1).to_string()),
            ("total", &pack.steps.len().to_string()),
        ],
    );
    let labels = object(&[
        ("back", strings.previous.into()),
        ("next", strings.next.into()),
        ("close", strings.close.into()),
        ("count", count.into()),
    ]);
    let tour = object(&[
        ("selector", selector.into()),
        ("title", (&s.title).into()),
        ("text", text.into()),
        ("step", (&s.id).into()),
        ("first", (index == 0).into()),
        ("labels", labels.into()),
    ]);
    // The site's colour for the bubble's main button, so the tour looks like the widget.
    if let Some(brand) = brand_colour() {
        let _ = Reflect::set(&tour, &"brand".into(), &brand.into());
    }
    // The site's forced colour scheme, as the shell put it on <html>; unset, the bubble
    // follows the device.
    if let Some(scheme) = document()
        .document_element()
        .and_then(|root| root.get_attribute("data-scheme"))
    {
        let _ = Reflect::set(&tour, &"scheme".into(), &scheme.into());
    }
    guide.bridge.with_value(|b| b.emit("tour", tour.into()));
}

fn object(fields: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    for (key, value) in fields {
        let _ = Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object
}

/// The site's brand colour as the shell put it on the panel (`--pt-primary` in its inline
/// style, validated there). Read through `Reflect` and `querySelectorAll`, which the first-open
/// module binds already: any browser binding, even one used only here, joins the first-open
/// JavaScript.
fn brand_colour() -> Option<String> {
    let panel = document().query_selector_all(".pt-panel").ok()?.get(0)?;
    let style = Reflect::get(&panel, &"style".into()).ok()?;
    let css = Reflect::get(&style, &"cssText".into()).ok()?.as_string()?;
    css.split(';')
        .find_map(|rule| rule.trim().strip_prefix("--pt-primary:"))
        .map(|colour| colour.trim().to_owned())
}
