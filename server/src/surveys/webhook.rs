//! Where detractor alerts go: the webhook of the site's `surveys.yaml`, with its secret read
//! when sending (so it can be rotated without a restart). Delivery itself (signing, retries,
//! giving up, fairness across sites) is `webhooks`'.
//!
//! Each alert is POSTed as JSON (`patron_api::survey::admin::DetractorAlert`), with
//! `x-patron-event: survey.detractor | survey.detractor_comment` and the signature headers
//! of `webhooks::signing`.

use std::path::Path;
use std::sync::Arc;

use async_trait::async_trait;
use sqlx::AnyPool;

use super::{definitions, Surveys};
use crate::ports::{WebhookEndpoint, WebhookEndpoints};

/// The prefix of every survey event name.
pub const EVENTS: &str = "survey.";

/// The survey webhooks of every site (`ports::WebhookEndpoints`).
pub struct SurveyWebhooks {
    pub pool: AnyPool,
    pub surveys: Arc<Surveys>,
    pub content_dir: Arc<Path>,
}

#[async_trait]
impl WebhookEndpoints for SurveyWebhooks {
    async fn endpoint(&self, site: &str, _event: &str) -> Result<WebhookEndpoint, String> {
        let current = self
            .surveys
            .get(&self.pool, site)
            .await
            .map_err(|e| format!("site {site}: {e:?}"))?;
        let hook = current
            .config
            .webhook
            .as_ref()
            .ok_or_else(|| "no webhook configured".to_owned())?;
        let secret = definitions::webhook_secret(hook, &self.content_dir, site)?;
        Ok(WebhookEndpoint {
            url: hook.url.clone(),
            secret,
        })
    }
}
