//! Console fixtures: users added straight into the test's database (as `users add` does), a
//! signed-in session that sends its cookie and CSRF token, and request helpers.

use patron_api::console::Role;
use reqwest::Method;
use serde_json::{json, Value};

use super::TestApp;

pub const PASSWORD: &str = "correct horse battery";

impl TestApp {
    /// The test's own database (the server's).
    pub async fn console_pool(&self) -> sqlx::AnyPool {
        let url = super::database_url(&self.dir.path().join("db/patron.db"));
        patron_server::storage::connect(&url).await.expect("pool")
    }

    /// Adds a console user with `PASSWORD`; returns their id.
    pub async fn add_console_user(&self, site: &str, email: &str, role: Role) -> String {
        let pool = self.console_pool().await;
        let hash = patron_server::auth::users::hash_password(PASSWORD);
        let row = patron_server::auth::users::upsert(&pool, site, email, role, &hash, 1)
            .await
            .expect("user");
        pool.close().await;
        row.id
    }

    pub async fn sign_in_raw(&self, site: &str, email: &str, password: &str) -> reqwest::Response {
        self.post_json(
            "/v1/console/session",
            &json!({"site": site, "email": email, "password": password}),
        )
        .await
    }

    /// Adds a user of `role` on `site` and signs them in.
    pub async fn console_as(&self, site: &str, email: &str, role: Role) -> Console<'_> {
        self.add_console_user(site, email, role).await;
        self.console_sign_in(site, email).await
    }

    pub async fn console_sign_in(&self, site: &str, email: &str) -> Console<'_> {
        let resp = self.sign_in_raw(site, email, PASSWORD).await;
        assert_eq!(resp.status(), 200, "sign in {email}");
        let set_cookie = resp
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .expect("set-cookie")
            .to_owned();
        let cookie = set_cookie.split(';').next().expect("pair").to_owned();
        let session: Value = resp.json().await.expect("json");
        Console {
            app: self,
            cookie,
            csrf: session["csrf_token"].as_str().expect("csrf").to_owned(),
            session,
            set_cookie,
        }
    }
}

/// A signed-in console user.
pub struct Console<'a> {
    pub app: &'a TestApp,
    /// `patron_console=…`
    pub cookie: String,
    pub csrf: String,
    pub session: Value,
    /// The whole `Set-Cookie` of signing in.
    pub set_cookie: String,
}

impl Console<'_> {
    pub fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        let req = self
            .app
            .client
            .request(method.clone(), self.app.url(path))
            .header("cookie", &self.cookie);
        if method == Method::GET {
            req
        } else {
            req.header("x-csrf-token", &self.csrf)
        }
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.request(Method::GET, path)
            .send()
            .await
            .expect("request")
    }

    pub async fn get_json(&self, path: &str) -> Value {
        let resp = self.get(path).await;
        assert_eq!(resp.status(), 200, "GET {path}");
        resp.json().await.expect("json")
    }

    pub async fn send(&self, method: Method, path: &str, body: &Value) -> reqwest::Response {
        self.request(method, path)
            .json(body)
            .send()
            .await
            .expect("request")
    }

    pub async fn put(&self, path: &str, body: &Value) -> reqwest::Response {
        self.send(Method::PUT, path, body).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> reqwest::Response {
        self.send(Method::POST, path, body).await
    }

    pub async fn delete(&self, path: &str) -> reqwest::Response {
        self.request(Method::DELETE, path)
            .send()
            .await
            .expect("request")
    }

    pub fn user_id(&self) -> String {
        self.session["user"]["id"].as_str().expect("id").to_owned()
    }
}
