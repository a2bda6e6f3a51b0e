use crate::common::faq::SESSION;
use crate::common::{assert_envelope, spawn_with, Options, TestApp};

async fn app() -> TestApp {
    spawn_with(Options {
        faq: true,
        ..Options::default()
    })
    .await
}

#[tokio::test]
async fn serves_rendered_html_and_related_articles() {
    let app = app().await;
    let a = app
        .get_json("/v1/sites/demo/faq/articles/returns-how-to?locale=zh-CN")
        .await;
    assert_eq!(a["id"], "returns-how-to");
    assert_eq!(a["locale"], "zh-CN");
    assert_eq!(a["title"], "怎么申请退货？");
    let html = a["html"].as_str().expect("html");
    assert!(
        html.contains("<strong>申请售后 &gt; 退货退款</strong>"),
        "{html}"
    );
    assert!(html.contains("rel=\"noopener noreferrer\""), "{html}");
    assert!(a["updated_at"].as_i64().expect("updated_at") > 0);
    let related: Vec<&str> = a["related"]
        .as_array()
        .expect("related")
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert!((3..=5).contains(&related.len()), "{related:?}");
    assert!(!related.contains(&"returns-how-to"));
    // The same category (退换货) comes first.
    assert!(
        ["returns-policy", "refund-time"].contains(&related[0])
            && ["returns-policy", "refund-time"].contains(&related[1]),
        "{related:?}"
    );
}

#[tokio::test]
async fn zh_tw_reader_gets_a_converted_zh_cn_article() {
    let app = app().await;
    let a = app
        .get_json("/v1/sites/demo/faq/articles/returns-how-to?locale=zh-TW")
        .await;
    assert_eq!(a["locale"], "zh-TW");
    assert_eq!(a["title"], "怎麼申請退貨？");
    assert_eq!(a["category"], "退換貨");
    let html = a["html"].as_str().expect("html");
    assert!(
        html.contains("退貨步驟") && !html.contains("退货"),
        "{html}"
    );
    assert!(
        html.contains("href=\"https://shop.example.com/orders\""),
        "{html}"
    );
}

#[tokio::test]
async fn unknown_articles_are_404() {
    let app = app().await;
    for path in [
        "/v1/sites/demo/faq/articles/no-such-article",
        "/v1/sites/demo/faq/articles/Bad_Id",
        "/v1/sites/demo/faq/articles/returns-policy?locale=en",
    ] {
        assert_envelope(app.get(path).await, 404, "not_found").await;
    }
    assert_envelope(
        app.get("/v1/sites/nope/faq/articles/returns-policy").await,
        404,
        "site_not_found",
    )
    .await;
    assert_envelope(
        app.get("/v1/sites/demo/faq/articles/returns-policy?locale=xx")
            .await,
        422,
        "validation_failed",
    )
    .await;
}

#[tokio::test]
async fn views_are_recorded_only_with_a_valid_session() {
    let app = app().await;
    for session in ["short", SESSION, SESSION] {
        app.get_json(&format!(
            "/v1/sites/demo/faq/articles/track-order?locale=en&session={session}"
        ))
        .await;
    }
    app.get_json("/v1/sites/demo/faq/articles/refund-time?locale=en")
        .await;
    let resp = app
        .get_with(
            "/v1/admin/sites/demo/reports/faq/helpfulness",
            crate::common::ADMIN_TOKEN,
        )
        .await;
    let report: serde_json::Value = resp.json().await.expect("json");
    let views = |id: &str| {
        report["articles"]
            .as_array()
            .expect("articles")
            .iter()
            .find(|a| a["id"] == id)
            .map(|a| a["views"].as_i64().expect("views"))
    };
    assert_eq!(views("track-order"), Some(2));
    assert_eq!(views("refund-time"), Some(0));
}

#[tokio::test]
async fn faq_routes_follow_site_cors() {
    let app = app().await;
    let resp = app
        .client
        .request(reqwest::Method::OPTIONS, app.url("/v1/sites/demo/contact"))
        .header("origin", crate::common::SHOP_ORIGIN)
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type")
        .send()
        .await
        .expect("request");
    assert_eq!(resp.status(), 204);
    let resp = app
        .client
        .get(app.url("/v1/sites/demo/faq/search?q=x"))
        .header("origin", crate::common::SHOP_ORIGIN)
        .send()
        .await
        .expect("request");
    assert_eq!(
        resp.headers()["access-control-allow-origin"],
        crate::common::SHOP_ORIGIN
    );
}
