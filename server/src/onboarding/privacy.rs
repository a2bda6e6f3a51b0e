//! What guides hold about a customer (`ports::PersonalData`): their runs through packs and
//! the steps done, under `m:<member>` or `d:<device>`, and when a member was first seen. An
//! erasure keeps the runs for the funnel report under the erasure's anonymous id (without
//! the member id) and forgets when the member was first seen.

use async_trait::async_trait;
use patron_api::privacy::{ErasedCounts, ExportedGuide, ExportedStep, PrivacyExport, Retention};
use sqlx::{AnyConnection, AnyPool};

use crate::ports::{Person, PersonalData};

pub struct GuideRecords;

#[derive(sqlx::FromRow)]
struct RunRow {
    pack_id: String,
    started_at: i64,
    finished_at: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct StepRow {
    pack_id: String,
    step_id: String,
    via: String,
    completed_at: i64,
}

#[async_trait]
impl PersonalData for GuideRecords {
    async fn erase(
        &self,
        conn: &mut AnyConnection,
        site: &str,
        person: &Person,
        anonymous: &str,
        erased: &mut ErasedCounts,
    ) -> Result<(), sqlx::Error> {
        for subject in person.subjects() {
            // One anonymous subject per erased subject: a member and a device may both have
            // run the same pack, and a run is keyed by (subject, pack).
            let kind = subject.split(':').next().unwrap_or_default();
            let anonymous = format!("{anonymous}-{kind}");
            let runs = sqlx::query(
                "UPDATE onboarding_runs SET subject = $3, member_id = NULL \
                 WHERE site = $1 AND subject = $2",
            )
            .bind(site)
            .bind(subject.as_str())
            .bind(anonymous.as_str())
            .execute(&mut *conn)
            .await?;
            erased.guide_runs += i64::try_from(runs.rows_affected()).unwrap_or(i64::MAX);
            sqlx::query(
                "UPDATE onboarding_steps_done SET subject = $3 WHERE site = $1 AND subject = $2",
            )
            .bind(site)
            .bind(subject.as_str())
            .bind(anonymous.as_str())
            .execute(&mut *conn)
            .await?;
        }
        if let Some(member) = &person.member {
            sqlx::query("DELETE FROM onboarding_members WHERE site = $1 AND member_id = $2")
                .bind(site)
                .bind(member.as_str())
                .execute(&mut *conn)
                .await?;
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
            let runs: Vec<RunRow> = sqlx::query_as(
                "SELECT pack_id, started_at, finished_at FROM onboarding_runs \
                 WHERE site = $1 AND subject = $2 ORDER BY started_at, pack_id",
            )
            .bind(site)
            .bind(subject.as_str())
            .fetch_all(pool)
            .await?;
            let steps: Vec<StepRow> = sqlx::query_as(
                "SELECT pack_id, step_id, via, completed_at FROM onboarding_steps_done \
                 WHERE site = $1 AND subject = $2 ORDER BY completed_at, step_id",
            )
            .bind(site)
            .bind(subject.as_str())
            .fetch_all(pool)
            .await?;
            export.guides.extend(runs.into_iter().map(|run| {
                ExportedGuide {
                    steps_done: steps
                        .iter()
                        .filter(|s| s.pack_id == run.pack_id)
                        .map(|s| ExportedStep {
                            step_id: s.step_id.clone(),
                            via: s.via.clone(),
                            completed_at: s.completed_at,
                        })
                        .collect(),
                    pack_id: run.pack_id,
                    started_at: run.started_at,
                    finished_at: run.finished_at,
                }
            }));
        }
        Ok(())
    }

    /// Guide progress is the customer's own, kept while they use it: no retention period.
    async fn prune(
        &self,
        _pool: &AnyPool,
        _site: &str,
        _retention: &Retention,
        _now: i64,
    ) -> Result<u64, sqlx::Error> {
        Ok(0)
    }
}
