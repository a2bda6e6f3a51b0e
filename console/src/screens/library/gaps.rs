//! What the library lacks: searches that found nothing (each can become an article's keyword
//! in one action) and the articles customers rated low, with their reasons.

use leptos::prelude::*;
use leptos_router::components::A;
use patron_api::console::library::{ArticleList, KeywordRequest, LibraryArticle, LibraryGaps};
use patron_api::console::overview::PeriodQuery;
use patron_api::faq::admin::ZeroResultQuery;
use patron_api::paths;

use super::text::Text;
use crate::api::{self, site_path, ApiError};
use crate::format;
use crate::i18n::use_i18n;
use crate::session::use_session;
use crate::ui::period::PeriodPicker;
use crate::ui::{loaded, WriteError};

#[component]
pub fn Gaps(articles: LocalResource<Result<ArticleList, ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let period = RwSignal::new(PeriodQuery::default());
    let gaps = LocalResource::new(move || {
        let path = format!(
            "{}?{}",
            site_path(paths::CONSOLE_LIBRARY_GAPS, &session.site(), &[]),
            period.get().to_query()
        );
        async move { api::get::<LibraryGaps>(&path).await }
    });
    view! {
        <PeriodPicker query=period/>
        {loaded(gaps, move |g: LibraryGaps| view! {
            <section class="pc-section" aria-labelledby="zero-title">
                <h2 id="zero-title">{move || i18n.t(Text::ZeroResults)}</h2>
                {if g.zero_results.is_empty() {
                    view! { <p class="pc-muted">{move || i18n.t(Text::NoGaps)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="pc-list">
                            {g.zero_results.into_iter().enumerate().map(|(index, q)| view! { <ZeroResult index=index query=q articles=articles/> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
            <section class="pc-section" aria-labelledby="low-title">
                <h2 id="low-title">{move || i18n.t(Text::LowRated)}</h2>
                {if g.low_rated.is_empty() {
                    view! { <p class="pc-muted">{move || i18n.t(Text::NoGaps)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="pc-list">
                            {g.low_rated.into_iter().map(|a| view! {
                                <li>
                                    <A href=format!("/console/library/{}", a.id)>{a.title.clone().unwrap_or(a.id.clone())}</A>
                                    " · "{move || i18n.t(Text::Helpful)}" "{a.helpful}
                                    " · "{move || i18n.t(Text::NotHelpful)}" "{a.not_helpful}
                                    " ("{format::percent(a.ratio)}")"
                                    {(!a.reasons.is_empty()).then(|| view! {
                                        <p class="pc-muted">{move || i18n.t(Text::Reasons)}": "
                                            {
                                                let reasons = a.reasons.clone();
                                                move || reasons.iter().map(|(r, n)| {
                                                    let name = super::text::reason(r).map_or(r.as_str(), |t| i18n.t(t));
                                                    format!("{name} × {n}")
                                                }).collect::<Vec<_>>().join(" · ")
                                            }</p>
                                    })}
                                    {a.comments.iter().map(|c| view! { <p class="pc-comment">"“"{c.clone()}"”"</p> }).collect_view()}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
        })}
    }
}

/// One search with no results; agents and owners can add it to an article's keywords.
#[component]
fn ZeroResult(
    index: usize,
    query: ZeroResultQuery,
    articles: LocalResource<Result<ArticleList, ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let chosen = RwSignal::new(String::new());
    let q = query.query.clone();
    let add = Action::new_local(move |id: &String| {
        let path = site_path(
            paths::CONSOLE_LIBRARY_KEYWORDS,
            &session.site(),
            &[("id", id)],
        );
        let body = KeywordRequest { query: q.clone() };
        async move {
            api::post::<_, LibraryArticle>(&path, &body)
                .await
                .map(|_| ())
        }
    });
    let result: Signal<Option<Result<(), ApiError>>> = add.value().into();
    let select_id = format!("keyword-target-{index}");
    view! {
        <li class="pc-gap">
            <span class="pc-gap__query">"“"{query.query.clone()}"”"</span>
            " × "{query.count}" · "{move || i18n.t(Text::LastSearched)}" "{format::date_time(query.last_searched_at)}
            <Show when=move || session.can_work()>
                {
                    let select_id = select_id.clone();
                    let q = query.query.clone();
                    view! {
                        <form class="pc-form pc-form--inline" on:submit=move |ev| {
                            ev.prevent_default();
                            let id = chosen.get_untracked();
                            if !id.is_empty() { add.dispatch(id); }
                        }>
                            <label for=select_id.clone()>{move || i18n.t(Text::AddTo)}<span class="pc-visually-hidden">" “"{q.clone()}"”"</span></label>
                            <select id=select_id.clone() required on:change=move |ev| chosen.set(event_target_value(&ev))>
                                <option value="">"—"</option>
                                {move || articles.get().and_then(Result::ok).map(|list| list.articles.into_iter().map(|a| view! {
                                    <option value=a.id.clone()>{a.title}</option>
                                }).collect_view())}
                            </select>
                            <button type="submit" class="pc-button" disabled=move || add.pending().get()>{move || i18n.t(Text::Add)}</button>
                            {move || matches!(add.value().get(), Some(Ok(()))).then(|| view! {
                                <span role="status">{move || i18n.t(Text::Added)}</span>
                            })}
                            <WriteError result=result/>
                        </form>
                    }
                }
            </Show>
        </li>
    }
}
