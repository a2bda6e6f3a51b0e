//! Member points and tiers. The wire types are `patron_api::points` (routes listed there).
//!
//! Identity (`token`): members are known only by an HS256 JWT the retailer signs with the
//! site's secret (`member_token_secret_env` / `member_token_secret_file` in site.yaml).
//! Rules (`rules`): `content/<site>/loyalty.yaml`, checked at start-up and imported as
//! `owners.loyalty` says (`content::owners`: by default only when new or changed, so an admin
//! edit survives a restart), replaceable by `PUT /v1/admin/sites/{site}/points/rules` unless
//! the files own them. A file of comments only counts as absent (no points programme).
//! Ledger (`ledger`, `ops`, `storage`): append-only entries with FIFO lots; balances are a
//! cache kept in the same transaction; expiry is written lazily, when a member's points are
//! next read or spent. Redemptions are fulfilled or cancelled (points back, once) in
//! `fulfilment`, by the console (`console`) or the admin API. Handlers: `routes` (member and public), `admin` (server-to-server and
//! rules), `demo` (sample members, demo mode only).

pub mod admin;
pub mod console;
pub mod coupon_admin;
pub mod coupons;
pub mod demo;
pub mod demo_history;
pub mod earn;
pub mod earn_admin;
pub mod earn_storage;
pub mod fulfilment;
pub mod ledger;
pub mod ops;
pub mod privacy;
pub mod reminders;
pub mod routes;
pub mod rules;
pub mod storage;
pub mod webhook;

use patron_api::paths;
use std::path::Path;

use crate::http::Routes;
use async_trait::async_trait;
use sqlx::AnyPool;

use crate::content::imports::{self, Stamp};
use crate::content::{yaml, Kind, SiteEntry, SiteOwners};
use crate::error::{AppError, ContentProblem, StartupError};
use crate::ports::{Bonus, Credited, Loyalty, Standing, TierName};
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
        .put(paths::ADMIN_POINTS_RULES, admin::put_rules)
        .get(paths::ADMIN_POINTS_ENTITLEMENTS, earn_admin::entitlements)
        .put(paths::ADMIN_POINTS_PROFILE, earn_admin::put_profile)
        .post(paths::ADMIN_POINTS_EVENTS, earn_admin::event)
        .post(paths::ADMIN_POINTS_CODES, coupon_admin::add_codes)
        .get(paths::ADMIN_POINTS_COUPON_POOLS, coupon_admin::pools)
        .put(paths::ADMIN_POINTS_REDEMPTION, admin::change_redemption)
        // The console's (its session cookie, never CORS).
        .get(paths::CONSOLE_MEMBER, console::member)
        .get(paths::CONSOLE_REDEMPTIONS, console::redemptions)
        .put(paths::CONSOLE_REDEMPTION, console::change_redemption)
        .get(paths::CONSOLE_LIABILITY, console::liability);
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

    async fn tier_names(&self, site: &str) -> Result<Vec<TierName>, AppError> {
        let rules = storage::rules(&self.pool, site).await?;
        Ok(rules
            .map(|r| r.tiers)
            .unwrap_or_default()
            .into_iter()
            .map(|t| TierName {
                id: t.id,
                name: t.name,
            })
            .collect())
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

/// A site's loyalty.yaml, read and checked.
#[derive(Debug, Clone)]
pub struct RulesFile {
    pub site: String,
    pub stamp: Stamp,
    pub rules: LoyaltyRules,
}

/// Reads and checks `<site>/loyalty.yaml` of every site that has one (and more than comments
/// in it); all problems of all files are reported together, each under its file.
pub fn load_rules(content_dir: &Path, sites: &[SiteEntry]) -> Result<Vec<RulesFile>, StartupError> {
    let mut loaded = Vec::new();
    let mut problems = Vec::new();
    for entry in sites {
        let site = &entry.settings.site;
        let site_dir = content_dir.join(site);
        let path = site_dir.join(rules::LOYALTY_FILE);
        if !path.is_file() {
            continue;
        }
        let Some(text) = yaml::read_file(&path, &mut problems) else {
            continue;
        };
        match rules::parse_file(&text, &entry.settings.locales) {
            Ok(rules) => loaded.push(RulesFile {
                site: site.clone(),
                stamp: Stamp::of(&site_dir, &path, text.as_bytes()),
                rules,
            }),
            Err(p) => problems.push(ContentProblem { path, problems: p }),
        }
    }
    if problems.is_empty() {
        Ok(loaded)
    } else {
        Err(StartupError::Content(problems))
    }
}

/// Imports the files loaded, each as its site's `owners.loyalty` says: a changed file
/// replaces the site's rules.
pub async fn import_rules(
    pool: &AnyPool,
    owners: &SiteOwners,
    files: &[RulesFile],
) -> Result<(), sqlx::Error> {
    for file in files {
        let site = file.site.as_str();
        let owner = owners.of(site, Kind::Loyalty);
        let Some(mut tx) =
            imports::begin_import(pool, owner, site, Kind::Loyalty, &file.stamp).await?
        else {
            continue;
        };
        storage::put_rules(&mut *tx, site, &file.rules).await?;
        tx.commit().await?;
        tracing::info!(site, ?owner, "loyalty rules imported");
    }
    Ok(())
}
