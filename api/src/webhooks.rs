//! Webhook deliveries, as the admin API lists them (`GET /v1/admin/sites/{site}/webhooks/
//! deliveries`): every event any feature queued for the site's endpoints, and how its delivery
//! went. The events' own bodies are each feature's (`survey::admin::DetractorAlert`, …).

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::FieldCode;
use crate::validate::FieldErrors;

pub const DELIVERIES_LIMIT_DEFAULT: i64 = 100;
pub const DELIVERIES_LIMIT_MAX: i64 = 1000;

wire_enum! {
    /// Where a delivery stands: waiting for its next attempt, accepted by the receiver (a
    /// 2xx), or given up after too many attempts or too long.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum DeliveryStatus {
        Pending = "pending",
        Delivered = "delivered",
        Failed = "failed",
    }
}
serde_by_name!(DeliveryStatus);

impl DeliveryStatus {
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// One event queued for a site's webhook and how its delivery went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookDelivery {
    /// Also `webhook-id` on every attempt: receivers deduplicate by it.
    pub id: String,
    /// `survey.detractor`, `survey.detractor_comment`, …
    pub event: String,
    /// What the event is about in its feature (a survey response id, …).
    pub reference: Option<String>,
    pub status: DeliveryStatus,
    /// Unix milliseconds.
    pub created_at: i64,
    pub attempts: i64,
    /// Only while pending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_attempt_at: Option<i64>,
    pub delivered_at: Option<i64>,
    /// When it was given up.
    pub failed_at: Option<i64>,
    pub last_status: Option<i64>,
    pub last_error: Option<String>,
}

/// `GET …/webhooks/deliveries?status=&event=&limit=&cursor=`: newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookDeliveries {
    pub deliveries: Vec<WebhookDelivery>,
    /// Pass as `cursor=` for the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// Where a feature's webhook events go (`webhook:` in `surveys.yaml`, `loyalty.yaml`). The
/// secret is referenced, never written in content files: an environment variable (`PATRON_…`)
/// or a file inside the site's folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WebhookConfig {
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_env: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_file: Option<String>,
}

impl WebhookConfig {
    /// Adds a field error under `webhook…` for each broken rule.
    pub fn check(&self, errs: &mut FieldErrors) {
        let url_ok = (self.url.starts_with("https://") || self.url.starts_with("http://"))
            && crate::survey::page_url(&self.url).is_ok();
        if !url_ok {
            errs.push(
                "webhook.url",
                FieldCode::InvalidFormat,
                "an http:// or https:// URL",
            );
        }
        match (&self.secret_env, &self.secret_file) {
            (Some(_), Some(_)) | (None, None) => errs.push(
                "webhook",
                FieldCode::InvalidFormat,
                "give exactly one of secret_env and secret_file",
            ),
            (Some(var), None) => {
                let ok = var.starts_with("PATRON_")
                    && var
                        .bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
                if !ok {
                    errs.push(
                        "webhook.secret_env",
                        FieldCode::InvalidFormat,
                        "an environment variable named PATRON_…, in capitals, digits and '_'",
                    );
                }
            }
            (None, Some(file)) => {
                let p = Path::new(file);
                let ok = !file.is_empty()
                    && p.is_relative()
                    && p.components()
                        .all(|c| matches!(c, std::path::Component::Normal(_)));
                if !ok {
                    errs.push(
                        "webhook.secret_file",
                        FieldCode::InvalidFormat,
                        "a file name inside the site's folder (no '..', not absolute)",
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_travels_by_name() {
        for s in DeliveryStatus::ALL {
            let json = serde_json::to_string(&s).expect("json");
            assert_eq!(json, format!("\"{}\"", s.as_str()));
            assert_eq!(
                serde_json::from_str::<DeliveryStatus>(&json).expect("back"),
                s
            );
            assert_eq!(DeliveryStatus::parse(s.as_str()), Some(s));
        }
        assert!(serde_json::from_str::<DeliveryStatus>("\"lost\"").is_err());
    }
}
