//! The retention job: every `interval`, for each site, deletes what its `retention:` periods
//! no longer allow keeping (each feature's `PersonalData::prune`). It runs on the one
//! instance that holds its lease in the database (`job_leases`): the holder renews it every
//! third of the lease, so while it lives no other instance runs the job; when it stops (or
//! hangs past the lease), another takes over. Each run is recorded in `job_runs`, and the
//! lease's `last_run_at` spaces runs by `interval` whichever instance makes them.

use std::time::Duration;

use sqlx::AnyPool;
use tokio::sync::watch;

use super::storage::{self, Run};
use super::Holders;
use crate::config::RetentionArgs;
use crate::storage::{new_id, now_millis};

pub const JOB: &str = "retention";

pub struct RetentionJob {
    pool: AnyPool,
    holders: Holders,
    /// This instance, as the lease names it.
    holder: String,
    interval: Duration,
    lease: Duration,
}

impl RetentionJob {
    pub fn new(pool: AnyPool, holders: Holders, args: &RetentionArgs) -> Self {
        Self {
            pool,
            holders,
            holder: new_id(),
            interval: Duration::from_secs(args.retention_interval_secs.max(1)),
            lease: Duration::from_secs(args.job_lease_secs.max(1)),
        }
    }

    /// Holds (or waits for) the lease and runs the job when due, until `stop`; then gives
    /// the lease up.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        let beat = (self.lease / 3).min(self.interval);
        // The first look comes a beat after start-up, not in the middle of it: its deletes
        // would take SQLite's write lock while the first requests arrive.
        loop {
            tokio::select! {
                () = tokio::time::sleep(beat) => {}
                _ = stop.changed() => break,
            }
            if let Err(err) = self.tick().await {
                tracing::warn!(%err, "retention job: database unavailable");
            }
        }
        if let Err(err) = storage::release_lease(&self.pool, JOB, &self.holder).await {
            tracing::warn!(%err, "retention job: lease not released; it expires");
        }
    }

    /// Renews (or takes) the lease; runs the job if this instance holds it and a run is due.
    /// Returns whether it ran.
    pub async fn tick(&self) -> Result<bool, sqlx::Error> {
        let now = now_millis();
        let until = now.saturating_add(millis(self.lease));
        let (held, last_run) =
            storage::hold_lease(&self.pool, JOB, &self.holder, now, until).await?;
        let due = last_run.is_none_or(|at| now.saturating_sub(at) >= millis(self.interval));
        if !(held && due) {
            return Ok(false);
        }
        let started_at = now_millis();
        let mut removed = 0;
        for (site, retention) in storage::retentions(&self.pool).await? {
            for holder in self.holders.iter() {
                match holder
                    .prune(&self.pool, &site, &retention, started_at)
                    .await
                {
                    Ok(n) => removed += n,
                    Err(err) => {
                        tracing::warn!(%err, site, "retention: pruning failed; next run retries")
                    }
                }
            }
        }
        let run = Run {
            id: &new_id(),
            job: JOB,
            holder: &self.holder,
            started_at,
            finished_at: now_millis(),
            removed,
        };
        storage::record_run(&self.pool, &run).await?;
        tracing::info!(removed, "retention job ran");
        Ok(true)
    }
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}
