//! "Continue on your phone": beside an article, a guide or the points programme, a kiosk shows
//! a QR code that opens the same view on the shopper's phone in page mode. The server draws
//! the code (`GET /v1/sites/{site}/handoff.svg`, `patron_api::handoff`): the widget ships no
//! QR encoder, only this `<img>`, and only the chunks that show it (Help, guides, points)
//! carry it. The code names the view, never the shopper.

use leptos::prelude::*;
use patron_api::{paths, DisplayMode};

use crate::api::query_string;
use crate::bridge::use_bridge;
use crate::i18n::{module_messages, use_i18n};
use crate::session::use_session;

module_messages! {
    HandOffStrings {
        handoff_title,
        handoff_hint,
        handoff_alt,
    }
}

const EN: HandOffStrings = HandOffStrings {
    handoff_title: "Continue on your phone",
    handoff_hint: "Scan the code with your phone's camera to take this page with you. It holds no personal details.",
    handoff_alt: "QR code that opens this page on your phone",
};

const ZH_CN: HandOffStrings = HandOffStrings {
    handoff_title: "在手机上继续",
    handoff_hint: "用手机相机扫描二维码，把本页带走。二维码不含任何个人信息。",
    handoff_alt: "在手机上打开本页的二维码",
};

const ZH_TW: HandOffStrings = HandOffStrings {
    handoff_title: "在手機上繼續",
    handoff_hint: "用手機相機掃描 QR 碼，把本頁帶走。QR 碼不含任何個人資料。",
    handoff_alt: "在手機上開啟本頁的 QR 碼",
};

/// The view to open on the phone.
#[derive(Clone, Debug, PartialEq)]
pub enum HandOffView {
    Article(String),
    Guide(String),
    Points,
}

impl HandOffView {
    /// The query of the QR code's address, as `patron_api::handoff::HandOff` reads it.
    fn query(&self, locale: &str) -> String {
        match self {
            HandOffView::Article(id) => {
                query_string(&[("view", "faq"), ("article", id), ("locale", locale)])
            }
            HandOffView::Guide(id) => {
                query_string(&[("view", "onboarding"), ("pack", id), ("locale", locale)])
            }
            HandOffView::Points => query_string(&[("view", "points"), ("locale", locale)]),
        }
    }
}

/// The QR code for `view`, with a title and a line on what it does; nothing outside a kiosk.
#[component]
pub fn HandOff(view: HandOffView) -> impl IntoView {
    if use_bridge().mode() != DisplayMode::Kiosk {
        return ().into_any();
    }
    let i18n = use_i18n();
    let site = use_session().site.get_value();
    let src =
        move || paths::fill(paths::HANDOFF_QR, &[&site]) + &view.query(i18n.locale().as_str());
    view! {
        <section class="pt-handoff" data-testid="handoff" aria-labelledby="pt-handoff-title">
            <img class="pt-handoff__code" src=src alt=move || t(i18n).handoff_alt width="192" height="192"/>
            <div>
                <h3 id="pt-handoff-title" class="pt-handoff__title">{move || t(i18n).handoff_title}</h3>
                <p class="pt-handoff__hint">{move || t(i18n).handoff_hint}</p>
            </div>
        </section>
    }
    .into_any()
}
