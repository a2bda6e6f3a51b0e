//! FAQ self-service: search and browse answers, rate them, and reach a person with the whole
//! context attached.

mod api;
mod article;
mod browse;
mod contact;
mod i18n;

use leptos::prelude::*;
use patron_api::faq::{ArticleSummary, SnippetPart};

use crate::i18n::use_i18n;
use crate::session::{use_session, FaqView};
use i18n::t;

/// Help's styles: they arrive with its chunk instead of in the first-open CSS.
const CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/faq.css"));

/// The Help screen: whichever of browse, article, contact form or receipt the customer is on.
#[component]
pub fn Faq() -> impl IntoView {
    let faq_view = use_session().faq.view;
    let screen = move || match faq_view.get() {
        FaqView::Browse => view! { <browse::Browse/> }.into_any(),
        FaqView::Article(id) => view! { <article::ArticleView id/> }.into_any(),
        FaqView::Contact => view! { <contact::ContactForm/> }.into_any(),
        FaqView::Sent(reference) => view! { <contact::Sent reference/> }.into_any(),
    };
    view! {
        <style>{CSS}</style>
        {screen}
    }
}

/// Text with the matched terms in `<mark>`, each piece a text node (never HTML).
fn marked(parts: Vec<SnippetPart>) -> impl IntoView {
    parts
        .into_iter()
        .map(|p| {
            if p.mark {
                view! { <mark>{p.text}</mark> }.into_any()
            } else {
                p.text.into_any()
            }
        })
        .collect_view()
}

/// A list of article links.
#[component]
fn ArticleLinks(articles: Vec<ArticleSummary>) -> impl IntoView {
    let trail = use_session().faq;
    view! {
        <ul class="pt-links">
            {articles
                .into_iter()
                .map(|a| {
                    let id = a.id.clone();
                    view! {
                        <li>
                            <button class="pt-link" data-testid="faq-link" data-article=a.id
                                on:click=move |_| trail.open(FaqView::Article(id.clone()))>
                                {a.title}
                            </button>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// "Still need help? Contact customer service."
#[component]
fn StillNeedHelp() -> impl IntoView {
    let i18n = use_i18n();
    let trail = use_session().faq;
    view! {
        <div class="pt-escalate">
            <p>{move || t(i18n).faq_still_need_help}</p>
            <button class="pt-button" data-testid="faq-contact" on:click=move |_| trail.open(FaqView::Contact)>
                {move || t(i18n).faq_contact_us}
            </button>
        </div>
    }
}
