//! "Getting started": short guides (packs) for new customers, as a checklist and step by step,
//! with progress saved on the server (for members it follows them; otherwise it stays with the
//! device, or on a kiosk with the kiosk session). A step can open an FAQ article, a page of
//! the shop, or point at something on the shop's page (the loader's tour).
//!
//! All of it ships in the `onboarding` wasm chunk (see `shell/chunk.rs`), its messages
//! (`i18n.rs`) and styles (`style/onboarding.css`) included.

//! One file per screen: `list.rs` (the guides), `checklist.rs` (one guide's steps), `step.rs`
//! (one step); `guide.rs` is what their buttons do, `tour.rs` the host-page tour, and
//! `suggestion.rs` the home screen's "Continue" (part of the first-open module).

mod api;
mod checklist;
mod guide;
mod i18n;
mod list;
mod step;
mod suggestion;
mod tour;

use std::cell::RefCell;

use leptos::prelude::*;
use patron_api::onboarding::Via;
use patron_api::{DisplayMode, Module};

use self::api::Customer;
use self::checklist::Checklist;
use self::guide::Guide;
use self::list::PackList;
use self::step::StepView;
use crate::bridge::use_bridge;
use crate::fetch::{use_fetch, Fetch};
use crate::i18n::use_i18n;
use crate::session::{use_session, GuideNews, Screen, Session, TourAction};
use crate::shell::StatusPanel;

pub use suggestion::Suggestion;

/// The screen's own styles: they arrive with its chunk instead of in the first-open CSS.
const CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/onboarding.css"));

/// Where the customer is inside "Getting started".
#[derive(Clone, Debug, PartialEq)]
enum View {
    List,
    /// A pack's checklist.
    Pack(String),
    /// `(pack, step)`.
    Step(String, String),
}

thread_local! {
    /// The view, kept across re-mounts of the screen (the panel hides while the tour points at
    /// the page, and "Getting started" is opened afresh after it), for the session it was
    /// made in.
    static KEPT: RefCell<Option<(u32, View)>> = const { RefCell::new(None) };
}

/// The host said something happened (`patron('track', name)`, e.g. `add_to_cart`): the server
/// completes the steps of this customer's guides that wait for it, and an open guide shows
/// them ticked off at once. Sites without guides send nothing.
pub fn host_event(session: Session, surface: DisplayMode, name: String) {
    if !session
        .enabled
        .with_value(|e| e.contains(&Module::Onboarding))
    {
        return;
    }
    let customer = Customer::of(session, surface);
    leptos::task::spawn_local(async move {
        // Unreachable server or a bad name from the host: the step can still be marked done
        // by hand, so nothing to tell the customer.
        if api::event(customer, name).await.is_ok()
            && session.screen.get_untracked() == Screen::Module(Module::Onboarding)
        {
            session.tell_guide(GuideNews::Reload);
        }
    });
}

fn kept_view(epoch: u32) -> View {
    KEPT.with_borrow(|k| match k {
        Some((e, v)) if *e == epoch => v.clone(),
        _ => View::List,
    })
}

fn keep_view(epoch: u32, view: View) {
    KEPT.set(Some((epoch, view)));
}

/// "Getting started" opens on this guide's checklist (a page-mode URL's `pack`, handed off
/// from a kiosk).
pub fn open_pack(session: Session, pack: String) {
    keep_view(session.epoch.get_untracked(), View::Pack(pack));
}

type Packs = Fetch<patron_api::onboarding::PacksResponse>;

/// Who is asking, re-read whenever the member, the kiosk session or the locale changes.
fn use_packs(session: Session) -> Packs {
    let i18n = use_i18n();
    let mode = use_bridge().mode();
    use_fetch(move || api::packs(Customer::of(session, mode), i18n.locale()))
}
#[component]
pub fn Onboarding() -> impl IntoView {
    let session = use_session();
    let epoch = session.epoch.get_untracked();
    let view = RwSignal::new(kept_view(epoch));
    Effect::new(move |_| keep_view(epoch, view.get()));
    let guide = Guide {
        session,
        packs: use_packs(session),
        view,
        missing: RwSignal::new(Vec::new()),
        busy: RwSignal::new(false),
        mode: use_bridge().mode(),
        i18n: use_i18n(),
        bridge: StoredValue::new(use_bridge()),
    };

    // News relayed by the shell: the customer pressed Next, Back or Close in the tour's bubble
    // on the host page, or the element was not there; or a host event completed steps.
    Effect::new(move |_| {
        session.guide.track();
        let answer = match session.take_guide_news() {
            None => return,
            Some(GuideNews::Reload) => return guide.packs.reload(),
            Some(GuideNews::Tour(answer)) => answer,
        };
        let step = answer.step;
        let View::Step(pack, current) = view.get_untracked() else {
            return;
        };
        if step != current {
            return;
        }
        match answer.action {
            TourAction::Next => guide.complete(pack, step, Via::Action, true),
            TourAction::Back => {
                if let Some(p) = guide.pack(&pack) {
                    if let Some(i) = p.steps.iter().position(|s| s.id == step).filter(|i| *i > 0) {
                        let prev = p.steps[i - 1].id.clone();
                        guide.show(View::Step(pack, prev.clone()));
                        guide.start_tour(&p, &prev);
                    }
                }
            }
            TourAction::Missing => guide.missing.update(|m| m.push(step)),
            TourAction::Close => {}
        }
    });

    let body = move || match guide.packs.state.get() {
        None => view! { <StatusPanel loading=true/> }.into_any(),
        Some(Err(error)) => {
            view! { <StatusPanel error on_retry=Callback::new(move |_| guide.packs.reload())/> }
                .into_any()
        }
        Some(Ok(r)) => match view.get() {
            View::List => view! { <PackList packs=r.packs guide/> }.into_any(),
            View::Pack(id) => match r.packs.into_iter().find(|p| p.id == id) {
                Some(pack) => view! { <Checklist pack guide/> }.into_any(),
                None => view! { <PackList packs=Vec::new() guide/> }.into_any(),
            },
            View::Step(pack_id, step) => match r.packs.into_iter().find(|p| p.id == pack_id) {
                Some(pack) => view! { <StepView pack step guide/> }.into_any(),
                None => view! { <PackList packs=Vec::new() guide/> }.into_any(),
            },
        },
    };
    view! {
        <style>{CSS}</style>
        <div class="pt-guide" data-testid="guide">{body}</div>
    }
}
