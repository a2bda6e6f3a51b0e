//! Member points and tiers. The wire types are `patron_api::points` (routes listed there).
//!
//! Identity (`token`): members are known only by an HS256 JWT the retailer signs with the
//! site's secret (`member_token_secret_env` / `member_token_secret_file` in site.yaml).
//! Rules (`rules`): `content/<site>/loyalty.yaml`, checked and stored at start-up (files win
//! over admin edits at the next start), replaceable by `PUT /v1/admin/sites/{site}/points/rules`.
//! Ledger (`ledger`, `ops`, `storage`): append-only entries with FIFO lots; balances are a
//! cache kept in the same transaction; expiry is written lazily, when a member's points are
//! next read or spent. Handlers: `routes` (member and public), `admin` (server-to-server and
//! rules), `demo` (sample members, demo mode only).

pub mod admin;
pub mod demo;
pub mod ledger;
pub mod ops;
pub mod privacy;
pub mod routes;
pub mod rules;
pub mod storage;

use patron_api::paths;
use std::path::Path;

use crate::http::Routes;
use async_trait::async_trait;
use sqlx::AnyPool;

use crate::content::SiteEntry;
use crate::error::{AppError, ContentProblem, StartupError};
use crate::ports::{Bonus, Credited, Loyalty, Standing};
use crate::state::AppState;
pub use rules::LoyaltyRules;

/// The points routes: member and public ones under the site CORS policy (with the demo door
/// in demo mode only; elsewhere its paths are plain 404s), and the admin API.
pub fn router(app: AppState) -> Routes {
    let mut public = Routes::new()
        .get(paths::POINTS_ME, routes::me)
        .get(paths::POINTS_HISTORY, routes::history)
        .post(paths::POINTS_REDEMPTIONS, routes::redeem)
        .get(paths::POINTS_PROGRAM, routes::program)
        .get(paths::POINTS_REWARDS, routes::rewards);
    if app.demo {
        public = public
            .get(paths::DEMO_MEMBERS, demo::members)
            .post(paths::DEMO_MEMBER_TOKEN, demo::token);
    }
    let admin = Routes::new()
        .post(paths::ADMIN_POINTS_PURCHASES, admin::purchase)
        .post(paths::ADMIN_POINTS_REVERSALS, admin::reverse)
        .post(paths::ADMIN_POINTS_ADJUSTMENTS, admin::adjust)
        .get(paths::ADMIN_POINTS_RULES, admin::get_rules)
        .put(paths::ADMIN_POINTS_RULES, admin::put_rules);
    crate::http::feature_router(&app, public, admin).with_state(app)
}

/// The points programme as other features see it (`ports::Loyalty`).
pub struct Programme {
    pub pool: AnyPool,
}

#[async_trait]
impl Loyalty for Programme {
    async fn tiers(&self, site: &str) -> Result<Option<Vec<String>>, AppError> {
        Ok(storage::rules(&self.pool, site)
            .await?
            .map(|r| r.tiers.iter().map(|t| t.id.clone()).collect()))
    }

    async fn standing(&self, site: &str, member: &str, now: i64) -> Result<Standing, AppError> {
        let first_entry_at = storage::first_entry_at(&self.pool, site, member).await?;
        let tier = match storage::rules(&self.pool, site).await? {
            Some(rules) => {
                let mut conn = self.pool.acquire().await?;
                let (spend, _) =
                    storage::qualifying_spend(&mut conn, &rules, site, member, now).await?;
                Some(rules.tiers[rules.tier_index(spend)].id.clone())
            }
            None => None,
        };
        Ok(Standing {
            first_entry_at,
            tier,
        })
    }

    async fn grant_bonus(
        &self,
        site: &str,
        bonus: &Bonus<'_>,
        now: i64,
    ) -> Result<Option<Credited>, AppError> {
        let Some(rules) = storage::rules(&self.pool, site).await? else {
            return Ok(None);
        };
        let (receipt, replayed) = ops::grant_bonus(&self.pool, &rules, site, bonus, now).await?;
        Ok(Some(Credited {
            points: receipt.points,
            replayed,
        }))
    }
}

/// Reads and checks `<site>/loyalty.yaml` of every site that has one; all problems of all
/// files are reported together, each under its file.
pub fn load_rules(
    content_dir: &Path,
    sites: &[SiteEntry],
) -> Result<Vec<(String, LoyaltyRules)>, StartupError> {
    let mut loaded = Vec::new();
    let mut problems = Vec::new();
    for entry in sites {
        let site = &entry.settings.site;
        let path = content_dir.join(site).join(rules::LOYALTY_FILE);
        if !path.is_file() {
            continue;
        }
        let parsed = std::fs::read_to_string(&path)
            .map_err(|e| vec![e.to_string()])
            .and_then(|text| rules::parse_file(&text, &entry.settings.locales));
        match parsed {
            Ok(r) => loaded.push((site.clone(), r)),
            Err(p) => problems.push(ContentProblem { path, problems: p }),
        }
    }
    if problems.is_empty() {
        Ok(loaded)
    } else {
        Err(StartupError::Content(problems))
    }
}

pub async fn store_rules(
    pool: &AnyPool,
    rules: &[(String, LoyaltyRules)],
) -> Result<(), sqlx::Error> {
    for (site, r) in rules {
        storage::put_rules(pool, site, r).await?;
    }
    Ok(())
}
