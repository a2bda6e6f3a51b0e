//! Test harness: each test gets its own server on a random port, a throw-away database and
//! content written into a temporary directory. The database is a SQLite file there, or, when
//! `PATRON_TEST_POSTGRES` holds a PostgreSQL server URL (`postgres://user@host:port`), a
//! fresh database on that server, so the same tests prove the SQL on both.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use patron_server::app::Caches;
use patron_server::{Application, Config, LogFormat, RateLimitArgs};
use tempfile::TempDir;

pub mod console;
pub mod faq;
pub mod onboarding;
pub mod points;
pub mod surveys;

pub const ADMIN_TOKEN: &str = "test-admin-token";
pub const SHOP_ORIGIN: &str = "https://shop.example.com";

pub const DEMO_YAML: &str = r##"
name: { zh-CN: 明家生活, zh-TW: 明家生活, en: Mingjia Home }
logo_url: /assets/demo/logo.svg
brand: { primary: "#b3261e", on_primary: "#ffffff" }
greeting: { zh-CN: 您好！有什么可以帮您？, en: "Hi! How can we help?" }
modules: [faq, onboarding, survey, points]
locales: [zh-CN, zh-TW, en]
default_locale: zh-CN
allowed_origins: ["https://shop.example.com", "http://localhost:8080"]
kiosk_idle_seconds: 120
"##;

pub const INLINE_SCRIPT: &str =
    "import init from '/widget/x-0123456789abcdef.js';\nawait init('/widget/x-0123456789abcdef_bg.wasm');";
pub const LOADER_JS: &str =
    "(function(){/* loader */ var s = document.currentScript; console.log(s);})();";

pub struct TestApp {
    /// `http://127.0.0.1:PORT`
    pub address: String,
    pub port: u16,
    pub client: reqwest::Client,
    pub dir: TempDir,
    /// The server's in-memory tables, to check that they stay bounded.
    pub caches: Caches,
}

#[derive(Clone)]
pub struct Options {
    pub demo: bool,
    pub widget: bool,
    pub max_body_bytes: usize,
    pub admin_token: Option<String>,
    /// Write the FAQ fixtures (`faq::ARTICLES`) into `content/demo/faq/`.
    pub faq: bool,
    /// More `(site, site.yaml)` folders.
    pub sites: Vec<(&'static str, String)>,
    /// Text appended to the demo site's site.yaml.
    pub demo_yaml_extra: String,
    /// More files, `(path relative to the temporary root, text)`, e.g. content files.
    pub files: Vec<(String, String)>,
    /// Request budgets; `None` for the harness's (`test_config`).
    pub rate_limits: Option<RateLimitArgs>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            demo: false,
            widget: false,
            max_body_bytes: 64 * 1024,
            admin_token: Some(ADMIN_TOKEN.into()),
            faq: false,
            sites: Vec::new(),
            demo_yaml_extra: String::new(),
            files: Vec::new(),
            rate_limits: None,
        }
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_with(Options::default()).await
}

pub async fn spawn_with(opts: Options) -> TestApp {
    spawn_tuned(opts, |_| {}).await
}

/// `spawn_with`, with `tune` adjusting the config before the server starts.
pub async fn spawn_tuned(opts: Options, tune: impl FnOnce(&mut Config)) -> TestApp {
    let dir = tempfile::tempdir().expect("tempdir");
    write_site(
        dir.path(),
        "demo",
        &format!("{DEMO_YAML}{}", opts.demo_yaml_extra),
    );
    for (site, yaml) in &opts.sites {
        write_site(dir.path(), site, yaml);
    }
    for (path, text) in &opts.files {
        write_file(&dir.path().join(path), text.as_bytes());
    }
    if opts.faq {
        faq::write_articles(&dir.path().join("content/demo/faq"));
    }
    write_file(
        &dir.path().join("content/demo/public/logo.svg"),
        b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    if opts.widget {
        write_widget(&dir.path().join("dist"));
    }
    let mut config = test_config(dir.path());
    config.demo = opts.demo;
    config.max_body_bytes = opts.max_body_bytes;
    config.admin_token = opts.admin_token;
    tune(&mut config);
    if let Some(limits) = opts.rate_limits {
        config.rate_limits = limits;
    }

    start(config, dir).await
}

/// Starts a server for `config`; `dir` is kept alive with it.
pub async fn start(config: Config, dir: TempDir) -> TestApp {
    let app = Application::build(config).await.expect("app builds");
    let port = app.port();
    let address = format!("http://{}", app.local_addr());
    let caches = app.caches();
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    TestApp {
        address,
        port,
        client,
        dir,
        caches,
    }
}

/// A config pointing everything into `root`, listening on a random port.
pub fn test_config(root: &Path) -> Config {
    Config {
        addr: "127.0.0.1:0".parse().expect("addr"),
        database_url: database_url(&root.join("db/patron.db")),
        content_dir: root.join("content"),
        widget_dir: root.join("dist"),
        public_url: None,
        demo: false,
        demo_public: false,
        admin_token: Some(ADMIN_TOKEN.into()),
        log_format: LogFormat::Text,
        request_timeout_secs: 15,
        max_body_bytes: 64 * 1024,
        console_session_secs: 3600,
        // The tests' receivers listen on 127.0.0.1 (one test proves the refusal without it).
        webhook: patron_server::WebhookArgs {
            allow_private_webhooks: true,
            ..Default::default()
        },
        retention: Default::default(),
        // Tests send requests back to back from one address, as no shopper does: every budget
        // is a hundred times the default here; the rate-limit tests set their own.
        rate_limits: RateLimitArgs {
            rate_limit_scale: 100,
            ..RateLimitArgs::default()
        },
    }
}

/// The database URL for a test whose SQLite file would be `sqlite_file`: that file, or with
/// `PATRON_TEST_POSTGRES` set, a database of its own on that server (named after the file, so
/// asking again for the same file gives the same database).
pub fn database_url(sqlite_file: &Path) -> String {
    let Ok(server) = std::env::var("PATRON_TEST_POSTGRES") else {
        return format!("sqlite://{}", sqlite_file.display());
    };
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    sqlite_file.hash(&mut hasher);
    let name = format!("patron_test_{:016x}", hasher.finish());
    let server = server.trim_end_matches('/').to_owned();
    let url = format!("{server}/{name}");
    static CREATED: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    let mut created = CREATED.lock().unwrap_or_else(|e| e.into_inner());
    if !created.contains(&name) {
        // On a thread of its own: callers may be inside a single-threaded tokio runtime.
        let admin = format!("{server}/postgres");
        let statement = format!("CREATE DATABASE {name}");
        std::thread::spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime")
                .block_on(async {
                    use sqlx::Connection;
                    let mut conn = sqlx::PgConnection::connect(&admin)
                        .await
                        .expect("PATRON_TEST_POSTGRES: connect");
                    sqlx::query(&statement)
                        .execute(&mut conn)
                        .await
                        .expect("create test database");
                })
        })
        .join()
        .expect("create test database");
        created.push(name);
    }
    url
}

pub fn write_site(root: &Path, site: &str, yaml: &str) -> PathBuf {
    let path = root.join("content").join(site).join("site.yaml");
    write_file(&path, yaml.as_bytes());
    path
}

pub fn write_file(path: &Path, body: &[u8]) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, body).expect("write");
}

/// A fake Trunk build: an index.html with an inline module script and hashed assets.
pub fn write_widget(dist: &Path) {
    let index = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\">\
         <link rel=\"stylesheet\" href=\"/widget/main-0123456789abcdef.css\">\
         <script type=\"module\">{INLINE_SCRIPT}</script></head>\
         <body>{}</body></html>",
        "<p>Patron widget</p>".repeat(20)
    );
    write_file(&dist.join("index.html"), index.as_bytes());
    write_file(&dist.join("embed.js"), LOADER_JS.repeat(5).as_bytes());
    write_file(
        &dist.join("embed/tour.js"),
        "export default function show(){}\n".repeat(10).as_bytes(),
    );
    write_file(
        &dist.join("embed.d.ts"),
        "declare var patron: Patron.Api;\n".repeat(10).as_bytes(),
    );
    write_file(
        &dist.join("x-0123456789abcdef.js"),
        "export default function init(){}\n".repeat(30).as_bytes(),
    );
    write_file(&dist.join("x-0123456789abcdef_bg.wasm"), &wasm_bytes());
    write_file(
        &dist.join("main-0123456789abcdef.css"),
        "body{margin:0}\n".repeat(30).as_bytes(),
    );
    write_file(
        &dist.join("icons/close.svg"),
        b"<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>",
    );
}

pub fn wasm_bytes() -> Vec<u8> {
    let mut bytes = b"\0asm\x01\0\0\0".to_vec();
    bytes.extend((0..4000u32).map(|i| (i % 7) as u8));
    bytes
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request")
    }

    pub async fn get_json(&self, path: &str) -> serde_json::Value {
        let resp = self.get(path).await;
        assert_eq!(resp.status(), 200, "GET {path}");
        resp.json().await.expect("json")
    }

    /// `GET` with `Authorization: Bearer <token>`.
    pub async fn get_with(&self, path: &str, token: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("request")
    }

    pub async fn post_json(&self, path: &str, body: &serde_json::Value) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .expect("request")
    }

    pub fn admin_put(&self, site: &str) -> reqwest::RequestBuilder {
        self.client
            .put(self.url(&format!("/v1/admin/sites/{site}/settings")))
            .bearer_auth(ADMIN_TOKEN)
    }
}

/// Asserts an error envelope with `status` and `code`; returns the JSON for more checks.
pub async fn assert_envelope(
    resp: reqwest::Response,
    status: u16,
    code: &str,
) -> serde_json::Value {
    assert_eq!(resp.status().as_u16(), status, "status");
    let ct = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    assert!(ct.starts_with("application/json"), "content-type {ct}");
    let body: serde_json::Value = resp.json().await.expect("json body");
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(body["error"]["message"].is_string(), "{body}");
    body
}
