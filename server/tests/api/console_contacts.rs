//! The console's contacts inbox and the helpdesk's resolution endpoint: context, search,
//! open → resolved on first contact or not, assignee, notes, the audit log, roles, sites.

use patron_api::console::Role;
use serde_json::{json, Value};

use crate::common::{assert_envelope, spawn_with, Options, ADMIN_TOKEN, DEMO_YAML};

const INBOX: &str = "/v1/console/sites/demo/contacts";

async fn contact(app: &crate::common::TestApp, session: &str, message: &str) -> String {
    app.get_json(&format!(
        "/v1/sites/demo/faq/search?q=refund&locale=en&session={session}"
    ))
    .await;
    let body = json!({"session": session, "locale": "en", "name": "Ann Lee",
                      "email": "ann@example.com", "order_number": "SO-1001", "message": message,
                      "context": {"queries": ["refund"]}});
    let resp = app.post_json("/v1/sites/demo/contact", &body).await;
    assert_eq!(resp.status(), 201);
    let receipt: Value = resp.json().await.expect("json");
    receipt["reference"].as_str().expect("reference").to_owned()
}

async fn app() -> crate::common::TestApp {
    spawn_with(Options {
        faq: true,
        sites: vec![("acme", DEMO_YAML.to_owned())],
        ..Options::default()
    })
    .await
}

#[tokio::test]
async fn a_contact_is_resolved_on_first_contact_with_a_note_and_audited() {
    let app = app().await;
    let first = contact(&app, "session-a-0123456789", "My refund 50% is late").await;
    let second = contact(&app, "session-b-0123456789", "Where is my sofa?").await;
    let agent = app
        .console_as("demo", "agent@example.com", Role::Agent)
        .await;

    let page = agent.get_json(INBOX).await;
    let list = page["contacts"].as_array().expect("contacts");
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["reference"], second, "newest first");
    assert_eq!(list[0]["status"], "open");
    assert_eq!(list[0]["context"]["queries"], json!(["refund"]));
    assert_eq!(list[0]["order_number"], "SO-1001");

    // Search: any part, case-insensitive, wildcards literal.
    let found = agent.get_json(&format!("{INBOX}?q=REFUND%2050%25")).await;
    assert_eq!(found["contacts"][0]["reference"], first);
    assert_eq!(found["contacts"].as_array().expect("list").len(), 1);
    let none = agent.get_json(&format!("{INBOX}?q=5_%25")).await;
    assert_eq!(none["contacts"], json!([]));

    let refused = agent
        .put(&format!("{INBOX}/{first}"), &json!({"status": "resolved"}))
        .await;
    let body = assert_envelope(refused, 422, "validation_failed").await;
    assert_eq!(
        body["error"]["fields"][0]["field"],
        "resolved_first_contact"
    );

    let me = agent.user_id();
    let note = agent
        .post(
            &format!("{INBOX}/{first}/notes"),
            &json!({"text": "Refund sent by bank."}),
        )
        .await;
    assert_eq!(note.status(), 201);
    let resolved = agent
        .put(
            &format!("{INBOX}/{first}"),
            &json!({"status": "resolved", "resolved_first_contact": true, "assignee": me}),
        )
        .await;
    assert_eq!(resolved.status(), 200);
    let detail: Value = resolved.json().await.expect("json");
    let c = &detail["contact"];
    assert_eq!(c["status"], "resolved");
    assert_eq!(c["resolved_first_contact"], true);
    assert!(c["resolved_at"].is_i64());
    assert!(c["first_action_at"].as_i64() <= c["resolved_at"].as_i64());
    assert_eq!(c["assignee"]["email"], "agent@example.com");
    assert_eq!(c["notes"], 1);
    assert_eq!(detail["notes"][0]["text"], "Refund sent by bank.");
    assert_eq!(detail["notes"][0]["author"]["email"], "agent@example.com");

    let open = agent.get_json(&format!("{INBOX}?status=open")).await;
    assert_eq!(open["contacts"][0]["reference"], second);
    assert_eq!(open["contacts"].as_array().expect("list").len(), 1);

    // Reopening clears the resolution.
    let reopened = agent
        .put(&format!("{INBOX}/{first}"), &json!({"status": "open"}))
        .await;
    let detail: Value = reopened.json().await.expect("json");
    assert_eq!(detail["contact"]["resolved_first_contact"], Value::Null);

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
        ["contact.changed", "contact.changed", "contact.noted"]
    );
    assert_eq!(log["entries"][1]["target_id"], first);
    let changes = &log["entries"][1]["changes"];
    let fields: Vec<&str> = changes
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| c["field"].as_str().expect("field"))
        .collect();
    assert_eq!(
        fields,
        [
            "status",
            "resolved_first_contact",
            "resolved_at",
            "assignee"
        ]
    );
    assert_eq!(
        changes[0],
        json!({"field": "status", "from": "open", "to": "resolved"})
    );
    assert_eq!(
        changes[1],
        json!({"field": "resolved_first_contact", "to": "true"})
    );
    assert_eq!(
        changes[3],
        json!({"field": "assignee", "to": "agent@example.com"})
    );
}

#[tokio::test]
async fn the_helpdesk_records_a_resolution_through_the_admin_api() {
    let app = app().await;
    let reference = contact(&app, "session-a-0123456789", "Broken lamp").await;
    let url = app.url(&format!(
        "/v1/admin/sites/demo/contacts/{reference}/resolution"
    ));
    let resp = app
        .client
        .post(&url)
        .bearer_auth(ADMIN_TOKEN)
        .json(&json!({"resolved_first_contact": false, "resolved_at": 1_700_000_000_000i64}))
        .send()
        .await
        .expect("request");
    assert_eq!(resp.status(), 200);
    let item: Value = resp.json().await.expect("json");
    assert_eq!(item["status"], "resolved");
    assert_eq!(item["resolved_first_contact"], false);
    assert_eq!(item["resolved_at"], 1_700_000_000_000i64);
    let future = app
        .client
        .post(&url)
        .bearer_auth(ADMIN_TOKEN)
        .json(&json!({"resolved_first_contact": true, "resolved_at": 99_999_999_999_999i64}))
        .send()
        .await
        .expect("request");
    assert_envelope(future, 422, "validation_failed").await;
    let missing = app
        .client
        .post(app.url("/v1/admin/sites/demo/contacts/PT-NONE-NONE/resolution"))
        .bearer_auth(ADMIN_TOKEN)
        .json(&json!({"resolved_first_contact": true}))
        .send()
        .await
        .expect("request");
    assert_envelope(missing, 404, "not_found").await;

    let owner = app
        .console_as("demo", "owner@example.com", Role::Owner)
        .await;
    let log = owner.get_json("/v1/console/sites/demo/audit").await;
    assert_eq!(log["entries"][0]["actor"], json!({"kind": "admin_key"}));
    assert_eq!(log["entries"][0]["target_id"], reference);
}

#[tokio::test]
async fn viewers_only_read_and_other_sites_contacts_are_not_found() {
    let app = app().await;
    let reference = contact(&app, "session-a-0123456789", "Hello").await;
    let viewer = app
        .console_as("demo", "viewer@example.com", Role::Viewer)
        .await;
    assert_eq!(
        viewer.get(&format!("{INBOX}/{reference}")).await.status(),
        200
    );
    let write = viewer
        .put(&format!("{INBOX}/{reference}"), &json!({"assignee": null}))
        .await;
    assert_envelope(write, 403, "forbidden").await;
    let note = viewer
        .post(&format!("{INBOX}/{reference}/notes"), &json!({"text": "x"}))
        .await;
    assert_envelope(note, 403, "forbidden").await;
    let acme = app
        .console_as("acme", "agent@example.com", Role::Agent)
        .await;
    let other = acme
        .get(&format!("/v1/console/sites/acme/contacts/{reference}"))
        .await;
    assert_envelope(other, 404, "not_found").await;
    let foreign = acme
        .put(
            &format!("/v1/console/sites/acme/contacts/{reference}"),
            &json!({"status": "resolved", "resolved_first_contact": true}),
        )
        .await;
    assert_envelope(foreign, 404, "not_found").await;
    // An assignee must be a user of the site.
    let agent = app
        .console_as("demo", "agent@example.com", Role::Agent)
        .await;
    let stranger = agent
        .put(
            &format!("{INBOX}/{reference}"),
            &json!({"assignee": acme.user_id()}),
        )
        .await;
    assert_envelope(stranger, 422, "validation_failed").await;
}
