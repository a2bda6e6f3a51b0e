//! An answer library that learns (issue 18): clicks from a search to an article and
//! "helpful" votes after it lift the article for the query's words; the lift decays, can be
//! reset, and one client cannot buy it. English typo correction leaves real words alone.

use serde_json::{json, Value};

use crate::common::faq::{article, hit_ids, query};
use crate::common::{spawn_tuned, Options, TestApp, ADMIN_TOKEN};

const LEARNED: &str = "/v1/admin/sites/demo/faq/learned";
const DAY_MS: i64 = 86_400_000;

/// The test articles, plus one about an order that has shipped; `127.0.0.1` is a trusted
/// proxy, so each simulated customer can come from an address of their own.
async fn app() -> TestApp {
    let shipped = article(
        "order-shipped",
        "en",
        "Delivery",
        "Your order has shipped",
        "Once an order has shipped, the courier brings it within three days.",
    );
    let opts = Options {
        faq: true,
        files: vec![("content/demo/faq/order-shipped.en.md".into(), shipped)],
        ..Options::default()
    };
    spawn_tuned(opts, |c| {
        c.rate_limits.trusted_proxies = vec!["127.0.0.1/32".parse().expect("net")];
    })
    .await
}

impl TestApp {
    async fn ranked(&self, q: &str) -> Vec<String> {
        hit_ids(
            &self
                .get_json(&format!(
                    "/v1/sites/demo/faq/search{}",
                    query(&[("q", q), ("locale", "en")])
                ))
                .await,
        )
    }

    /// One help session from `client`: search `q`, read `article`, find it helpful.
    async fn session(&self, client: &str, session: &str, q: &str, article: &str) {
        let from = |req: reqwest::RequestBuilder| req.header("x-forwarded-for", client);
        let search = format!(
            "/v1/sites/demo/faq/search{}",
            query(&[("q", q), ("locale", "en"), ("session", session)])
        );
        let read = format!("/v1/sites/demo/faq/articles/{article}?locale=en&session={session}");
        for path in [search, read] {
            let resp = from(self.client.get(self.url(&path)))
                .send()
                .await
                .expect("get");
            assert_eq!(resp.status(), 200, "{path}");
        }
        let vote = from(
            self.client
                .post(self.url(&format!("/v1/sites/demo/faq/articles/{article}/votes"))),
        )
        .json(&json!({"session": session, "locale": "en", "helpful": true}))
        .send()
        .await
        .expect("vote");
        assert_eq!(vote.status(), 204);
    }

    async fn learned(&self) -> Value {
        let resp = self
            .get_with(&format!("{LEARNED}?locale=en"), ADMIN_TOKEN)
            .await;
        assert_eq!(resp.status(), 200);
        resp.json().await.expect("json")
    }

    async fn reset_learned(&self, params: &str) -> i64 {
        let resp = self
            .client
            .delete(self.url(&format!("{LEARNED}{params}")))
            .bearer_auth(ADMIN_TOKEN)
            .send()
            .await
            .expect("delete");
        assert_eq!(resp.status(), 200);
        let v: Value = resp.json().await.expect("json");
        v["deleted"].as_i64().expect("deleted")
    }
}

fn session_id(n: usize) -> String {
    format!("s_learned_{n:06}")
}

#[tokio::test]
async fn two_hundred_customers_who_liked_an_article_make_it_rank_first_for_their_words() {
    let app = app().await;
    let before = app.ranked("refund").await;
    assert_eq!(before[0], "refund-time", "{before:?}");
    assert_ne!(before[0], "returns-how-to");
    let unrelated = app.ranked("track my order").await;

    // The replayed log: 200 customers searched "refund", read how to return an item, and
    // found it helpful.
    for n in 0..200 {
        let client = format!("198.51.{}.{}", n / 250, n % 250 + 1);
        app.session(&client, &session_id(n), "refund", "returns-how-to")
            .await;
    }
    let after = app.ranked("refund").await;
    assert_eq!(after[0], "returns-how-to", "{after:?}");
    // Other words learned nothing.
    assert_eq!(app.ranked("track my order").await, unrelated);
    let list = app.learned().await;
    let first = &list["associations"][0];
    assert_eq!(
        (first["term"].as_str(), first["article_id"].as_str()),
        (Some("refund"), Some("returns-how-to"))
    );
    assert_eq!(first["evidence"], 400, "a click and a vote per customer");

    // A year later the lesson has faded: evidence halves every 30 days.
    let db = app.db().await;
    sqlx::query("UPDATE faq_learned SET created_at = created_at - $1")
        .bind(365 * DAY_MS)
        .execute(&db)
        .await
        .expect("age");
    db.close().await;
    assert_eq!(app.ranked("refund").await, before);

    // Reset: everything learned about the article is forgotten.
    assert_eq!(app.reset_learned("?article=returns-how-to").await, 400);
    assert!(app.learned().await["associations"]
        .as_array()
        .expect("list")
        .is_empty());
}

#[tokio::test]
async fn one_client_cannot_poison_the_ranking() {
    let app = app().await;
    let before = app.ranked("refund").await;
    // One address opening 200 sessions counts once: one click and one vote.
    for n in 0..200 {
        app.session("203.0.113.9", &session_id(n), "refund", "change-address")
            .await;
    }
    assert_eq!(app.ranked("refund").await, before);
    let list = app.learned().await;
    assert_eq!(list["associations"][0]["evidence"], 2);

    // One session teaches about three articles at most.
    for (n, article) in [
        "track-order",
        "refund-time",
        "returns-how-to",
        "order-shipped",
    ]
    .into_iter()
    .enumerate()
    {
        let client = format!("192.0.2.{}", n + 1);
        app.session(&client, "s_one_busy_session", "refund", article)
            .await;
    }
    let taught: Vec<String> = app.learned().await["associations"]
        .as_array()
        .expect("list")
        .iter()
        .map(|a| a["article_id"].as_str().expect("id").to_owned())
        .collect();
    assert!(!taught.contains(&"order-shipped".to_owned()), "{taught:?}");
    assert!(taught.contains(&"returns-how-to".to_owned()), "{taught:?}");
    // A full reset forgets everything.
    assert!(app.reset_learned("").await > 0);
    assert!(app.learned().await["associations"]
        .as_array()
        .expect("list")
        .is_empty());
}

#[tokio::test]
async fn a_real_word_missing_from_the_articles_is_not_corrected() {
    let app = app().await;
    // "chipped" is one letter from "shipped", but a word of its own: no article is about it.
    assert!(app.ranked("chipped").await.is_empty());
    // A typo still is corrected.
    assert_eq!(
        app.ranked("shiped").await.first().map(String::as_str),
        Some("order-shipped")
    );
}
