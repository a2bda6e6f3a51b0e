//! Request budgets over real HTTP: a flood is refused with 429 and recovers, reads, writes and
//! admin failures are counted apart, per client and per site, and `X-Forwarded-For` counts
//! only from a trusted proxy. Every request here comes from 127.0.0.1; other clients are
//! named through a trusted proxy's header.

use std::time::Duration;

use patron_server::RateLimitArgs;

use crate::common::{assert_envelope, spawn_with, Options, TestApp, ADMIN_TOKEN, DEMO_YAML};

const SETTINGS: &str = "/v1/sites/demo/settings";
const ADMIN_ARTICLES: &str = "/v1/admin/sites/demo/faq/articles";
const DISPLAYS: &str = "/v1/sites/demo/surveys/displays";

/// The defaults with some budgets replaced, unscaled.
fn limits(tune: impl FnOnce(&mut RateLimitArgs)) -> RateLimitArgs {
    let mut args = RateLimitArgs::default();
    tune(&mut args);
    args
}

fn budget(s: &str) -> patron_server::rate_limit::Budget {
    s.parse().expect("budget")
}

async fn app_with(args: RateLimitArgs) -> TestApp {
    spawn_with(Options {
        rate_limits: Some(args),
        ..Options::default()
    })
    .await
}

/// `GET path` as the client `ip`, forwarded by the proxy at 127.0.0.1.
async fn get_as(app: &TestApp, path: &str, ip: &str) -> reqwest::Response {
    app.client
        .get(app.url(path))
        .header("x-forwarded-for", ip)
        .send()
        .await
        .expect("request")
}

async fn admin_get(app: &TestApp, key: &str, ip: &str) -> reqwest::Response {
    app.client
        .get(app.url(ADMIN_ARTICLES))
        .bearer_auth(key)
        .header("x-forwarded-for", ip)
        .send()
        .await
        .expect("request")
}

/// Asserts a 429 envelope and returns its `Retry-After`.
async fn assert_rate_limited(resp: reqwest::Response) -> Duration {
    let retry_after: u64 = resp
        .headers()
        .get("retry-after")
        .expect("Retry-After")
        .to_str()
        .expect("ascii")
        .parse()
        .expect("whole seconds");
    assert!((1..=60).contains(&retry_after), "Retry-After {retry_after}");
    assert_envelope(resp, 429, "rate_limited").await;
    Duration::from_secs(retry_after)
}

#[tokio::test]
async fn a_flood_is_refused_with_429_and_recovers_after_the_window() {
    let app = app_with(limits(|l| {
        l.rate_limit_client_reads = budget("5/s burst 5")
    }))
    .await;
    for i in 0..5 {
        assert_eq!(app.get(SETTINGS).await.status(), 200, "request {i}");
    }
    // The flood goes on; every further request is refused, with the wait to observe.
    let mut refused = 0;
    let mut wait = Duration::ZERO;
    for _ in 0..20 {
        let resp = app.get(SETTINGS).await;
        if resp.status() == 429 {
            refused += 1;
            wait = assert_rate_limited(resp).await;
        }
    }
    assert!(refused >= 18, "only {refused} of 20 refused");
    tokio::time::sleep(wait).await;
    assert_eq!(app.get(SETTINGS).await.status(), 200, "recovered");
}

#[tokio::test]
async fn reads_and_writes_have_budgets_of_their_own() {
    let app = app_with(limits(|l| {
        l.rate_limit_client_writes = budget("2/min burst 2");
        l.rate_limit_client_reads = budget("100/min burst 100");
    }))
    .await;
    // Writes are counted before the handler runs, so invalid ones count too.
    for _ in 0..2 {
        let resp = app.post_json(DISPLAYS, &serde_json::json!({})).await;
        assert_eq!(
            resp.status(),
            400,
            "refused by the handler, not for its rate"
        );
    }
    assert_rate_limited(app.post_json(DISPLAYS, &serde_json::json!({})).await).await;
    // Reads, and survey eligibility (a POST that only asks), still go through.
    assert_eq!(app.get(SETTINGS).await.status(), 200);
    let resp = app
        .post_json(
            "/v1/sites/demo/surveys/eligibility",
            &serde_json::json!({"device_id": "device-0123456789abcdef", "surface": "embed",
                                "locale": "en", "trigger": {"kind": "event", "name": "x"}}),
        )
        .await;
    assert_eq!(resp.status(), 200);
}

#[tokio::test]
async fn forwarded_for_counts_only_from_a_trusted_proxy() {
    let tight = |l: &mut RateLimitArgs| l.rate_limit_client_reads = budget("2/min burst 2");
    // Not trusted: a client cannot choose its key by writing the header.
    let app = app_with(limits(tight)).await;
    for (i, ip) in ["198.51.100.1", "198.51.100.2"].iter().enumerate() {
        assert_eq!(get_as(&app, SETTINGS, ip).await.status(), 200, "{i}");
    }
    assert_rate_limited(get_as(&app, SETTINGS, "198.51.100.3").await).await;

    // Trusted: each forwarded client has its own budget.
    let app = app_with(limits(|l| {
        tight(l);
        l.trusted_proxies = vec!["127.0.0.1/32".parse().expect("net")];
    }))
    .await;
    for ip in ["198.51.100.1", "198.51.100.2", "198.51.100.3"] {
        assert_eq!(get_as(&app, SETTINGS, ip).await.status(), 200, "{ip}");
        assert_eq!(get_as(&app, SETTINGS, ip).await.status(), 200, "{ip}");
        assert_rate_limited(get_as(&app, SETTINGS, ip).await).await;
    }
    // The address a client wrote before the proxy's own entry is not believed either.
    assert_rate_limited(get_as(&app, SETTINGS, "203.0.113.9, 198.51.100.1").await).await;
}

#[tokio::test]
async fn the_site_budget_caps_all_clients_together_and_unknown_sites_share_one() {
    let app = app_with(limits(|l| {
        l.rate_limit_client_reads = budget("3/min burst 3");
        l.rate_limit_site_reads = budget("4/min burst 4");
        l.trusted_proxies = vec!["127.0.0.0/8".parse().expect("net")];
    }))
    .await;
    for ip in [
        "198.51.100.1",
        "198.51.100.2",
        "198.51.100.3",
        "198.51.100.4",
    ] {
        assert_eq!(get_as(&app, SETTINGS, ip).await.status(), 200, "{ip}");
    }
    assert_rate_limited(get_as(&app, SETTINGS, "198.51.100.5").await).await;
    // Unknown names: one client's budget is shared by all of them, whatever the name.
    for site in ["nope-1", "nope-2", "nope-3"] {
        let resp = get_as(&app, &format!("/v1/sites/{site}/settings"), "198.51.100.9").await;
        assert_eq!(resp.status(), 404);
    }
    let resp = get_as(&app, "/v1/sites/nope-4/settings", "198.51.100.9").await;
    assert_rate_limited(resp).await;
    // A percent-encoded name spends the site it is routed to.
    assert_rate_limited(get_as(&app, "/v1/sites/%64emo/settings", "198.51.100.8").await).await;
}

#[tokio::test]
async fn a_site_sets_its_own_budgets_in_site_yaml() {
    let kiosk = format!(
        "{DEMO_YAML}rate_limits:\n  client_reads: 20/min burst 20\n  site_reads: 20/min burst 20\n"
    );
    let app = spawn_with(Options {
        sites: vec![("kiosk", kiosk)],
        rate_limits: Some(limits(|l| {
            l.rate_limit_client_reads = budget("2/min burst 2");
        })),
        ..Options::default()
    })
    .await;
    for i in 0..20 {
        let resp = app.get("/v1/sites/kiosk/settings").await;
        assert_eq!(resp.status(), 200, "kiosk request {i}");
    }
    assert_rate_limited(app.get("/v1/sites/kiosk/settings").await).await;
    for _ in 0..2 {
        assert_eq!(app.get(SETTINGS).await.status(), 200);
    }
    assert_rate_limited(app.get(SETTINGS).await).await;
}

#[tokio::test]
async fn admin_failures_are_counted_and_a_correct_key_never_is() {
    let app = app_with(limits(|l| {
        l.rate_limit_admin_failures = budget("3/min burst 3");
        l.trusted_proxies = vec!["127.0.0.1/32".parse().expect("net")];
    }))
    .await;
    let guesser = "198.51.100.66";
    for i in 0..20 {
        let resp = admin_get(&app, ADMIN_TOKEN, guesser).await;
        assert_eq!(resp.status(), 200, "correct key, request {i}");
    }
    for i in 0..3 {
        let resp = admin_get(&app, &format!("guess-{i}"), guesser).await;
        assert_envelope(resp, 401, "unauthorized").await;
    }
    assert_rate_limited(admin_get(&app, "guess-3", guesser).await).await;
    // Spent: even the right key waits, so a right guess cannot be told from a wrong one.
    assert_rate_limited(admin_get(&app, ADMIN_TOKEN, guesser).await).await;
    // Another client is not held up.
    assert_eq!(
        admin_get(&app, ADMIN_TOKEN, "198.51.100.7").await.status(),
        200
    );
}

#[tokio::test]
async fn files_and_pages_are_not_counted() {
    let app = app_with(limits(|l| {
        l.rate_limit_client_reads = budget("1/min burst 1");
        l.rate_limit_site_reads = budget("1/min burst 1");
    }))
    .await;
    for _ in 0..5 {
        assert_eq!(app.get("/healthz").await.status(), 200);
        assert_eq!(app.get("/openapi.json").await.status(), 200);
    }
}
