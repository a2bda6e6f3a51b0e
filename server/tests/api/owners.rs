//! Who owns a site's configuration (`owners:` in site.yaml). With the API as owner (the
//! default) an admin edit survives a restart, a changed file is imported again and an
//! unchanged one is not, also when several instances start at once on one database; with the
//! files as owner, every start imports them and the admin API refuses to write.

use std::path::{Path, PathBuf};

use patron_api::console::Role;
use patron_server::Application;
use serde_json::{json, Value};

use crate::common::faq::article;
use crate::common::points::LOYALTY;
use crate::common::surveys::SURVEYS_YAML;
use crate::common::{
    assert_envelope, spawn_with, start, test_config, write_file, Options, TestApp, ADMIN_TOKEN,
    DEMO_YAML,
};

const SETTINGS: &str = "/v1/admin/sites/demo/settings";
const SURVEYS: &str = "/v1/admin/sites/demo/surveys";
const PACKS: &str = "/v1/admin/sites/demo/onboarding/packs";
const RULES: &str = "/v1/admin/sites/demo/points/rules";
const ARTICLES: &str = "/v1/admin/sites/demo/faq/articles";

const WELCOME: &str = "id: welcome\ntitle: { zh-CN: 新手指南, en: Getting started }\n\
audience: { everyone: true }\nsteps:\n  - id: one\n    title: { zh-CN: 第一步, en: Step one }\n";
const TOUR: &str = "id: tour\ntitle: { zh-CN: 逛逛, en: A tour }\n\
audience: { everyone: true }\nsteps:\n  - id: look\n    title: { zh-CN: 看看, en: Look }\n";

/// A demo site with every kind of content, owned as `owners` (a site.yaml line) says.
async fn spawn_site(owners: &str) -> TestApp {
    let files = [
        ("content/demo/surveys.yaml", SURVEYS_YAML.to_owned()),
        ("content/demo/loyalty.yaml", LOYALTY.to_owned()),
        ("content/demo/onboarding/a-welcome.yaml", WELCOME.to_owned()),
        ("content/demo/onboarding/b-tour.yaml", TOUR.to_owned()),
        ("content/demo/faq/returns.en.md", returns("Returns")),
        ("content/demo/faq/shipping.en.md", shipping("Shipping")),
    ];
    spawn_with(Options {
        demo_yaml_extra: owners.to_owned(),
        files: files.map(|(p, t)| (p.to_owned(), t)).to_vec(),
        ..Options::default()
    })
    .await
}

fn returns(title: &str) -> String {
    article(
        "returns",
        "en",
        "Orders",
        title,
        "Send it back within 7 days.",
    )
}

fn shipping(title: &str) -> String {
    article("shipping", "en", "Orders", title, "We ship in two days.")
}

fn content(app: &TestApp, file: &str) -> PathBuf {
    app.dir.path().join("content/demo").join(file)
}

/// Another server on the same database and content folder, as after a restart.
async fn restart(first: &TestApp) -> TestApp {
    start(
        test_config(first.dir.path()),
        tempfile::tempdir().expect("dir"),
    )
    .await
}

async fn get(app: &TestApp, path: &str) -> Value {
    let resp = app.get_with(path, ADMIN_TOKEN).await;
    assert_eq!(resp.status(), 200, "GET {path}");
    resp.json().await.expect("json")
}

async fn send(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    body: &Value,
) -> reqwest::Response {
    app.client
        .request(method, app.url(path))
        .bearer_auth(ADMIN_TOKEN)
        .json(body)
        .send()
        .await
        .expect("request")
}

async fn put(app: &TestApp, path: &str, body: &Value) -> reqwest::Response {
    send(app, reqwest::Method::PUT, path, body).await
}

async fn site_name(app: &TestApp) -> String {
    let settings = app.get_json("/v1/sites/demo/settings").await;
    settings["name"]["en"].as_str().expect("name").to_owned()
}

async fn rename_site(app: &TestApp, name: &str) {
    let mut settings = app.get_json("/v1/sites/demo/settings").await;
    settings["name"]["en"] = json!(name);
    assert_eq!(put(app, SETTINGS, &settings).await.status(), 200);
}

async fn survey_ids(app: &TestApp) -> Vec<String> {
    ids(&get(app, SURVEYS).await["surveys"])
}

async fn pack_titles(app: &TestApp) -> Vec<String> {
    let packs = get(app, PACKS).await;
    packs["packs"]
        .as_array()
        .expect("packs")
        .iter()
        .map(|p| format!("{}: {}", p["id"].as_str().expect("id"), p["title"]["en"]))
        .collect()
}

async fn points_per_unit(app: &TestApp) -> i64 {
    get(app, RULES).await["points_per_unit"]
        .as_i64()
        .expect("points_per_unit")
}

async fn article_titles(app: &TestApp) -> Vec<String> {
    let list = get(app, ARTICLES).await;
    list.as_array()
        .expect("articles")
        .iter()
        .map(|a| format!("{}: {}", a["id"].as_str().expect("id"), a["title"]))
        .collect()
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|x| x["id"].as_str().expect("id").to_owned())
        .collect()
}

/// Edits every kind through the admin API: the site's name, one survey left, the welcome
/// pack retitled and a pack added, 5 points per yuan, the returns article retitled and the
/// shipping one deleted.
async fn edit_everything(app: &TestApp) {
    rename_site(app, "Edited Home").await;

    let mut surveys = get(app, SURVEYS).await;
    surveys["surveys"]
        .as_array_mut()
        .expect("surveys")
        .truncate(1);
    let body = json!({"cooldown_hours": 5, "surveys": surveys["surveys"]});
    assert_eq!(put(app, SURVEYS, &body).await.status(), 200);

    let mut packs = get(app, PACKS).await;
    packs["packs"][0]["title"]["en"] = json!("Edited welcome");
    let mut added = packs["packs"][1].clone();
    added["id"] = json!("api-made");
    packs["packs"].as_array_mut().expect("packs").push(added);
    assert_eq!(put(app, PACKS, &packs).await.status(), 200);

    let mut rules = get(app, RULES).await;
    rules["points_per_unit"] = json!(5);
    assert_eq!(put(app, RULES, &rules).await.status(), 200);

    let body = json!({"category": "Orders", "title": "Edited returns", "body_markdown": "New."});
    let resp = put(app, &format!("{ARTICLES}/returns/en"), &body).await;
    assert_eq!(resp.status(), 200);
    let resp = send(
        app,
        reqwest::Method::DELETE,
        &format!("{ARTICLES}/shipping/en"),
        &json!({}),
    )
    .await;
    assert_eq!(resp.status(), 204);
}

async fn assert_edits_kept(app: &TestApp) {
    assert_eq!(site_name(app).await, "Edited Home");
    assert_eq!(survey_ids(app).await, ["csat-order"]);
    assert_eq!(
        pack_titles(app).await,
        [
            "welcome: \"Edited welcome\"",
            "tour: \"A tour\"",
            "api-made: \"A tour\""
        ]
    );
    assert_eq!(points_per_unit(app).await, 5);
    assert_eq!(article_titles(app).await, ["returns: \"Edited returns\""]);
}

#[tokio::test]
async fn admin_edits_survive_restarts_while_the_files_are_unchanged() {
    let app = spawn_site("").await;
    assert_eq!(survey_ids(&app).await.len(), 4);
    edit_everything(&app).await;
    assert_edits_kept(&app).await;

    let again = restart(&app).await;
    assert_edits_kept(&again).await;
    // Comments, layout and the server-side keys of site.yaml are not its settings.
    write_file(
        &content(&app, "site.yaml"),
        format!(
            "# touched\n{DEMO_YAML}admin_key_sha256: {}\n",
            "ab".repeat(32)
        )
        .as_bytes(),
    );
    let third = restart(&app).await;
    assert_edits_kept(&third).await;
}

#[tokio::test]
async fn a_changed_file_is_imported_again_and_only_that_file() {
    let app = spawn_site("").await;
    edit_everything(&app).await;

    write_file(
        &content(&app, "site.yaml"),
        DEMO_YAML
            .replace("Mingjia Home", "Mingjia Home 2")
            .as_bytes(),
    );
    write_file(
        &content(&app, "onboarding/b-tour.yaml"),
        TOUR.replace("A tour", "A new tour").as_bytes(),
    );
    write_file(
        &content(&app, "onboarding/c-extra.yaml"),
        TOUR.replace("id: tour", "id: extra").as_bytes(),
    );
    write_file(
        &content(&app, "faq/shipping.en.md"),
        shipping("Shipping, rewritten").as_bytes(),
    );
    let again = restart(&app).await;

    assert_eq!(site_name(&again).await, "Mingjia Home 2");
    // The tour pack is replaced in place, the new file's pack comes last, and the packs
    // edited or added through the API stay.
    assert_eq!(
        pack_titles(&again).await,
        [
            "welcome: \"Edited welcome\"",
            "tour: \"A new tour\"",
            "api-made: \"A tour\"",
            "extra: \"A tour\""
        ]
    );
    // The deleted article comes back because its file changed; the retitled one stays.
    assert_eq!(
        article_titles(&again).await,
        [
            "returns: \"Edited returns\"",
            "shipping: \"Shipping, rewritten\""
        ]
    );
    // Files that did not change: the API's versions stay.
    assert_eq!(survey_ids(&again).await, ["csat-order"]);
    assert_eq!(points_per_unit(&again).await, 5);

    // surveys.yaml and loyalty.yaml are one document each: a changed file replaces it whole.
    write_file(
        &content(&app, "surveys.yaml"),
        SURVEYS_YAML
            .replace("cooldown_hours: 0", "cooldown_hours: 1")
            .as_bytes(),
    );
    write_file(
        &content(&app, "loyalty.yaml"),
        LOYALTY
            .replace("points_per_unit: 1", "points_per_unit: 2")
            .as_bytes(),
    );
    let third = restart(&app).await;
    assert_eq!(survey_ids(&third).await.len(), 4);
    assert_eq!(get(&third, SURVEYS).await["cooldown_hours"], 1);
    assert_eq!(points_per_unit(&third).await, 2);
    assert_eq!(site_name(&third).await, "Mingjia Home 2");
}

#[tokio::test]
async fn a_pack_file_removed_and_put_back_counts_as_new() {
    let app = spawn_site("").await;
    let tour = content(&app, "onboarding/b-tour.yaml");
    std::fs::remove_file(&tour).expect("remove");
    let mut packs = get(&app, PACKS).await;
    packs["packs"].as_array_mut().expect("packs").truncate(1);
    assert_eq!(put(&app, PACKS, &packs).await.status(), 200);
    restart(&app).await;
    write_file(&tour, TOUR.as_bytes());
    let again = restart(&app).await;
    assert_eq!(
        pack_titles(&again).await,
        ["welcome: \"Getting started\"", "tour: \"A tour\""]
    );
}

#[tokio::test]
async fn kinds_the_files_own_refuse_admin_writes_and_name_the_file() {
    let app = spawn_site(
        "owners: { settings: files, surveys: files, onboarding: files, loyalty: files, faq: files }\n",
    )
    .await;
    let settings = app.get_json("/v1/sites/demo/settings").await;
    let surveys = get(&app, SURVEYS).await;
    let body = json!({"cooldown_hours": 5, "surveys": surveys["surveys"]});
    let packs = get(&app, PACKS).await;
    let rules = get(&app, RULES).await;
    let article = json!({"category": "Orders", "title": "Edited", "body_markdown": "New."});
    let (returns, new_one) = (
        format!("{ARTICLES}/returns/en"),
        format!("{ARTICLES}/new-one/en"),
    );
    for (path, body, file) in [
        (SETTINGS, &settings, "demo/site.yaml"),
        (SURVEYS, &body, "demo/surveys.yaml"),
        (PACKS, &packs, "demo/onboarding/"),
        (RULES, &rules, "demo/loyalty.yaml"),
        (returns.as_str(), &article, "demo/faq/returns.en.md"),
        (new_one.as_str(), &article, "demo/faq/"),
    ] {
        let env = assert_envelope(put(&app, path, body).await, 409, "managed_by_files").await;
        let message = env["error"]["message"].as_str().expect("message");
        assert!(message.contains(file), "{path}: {message}");
    }
    let resp = send(&app, reqwest::Method::DELETE, &returns, &json!({})).await;
    assert_envelope(resp, 409, "managed_by_files").await;
    // Reading is still allowed, and nothing changed.
    assert_eq!(
        article_titles(&app).await,
        ["returns: \"Returns\"", "shipping: \"Shipping\""]
    );
    assert_eq!(survey_ids(&app).await.len(), 4);
}

/// The audit log's entries as `action target target_id by actor`, sorted (two writes in one
/// millisecond have no order).
async fn audit_log(app: &TestApp) -> Vec<String> {
    let owner = app
        .console_as("demo", "owner@example.com", Role::Owner)
        .await;
    let log = owner.get_json("/v1/console/sites/demo/audit").await;
    log["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| {
            let changes: Vec<String> = e["changes"]
                .as_array()
                .expect("changes")
                .iter()
                .map(|c| {
                    let side = |v: &Value| v.as_str().unwrap_or("—").to_owned();
                    format!(
                        "{}: {} → {}",
                        c["field"].as_str().expect("field"),
                        side(&c["from"]),
                        side(&c["to"])
                    )
                })
                .collect();
            format!(
                "{} {} {} by {}{}",
                e["action"].as_str().expect("action"),
                e["target"].as_str().expect("target"),
                e["target_id"].as_str().expect("target id"),
                e["actor"]["kind"].as_str().expect("actor"),
                if changes.is_empty() {
                    String::new()
                } else {
                    format!(" [{}]", changes.join("; "))
                }
            )
        })
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect()
}

#[tokio::test]
async fn every_admin_api_write_of_configuration_is_audited_and_a_refused_one_is_not() {
    let app = spawn_site("").await;
    edit_everything(&app).await;
    let resp = send(
        &app,
        reqwest::Method::DELETE,
        "/v1/admin/sites/demo/faq/learned?term=refund",
        &json!({}),
    )
    .await;
    assert_eq!(resp.status(), 200);
    // Refused: settings for another site than the path's, an article that is not there.
    let mut wrong = app.get_json("/v1/sites/demo/settings").await;
    wrong["site"] = json!("acme");
    assert_eq!(put(&app, SETTINGS, &wrong).await.status(), 422);
    let resp = send(
        &app,
        reqwest::Method::DELETE,
        &format!("{ARTICLES}/shipping/en"),
        &json!({}),
    )
    .await;
    assert_eq!(resp.status(), 404);

    assert_eq!(
        audit_log(&app).await,
        [
            "article.deleted article shipping/en by admin_key",
            "article.saved article returns/en by admin_key [title: Returns → Edited returns; \
             body_markdown: Send it back within 7 days. → New.]",
            // Each replaced document with what changed in it.
            "config.replaced config onboarding_packs by admin_key \
             [[welcome].title.en: Getting started → Edited welcome; [api-made]: — → api-made]",
            "config.replaced config points_rules by admin_key [points_per_unit: 1 → 5]",
            "config.replaced config settings by admin_key [name.en: Mingjia Home → Edited Home]",
            "config.replaced config surveys by admin_key [cooldown_hours: 0 → 5; \
             surveys[nps-faq]: nps-faq → —; surveys[csat-signup]: csat-signup → —; \
             surveys[nps-direct]: nps-direct → —]",
            "search_learning.reset search_learning term:refund by admin_key",
        ]
    );
}

#[tokio::test]
async fn owners_are_per_kind() {
    let app = spawn_site("owners: { surveys: files }\n").await;
    let body = json!({"cooldown_hours": 5, "surveys": []});
    assert_envelope(put(&app, SURVEYS, &body).await, 409, "managed_by_files").await;
    rename_site(&app, "Edited Home").await;
    let again = restart(&app).await;
    assert_eq!(site_name(&again).await, "Edited Home");
}

#[tokio::test]
async fn files_owned_content_is_the_folder_at_every_start() {
    let owners = "owners: { onboarding: files, faq: files }\n";
    let app = spawn_site(owners).await;
    // Switched to the API for a moment, an admin adds an article and a pack...
    write_file(&content(&app, "site.yaml"), DEMO_YAML.as_bytes());
    let api = restart(&app).await;
    let body = json!({"category": "Orders", "title": "Made by API", "body_markdown": "x"});
    assert_eq!(
        put(&api, &format!("{ARTICLES}/api-made/en"), &body)
            .await
            .status(),
        201
    );
    let mut packs = get(&api, PACKS).await;
    packs["packs"].as_array_mut().expect("packs").truncate(1);
    assert_eq!(put(&api, PACKS, &packs).await.status(), 200);

    // ...then the files own them again: the folder is the truth. A file removed takes its
    // article or pack along; a file that no longer parses keeps its last good version.
    write_file(
        &content(&app, "site.yaml"),
        format!("{DEMO_YAML}{owners}").as_bytes(),
    );
    std::fs::remove_file(content(&app, "faq/shipping.en.md")).expect("remove");
    write_file(
        &content(&app, "faq/returns.en.md"),
        b"---\nid: returns\nlocale: de\n---\nbroken\n",
    );
    write_file(
        &content(&app, "faq/care.en.md"),
        article("care", "en", "Care", "Care", "Wipe it.").as_bytes(),
    );
    std::fs::remove_file(content(&app, "onboarding/a-welcome.yaml")).expect("remove");
    let files = restart(&app).await;
    assert_eq!(
        article_titles(&files).await,
        ["care: \"Care\"", "returns: \"Returns\""]
    );
    assert_eq!(pack_titles(&files).await, ["tour: \"A tour\""]);
    let resp = files
        .get("/v1/sites/demo/faq/articles/shipping?locale=en")
        .await;
    assert_envelope(resp, 404, "not_found").await;
}

/// The version of the stored survey configuration: every write moves it by one.
async fn survey_version(root: &Path) -> i64 {
    sqlx::any::install_default_drivers();
    let db = sqlx::AnyPool::connect(&test_config(root).database_url)
        .await
        .expect("database");
    let (version,): (i64,) =
        sqlx::query_as("SELECT version FROM survey_configs WHERE site = 'demo'")
            .fetch_one(&db)
            .await
            .expect("version");
    db.close().await;
    version
}

/// Starts `n` servers on `root` at once; all must start.
async fn start_together(root: &Path, n: usize) -> Vec<Application> {
    futures::future::join_all((0..n).map(|_| Application::build(test_config(root))))
        .await
        .into_iter()
        .map(|built| built.expect("starts"))
        .collect()
}

#[tokio::test]
async fn instances_starting_together_import_a_changed_file_once_and_keep_later_edits() {
    let app = spawn_site("").await;
    let root = app.dir.path();
    let before = survey_version(root).await;
    write_file(
        &content(&app, "surveys.yaml"),
        SURVEYS_YAML
            .replace("cooldown_hours: 0", "cooldown_hours: 2")
            .as_bytes(),
    );
    drop(start_together(root, 3).await);
    assert_eq!(survey_version(root).await, before + 1, "imported once");
    assert_eq!(get(&app, SURVEYS).await["cooldown_hours"], 2);

    // An edit made between the starts of a rolling deploy is not reverted by the next ones.
    let body = json!({"cooldown_hours": 7, "surveys": []});
    assert_eq!(put(&app, SURVEYS, &body).await.status(), 200);
    let edited = survey_version(root).await;
    drop(start_together(root, 3).await);
    assert_eq!(survey_version(root).await, edited);
    assert_eq!(get(&app, SURVEYS).await["cooldown_hours"], 7);
}
