//! Console users and their passwords (Argon2id, PHC strings). Shared by the console's sign-in
//! and users routes, the `users add` command and demo mode; sessions are in `console`.

use std::sync::OnceLock;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use patron_api::console::users::normalise_email;
use patron_api::console::{Role, User, UserRef};
use patron_api::Locale;
use sqlx::{AnyConnection, AnyPool, FromRow};

/// Hashes a password with Argon2id and a fresh salt (blocking: run off the async threads).
pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .unwrap_or_default()
}

/// Whether `password` matches the stored PHC string (blocking). With no stored hash (an
/// unknown email) a dummy hash is checked instead, so the answer takes about as long.
pub fn verify_password(password: &str, stored: Option<&str>) -> bool {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash_password("not anyone's password"));
    let hash = stored.unwrap_or(dummy);
    let ok = PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false);
    ok && stored.is_some()
}

/// Runs the hashing on the blocking pool.
pub async fn hash_password_async(password: String) -> String {
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .unwrap_or_default()
}

/// A user as stored.
#[derive(Debug, Clone, FromRow)]
pub struct UserRow {
    pub id: String,
    pub site: String,
    pub email: String,
    pub password_hash: String,
    pub role: String,
    pub locale: Option<String>,
    pub created_at: i64,
}

impl UserRow {
    pub fn role(&self) -> Role {
        // Only this server writes roles; an unknown one (a newer server's) reads as the least.
        Role::parse(&self.role).unwrap_or(Role::Viewer)
    }

    pub fn user(&self) -> User {
        User {
            id: self.id.clone(),
            site: self.site.clone(),
            email: self.email.clone(),
            role: self.role(),
            locale: self
                .locale
                .as_deref()
                .and_then(|l| Locale::ALL.into_iter().find(|x| x.as_str() == l)),
            created_at: self.created_at,
        }
    }

    pub fn user_ref(&self) -> UserRef {
        UserRef {
            id: self.id.clone(),
            email: self.email.clone(),
        }
    }
}

const COLUMNS: &str = "id, site, email, password_hash, role, locale, created_at";

pub async fn find_by_email(
    pool: &AnyPool,
    site: &str,
    email: &str,
) -> Result<Option<UserRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM console_users WHERE site = $1 AND email = $2"
    ))
    .bind(site)
    .bind(normalise_email(email))
    .fetch_optional(pool)
    .await
}

pub async fn find(
    conn: &mut AnyConnection,
    site: &str,
    id: &str,
) -> Result<Option<UserRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM console_users WHERE site = $1 AND id = $2"
    ))
    .bind(site)
    .bind(id)
    .fetch_optional(conn)
    .await
}

pub async fn list(pool: &AnyPool, site: &str) -> Result<Vec<UserRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM console_users WHERE site = $1 ORDER BY email"
    ))
    .bind(site)
    .fetch_all(pool)
    .await
}

/// Inserts a user; `Ok(None)` when the email is already on the site.
pub async fn insert(
    conn: &mut AnyConnection,
    site: &str,
    email: &str,
    role: Role,
    password_hash: &str,
    now: i64,
) -> Result<Option<UserRow>, sqlx::Error> {
    let row = UserRow {
        id: crate::storage::new_id(),
        site: site.to_owned(),
        email: normalise_email(email),
        password_hash: password_hash.to_owned(),
        role: role.as_str().to_owned(),
        locale: None,
        created_at: now,
    };
    let done = sqlx::query(
        "INSERT INTO console_users (id, site, email, password_hash, role, locale, created_at) \
         VALUES ($1, $2, $3, $4, $5, NULL, $6) ON CONFLICT (site, email) DO NOTHING",
    )
    .bind(row.id.as_str())
    .bind(site)
    .bind(row.email.as_str())
    .bind(password_hash)
    .bind(role.as_str())
    .bind(now)
    .execute(conn)
    .await?;
    Ok((done.rows_affected() == 1).then_some(row))
}

/// Adds the user, or gives an existing one (same site and email) this role and password.
pub async fn upsert(
    pool: &AnyPool,
    site: &str,
    email: &str,
    role: Role,
    password_hash: &str,
    now: i64,
) -> Result<UserRow, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    if let Some(row) = insert(&mut conn, site, email, role, password_hash, now).await? {
        return Ok(row);
    }
    sqlx::query(
        "UPDATE console_users SET role = $3, password_hash = $4 WHERE site = $1 AND email = $2",
    )
    .bind(site)
    .bind(normalise_email(email))
    .bind(role.as_str())
    .bind(password_hash)
    .execute(&mut *conn)
    .await?;
    drop(conn);
    find_by_email(pool, site, email)
        .await?
        .ok_or(sqlx::Error::RowNotFound)
}

pub async fn set_role(conn: &mut AnyConnection, id: &str, role: Role) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE console_users SET role = $2 WHERE id = $1")
        .bind(id)
        .bind(role.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_password_hash(
    conn: &mut AnyConnection,
    id: &str,
    hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE console_users SET password_hash = $2 WHERE id = $1")
        .bind(id)
        .bind(hash)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_locale(pool: &AnyPool, id: &str, locale: Locale) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE console_users SET locale = $2 WHERE id = $1")
        .bind(id)
        .bind(locale.as_str())
        .execute(pool)
        .await?;
    Ok(())
}

/// Removes the user and every session of theirs.
pub async fn delete(conn: &mut AnyConnection, id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM console_sessions WHERE user_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM console_users WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// How many owners the site has.
pub async fn owners(conn: &mut AnyConnection, site: &str) -> Result<i64, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM console_users WHERE site = $1 AND role = 'owner'",
    )
    .bind(site)
    .fetch_one(conn)
    .await?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_and_verify() {
        let hash = hash_password("correct horse battery");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", Some(&hash)));
        assert!(!verify_password("correct horse batter", Some(&hash)));
        assert!(!verify_password("correct horse battery", None));
        assert!(!verify_password("x", Some("not a hash")));
    }
}
