//! What surveys hold about a customer (`ports::PersonalData`): their answers (score, comment,
//! the shop's context) and the cards shown to them, under `m:<member>` or `d:<device>`. An
//! erasure keeps the scores and displays for the reports under the erasure's anonymous id,
//! without the member, the comment, the context or the request's fingerprint (which mixed in
//! the member id). Retention strips comments and context after `retention.comments_days`.

use async_trait::async_trait;
use patron_api::privacy::{
    ErasedCounts, ExportedAnswer, ExportedDisplay, PrivacyExport, Retention,
};
use sqlx::{AnyConnection, AnyPool};

use crate::notes;
use crate::ports::{Person, PersonalData};
use crate::storage::DAY_MS;

pub struct SurveyRecords;

#[derive(sqlx::FromRow)]
struct AnswerRow {
    survey_id: String,
    kind: String,
    score: i64,
    surface: String,
    locale: String,
    touchpoint: String,
    context: String,
    comment: Option<String>,
    created_at: i64,
    comment_at: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct DisplayRow {
    survey_id: String,
    surface: String,
    shown_at: i64,
    dismissed_at: Option<i64>,
}

fn count(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

#[async_trait]
impl PersonalData for SurveyRecords {
    async fn erase(
        &self,
        conn: &mut AnyConnection,
        site: &str,
        person: &Person,
        anonymous: &str,
        erased: &mut ErasedCounts,
    ) -> Result<(), sqlx::Error> {
        for subject in person.subjects() {
            let ids: Vec<String> = sqlx::query_scalar(
                "SELECT id FROM survey_responses WHERE site = $1 AND subject = $2",
            )
            .bind(site)
            .bind(subject.as_str())
            .fetch_all(&mut *conn)
            .await?;
            notes::delete_on(conn, site, notes::Subject::Feedback, &ids).await?;
            let answers = sqlx::query(
                "UPDATE survey_responses SET subject = $3, member_id = NULL, context = '{}', \
                 comment = NULL, comment_at = NULL, request_sha256 = 'erased' \
                 WHERE site = $1 AND subject = $2",
            )
            .bind(site)
            .bind(subject.as_str())
            .bind(anonymous)
            .execute(&mut *conn)
            .await?;
            erased.survey_answers += count(answers.rows_affected());
            let displays = sqlx::query(
                "UPDATE survey_displays SET subject = $3 WHERE site = $1 AND subject = $2",
            )
            .bind(site)
            .bind(subject.as_str())
            .bind(anonymous)
            .execute(&mut *conn)
            .await?;
            erased.survey_displays += count(displays.rows_affected());
        }
        Ok(())
    }

    async fn export(
        &self,
        pool: &AnyPool,
        site: &str,
        person: &Person,
        export: &mut PrivacyExport,
    ) -> Result<(), sqlx::Error> {
        for subject in person.subjects() {
            let answers: Vec<AnswerRow> = sqlx::query_as(
                "SELECT survey_id, kind, score, surface, locale, touchpoint, context, comment, \
                 created_at, comment_at FROM survey_responses \
                 WHERE site = $1 AND subject = $2 ORDER BY created_at, id",
            )
            .bind(site)
            .bind(subject.as_str())
            .fetch_all(pool)
            .await?;
            export
                .survey_answers
                .extend(answers.into_iter().map(|a| ExportedAnswer {
                    survey_id: a.survey_id,
                    kind: a.kind,
                    score: a.score,
                    surface: a.surface,
                    locale: a.locale,
                    touchpoint: a.touchpoint,
                    context: a.context,
                    comment: a.comment,
                    answered_at: a.created_at,
                    commented_at: a.comment_at,
                }));
            let displays: Vec<DisplayRow> = sqlx::query_as(
                "SELECT survey_id, surface, shown_at, dismissed_at FROM survey_displays \
                 WHERE site = $1 AND subject = $2 ORDER BY shown_at, display_id",
            )
            .bind(site)
            .bind(subject.as_str())
            .fetch_all(pool)
            .await?;
            export
                .survey_displays
                .extend(displays.into_iter().map(|d| ExportedDisplay {
                    survey_id: d.survey_id,
                    surface: d.surface,
                    shown_at: d.shown_at,
                    dismissed_at: d.dismissed_at,
                }));
        }
        Ok(())
    }

    async fn prune(
        &self,
        pool: &AnyPool,
        site: &str,
        retention: &Retention,
        now: i64,
    ) -> Result<u64, sqlx::Error> {
        let before = now.saturating_sub(i64::from(retention.comments_days) * DAY_MS);
        sqlx::query(
            "UPDATE survey_responses SET comment = NULL, context = '{}' \
             WHERE site = $1 AND created_at < $2 AND (comment IS NOT NULL OR context <> '{}')",
        )
        .bind(site)
        .bind(before)
        .execute(pool)
        .await
        .map(|r| r.rows_affected())
    }
}
