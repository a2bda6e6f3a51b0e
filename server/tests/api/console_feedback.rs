//! The console's feedback inbox: every answer, filters and comment search, a detractor from
//! new to resolved with a note, the customer's earlier answers, CSV, roles.

use patron_api::console::Role;
use serde_json::{json, Value};

use crate::common::assert_envelope;
use crate::common::surveys::{answer, id, spawn_surveys, SURVEYS_YAML};

const INBOX: &str = "/v1/console/sites/demo/feedback";

#[tokio::test]
async fn a_detractor_goes_from_new_to_resolved_with_a_note() {
    let app = spawn_surveys(SURVEYS_YAML).await;
    let device = id("device-1");
    let (k1, k2, k3) = (id("k1"), id("k2"), id("k3"));
    for (key, survey, score) in [
        (&k1, "csat-order", 5),
        (&k2, "nps-faq", 7),
        (&k3, "csat-order", 2),
    ] {
        assert_eq!(
            app.respond(&answer(key, survey, score, &device))
                .await
                .status(),
            201
        );
    }
    assert_eq!(
        app.follow_up(&k1, &device, "Great 50% sale").await.status(),
        200
    );
    assert_eq!(
        app.follow_up(&k3, &device, "Sofa arrived BROKEN")
            .await
            .status(),
        200
    );
    let agent = app
        .console_as("demo", "agent@example.com", Role::Agent)
        .await;
    let page = agent.get_json(INBOX).await;
    let items = page["items"].as_array().expect("items");
    assert_eq!(items.len(), 3, "every answer, comment or not");
    let detractor = items
        .iter()
        .find(|i| i["band"] == "detractor")
        .expect("detractor");
    assert_eq!(detractor["status"], "new");
    assert_eq!(detractor["comment"], "Sofa arrived BROKEN");
    let promoter = items
        .iter()
        .find(|i| i["band"] == "promoter")
        .expect("promoter");
    assert_eq!(promoter["status"], Value::Null);
    let response = detractor["id"].as_str().expect("id").to_owned();

    let found = agent.get_json(&format!("{INBOX}?q=broken")).await;
    assert_eq!(found["items"].as_array().expect("items").len(), 1);
    let literal = agent.get_json(&format!("{INBOX}?q=50%25%20sale")).await;
    assert_eq!(literal["items"][0]["band"], "promoter");
    let queue = agent.get_json(&format!("{INBOX}?status=new")).await;
    assert_eq!(queue["items"][0]["id"], response.as_str());
    assert_eq!(queue["items"].as_array().expect("items").len(), 1);
    let nps = agent
        .get_json(&format!("{INBOX}?survey=nps-faq&band=passive"))
        .await;
    assert_eq!(nps["items"][0]["score"], 7);
    assert_envelope(
        agent.get(&format!("{INBOX}?band=angry")).await,
        422,
        "validation_failed",
    )
    .await;

    let promoter_id = promoter["id"].as_str().expect("id");
    let refused = agent
        .put(
            &format!("{INBOX}/{promoter_id}"),
            &json!({"status": "resolved"}),
        )
        .await;
    assert_envelope(refused, 422, "validation_failed").await;

    let note = agent
        .post(
            &format!("{INBOX}/{response}/notes"),
            &json!({"text": "Called; refund sent."}),
        )
        .await;
    assert_eq!(note.status(), 201);
    let me = agent.user_id();
    let moved = agent
        .put(
            &format!("{INBOX}/{response}"),
            &json!({"status": "in_progress", "assignee": me}),
        )
        .await;
    assert_eq!(moved.status(), 200);
    let done = agent
        .put(
            &format!("{INBOX}/{response}"),
            &json!({"status": "resolved"}),
        )
        .await;
    let detail: Value = done.json().await.expect("json");
    assert_eq!(detail["item"]["status"], "resolved");
    assert_eq!(detail["item"]["assignee"]["email"], "agent@example.com");
    assert_eq!(detail["item"]["notes"], 1);
    assert_eq!(detail["notes"][0]["text"], "Called; refund sent.");
    assert!(detail["time_to_first_action_ms"].as_i64().expect("ms") >= 0);
    // The same device's two earlier answers.
    assert_eq!(detail["earlier"].as_array().expect("earlier").len(), 2);

    let csv = agent
        .get(&format!("{INBOX}?format=csv&band=detractor"))
        .await;
    assert_eq!(csv.status(), 200);
    assert!(csv.headers()["content-type"]
        .to_str()
        .expect("ct")
        .starts_with("text/csv"));
    let text = csv.text().await.expect("text");
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.contains("Sofa arrived BROKEN") && text.contains("agent@example.com"));

    let owner = app
        .console_as("demo", "owner@example.com", Role::Owner)
        .await;
    let log = owner.get_json("/v1/console/sites/demo/audit").await;
    let actions: Vec<&str> = log["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| e["action"].as_str().expect("action"))
        .collect();
    assert_eq!(
        actions,
        ["feedback.changed", "feedback.changed", "feedback.noted"]
    );
    assert_eq!(
        log["entries"][0]["changes"],
        json!([{"field": "status", "from": "in_progress", "to": "resolved"}])
    );

    let viewer = app
        .console_as("demo", "viewer@example.com", Role::Viewer)
        .await;
    let write = viewer
        .put(&format!("{INBOX}/{response}"), &json!({"status": "new"}))
        .await;
    assert_envelope(write, 403, "forbidden").await;
    assert_eq!(
        viewer.get(&format!("{INBOX}/{response}")).await.status(),
        200
    );
}

/// An erased customer's answer keeps its score for the reports but loses its comment and
/// every note agents wrote on it (a note may repeat the customer's name or number).
#[tokio::test]
async fn erasing_a_customer_deletes_the_notes_on_their_answers() {
    let app = spawn_surveys(SURVEYS_YAML).await;
    let (erased_device, other_device) = (id("device-erased"), id("device-kept"));
    let (k1, k2) = (id("k1"), id("k2"));
    for (key, device) in [(&k1, &erased_device), (&k2, &other_device)] {
        assert_eq!(
            app.respond(&answer(key, "csat-order", 1, device))
                .await
                .status(),
            201
        );
    }
    let agent = app
        .console_as("demo", "agent@example.com", Role::Agent)
        .await;
    let page = agent.get_json(INBOX).await;
    let ids: Vec<String> = page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["id"].as_str().expect("id").to_owned())
        .collect();
    assert_eq!(ids.len(), 2);
    for response in &ids {
        let note = agent
            .post(
                &format!("{INBOX}/{response}/notes"),
                &json!({"text": "Called Ms Wang on 138 0000 0000."}),
            )
            .await;
        assert_eq!(note.status(), 201);
    }

    let erased = app
        .client
        .post(app.url("/v1/admin/sites/demo/privacy/erasures"))
        .bearer_auth(crate::common::ADMIN_TOKEN)
        .json(&json!({"device": erased_device}))
        .send()
        .await
        .expect("request");
    assert_eq!(erased.status(), 201, "{:?}", erased.text().await);

    let mut notes_left = Vec::new();
    for response in &ids {
        let detail = agent.get_json(&format!("{INBOX}/{response}")).await;
        assert_eq!(
            detail["item"]["score"], 1,
            "the score stays for the reports"
        );
        notes_left.push(detail["notes"].as_array().expect("notes").len());
    }
    notes_left.sort_unstable();
    assert_eq!(
        notes_left,
        [0, 1],
        "only the erased customer's answer lost its note"
    );
}
