//! The OpenAPI document describes exactly the routes the server answers, and is served.

use std::collections::BTreeSet;

use patron_server::Application;
use serde_json::Value;

use crate::common::{spawn_with, test_config, Options};

/// `(METHOD, path)` of every operation in the document.
fn documented() -> BTreeSet<(String, String)> {
    let doc = serde_json::to_value(patron_api::openapi::document()).expect("json");
    let mut ops = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in ["get", "put", "post", "delete", "patch", "head", "options"] {
            if item.get(method).is_some() {
                ops.insert((method.to_ascii_uppercase(), path.clone()));
            }
        }
    }
    ops
}

#[tokio::test]
async fn every_route_in_the_router_is_documented_and_every_documented_route_exists() {
    let dir = tempfile::tempdir().expect("tempdir");
    crate::common::write_site(dir.path(), "demo", crate::common::DEMO_YAML);
    let mut config = test_config(dir.path());
    // Demo mode registers every route there is (the demo shop and the demo door too).
    config.demo = true;
    let app = Application::build(config).await.expect("app builds");
    let served: BTreeSet<(String, String)> = app
        .routes()
        .iter()
        // The router writes a catch-all as `{*file}`; OpenAPI has only `{file}`.
        .map(|r| (r.method.to_string(), r.path.replace("{*", "{")))
        .collect();
    let documented = documented();
    let undocumented: Vec<_> = served.difference(&documented).collect();
    assert!(
        undocumented.is_empty(),
        "served but not in the document: {undocumented:?}"
    );
    let unserved: Vec<_> = documented.difference(&served).collect();
    assert!(
        unserved.is_empty(),
        "in the document but not served: {unserved:?}"
    );
}

#[tokio::test]
async fn the_document_and_its_reference_page_are_served() {
    let app = spawn_with(Options::default()).await;
    let resp = app.get("/openapi.json").await;
    assert_eq!(resp.status(), 200);
    let doc: Value = resp.json().await.expect("json");
    assert_eq!(doc["openapi"], "3.1.0");
    assert!(doc["paths"]["/v1/sites/{site}/surveys/responses"]["post"].is_object());
    let codes = doc["components"]["schemas"]["FieldCode"]["enum"]
        .as_array()
        .expect("field codes");
    assert!(codes.iter().any(|c| c == "too_long"));

    let resp = app.get("/docs/api").await;
    assert_eq!(resp.status(), 200);
    let csp = resp.headers()["content-security-policy"]
        .to_str()
        .expect("csp")
        .to_owned();
    assert!(csp.contains("default-src 'none'"), "{csp}");
    let page = resp.text().await.expect("page");
    assert!(page.contains("/v1/admin/sites/{site}/points/purchases"));
    assert!(page.contains("DetractorAlert"));
}

/// Schemathesis (and every client generator) refuses a document in which two operations share
/// an `operationId`; utoipa takes the id from the stub's name, so two features' stubs with the
/// same name (the console's and the widget's `sign_in` did) break the fuzzing stage.
#[test]
fn every_operation_id_is_unique() {
    let doc = serde_json::to_value(patron_api::openapi::document()).expect("json");
    let mut seen = std::collections::BTreeMap::<String, String>::new();
    let mut duplicates = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            let Some(id) = op.get("operationId").and_then(Value::as_str) else {
                continue;
            };
            let here = format!("{method} {path}");
            if let Some(first) = seen.insert(id.to_owned(), here.clone()) {
                duplicates.push(format!("{id}: {first} and {here}"));
            }
        }
    }
    assert!(
        duplicates.is_empty(),
        "operationIds used twice: {duplicates:?}"
    );
    assert!(seen.len() > 50, "only {} operations found", seen.len());
}
