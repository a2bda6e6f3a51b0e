//! The audit log: every change a console user makes (and the admin API's contact resolution,
//! redemption changes, article saves and deletions, learned-search resets and replaced
//! configuration documents), who made it and when. Features record an entry in
//! the same transaction as the change itself, so a change is never without its entry or the
//! reverse; owners read the log through `console`.

use patron_api::console::audit::{
    Actor, ActorKind, AuditAction, AuditChange, AuditEntry, AuditTarget,
};
use patron_api::console::UserRef;
use serde_json::Value;
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
/// `surveys`, …) of `site`, on `conn` (the replacement's own transaction), with what changed
/// between `before` (`None`: there was none) and `after` (`config_changes`).
pub async fn config_replaced(
    conn: &mut AnyConnection,
    site: &str,
    document: &str,
    before: Option<&Value>,
    after: &Value,
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
            changes: config_changes(before.unwrap_or(&Value::Null), after),
            at,
        },
    )
    .await
}

/// The most changes one replaced document records; the rest are counted in a last `…` entry.
const CONFIG_CHANGES_MAX: usize = 40;
/// The longest value a change shows (in characters), cut with `…` after.
const CONFIG_VALUE_MAX_CHARS: usize = 160;

/// What changed between two versions of a configuration document, as paths into it
/// (`surveys[nps-quarterly].question.en`): objects compared key by key, and lists of objects
/// that have ids (surveys, packs, tiers, rewards) item by item, so a reordered list is no
/// change; anything else differing is one change, its values as compact JSON. A value under a
/// key that names a secret is never shown.
pub fn config_changes(before: &Value, after: &Value) -> Vec<AuditChange> {
    let mut out = Vec::new();
    diff("", before, after, &mut out);
    if out.len() > CONFIG_CHANGES_MAX {
        let more = out.len() - CONFIG_CHANGES_MAX;
        out.truncate(CONFIG_CHANGES_MAX);
        out.push(change("…", None, Some(&format!("+{more}"))));
    }
    out
}

fn diff(path: &str, before: &Value, after: &Value, out: &mut Vec<AuditChange>) {
    if before == after {
        return;
    }
    let child = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    match (before, after) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for key in keys {
                let (from, to) = (a.get(key), b.get(key));
                if key.contains("secret") && from != to {
                    out.push(change(&child(key), Some("***"), Some("***")));
                    continue;
                }
                diff(
                    &child(key),
                    from.unwrap_or(&Value::Null),
                    to.unwrap_or(&Value::Null),
                    out,
                );
            }
        }
        (Value::Array(a), Value::Array(b)) if with_ids(a) && with_ids(b) => {
            let item = |id: &str| format!("{path}[{id}]");
            let find = |list: &'_ [Value], id: &str| list.iter().find(|v| v["id"] == id).cloned();
            let mut ids: Vec<&str> = a.iter().chain(b).filter_map(|v| v["id"].as_str()).collect();
            let mut seen = std::collections::HashSet::new();
            ids.retain(|id| seen.insert(*id));
            for id in ids {
                let (from, to) = (find(a, id), find(b, id));
                match (&from, &to) {
                    // Added or removed: named, not spelled out.
                    (None, Some(_)) => out.push(change(&item(id), None, Some(id))),
                    (Some(_), None) => out.push(change(&item(id), Some(id), None)),
                    _ => diff(
                        &item(id),
                        from.as_ref().unwrap_or(&Value::Null),
                        to.as_ref().unwrap_or(&Value::Null),
                        out,
                    ),
                }
            }
        }
        _ => out.push(change(
            if path.is_empty() { "*" } else { path },
            shown(before).as_deref(),
            shown(after).as_deref(),
        )),
    }
}

/// A non-empty list whose every item is an object with a distinct text `id`.
fn with_ids(list: &[Value]) -> bool {
    let mut ids = std::collections::HashSet::new();
    !list.is_empty()
        && list
            .iter()
            .all(|v| v["id"].as_str().is_some_and(|id| ids.insert(id)))
}

/// A value as a change shows it: text as itself, the rest as compact JSON, cut short; `None`
/// for no value.
fn shown(value: &Value) -> Option<String> {
    let text = match value {
        Value::Null => return None,
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    Some(match text.char_indices().nth(CONFIG_VALUE_MAX_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    })
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn fields(changes: &[AuditChange]) -> Vec<(&str, Option<&str>, Option<&str>)> {
        changes
            .iter()
            .map(|c| (c.field.as_str(), c.from.as_deref(), c.to.as_deref()))
            .collect()
    }

    #[test]
    fn a_document_diff_names_each_changed_path_and_items_by_id() {
        let before = json!({
            "cooldown_hours": 48,
            "surveys": [
                {"id": "nps", "question": {"en": "Recommend us?", "zh-CN": "推荐吗?"}, "active": true},
                {"id": "csat", "question": {"en": "Happy?"}},
                {"id": "old", "question": {"en": "Gone?"}},
            ],
        });
        let after = json!({
            "cooldown_hours": 72,
            "surveys": [
                // Reordered: not a change in itself.
                {"id": "csat", "question": {"en": "Happy?"}},
                {"id": "nps", "question": {"en": "Would you recommend us?", "zh-CN": "推荐吗?"}, "active": false},
                {"id": "ces", "question": {"en": "Easy?"}},
            ],
        });
        assert_eq!(
            fields(&config_changes(&before, &after)),
            vec![
                ("cooldown_hours", Some("48"), Some("72")),
                ("surveys[nps].active", Some("true"), Some("false")),
                (
                    "surveys[nps].question.en",
                    Some("Recommend us?"),
                    Some("Would you recommend us?")
                ),
                ("surveys[old]", Some("old"), None),
                ("surveys[ces]", None, Some("ces")),
            ]
        );
        assert!(config_changes(&after, &after).is_empty());
    }

    #[test]
    fn lists_without_ids_secrets_long_values_and_many_changes() {
        // A list of plain values changes as a whole.
        assert_eq!(
            fields(&config_changes(
                &json!({"locales": ["zh-CN"]}),
                &json!({"locales": ["zh-CN", "en"]})
            )),
            vec![("locales", Some(r#"["zh-CN"]"#), Some(r#"["zh-CN","en"]"#))]
        );
        // A secret's value is never written to the log.
        assert_eq!(
            fields(&config_changes(
                &json!({"webhook": {"secret_env": "A"}}),
                &json!({"webhook": {"secret_env": "B"}})
            )),
            vec![("webhook.secret_env", Some("***"), Some("***"))]
        );
        // A long value is cut; a first version is one change of the whole.
        let long = "長".repeat(500);
        let changes = config_changes(&Value::Null, &json!({ "greeting": long }));
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].field, "*");
        let shown = changes[0].to.as_deref().unwrap_or_default();
        assert_eq!(shown.chars().count(), CONFIG_VALUE_MAX_CHARS + 1);
        assert!(shown.ends_with('…'));
        // More than the most changes: the rest counted.
        let many =
            |v: i32| Value::Object((0..50).map(|i| (format!("k{i:02}"), json!(v))).collect());
        let changes = config_changes(&many(1), &many(2));
        assert_eq!(changes.len(), CONFIG_CHANGES_MAX + 1);
        assert_eq!(
            fields(&changes[CONFIG_CHANGES_MAX..]),
            vec![("…", None, Some("+10"))]
        );
    }
}
