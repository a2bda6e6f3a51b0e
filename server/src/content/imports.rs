//! What each content file held when it was last imported (`content_imports`: a SHA-256 per
//! site, kind and file), so that a file the API owns is imported only when new or changed.
//!
//! `claim` is the compare-and-set that decides, and it must run in the same transaction as
//! the import it allows: the instance that moves a file's hash imports it, and any other
//! instance starting at the same time finds the hash already moved (on PostgreSQL it waits
//! for the first one's transaction on the row and then sees the new hash) and imports
//! nothing, so it cannot revert an admin edit made after the first import.

use std::path::Path;

use sha2::{Digest, Sha256};
use sqlx::{Any, AnyConnection, AnyPool, Transaction};

use super::owners::{Kind, Owner};
use crate::storage::now_millis;

/// A file read for import: where it is, relative to the site folder (`/`-separated), and
/// the SHA-256 of what counts in it (its bytes; for site.yaml, its settings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub path: String,
    pub sha256: String,
}

impl Stamp {
    /// The stamp of `file` (inside `site_dir`) whose counted content is `bytes`.
    pub fn of(site_dir: &Path, file: &Path, bytes: &[u8]) -> Self {
        Self::at(site_dir, file, sha256_hex(bytes))
    }

    /// The stamp of `file` (inside `site_dir`) with its hash already taken.
    pub fn at(site_dir: &Path, file: &Path, sha256: String) -> Self {
        Self {
            path: relative_path(site_dir, file),
            sha256,
        }
    }
}

/// `file` relative to `site_dir`, `/`-separated, as the imports table names it.
pub fn relative_path(site_dir: &Path, file: &Path) -> String {
    file.strip_prefix(site_dir)
        .unwrap_or(file)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Lowercase hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether the import of `stamp` goes ahead, recording its hash either way it does.
///
/// - `Owner::Files`: always (the files are the truth); the hash is recorded so that a later
///   switch to `api` does not import an unchanged file again.
/// - `Owner::Api`: only when the stored hash differs or there is none, moving it in the same
///   statement. `item` is what the file holds (an article's `id/locale`, a pack id; empty
///   for a kind stored as one document per site).
pub async fn claim(
    conn: &mut AnyConnection,
    owner: Owner,
    site: &str,
    kind: Kind,
    stamp: &Stamp,
    item: &str,
) -> Result<bool, sqlx::Error> {
    // One statement: SQLite takes its write lock at once, and PostgreSQL locks the row (or
    // waits on another transaction's insert of it) before it evaluates the WHERE.
    let only_when_changed = match owner {
        Owner::Api => " WHERE content_imports.sha256 <> excluded.sha256",
        Owner::Files => "",
    };
    let done = sqlx::query(&format!(
        "INSERT INTO content_imports (site, kind, path, sha256, item, imported_at) \
         VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (site, kind, path) DO UPDATE SET sha256 = excluded.sha256, \
         item = excluded.item, imported_at = excluded.imported_at{only_when_changed}"
    ))
    .bind(site)
    .bind(kind.as_str())
    .bind(stamp.path.as_str())
    .bind(stamp.sha256.as_str())
    .bind(item)
    .bind(now_millis())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// For a file that holds a whole kind of a site (site.yaml, surveys.yaml, loyalty.yaml): a
/// transaction in which the file was claimed (see `claim`); write what it holds in it, then
/// commit. `None` when the API owns the kind and the file is unchanged since its last import.
pub async fn begin_import(
    pool: &AnyPool,
    owner: Owner,
    site: &str,
    kind: Kind,
    stamp: &Stamp,
) -> Result<Option<Transaction<'static, Any>>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    if claim(&mut tx, owner, site, kind, stamp, "").await? {
        Ok(Some(tx))
    } else {
        tracing::info!(
            site,
            file = %stamp.path,
            "unchanged since its last import; what the admin API stored stays"
        );
        tx.rollback().await?;
        Ok(None)
    }
}

/// A file as last imported.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Recorded {
    pub path: String,
    pub sha256: String,
    pub item: String,
}

/// Every file of `kind` of `site` imported so far, by path.
pub async fn recorded(
    conn: &mut AnyConnection,
    site: &str,
    kind: Kind,
) -> Result<Vec<Recorded>, sqlx::Error> {
    sqlx::query_as(
        "SELECT path, sha256, item FROM content_imports WHERE site = $1 AND kind = $2 \
         ORDER BY path",
    )
    .bind(site)
    .bind(kind.as_str())
    .fetch_all(conn)
    .await
}

/// Forgets the files of `kind` of `site` that are not in `present`, so a file that comes
/// back later counts as new.
pub async fn forget_missing(
    conn: &mut AnyConnection,
    site: &str,
    kind: Kind,
    present: &[&str],
) -> Result<(), sqlx::Error> {
    for gone in recorded(&mut *conn, site, kind).await? {
        if present.contains(&gone.path.as_str()) {
            continue;
        }
        sqlx::query("DELETE FROM content_imports WHERE site = $1 AND kind = $2 AND path = $3")
            .bind(site)
            .bind(kind.as_str())
            .bind(gone.path.as_str())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Every site that has had `kind` imported from its files, sorted.
pub async fn sites_with(pool: &AnyPool, kind: Kind) -> Result<Vec<String>, sqlx::Error> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT DISTINCT site FROM content_imports WHERE kind = $1 ORDER BY site")
            .bind(kind.as_str())
            .fetch_all(pool)
            .await?;
    Ok(rows.into_iter().map(|(site,)| site).collect())
}

/// The file `item` of `kind` of `site` was last imported from, if any.
pub async fn file_of(
    conn: &mut AnyConnection,
    site: &str,
    kind: Kind,
    item: &str,
) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT path FROM content_imports WHERE site = $1 AND kind = $2 AND item = $3 \
         ORDER BY path LIMIT 1",
    )
    .bind(site)
    .bind(kind.as_str())
    .bind(item)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(p,)| p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_name_files_relative_to_the_site_folder() {
        let stamp = Stamp::of(
            Path::new("/srv/content/acme"),
            Path::new("/srv/content/acme/faq/returns/policy.en.md"),
            b"abc",
        );
        assert_eq!(stamp.path, "faq/returns/policy.en.md");
        assert_eq!(
            stamp.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
