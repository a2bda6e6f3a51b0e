//! The demo's own packs (content/demo/onboarding) with the demo's points programme, in demo
//! mode: what the demo shop and its sample members are meant to show.

use std::path::Path;

use serde_json::{json, Value};

use crate::common::onboarding::{device, ids, pack};
use crate::common::points::{claims, sign};
use crate::common::{spawn_with, Options, TestApp};

async fn demo_app() -> TestApp {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content/demo");
    let read = |p: &str| std::fs::read_to_string(content.join(p)).expect(p);
    let mut files = vec![("content/demo/loyalty.yaml".to_owned(), read("loyalty.yaml"))];
    for name in ["welcome.yaml", "member-starter.yaml"] {
        files.push((
            format!("content/demo/onboarding/{name}"),
            read(&format!("onboarding/{name}")),
        ));
    }
    spawn_with(Options {
        demo: true,
        files,
        ..Options::default()
    })
    .await
}

fn demo_token(member: &str) -> String {
    sign(
        &claims(member),
        patron_server::demo::DEMO_MEMBER_TOKEN_SECRET,
    )
}

#[tokio::test]
async fn the_demo_welcomes_new_visitors_and_rewards_its_new_member_once() {
    let app = demo_app().await;
    let visitor = device("demo-visitor");
    let first = app
        .packs(
            &format!("device={visitor}&first_visit=true&locale=en"),
            None,
        )
        .await;
    assert_eq!(ids(&first), ["welcome"]);
    let welcome = pack(&first, "welcome");
    let steps: Vec<&str> = welcome["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| s["id"].as_str().expect("id"))
        .collect();
    assert_eq!(
        steps,
        [
            "track-order",
            "member-price",
            "points-tiers",
            "after-sales",
            "add-to-cart"
        ]
    );
    assert_eq!(
        welcome["steps"][1]["action"]["selector"], ".shop-member",
        "the demo shop's member price"
    );
    // The demo shop's add-to-cart button fires `add_to_cart`.
    let event = json!({"name": "add_to_cart", "device": visitor, "surface": "embed",
                       "first_visit": true});
    assert_eq!(
        app.track(&event, None).await,
        [("welcome".to_owned(), "add-to-cart".to_owned())]
    );

    // The new sample member gets the starter pack; the Silver one joined long ago.
    let new = demo_token("demo-new");
    assert_eq!(
        app.pack_ids("surface=embed&locale=en", Some(&new)).await,
        ["member-starter"]
    );
    assert_eq!(
        app.pack_ids("surface=embed", Some(&demo_token("demo-silver")))
            .await,
        Vec::<String>::new()
    );
    for step in ["earn-points", "redeem-points", "birthday"] {
        app.complete("member-starter", step, None, Some(&new)).await;
    }
    let again = app
        .complete("member-starter", "birthday", None, Some(&new))
        .await;
    assert_eq!(again["reward_granted"], true);
    let me: Value = app.me(&new).await;
    assert_eq!(me["balance"], 200);
    let history = app.history_all(&new).await;
    assert_eq!(history.len(), 1, "{history:?}");
    assert_eq!(history[0]["title"], "Completed “Member starter”");
}
