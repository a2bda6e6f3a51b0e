//! Webhooks for every feature: an event is queued in the same transaction as what it reports
//! (`queue`), and `worker::Worker` delivers it to the site's endpoint, signed the Standard
//! Webhooks way (`signing`), to public addresses only unless allowed (`guard`), retried with
//! backoff and given up after too many attempts or too long, fairly across sites.
//!
//! A shared module below the features: a feature queues its events here and says where its
//! events go by implementing `ports::WebhookEndpoints` (surveys: `survey.*` to the webhook
//! in `surveys.yaml`); `app` hands each implementation over with the event prefix it serves.
//! It also serves the general deliveries list (`GET /v1/admin/sites/{site}/webhooks/
//! deliveries`), and, through `ports::PersonalData`, erases, exports and prunes its copies
//! of payloads.

pub mod admin;
pub mod guard;
pub mod signing;
pub mod storage;
pub mod worker;

use std::path::Path;
use std::sync::Arc;

use async_trait::async_trait;
use patron_api::paths;
use patron_api::privacy::{ErasedCounts, ExportedDelivery, PrivacyExport, Retention};
use patron_api::webhooks::DeliveryStatus;
use sqlx::{AnyConnection, AnyPool};
use tokio::sync::Notify;

use crate::http::Routes;
use crate::ports::{Person, PersonalData, WebhookEndpoint, WebhookEndpoints};
use crate::state::AppState;
use crate::storage::DAY_MS;
pub use storage::NewDelivery;

/// Queues `delivery` in the caller's transaction. Ring the worker's bell (`Notify::notify_one`)
/// once the transaction has committed, so it is sent at once rather than at the next poll.
pub async fn queue(
    conn: &mut AnyConnection,
    delivery: &NewDelivery,
    now: i64,
) -> Result<(), sqlx::Error> {
    storage::insert(conn, delivery, now).await
}

/// Reads a feature's webhook secret now (it may be rotated without a restart): the
/// environment variable `secret_env`, or the file `secret_file` in the site's folder.
pub fn webhook_secret(
    w: &patron_api::webhooks::WebhookConfig,
    content_dir: &Path,
    site: &str,
) -> Result<Vec<u8>, String> {
    let secret = match (&w.secret_env, &w.secret_file) {
        (Some(var), _) => {
            std::env::var(var).map_err(|_| format!("environment variable {var} is not set"))?
        }
        (None, Some(file)) => {
            let path = content_dir.join(site).join(file);
            std::fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?
        }
        (None, None) => return Err("no secret configured".into()),
    };
    let secret = secret.trim();
    if secret.is_empty() {
        return Err("the webhook secret is empty".into());
    }
    Ok(secret.as_bytes().to_vec())
}

/// Where each feature's events go, by event name prefix (`survey.`).
#[derive(Clone, Default)]
pub struct Endpoints {
    by_prefix: Vec<(&'static str, Arc<dyn WebhookEndpoints>)>,
}

impl Endpoints {
    /// Events whose name starts with `prefix` go where `endpoints` says.
    pub fn with(mut self, prefix: &'static str, endpoints: Arc<dyn WebhookEndpoints>) -> Self {
        self.by_prefix.push((prefix, endpoints));
        self
    }

    fn serving(&self, event: &str) -> Result<&Arc<dyn WebhookEndpoints>, String> {
        self.by_prefix
            .iter()
            .find(|(prefix, _)| event.starts_with(prefix))
            .map(|(_, endpoints)| endpoints)
            .ok_or_else(|| format!("no endpoint serves {event} events"))
    }

    /// Where `event` of `site` goes now; `Err` says why it cannot be sent.
    pub async fn find(&self, site: &str, event: &str) -> Result<WebhookEndpoint, String> {
        self.serving(event)?.endpoint(site, event).await
    }

    /// Whether the feature of `event` reads what a receiver answers.
    pub fn reads_answers(&self, event: &str) -> bool {
        self.serving(event)
            .is_ok_and(|endpoints| endpoints.reads_answer(event))
    }

    /// Hands a 2xx answer to `delivery` to the feature of its event.
    pub async fn answered(&self, delivery: &storage::Claimed, body: &[u8]) -> Result<(), String> {
        self.serving(&delivery.event)?
            .answered(&delivery.site, delivery.reference.as_deref(), body)
            .await
    }
}

/// The bell that wakes the worker when an event was queued.
pub fn bell() -> Arc<Notify> {
    Arc::new(Notify::new())
}

/// The general deliveries list (admin).
pub fn router(app: AppState) -> Routes {
    // Admin only: no site API, so no CORS layer (`http::feature_router`).
    Routes::new()
        .get(paths::ADMIN_WEBHOOK_DELIVERIES, admin::deliveries)
        .with_state(app)
}

/// The copies of payloads about a person (`ports::PersonalData`).
pub struct DeliveryCopies;

#[async_trait]
impl PersonalData for DeliveryCopies {
    async fn erase(
        &self,
        conn: &mut AnyConnection,
        site: &str,
        person: &Person,
        _anonymous: &str,
        erased: &mut ErasedCounts,
    ) -> Result<(), sqlx::Error> {
        erased.webhook_deliveries += storage::erase(conn, site, &person.subjects()).await?;
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
            for row in storage::about(pool, site, &subject).await? {
                export.webhook_deliveries.push(ExportedDelivery {
                    status: DeliveryStatus::parse(&row.status).unwrap_or(DeliveryStatus::Pending),
                    id: row.id,
                    event: row.event,
                    created_at: row.created_at,
                    payload: row.payload,
                });
            }
        }
        Ok(())
    }

    async fn prune(
        &self,
        pool: &AnyPool,
        site: &str,
        retention: &Retention,
        now: i64,
    ) -> Result<u64, sqlx::Error> {
        let before = now.saturating_sub(i64::from(retention.webhook_deliveries_days) * DAY_MS);
        storage::prune(pool, site, before).await
    }
}
