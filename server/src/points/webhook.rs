//! Where points events go: the `webhook` of the site's `loyalty.yaml`, its secret read when
//! sending. Events: `points.expiring` (`reminders`) and `redemption.created` (`coupons`),
//! whose answer carries the coupon's code.
//! Delivery itself (signing, retries, giving up) is `webhooks`'.

use std::path::Path;
use std::sync::Arc;

use async_trait::async_trait;
use sqlx::AnyPool;

use super::storage;
use crate::ports::{WebhookEndpoint, WebhookEndpoints};
use crate::storage::now_millis;

/// The prefixes of the points events' names.
pub const EVENTS: &str = "points.";
pub const REDEMPTION_EVENTS: &str = "redemption.";
pub const EXPIRING: &str = "points.expiring";
pub const REDEMPTION_CREATED: &str = patron_api::points::coupons::REDEMPTION_CREATED;

/// The points webhooks of every site (`ports::WebhookEndpoints`).
pub struct PointsWebhooks {
    pub pool: AnyPool,
    pub content_dir: Arc<Path>,
}

#[async_trait]
impl WebhookEndpoints for PointsWebhooks {
    async fn endpoint(&self, site: &str, _event: &str) -> Result<WebhookEndpoint, String> {
        let rules = storage::rules(&self.pool, site)
            .await
            .map_err(|e| format!("site {site}: {e}"))?
            .ok_or_else(|| "no points programme".to_owned())?;
        let hook = rules
            .webhook
            .as_ref()
            .ok_or_else(|| "no webhook configured in loyalty.yaml".to_owned())?;
        let secret = crate::webhooks::webhook_secret(hook, &self.content_dir, site)?;
        Ok(WebhookEndpoint {
            url: hook.url.clone(),
            secret,
        })
    }

    fn reads_answer(&self, event: &str) -> bool {
        event == REDEMPTION_CREATED
    }

    /// The shop's answer to `redemption.created`: the coupon's code (`reference` is the
    /// redemption id).
    async fn answered(
        &self,
        site: &str,
        reference: Option<&str>,
        body: &[u8],
    ) -> Result<(), String> {
        let redemption = reference.ok_or("a redemption event without its redemption")?;
        super::coupons::record_answer(&self.pool, site, redemption, body, now_millis()).await
    }
}
