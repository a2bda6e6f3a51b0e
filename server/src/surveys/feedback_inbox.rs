//! The console's feedback inbox (`patron_api::console::feedback`): every survey answer, comment
//! or not; detractors' answers form a queue (new → in progress → resolved | won't fix) with an
//! assignee, notes and the time to first action. Filters, a comment search portable to both
//! databases (a LIKE on the lowercased comment) and a CSV export of the same rows. Every
//! change is audited in its own transaction.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use patron_api::console::audit::{AuditAction, AuditTarget};
use patron_api::console::feedback::{
    FeedbackChange, FeedbackDetail, FeedbackItem, FeedbackPage, FeedbackStatus, CSV_ROWS_MAX,
    EARLIER_MAX,
};
use patron_api::console::{NewNote, Role, UserRef, SEARCH_MAX_CHARS};
use patron_api::survey::{Band, Surface, SurveyKind};
use patron_api::validate::FieldErrors;
use patron_api::{FieldCode, Locale};
use serde::Deserialize;
use sqlx::{AnyPool, FromRow};

use crate::audit::{self, change, Who};
use crate::auth::console::ConsoleUser;
use crate::auth::users;
use crate::error::AppError;
use crate::extract::{AppJson, AppPath, AppQuery, SafeJson};
use crate::notes::{self, like_pattern, Subject};
use crate::paging::{after_sql, Cursor, PageParams};
use crate::reports::{cell, csv};
use crate::state::AppState;
use crate::storage::now_millis;

#[derive(FromRow)]
struct Row {
    id: String,
    survey_id: String,
    kind: String,
    score: i64,
    band: String,
    subject: String,
    member_id: Option<String>,
    member_tier: Option<String>,
    surface: String,
    locale: String,
    touchpoint: String,
    context: String,
    comment: Option<String>,
    created_at: i64,
    status: Option<String>,
    assignee_id: Option<String>,
    assignee_email: Option<String>,
    first_action_at: Option<i64>,
    notes: i64,
}

const SELECT: &str = "SELECT r.id, r.survey_id, r.kind, r.score, r.band, r.subject, \
    r.member_id, r.member_tier, r.surface, r.locale, r.touchpoint, r.context, r.comment, r.created_at, \
    f.status, f.assignee_id, f.assignee_email, f.first_action_at, \
    (SELECT CAST(COUNT(*) AS BIGINT) FROM console_notes n \
     WHERE n.kind = 'feedback' AND n.subject = r.id) AS notes \
    FROM survey_responses r LEFT JOIN feedback_state f ON f.response_id = r.id";

fn parse_by_name<T: Copy>(all: &[T], name: fn(T) -> &'static str, s: &str) -> Option<T> {
    all.iter().copied().find(|v| name(*v) == s)
}

impl Row {
    fn is_detractor(&self) -> bool {
        self.band == Band::Detractor.as_str()
    }

    fn status(&self) -> Option<FeedbackStatus> {
        self.is_detractor().then(|| {
            self.status
                .as_deref()
                .and_then(FeedbackStatus::parse)
                .unwrap_or(FeedbackStatus::New)
        })
    }

    fn assignee(&self) -> Option<UserRef> {
        self.assignee_id
            .clone()
            .zip(self.assignee_email.clone())
            .map(|(id, email)| UserRef { id, email })
    }

    /// `None` for a row this server cannot read (a newer server's names).
    fn item(self) -> Option<FeedbackItem> {
        Some(FeedbackItem {
            status: self.status(),
            assignee: self.assignee(),
            kind: SurveyKind::parse(&self.kind)?,
            band: Band::parse(&self.band)?,
            surface: parse_by_name(&Surface::ALL, Surface::as_str, &self.surface)?,
            locale: parse_by_name(&Locale::ALL, Locale::as_str, &self.locale)?,
            context: serde_json::from_str::<BTreeMap<String, String>>(&self.context)
                .unwrap_or_default(),
            id: self.id,
            survey_id: self.survey_id,
            score: self.score as i32,
            comment: self.comment,
            touchpoint: self.touchpoint,
            member_id: self.member_id,
            tier: self.member_tier,
            created_at: self.created_at,
            first_action_at: self.first_action_at,
            notes: self.notes,
        })
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct FeedbackParams {
    #[serde(default)]
    pub band: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub survey: Option<String>,
    #[serde(default)]
    pub surface: Option<String>,
    #[serde(default)]
    pub q: Option<String>,
    #[serde(default)]
    pub format: Option<String>,
    #[serde(flatten)]
    pub page: PageParams,
}

fn param(raw: &Option<String>) -> &str {
    raw.as_deref().map(str::trim).unwrap_or_default()
}

/// `GET …/feedback?band=&status=&survey=&surface=&q=&cursor=&limit=&format=csv` (every role).
pub async fn list(
    who: ConsoleUser,
    State(state): State<AppState>,
    AppQuery(p): AppQuery<FeedbackParams>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let mut errs = FieldErrors::default();
    let mut check = |field: &str, value: &str, ok: bool, expected: &str| {
        if !value.is_empty() && !ok {
            errs.push(field, FieldCode::InvalidFormat, expected);
        }
    };
    let (band, status, surface) = (param(&p.band), param(&p.status), param(&p.surface));
    check(
        "band",
        band,
        Band::parse(band).is_some(),
        "detractor, passive or promoter",
    );
    check(
        "status",
        status,
        FeedbackStatus::parse(status).is_some(),
        "new, in_progress, resolved or wont_fix",
    );
    check(
        "surface",
        surface,
        Surface::ALL.iter().any(|s| s.as_str() == surface),
        "embed, page or kiosk",
    );
    let q = param(&p.q);
    if q.chars().count() > SEARCH_MAX_CHARS {
        errs.push("q", FieldCode::TooLong, "at most 200 characters");
    }
    let csv_wanted = param(&p.format) == "csv"
        || headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|a| a.starts_with("text/csv"));
    let (cursor, limit) = p.page.page(&mut errs);
    errs.into_result()?;
    let (cursor, limit) = if csv_wanted {
        (Cursor::start(), CSV_ROWS_MAX)
    } else {
        (cursor, limit)
    };
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE r.site = $1 AND {} \
         AND ($4 = '' OR r.band = $4) \
         AND ($5 = '' OR (r.band = 'detractor' AND COALESCE(f.status, 'new') = $5)) \
         AND ($6 = '' OR r.survey_id = $6) AND ($7 = '' OR r.surface = $7) \
         AND ($8 = '' OR LOWER(COALESCE(r.comment, '')) LIKE $9 ESCAPE '\\') \
         ORDER BY r.created_at DESC, r.id DESC LIMIT $10",
        after_sql("r.created_at", "r.id", 2)
    ))
    .bind(who.site())
    .bind(cursor.at)
    .bind(cursor.id.as_str())
    .bind(band)
    .bind(status)
    .bind(param(&p.survey))
    .bind(surface)
    .bind(q)
    .bind(like_pattern(q))
    .bind(limit)
    .fetch_all(&state.pool)
    .await?;
    let next = Cursor::after(&rows, limit, |r| (r.created_at, r.id.as_str()));
    let items: Vec<FeedbackItem> = rows.into_iter().filter_map(Row::item).collect();
    if csv_wanted {
        return csv_export(&items);
    }
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        SafeJson(FeedbackPage {
            items,
            next_cursor: next.map(|c| c.encode()),
        }),
    )
        .into_response())
}

fn csv_export(items: &[FeedbackItem]) -> Result<Response, AppError> {
    let header_row = [
        "id",
        "created_at",
        "survey",
        "kind",
        "score",
        "band",
        "comment",
        "surface",
        "locale",
        "touchpoint",
        "member",
        "status",
        "assignee",
        "notes",
    ];
    let rows = items.iter().map(|i| {
        vec![
            i.id.clone(),
            i.created_at.to_string(),
            cell(&i.survey_id),
            i.kind.as_str().to_owned(),
            i.score.to_string(),
            i.band.as_str().to_owned(),
            cell(i.comment.as_deref().unwrap_or_default()),
            i.surface.as_str().to_owned(),
            i.locale.as_str().to_owned(),
            cell(&i.touchpoint),
            cell(i.member_id.as_deref().unwrap_or_default()),
            i.status.map(|s| s.as_str()).unwrap_or_default().to_owned(),
            i.assignee
                .as_ref()
                .map(|a| a.email.clone())
                .unwrap_or_default(),
            i.notes.to_string(),
        ]
    });
    let body = csv(header_row, rows)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"feedback.csv\"",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response())
}

async fn find(pool: &AnyPool, site: &str, id: &str) -> Result<Row, AppError> {
    sqlx::query_as(&format!("{SELECT} WHERE r.site = $1 AND r.id = $2"))
        .bind(site)
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or(AppError::NotFound)
}

async fn detail(pool: &AnyPool, site: &str, id: &str) -> Result<FeedbackDetail, AppError> {
    let row = find(pool, site, id).await?;
    // The same customer: the member when signed in, else the device (the subject).
    let earlier: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE r.site = $1 AND r.id <> $2 AND r.created_at <= $3 \
         AND (r.subject = $4 OR ($5 <> '' AND r.member_id = $5)) \
         ORDER BY r.created_at DESC, r.id DESC LIMIT $6"
    ))
    .bind(site)
    .bind(id)
    .bind(row.created_at)
    .bind(row.subject.as_str())
    .bind(row.member_id.as_deref().unwrap_or_default())
    .bind(EARLIER_MAX)
    .fetch_all(pool)
    .await?;
    let item = row.item().ok_or(AppError::NotFound)?;
    Ok(FeedbackDetail {
        time_to_first_action_ms: item.first_action_at.map(|at| at - item.created_at),
        earlier: earlier.into_iter().filter_map(Row::item).collect(),
        notes: notes::list(pool, Subject::Feedback, id).await?,
        item,
    })
}

/// `GET …/feedback/{response}` (every role).
pub async fn get(
    who: ConsoleUser,
    State(state): State<AppState>,
    AppPath((_, id)): AppPath<(String, String)>,
) -> Result<impl IntoResponse, AppError> {
    let d = detail(&state.pool, who.site(), &id).await?;
    Ok(([(header::CACHE_CONTROL, "no-store")], SafeJson(d)))
}

/// `PUT …/feedback/{response}` (agents and owners).
pub async fn put(
    who: ConsoleUser,
    State(state): State<AppState>,
    AppPath((_, id)): AppPath<(String, String)>,
    AppJson(body): AppJson<FeedbackChange>,
) -> Result<impl IntoResponse, AppError> {
    who.require(Role::Agent)?;
    body.validate()?;
    let site = who.site().to_owned();
    let row = find(&state.pool, &site, &id).await?;
    let mut errs = FieldErrors::default();
    if body.status.is_some() && !row.is_detractor() {
        errs.push(
            "status",
            FieldCode::NotAllowed,
            "only a detractor's answer has a queue status",
        );
    }
    let assignee = match &body.assignee {
        None => row.assignee(),
        Some(None) => None,
        Some(Some(user)) => {
            let mut conn = state.pool.acquire().await?;
            let found = users::find(&mut conn, &site, user).await?;
            if found.is_none() {
                errs.push("assignee", FieldCode::NotAllowed, "not a user of this site");
            }
            found.map(|u| u.user_ref())
        }
    };
    errs.into_result()?;
    let status = body.status.or(row.status());
    let mut changes = Vec::new();
    if status != row.status() {
        changes.push(change(
            "status",
            row.status().map(|s| s.as_str()),
            status.map(|s| s.as_str()),
        ));
    }
    let new_email = assignee.as_ref().map(|a| a.email.as_str());
    if row.assignee_email.as_deref() != new_email {
        changes.push(change("assignee", row.assignee_email.as_deref(), new_email));
    }
    if !changes.is_empty() {
        let now = now_millis();
        let mut tx = state.pool.begin().await?;
        sqlx::query(
            "INSERT INTO feedback_state (response_id, site, status, assignee_id, \
             assignee_email, first_action_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) \
             ON CONFLICT (response_id) DO UPDATE SET status = $3, assignee_id = $4, \
             assignee_email = $5, \
             first_action_at = COALESCE(feedback_state.first_action_at, $6), updated_at = $6",
        )
        .bind(id.as_str())
        .bind(site.as_str())
        .bind(status.map(|s| s.as_str()))
        .bind(assignee.as_ref().map(|a| a.id.as_str()))
        .bind(new_email)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            audit::Record {
                site: &site,
                who: &Who::User(who.as_ref()),
                action: AuditAction::FeedbackChanged,
                target: AuditTarget::Feedback,
                target_id: &id,
                changes,
                at: now,
            },
        )
        .await?;
        tx.commit().await?;
    }
    Ok(SafeJson(detail(&state.pool, &site, &id).await?))
}

/// `POST …/feedback/{response}/notes` (agents and owners).
pub async fn add_note(
    who: ConsoleUser,
    State(state): State<AppState>,
    AppPath((_, id)): AppPath<(String, String)>,
    AppJson(body): AppJson<NewNote>,
) -> Result<impl IntoResponse, AppError> {
    who.require(Role::Agent)?;
    body.validate()?;
    let site = who.site().to_owned();
    let row = find(&state.pool, &site, &id).await?;
    let now = now_millis();
    let author = who.as_ref();
    let mut tx = state.pool.begin().await?;
    let note = notes::add(
        &mut tx,
        &site,
        Subject::Feedback,
        &id,
        &author,
        &body.text,
        now,
    )
    .await?;
    // A note is a first action too.
    sqlx::query(
        "INSERT INTO feedback_state (response_id, site, status, first_action_at, updated_at) \
         VALUES ($1, $2, $3, $4, $4) ON CONFLICT (response_id) DO UPDATE SET \
         first_action_at = COALESCE(feedback_state.first_action_at, $4)",
    )
    .bind(id.as_str())
    .bind(site.as_str())
    .bind(row.status().map(|s| s.as_str()))
    .bind(now)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        audit::Record {
            site: &site,
            who: &Who::User(author),
            action: AuditAction::FeedbackNoted,
            target: AuditTarget::Feedback,
            target_id: &id,
            changes: vec![change("text", None, Some(&note.text))],
            at: now,
        },
    )
    .await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, SafeJson(note)))
}
