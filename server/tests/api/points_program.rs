//! The programme as content: loyalty.yaml and the token secret checked at start-up, the
//! public programme and catalogue, and the rules admin API.

use std::path::Path;

use patron_server::Application;
use serde_json::{json, Value};

use crate::common::points::{spawn_points, LOYALTY, SECRET};
use crate::common::{
    assert_envelope, spawn_app, test_config, write_file, write_site, ADMIN_TOKEN, DEMO_YAML,
};

#[tokio::test]
async fn the_programme_and_catalogue_are_public_and_translated() {
    let app = spawn_points().await;
    let program = app
        .get_json("/v1/sites/demo/points/program?locale=zh-TW")
        .await;
    assert_eq!(program["currency"], "CNY");
    assert_eq!(program["point_lifetime_months"], 24);
    let tiers: Vec<(&str, &str, i64)> = program["tiers"]
        .as_array()
        .expect("tiers")
        .iter()
        .map(|t| {
            (
                t["id"].as_str().expect("id"),
                t["name"].as_str().expect("name"),
                t["min_spend"].as_i64().expect("min"),
            )
        })
        .collect();
    assert_eq!(
        tiers,
        [
            ("member", "會員", 0),
            ("silver", "銀卡", 100_000),
            ("gold", "金卡", 500_000)
        ]
    );
    assert_eq!(
        program["tiers"][2]["benefits"],
        json!(["全館 9 折", "免費售後檢測"])
    );
    let rewards = app
        .get_json("/v1/sites/demo/points/rewards?locale=en")
        .await;
    assert_eq!(rewards["rewards"][1]["name"], "Vase");
    assert_eq!(rewards["rewards"][1]["description"], "Blue and white");
    assert_eq!(rewards["rewards"][1]["stock_left"], 3);
    assert!(rewards["rewards"][0]["stock_left"].is_null(), "unlimited");
    // The widget on the shop's origin may read them.
    let resp = app
        .client
        .get(app.url("/v1/sites/demo/points/rewards"))
        .header("origin", "https://shop.example.com")
        .send()
        .await
        .expect("req");
    assert_eq!(
        resp.headers()["access-control-allow-origin"],
        "https://shop.example.com"
    );
    let resp = app.get("/v1/sites/demo/points/program?locale=xx").await;
    assert_envelope(resp, 422, "validation_failed").await;
}

#[tokio::test]
async fn a_site_without_a_programme_has_no_points_api() {
    let app = spawn_app().await;
    for path in ["program", "rewards"] {
        let resp = app.get(&format!("/v1/sites/demo/points/{path}")).await;
        assert_envelope(resp, 404, "not_found").await;
    }
}

async fn start_error(root: &Path) -> String {
    Application::build(test_config(root))
        .await
        .expect_err("must not start")
        .to_string()
}

#[tokio::test]
async fn a_malformed_loyalty_file_stops_the_server_and_names_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_site(dir.path(), "demo", DEMO_YAML);
    let file = dir.path().join("content/demo/loyalty.yaml");
    let bad = LOYALTY
        .replace("min_spend: 1000", "min_spend: -5")
        .replace("cost: 500", "cost: 0");
    write_file(&file, bad.as_bytes());
    let err = start_error(dir.path()).await;
    assert!(err.contains(&file.display().to_string()), "{err}");
    assert!(err.contains("tiers[1].min_spend"), "{err}");
    assert!(err.contains("rewards[1].cost"), "{err}");
    write_file(&file, b"tiers: [oops");
    let err = start_error(dir.path()).await;
    assert!(err.contains("loyalty.yaml"), "{err}");
    write_file(&file, format!("{LOYALTY}bonus: 1\n").as_bytes());
    let err = start_error(dir.path()).await;
    assert!(
        err.contains("loyalty.yaml") && err.contains("bonus"),
        "{err}"
    );
}

#[tokio::test]
async fn a_bad_token_secret_setting_stops_the_server() {
    let dir = tempfile::tempdir().expect("tempdir");
    let site = write_site(
        dir.path(),
        "demo",
        &format!("{DEMO_YAML}member_token_secret_file: missing.key\n"),
    );
    let err = start_error(dir.path()).await;
    assert!(err.contains(&site.display().to_string()), "{err}");
    assert!(err.contains("member_token_secret_file"), "{err}");
    write_file(&dir.path().join("content/demo/missing.key"), b"too-short");
    let err = start_error(dir.path()).await;
    assert!(err.contains("at least 32 bytes"), "{err}");
    write_site(
        dir.path(),
        "demo",
        &format!("{DEMO_YAML}member_token_secret_env: PATRON_TEST_UNSET_SECRET_VAR\n"),
    );
    let err = start_error(dir.path()).await;
    assert!(err.contains("PATRON_TEST_UNSET_SECRET_VAR"), "{err}");
    assert!(!err.contains(SECRET));
}

#[tokio::test]
async fn the_repositorys_demo_content_loads() {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    let sites = patron_server::content::load_site_entries(&content).expect("site.yaml files");
    let rules = patron_server::points::load_rules(&content, &sites).expect("loyalty.yaml files");
    let demo = &rules
        .iter()
        .find(|f| f.site == "demo")
        .expect("demo has a programme")
        .rules;
    let tiers: Vec<&str> = demo.tiers.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(tiers, ["member", "silver", "gold", "platinum"]);
    assert!(demo.rewards.len() >= 3);
}

#[tokio::test]
async fn admins_read_and_replace_the_rules() {
    let app = spawn_points().await;
    let url = app.url("/v1/admin/sites/demo/points/rules");
    let resp = app.client.get(&url).send().await.expect("req");
    assert_envelope(resp, 401, "unauthorized").await;
    let mut rules: Value = app
        .client
        .get(&url)
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .expect("req")
        .json()
        .await
        .expect("json");
    assert_eq!(rules["tiers"][1]["min_spend"], 1000);
    rules["rewards"][0]["cost"] = json!(150);
    let resp = app
        .client
        .put(&url)
        .bearer_auth(ADMIN_TOKEN)
        .json(&rules)
        .send()
        .await
        .expect("req");
    assert_eq!(resp.status(), 200);
    let catalogue = app
        .get_json("/v1/sites/demo/points/rewards?locale=en")
        .await;
    assert_eq!(catalogue["rewards"][0]["cost"], 150);
    rules["tiers"][0]["min_spend"] = json!(10);
    rules["tiers"][2]["name"] = json!({"en": "Gold"});
    let resp = app
        .client
        .put(&url)
        .bearer_auth(ADMIN_TOKEN)
        .json(&rules)
        .send()
        .await
        .expect("req");
    let env = assert_envelope(resp, 422, "validation_failed").await;
    let fields: Vec<&str> = env["error"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert_eq!(fields, ["tiers[0].min_spend", "tiers[2].name"]);
    let catalogue = app
        .get_json("/v1/sites/demo/points/rewards?locale=en")
        .await;
    assert_eq!(
        catalogue["rewards"][0]["cost"], 150,
        "a refused change changes nothing"
    );
}
