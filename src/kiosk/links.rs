//! Links that would take a kiosk away from the widget: an article's link to the shop's order
//! page, a guide step's "Open the page". A kiosk's browser has no address bar and no way back,
//! and the idle reset runs only in the widget, so such a link would strand the screen on the
//! shop's site until staff came. On a kiosk a tap on one opens a dialog instead, which points
//! the shopper to the page's "Continue on your phone" code (links work on their phone).

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

use crate::i18n::{module_messages, use_i18n};

module_messages! {
    LinkStrings {
        link_title,
        link_body,
        link_ok,
    }
}

const EN: LinkStrings = LinkStrings {
    link_title: "Links do not open on this screen",
    link_body: "Scan the \"Continue on your phone\" code on this page with your phone's camera to read it there, links included.",
    link_ok: "OK",
};

const ZH_CN: LinkStrings = LinkStrings {
    link_title: "此屏幕无法打开链接",
    link_body: "请用手机相机扫描本页的“在手机上继续”二维码，在手机上阅读本页并打开其中的链接。",
    link_ok: "知道了",
};

const ZH_TW: LinkStrings = LinkStrings {
    link_title: "此螢幕無法開啟連結",
    link_body: "請用手機相機掃描本頁的「在手機上繼續」QR 碼，在手機上閱讀本頁並開啟其中的連結。",
    link_ok: "知道了",
};

/// Whether a click on `target` follows a link that leaves the widget's page: to another
/// origin, or into another window or frame (`target="_blank"`, `_top`).
fn leaves_kiosk(target: &Element) -> bool {
    let Some(link) = target.closest("a[href]").ok().flatten() else {
        return false;
    };
    let href = js_sys::Reflect::get(&link, &"href".into())
        .ok()
        .and_then(|h| h.as_string())
        .unwrap_or_default();
    let origin = window().location().origin().unwrap_or_default();
    let same_origin = href
        .strip_prefix(&origin)
        .is_some_and(|path| path.starts_with('/'));
    let same_window = link
        .get_attribute("target")
        .is_none_or(|t| t.is_empty() || t == "_self");
    !(same_origin && same_window)
}

/// Holds back every link that would leave the kiosk and says why. The dialog closes with its
/// button (the focus back on the screen's heading) or any tap beside it, and is hidden while
/// the welcome screen shows after an idle reset (`reset` true), whose tap closes it.
#[component]
pub fn LinkGuard(reset: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let shown = RwSignal::new(false);
    // For the page's lifetime, like the kiosk layer (the shell's own listeners' shape, so no
    // new closure type reaches the wasm).
    crate::viewport::listen(&window(), "click", move |e| {
        let leaves = e
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .is_some_and(|t| leaves_kiosk(&t));
        if leaves {
            e.prevent_default();
        }
        // Any other tap closes the dialog: its button, the dimmed screen around it, or the
        // welcome screen after an idle reset (which hides it meanwhile). The dialog's button
        // takes the focus; closed, the screen's heading takes it back.
        if leaves || shown.get_untracked() {
            shown.set(leaves);
            crate::session::focus_screen_heading();
        }
    });
    move || {
        (shown.get() && !reset.get()).then(|| {
            view! {
                <div class="pt-overlay" data-testid="kiosk-link">
                    <div class="pt-dialog" role="alertdialog" aria-modal="true"
                        aria-labelledby="pt-link-title" aria-describedby="pt-link-body">
                        <h2 id="pt-link-title" class="pt-dialog__title">{move || t(i18n).link_title}</h2>
                        <p id="pt-link-body">{move || t(i18n).link_body}</p>
                        // Closed by the tap itself (the listener above).
                        <button class="pt-button pt-button--primary pt-dialog__action" data-pt-focus="">
                            {move || t(i18n).link_ok}
                        </button>
                    </div>
                </div>
            }
        })
    }
}
