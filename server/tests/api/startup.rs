use patron_server::Application;

use crate::common::{test_config, write_site, DEMO_YAML};

#[tokio::test]
async fn invalid_site_yaml_refuses_to_start() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = DEMO_YAML
        .replace("\"#b3261e\"", "red")
        .replace("kiosk_idle_seconds: 120", "kiosk_idle_seconds: 5");
    let path = write_site(dir.path(), "broken", &bad);
    write_site(dir.path(), "demo", DEMO_YAML);
    let err = Application::build(test_config(dir.path()))
        .await
        .expect_err("must fail")
        .to_string();
    assert!(err.contains(&path.display().to_string()), "{err}");
    assert!(
        err.contains("brand.primary") && err.contains("kiosk_idle_seconds"),
        "{err}"
    );
}

#[tokio::test]
async fn unknown_yaml_key_refuses_to_start() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_site(dir.path(), "demo", &format!("{DEMO_YAML}colour: red\n"));
    let err = Application::build(test_config(dir.path()))
        .await
        .expect_err("must fail")
        .to_string();
    assert!(
        err.contains(&path.display().to_string()) && err.contains("colour"),
        "{err}"
    );
}

#[tokio::test]
async fn an_unknown_colour_scheme_refuses_to_start() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_site(
        dir.path(),
        "demo",
        &format!("{DEMO_YAML}color_scheme: night\n"),
    );
    let err = Application::build(test_config(dir.path()))
        .await
        .expect_err("must fail")
        .to_string();
    assert!(err.contains("night"), "{err}");
}

#[tokio::test]
async fn invalid_folder_name_refuses_to_start() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_site(dir.path(), "Bad_Site", DEMO_YAML);
    let err = Application::build(test_config(dir.path()))
        .await
        .expect_err("must fail")
        .to_string();
    assert!(err.contains("Bad_Site"), "{err}");
}

#[tokio::test]
async fn starts_without_content_or_widget_and_creates_the_database() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = test_config(dir.path());
    let url = config.database_url.clone();
    let app = Application::build(config).await.expect("starts");
    assert_ne!(app.port(), 0);
    if url.starts_with("sqlite:") {
        assert!(dir.path().join("db/patron.db").is_file());
    }
    sqlx::any::install_default_drivers();
    let db = sqlx::AnyPool::connect(&url).await.expect("database");
    let (migrations,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM _sqlx_migrations")
        .fetch_one(&db)
        .await
        .expect("migrations table");
    let files = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations"))
        .expect("migrations folder")
        .count();
    assert_eq!(migrations as usize, files, "every migration applied");
    assert!(app.demo_url().is_none());
}

#[tokio::test]
async fn restart_reloads_content() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_site(dir.path(), "demo", DEMO_YAML);
    let first = Application::build(test_config(dir.path()))
        .await
        .expect("starts");
    drop(first);
    write_site(
        dir.path(),
        "demo",
        &DEMO_YAML.replace("Mingjia Home", "Mingjia Home 2"),
    );
    let second = Application::build(test_config(dir.path()))
        .await
        .expect("restarts");
    let address = format!("http://{}", second.local_addr());
    tokio::spawn(second.run_until_stopped());
    let body: serde_json::Value = reqwest::get(format!("{address}/v1/sites/demo/settings"))
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    assert_eq!(body["name"]["en"], "Mingjia Home 2");
}

#[tokio::test]
async fn the_demo_listens_on_loopback_only_unless_told_otherwise() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_site(dir.path(), "demo", DEMO_YAML);
    let mut config = test_config(dir.path());
    config.demo = true;
    config.addr = "0.0.0.0:0".parse().expect("addr");
    let err = Application::build(config.clone())
        .await
        .expect_err("a public demo must be asked for")
        .to_string();
    assert!(err.contains("--demo-public"), "{err}");
    config.demo_public = true;
    Application::build(config).await.expect("asked for");
}
