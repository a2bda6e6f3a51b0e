//! Onboarding SQL: the packs, runs and completed steps, first sightings of members, and the
//! funnel aggregates. Portable SQL with `$n` placeholders; a write transaction writes first,
//! so SQLite takes its write lock before reading and never fails a lock upgrade.

use std::collections::{HashMap, HashSet};

use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, AnyPool, Row};

// ---------------------------------------------------------------------------------------
// Packs

const PACKS_TABLE: &str = "onboarding_configs";

/// The site's stored packs (JSON), if any were ever stored.
pub async fn load_packs<'e>(
    db: impl sqlx::Executor<'e, Database = Any>,
    site: &str,
) -> Result<Option<String>, sqlx::Error> {
    let row = crate::storage::load_site_config(db, PACKS_TABLE, site).await?;
    Ok(row.map(|(json, _version)| json))
}

/// Replaces all of a site's packs in one statement.
pub async fn put_packs<'e>(
    db: impl sqlx::Executor<'e, Database = Any>,
    site: &str,
    json: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    crate::storage::put_site_config(db, PACKS_TABLE, site, json, now).await
}

// ---------------------------------------------------------------------------------------
// Progress

/// One subject's run through one pack.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Run {
    /// Completed step ids (including steps the pack no longer has).
    pub done: HashSet<String>,
    pub finished_at: Option<i64>,
    pub reward_granted_at: Option<i64>,
}

/// Every run of `subject`, by pack id.
pub async fn runs(
    pool: &AnyPool,
    site: &str,
    subject: &str,
) -> Result<HashMap<String, Run>, sqlx::Error> {
    let heads: Vec<(String, Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT pack_id, finished_at, reward_granted_at FROM onboarding_runs \
         WHERE site = $1 AND subject = $2",
    )
    .bind(site)
    .bind(subject)
    .fetch_all(pool)
    .await?;
    let steps: Vec<(String, String)> = sqlx::query_as(
        "SELECT pack_id, step_id FROM onboarding_steps_done WHERE site = $1 AND subject = $2",
    )
    .bind(site)
    .bind(subject)
    .fetch_all(pool)
    .await?;
    let mut runs: HashMap<String, Run> = heads
        .into_iter()
        .map(|(pack, finished_at, reward_granted_at)| {
            let run = Run {
                done: HashSet::new(),
                finished_at,
                reward_granted_at,
            };
            (pack, run)
        })
        .collect();
    for (pack, step) in steps {
        runs.entry(pack).or_default().done.insert(step);
    }
    Ok(runs)
}

/// Steps to mark completed in one pack, for one subject.
#[derive(Debug, Clone)]
pub struct Completion<'a> {
    pub site: &'a str,
    pub subject: &'a str,
    pub member: Option<&'a str>,
    pub pack: &'a str,
    /// Every step id the pack has now: the run is finished when all are done.
    pub pack_steps: &'a [String],
    pub steps: &'a [&'a str],
    pub via: &'a str,
    pub surface: &'a str,
    pub now: i64,
}

/// Marks steps completed (a step done before stays as it was) and the run finished when
/// every step of the pack is done. Returns the steps completed now and the run after.
pub async fn complete(
    pool: &AnyPool,
    c: &Completion<'_>,
) -> Result<(Vec<String>, Run), sqlx::Error> {
    let mut tx = pool.begin().await?;
    on_run(
        "INSERT INTO onboarding_runs (site, subject, pack_id, member_id, started_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (site, subject, pack_id) DO NOTHING",
        c,
    )
    .bind(c.member)
    .bind(c.now)
    .execute(&mut *tx)
    .await?;
    // The lock that makes concurrent completions of one run take turns (see the migration).
    on_run(
        "UPDATE onboarding_runs SET updated_at = $4 \
         WHERE site = $1 AND subject = $2 AND pack_id = $3",
        c,
    )
    .bind(c.now)
    .execute(&mut *tx)
    .await?;
    let mut newly = Vec::new();
    for step in c.steps {
        let inserted = on_run(
            "INSERT INTO onboarding_steps_done (site, subject, pack_id, step_id, via, surface, \
             completed_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (site, subject, pack_id, step_id) DO NOTHING",
            c,
        )
        .bind(*step)
        .bind(c.via)
        .bind(c.surface)
        .bind(c.now)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if inserted {
            newly.push((*step).to_owned());
        }
    }
    let done: HashSet<String> = on_run(
        "SELECT step_id FROM onboarding_steps_done \
         WHERE site = $1 AND subject = $2 AND pack_id = $3",
        c,
    )
    .fetch_all(&mut *tx)
    .await?
    .iter()
    .map(|row| row.try_get::<String, _>(0))
    .collect::<Result<_, _>>()?;
    if c.pack_steps.iter().all(|s| done.contains(s)) {
        on_run(
            "UPDATE onboarding_runs SET finished_at = $4 \
             WHERE site = $1 AND subject = $2 AND pack_id = $3 AND finished_at IS NULL",
            c,
        )
        .bind(c.now)
        .execute(&mut *tx)
        .await?;
    }
    let row = on_run(
        "SELECT finished_at, reward_granted_at FROM onboarding_runs \
         WHERE site = $1 AND subject = $2 AND pack_id = $3",
        c,
    )
    .fetch_one(&mut *tx)
    .await?;
    let (finished_at, reward_granted_at) = (row.try_get(0)?, row.try_get(1)?);
    tx.commit().await?;
    Ok((
        newly,
        Run {
            done,
            finished_at,
            reward_granted_at,
        },
    ))
}

/// `sql` with the run of `c` bound: site `$1`, subject `$2`, pack `$3`.
fn on_run<'q>(sql: &'q str, c: &Completion<'q>) -> Query<'q, Any, AnyArguments<'q>> {
    sqlx::query(sql).bind(c.site).bind(c.subject).bind(c.pack)
}

/// Records that the run's reward was credited (the first record stays).
pub async fn mark_rewarded(
    pool: &AnyPool,
    site: &str,
    subject: &str,
    pack: &str,
    points: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE onboarding_runs SET reward_points = $4, reward_granted_at = $5 \
         WHERE site = $1 AND subject = $2 AND pack_id = $3 AND reward_granted_at IS NULL",
    )
    .bind(site)
    .bind(subject)
    .bind(pack)
    .bind(points)
    .bind(now)
    .execute(pool)
    .await
    .map(|_| ())
}

/// When onboarding first saw `member`, recording `now` if this is the first time (a read
/// on every later visit, a write only on the first).
pub async fn first_seen(
    pool: &AnyPool,
    site: &str,
    member: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let read = || {
        sqlx::query_as::<_, (i64,)>(
            "SELECT first_seen_at FROM onboarding_members WHERE site = $1 AND member_id = $2",
        )
        .bind(site)
        .bind(member)
    };
    if let Some((at,)) = read().fetch_optional(pool).await? {
        return Ok(at);
    }
    sqlx::query(
        "INSERT INTO onboarding_members (site, member_id, first_seen_at) VALUES ($1, $2, $3) \
         ON CONFLICT (site, member_id) DO NOTHING",
    )
    .bind(site)
    .bind(member)
    .bind(now)
    .execute(pool)
    .await?;
    // Another request may have recorded an earlier moment in between: its value stands.
    Ok(read().fetch_one(pool).await?.0)
}

/// Deletes a subject's progress (demo mode resets its sample members this way, as their
/// points ledgers are reset).
pub async fn forget(pool: &AnyPool, site: &str, subject: &str) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    for table in ["onboarding_runs", "onboarding_steps_done"] {
        sqlx::query(&format!(
            "DELETE FROM {table} WHERE site = $1 AND subject = $2"
        ))
        .bind(site)
        .bind(subject)
        .execute(&mut *tx)
        .await?;
    }
    if let Some(member) = subject.strip_prefix("m:") {
        sqlx::query("DELETE FROM onboarding_members WHERE site = $1 AND member_id = $2")
            .bind(site)
            .bind(member)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}

// ---------------------------------------------------------------------------------------
// Funnel

/// The funnel's counts over the runs started in `[from, to)`: per pack, runs started and
/// finished by `to`; per pack and step, of those runs, how many had the step done by `to`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FunnelCounts {
    pub started: HashMap<String, i64>,
    pub finished: HashMap<String, i64>,
    pub steps: HashMap<(String, String), i64>,
}

pub async fn funnel(
    pool: &AnyPool,
    site: &str,
    from: i64,
    to: i64,
) -> Result<FunnelCounts, sqlx::Error> {
    let runs: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT pack_id, COUNT(*), \
         CAST(COALESCE(SUM(CASE WHEN finished_at < $3 THEN 1 ELSE 0 END), 0) AS BIGINT) \
         FROM onboarding_runs WHERE site = $1 AND started_at >= $2 AND started_at < $3 \
         GROUP BY pack_id",
    )
    .bind(site)
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?;
    let steps: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT d.pack_id, d.step_id, COUNT(*) FROM onboarding_steps_done d \
         JOIN onboarding_runs r \
         ON r.site = d.site AND r.subject = d.subject AND r.pack_id = d.pack_id \
         WHERE d.site = $1 AND r.started_at >= $2 AND r.started_at < $3 \
         AND d.completed_at < $3 \
         GROUP BY d.pack_id, d.step_id",
    )
    .bind(site)
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?;
    let mut counts = FunnelCounts::default();
    for (pack, started, finished) in runs {
        counts.started.insert(pack.clone(), started);
        counts.finished.insert(pack, finished);
    }
    for (pack, step, n) in steps {
        counts.steps.insert((pack, step), n);
    }
    Ok(counts)
}
