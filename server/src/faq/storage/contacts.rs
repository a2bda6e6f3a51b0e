//! Contact requests and the context they carry.

use patron_api::faq::ContactRequest;
use sqlx::{AnyConnection, AnyPool};

use crate::paging::{after_sql, Cursor};
use crate::storage::new_id;

/// Stores a contact request and its context in one transaction, created at `now`.
/// `Ok(false)` when the reference is already taken (the caller draws another).
///
/// The transaction writes before it reads anything: on SQLite a transaction that reads first
/// cannot wait for another writer when it then writes (it fails at once as busy), which lost
/// contact requests under concurrent writers. The caller retries on contention.
pub async fn insert_contact(
    pool: &AnyPool,
    site: &str,
    reference: &str,
    c: &ContactRequest,
    member: Option<&str>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let opt = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let id = new_id();
    let mut tx = pool.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO contact_requests (id, site, reference, session, locale, name, email, \
         phone, order_number, message, created_at, member_id, device_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
         ON CONFLICT (reference) DO NOTHING",
    )
    .bind(id.as_str())
    .bind(site)
    .bind(reference)
    .bind(c.session.as_str())
    .bind(c.locale.as_str())
    .bind(c.name.as_str())
    .bind(opt(&c.email))
    .bind(opt(&c.phone))
    .bind(opt(&c.order_number))
    .bind(c.message.as_str())
    .bind(now)
    .bind(member)
    .bind(c.device.as_deref())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Ok(false);
    }
    // The session's help ends in a contact request (the overview's self-service figure).
    sqlx::query(
        "UPDATE faq_help_sessions SET contacted_at = $3 \
         WHERE site = $1 AND session = $2 AND contacted_at IS NULL",
    )
    .bind(site)
    .bind(c.session.as_str())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    for (seq, query) in (0i64..).zip(&c.context.queries) {
        sqlx::query("INSERT INTO contact_queries (contact_id, seq, query) VALUES ($1, $2, $3)")
            .bind(id.as_str())
            .bind(seq)
            .bind(query.as_str())
            .execute(&mut *tx)
            .await?;
    }
    for (seq, article) in (0i64..).zip(&c.context.articles_read) {
        sqlx::query(
            "INSERT INTO contact_articles (contact_id, seq, article_id) VALUES ($1, $2, $3)",
        )
        .bind(id.as_str())
        .bind(seq)
        .bind(article.as_str())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// A stored contact request, context aside.
#[derive(Debug, Clone)]
pub struct ContactRow {
    pub id: String,
    pub reference: String,
    pub session: String,
    pub locale: String,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub order_number: Option<String>,
    pub message: String,
    pub created_at: i64,
}

type ContactTuple = (
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    i64,
);

const CONTACT_COLUMNS: &str = "id, reference, session, locale, name, email, phone, \
     order_number, message, created_at";

fn contact_row(t: ContactTuple) -> ContactRow {
    let (id, reference, session, locale, name, email, phone, order_number, message, created_at) = t;
    ContactRow {
        id,
        reference,
        session,
        locale,
        name,
        email,
        phone,
        order_number,
        message,
        created_at,
    }
}

/// Newest first (by time, then id), after `cursor`.
pub async fn list_contacts(
    pool: &AnyPool,
    site: &str,
    cursor: &Cursor,
    limit: i64,
) -> Result<Vec<ContactRow>, sqlx::Error> {
    let rows: Vec<ContactTuple> = sqlx::query_as(&format!(
        "SELECT {CONTACT_COLUMNS} FROM contact_requests WHERE site = $1 AND {} \
         ORDER BY created_at DESC, id DESC LIMIT $4",
        after_sql("created_at", "id", 2)
    ))
    .bind(site)
    .bind(cursor.at)
    .bind(cursor.id.as_str())
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(contact_row).collect())
}

/// Who sent a contact request, as recorded with it.
#[derive(Debug, Clone, Copy)]
pub enum Sender<'a> {
    Member(&'a str),
    Device(&'a str),
}

impl Sender<'_> {
    fn column(self) -> (&'static str, String) {
        match self {
            Sender::Member(m) => ("member_id", m.to_owned()),
            Sender::Device(d) => ("device_id", d.to_owned()),
        }
    }
}

/// The contact requests `sender` sent, oldest first.
pub async fn contacts_of(
    conn: &mut AnyConnection,
    site: &str,
    sender: Sender<'_>,
) -> Result<Vec<ContactRow>, sqlx::Error> {
    let (column, value) = sender.column();
    let rows: Vec<ContactTuple> = sqlx::query_as(&format!(
        "SELECT {CONTACT_COLUMNS} FROM contact_requests WHERE site = $1 AND {column} = $2 \
         ORDER BY created_at, id"
    ))
    .bind(site)
    .bind(value)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(contact_row).collect())
}

/// Deletes a contact request and its context.
pub async fn delete_contact(conn: &mut AnyConnection, id: &str) -> Result<(), sqlx::Error> {
    for table in ["contact_queries", "contact_articles"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE contact_id = $1"))
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query("DELETE FROM contact_requests WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await
        .map(|_| ())
}

/// Deletes the site's contact requests created before `before`, with their context.
pub async fn prune_contacts(pool: &AnyPool, site: &str, before: i64) -> Result<u64, sqlx::Error> {
    let mut tx = pool.begin().await?;
    for table in ["contact_queries", "contact_articles"] {
        sqlx::query(&format!(
            "DELETE FROM {table} WHERE contact_id IN \
             (SELECT id FROM contact_requests WHERE site = $1 AND created_at < $2)"
        ))
        .bind(site)
        .bind(before)
        .execute(&mut *tx)
        .await?;
    }
    let removed = sqlx::query("DELETE FROM contact_requests WHERE site = $1 AND created_at < $2")
        .bind(site)
        .bind(before)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    tx.commit().await?;
    Ok(removed)
}

/// `(contact id, text)` rows of `table` (`contact_queries` or `contact_articles`) for the
/// given contacts, in order.
pub async fn contact_context(
    pool: &AnyPool,
    table: ContextTable,
    contact_ids: &[String],
) -> Result<Vec<(String, String)>, sqlx::Error> {
    if contact_ids.is_empty() {
        return Ok(Vec::new());
    }
    let (table, column) = match table {
        ContextTable::Queries => ("contact_queries", "query"),
        ContextTable::Articles => ("contact_articles", "article_id"),
    };
    let placeholders: Vec<String> = (1..=contact_ids.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT contact_id, {column} FROM {table} WHERE contact_id IN ({}) \
         ORDER BY contact_id, seq",
        placeholders.join(", ")
    );
    let mut query = sqlx::query_as(&sql);
    for id in contact_ids {
        query = query.bind(id.as_str());
    }
    query.fetch_all(pool).await
}

#[derive(Debug, Clone, Copy)]
pub enum ContextTable {
    Queries,
    Articles,
}
