//! The console's contacts inbox (`patron_api::console::contacts`): every contact request with
//! what the customer searched and read, open → resolved with "resolved on first contact"
//! (which first-contact resolution counts), an assignee and notes; and the admin API's twin
//! for helpdesks, `resolution`. Every change is audited in its own transaction.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use patron_api::console::audit::{AuditAction, AuditChange, AuditTarget};
use patron_api::console::contacts::{
    ContactChange, ContactDetail, ContactItem, ContactPage, ContactResolution, ContactStatus,
};
use patron_api::console::{NewNote, Role, UserRef, SEARCH_MAX_CHARS};
use patron_api::validate::FieldErrors;
use patron_api::FieldCode;
use serde::Deserialize;
use sqlx::{AnyConnection, AnyPool, FromRow};

use super::admin::contact_records;
use super::storage::ContactRow;
use crate::audit::{self, change, Who};
use crate::auth::console::ConsoleUser;
use crate::auth::{users, SiteAdmin};
use crate::error::AppError;
use crate::extract::{AppJson, AppPath, AppQuery, SafeJson};
use crate::notes::{self, like_pattern, Subject};
use crate::paging::{after_sql, Cursor, PageParams};
use crate::state::AppState;
use crate::storage::now_millis;

/// A resolution stamped later than this ahead of the server's clock is refused.
const FUTURE_SKEW_MS: i64 = 5 * 60 * 1000;

#[derive(FromRow)]
struct Row {
    id: String,
    reference: String,
    session: String,
    locale: String,
    name: String,
    email: Option<String>,
    phone: Option<String>,
    order_number: Option<String>,
    message: String,
    created_at: i64,
    status: Option<String>,
    resolved_first_contact: Option<i64>,
    resolved_at: Option<i64>,
    assignee_id: Option<String>,
    assignee_email: Option<String>,
    first_action_at: Option<i64>,
    notes: i64,
}

const SELECT: &str = "SELECT c.id, c.reference, c.session, c.locale, c.name, c.email, c.phone, \
    c.order_number, c.message, c.created_at, s.status, s.resolved_first_contact, \
    s.resolved_at, s.assignee_id, s.assignee_email, s.first_action_at, \
    (SELECT CAST(COUNT(*) AS BIGINT) FROM console_notes n \
     WHERE n.kind = 'contact' AND n.subject = c.id) AS notes \
    FROM contact_requests c LEFT JOIN contact_state s ON s.contact_id = c.id";

impl Row {
    fn status(&self) -> ContactStatus {
        match self.status.as_deref() {
            Some("resolved") => ContactStatus::Resolved,
            _ => ContactStatus::Open,
        }
    }

    fn contact_row(&self) -> ContactRow {
        ContactRow {
            id: self.id.clone(),
            reference: self.reference.clone(),
            session: self.session.clone(),
            locale: self.locale.clone(),
            name: self.name.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            order_number: self.order_number.clone(),
            message: self.message.clone(),
            created_at: self.created_at,
        }
    }
}

/// The inbox's items for `rows`, with each customer's context.
async fn items(pool: &AnyPool, site: &str, rows: Vec<Row>) -> Result<Vec<ContactItem>, AppError> {
    let records = contact_records(pool, site, rows.iter().map(Row::contact_row).collect()).await?;
    Ok(rows
        .into_iter()
        .zip(records)
        .map(|(r, record)| ContactItem {
            status: r.status(),
            reference: r.reference,
            created_at: r.created_at,
            locale: r.locale,
            name: r.name,
            email: r.email,
            phone: r.phone,
            order_number: r.order_number,
            message: r.message,
            member_id: None,
            context: record.context,
            resolved_first_contact: r.resolved_first_contact.map(|v| v != 0),
            resolved_at: r.resolved_at,
            assignee: r
                .assignee_id
                .zip(r.assignee_email)
                .map(|(id, email)| UserRef { id, email }),
            first_action_at: r.first_action_at,
            notes: r.notes,
        })
        .collect())
}

async fn find(pool: &AnyPool, site: &str, reference: &str) -> Result<Row, AppError> {
    sqlx::query_as(&format!("{SELECT} WHERE c.site = $1 AND c.reference = $2"))
        .bind(site)
        .bind(reference)
        .fetch_optional(pool)
        .await?
        .ok_or(AppError::NotFound)
}

async fn item(pool: &AnyPool, site: &str, reference: &str) -> Result<ContactItem, AppError> {
    let row = find(pool, site, reference).await?;
    items(pool, site, vec![row])
        .await?
        .pop()
        .ok_or(AppError::NotFound)
}

async fn detail(pool: &AnyPool, site: &str, reference: &str) -> Result<ContactDetail, AppError> {
    let row = find(pool, site, reference).await?;
    let id = row.id.clone();
    let contact = items(pool, site, vec![row])
        .await?
        .pop()
        .ok_or(AppError::NotFound)?;
    Ok(ContactDetail {
        contact,
        notes: notes::list(pool, Subject::Contact, &id).await?,
    })
}

#[derive(Debug, Default, Deserialize)]
pub struct ContactParams {
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub q: Option<String>,
    #[serde(flatten)]
    pub page: PageParams,
}

/// `GET …/contacts?status=&q=&cursor=&limit=` (every role).
pub async fn list(
    who: ConsoleUser,
    State(state): State<AppState>,
    AppQuery(p): AppQuery<ContactParams>,
) -> Result<impl IntoResponse, AppError> {
    let mut errs = FieldErrors::default();
    let status = match p.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => "",
        Some(s) => match ContactStatus::parse(s) {
            Some(v) => v.as_str(),
            None => {
                errs.push("status", FieldCode::InvalidFormat, "open or resolved");
                ""
            }
        },
    };
    let q = p.q.as_deref().map(str::trim).unwrap_or_default();
    if q.chars().count() > SEARCH_MAX_CHARS {
        errs.push("q", FieldCode::TooLong, "at most 200 characters");
    }
    let (cursor, limit) = p.page.page(&mut errs);
    errs.into_result()?;
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE c.site = $1 AND {} \
         AND ($4 = '' OR COALESCE(s.status, 'open') = $4) \
         AND ($5 = '' OR LOWER(c.reference || ' ' || c.name || ' ' || COALESCE(c.email, '') \
              || ' ' || COALESCE(c.order_number, '') || ' ' || c.message) LIKE $6 ESCAPE '\\') \
         ORDER BY c.created_at DESC, c.id DESC LIMIT $7",
        after_sql("c.created_at", "c.id", 2)
    ))
    .bind(who.site())
    .bind(cursor.at)
    .bind(cursor.id.as_str())
    .bind(status)
    .bind(q)
    .bind(like_pattern(q))
    .bind(limit)
    .fetch_all(&state.pool)
    .await?;
    let next = Cursor::after(&rows, limit, |r| (r.created_at, r.id.as_str()));
    let contacts = items(&state.pool, who.site(), rows).await?;
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        SafeJson(ContactPage {
            contacts,
            next_cursor: next.map(|c| c.encode()),
        }),
    ))
}

/// `GET …/contacts/{reference}` (every role).
pub async fn get(
    who: ConsoleUser,
    State(state): State<AppState>,
    AppPath((_, reference)): AppPath<(String, String)>,
) -> Result<impl IntoResponse, AppError> {
    let d = detail(&state.pool, who.site(), &reference).await?;
    Ok(([(header::CACHE_CONTROL, "no-store")], SafeJson(d)))
}

/// What to write to a request's state.
struct NewState<'a> {
    status: ContactStatus,
    resolved_first_contact: Option<bool>,
    resolved_at: Option<i64>,
    assignee: Option<&'a UserRef>,
}

async fn write_state(
    conn: &mut AnyConnection,
    site: &str,
    id: &str,
    s: &NewState<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO contact_state (contact_id, site, status, resolved_first_contact, \
         resolved_at, assignee_id, assignee_email, first_action_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) \
         ON CONFLICT (contact_id) DO UPDATE SET status = $3, resolved_first_contact = $4, \
         resolved_at = $5, assignee_id = $6, assignee_email = $7, \
         first_action_at = COALESCE(contact_state.first_action_at, $8), updated_at = $8",
    )
    .bind(id)
    .bind(site)
    .bind(s.status.as_str())
    .bind(s.resolved_first_contact.map(i64::from))
    .bind(s.resolved_at)
    .bind(s.assignee.map(|u| u.id.as_str()))
    .bind(s.assignee.map(|u| u.email.as_str()))
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

fn yes_no(v: Option<bool>) -> Option<&'static str> {
    v.map(|b| if b { "true" } else { "false" })
}

/// The audit changes between the stored state and the new one.
fn changes(row: &Row, new: &NewState<'_>) -> Vec<AuditChange> {
    let mut out = Vec::new();
    if row.status() != new.status {
        out.push(change(
            "status",
            Some(row.status().as_str()),
            Some(new.status.as_str()),
        ));
    }
    let before = row.resolved_first_contact.map(|v| v != 0);
    if before != new.resolved_first_contact {
        out.push(change(
            "resolved_first_contact",
            yes_no(before),
            yes_no(new.resolved_first_contact),
        ));
    }
    if row.resolved_at != new.resolved_at && new.resolved_at.is_some() {
        let (from, to) = (
            row.resolved_at.map(|v| v.to_string()),
            new.resolved_at.map(|v| v.to_string()),
        );
        out.push(change("resolved_at", from.as_deref(), to.as_deref()));
    }
    let new_assignee = new.assignee.map(|u| u.email.as_str());
    if row.assignee_email.as_deref() != new_assignee {
        out.push(change(
            "assignee",
            row.assignee_email.as_deref(),
            new_assignee,
        ));
    }
    out
}

/// Writes `new` over the request `row` and audits what changed, in one transaction.
async fn apply(
    pool: &AnyPool,
    site: &str,
    row: &Row,
    new: NewState<'_>,
    who: &Who,
    now: i64,
) -> Result<(), AppError> {
    let changes = changes(row, &new);
    if changes.is_empty() {
        return Ok(());
    }
    let mut tx = pool.begin().await?;
    write_state(&mut tx, site, &row.id, &new, now).await?;
    audit::record(
        &mut tx,
        audit::Record {
            site,
            who,
            action: AuditAction::ContactChanged,
            target: AuditTarget::Contact,
            target_id: &row.reference,
            changes,
            at: now,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// `PUT …/contacts/{reference}` (agents and owners).
pub async fn put(
    who: ConsoleUser,
    State(state): State<AppState>,
    AppPath((_, reference)): AppPath<(String, String)>,
    AppJson(body): AppJson<ContactChange>,
) -> Result<impl IntoResponse, AppError> {
    who.require(Role::Agent)?;
    body.validate()?;
    let site = who.site().to_owned();
    let row = find(&state.pool, &site, &reference).await?;
    let status = body.status.unwrap_or(row.status());
    if body.resolved_first_contact.is_some() && status != ContactStatus::Resolved {
        let mut errs = FieldErrors::default();
        errs.push(
            "resolved_first_contact",
            FieldCode::NotAllowed,
            "an open request is not resolved",
        );
        return Err(errs.into());
    }
    let assignee = match &body.assignee {
        None => row
            .assignee_id
            .clone()
            .zip(row.assignee_email.clone())
            .map(|(id, email)| UserRef { id, email }),
        Some(None) => None,
        Some(Some(id)) => {
            let mut conn = state.pool.acquire().await?;
            let user = users::find(&mut conn, &site, id).await?.ok_or_else(|| {
                let mut errs = FieldErrors::default();
                errs.push("assignee", FieldCode::NotAllowed, "not a user of this site");
                AppError::Validation(errs)
            })?;
            Some(user.user_ref())
        }
    };
    let now = now_millis();
    let (resolved_first_contact, resolved_at) = match status {
        ContactStatus::Open => (None, None),
        ContactStatus::Resolved => (
            body.resolved_first_contact
                .or(row.resolved_first_contact.map(|v| v != 0)),
            row.resolved_at
                .filter(|_| row.status() == ContactStatus::Resolved)
                .or(Some(now)),
        ),
    };
    let new = NewState {
        status,
        resolved_first_contact,
        resolved_at,
        assignee: assignee.as_ref(),
    };
    apply(&state.pool, &site, &row, new, &Who::User(who.as_ref()), now).await?;
    Ok(SafeJson(detail(&state.pool, &site, &reference).await?))
}

/// `POST …/contacts/{reference}/notes` (agents and owners).
pub async fn add_note(
    who: ConsoleUser,
    State(state): State<AppState>,
    AppPath((_, reference)): AppPath<(String, String)>,
    AppJson(body): AppJson<NewNote>,
) -> Result<impl IntoResponse, AppError> {
    who.require(Role::Agent)?;
    body.validate()?;
    let site = who.site().to_owned();
    let row = find(&state.pool, &site, &reference).await?;
    let now = now_millis();
    let author = who.as_ref();
    let mut tx = state.pool.begin().await?;
    let note = notes::add(
        &mut tx,
        &site,
        Subject::Contact,
        &row.id,
        &author,
        &body.text,
        now,
    )
    .await?;
    // A note is a first action too.
    sqlx::query(
        "INSERT INTO contact_state (contact_id, site, status, first_action_at, updated_at) \
         VALUES ($1, $2, 'open', $3, $3) ON CONFLICT (contact_id) DO UPDATE SET \
         first_action_at = COALESCE(contact_state.first_action_at, $3)",
    )
    .bind(row.id.as_str())
    .bind(site.as_str())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        audit::Record {
            site: &site,
            who: &Who::User(author),
            action: AuditAction::ContactNoted,
            target: AuditTarget::Contact,
            target_id: &reference,
            changes: vec![change("text", None, Some(&note.text))],
            at: now,
        },
    )
    .await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, SafeJson(note)))
}

/// `POST /v1/admin/sites/{site}/contacts/{reference}/resolution`: a helpdesk resolved it.
/// Sending it again replaces the first answer; audited as the admin key.
pub async fn resolution(
    admin: SiteAdmin,
    State(state): State<AppState>,
    AppPath((_, reference)): AppPath<(String, String)>,
    AppJson(body): AppJson<ContactResolution>,
) -> Result<impl IntoResponse, AppError> {
    let now = now_millis();
    if body
        .resolved_at
        .is_some_and(|at| at > now + FUTURE_SKEW_MS || at < 0)
    {
        let mut errs = FieldErrors::default();
        errs.push("resolved_at", FieldCode::InFuture, "not in the future");
        return Err(errs.into());
    }
    let row = find(&state.pool, &admin.site, &reference).await?;
    let assignee = row
        .assignee_id
        .clone()
        .zip(row.assignee_email.clone())
        .map(|(id, email)| UserRef { id, email });
    let new = NewState {
        status: ContactStatus::Resolved,
        resolved_first_contact: Some(body.resolved_first_contact),
        resolved_at: Some(body.resolved_at.unwrap_or(now)),
        assignee: assignee.as_ref(),
    };
    apply(&state.pool, &admin.site, &row, new, &Who::AdminKey, now).await?;
    Ok(SafeJson(item(&state.pool, &admin.site, &reference).await?))
}
