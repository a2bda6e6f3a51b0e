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
pub mod routes;
pub mod rules;
pub mod storage;
pub mod token;

use std::collections::HashMap;
use std::path::Path;

use sqlx::AnyPool;

use crate::content::SiteEntry;
use crate::error::{ContentProblem, StartupError};
pub use rules::LoyaltyRules;
pub use token::MemberSecret;

/// What points handlers need besides the database: each site's token secret.
#[derive(Debug, Default)]
pub struct PointsState {
    secrets: HashMap<String, MemberSecret>,
}

impl PointsState {
    pub fn new(secrets: HashMap<String, MemberSecret>) -> Self {
        Self { secrets }
    }

    pub fn secret(&self, site: &str) -> Option<&MemberSecret> {
        self.secrets.get(site)
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
            .and_then(|text| LoyaltyRules::from_yaml(&text, &entry.settings.locales));
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
