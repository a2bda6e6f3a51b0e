//! Issue 18, item 3: `points.expiring`, signed, 30 and 7 days before a lot expires, once per
//! lot and reminder, with two instances sharing one database.

use serde_json::Value;

use crate::common::points::{earn_options, token, DAY_MS, SECRET};
use crate::common::surveys::{eventually, Receiver};
use crate::common::{spawn_tuned, start, test_config, TestApp};

fn fast(c: &mut patron_server::Config) {
    c.retention.expiry_reminder_interval_secs = 1;
    c.retention.job_lease_secs = 2;
    c.webhook.webhook_poll_ms = 50;
}

/// Days from now until a purchase made `days_ago` days ago expires (24-month lifetime).
fn days_ago_for(expires_in_days: i64) -> i64 {
    // 24 calendar months are 730 or 731 days; buy so the lot ends `expires_in_days` from now.
    let now = time::OffsetDateTime::now_utc();
    let two_years_ago = now.replace_year(now.year() - 2).unwrap_or(now);
    (now - two_years_ago).whole_days() - expires_in_days
}

fn bodies(receiver: &Receiver) -> Vec<Value> {
    receiver
        .received()
        .iter()
        .map(|r| serde_json::from_slice(&r.body).expect("json"))
        .collect()
}

async fn reminders(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM point_lot_reminders").await
}

#[tokio::test]
async fn each_lot_is_reminded_30_and_7_days_before_once_across_two_instances() {
    let receiver = Receiver::start(0).await;
    let one = spawn_tuned(earn_options(Some(&receiver.url)), fast).await;
    let mut config = test_config(one.dir.path());
    fast(&mut config);
    let _two = start(config, tempfile::tempdir().expect("tempdir")).await;

    // m-1: a lot ending in 20 days (30-day reminder due), one in 3 days (the 7-day one
    // only), and one in 200 days (nothing yet). m-2: a lot ending in 20 days, half spent.
    one.buy("m-1", "SO-20", 100, days_ago_for(20)).await;
    one.buy("m-1", "SO-3", 50, days_ago_for(3)).await;
    one.buy("m-1", "SO-200", 70, days_ago_for(200)).await;
    one.buy("m-2", "SO-M2", 300, days_ago_for(20)).await;
    let resp = one.redeem(&token("m-2"), "coupon", "spend-m2-0001").await;
    assert_eq!(resp.status(), 201);

    eventually("three reminders delivered", || async {
        receiver.received().len() >= 3
    })
    .await;
    // Several more runs of the job, on whichever instance: nothing more is sent.
    eventually("more job runs", || async {
        one.count("SELECT COUNT(*) FROM job_runs WHERE job = 'points-expiry-reminders'")
            .await
            >= 4
    })
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let mut got = bodies(&receiver);
    got.sort_by_key(|b| {
        (
            b["member_id"].as_str().map(str::to_owned),
            b["points"].as_i64(),
        )
    });
    assert_eq!(got.len(), 3, "{got:#?}");
    let summary: Vec<(String, i64, i64)> = got
        .iter()
        .map(|b| {
            assert_eq!(b["event"], "points.expiring");
            assert_eq!(b["site"], "demo");
            let left = b["expires_at"].as_i64().expect("at") - crate::common::points::now_ms();
            let days = b["days_before"].as_i64().expect("days");
            assert!(left > 0 && left <= days * DAY_MS, "{b}");
            (
                b["member_id"].as_str().expect("member").to_owned(),
                b["points"].as_i64().expect("points"),
                days,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("m-1".to_owned(), 50, 7),
            ("m-1".to_owned(), 100, 30),
            ("m-2".to_owned(), 200, 30),
        ],
        "the half-spent lot is reminded of what is left"
    );
    assert_eq!(reminders(&one).await, 3);
    // Signed like every Patron webhook, with the loyalty.yaml webhook's secret.
    let r = &receiver.received()[0];
    let wh = standardwebhooks::Webhook::from_bytes(SECRET.as_bytes().to_vec()).expect("key");
    wh.verify(&r.body, &r.headers).expect("signature verifies");
    assert_eq!(r.headers["x-patron-event"], "points.expiring");
}
