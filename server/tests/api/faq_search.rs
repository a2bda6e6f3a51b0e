use serde_json::Value;

use crate::common::faq::{error_fields, hit_ids, query, SESSION};
use crate::common::{assert_envelope, spawn_with, Options, TestApp};

async fn app() -> TestApp {
    spawn_with(Options {
        faq: true,
        ..Options::default()
    })
    .await
}

async fn search(app: &TestApp, q: &str, locale: &str) -> Value {
    app.get_json(&format!(
        "/v1/sites/demo/faq/search{}",
        query(&[("q", q), ("locale", locale)])
    ))
    .await
}

async fn top(app: &TestApp, q: &str, locale: &str) -> String {
    let resp = search(app, q, locale).await;
    hit_ids(&resp).into_iter().next().unwrap_or_default()
}

#[tokio::test]
async fn chinese_without_spaces() {
    let app = app().await;
    assert_eq!(top(&app, "怎么退货", "zh-CN").await, "returns-how-to");
    assert_eq!(top(&app, "地址填错了", "zh-CN").await, "change-address");
    assert_eq!(top(&app, "退款多久到账", "zh-CN").await, "refund-time");
}

#[tokio::test]
async fn traditional_and_simplified_find_each_other() {
    let app = app().await;
    let resp = search(&app, "查詢物流", "zh-TW").await;
    assert_eq!(hit_ids(&resp)[0], "track-order");
    // A zh-TW reader gets the zh-CN article converted to traditional script.
    assert_eq!(resp["hits"][0]["title"], "如何查詢物流資訊？");
    assert_eq!(resp["locale"], "zh-TW");
    let ids = hit_ids(&search(&app, "退貨", "zh-TW").await);
    assert!(
        ids[0] == "returns-how-to" || ids[0] == "returns-policy",
        "{ids:?}"
    );
    // Traditional characters typed by a zh-CN reader.
    assert_eq!(top(&app, "查詢物流", "zh-CN").await, "track-order");
}

#[tokio::test]
async fn english_typos_and_plurals() {
    let app = app().await;
    assert_eq!(top(&app, "retrun an item", "en").await, "returns-how-to");
    assert_eq!(top(&app, "trackng", "en").await, "track-order");
    assert_eq!(top(&app, "refunds", "en").await, "refund-time");
    assert_eq!(top(&app, "change adress", "en").await, "change-address");
}

#[tokio::test]
async fn a_word_typed_in_another_of_the_sites_languages_finds_the_readers_article() {
    let app = app().await;
    // An English word (with a typo) in the Chinese panel: the Chinese article about it.
    let resp = search(&app, "trackng", "zh-CN").await;
    assert_eq!(hit_ids(&resp)[0], "track-order");
    assert_eq!(resp["hits"][0]["title"], "如何查询物流信息？");
    assert_eq!(top(&app, "refunds", "zh-TW").await, "refund-time");
    // Chinese in the English panel.
    assert_eq!(top(&app, "退款多久到账", "en").await, "refund-time");
    // Found in the reader's own language first: no article of another language mixed in.
    assert_eq!(top(&app, "怎么退货", "zh-CN").await, "returns-how-to");
    // Nothing in any language is still nothing.
    assert!(hit_ids(&search(&app, "zzqx", "zh-CN").await).is_empty());
}

#[tokio::test]
async fn hits_mark_matched_terms() {
    let app = app().await;
    let resp = search(&app, "怎么退货", "zh-CN").await;
    let hit = &resp["hits"][0];
    let marked: Vec<&str> = hit["title_marked"]
        .as_array()
        .expect("parts")
        .iter()
        .filter(|p| p["mark"] == true)
        .filter_map(|p| p["text"].as_str())
        .collect();
    assert_eq!(marked, ["退货"], "{hit}");
    let snippet: String = hit["snippet"]
        .as_array()
        .expect("parts")
        .iter()
        .filter_map(|p| p["text"].as_str())
        .collect();
    assert!(
        snippet.contains("退货") && !snippet.contains("**"),
        "{snippet}"
    );
    assert!(hit["score"].as_f64().expect("score") > 0.0);

    let resp = search(&app, "returns", "en").await;
    let parts = &resp["hits"][0]["title_marked"];
    assert!(
        parts
            .as_array()
            .expect("parts")
            .iter()
            .any(|p| p["mark"] == true && p["text"] == "return"),
        "{parts}"
    );
}

#[tokio::test]
async fn empty_query_gives_the_most_viewed() {
    let app = app().await;
    for (id, times) in [("refund-time", 3), ("track-order", 1)] {
        for _ in 0..times {
            let path = format!("/v1/sites/demo/faq/articles/{id}?locale=en&session={SESSION}");
            app.get_json(&path).await;
        }
    }
    let resp = search(&app, "  ", "en").await;
    let ids = hit_ids(&resp);
    assert_eq!(&ids[..2], ["refund-time", "track-order"]);
    // The rest (no views) by title.
    assert_eq!(&ids[2..], ["change-address", "returns-how-to"]);
    assert_eq!(resp["query"], "  ");
}

#[tokio::test]
async fn oversize_query_and_unknown_locale_are_422() {
    let app = app().await;
    let long = "退".repeat(201);
    let resp = app
        .get(&format!(
            "/v1/sites/demo/faq/search{}",
            query(&[("q", &long)])
        ))
        .await;
    let env = assert_envelope(resp, 422, "validation_failed").await;
    assert_eq!(error_fields(&env), ["q"]);
    let resp = app.get("/v1/sites/demo/faq/search?q=x&locale=fr").await;
    let env = assert_envelope(resp, 422, "validation_failed").await;
    assert_eq!(error_fields(&env), ["locale"]);
    let resp = app.get("/v1/sites/demo/faq/search?q=x&limit=many").await;
    let env = assert_envelope(resp, 422, "validation_failed").await;
    assert_eq!(error_fields(&env), ["limit"]);
    let resp = app.get("/v1/sites/nope/faq/search?q=x").await;
    assert_envelope(resp, 404, "site_not_found").await;
}

#[tokio::test]
async fn limit_is_clamped_and_locale_defaults_to_the_site() {
    let app = app().await;
    let one = app.get_json("/v1/sites/demo/faq/search?q=&limit=0").await;
    assert_eq!(one["hits"].as_array().expect("hits").len(), 1);
    assert_eq!(one["locale"], "zh-CN");
    let many = app
        .get_json("/v1/sites/demo/faq/search?q=&limit=500&locale=zh-CN")
        .await;
    assert_eq!(many["hits"].as_array().expect("hits").len(), 5);
}

#[tokio::test]
async fn home_lists_categories_and_popular() {
    let app = app().await;
    let home = app.get_json("/v1/sites/demo/faq?locale=zh-TW").await;
    assert_eq!(home["locale"], "zh-TW");
    let names: Vec<&str> = home["categories"]
        .as_array()
        .expect("categories")
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert!(names.contains(&"退換貨"), "{names:?}");
    let total: usize = home["categories"]
        .as_array()
        .expect("categories")
        .iter()
        .map(|c| c["articles"].as_array().expect("articles").len())
        .sum();
    assert_eq!(total, 5);
    assert_eq!(home["popular"].as_array().expect("popular").len(), 5);
    // Stable: the same twice.
    assert_eq!(app.get_json("/v1/sites/demo/faq?locale=zh-TW").await, home);
}
