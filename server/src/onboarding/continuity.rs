//! A customer signing in keeps their guide progress: the runs and steps kept under their
//! device (or kiosk session) are merged into the member's. A step done on either side stays
//! done, with its first time; a run keeps its earliest start and any finish. A guide finished
//! signed out earns no reward on sign-in (anonymous customers earn nothing), and a reward the
//! member already had stays theirs.

use async_trait::async_trait;
use sqlx::AnyConnection;

use super::progress::member_subject;
use crate::ports::SignInHandover;

pub struct GuideProgress;

#[async_trait]
impl SignInHandover for GuideProgress {
    async fn hand_over(
        &self,
        conn: &mut AnyConnection,
        site: &str,
        anonymous: &str,
        member: &str,
        now: i64,
    ) -> Result<u64, sqlx::Error> {
        let to = member_subject(member);
        // Written first, so SQLite takes its write lock before reading (see `storage`).
        let runs = sqlx::query(
            "INSERT INTO onboarding_runs (site, subject, pack_id, member_id, started_at, \
             updated_at, finished_at) \
             SELECT site, $3, pack_id, $4, started_at, $5, finished_at FROM onboarding_runs \
             WHERE site = $1 AND subject = $2 \
             ON CONFLICT (site, subject, pack_id) DO UPDATE SET \
             started_at = CASE WHEN excluded.started_at < onboarding_runs.started_at \
             THEN excluded.started_at ELSE onboarding_runs.started_at END, \
             finished_at = COALESCE(onboarding_runs.finished_at, excluded.finished_at), \
             updated_at = excluded.updated_at",
        )
        .bind(site)
        .bind(anonymous)
        .bind(to.as_str())
        .bind(member)
        .bind(now)
        .execute(&mut *conn)
        .await?
        .rows_affected();
        let steps = sqlx::query(
            "INSERT INTO onboarding_steps_done (site, subject, pack_id, step_id, via, surface, \
             completed_at) \
             SELECT site, $3, pack_id, step_id, via, surface, completed_at \
             FROM onboarding_steps_done WHERE site = $1 AND subject = $2 \
             ON CONFLICT (site, subject, pack_id, step_id) DO UPDATE SET \
             completed_at = CASE WHEN excluded.completed_at < onboarding_steps_done.completed_at \
             THEN excluded.completed_at ELSE onboarding_steps_done.completed_at END",
        )
        .bind(site)
        .bind(anonymous)
        .bind(to.as_str())
        .execute(&mut *conn)
        .await?
        .rows_affected();
        for table in ["onboarding_steps_done", "onboarding_runs"] {
            sqlx::query(&format!(
                "DELETE FROM {table} WHERE site = $1 AND subject = $2"
            ))
            .bind(site)
            .bind(anonymous)
            .execute(&mut *conn)
            .await?;
        }
        Ok(runs + steps)
    }
}
