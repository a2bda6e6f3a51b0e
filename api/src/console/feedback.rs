//! The feedback inbox (`/v1/console/sites/{site}/feedback…`): every survey answer, comment or
//! not, with its score band, survey, surface, context, member and tier; detractors form a
//! queue (new → in progress → resolved or won't fix) with an assignee, notes and the time to
//! first action.
//!
//! - `GET /feedback?band=&status=&survey=&surface=&q=&cursor=&limit=` → [`FeedbackPage`],
//!   newest first; `format=csv` (or `Accept: text/csv`) gives the same rows as CSV, every
//!   page of them (at most [`CSV_ROWS_MAX`]). `q` searches the comments (case-insensitive,
//!   any part of a word, Chinese too). `status` lists detractors only.
//! - `GET /feedback/{response}` → [`FeedbackDetail`]: with the customer's earlier answers and
//!   the notes.
//! - `PUT /feedback/{response}` [`FeedbackChange`] → [`FeedbackDetail`] (agents and owners);
//!   a status on an answer that is not a detractor's is 422 `not_allowed`.
//! - `POST /feedback/{response}/notes` [`super::NewNote`] → 201 [`super::Note`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Note, UserRef};
use crate::locale::Locale;
use crate::survey::{Band, Surface, SurveyKind};
use crate::validate::FieldErrors;
use crate::FieldCode;

/// The most rows one CSV export holds.
pub const CSV_ROWS_MAX: i64 = 50_000;
/// The most earlier answers a detail shows.
pub const EARLIER_MAX: i64 = 20;

wire_enum! {
    /// Where a detractor's answer stands in the queue.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum FeedbackStatus {
        New = "new",
        InProgress = "in_progress",
        Resolved = "resolved",
        WontFix = "wont_fix",
    }
}
serde_by_name!(FeedbackStatus);

impl FeedbackStatus {
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// Resolved or won't fix: the loop is closed.
    pub fn is_closed(self) -> bool {
        matches!(self, Self::Resolved | Self::WontFix)
    }
}

/// One survey answer as the inbox shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackItem {
    /// The response id.
    pub id: String,
    pub survey_id: String,
    pub kind: SurveyKind,
    pub score: i32,
    pub band: Band,
    /// The customer's words, as typed (text, never HTML).
    pub comment: Option<String>,
    pub surface: Surface,
    pub locale: Locale,
    /// What triggered the survey (`event:order_completed`, `direct`, …).
    pub touchpoint: String,
    /// What the shop attached (`order: SO-1001`, …).
    pub context: BTreeMap<String, String>,
    /// Signed-in customers only.
    pub member_id: Option<String>,
    /// The member's tier when they answered.
    pub tier: Option<String>,
    /// Unix milliseconds.
    pub created_at: i64,
    /// Detractors only.
    pub status: Option<FeedbackStatus>,
    pub assignee: Option<UserRef>,
    /// When someone first changed its status or assignee or wrote a note (detractors).
    pub first_action_at: Option<i64>,
    pub notes: i64,
}

/// `GET …/feedback`: one page, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackPage {
    pub items: Vec<FeedbackItem>,
    /// Pass as `cursor=` for the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// `GET …/feedback/{response}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackDetail {
    pub item: FeedbackItem,
    /// The same customer's (member's, or else device's) earlier answers, newest first.
    pub earlier: Vec<FeedbackItem>,
    /// Oldest first.
    pub notes: Vec<Note>,
    /// `first_action_at - created_at`, milliseconds.
    pub time_to_first_action_ms: Option<i64>,
}

/// Body of `PUT …/feedback/{response}`: what to change; absent fields stay, `assignee: null`
/// unassigns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FeedbackChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<FeedbackStatus>,
    /// A user id of the site, or `null`.
    #[serde(
        default,
        deserialize_with = "super::explicit",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, nullable))]
    pub assignee: Option<Option<String>>,
}

impl FeedbackChange {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errs = FieldErrors::default();
        if let Some(Some(id)) = &self.assignee {
            errs.check("assignee", super::object_id(id));
        }
        if self.status.is_none() && self.assignee.is_none() {
            errs.push(
                "status",
                FieldCode::Required,
                "change the status, the assignee or both",
            );
        }
        errs.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignee_null_is_not_absent() {
        let clear: FeedbackChange = serde_json::from_str(r#"{"assignee": null}"#).expect("json");
        assert_eq!(clear.assignee, Some(None));
        let absent: FeedbackChange =
            serde_json::from_str(r#"{"status": "in_progress"}"#).expect("json");
        assert_eq!(absent.assignee, None);
        assert_eq!(absent.status, Some(FeedbackStatus::InProgress));
        assert!(absent.validate().is_ok());
        assert!(FeedbackChange::default().validate().is_err());
        let json = serde_json::to_value(&clear).expect("json");
        assert_eq!(json, serde_json::json!({"assignee": null}));
        assert!(serde_json::from_str::<FeedbackChange>(r#"{"status": "done"}"#).is_err());
    }
}
