//! SQL. One `AnyPool` serves SQLite (default) and PostgreSQL; all statements are portable and
//! use `$n` placeholders, which both drivers accept.

use std::path::Path;
use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};

use patron_api::SiteSettings;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, ConnectOptions, Connection};

use crate::error::StartupError;

/// Connects, creating a SQLite database file (and its directory) when missing, and runs
/// the migrations.
pub async fn connect(url: &str) -> Result<AnyPool, StartupError> {
    sqlx::any::install_default_drivers();
    let url = prepare_url(url)?;
    let db_err = |e: sqlx::Error| StartupError::Database(e.to_string());
    let options = AnyConnectOptions::from_str(&url).map_err(db_err)?;
    let sqlite = is_sqlite(&url);
    if sqlite {
        // WAL lets readers run beside a writer, which concurrent requests need. The mode is
        // stored in the file, and switching takes an exclusive lock, so do it once here
        // rather than racing in every pooled connection.
        let mut conn = options.connect().await.map_err(db_err)?;
        sqlx::query("PRAGMA journal_mode = WAL")
            .execute(&mut conn)
            .await
            .map_err(db_err)?;
        conn.close().await.map_err(db_err)?;
    }
    let pool = AnyPoolOptions::new()
        .max_connections(if sqlite { 5 } else { 10 })
        // PostgreSQL compiles a query whose estimate is over `jit_above_cost` to machine
        // code first; for the console's range counts that took 200 ms to save nothing.
        .after_connect(|conn, _meta| {
            Box::pin(async move {
                if conn.backend_name() == "PostgreSQL" {
                    sqlx::query("SET jit = off").execute(&mut *conn).await?;
                }
                Ok(())
            })
        })
        .connect_with(options)
        .await
        .map_err(db_err)?;
    sqlx::migrate!("./migrations")
        .run(&pool)
        .await
        .map_err(|e| StartupError::Database(format!("migration failed: {e}")))?;
    Ok(pool)
}

fn is_sqlite(url: &str) -> bool {
    url.starts_with("sqlite:")
}

/// For SQLite file URLs: makes sure the parent directory exists and asks for the file to be
/// created (`mode=rwc`) unless the URL already chose a mode.
fn prepare_url(url: &str) -> Result<String, StartupError> {
    if !is_sqlite(url) {
        return Ok(url.to_owned());
    }
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let (path, query) = rest
        .split_once('?')
        .map_or((rest, None), |(p, q)| (p, Some(q)));
    if path.is_empty() || path == ":memory:" {
        return Ok(url.to_owned());
    }
    if let Some(parent) = Path::new(path)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent).map_err(|source| StartupError::Io {
            path: parent.to_path_buf(),
            source,
        })?;
    }
    let has_mode = query.is_some_and(|q| q.split('&').any(|kv| kv.starts_with("mode=")));
    Ok(match (has_mode, query) {
        (true, _) => url.to_owned(),
        (false, Some(_)) => format!("{url}&mode=rwc"),
        (false, None) => format!("{url}?mode=rwc"),
    })
}

pub async fn ping(pool: &AnyPool) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT 1").execute(pool).await.map(|_| ())
}

/// Settings of one site, or `None` if it is not configured or disabled (`site_status`).
pub async fn find_site(pool: &AnyPool, id: &str) -> Result<Option<SiteSettings>, sqlx::Error> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT settings FROM sites WHERE id = $1 AND disabled_at IS NULL")
            .bind(id)
            .fetch_optional(pool)
            .await?;
    row.map(|(json,)| serde_json::from_str(&json).map_err(|e| sqlx::Error::Decode(Box::new(e))))
        .transpose()
}

/// Whether a site is stored at all, and whether it is disabled (its folder was removed from
/// the content directory: `sites::retire_removed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SiteStatus {
    Unknown,
    Enabled,
    Disabled,
}

pub async fn site_status(pool: &AnyPool, id: &str) -> Result<SiteStatus, sqlx::Error> {
    let row: Option<(Option<i64>,)> = sqlx::query_as("SELECT disabled_at FROM sites WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?;
    Ok(match row {
        None => SiteStatus::Unknown,
        Some((None,)) => SiteStatus::Enabled,
        Some((Some(_),)) => SiteStatus::Disabled,
    })
}

/// Disables (`Some(now)`) or enables (`None`) a site; a disabled site also loses its admin
/// key, in the same transaction.
pub async fn set_site_disabled(
    pool: &AnyPool,
    id: &str,
    disabled_at: Option<i64>,
) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE sites SET disabled_at = $1 WHERE id = $2")
        .bind(disabled_at)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if disabled_at.is_some() {
        sqlx::query("DELETE FROM site_admin_keys WHERE site = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}

/// Inserts or replaces a site, keyed by `settings.site`. Whether it is disabled does not
/// change: only its folder's return enables it again.
pub async fn upsert_site<'e>(
    db: impl sqlx::Executor<'e, Database = sqlx::Any>,
    settings: &SiteSettings,
) -> Result<(), sqlx::Error> {
    let json = serde_json::to_string(settings).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query(
        "INSERT INTO sites (id, settings, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (id) DO UPDATE SET settings = excluded.settings, \
         updated_at = excluded.updated_at",
    )
    .bind(settings.site.as_str())
    .bind(json)
    .bind(now_millis())
    .execute(db)
    .await
    .map(|_| ())
}

/// The SHA-256 hex digest of a site's admin key, if it has one.
pub async fn admin_key_hash(pool: &AnyPool, site: &str) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT key_sha256 FROM site_admin_keys WHERE site = $1")
            .bind(site)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(|(h,)| h))
}

/// Sets (`Some`) or removes (`None`) a site's admin key digest.
pub async fn set_admin_key_hash(
    pool: &AnyPool,
    site: &str,
    sha256_hex: Option<&str>,
) -> Result<(), sqlx::Error> {
    match sha256_hex {
        Some(hash) => sqlx::query(
            "INSERT INTO site_admin_keys (site, key_sha256, updated_at) VALUES ($1, $2, $3) \
             ON CONFLICT (site) DO UPDATE SET key_sha256 = excluded.key_sha256, \
             updated_at = excluded.updated_at",
        )
        .bind(site)
        .bind(hash)
        .bind(now_millis())
        .execute(pool)
        .await
        .map(|_| ()),
        None => sqlx::query("DELETE FROM site_admin_keys WHERE site = $1")
            .bind(site)
            .execute(pool)
            .await
            .map(|_| ()),
    }
}

/// A site's JSON document and its version, from a `table` of `(site, config, version,
/// updated_at)`: survey definitions, onboarding packs. `table` is always a literal.
pub async fn load_site_config<'e>(
    db: impl sqlx::Executor<'e, Database = sqlx::Any>,
    table: &'static str,
    site: &str,
) -> Result<Option<(String, i64)>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT config, version FROM {table} WHERE site = $1"
    ))
    .bind(site)
    .fetch_optional(db)
    .await
}

/// Stores a site's JSON document in `table` (see `load_site_config`), moving its version.
/// One statement, so a reader sees the old document or the new one, never a mix.
pub async fn put_site_config<'e>(
    db: impl sqlx::Executor<'e, Database = sqlx::Any>,
    table: &'static str,
    site: &str,
    json: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "INSERT INTO {table} (site, config, version, updated_at) VALUES ($1, $2, 1, $3) \
         ON CONFLICT (site) DO UPDATE SET config = excluded.config, \
         version = {table}.version + 1, updated_at = excluded.updated_at"
    ))
    .bind(site)
    .bind(json)
    .bind(now)
    .execute(db)
    .await
    .map(|_| ())
}

/// Lock contention that a fresh attempt may not meet: SQLite busy or locked, a PostgreSQL
/// serialization failure or deadlock, or no connection free in time.
pub fn is_contention(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::PoolTimedOut => true,
        sqlx::Error::Database(db) => matches!(
            db.code().as_deref(),
            Some("5" | "6" | "261" | "517" | "40001" | "40P01")
        ),
        _ => false,
    }
}

/// An error that may be lock contention (see `is_contention`).
pub trait Contended {
    fn is_contention(&self) -> bool;
}

impl Contended for sqlx::Error {
    fn is_contention(&self) -> bool {
        is_contention(self)
    }
}

/// How many fresh transactions `with_retries` tries.
pub const ATTEMPTS: u32 = 4;

/// Runs `op` in up to `ATTEMPTS` fresh transactions while it fails on lock contention, so a
/// busy database answers slowly rather than with an error.
pub async fn with_retries<T, E, F, Fut>(mut op: F) -> Result<T, E>
where
    E: Contended + std::fmt::Debug,
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, E>>,
{
    let mut attempt = 1;
    loop {
        match op().await {
            Err(err) if err.is_contention() && attempt < ATTEMPTS => {
                tracing::debug!(?err, attempt, "transaction retried after contention");
                tokio::time::sleep(std::time::Duration::from_millis(
                    20 * u64::from(attempt) + u64::from(rand::random::<u8>() % 20),
                ))
                .await;
                attempt += 1;
            }
            other => return other,
        }
    }
}

/// A fresh random id: 32 hex digits.
pub fn new_id() -> String {
    let bytes: [u8; 16] = rand::random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Times are stored as Unix milliseconds.
pub const HOUR_MS: i64 = 3_600_000;
pub const DAY_MS: i64 = 24 * HOUR_MS;

pub fn now_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_get_create_mode() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("sub/x.db");
        let url = format!("sqlite://{}", db.display());
        assert_eq!(prepare_url(&url).expect("ok"), format!("{url}?mode=rwc"));
        assert!(db.parent().expect("parent").is_dir());
        let with_query = format!("{url}?cache=shared");
        assert_eq!(
            prepare_url(&with_query).expect("ok"),
            format!("{with_query}&mode=rwc")
        );
        let ro = format!("{url}?mode=ro");
        assert_eq!(prepare_url(&ro).expect("ok"), ro);
        assert_eq!(
            prepare_url("postgres://h/db").expect("ok"),
            "postgres://h/db"
        );
        assert_eq!(
            prepare_url("sqlite::memory:").expect("ok"),
            "sqlite::memory:"
        );
    }
}
