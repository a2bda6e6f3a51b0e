//! "Getting started": short guides (packs) for new customers, as a checklist and step by step,
//! with progress saved on the server (for members it follows them; otherwise it stays with the
//! device, or on a kiosk with the kiosk session). A step can open an FAQ article, a page of
//! the shop, or point at something on the shop's page (the loader's tour).
//!
//! All of it ships in the `onboarding` wasm chunk (see `shell/chunk.rs`), its messages
//! (`i18n.rs`) and styles (`style/onboarding.css`) included.

mod api;
mod i18n;
mod suggestion;

use std::cell::RefCell;

use leptos::prelude::*;
use patron_api::onboarding::{Action, Pack, Progress, Step, Via};
use patron_api::{DisplayMode, Module};
use serde::Serialize;

use self::api::Customer;
use self::i18n::t;
use crate::bridge::{use_bridge, Bridge};
use crate::fetch::{use_fetch, Fetch};
use crate::i18n::{fill, use_i18n, I18n};
use crate::session::{focus_screen_heading, use_session, FaqView, Screen, Session};
use crate::shell::StatusPanel;

pub use suggestion::Suggestion;

/// The screen's own styles: they arrive with its chunk instead of in the first-open CSS.
const CSS: &str = include_str!("../../style/onboarding.css");

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

/// Tells the open guide to re-read its progress (on `Session::tour`, whose answers are
/// `"<action> <step>"`; this one has no space).
const RELOAD_GUIDES: &str = "reload";

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
            // Told through the tour's channel: a callback or signal of its own would cost the
            // first-open module its own copy of the reactive code.
            session.tour.set(Some(RELOAD_GUIDES.to_owned()));
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

type Packs = Fetch<patron_api::onboarding::PacksResponse>;

/// Who is asking, re-read whenever the member, the kiosk session or the locale changes.
fn use_packs(session: Session) -> Packs {
    let i18n = use_i18n();
    let mode = use_bridge().mode();
    use_fetch(move || api::packs(Customer::of(session, mode), i18n.locale()))
}

/// Everything a step's buttons need.
#[derive(Clone, Copy)]
struct Guide {
    session: Session,
    packs: Packs,
    view: RwSignal<View>,
    /// Steps whose element the tour could not find on the host page.
    missing: RwSignal<Vec<String>>,
    /// A completion request is under way (buttons wait for it).
    busy: RwSignal<bool>,
    mode: DisplayMode,
    i18n: I18n,
    bridge: StoredValue<Bridge>,
}

impl Guide {
    fn pack(self, id: &str) -> Option<Pack> {
        self.packs.state.with(|s| match s {
            Some(Ok(r)) => r.packs.iter().find(|p| p.id == id).cloned(),
            _ => None,
        })
    }

    fn show(self, view: View) {
        self.view.set(view);
        focus_screen_heading();
    }

    /// Records a step as done, then goes on: to the next step not done, or to the pack's
    /// finished state. Completing twice is harmless (the server answers the same progress).
    fn complete(self, pack: String, step: String, via: Via, then_next: bool) {
        let customer = Customer::of(self.session, self.mode);
        self.busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::complete(customer, pack.clone(), step.clone(), via).await;
            self.busy.try_set(false);
            if let Ok(progress) = result {
                self.set_progress(&pack, progress);
                if then_next {
                    // Only a tour carries on pointing at the page (its "Next" is the only
                    // completion by action that moves on); from the panel, the panel stays.
                    self.after(&pack, &step, via == Via::Action);
                }
            }
        });
    }

    fn set_progress(self, pack: &str, progress: Progress) {
        self.packs.state.update(|s| {
            if let Some(Ok(r)) = s {
                if let Some(p) = r.packs.iter_mut().find(|p| p.id == pack) {
                    p.progress = progress;
                }
            }
        });
    }

    /// After `step`: the next step in order, else the first not done, else the checklist
    /// (which then shows the pack as finished); `touring`: point at the next step's element
    /// too, if it has one.
    fn after(self, pack: &str, step: &str, touring: bool) {
        let Some(p) = self.pack(pack) else { return };
        let done = |s: &Step| p.progress.completed.contains(&s.id);
        let at = p.steps.iter().position(|s| s.id == step).unwrap_or(0);
        let next = p.steps[at + 1..]
            .iter()
            .find(|s| !done(s))
            .or_else(|| p.steps.iter().find(|s| !done(s)));
        match next {
            Some(s) => {
                let id = s.id.clone();
                self.show(View::Step(pack.to_owned(), id.clone()));
                if touring {
                    self.start_tour(&p, &id);
                }
            }
            None => self.show(View::Pack(pack.to_owned())),
        }
    }

    /// Asks the loader to point at the step's element on the host page, when the step has one
    /// and there is a host page (not in page or kiosk mode).
    fn start_tour(self, pack: &Pack, step: &str) {
        if self.mode != DisplayMode::Embed {
            return;
        }
        let Some((index, s)) = pack.steps.iter().enumerate().find(|(_, s)| s.id == step) else {
            return;
        };
        let Action::Highlight { selector, text } = &s.action else {
            return;
        };
        let strings = t(self.i18n);
        let count = fill(
            strings.step_count,
            &[
                ("n", &(index + 1).to_string()),
                ("total", &pack.steps.len().to_string()),
            ],
        );
        let tour = TourStep {
            selector,
            title: &s.title,
            text,
            step: &s.id,
            first: index == 0,
            brand: brand_colour(),
            labels: TourLabels {
                back: strings.previous,
                next: strings.next,
                close: strings.close,
                count: &count,
            },
        };
        if let Ok(data) = serde_wasm_bindgen::to_value(&tour) {
            self.bridge.with_value(|b| b.emit("tour", data));
        }
    }
}

/// What the loader's tour (`public/embed/tour.js`) shows: one step, its words translated here.
#[derive(Serialize)]
struct TourStep<'a> {
    selector: &'a str,
    title: &'a str,
    text: &'a str,
    step: &'a str,
    first: bool,
    /// The site's colour for the bubble's main button, so the tour looks like the widget.
    #[serde(skip_serializing_if = "Option::is_none")]
    brand: Option<String>,
    labels: TourLabels<'a>,
}

/// The site's brand colour as the shell put it on the panel (`--pt-primary` in its inline
/// style, validated there). Read through `Reflect` and `querySelectorAll`, which the first-open
/// module binds already: any browser binding, even one used only here, joins the first-open
/// JavaScript.
fn brand_colour() -> Option<String> {
    let panel = document().query_selector_all(".pt-panel").ok()?.get(0)?;
    let style = js_sys::Reflect::get(&panel, &"style".into()).ok()?;
    let css = js_sys::Reflect::get(&style, &"cssText".into())
        .ok()?
        .as_string()?;
    css.split(';')
        .find_map(|rule| rule.trim().strip_prefix("--pt-primary:"))
        .map(|colour| colour.trim().to_owned())
}

#[derive(Serialize)]
struct TourLabels<'a> {
    back: &'a str,
    next: &'a str,
    close: &'a str,
    count: &'a str,
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

    // The tour's answer, relayed by the shell: the customer pressed Next, Back or Close in the
    // bubble on the host page, or the element was not there. Or a host event completed steps.
    Effect::new(move |_| {
        let Some(answer) = session.tour.get() else {
            return;
        };
        session.tour.set(None);
        if answer == RELOAD_GUIDES {
            return guide.packs.reload();
        }
        let Some((action, step)) = answer.split_once(' ') else {
            return;
        };
        let (action, step) = (action.to_owned(), step.to_owned());
        let View::Step(pack, current) = view.get_untracked() else {
            return;
        };
        if step != current {
            return;
        }
        match action.as_str() {
            "next" => guide.complete(pack, step, Via::Action, true),
            "back" => {
                if let Some(p) = guide.pack(&pack) {
                    if let Some(i) = p.steps.iter().position(|s| s.id == step).filter(|i| *i > 0) {
                        let prev = p.steps[i - 1].id.clone();
                        guide.show(View::Step(pack, prev.clone()));
                        guide.start_tour(&p, &prev);
                    }
                }
            }
            "missing" => guide.missing.update(|m| m.push(step)),
            _ => {}
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

fn done_count(pack: &Pack) -> usize {
    pack.steps
        .iter()
        .filter(|s| pack.progress.completed.contains(&s.id))
        .count()
}

fn progress_text(pack: &Pack) -> impl Fn() -> String + Clone + Send + Sync + 'static {
    let i18n = use_i18n();
    let (n, total) = (done_count(pack).to_string(), pack.steps.len().to_string());
    move || fill(t(i18n).progress, &[("n", &n), ("total", &total)])
}

/// The step to open for `pack`: the first not done (resuming), else the first.
fn resume_step(pack: &Pack) -> Option<String> {
    pack.resume_at()
        .or(pack.steps.first())
        .map(|s| s.id.clone())
}

#[component]
fn PackList(packs: Vec<Pack>, guide: Guide) -> impl IntoView {
    let i18n = use_i18n();
    let empty = packs.is_empty();
    view! {
        <h3 class="pt-subtitle" tabindex="-1" data-pt-focus="">{move || t(i18n).guides_title}</h3>
        {empty.then(|| view! { <p class="pt-muted" data-testid="guide-empty">{move || t(i18n).empty}</p> })}
        <ul class="pt-guide__packs">
            {packs
                .into_iter()
                .map(|pack| {
                    let id = pack.id.clone();
                    let started = done_count(&pack) > 0;
                    let finished = pack.progress.finished;
                    let open = {
                        let id = id.clone();
                        let step = resume_step(&pack);
                        move |_| match (finished, step.clone()) {
                            (false, Some(step)) => guide.show(View::Step(id.clone(), step)),
                            _ => guide.show(View::Pack(id.clone())),
                        }
                    };
                    let label = move || {
                        let s = t(i18n);
                        if finished { s.all_guides } else if started { s.resume } else { s.start }
                    };
                    let checklist = {
                        let id = id.clone();
                        move |_| guide.show(View::Pack(id.clone()))
                    };
                    view! {
                        <li class="pt-guide__pack" data-testid="guide-pack" data-pack=id.clone()>
                            <button type="button" class="pt-guide__pack-title" on:click=checklist>{pack.title.clone()}</button>
                            <p class="pt-muted">{pack.description.clone()}</p>
                            <Meter pack=pack.clone()/>
                            <Reward pack=pack.clone()/>
                            {(!finished).then(|| view! {
                                <button type="button" class="pt-button pt-button--primary" data-testid="guide-open" on:click=open>{label}</button>
                            })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// "2 of 5 done" with a bar.
#[component]
fn Meter(pack: Pack) -> impl IntoView {
    let total = pack.steps.len().max(1);
    let pct = done_count(&pack) * 100 / total;
    let text = progress_text(&pack);
    view! {
        <div class="pt-meter" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=pct
            aria-valuetext=text.clone()>
            <div class="pt-meter__fill" style=format!("width:{pct}%")></div>
        </div>
        <p class="pt-muted" data-testid="guide-progress">{text}</p>
    }
}

/// The pack's reward: offered, granted, or for members only.
#[component]
fn Reward(pack: Pack) -> impl IntoView {
    let i18n = use_i18n();
    let points = pack.reward_points.filter(|n| *n > 0)?;
    let n = points.to_string();
    let text = move || {
        let s = t(i18n);
        let message = if pack.progress.reward_granted {
            s.reward_granted
        } else if pack.sign_in_to_earn {
            s.sign_in_to_earn
        } else {
            s.reward_offer
        };
        fill(message.pick(points), &[("n", &n)])
    };
    Some(view! { <p class="pt-guide__reward" data-testid="guide-reward">{text}</p> })
}

#[component]
fn Checklist(pack: Pack, guide: Guide) -> impl IntoView {
    let i18n = use_i18n();
    let finished = pack.progress.finished;
    let title = pack.title.clone();
    view! {
        <button type="button" class="pt-guide__crumb" on:click=move |_| guide.show(View::List)>{move || t(i18n).all_guides}</button>
        <h3 class="pt-subtitle" tabindex="-1" data-pt-focus="">{pack.title.clone()}</h3>
        {finished.then(|| view! {
            <div class="pt-guide__finished" role="status" data-testid="guide-finished">
                <p><strong>{move || t(i18n).finished_title}</strong></p>
                <p>{move || fill(t(i18n).finished_text, &[("pack", &title)])}</p>
            </div>
        })}
        <Meter pack=pack.clone()/>
        <Reward pack=pack.clone()/>
        <h4 class="pt-guide__steps-title">{move || t(i18n).steps_title}</h4>
        <ol class="pt-guide__checklist" data-testid="guide-checklist">
            {pack.steps.iter().map(|s| {
                let done = pack.progress.completed.contains(&s.id);
                let (pack_id, step_id) = (pack.id.clone(), s.id.clone());
                view! {
                    <li class:pt-guide__done=done data-step=s.id.clone() data-done=done.to_string()>
                        <button type="button" class="pt-guide__crumb" on:click=move |_| guide.show(View::Step(pack_id.clone(), step_id.clone()))>
                            {s.title.clone()}
                        </button>
                        {done.then(|| view! { <span class="pt-guide__tick">{move || t(i18n).step_done}</span> })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

#[component]
fn StepView(pack: Pack, step: String, guide: Guide) -> impl IntoView {
    let i18n = use_i18n();
    let session = guide.session;
    let Some(index) = pack.steps.iter().position(|s| s.id == step) else {
        return view! { <Checklist pack guide/> }.into_any();
    };
    let s = pack.steps[index].clone();
    let total = pack.steps.len();
    let done = pack.progress.completed.contains(&s.id);
    let count = move || {
        fill(
            t(i18n).step_count,
            &[
                ("n", &(index + 1).to_string()),
                ("total", &total.to_string()),
            ],
        )
    };
    let goto = {
        let pack = pack.clone();
        move |i: usize| guide.show(View::Step(pack.id.clone(), pack.steps[i].id.clone()))
    };
    let (pack_id, step_id) = (pack.id.clone(), s.id.clone());
    let complete = {
        let (pack_id, step_id) = (pack_id.clone(), step_id.clone());
        move |via: Via, then_next: bool| {
            guide.complete(pack_id.clone(), step_id.clone(), via, then_next)
        }
    };
    let missing = {
        let step_id = step_id.clone();
        move || guide.missing.with(|m| m.contains(&step_id))
    };

    let action = match s.action.clone() {
        Action::None => None,
        Action::Faq { article } => {
            let complete = complete.clone();
            Some(view! {
                <button type="button" class="pt-button" data-testid="guide-action" on:click=move |_| {
                    complete(Via::Action, false);
                    session.faq.view.set(FaqView::Article(article.clone()));
                    session.navigate(Screen::Module(Module::Faq));
                }>{move || t(i18n).open_article}</button>
            }.into_any())
        }
        Action::Url { url } => {
            let complete = complete.clone();
            let href = host_url(&url, use_bridge().host_origin());
            Some(view! {
                <a class="pt-button" data-testid="guide-action" href=href target="_top" rel="noopener"
                    on:click=move |_| complete(Via::Action, false)>{move || t(i18n).open_page}</a>
            }.into_any())
        }
        Action::Highlight { text, .. } => {
            let show_me = {
                let pack = pack.clone();
                let step_id = step_id.clone();
                move |_| guide.start_tour(&pack, &step_id)
            };
            let embed = guide.mode == DisplayMode::Embed;
            let text_shown = {
                let missing = missing.clone();
                move || !embed || missing()
            };
            Some(view! {
                <Show when=text_shown.clone()>
                    <p class="pt-guide__hint" data-testid="guide-hint">
                        {let missing = missing.clone(); move || missing().then(|| t(i18n).not_on_page)}
                        " "
                        {text.clone()}
                    </p>
                </Show>
                {embed.then(|| view! {
                    <button type="button" class="pt-button" data-testid="guide-show-me" on:click=show_me.clone()>{move || t(i18n).show_me}</button>
                })}
            }.into_any())
        }
    };

    let prev = index.checked_sub(1);
    let next = (index + 1 < total).then_some(index + 1);
    view! {
        <button type="button" class="pt-guide__crumb" on:click={
            let pack_id = pack_id.clone();
            move |_| guide.show(View::Pack(pack_id.clone()))
        }>{pack.title.clone()}</button>
        <article class="pt-guide__step" data-testid="guide-step" data-step=s.id.clone() data-done=done.to_string()>
            <p class="pt-muted" data-testid="guide-step-count">{count}</p>
            <h3 class="pt-subtitle" tabindex="-1" data-pt-focus="">{s.title.clone()}</h3>
            {s.image.clone().map(|src| view! { <img class="pt-guide__image" src=src alt=""/> })}
            // Rendered from Markdown and sanitised by the server.
            <div class="pt-guide__body" inner_html=s.body_html.clone()></div>
            <div class="pt-guide__actions">
                {action}
                {if done {
                    view! { <p class="pt-guide__tick" data-testid="guide-step-done">{move || t(i18n).step_done}</p> }.into_any()
                } else {
                    view! {
                        <button type="button" class="pt-button pt-button--primary" data-testid="guide-mark-done"
                            disabled=move || guide.busy.get()
                            on:click=move |_| complete(Via::Done, true)>{move || t(i18n).mark_done}</button>
                    }.into_any()
                }}
            </div>
            <nav class="pt-guide__nav">
                {prev.map(|i| {
                    let goto = goto.clone();
                    view! { <button type="button" class="pt-button" data-testid="guide-prev" on:click=move |_| goto(i)>{move || t(i18n).previous}</button> }
                })}
                {next.map(|i| {
                    let goto = goto.clone();
                    view! { <button type="button" class="pt-button" data-testid="guide-next" on:click=move |_| goto(i)>{move || t(i18n).next}</button> }
                })}
            </nav>
        </article>
    }
    .into_any()
}

/// A step's URL as a link the host page can follow: absolute `http(s)` as it is, a path on
/// the host's origin.
fn host_url(url: &str, host_origin: Option<&str>) -> String {
    if url.starts_with("https://") || url.starts_with("http://") {
        url.to_owned()
    } else {
        format!("{}{url}", host_origin.unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::host_url;

    #[test]
    fn host_urls() {
        assert_eq!(
            host_url("https://a.example/x", Some("https://shop.example")),
            "https://a.example/x"
        );
        assert_eq!(
            host_url("/orders", Some("https://shop.example")),
            "https://shop.example/orders"
        );
    }
}
