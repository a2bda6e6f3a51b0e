//! Privacy: erasing and exporting what Patron holds about a customer, and the retention job.
//! Wire types: `patron_api::privacy`.
//!
//! Admin (`/v1/admin/sites/{site}/privacy`, `auth::SiteAdmin`): `POST /erasures` (a member
//! id, a device id, or both) and `GET /exports?member=&device=`; `patron-server privacy
//! erase|export` are their command-line twins.
//!
//! Every feature stores its own records, so this feature holds each one's
//! `ports::PersonalData` (handed over by `app`) and never touches another feature's tables:
//! an erasure runs every holder's `erase` in one transaction, which first writes the
//! erasure's record (the site, an id, the time and the channel: never whom or what), so on
//! SQLite it holds the write lock from its first statement. The retention job
//! (`retention`) runs every holder's `prune` for each site's `retention:` periods, on one
//! instance at a time.

pub mod retention;
pub mod routes;
pub mod storage;

use std::sync::Arc;

use patron_api::paths;
use patron_api::privacy::{ErasedCounts, ErasureReceipt, PrivacyExport};
use sqlx::AnyPool;

use crate::error::AppError;
use crate::http::Routes;
use crate::ports::{Person, PersonalData};
use crate::state::AppState;
use crate::storage::{new_id, now_millis, with_retries};

/// Every feature's records about people.
pub type Holders = Arc<[Arc<dyn PersonalData>]>;

/// What the privacy handlers reach.
#[derive(Clone, axum::extract::FromRef)]
pub struct PrivacyState {
    pub app: AppState,
    pub holders: Holders,
}

pub fn router(state: PrivacyState) -> Routes {
    // Admin only: no site API, so no CORS layer (`http::feature_router`).
    Routes::new()
        .post(paths::ADMIN_PRIVACY_ERASURES, routes::erase)
        .get(paths::ADMIN_PRIVACY_EXPORTS, routes::export)
        .with_state(state)
}

/// How an erasure was asked for, as recorded.
#[derive(Debug, Clone, Copy)]
pub enum Via {
    Api,
    Cli,
}

impl Via {
    fn as_str(self) -> &'static str {
        match self {
            Via::Api => "api",
            Via::Cli => "cli",
        }
    }
}

/// Removes or anonymises everything held about `person` on `site`, in one transaction
/// (retried on lock contention).
pub async fn erase(
    pool: &AnyPool,
    holders: &[Arc<dyn PersonalData>],
    site: &str,
    person: &Person,
    via: Via,
) -> Result<ErasureReceipt, AppError> {
    let receipt = with_retries(|| async {
        let mut tx = pool.begin().await?;
        let (erasure_id, erased_at) = (new_id(), now_millis());
        storage::record_erasure(&mut tx, &erasure_id, site, via.as_str(), erased_at).await?;
        let anonymous = format!("erased-{}", new_id());
        let mut erased = ErasedCounts::default();
        for holder in holders {
            holder
                .erase(&mut tx, site, person, &anonymous, &mut erased)
                .await?;
        }
        tx.commit().await?;
        Ok::<_, sqlx::Error>(ErasureReceipt {
            erasure_id,
            erased_at,
            erased,
        })
    })
    .await?;
    tracing::info!(site, erasure = %receipt.erasure_id, via = via.as_str(), "erasure done");
    Ok(receipt)
}

/// Everything held about `person` on `site`.
pub async fn export(
    pool: &AnyPool,
    holders: &[Arc<dyn PersonalData>],
    site: &str,
    person: &Person,
) -> Result<PrivacyExport, AppError> {
    let mut export = PrivacyExport {
        site: site.to_owned(),
        member: person.member.clone(),
        device: person.device.clone(),
        exported_at: now_millis(),
        ..PrivacyExport::default()
    };
    for holder in holders {
        holder.export(pool, site, person, &mut export).await?;
    }
    Ok(export)
}
