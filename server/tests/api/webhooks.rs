//! Webhook delivery for every site: signed the Standard Webhooks way (checked with that
//! standard's reference verifier, as a receiver would), given up after its attempts or its
//! age, fair across sites (one site's stuck endpoint does not hold another's alerts), and
//! never sent to private addresses unless allowed.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::routing::post;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;
use tokio::sync::watch;

use crate::common::surveys::{answer, eventually, id, with_webhook, SURVEYS_YAML};
use crate::common::{spawn_tuned, start, test_config, write_site, Options, TestApp, DEMO_YAML};

const SECRET_BYTES: &[u8] = b"a-32-byte-webhook-key-for-tests!";

fn whsec() -> String {
    format!(
        "whsec_{}",
        base64::engine::general_purpose::STANDARD.encode(SECRET_BYTES)
    )
}

/// What the receiver got: each request's headers and body.
type Log = Arc<Mutex<Vec<(HeaderMap, Vec<u8>)>>>;

/// A receiver that holds every request until its gate opens, then answers `status`; it
/// counts the requests it holds at once.
struct Receiver {
    url: String,
    seen: Log,
    max_in_flight: Arc<AtomicUsize>,
    gate: watch::Sender<bool>,
}

impl Receiver {
    async fn start(status: StatusCode, open: bool, host: &str) -> Self {
        let seen: Log = Arc::default();
        let in_flight = Arc::new(AtomicUsize::new(0));
        let max_in_flight: Arc<AtomicUsize> = Arc::default();
        let (gate, opened) = watch::channel(open);
        let (log, max) = (seen.clone(), Arc::clone(&max_in_flight));
        let app = axum::Router::new().route(
            "/hook",
            post(move |headers: HeaderMap, body: axum::body::Bytes| {
                let (log, in_flight, max, mut opened) = (
                    log.clone(),
                    in_flight.clone(),
                    Arc::clone(&max),
                    opened.clone(),
                );
                async move {
                    let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                    max.fetch_max(now, Ordering::SeqCst);
                    let _ = opened.wait_for(|open| *open).await;
                    log.lock().expect("lock").push((headers, body.to_vec()));
                    in_flight.fetch_sub(1, Ordering::SeqCst);
                    status
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind receiver");
        let port = listener.local_addr().expect("addr").port();
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self {
            url: format!("http://{host}:{port}/hook"),
            seen,
            max_in_flight,
            gate,
        }
    }

    fn received(&self) -> Vec<(HeaderMap, Vec<u8>)> {
        self.seen.lock().expect("lock").clone()
    }

    fn open(&self) {
        let _ = self.gate.send(true);
    }
}

/// Sites `demo` and `shop2`, each with the test surveys and a webhook to its receiver, both
/// signed with `whsec()`; `tune` sets the delivery flags (fast polls and backoff here).
async fn spawn_sites(
    demo_hook: &str,
    shop2_hook: &str,
    tune: impl FnOnce(&mut patron_server::Config),
) -> TestApp {
    let mut files = Vec::new();
    for (site, hook) in [("demo", demo_hook), ("shop2", shop2_hook)] {
        files.push((
            format!("content/{site}/surveys.yaml"),
            with_webhook(SURVEYS_YAML, hook),
        ));
        files.push((format!("content/{site}/webhook-secret"), whsec()));
    }
    let opts = Options {
        sites: vec![("shop2", DEMO_YAML.to_owned())],
        files,
        ..Options::default()
    };
    spawn_tuned(opts, |c| {
        c.webhook.webhook_poll_ms = 20;
        c.webhook.webhook_backoff_ms = 20;
        c.webhook.webhook_backoff_max_secs = 1;
        tune(c);
    })
    .await
}

async fn detractor(app: &TestApp, site: &str, tag: &str) {
    let body = answer(&id(tag), "nps-faq", 2, &id(&format!("{tag}-device")));
    let resp = app
        .post_json(&format!("/v1/sites/{site}/surveys/responses"), &body)
        .await;
    assert_eq!(resp.status(), 201, "answer {tag}");
}

async fn deliveries(app: &TestApp, site: &str, query: &str) -> Vec<Value> {
    let resp = app
        .admin_get(&format!(
            "/v1/admin/sites/{site}/webhooks/deliveries{query}"
        ))
        .await;
    assert_eq!(resp.status(), 200);
    let v: Value = resp.json().await.expect("json");
    v["deliveries"].as_array().expect("deliveries").clone()
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

#[tokio::test]
async fn the_signature_verifies_with_its_timestamp_as_a_receiver_checks_it() {
    let receiver = Receiver::start(StatusCode::NO_CONTENT, true, "127.0.0.1").await;
    let app = spawn_sites(&receiver.url, &receiver.url, |_| {}).await;
    detractor(&app, "demo", "signed").await;
    eventually("the alert", || async { !receiver.received().is_empty() }).await;
    let (headers, body) = receiver.received().remove(0);

    // The reference verifier of Standard Webhooks, with the secret as the retailer holds it.
    let verifier = standardwebhooks::Webhook::new(&whsec()).expect("secret");
    verifier
        .verify(&body, &headers)
        .expect("the signature verifies");
    let sent_at: i64 = header(&headers, "webhook-timestamp")
        .parse()
        .expect("seconds");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64;
    assert!((now - sent_at).abs() <= 5, "timestamp {sent_at}, now {now}");
    let alert: Value = serde_json::from_slice(&body).expect("json");
    assert_eq!(header(&headers, "webhook-id"), alert["delivery_id"]);

    // The timestamp is signed: a replay that claims to be fresh fails, and so does the
    // captured request once it is older than the receiver's tolerance.
    let mut fresher = headers.clone();
    fresher.insert(
        "webhook-timestamp",
        HeaderValue::from_str(&(sent_at + 1).to_string()).expect("value"),
    );
    assert!(verifier.verify(&body, &fresher).is_err());
    let mut tampered = body.clone();
    tampered[5] ^= 1;
    assert!(verifier.verify(&tampered, &headers).is_err());

    // The deprecated header is still sent: hex HMAC-SHA256 of the body, keyed by the secret
    // as written.
    let mut mac = Hmac::<Sha256>::new_from_slice(whsec().as_bytes()).expect("key");
    mac.update(&body);
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        header(&headers, "x-patron-signature"),
        format!("sha256={hex}")
    );
    assert_eq!(
        header(&headers, "x-patron-delivery"),
        header(&headers, "webhook-id")
    );
}

#[tokio::test]
async fn a_delivery_is_given_up_after_its_attempts_and_listed_as_failed() {
    let receiver = Receiver::start(StatusCode::INTERNAL_SERVER_ERROR, true, "127.0.0.1").await;
    let app = spawn_sites(&receiver.url, &receiver.url, |c| {
        c.webhook.webhook_max_attempts = 3;
    })
    .await;
    detractor(&app, "demo", "gives-up").await;
    eventually("the delivery to fail", || async {
        deliveries(&app, "demo", "?status=failed").await.len() == 1
    })
    .await;
    // Nothing more is sent once given up.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(receiver.received().len(), 3);
    let all = deliveries(&app, "demo", "").await;
    assert_eq!(all.len(), 1, "{all:?}");
    let d = &all[0];
    assert_eq!(d["status"], "failed");
    assert_eq!(d["attempts"], 3);
    assert_eq!(d["last_status"], 500);
    assert!(d["failed_at"].is_i64(), "{d}");
    assert!(d.get("next_attempt_at").is_none(), "{d}");
    assert!(d["last_error"]
        .as_str()
        .expect("error")
        .contains("after 3 attempts"));
    assert!(deliveries(&app, "demo", "?status=pending").await.is_empty());
    // The surveys' own list shows it failed too.
    let surveys: Value = app
        .admin_get("/v1/admin/sites/demo/surveys/deliveries")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(surveys["deliveries"][0]["status"], "failed");
    assert_eq!(surveys["deliveries"][0]["id"], d["id"]);
}

#[tokio::test]
async fn a_delivery_is_given_up_when_it_grows_too_old() {
    let receiver = Receiver::start(StatusCode::SERVICE_UNAVAILABLE, true, "127.0.0.1").await;
    let app = spawn_sites(&receiver.url, &receiver.url, |c| {
        // Attempts at 0 s and 0.4 s; the next would come at 1.2 s, past the 1 s age.
        c.webhook.webhook_backoff_ms = 400;
        c.webhook.webhook_max_age_secs = 1;
    })
    .await;
    detractor(&app, "demo", "too-old").await;
    eventually("the delivery to fail", || async {
        deliveries(&app, "demo", "?status=failed").await.len() == 1
    })
    .await;
    let d = &deliveries(&app, "demo", "").await[0];
    assert_eq!(d["attempts"], 2, "{d}");
    assert!(d["last_error"].as_str().expect("error").contains("too old"));
    assert_eq!(receiver.received().len(), 2);
}

#[tokio::test]
async fn a_stuck_endpoint_does_not_hold_another_sites_deliveries() {
    let stuck = Receiver::start(StatusCode::NO_CONTENT, false, "127.0.0.1").await;
    let healthy = Receiver::start(StatusCode::NO_CONTENT, true, "127.0.0.1").await;
    let app = spawn_sites(&stuck.url, &healthy.url, |c| {
        c.webhook.webhook_site_concurrency = 2;
    })
    .await;
    for i in 0..10 {
        detractor(&app, "demo", &format!("stuck-{i}")).await;
    }
    eventually("the stuck site's first attempts", || async {
        stuck.max_in_flight.load(Ordering::SeqCst) >= 2
    })
    .await;
    detractor(&app, "shop2", "healthy").await;
    eventually("the other site's alert", || async {
        healthy.received().len() == 1
    })
    .await;
    eventually("the other site's delivery recorded", || async {
        deliveries(&app, "shop2", "?status=delivered").await.len() == 1
    })
    .await;
    // Meanwhile the stuck endpoint still holds its two and has answered nothing.
    assert!(stuck.received().is_empty());
    assert_eq!(deliveries(&app, "demo", "?status=pending").await.len(), 10);

    stuck.open();
    eventually("every stuck alert, once open", || async {
        deliveries(&app, "demo", "?status=delivered").await.len() == 10
    })
    .await;
    assert_eq!(stuck.received().len(), 10);
    assert_eq!(
        stuck.max_in_flight.load(Ordering::SeqCst),
        2,
        "never more than the site's concurrency at once"
    );
}

#[tokio::test]
async fn private_targets_are_refused_by_address_and_by_resolved_name() {
    let receiver = Receiver::start(StatusCode::NO_CONTENT, true, "127.0.0.1").await;
    // `localhost` is a name: only the resolved address (127.0.0.1 or ::1) tells it is
    // loopback. The receiver listens on 127.0.0.1, so an unchecked request would arrive.
    let by_name = receiver.url.replace("127.0.0.1", "localhost");
    let app = spawn_sites(&receiver.url, &by_name, |c| {
        c.webhook.allow_private_webhooks = false;
    })
    .await;
    detractor(&app, "demo", "literal").await;
    detractor(&app, "shop2", "by-name").await;
    for site in ["demo", "shop2"] {
        eventually("a refused attempt", || async {
            deliveries(&app, site, "")
                .await
                .first()
                .is_some_and(|d| d["attempts"].as_i64() >= Some(1))
        })
        .await;
        let d = &deliveries(&app, site, "").await[0];
        let error = d["last_error"].as_str().expect("error");
        assert!(error.contains("refused"), "{site}: {error}");
        assert!(d["last_status"].is_null(), "{d}");
    }
    assert!(
        receiver.received().is_empty(),
        "nothing may reach a loopback receiver"
    );
}

#[tokio::test]
async fn the_deliveries_list_pages_and_filters() {
    let receiver = Receiver::start(StatusCode::NO_CONTENT, true, "127.0.0.1").await;
    let app = spawn_sites(&receiver.url, &receiver.url, |_| {}).await;
    for i in 0..3 {
        detractor(&app, "demo", &format!("page-{i}")).await;
    }
    eventually("three deliveries", || async {
        deliveries(&app, "demo", "?status=delivered").await.len() == 3
    })
    .await;
    let first: Value = app
        .admin_get("/v1/admin/sites/demo/webhooks/deliveries?limit=2")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(first["deliveries"].as_array().expect("list").len(), 2);
    let cursor = first["next_cursor"].as_str().expect("cursor");
    let rest = deliveries(&app, "demo", &format!("?limit=2&cursor={cursor}")).await;
    assert_eq!(rest.len(), 1);
    assert!(deliveries(&app, "demo", "?event=survey.detractor_comment")
        .await
        .is_empty());
    assert_eq!(
        deliveries(&app, "demo", "?event=survey.detractor")
            .await
            .len(),
        3
    );
    assert!(deliveries(&app, "shop2", "").await.is_empty());
    let bad = app
        .admin_get("/v1/admin/sites/demo/webhooks/deliveries?status=lost")
        .await;
    assert_eq!(bad.status(), 422);
}

/// Another instance on `first`'s database and content folder, delivering as fast as `first`.
async fn restart(first: &TestApp) -> TestApp {
    let mut config = test_config(first.dir.path());
    config.webhook.webhook_poll_ms = 20;
    config.webhook.webhook_backoff_ms = 20;
    config.webhook.webhook_backoff_max_secs = 1;
    config.webhook.webhook_max_attempts = 1000;
    start(config, tempfile::tempdir().expect("dir")).await
}

#[tokio::test]
async fn a_disabled_sites_alerts_wait_on_every_instance_until_its_folder_is_back() {
    // shop2's endpoint holds its first request until the site is disabled, then answers 503.
    let failing = Receiver::start(StatusCode::SERVICE_UNAVAILABLE, false, "127.0.0.1").await;
    let healthy = Receiver::start(StatusCode::NO_CONTENT, true, "127.0.0.1").await;
    // Retried at least every second, and never given up during the test.
    let first = spawn_sites(&healthy.url, &failing.url, |c| {
        c.webhook.webhook_max_attempts = 1000;
    })
    .await;
    detractor(&first, "shop2", "held").await;
    eventually("shop2's alert under way", || async {
        failing.max_in_flight.load(Ordering::SeqCst) == 1
    })
    .await;

    // The folder goes; a new instance disables the site. The first instance still runs.
    std::fs::remove_dir_all(first.dir.path().join("content/shop2")).expect("remove shop2");
    let second = restart(&first).await;
    failing.open();
    eventually("the attempt under way answered", || async {
        failing.received().len() == 1
    })
    .await;
    // Both workers go on delivering the other site's alerts for longer than the longest
    // backoff (1 s), in which an enabled site's alert would have been tried again ...
    let disabled_at = std::time::Instant::now();
    let mut alive = 0;
    while disabled_at.elapsed() < std::time::Duration::from_millis(2500) {
        detractor(&second, "demo", &format!("alive-{alive}")).await;
        alive += 1;
        eventually("the other site's alert", || async {
            healthy.received().len() == alive
        })
        .await;
    }
    // ... but neither tries the disabled site's alert again.
    assert_eq!(failing.received().len(), 1);

    let root = first.dir.path();
    write_site(root, "shop2", DEMO_YAML);
    std::fs::write(
        root.join("content/shop2/surveys.yaml"),
        with_webhook(SURVEYS_YAML, &failing.url),
    )
    .expect("surveys.yaml");
    std::fs::write(root.join("content/shop2/webhook-secret"), whsec()).expect("secret");
    let third = restart(&first).await;
    eventually("shop2's alert tried again once it is back", || async {
        failing.received().len() > 1
    })
    .await;
    // Every attempt counted reached the endpoint: none was spent while the site was disabled
    // (where its endpoint cannot be read), bringing the alert nearer to being given up.
    let held = deliveries(&third, "shop2", "").await;
    assert_eq!(held.len(), 1);
    let attempts = held[0]["attempts"].as_u64().expect("attempts") as usize;
    assert!(
        attempts <= failing.received().len(),
        "{attempts} attempts recorded, {} reached the endpoint",
        failing.received().len()
    );
}
