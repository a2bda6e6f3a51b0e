//! The article editor: the three languages side by side, each with its Markdown, a live
//! preview rendered by the server's own sanitiser, and publish (searchable at once). What is
//! typed is kept as a draft in this browser until it is published.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::components::A;
use patron_api::console::library::{LibraryArticle, Preview, PreviewRequest};
use patron_api::faq::admin::{AdminArticle, ArticleBody};
use patron_api::{paths, Locale};

use super::draft::{self, Draft};
use super::text::Text;
use crate::api::{self, site_path, ApiError};
use crate::i18n::use_i18n;
use crate::session::use_session;
use crate::ui::{loaded, Common, WriteError};

#[component]
pub fn Editor(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let article = LocalResource::new({
        let id = id.clone();
        move || {
            let path = site_path(
                paths::CONSOLE_LIBRARY_ARTICLE,
                &session.site(),
                &[("id", &id)],
            );
            async move {
                match api::get::<LibraryArticle>(&path).await {
                    // A new article: every language starts empty.
                    Err(ApiError::NotFound) => Ok(LibraryArticle {
                        id: String::new(),
                        versions: vec![],
                        managed_by_files: false,
                    }),
                    other => other,
                }
            }
        }
    });
    view! {
        <p><A href="/console/library">"← "{move || i18n.t(Common::Back)}</A></p>
        <h1>{move || i18n.t(Text::Editor)}" · "{id.clone()}</h1>
        {loaded(article, move |a: LibraryArticle| {
            let id = id.clone();
            view! {
                {a.managed_by_files.then(|| view! { <p class="pc-notice">{move || i18n.t(Text::ManagedByFiles)}</p> })}
                <div class="pc-editor">
                    {Locale::ALL.into_iter().map(|locale| {
                        let version = a.versions.iter().find(|v| v.locale == locale).cloned();
                        view! { <Column id=id.clone() locale=locale version=version/> }
                    }).collect_view()}
                </div>
            }
        })}
    }
}

fn locale_name(locale: Locale) -> &'static str {
    match locale {
        Locale::ZhCn => "简体中文",
        Locale::ZhTw => "繁體中文",
        _ => "English",
    }
}

/// One language of the article.
#[component]
fn Column(id: String, locale: Locale, version: Option<AdminArticle>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let site = session.site();
    let saved = version.as_ref().map(|v| Draft {
        title: v.title.clone(),
        category: v.category.clone(),
        keywords: v.keywords.join(", "),
        body: v.body_markdown.clone(),
    });
    let restored = draft::load(&site, &id, locale).filter(|d| Some(d) != saved.as_ref());
    let had_draft = restored.is_some();
    let text = RwSignal::new(restored.or(saved.clone()).unwrap_or_default());
    // Every change is kept in this browser until published.
    let first = StoredValue::new(true);
    Effect::new({
        let (site, id) = (site.clone(), id.clone());
        move || {
            let d = text.get();
            if first.get_value() {
                first.set_value(false);
                return;
            }
            draft::save(&site, &id, locale, &d);
        }
    });
    let can_work = session.can_work();
    // The preview follows the Markdown a moment after typing stops.
    let markdown = RwSignal::new(text.get_untracked().body);
    Effect::new(move |handle: Option<Option<TimeoutHandle>>| {
        let body = text.with(|d| d.body.clone());
        if let Some(Some(h)) = handle {
            h.clear();
        }
        set_timeout_with_handle(move || markdown.set(body), Duration::from_millis(300)).ok()
    });
    let preview_path = site_path(paths::CONSOLE_LIBRARY_PREVIEW, &site, &[]);
    let fallback_html = version
        .as_ref()
        .map(|v| v.body_html.clone())
        .unwrap_or_default();
    let preview = LocalResource::new(move || {
        let md = markdown.get();
        let (path, fallback) = (preview_path.clone(), fallback_html.clone());
        async move {
            if !can_work {
                // Viewers may not call the preview: they see the published text.
                return Ok(fallback);
            }
            api::post::<_, Preview>(&path, &PreviewRequest { markdown: md })
                .await
                .map(|p| p.html)
        }
    });
    let publish = Action::new_local({
        let (site, id) = (site.clone(), id.clone());
        move |body: &ArticleBody| {
            let path = site_path(
                paths::CONSOLE_LIBRARY_ARTICLE_LOCALE,
                &site,
                &[("id", &id), ("locale", locale.as_str())],
            );
            let (body, site, id) = (body.clone(), site.clone(), id.clone());
            async move {
                let r = api::put::<_, AdminArticle>(&path, &body).await.map(|_| ());
                if r.is_ok() {
                    draft::forget(&site, &id, locale);
                }
                r
            }
        }
    });
    let result: Signal<Option<Result<(), ApiError>>> = publish.value().into();
    let field = move |label: Text, get: fn(&Draft) -> String, set: fn(&mut Draft, String)| {
        view! {
            <label>{move || i18n.t(label)}
                <input prop:value=move || text.with(get) readonly=!can_work
                    on:input=move |ev| { let v = event_target_value(&ev); text.update(|d| set(d, v)); }/>
            </label>
        }
    };
    let discard = {
        let (site, id) = (site.clone(), id.clone());
        move |_| {
            draft::forget(&site, &id, locale);
            text.set(saved.clone().unwrap_or_default());
        }
    };
    view! {
        <section class="pc-editor__column" lang=locale.as_str() aria-labelledby=format!("col-{}", locale.as_str())>
            <h2 id=format!("col-{}", locale.as_str())>{locale_name(locale)}</h2>
            {version.is_none().then(|| view! { <p class="pc-muted" lang=move || i18n.locale.get().as_str()>{move || i18n.t(Text::Missing)}</p> })}
            {had_draft.then(|| view! {
                <p class="pc-notice" role="status" lang=move || i18n.locale.get().as_str()>{move || i18n.t(Text::DraftRestored)}" "
                    <button type="button" class="pc-button pc-button--quiet" on:click=discard>{move || i18n.t(Text::Discard)}</button></p>
            })}
            <form class="pc-form" lang=move || i18n.locale.get().as_str() on:submit=move |ev| {
                ev.prevent_default();
                publish.dispatch(text.get_untracked().body());
            }>
                {field(Text::ArticleTitle, |d| d.title.clone(), |d, v| d.title = v)}
                {field(Text::Category, |d| d.category.clone(), |d, v| d.category = v)}
                {field(Text::Keywords, |d| d.keywords.clone(), |d, v| d.keywords = v)}
                <label>{move || i18n.t(Text::Body)}
                    <textarea rows="12" readonly=!can_work prop:value=move || text.with(|d| d.body.clone())
                        on:input=move |ev| { let v = event_target_value(&ev); text.update(|d| d.body = v); }></textarea>
                </label>
                <Show when=move || can_work>
                    <button type="submit" class="pc-button pc-button--primary" disabled=move || publish.pending().get()>
                        {move || if publish.pending().get() { i18n.t(Text::Publishing) } else { i18n.t(Text::Publish) }}
                    </button>
                    {move || matches!(publish.value().get(), Some(Ok(()))).then(|| view! {
                        <p class="pc-notice" role="status">{move || i18n.t(Text::Published)}</p>
                    })}
                    <WriteError result=result/>
                </Show>
            </form>
            <h3 lang=move || i18n.locale.get().as_str()>{move || i18n.t(Text::Preview)}</h3>
            {loaded(preview, |html: String| view! { <div class="pc-preview" inner_html=html></div> })}
        </section>
    }
}
