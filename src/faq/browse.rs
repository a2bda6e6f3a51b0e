use std::time::Duration;

use leptos::prelude::*;
use patron_api::faq::SearchHit;
use patron_api::DisplayMode;
use wasm_bindgen::JsCast;

use super::i18n::t;
use super::{api, marked, ArticleLinks, StillNeedHelp};
use crate::bridge::use_bridge;
use crate::fetch::use_fetch;
use crate::i18n::{fill, use_i18n};
use crate::session::{focus_screen_heading, use_session, FaqView};
use crate::shell::StatusPanel;

/// Results appear as the customer types, this long after the last key.
const DEBOUNCE: Duration = Duration::from_millis(250);

/// Search box with results as you type; categories and the most asked questions when empty.
#[component]
pub fn Browse() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let trail = session.faq;
    // The query the last search was sent for; lags `trail.query` by the debounce.
    let settled = RwSignal::new(trail.query.get_untracked());
    let timer = StoredValue::new_local(None::<TimeoutHandle>);
    let on_input = move |ev: leptos::ev::Event| {
        let q = event_target_value(&ev);
        trail.query.set(q.clone());
        if let Some(t) = timer.get_value() {
            t.clear();
        }
        timer.set_value(set_timeout_with_handle(move || settled.set(q), DEBOUNCE).ok());
    };

    let site = session.site.get_value();
    let home = {
        let site = site.clone();
        use_fetch(move || api::home(site.clone(), i18n.locale()))
    };
    let results = use_fetch(move || {
        let (q, locale, sid, site) = (
            settled.get(),
            i18n.locale(),
            session.id.get_untracked(),
            site.clone(),
        );
        async move {
            if q.trim().is_empty() {
                return Ok(None);
            }
            let found = api::search(site, q.clone(), locale, sid).await?;
            trail.record_query(&q);
            Ok(Some(found.hits))
        }
    });

    let announcement = move || match results.state.get() {
        _ if results.pending.get() && !settled.with(|q| q.trim().is_empty()) => {
            t(i18n).faq_searching.to_owned()
        }
        Some(Ok(Some(hits))) => {
            let n = hits.len() as i64;
            fill(t(i18n).faq_results.pick(n), &[("n", &n.to_string())])
        }
        _ => String::new(),
    };

    view! {
        <div class="pt-faq" data-testid="faq-browse">
            <label class="pt-sr-only" for="pt-faq-q">{move || t(i18n).faq_search_label}</label>
            <input id="pt-faq-q" class="pt-search" type="search" autocomplete="off" enterkeyhint="search"
                data-testid="faq-search" data-pt-focus=""
                aria-controls=move || results.state.with(|r| matches!(r, Some(Ok(Some(hits))) if !hits.is_empty())).then_some("pt-faq-results")
                placeholder=move || t(i18n).faq_search_placeholder
                prop:value=move || trail.query.get() on:input=on_input
                on:keydown=move |ev| {
                    if ev.key() == "ArrowDown" {
                        ev.prevent_default();
                        move_focus(1);
                    }
                }/>
            <p class="pt-sr-only" role="status" aria-live="polite" data-testid="faq-announce">{announcement}</p>
            {move || match results.state.get() {
                Some(Ok(Some(hits))) => view! { <Results hits/> }.into_any(),
                Some(Err(error)) => view! { <StatusPanel error on_retry=Callback::new(move |_| results.reload())/> }.into_any(),
                _ => view! { <Topics home/> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn Results(hits: Vec<SearchHit>) -> impl IntoView {
    let i18n = use_i18n();
    let trail = use_session().faq;
    if hits.is_empty() {
        return view! {
            <p class="pt-muted" data-testid="faq-no-results">{move || t(i18n).faq_no_results}</p>
            <StillNeedHelp/>
        }
        .into_any();
    }
    view! {
        <ul id="pt-faq-results" class="pt-results" data-testid="faq-results">
            {hits
                .into_iter()
                .map(|hit| {
                    let id = hit.id.clone();
                    view! {
                        <li>
                            <button class="pt-result" data-testid="faq-result" data-article=hit.id
                                on:click=move |_| trail.open(FaqView::Article(id.clone()))
                                on:keydown=|ev| match ev.key().as_str() {
                                    "ArrowDown" => { ev.prevent_default(); move_focus(1) }
                                    "ArrowUp" => { ev.prevent_default(); move_focus(-1) }
                                    _ => {}
                                }>
                                <span class="pt-result__title">{marked(hit.title_marked)}</span>
                                <span class="pt-result__snippet">{marked(hit.snippet)}</span>
                            </button>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        <StillNeedHelp/>
    }
    .into_any()
}

/// Most asked questions and the categories, for an empty search box. A kiosk browses first:
/// the categories as big tiles, a tile's questions when touched, then the most asked.
#[component]
fn Topics(home: crate::fetch::Fetch<patron_api::faq::FaqHome>) -> impl IntoView {
    let i18n = use_i18n();
    let kiosk = use_bridge().mode() == DisplayMode::Kiosk;
    // The tile touched, by position in the categories.
    let chosen = RwSignal::new(None::<usize>);
    move || {
        match home.state.get() {
        None => {
            view! { <p class="pt-muted" role="status">{move || i18n.t().loading}</p> }.into_any()
        }
        Some(Err(error)) => {
            view! { <StatusPanel error on_retry=Callback::new(move |_| home.reload())/> }.into_any()
        }
        Some(Ok(home)) if kiosk => match chosen.get().and_then(|i| home.categories.get(i).cloned()) {
            Some(c) => view! {
                <button class="pt-button pt-faq__all" data-testid="faq-all-topics"
                    on:click=move |_| { chosen.set(None); focus_screen_heading(); }>
                    {move || t(i18n).faq_all_topics}
                </button>
                <h3 class="pt-subtitle" tabindex="-1" data-pt-focus="">{c.name}</h3>
                <ArticleLinks articles=c.articles/>
            }
            .into_any(),
            None => view! {
                <h3 class="pt-subtitle">{move || t(i18n).faq_categories}</h3>
                <ul class="pt-tiles">
                    {home
                        .categories
                        .into_iter()
                        .enumerate()
                        .map(|(i, c)| view! {
                            <li>
                                <button class="pt-tile" data-testid="faq-tile"
                                    on:click=move |_| { chosen.set(Some(i)); focus_screen_heading(); }>
                                    {c.name}
                                </button>
                            </li>
                        })
                        .collect_view()}
                </ul>
                <h3 class="pt-subtitle">{move || t(i18n).faq_popular}</h3>
                <ArticleLinks articles=home.popular/>
            }
            .into_any(),
        },
        Some(Ok(home)) => view! {
            <h3 class="pt-subtitle">{move || t(i18n).faq_popular}</h3>
            <ArticleLinks articles=home.popular/>
            <h3 class="pt-subtitle">{move || t(i18n).faq_categories}</h3>
            {home
                .categories
                .into_iter()
                .map(|c| view! {
                    <details class="pt-category" data-testid="faq-category">
                        <summary>{c.name}</summary>
                        <ArticleLinks articles=c.articles/>
                    </details>
                })
                .collect_view()}
        }
        .into_any(),
    }
    }
}

/// Arrow keys: from the search box into the results, and between results.
fn move_focus(delta: i32) {
    let doc = document();
    let Ok(items) = doc.query_selector_all(".pt-result") else {
        return;
    };
    let active = doc.active_element();
    let current = (0..items.length())
        .find(|&i| items.get(i).map(JsCast::unchecked_into::<web_sys::Element>) == active);
    let next = match current {
        None if delta > 0 => Some(0),
        None => None,
        Some(i) => i.checked_add_signed(delta).filter(|&n| n < items.length()),
    };
    match next.and_then(|n| items.get(n)) {
        Some(el) => {
            let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
        }
        // Up from the first result goes back to the search box.
        None if delta < 0 => {
            if let Some(input) = doc.get_element_by_id("pt-faq-q") {
                let _ = input.unchecked_into::<web_sys::HtmlElement>().focus();
            }
        }
        None => {}
    }
}
