//! Issue 18, item 2: coupon rewards. Codes from an uploaded pool (API and CLI; two
//! redemptions never get the same code; a low pool is reported), or from the shop's backend
//! answering the signed `redemption.created` webhook (a timeout neither loses nor doubles the
//! redemption). The member sees the code in the receipt and in their history.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use serde_json::{json, Value};

use crate::common::points::{earn_options, token, SECRET};
use crate::common::surveys::eventually;
use crate::common::{assert_envelope, spawn_tuned, spawn_with, TestApp};

impl TestApp {
    async fn upload(&self, reward: &str, codes: &[&str]) -> reqwest::Response {
        self.admin_post(&format!("rewards/{reward}/codes"))
            .json(&json!({ "codes": codes }))
            .send()
            .await
            .expect("request")
    }

    async fn pools(&self) -> Value {
        let resp = self
            .admin_get_points("coupon-pools")
            .send()
            .await
            .expect("request");
        assert_eq!(resp.status(), 200);
        resp.json().await.expect("json")
    }

    /// Gives `member` `points` through an adjustment.
    async fn credit(&self, member: &str, points: i64) {
        let resp = self
            .adjust(member, points, &format!("credit-{member}"))
            .await;
        assert_eq!(resp.status(), 201);
    }
}

#[tokio::test]
async fn concurrent_redemptions_never_share_a_pool_code() {
    let app = spawn_with(earn_options(None)).await;
    let codes: Vec<String> = (0..10).map(|i| format!("SAVE20-{i:03}")).collect();
    let refs: Vec<&str> = codes.iter().map(String::as_str).collect();
    let resp = app.upload("pool-coupon", &refs).await;
    assert_eq!(resp.status(), 201);
    let added: Value = resp.json().await.expect("json");
    assert_eq!(added["added"], 10);
    assert_eq!(added["pool"]["available"], 10);
    // Uploading again adds nothing twice.
    let again: Value = app
        .upload("pool-coupon", &["SAVE20-000", "SAVE20-NEW"])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(again["added"], 1);
    assert_eq!(again["already_there"], 1);

    // 16 members redeem at once; 11 codes: 11 get one each, 5 are told it is out of stock
    // and keep their points.
    let members: Vec<String> = (0..16).map(|i| format!("m-{i}")).collect();
    for m in &members {
        app.credit(m, 100).await;
    }
    let replies = futures::future::join_all(members.iter().map(|m| {
        let app = &app;
        async move {
            (
                m.clone(),
                app.redeem(&token(m), "pool-coupon", &format!("redeem-{m}-0001"))
                    .await,
            )
        }
    }))
    .await;
    let mut given = BTreeSet::new();
    let mut refused = 0;
    for (member, resp) in replies {
        match resp.status().as_u16() {
            201 => {
                let receipt: Value = resp.json().await.expect("json");
                let code = receipt["code"].as_str().expect("a code").to_owned();
                assert!(given.insert(code.clone()), "{code} given twice");
                assert_eq!(receipt["new_balance"], 90);
                // Replaying the redemption returns the same code, and spends nothing more.
                let replay = app
                    .redeem(
                        &token(&member),
                        "pool-coupon",
                        &format!("redeem-{member}-0001"),
                    )
                    .await;
                assert_eq!(replay.status(), 200);
                assert_eq!(replay.json::<Value>().await.expect("json")["code"], code);
                // The history shows it.
                let history = app.history_all(&token(&member)).await;
                assert_eq!(history[0]["kind"], "redeem");
                assert_eq!(history[0]["code"], code.as_str());
                assert_eq!(app.assert_ledger_balanced(&token(&member)).await, 90);
            }
            409 => {
                refused += 1;
                let body: Value = resp.json().await.expect("json");
                assert_eq!(body["error"]["code"], "out_of_stock");
                assert_eq!(app.me(&token(&member)).await["balance"], 100);
            }
            other => panic!("{member}: {other}"),
        }
    }
    assert_eq!(given.len(), 11);
    assert_eq!(refused, 5);
    let pools = app.pools().await;
    assert_eq!(
        pools["pools"],
        json!([{"reward_id": "pool-coupon", "available": 0, "assigned": 11, "low_at": 3, "low": true}])
    );
    let catalogue = app
        .get_json("/v1/sites/demo/points/rewards?locale=en")
        .await;
    let coupon = catalogue["rewards"]
        .as_array()
        .expect("rewards")
        .iter()
        .find(|r| r["id"] == "pool-coupon")
        .expect("listed");
    assert_eq!(
        coupon["stock_left"], 0,
        "a pool coupon has as many left as codes"
    );
}

#[tokio::test]
async fn the_command_line_uploads_codes_and_bad_uploads_are_refused() {
    let app = spawn_with(earn_options(None)).await;
    let file = app.dir.path().join("codes.txt");
    std::fs::write(&file, "CLI-1\n\n  CLI-2  \nCLI-3\n").expect("write");
    let args = patron_server::CodesArgs {
        site: "demo".into(),
        reward: "pool-coupon".into(),
        file,
        database: patron_server::DatabaseArg {
            database_url: crate::common::database_url(&app.dir.path().join("db/patron.db")),
        },
    };
    let code = patron_server::tools::points::run(patron_server::PointsCommand::Codes(args))
        .await
        .expect("upload");
    assert_eq!(code, std::process::ExitCode::SUCCESS);
    assert_eq!(app.pools().await["pools"][0]["available"], 3);
    assert_eq!(app.pools().await["pools"][0]["low"], false);

    let err = assert_envelope(
        app.upload("pool-coupon", &["fine", "not fine"]).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(err["error"]["fields"][0]["field"], "codes[1]");
    assert_envelope(app.upload("nope", &["X"]).await, 404, "reward_not_found").await;
    let err = assert_envelope(app.upload("coupon", &["X"]).await, 422, "validation_failed").await;
    assert_eq!(
        err["error"]["fields"][0]["field"], "reward",
        "not a pool coupon"
    );
}

/// Requests the shop received: headers and body.
type Log = Arc<Mutex<Vec<(HeaderMap, Vec<u8>)>>>;

/// The shop's backend: answers `redemption.created` with a code made from the redemption id
/// (the same on every attempt), after `delay` on the first `slow` requests.
struct Shop {
    url: String,
    seen: Log,
}

impl Shop {
    async fn start(slow: usize, delay: Duration) -> Self {
        let seen: Log = Arc::default();
        let log = seen.clone();
        let app = axum::Router::new().route(
            "/hook",
            post(move |headers: HeaderMap, body: axum::body::Bytes| {
                let log = log.clone();
                async move {
                    let n = {
                        let mut log = log.lock().expect("lock");
                        log.push((headers, body.to_vec()));
                        log.len()
                    };
                    if n <= slow {
                        tokio::time::sleep(delay).await;
                    }
                    let event: Value = serde_json::from_slice(&body).expect("json");
                    let id = event["redemption_id"].as_str().expect("id");
                    (
                        StatusCode::OK,
                        axum::Json(json!({"code": format!("SHOP-{}", &id[..8])})),
                    )
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self { url, seen }
    }

    fn received(&self) -> Vec<(HeaderMap, Vec<u8>)> {
        self.seen.lock().expect("lock").clone()
    }
}

fn fast(c: &mut patron_server::Config) {
    c.webhook.webhook_poll_ms = 50;
    c.webhook.webhook_backoff_ms = 100;
    c.webhook.webhook_timeout_secs = 1;
}

#[tokio::test]
async fn the_shops_code_arrives_once_even_when_its_first_answer_times_out() {
    // The first answer comes after the 1 s timeout: that attempt failed as far as Patron
    // knows, though the shop issued a code. The retry gets the same redemption id.
    let shop = Shop::start(1, Duration::from_millis(2500)).await;
    let app = spawn_tuned(earn_options(Some(&shop.url)), fast).await;
    let t = token("m-shop");
    app.credit("m-shop", 100).await;
    let resp = app.redeem(&t, "shop-coupon", "redeem-shop-0001").await;
    assert_eq!(resp.status(), 201);
    let receipt: Value = resp.json().await.expect("json");
    assert_eq!(receipt["code_pending"], true);
    assert!(receipt.get("code").is_none());
    let id = receipt["redemption_id"].as_str().expect("id").to_owned();
    let expected = format!("SHOP-{}", &id[..8]);

    eventually("the code in the history", || async {
        app.history_all(&t).await[0]["code"] == expected.as_str()
    })
    .await;
    let sent = shop.received();
    assert!(sent.len() >= 2, "the timed-out attempt was retried");
    // Every attempt is the same event, signed, about the same redemption.
    let verifier = standardwebhooks::Webhook::from_bytes(SECRET.as_bytes().to_vec()).expect("key");
    let ids: BTreeSet<String> = sent
        .iter()
        .map(|(headers, body)| {
            verifier.verify(body, headers).expect("signed");
            assert_eq!(headers["x-patron-event"], "redemption.created");
            let event: Value = serde_json::from_slice(body).expect("json");
            assert_eq!(event["member_id"], "m-shop");
            assert_eq!(event["points"], 20);
            event["redemption_id"].as_str().expect("id").to_owned()
        })
        .collect();
    assert_eq!(ids, BTreeSet::from([id.clone()]));
    // Applied once: one ledger line, 20 points spent; a replay shows the code now.
    assert_eq!(app.assert_ledger_balanced(&t).await, 80);
    assert_eq!(
        app.history_all(&t).await.len(),
        2,
        "the credit and one redemption"
    );
    let replay = app.redeem(&t, "shop-coupon", "redeem-shop-0001").await;
    assert_eq!(replay.status(), 200);
    let replay: Value = replay.json().await.expect("json");
    assert_eq!(replay["code"], expected.as_str());
    assert_eq!(replay["code_pending"], Value::Null, "no longer pending");
    eventually("the delivery recorded as delivered", || async {
        app.count("SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'delivered'")
            .await
            == 1
    })
    .await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM point_redemptions WHERE status = 'fulfilled'")
            .await,
        1,
        "a coupon whose code arrived is fulfilled"
    );
}

#[tokio::test]
async fn while_the_shop_is_unreachable_the_redemption_stays_pending() {
    // Nobody listens there: every attempt fails, and the redemption waits, points spent once.
    let app = spawn_tuned(earn_options(Some("http://127.0.0.1:9/hook")), fast).await;
    let t = token("m-wait");
    app.credit("m-wait", 100).await;
    let resp = app.redeem(&t, "shop-coupon", "redeem-wait-0001").await;
    assert_eq!(resp.status(), 201);
    eventually("two failed attempts", || async {
        app.count("SELECT COALESCE(MAX(attempts), 0) FROM webhook_deliveries")
            .await
            >= 2
    })
    .await;
    let history = app.history_all(&t).await;
    assert!(history[0].get("code").is_none(), "{history:?}");
    assert_eq!(app.assert_ledger_balanced(&t).await, 80);
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM point_redemptions r JOIN coupon_redemptions c \
             ON c.site = r.site AND c.redemption_id = r.id \
             WHERE r.status = 'pending' AND c.code IS NULL"
        )
        .await,
        1
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'pending'")
            .await,
        1,
        "still to be retried"
    );
}
