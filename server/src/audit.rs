//! The audit log: every change a console user makes (and the admin API's contact resolution,
//! redemption changes, article saves and deletions, learned-search resets and replaced
//! configuration documents), who made it and when. Features record an entry in
//! the same transaction as the change itself, so a change is never without its entry or the
//! reverse; owners read the log through `console`.

use patron_api::console::audit::{
    Actor, ActorKind, AuditAction, AuditChange, AuditEntry, AuditTarget,
};
use patron_api::console::UserRef;
use sqlx::{AnyConnection, AnyPool, FromRow};

use crate::paging::{after_sql, Cursor};

/// Who acted, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Who {
    User(UserRef),
    /// The site's admin key or the operator's admin token.
    AdminKey,
}

impl Who {
    fn actor(&self) -> Actor {
        match self {
            Who::User(user) => Actor {
                kind: ActorKind::User,
                user: Some(user.clone()),
            },
            Who::AdminKey => Actor {
                kind: ActorKind::AdminKey,
                user: None,
            },
        }
    }
}

/// One entry to record.
#[derive(Debug, Clone)]
pub struct Record<'a> {
    pub site: &'a str,
    pub who: &'a Who,
    pub action: AuditAction,
    pub target: AuditTarget,
    pub target_id: &'a str,
    pub changes: Vec<AuditChange>,
    pub at: i64,
}

/// A changed field, `from` → `to`.
pub fn change(field: &str, from: Option<&str>, to: Option<&str>) -> AuditChange {
    AuditChange {
        field: field.to_owned(),
        from: from.map(str::to_owned),
        to: to.map(str::to_owned),
    }
}

/// Records that the admin API replaced the configuration document `document` (`settings`,
/// `surveys`, …) of `site`, on `conn` (the replacement's own transaction). The entry names the
/// document, not its contents: the document itself is what the API answers with.
pub async fn config_replaced(
    conn: &mut AnyConnection,
    site: &str,
    document: &str,
    at: i64,
) -> Result<(), sqlx::Error> {
    record(
        conn,
        Record {
            site,
            who: &Who::AdminKey,
            action: AuditAction::ConfigReplaced,
            target: AuditTarget::Config,
            target_id: document,
            changes: Vec::new(),
            at,
        },
    )
    .await
}

/// Records an entry on `conn` (the change's own transaction).
pub async fn record(conn: &mut AnyConnection, r: Record<'_>) -> Result<(), sqlx::Error> {
    let actor = r.who.actor();
    let changes = serde_json::to_string(&r.changes).unwrap_or_else(|_| "[]".to_owned());
    sqlx::query(
        "INSERT INTO audit_log (id, site, at, actor_kind, actor_id, actor_email, action, \
         target, target_id, changes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(crate::storage::new_id())
    .bind(r.site)
    .bind(r.at)
    .bind(actor.kind.as_str())
    .bind(actor.user.as_ref().map(|u| u.id.as_str()))
    .bind(actor.user.as_ref().map(|u| u.email.as_str()))
    .bind(r.action.as_str())
    .bind(r.target.as_str())
    .bind(r.target_id)
    .bind(changes)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(FromRow)]
struct Row {
    id: String,
    at: i64,
    actor_kind: String,
    actor_id: Option<String>,
    actor_email: Option<String>,
    action: String,
    target: String,
    target_id: String,
    changes: String,
}

impl Row {
    /// `None` for a row written by a newer server with names this one does not know.
    fn entry(self) -> Option<AuditEntry> {
        let user = self
            .actor_id
            .zip(self.actor_email)
            .map(|(id, email)| UserRef { id, email });
        Some(AuditEntry {
            id: self.id,
            at: self.at,
            actor: Actor {
                kind: ActorKind::parse(&self.actor_kind)?,
                user,
            },
            action: AuditAction::parse(&self.action)?,
            target: AuditTarget::parse(&self.target)?,
            target_id: self.target_id,
            changes: serde_json::from_str(&self.changes).unwrap_or_default(),
        })
    }
}

/// One page of the site's log, newest first, after `cursor`; and the next page's cursor.
pub async fn list(
    pool: &AnyPool,
    site: &str,
    cursor: &Cursor,
    limit: i64,
) -> Result<(Vec<AuditEntry>, Option<Cursor>), sqlx::Error> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT id, at, actor_kind, actor_id, actor_email, action, target, target_id, changes \
         FROM audit_log WHERE site = $1 AND {} ORDER BY at DESC, id DESC LIMIT $4",
        after_sql("at", "id", 2)
    ))
    .bind(site)
    .bind(cursor.at)
    .bind(cursor.id.as_str())
    .bind(limit)
    .fetch_all(pool)
    .await?;
    let next = Cursor::after(&rows, limit, |r| (r.at, r.id.as_str()));
    Ok((rows.into_iter().filter_map(Row::entry).collect(), next))
}
