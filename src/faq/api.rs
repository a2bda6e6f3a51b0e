//! The FAQ endpoints, one function each.

use patron_api::faq::{
    Article, ArticleSummary, Category, ContactReceipt, ContactRequest, FaqHome, SearchHit,
    SearchResponse, SnippetPart, VoteRequest,
};
use patron_api::paths;
use patron_api::Locale;

use crate::api::{get_json, get_json_kept, post_json, post_json_as, query_string, ApiError};
use crate::json::from_json;

pub async fn home(site: String, locale: Locale) -> Result<FaqHome, ApiError> {
    let path =
        paths::fill(paths::FAQ_HOME, &[&site]) + &query_string(&[("locale", locale.as_str())]);
    // The topics too, so that articles kept offline can still be found.
    get_json_kept(&path, &path, None).await
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
    get_json(&(paths::fill(paths::FAQ_SEARCH, &[&site]) + &qs)).await
}

pub async fn article(
    site: String,
    id: String,
    locale: Locale,
    session: String,
) -> Result<Article, ApiError> {
    // Kept for offline reading, whichever visit (session) asks.
    let key = paths::fill(paths::FAQ_ARTICLE, &[&site, &id])
        + &query_string(&[("locale", locale.as_str())]);
    let qs = query_string(&[("locale", locale.as_str()), ("session", &session)]);
    get_json_kept(
        &(paths::fill(paths::FAQ_ARTICLE, &[&site, &id]) + &qs),
        &key,
        None,
    )
    .await
}

pub async fn vote(site: String, id: String, body: VoteRequest) -> Result<(), ApiError> {
    post_json(&paths::fill(paths::FAQ_VOTES, &[&site, &id]), &body).await
}

/// With the member's token when signed in, so the request is recorded as theirs.
pub async fn contact(
    site: String,
    body: ContactRequest,
    token: Option<String>,
) -> Result<ContactReceipt, ApiError> {
    post_json_as(
        &paths::fill(paths::CONTACT, &[&site]),
        &body,
        token.as_deref(),
    )
    .await
}

from_json!(FaqHome {
    locale,
    categories,
    popular
});
from_json!(Category { name, articles });
from_json!(ArticleSummary {
    id,
    category,
    title
});
from_json!(SearchResponse {
    query,
    locale,
    hits
});
from_json!(SearchHit {
    id,
    category,
    title,
    title_marked,
    snippet,
    score
});
from_json!(SnippetPart { text; default: mark });
from_json!(Article {
    id,
    locale,
    category,
    title,
    html,
    updated_at,
    related
});
from_json!(ContactReceipt { reference });

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::tests::round_trips;

    fn summary(id: &str) -> ArticleSummary {
        ArticleSummary {
            id: id.into(),
            category: "退换货".into(),
            title: "退货政策是什么?".into(),
        }
    }

    #[test]
    fn answers_read_as_serde_writes_them() {
        round_trips(&FaqHome {
            locale: Locale::ZhCn,
            categories: vec![Category {
                name: "退换货".into(),
                articles: vec![summary("a"), summary("b")],
            }],
            popular: vec![summary("c")],
        });
        let part = |text: &str, mark| SnippetPart {
            text: text.into(),
            mark,
        };
        round_trips(&SearchResponse {
            query: "退货".into(),
            locale: Locale::En,
            hits: vec![SearchHit {
                id: "a".into(),
                category: "c".into(),
                title: "t".into(),
                title_marked: vec![part("x", true), part("y", false)],
                snippet: vec![part("z", false)],
                score: 1.5,
            }],
        });
        round_trips(&Article {
            id: "a".into(),
            locale: Locale::ZhTw,
            category: "c".into(),
            title: "t".into(),
            html: "<p>x</p>".into(),
            updated_at: 1_790_000_000_000,
            related: vec![summary("b")],
        });
        round_trips(&ContactReceipt {
            reference: "R-1".into(),
        });
    }
}
