//! The retention job: every `interval`, for each site, deletes what its `retention:` periods
//! no longer allow keeping (each feature's `PersonalData::prune`). It runs on one instance at
//! a time, under its lease (`crate::jobs`).

use std::time::Duration;

use async_trait::async_trait;
use sqlx::AnyPool;

use super::storage;
use super::Holders;
use crate::config::RetentionArgs;
use crate::jobs::{Job, Leased};

pub const JOB: &str = "retention";

/// The retention job as this instance runs it.
pub type RetentionJob = Leased<Retention>;

/// Every feature's pruning, for every site.
pub struct Retention {
    holders: Holders,
}

/// The job, every `--retention-interval-secs`, under a lease of `--job-lease-secs`.
pub fn job(pool: AnyPool, holders: Holders, args: &RetentionArgs) -> RetentionJob {
    Leased::new(
        pool,
        Retention { holders },
        Duration::from_secs(args.retention_interval_secs.max(1)),
        Duration::from_secs(args.job_lease_secs.max(1)),
    )
}

#[async_trait]
impl Job for Retention {
    fn name(&self) -> &'static str {
        JOB
    }

    async fn run_once(&self, pool: &AnyPool, now: i64) -> Result<u64, sqlx::Error> {
        let mut removed = 0;
        for (site, retention) in storage::retentions(pool).await? {
            for holder in self.holders.iter() {
                match holder.prune(pool, &site, &retention, now).await {
                    Ok(n) => removed += n,
                    Err(err) => {
                        tracing::warn!(%err, site, "retention: pruning failed; next run retries")
                    }
                }
            }
        }
        Ok(removed)
    }
}
