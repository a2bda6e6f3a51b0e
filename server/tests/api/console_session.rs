//! Console sign-in, sessions, CSRF, roles, sites, users and the audit log, over HTTP.

use patron_api::console::Role;
use patron_server::RateLimitArgs;
use reqwest::Method;
use serde_json::json;

use crate::common::console::PASSWORD;
use crate::common::{assert_envelope, spawn_app, spawn_with, write_site, Options, DEMO_YAML};

const SESSION: &str = "/v1/console/session";
const USERS: &str = "/v1/console/sites/demo/users";

#[tokio::test]
async fn signing_in_sets_a_strict_cookie_and_signing_out_ends_the_session() {
    let app = spawn_app().await;
    let owner = app
        .console_as("demo", "Owner@Example.com", Role::Owner)
        .await;
    assert_eq!(owner.session["user"]["email"], "owner@example.com");
    assert_eq!(owner.session["user"]["role"], "owner");
    let cookie = owner.set_cookie.as_str();
    for part in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=3600"] {
        assert!(cookie.contains(part), "{cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain http: {cookie}");
    let me = owner.get_json(SESSION).await;
    assert_eq!(me["csrf_token"], owner.session["csrf_token"]);

    // Without the cookie there is no session; the console goes to sign-in.
    assert_envelope(app.get(SESSION).await, 401, "unauthorized").await;

    let out = owner.delete(SESSION).await;
    assert_eq!(out.status(), 204);
    let cleared = out.headers()["set-cookie"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    assert_envelope(owner.get(SESSION).await, 401, "unauthorized").await;
}

#[tokio::test]
async fn any_wrong_combination_is_the_same_401() {
    let app = spawn_app().await;
    app.add_console_user("demo", "agent@example.com", Role::Agent)
        .await;
    for (site, email, password) in [
        ("demo", "agent@example.com", "wrong password!"),
        ("demo", "nobody@example.com", PASSWORD),
        ("acme", "agent@example.com", PASSWORD),
    ] {
        let body = assert_envelope(
            app.sign_in_raw(site, email, password).await,
            401,
            "unauthorized",
        )
        .await;
        assert_eq!(
            body["error"]["message"],
            "the site, email and password do not match an account"
        );
    }
    // Malformed input is a validation error, not a guess.
    assert_envelope(
        app.sign_in_raw("demo", "x", "").await,
        422,
        "validation_failed",
    )
    .await;
}

#[tokio::test]
async fn an_expired_session_is_refused() {
    let app = spawn_app().await;
    let owner = app
        .console_as("demo", "owner@example.com", Role::Owner)
        .await;
    assert_eq!(owner.get(SESSION).await.status(), 200);
    let pool = app.console_pool().await;
    sqlx::query("UPDATE console_sessions SET expires_at = $1")
        .bind(patron_server::storage::now_millis() - 1)
        .execute(&pool)
        .await
        .expect("expire");
    pool.close().await;
    assert_envelope(owner.get(SESSION).await, 401, "unauthorized").await;
}

#[tokio::test]
async fn writes_need_the_csrf_header_and_the_cookie_alone_is_refused() {
    let app = spawn_app().await;
    let owner = app
        .console_as("demo", "owner@example.com", Role::Owner)
        .await;
    let body = json!({"email": "new@example.com", "role": "agent", "password": "a long password"});
    let bare = app
        .client
        .post(app.url(USERS))
        .header("cookie", &owner.cookie)
        .json(&body)
        .send()
        .await
        .expect("request");
    assert_envelope(bare, 403, "forbidden").await;
    let wrong = app
        .client
        .post(app.url(USERS))
        .header("cookie", &owner.cookie)
        .header("x-csrf-token", "not-the-token")
        .json(&body)
        .send()
        .await
        .expect("request");
    assert_envelope(wrong, 403, "forbidden").await;
    let users = owner.get_json(USERS).await;
    assert_eq!(users["users"].as_array().expect("users").len(), 1);
    assert_eq!(owner.post(USERS, &body).await.status(), 201);
}

#[tokio::test]
async fn roles_decide_who_writes_and_another_site_is_not_found() {
    let app = spawn_with(Options {
        sites: vec![("acme", DEMO_YAML.to_owned())],
        ..Options::default()
    })
    .await;
    let owner = app
        .console_as("demo", "owner@example.com", Role::Owner)
        .await;
    let viewer = app
        .console_as("demo", "viewer@example.com", Role::Viewer)
        .await;
    let agent = app
        .console_as("demo", "agent@example.com", Role::Agent)
        .await;
    let new = json!({"email": "x@example.com", "role": "viewer", "password": "a long password"});
    assert_envelope(viewer.post(USERS, &new).await, 403, "forbidden").await;
    assert_envelope(agent.post(USERS, &new).await, 403, "forbidden").await;
    assert_envelope(
        agent.get("/v1/console/sites/demo/audit").await,
        403,
        "forbidden",
    )
    .await;
    assert_eq!(viewer.get(USERS).await.status(), 200);
    // Another site's data is 404, whatever the role.
    for path in [
        "/v1/console/sites/acme/users",
        "/v1/console/sites/acme/audit",
    ] {
        assert_envelope(owner.get(path).await, 404, "not_found").await;
    }
    assert_envelope(
        owner.post("/v1/console/sites/acme/users", &new).await,
        404,
        "not_found",
    )
    .await;
    // Preferences are the user's own, whatever the role.
    let prefs = viewer
        .put(
            "/v1/console/session/preferences",
            &json!({"locale": "zh-TW"}),
        )
        .await;
    assert_eq!(prefs.status(), 200);
    assert_eq!(viewer.get_json(SESSION).await["user"]["locale"], "zh-TW");
}

#[tokio::test]
async fn owners_manage_users_and_the_site_keeps_an_owner() {
    let app = spawn_app().await;
    let owner = app
        .console_as("demo", "owner@example.com", Role::Owner)
        .await;
    let me = owner.user_id();
    let demote = owner
        .put(&format!("{USERS}/{me}"), &json!({"role": "agent"}))
        .await;
    let body = assert_envelope(demote, 422, "validation_failed").await;
    assert_eq!(body["error"]["fields"][0]["code"], "not_allowed");
    assert_envelope(
        owner.delete(&format!("{USERS}/{me}")).await,
        422,
        "validation_failed",
    )
    .await;

    let added = owner
        .post(
            USERS,
            &json!({"email": "Li.Na@example.com", "role": "agent", "password": PASSWORD}),
        )
        .await;
    assert_eq!(added.status(), 201);
    let added: serde_json::Value = added.json().await.expect("json");
    let id = added["id"].as_str().expect("id").to_owned();
    let dup = owner
        .post(
            USERS,
            &json!({"email": "li.na@example.com", "role": "viewer", "password": "a long password"}),
        )
        .await;
    let body = assert_envelope(dup, 422, "validation_failed").await;
    assert_eq!(body["error"]["fields"][0]["code"], "duplicate");

    // Li Na signs in; her password changes; her session ends.
    let li = app.console_sign_in("demo", "li.na@example.com").await;
    let changed = owner
        .put(
            &format!("{USERS}/{id}"),
            &json!({"role": "owner", "password": "another long password"}),
        )
        .await;
    assert_eq!(changed.status(), 200);
    assert_envelope(li.get(SESSION).await, 401, "unauthorized").await;
    assert_eq!(owner.get(SESSION).await.status(), 200);
    // Two owners now: the first may step down; removing a user ends their sessions.
    let removed = owner.delete(&format!("{USERS}/{id}")).await;
    assert_eq!(removed.status(), 204);
    assert_envelope(
        owner.delete(&format!("{USERS}/{id}")).await,
        404,
        "not_found",
    )
    .await;

    let log = owner.get_json("/v1/console/sites/demo/audit").await;
    let actions: Vec<&str> = log["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| e["action"].as_str().expect("action"))
        .collect();
    assert_eq!(actions, ["user.removed", "user.changed", "user.added"]);
    let changed = &log["entries"][1];
    assert_eq!(changed["actor"]["kind"], "user");
    assert_eq!(changed["actor"]["user"]["email"], "owner@example.com");
    assert_eq!(changed["target"], "user");
    assert_eq!(changed["target_id"], id);
    assert_eq!(
        changed["changes"],
        json!([{"field": "role", "from": "agent", "to": "owner"}, {"field": "password"}])
    );
}

#[tokio::test]
async fn the_audit_log_pages_without_skipping_entries_that_share_a_millisecond() {
    let app = spawn_app().await;
    let owner = app
        .console_as("demo", "owner@example.com", Role::Owner)
        .await;
    let pool = app.console_pool().await;
    for i in 0..7 {
        sqlx::query(
            "INSERT INTO audit_log (id, site, at, actor_kind, action, target, target_id, changes) \
             VALUES ($1, 'demo', 1000, 'admin_key', 'contact.changed', 'contact', $2, '[]')",
        )
        .bind(format!("{i:032x}"))
        .bind(format!("PT-{i}"))
        .execute(&pool)
        .await
        .expect("insert");
    }
    pool.close().await;
    let mut seen = Vec::new();
    let mut path = "/v1/console/sites/demo/audit?limit=3".to_owned();
    loop {
        let page = owner.get_json(&path).await;
        for e in page["entries"].as_array().expect("entries") {
            seen.push(e["target_id"].as_str().expect("id").to_owned());
        }
        match page["next_cursor"].as_str() {
            Some(c) => path = format!("/v1/console/sites/demo/audit?limit=3&cursor={c}"),
            None => break,
        }
    }
    let want: Vec<String> = (0..7).rev().map(|i| format!("PT-{i}")).collect();
    assert_eq!(seen, want);
    assert_envelope(
        owner.get("/v1/console/sites/demo/audit?cursor=junk").await,
        422,
        "validation_failed",
    )
    .await;
}

#[tokio::test]
async fn failed_sign_ins_are_limited_per_account() {
    let app = spawn_with(Options {
        rate_limits: Some(RateLimitArgs::default()),
        ..Options::default()
    })
    .await;
    app.add_console_user("demo", "owner@example.com", Role::Owner)
        .await;
    let mut limited_at = None;
    for n in 1..=12 {
        let resp = app
            .sign_in_raw("demo", "owner@example.com", "a wrong password")
            .await;
        if resp.status() == 429 {
            assert!(resp.headers().contains_key("retry-after"));
            limited_at = Some(n);
            break;
        }
        assert_eq!(resp.status(), 401);
    }
    assert_eq!(limited_at, Some(11), "the account's burst is 10 failures");
    // Now even the right password waits.
    assert_envelope(
        app.sign_in_raw("demo", "owner@example.com", PASSWORD).await,
        429,
        "rate_limited",
    )
    .await;
}

#[tokio::test]
async fn the_cookie_is_secure_behind_an_https_public_url() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_site(dir.path(), "demo", DEMO_YAML);
    let mut config = crate::common::test_config(dir.path());
    config.public_url = Some("https://patron.example.com".into());
    let app = crate::common::start(config, dir).await;
    let owner = app
        .console_as("demo", "owner@example.com", Role::Owner)
        .await;
    assert!(
        owner.set_cookie.ends_with("; Secure"),
        "{}",
        owner.set_cookie
    );
    assert_eq!(
        owner
            .request(Method::GET, SESSION)
            .send()
            .await
            .expect("get")
            .status(),
        200
    );
}
