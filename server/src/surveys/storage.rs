//! Survey SQL: definitions, displays, responses (idempotent by key, with their webhook
//! events queued in the same transaction) and report aggregates. Portable SQL with `$n` placeholders; write transactions write first, so
//! SQLite takes its write lock before reading and never fails a lock upgrade.

use patron_api::SurveyKind;
use sqlx::AnyPool;

use super::pacing::{History, SurveyHistory};
use crate::reports::Window;
use crate::webhooks::{self, NewDelivery};

// ---------------------------------------------------------------------------------------
// Definitions

/// The site's stored configuration JSON and its version.
pub async fn load_config(pool: &AnyPool, site: &str) -> Result<Option<(String, i64)>, sqlx::Error> {
    crate::storage::load_site_config(pool, "survey_configs", site).await
}

/// Stores a site's configuration, moving its version.
pub async fn put_config<'e>(
    db: impl sqlx::Executor<'e, Database = sqlx::Any>,
    site: &str,
    json: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    crate::storage::put_site_config(db, "survey_configs", site, json, now).await
}

// ---------------------------------------------------------------------------------------
// Pacing history

/// What `subject` has been shown and has answered, per survey.
pub async fn history(pool: &AnyPool, site: &str, subject: &str) -> Result<History, sqlx::Error> {
    let displays: Vec<(String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT survey_id, COUNT(*), MAX(shown_at) FROM survey_displays \
         WHERE site = $1 AND subject = $2 GROUP BY survey_id",
    )
    .bind(site)
    .bind(subject)
    .fetch_all(pool)
    .await?;
    let responses: Vec<(String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT survey_id, COUNT(*), MAX(created_at) FROM survey_responses \
         WHERE site = $1 AND subject = $2 GROUP BY survey_id",
    )
    .bind(site)
    .bind(subject)
    .fetch_all(pool)
    .await?;
    let mut history = History::default();
    for (id, n, last) in displays {
        let h = history.surveys.entry(id).or_default();
        h.displays = n;
        h.last_display = last;
    }
    for (id, n, last) in responses {
        let h: &mut SurveyHistory = history.surveys.entry(id).or_default();
        h.responses = n;
        h.last_response = last;
    }
    Ok(history)
}

pub struct DisplayRow<'a> {
    pub site: &'a str,
    pub display_id: &'a str,
    pub survey_id: &'a str,
    pub subject: &'a str,
    pub surface: &'a str,
    pub locale: &'a str,
    pub touchpoint: &'a str,
    pub dismissed: bool,
    pub variant: Option<&'a str>,
    pub now: i64,
}

/// Records a display once per id; a later dismissal of it only sets `dismissed_at`.
pub async fn record_display(pool: &AnyPool, d: &DisplayRow<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO survey_displays (site, display_id, survey_id, subject, surface, locale, \
         touchpoint, shown_at, dismissed_at, variant) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
         ON CONFLICT (site, display_id) DO UPDATE SET \
         dismissed_at = COALESCE(survey_displays.dismissed_at, excluded.dismissed_at)",
    )
    .bind(d.site)
    .bind(d.display_id)
    .bind(d.survey_id)
    .bind(d.subject)
    .bind(d.surface)
    .bind(d.locale)
    .bind(d.touchpoint)
    .bind(d.now)
    .bind(d.dismissed.then_some(d.now))
    .bind(d.variant)
    .execute(pool)
    .await
    .map(|_| ())
}

// ---------------------------------------------------------------------------------------
// Responses

/// A response to store; owned, so it can wait in the group-commit queue (`writer`).
#[derive(Debug, Clone)]
pub struct NewResponse {
    pub site: String,
    pub idempotency_key: String,
    pub id: String,
    pub request_sha256: String,
    pub survey_id: String,
    pub kind: &'static str,
    pub score: i64,
    pub band: &'static str,
    pub subject: String,
    pub member_id: Option<String>,
    pub display_id: Option<String>,
    pub surface: &'static str,
    pub locale: &'static str,
    pub touchpoint: String,
    pub context_json: String,
    pub receipt_json: String,
    pub variant: Option<String>,
    /// The member's tier when they answered.
    pub member_tier: Option<String>,
    pub created_at: i64,
}

/// The outcome of storing a response under its idempotency key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    Inserted,
    /// The key was taken: what was stored under it.
    Existing {
        request_sha256: String,
        receipt: String,
    },
}

/// Stores responses in one transaction, each with its alert (if any) or, when its key is
/// already taken, not at all. One commit for many responses is what makes SQLite fast
/// without giving up durability: the cost of a commit is the disk flush, not the rows.
pub async fn insert_responses(
    pool: &AnyPool,
    batch: &[(NewResponse, Option<NewDelivery>)],
) -> Result<Vec<Stored>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let mut outcomes = Vec::with_capacity(batch.len());
    for (r, alert) in batch {
        outcomes.push(insert_response(&mut tx, r, alert.as_ref()).await?);
    }
    tx.commit().await?;
    Ok(outcomes)
}

async fn insert_response(
    conn: &mut sqlx::AnyConnection,
    r: &NewResponse,
    alert: Option<&NewDelivery>,
) -> Result<Stored, sqlx::Error> {
    let inserted = sqlx::query(
        "INSERT INTO survey_responses (site, idempotency_key, id, request_sha256, survey_id, \
         kind, score, band, subject, member_id, display_id, surface, locale, touchpoint, \
         context, receipt, created_at, variant, member_tier) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
         $18, $19) \
         ON CONFLICT (site, idempotency_key) DO NOTHING",
    )
    .bind(r.site.as_str())
    .bind(r.idempotency_key.as_str())
    .bind(r.id.as_str())
    .bind(r.request_sha256.as_str())
    .bind(r.survey_id.as_str())
    .bind(r.kind)
    .bind(r.score)
    .bind(r.band)
    .bind(r.subject.as_str())
    .bind(r.member_id.as_deref())
    .bind(r.display_id.as_deref())
    .bind(r.surface)
    .bind(r.locale)
    .bind(r.touchpoint.as_str())
    .bind(r.context_json.as_str())
    .bind(r.receipt_json.as_str())
    .bind(r.created_at)
    .bind(r.variant.as_deref())
    .bind(r.member_tier.as_deref())
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1;
    if !inserted {
        let (request_sha256, receipt): (String, String) = sqlx::query_as(
            "SELECT request_sha256, receipt FROM survey_responses \
             WHERE site = $1 AND idempotency_key = $2",
        )
        .bind(r.site.as_str())
        .bind(r.idempotency_key.as_str())
        .fetch_one(&mut *conn)
        .await?;
        return Ok(Stored::Existing {
            request_sha256,
            receipt,
        });
    }
    if let Some(d) = alert {
        webhooks::queue(conn, d, r.created_at).await?;
    }
    Ok(Stored::Inserted)
}

/// A stored response, as alerts describe it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredResponse {
    pub id: String,
    pub survey_id: String,
    pub kind: String,
    pub score: i64,
    pub band: String,
    pub member_id: Option<String>,
    pub surface: String,
    pub locale: String,
    pub touchpoint: String,
    pub context: String,
    pub comment: Option<String>,
    pub comment_at: Option<i64>,
    pub created_at: i64,
    /// Who answered: `pacing::subject` of the response.
    pub subject: String,
    pub variant: Option<String>,
}

const RESPONSE_COLUMNS: &str = "id, survey_id, kind, score, band, member_id, surface, locale, \
     touchpoint, context, comment, comment_at, created_at, subject, variant";

/// The answer stored under `key`, if any.
pub async fn response_by_key(
    pool: &AnyPool,
    site: &str,
    key: &str,
) -> Result<Option<StoredResponse>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {RESPONSE_COLUMNS} FROM survey_responses WHERE site = $1 AND idempotency_key = $2"
    ))
    .bind(site)
    .bind(key)
    .fetch_optional(pool)
    .await
}

#[derive(Debug, PartialEq, Eq)]
pub enum CommentOutcome {
    NoResponse,
    /// Stored now.
    Stored {
        at: i64,
    },
    /// The same comment was stored before, at `at`.
    Same {
        at: i64,
    },
    /// Another comment is already stored.
    Conflict,
}

/// Adds the follow-up of `subject` (the respondent) to their answer `key`, once: the comment
/// (empty when only reason chips were chosen) and the reasons. `alert` builds the event to
/// enqueue in the same transaction (for detractors), from the stored response. Another
/// respondent's answer is as good as none (`NoResponse`): a key learnt elsewhere reveals and
/// changes nothing.
#[allow(clippy::too_many_arguments)]
pub async fn add_comment(
    pool: &AnyPool,
    site: &str,
    key: &str,
    subject: &str,
    comment: &str,
    reasons: &[String],
    now: i64,
    alert: impl FnOnce(&StoredResponse) -> Option<NewDelivery>,
) -> Result<CommentOutcome, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let updated = sqlx::query(
        "UPDATE survey_responses SET comment = $3, comment_at = $4 \
         WHERE site = $1 AND idempotency_key = $2 AND comment IS NULL AND subject = $5",
    )
    .bind(site)
    .bind(key)
    .bind(comment)
    .bind(now)
    .bind(subject)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    let row: Option<StoredResponse> = sqlx::query_as(&format!(
        "SELECT {RESPONSE_COLUMNS} FROM survey_responses WHERE site = $1 AND idempotency_key = $2"
    ))
    .bind(site)
    .bind(key)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row.filter(|r| r.subject == subject) else {
        tx.rollback().await?;
        return Ok(CommentOutcome::NoResponse);
    };
    if !updated {
        let mut stored: Vec<String> = sqlx::query_scalar(
            "SELECT reason FROM survey_response_reasons WHERE site = $1 AND response_id = $2",
        )
        .bind(site)
        .bind(row.id.as_str())
        .fetch_all(&mut *tx)
        .await?;
        tx.rollback().await?;
        stored.sort();
        let mut given = reasons.to_vec();
        given.sort();
        return Ok(match (row.comment.as_deref(), row.comment_at) {
            (Some(c), Some(at)) if c == comment && stored == given => CommentOutcome::Same { at },
            _ => CommentOutcome::Conflict,
        });
    }
    for reason in reasons {
        sqlx::query(
            "INSERT INTO survey_response_reasons (site, response_id, survey_id, reason, \
             answered_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(site)
        .bind(row.id.as_str())
        .bind(row.survey_id.as_str())
        .bind(reason.as_str())
        .bind(row.created_at)
        .execute(&mut *tx)
        .await?;
    }
    if let Some(d) = alert(&row) {
        webhooks::queue(&mut tx, &d, now).await?;
    }
    tx.commit().await?;
    Ok(CommentOutcome::Stored { at: now })
}

// ---------------------------------------------------------------------------------------
// Reports

/// A report slice: `all`, a column, or the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    All,
    Touchpoint,
    Surface,
    Locale,
    /// The A/B wording; answers and displays of surveys with one wording have none.
    Variant,
    Day,
}

impl Dimension {
    pub const ALL: [Dimension; 6] = [
        Dimension::All,
        Dimension::Touchpoint,
        Dimension::Surface,
        Dimension::Locale,
        Dimension::Variant,
        Dimension::Day,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::All => "all",
            Dimension::Touchpoint => "touchpoint",
            Dimension::Surface => "surface",
            Dimension::Locale => "locale",
            Dimension::Variant => "variant",
            Dimension::Day => "day",
        }
    }

    /// What else a row must satisfy to be counted in this slice.
    fn only(self) -> &'static str {
        match self {
            Dimension::Variant => " AND variant IS NOT NULL",
            _ => "",
        }
    }

    /// By position: PostgreSQL refuses a string constant in GROUP BY and would have to match
    /// the parameterised day expression textually.
    fn group_by(self) -> &'static str {
        match self {
            Dimension::All => "1",
            _ => "1, 2",
        }
    }

    /// The SQL expression grouped by; `time` is the table's timestamp column. Days are
    /// counted from the epoch in the report's UTC offset (`$4`, milliseconds).
    fn expr(self, time: &str) -> String {
        match self {
            Dimension::All => "'all'".into(),
            Dimension::Touchpoint => "touchpoint".into(),
            Dimension::Surface => "surface".into(),
            Dimension::Locale => "locale".into(),
            Dimension::Variant => "variant".into(),
            Dimension::Day => format!("CAST(({time} + $4) / 86400000 AS TEXT)"),
        }
    }
}

/// Answer counts of one group.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AnswerCounts {
    /// The kind the answers were given to (for surveys since removed).
    pub kind: Option<SurveyKind>,
    pub responses: i64,
    pub detractors: i64,
    pub passives: i64,
    pub promoters: i64,
    pub score_sum: i64,
}

/// `(survey id, group value, counts)` of the responses in the window.
pub async fn answer_counts(
    pool: &AnyPool,
    site: &str,
    w: Window,
    dim: Dimension,
) -> Result<Vec<(String, String, AnswerCounts)>, sqlx::Error> {
    let key = dim.expr("created_at");
    let group = dim.group_by();
    let only = dim.only();
    let sql = format!(
        "SELECT survey_id, {key} AS k, MAX(kind), COUNT(*), \
         CAST(COALESCE(SUM(CASE WHEN band = 'detractor' THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN band = 'passive' THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN band = 'promoter' THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(score), 0) AS BIGINT) \
         FROM survey_responses WHERE site = $1 AND created_at >= $2 AND created_at < $3{only} \
         GROUP BY {group}"
    );
    let mut query = sqlx::query_as(&sql).bind(site).bind(w.from).bind(w.to);
    // PostgreSQL refuses parameters a statement does not use; only days use the offset.
    if dim == Dimension::Day {
        query = query.bind(w.offset_ms);
    }
    counts_of(query.fetch_all(pool).await?)
}

type CountsRow = (String, String, String, i64, i64, i64, i64, i64);

fn counts_of(rows: Vec<CountsRow>) -> Result<Vec<(String, String, AnswerCounts)>, sqlx::Error> {
    Ok(rows
        .into_iter()
        .map(
            |(s, k, kind, responses, detractors, passives, promoters, score_sum)| {
                (
                    s,
                    k,
                    AnswerCounts {
                        kind: SurveyKind::parse(&kind),
                        responses,
                        detractors,
                        passives,
                        promoters,
                        score_sum,
                    },
                )
            },
        )
        .collect())
}

/// `(survey id, group value, displays)` in the window.
pub async fn display_counts(
    pool: &AnyPool,
    site: &str,
    w: Window,
    dim: Dimension,
) -> Result<Vec<(String, String, i64)>, sqlx::Error> {
    let key = dim.expr("shown_at");
    let group = dim.group_by();
    let only = dim.only();
    let sql = format!(
        "SELECT survey_id, {key} AS k, COUNT(*) FROM survey_displays \
         WHERE site = $1 AND shown_at >= $2 AND shown_at < $3{only} GROUP BY {group}"
    );
    let mut query = sqlx::query_as(&sql).bind(site).bind(w.from).bind(w.to);
    if dim == Dimension::Day {
        query = query.bind(w.offset_ms);
    }
    query.fetch_all(pool).await
}

/// `(survey id, reason, counts)` of the answers in the window that chose each reason chip.
pub async fn reason_counts(
    pool: &AnyPool,
    site: &str,
    w: Window,
) -> Result<Vec<(String, String, AnswerCounts)>, sqlx::Error> {
    let rows: Vec<CountsRow> = sqlx::query_as(
        "SELECT r.survey_id, x.reason, MAX(r.kind), COUNT(*), \
         CAST(COALESCE(SUM(CASE WHEN r.band = 'detractor' THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN r.band = 'passive' THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN r.band = 'promoter' THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(r.score), 0) AS BIGINT) \
         FROM survey_response_reasons x JOIN survey_responses r \
         ON r.site = x.site AND r.id = x.response_id \
         WHERE x.site = $1 AND x.answered_at >= $2 AND x.answered_at < $3 \
         GROUP BY r.survey_id, x.reason",
    )
    .bind(site)
    .bind(w.from)
    .bind(w.to)
    .fetch_all(pool)
    .await?;
    counts_of(rows)
}

/// `(member id, detractor answers, latest)` for members with at least `min` detractor
/// answers in `[from, to)`.
pub async fn detractor_members(
    pool: &AnyPool,
    site: &str,
    from: i64,
    to: i64,
    min: i64,
) -> Result<Vec<(String, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT member_id, COUNT(*), MAX(created_at) FROM survey_responses \
         WHERE site = $1 AND member_id IS NOT NULL AND band = 'detractor' \
         AND created_at >= $2 AND created_at < $3 \
         GROUP BY member_id HAVING COUNT(*) >= $4 ORDER BY COUNT(*) DESC, member_id",
    )
    .bind(site)
    .bind(from)
    .bind(to)
    .bind(min)
    .fetch_all(pool)
    .await
}
