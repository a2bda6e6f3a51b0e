//! Privacy: erasing and exporting what Patron holds about one customer
//! (`/v1/admin/sites/{site}/privacy/…`, site admin key), and how long a site keeps raw logs
//! (`retention:` in `site.yaml`).
//!
//! A customer is named by their member id (the `sub` of the retailer's member tokens), by the
//! widget's anonymous device id (`patronDevice` in the shop's storage), or by both: what a
//! customer did signed out is kept under their device, what they did signed in under their
//! member id.

use serde::{Deserialize, Serialize};

use crate::error::FieldCode;
use crate::faq::admin::ContactRecord;
use crate::validate::FieldErrors;

/// Who: a member id, a device id, or both (at least one).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ErasureRequest {
    /// A member id: 1 to 64 of `[A-Za-z0-9_.:@-]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
    /// A device id: 16 to 64 of `[A-Za-z0-9_-]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
}

impl ErasureRequest {
    /// Every broken rule at once (the body and the export's query have the same fields).
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errs = FieldErrors::default();
        if let Some(m) = &self.member {
            errs.check("member", crate::points::member_id(m));
        }
        if let Some(d) = &self.device {
            errs.check("device", crate::validate::device_id(d));
        }
        if self.member.is_none() && self.device.is_none() {
            errs.push(
                "member",
                FieldCode::Required,
                "give a member id, a device id, or both",
            );
        }
        errs.into_result()
    }
}

/// What an erasure removed or anonymised, counted per kind of record. Only the answer carries
/// these: the server records that an erasure happened and when, never whom or what.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErasedCounts {
    /// Answers kept for the reports without who gave them, their comment or their context.
    pub survey_answers: i64,
    /// Survey cards shown, kept for the reports without who saw them.
    pub survey_displays: i64,
    /// Contact requests deleted, with their context.
    pub contact_requests: i64,
    /// Searches, article views and votes of the contact requests' sessions, deleted.
    pub faq_events: i64,
    /// Those sessions' help-session records (the first search or read and whether a contact
    /// request followed, which the console's self-service rate counts), deleted.
    pub help_sessions: i64,
    /// Guide runs kept for the funnel report without whose they were.
    pub guide_runs: i64,
    /// Ledger entries moved to an anonymous id (amounts stay for accounting).
    pub ledger_entries: i64,
    /// Webhook deliveries about the customer deleted, sent or not.
    pub webhook_deliveries: i64,
}

/// `POST …/privacy/erasures` answers this (201).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErasureReceipt {
    /// The erasure's record (which holds only the site, this id, the time and the channel).
    pub erasure_id: String,
    /// Unix milliseconds.
    pub erased_at: i64,
    pub erased: ErasedCounts,
}

/// `GET …/privacy/exports?member=&device=`: everything held about the customer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PrivacyExport {
    pub site: String,
    pub member: Option<String>,
    pub device: Option<String>,
    /// Unix milliseconds.
    pub exported_at: i64,
    pub survey_answers: Vec<ExportedAnswer>,
    pub survey_displays: Vec<ExportedDisplay>,
    /// Contact requests sent signed in as the member or from the device.
    pub contact_requests: Vec<ContactRecord>,
    /// Searches, article views and votes in the sessions of those contact requests (the help
    /// pages know a visit only by a random session id).
    pub faq_events: Vec<ExportedFaqEvent>,
    /// The help visits of those sessions, as the service team's first-contact figures count
    /// them: when each began, and when it ended in a contact request.
    #[serde(default)]
    pub help_sessions: Vec<ExportedHelpSession>,
    pub guides: Vec<ExportedGuide>,
    /// The member's points; absent for a device, or a member without a ledger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<ExportedPoints>,
    /// Copies of what was sent (or waits to be sent) to the retailer's webhooks about them.
    pub webhook_deliveries: Vec<ExportedDelivery>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportedAnswer {
    pub survey_id: String,
    pub kind: String,
    pub score: i64,
    pub surface: String,
    pub locale: String,
    pub touchpoint: String,
    /// What the shop said about the moment, as JSON text (`{"order": "SO-1"}`).
    pub context: String,
    pub comment: Option<String>,
    /// Unix milliseconds.
    pub answered_at: i64,
    pub commented_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportedDisplay {
    pub survey_id: String,
    pub surface: String,
    /// Unix milliseconds.
    pub shown_at: i64,
    pub dismissed_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportedFaqEvent {
    /// `search`, `view` or `vote`.
    pub kind: String,
    pub session: String,
    /// The query searched, or the article viewed or voted on.
    pub text: String,
    /// A vote: helpful or not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub helpful: Option<bool>,
    /// A vote's comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Unix milliseconds.
    pub at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportedHelpSession {
    pub session: String,
    /// The visit's first search or article read (Unix milliseconds).
    pub first_at: i64,
    /// When the visit sent a contact request (Unix milliseconds), if it did.
    pub contacted_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportedGuide {
    pub pack_id: String,
    /// Unix milliseconds.
    pub started_at: i64,
    pub finished_at: Option<i64>,
    pub steps_done: Vec<ExportedStep>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportedStep {
    pub step_id: String,
    pub via: String,
    /// Unix milliseconds.
    pub completed_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportedPoints {
    pub balance: i64,
    /// Every ledger entry, oldest first.
    pub entries: Vec<ExportedLedgerEntry>,
    /// Purchases the retailer recorded.
    pub orders: Vec<ExportedOrder>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportedLedgerEntry {
    pub seq: i64,
    /// `earn`, `redeem`, `reverse`, `adjust`, `expire`.
    pub kind: String,
    pub points: i64,
    /// Unix milliseconds.
    pub effective_at: i64,
    pub order_ref: Option<String>,
    pub reward_id: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportedOrder {
    pub order_ref: String,
    /// Minor units.
    pub amount: i64,
    pub currency: String,
    /// Unix milliseconds.
    pub occurred_at: i64,
    pub points: i64,
    pub reversed_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportedDelivery {
    pub id: String,
    pub event: String,
    /// Unix milliseconds.
    pub created_at: i64,
    pub status: crate::webhooks::DeliveryStatus,
    /// The exact JSON body sent (or to be sent).
    pub payload: String,
}

pub const RETENTION_DAYS_MAX: u32 = 3660;

/// How long a site keeps what customers leave behind, in days (`retention:` in `site.yaml`,
/// every key optional). A background job deletes what is older, on one instance at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields, default)]
pub struct Retention {
    /// Raw FAQ searches and article views.
    pub searches_days: u32,
    /// Contact requests, with their context.
    pub contacts_days: u32,
    /// Survey comments and context, and FAQ vote comments (the scores and votes stay).
    pub comments_days: u32,
    /// Finished webhook deliveries (delivered or given up), with the payload copy.
    pub webhook_deliveries_days: u32,
}

impl Default for Retention {
    fn default() -> Self {
        Self {
            searches_days: 90,
            contacts_days: 365,
            comments_days: 365,
            webhook_deliveries_days: 30,
        }
    }
}

impl Retention {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errs = FieldErrors::default();
        for (field, days) in [
            ("retention.searches_days", self.searches_days),
            ("retention.contacts_days", self.contacts_days),
            ("retention.comments_days", self.comments_days),
            (
                "retention.webhook_deliveries_days",
                self.webhook_deliveries_days,
            ),
        ] {
            if !(1..=RETENTION_DAYS_MAX).contains(&days) {
                errs.push(
                    field,
                    FieldCode::OutOfRange,
                    format!("from 1 to {RETENTION_DAYS_MAX} days"),
                );
            }
        }
        errs.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_erasure_names_someone_valid() {
        assert!(ErasureRequest::default().validate().is_err());
        let member = ErasureRequest {
            member: Some("m-1001".into()),
            device: None,
        };
        assert!(member.validate().is_ok());
        let bad = ErasureRequest {
            member: Some("no spaces".into()),
            device: Some("short".into()),
        };
        let errs = bad.validate().expect_err("invalid");
        let fields: Vec<&str> = errs.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["member", "device"]);
        assert!(serde_json::from_str::<ErasureRequest>(r#"{"email": "a@b"}"#).is_err());
    }

    #[test]
    fn retention_defaults_and_bounds() {
        let r: Retention = serde_json::from_str(r#"{"searches_days": 30}"#).expect("json");
        assert_eq!(r.searches_days, 30);
        assert_eq!(r.contacts_days, 365);
        assert_eq!(r.comments_days, 365);
        assert!(r.validate().is_ok());
        let zero = Retention {
            contacts_days: 0,
            ..Retention::default()
        };
        let errs = zero.validate().expect_err("zero");
        assert_eq!(errs.0[0].field, "retention.contacts_days");
    }
}
