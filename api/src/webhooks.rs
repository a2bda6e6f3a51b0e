//! Webhook deliveries, as the admin API lists them (`GET /v1/admin/sites/{site}/webhooks/
//! deliveries`): every event any feature queued for the site's endpoints, and how its delivery
//! went. The events' own bodies are each feature's (`survey::admin::DetractorAlert`, …).

use serde::{Deserialize, Serialize};

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
