//! Background jobs that run on one instance at a time: the instance holding the job's lease
//! in `job_leases` renews it every third of the lease, so while it lives no other instance
//! runs the job; when it stops (or hangs past the lease), another takes over. Each run is
//! recorded in `job_runs`, and the lease's `last_run_at` spaces runs by the job's interval
//! whichever instance makes them. Used by the retention job (`privacy::retention`) and the
//! points expiry reminders (`points::reminders`).

use std::time::Duration;

use async_trait::async_trait;
use sqlx::AnyPool;
use tokio::sync::watch;

use crate::storage::{new_id, now_millis};

/// One run of a job's work.
#[async_trait]
pub trait Job: Send + Sync + 'static {
    /// The lease's name.
    fn name(&self) -> &'static str;

    /// Does the work once at `now`; returns how many records it touched (for `job_runs`).
    /// Its own failures are logged by it: the next run retries.
    async fn run_once(&self, pool: &AnyPool, now: i64) -> Result<u64, sqlx::Error>;
}

/// A job, run every `interval` under its lease.
pub struct Leased<J> {
    pool: AnyPool,
    job: J,
    /// This instance, as the lease names it.
    holder: String,
    interval: Duration,
    lease: Duration,
}

impl<J: Job> Leased<J> {
    pub fn new(pool: AnyPool, job: J, interval: Duration, lease: Duration) -> Self {
        Self {
            pool,
            job,
            holder: new_id(),
            interval: interval.max(Duration::from_millis(1)),
            lease: lease.max(Duration::from_millis(1)),
        }
    }

    /// Holds (or waits for) the lease and runs the job when due, until `stop`; then gives
    /// the lease up.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        let beat = (self.lease / 3).min(self.interval);
        let name = self.job.name();
        // The first look comes a beat after start-up, not in the middle of it: its writes
        // would take SQLite's write lock while the first requests arrive.
        loop {
            tokio::select! {
                () = tokio::time::sleep(beat) => {}
                _ = stop.changed() => break,
            }
            if let Err(err) = self.tick().await {
                tracing::warn!(%err, job = name, "background job: database unavailable");
            }
        }
        if let Err(err) = release_lease(&self.pool, name, &self.holder).await {
            tracing::warn!(%err, job = name, "background job: lease not released; it expires");
        }
    }

    /// Renews (or takes) the lease; runs the job if this instance holds it and a run is due.
    /// Returns whether it ran.
    pub async fn tick(&self) -> Result<bool, sqlx::Error> {
        let name = self.job.name();
        let now = now_millis();
        let until = now.saturating_add(millis(self.lease));
        let (held, last_run) = hold_lease(&self.pool, name, &self.holder, now, until).await?;
        let due = last_run.is_none_or(|at| now.saturating_sub(at) >= millis(self.interval));
        if !(held && due) {
            return Ok(false);
        }
        let started_at = now_millis();
        let removed = self.job.run_once(&self.pool, started_at).await?;
        let run = Run {
            id: &new_id(),
            job: name,
            holder: &self.holder,
            started_at,
            finished_at: now_millis(),
            removed,
        };
        record_run(&self.pool, &run).await?;
        tracing::info!(job = name, removed, "background job ran");
        Ok(true)
    }
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// Takes the lease of `job` for `holder` until `until`, or renews it, unless another holder
/// has it and it has not expired. One statement: of two instances asking at once, one wins.
/// Returns whether `holder` holds it now, and when the job last ran.
pub async fn hold_lease(
    pool: &AnyPool,
    job: &str,
    holder: &str,
    now: i64,
    until: i64,
) -> Result<(bool, Option<i64>), sqlx::Error> {
    let held = sqlx::query(
        "INSERT INTO job_leases (name, holder, held_until) VALUES ($1, $2, $3) \
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, \
         held_until = excluded.held_until \
         WHERE job_leases.holder = excluded.holder OR job_leases.held_until < $4",
    )
    .bind(job)
    .bind(holder)
    .bind(until)
    .bind(now)
    .execute(pool)
    .await?
    .rows_affected()
        == 1;
    let last: Option<(Option<i64>,)> =
        sqlx::query_as("SELECT last_run_at FROM job_leases WHERE name = $1 AND holder = $2")
            .bind(job)
            .bind(holder)
            .fetch_optional(pool)
            .await?;
    Ok((held, last.and_then(|(at,)| at)))
}

/// Gives the lease up (on shutdown), so another instance takes it at once.
pub async fn release_lease(pool: &AnyPool, job: &str, holder: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE job_leases SET held_until = 0 WHERE name = $1 AND holder = $2")
        .bind(job)
        .bind(holder)
        .execute(pool)
        .await
        .map(|_| ())
}

/// A finished run of `job` by `holder`; also moves the lease's `last_run_at`.
/// `removed`: the records it touched.
pub struct Run<'a> {
    pub id: &'a str,
    pub job: &'a str,
    pub holder: &'a str,
    pub started_at: i64,
    pub finished_at: i64,
    pub removed: u64,
}

pub async fn record_run(pool: &AnyPool, run: &Run<'_>) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE job_leases SET last_run_at = $3 WHERE name = $1 AND holder = $2")
        .bind(run.job)
        .bind(run.holder)
        .bind(run.finished_at)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO job_runs (id, job, holder, started_at, finished_at, removed) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(run.id)
    .bind(run.job)
    .bind(run.holder)
    .bind(run.started_at)
    .bind(run.finished_at)
    .bind(i64::try_from(run.removed).unwrap_or(i64::MAX))
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM job_runs WHERE job = $1 AND started_at < $2")
        .bind(run.job)
        .bind(run.started_at.saturating_sub(30 * crate::storage::DAY_MS))
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}
