use crate::common::{assert_envelope, spawn_app};

#[tokio::test]
async fn an_article_s_code_is_the_page_mode_address_of_that_article_and_nothing_more() {
    let app = spawn_app().await;
    let resp = app
        .get("/v1/sites/demo/handoff.svg?view=faq&article=returns-policy&locale=en")
        .await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "image/svg+xml");
    assert!(resp.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("sandbox"));
    let svg = resp.text().await.unwrap();
    // The same drawing as the expected address encoded afresh: the code says exactly this.
    let expected = format!(
        "{}/widget/?site=demo&mode=page&view=faq&article=returns-policy&locale=en",
        app.address
    );
    assert_eq!(svg, patron_server::handoff::qr_svg(&expected).unwrap());
    assert!(svg.starts_with("<?xml") && svg.contains("<svg"));
}

#[tokio::test]
async fn guides_and_points_hand_off_too_and_differ() {
    let app = spawn_app().await;
    let guide = app
        .get("/v1/sites/demo/handoff.svg?view=onboarding&pack=welcome")
        .await;
    assert_eq!(guide.status(), 200);
    let points = app.get("/v1/sites/demo/handoff.svg?view=points").await;
    assert_eq!(points.status(), 200);
    let expected = format!("{}/widget/?site=demo&mode=page&view=points", app.address);
    assert_eq!(
        points.text().await.unwrap(),
        patron_server::handoff::qr_svg(&expected).unwrap()
    );
    assert_ne!(
        guide.text().await.unwrap(),
        patron_server::handoff::qr_svg(&expected).unwrap()
    );
}

#[tokio::test]
async fn a_view_without_its_id_or_with_anything_else_is_refused() {
    let app = spawn_app().await;
    for query in [
        "view=faq",
        "view=faq&article=Not%20An%20Id",
        "view=points&article=returns-policy",
        "view=survey",
    ] {
        let resp = app
            .get(&format!("/v1/sites/demo/handoff.svg?{query}"))
            .await;
        assert_envelope(resp, 422, "validation_failed").await;
    }
    // Anything else in the query is ignored, never encoded.
    let resp = app
        .get("/v1/sites/demo/handoff.svg?view=points&member=m-1")
        .await;
    assert_eq!(resp.status(), 200);
    let expected = format!("{}/widget/?site=demo&mode=page&view=points", app.address);
    assert_eq!(
        resp.text().await.unwrap(),
        patron_server::handoff::qr_svg(&expected).unwrap()
    );
    assert_envelope(
        app.get("/v1/sites/nope/handoff.svg?view=points").await,
        404,
        "site_not_found",
    )
    .await;
}
