//! The help library: what customers searched for and did not find, the articles they rated
//! low and why, the articles; and the editor (`/console/library/{id}`).

mod draft;
mod editor;
mod gaps;
mod text;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use patron_api::console::library::ArticleList;
use patron_api::paths;

use crate::api::{self, site_path};
use crate::format;
use crate::i18n::use_i18n;
use crate::session::use_session;
use crate::ui::loaded;
use text::Text;

#[component]
pub fn Library() -> impl IntoView {
    let params = use_params_map();
    move || match params.with(|p| p.get("id")) {
        Some(id) => view! { <editor::Editor id=id/> }.into_any(),
        None => view! { <Overview/> }.into_any(),
    }
}

/// The articles, every role; agents and owners also edit them.
pub fn use_articles() -> LocalResource<Result<ArticleList, api::ApiError>> {
    let session = use_session();
    LocalResource::new(move || {
        let path = site_path(paths::CONSOLE_LIBRARY_ARTICLES, &session.site(), &[]);
        async move { api::get::<ArticleList>(&path).await }
    })
}

#[component]
fn Overview() -> impl IntoView {
    let i18n = use_i18n();
    let articles = use_articles();
    view! {
        <h1>{move || i18n.t(Text::Title)}</h1>
        <gaps::Gaps articles=articles/>
        <section class="pc-section" aria-labelledby="articles-title">
            <h2 id="articles-title">{move || i18n.t(Text::Articles)}</h2>
            {loaded(articles, move |list: ArticleList| view! {
                {list.managed_by_files.then(|| view! { <p class="pc-notice">{move || i18n.t(Text::ManagedByFiles)}</p> })}
                <div class="pc-scroll" tabindex="0" role="region" aria-label=move || i18n.t(Text::Articles)>
                <table class="pc-table pc-table--rows">
                    <thead><tr>
                        <th scope="col">{move || i18n.t(Text::ArticleTitle)}</th>
                        <th scope="col">{move || i18n.t(Text::Category)}</th>
                        <th scope="col">{move || i18n.t(Text::Locales)}</th>
                        <th scope="col">{move || i18n.t(Text::Updated)}</th>
                    </tr></thead>
                    <tbody>
                        {list.articles.into_iter().map(|a| view! {
                            <tr>
                                <td><A href=format!("/console/library/{}", a.id)>{a.title}</A></td>
                                <td>{a.category}</td>
                                <td>{a.locales.iter().map(|l| l.as_str()).collect::<Vec<_>>().join(", ")}</td>
                                <td>{format::date_time(a.updated_at)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
            })}
        </section>
    }
}
