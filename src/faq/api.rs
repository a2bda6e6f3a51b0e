//! The FAQ endpoints, one function each.

use patron_api::faq::{
    Article, ContactReceipt, ContactRequest, FaqHome, SearchResponse, VoteRequest,
};
use patron_api::Locale;

use crate::api::{get_json, post_json, post_json_as, query_string, ApiError};

pub async fn home(site: String, locale: Locale) -> Result<FaqHome, ApiError> {
    get_json(&format!(
        "/v1/sites/{site}/faq{}",
        query_string(&[("locale", locale.as_str())])
    ))
    .await
}

pub async fn search(
    site: String,
    q: String,
    locale: Locale,
    session: String,
) -> Result<SearchResponse, ApiError> {
    let qs = query_string(&[
        ("q", &q),
        ("locale", locale.as_str()),
        ("session", &session),
    ]);
    get_json(&format!("/v1/sites/{site}/faq/search{qs}")).await
}

pub async fn article(
    site: String,
    id: String,
    locale: Locale,
    session: String,
) -> Result<Article, ApiError> {
    let qs = query_string(&[("locale", locale.as_str()), ("session", &session)]);
    get_json(&format!("/v1/sites/{site}/faq/articles/{id}{qs}")).await
}

pub async fn vote(site: String, id: String, body: VoteRequest) -> Result<(), ApiError> {
    post_json(&format!("/v1/sites/{site}/faq/articles/{id}/votes"), &body).await
}

/// With the member's token when signed in, so the request is recorded as theirs.
pub async fn contact(
    site: String,
    body: ContactRequest,
    token: Option<String>,
) -> Result<ContactReceipt, ApiError> {
    post_json_as(
        &format!("/v1/sites/{site}/contact"),
        &body,
        token.as_deref(),
    )
    .await
}
