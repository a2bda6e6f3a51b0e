//! Onboarding's part of demo mode's history (`crate::history`): customers starting the demo
//! site's guide packs, most dropping off a step or two in, some finishing, so the guides
//! funnel has a shape.

use async_trait::async_trait;
use patron_api::onboarding::admin::PackDef;
use sqlx::AnyPool;

use super::storage;
use crate::error::AppError;
use crate::history::{self, Rng};
use crate::ports::DemoHistory;

pub struct GuideHistory {
    pub pool: AnyPool,
}

const SURFACES: [&str; 3] = ["embed", "page", "kiosk"];

#[async_trait]
impl DemoHistory for GuideHistory {
    fn name(&self) -> &'static str {
        "onboarding"
    }

    async fn seed(&self, site: &str, now: i64) -> Result<u64, AppError> {
        let like = format!("_:{}", history::MARK_LIKE);
        let seeded =
            history::already_seeded(&self.pool, "onboarding_runs", "subject", site, &like).await?;
        let packs: Vec<PackDef> = match storage::load_packs(&self.pool, site).await? {
            Some(json) => serde_json::from_str(&json).map_err(AppError::internal)?,
            None => Vec::new(),
        };
        let packs: Vec<&PackDef> = packs.iter().filter(|p| !p.steps.is_empty()).collect();
        if seeded || packs.is_empty() {
            return Ok(0);
        }
        let mut rng = Rng::new("onboarding");
        let mut tx = self.pool.begin().await?;
        let (mut rows, mut n) = (0u64, 0usize);
        let mut started_runs = std::collections::HashSet::new();
        for days_ago in (1..=history::DAYS).rev() {
            for _ in 0..history::per_day(6, now, days_ago, &mut rng) {
                n += 1;
                let pack = *rng.pick(&packs);
                // A member runs each pack once; the rest are devices, each new.
                let member = rng
                    .chance(0.5)
                    .then(|| history::id("member", rng.below(200)))
                    .filter(|m| started_runs.insert((m.clone(), pack.id.clone())));
                let subject = match &member {
                    Some(m) => format!("m:{m}"),
                    None => format!("d:{}", history::id("device", n)),
                };
                let surface = SURFACES[rng.weighted(&[65, 25, 10])];
                let started = history::moment(now, days_ago, &mut rng);
                let mut at = started;
                let mut done = 0;
                // Each step is done by most of those who reached it.
                for step in &pack.steps {
                    if done > 0 && !rng.chance(0.72) {
                        break;
                    }
                    at += 60_000 + rng.below(15 * 60_000) as i64;
                    sqlx::query(
                        "INSERT INTO onboarding_steps_done (site, subject, pack_id, step_id, via, \
                         surface, completed_at) VALUES ($1, $2, $3, $4, 'done', $5, $6)",
                    )
                    .bind(site)
                    .bind(subject.as_str())
                    .bind(pack.id.as_str())
                    .bind(step.id.as_str())
                    .bind(surface)
                    .bind(at)
                    .execute(&mut *tx)
                    .await?;
                    done += 1;
                    rows += 1;
                }
                let finished = (done == pack.steps.len()).then_some(at);
                sqlx::query(
                    "INSERT INTO onboarding_runs (site, subject, pack_id, member_id, started_at, \
                     updated_at, finished_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(site)
                .bind(subject.as_str())
                .bind(pack.id.as_str())
                .bind(member.as_deref())
                .bind(started)
                .bind(at)
                .bind(finished)
                .execute(&mut *tx)
                .await?;
                rows += 1;
            }
        }
        tx.commit().await?;
        Ok(rows)
    }
}
