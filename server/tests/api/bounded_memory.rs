//! Nothing a stranger can name grows the server's memory: unknown site names leave no cache
//! entry behind, and the rate limiter forgets clients once their budgets have refilled. Counted
//! in the server's own tables (`Application::caches`), so no timing is involved.

use std::time::{Duration, Instant};

use patron_server::RateLimitArgs;
use serde_json::json;

use crate::common::{spawn_with, Options};

#[tokio::test]
async fn unknown_site_names_leave_nothing_in_the_caches() {
    let app = spawn_with(Options {
        faq: true,
        ..Options::default()
    })
    .await;
    // The demo site's own index (also built at start-up, in the background).
    assert_eq!(app.get("/v1/sites/demo/faq").await.status(), 200);
    let before = app.caches.sizes().await;
    assert_eq!(before.faq_sites, 1);
    for i in 0..600 {
        let site = if i % 2 == 0 {
            format!("nope-{i}")
        } else {
            format!("{i}-{}", "x".repeat(2_000))
        };
        let follow_up = app
            .post_json(
                &format!("/v1/sites/{site}/surveys/follow-ups"),
                &json!({"idempotency_key": format!("key-{i:020}"), "comment": "hello",
                        "device_id": format!("device-{i:020}"), "surface": "embed"}),
            )
            .await;
        assert_eq!(follow_up.status(), 404, "{i}");
        let eligibility = app
            .post_json(
                &format!("/v1/sites/{site}/surveys/eligibility"),
                &json!({"device_id": format!("device-{i:020}"), "surface": "embed",
                        "locale": "en", "trigger": {"kind": "event", "name": "x"}}),
            )
            .await;
        assert_eq!(eligibility.status(), 404, "{i}");
        let search = app
            .get(&format!("/v1/sites/{site}/faq/search?q=return{i}"))
            .await;
        assert_eq!(search.status(), 404, "{i}");
    }
    let after = app.caches.sizes().await;
    assert_eq!(
        after.survey_sites, before.survey_sites,
        "{before:?} → {after:?}"
    );
    assert_eq!(after.faq_sites, before.faq_sites, "{before:?} → {after:?}");

    // A site that exists is cached, once.
    for _ in 0..3 {
        let resp = app
            .post_json(
                "/v1/sites/demo/surveys/eligibility",
                &json!({"device_id": "device-0123456789abcdef", "surface": "embed",
                        "locale": "en", "trigger": {"kind": "event", "name": "x"}}),
            )
            .await;
        assert_eq!(resp.status(), 200);
    }
    assert_eq!(app.caches.sizes().await.survey_sites, 1);
}

#[tokio::test]
async fn the_rate_limiter_forgets_clients_whose_budgets_refilled() {
    let app = spawn_with(Options {
        rate_limits: Some(RateLimitArgs {
            // Each client's budget refills a millisecond after its one request.
            rate_limit_client_reads: "1000/s burst 1".parse().expect("budget"),
            trusted_proxies: vec!["127.0.0.1/32".parse().expect("net")],
            ..RateLimitArgs::default()
        }),
        ..Options::default()
    })
    .await;
    let clients = 500u32;
    for i in 0..clients {
        let ip = std::net::Ipv4Addr::from(0xc633_6400 + i); // 198.51.100.0 onwards
        let resp = app
            .client
            .get(app.url("/v1/sites/demo/settings"))
            .header("x-forwarded-for", ip.to_string())
            .send()
            .await
            .expect("request");
        assert_eq!(resp.status(), 200);
    }
    assert!(app.caches.sizes().await.rate_limit_clients >= u64::from(clients));
    // Pruning forgets every refilled client; the last one refills a millisecond after its
    // request, so this settles at once (bounded, in case the machine is slow).
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        app.caches.prune();
        let left = app.caches.sizes().await.rate_limit_clients;
        if left == 0 {
            break;
        }
        assert!(Instant::now() < deadline, "{left} clients still tracked");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}
