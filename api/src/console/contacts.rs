//! The contacts inbox (`/v1/console/sites/{site}/contacts…`): every contact request with what
//! the customer searched for and read before asking; open → resolved, with whether it was
//! resolved on first contact (which feeds first-contact resolution).
//!
//! - `GET /contacts?status=&q=&cursor=&limit=` → [`ContactPage`], newest first. `q` searches
//!   the reference, name, email, order number and message.
//! - `GET /contacts/{reference}` → [`ContactDetail`].
//! - `PUT /contacts/{reference}` [`ContactChange`] → [`ContactDetail`] (agents and owners).
//!   Resolving needs `resolved_first_contact`; reopening clears it.
//! - `POST /contacts/{reference}/notes` [`super::NewNote`] → 201 [`super::Note`].
//!
//! For helpdesks, the admin API twin: `POST /v1/admin/sites/{site}/contacts/{reference}/
//! resolution` [`ContactResolution`] → 200 [`ContactItem`]; and every new request is POSTed to
//! the site's webhook as [`ContactCreated`] (`x-patron-event: contact.created`), signed and
//! retried like the detractor alert.

use serde::{Deserialize, Serialize};

use super::{Note, UserRef};
use crate::faq::admin::ContactContextRecord;
use crate::validate::FieldErrors;
use crate::FieldCode;

/// The webhook event of a new contact request.
pub const CONTACT_CREATED: &str = "contact.created";

wire_enum! {
    /// Where a contact request stands.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum ContactStatus {
        Open = "open",
        Resolved = "resolved",
    }
}
serde_by_name!(ContactStatus);

impl ContactStatus {
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// One contact request as the inbox shows it. Text as typed, never HTML.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactItem {
    /// What the customer was told, e.g. `PT-7KQ4-M2XD`.
    pub reference: String,
    /// Unix milliseconds.
    pub created_at: i64,
    pub locale: String,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub order_number: Option<String>,
    pub message: String,
    /// Signed-in customers only.
    pub member_id: Option<String>,
    /// What they searched for and read before asking.
    pub context: ContactContextRecord,
    pub status: ContactStatus,
    /// Set when resolved.
    pub resolved_first_contact: Option<bool>,
    pub resolved_at: Option<i64>,
    pub assignee: Option<UserRef>,
    /// When someone first changed it or wrote a note.
    pub first_action_at: Option<i64>,
    pub notes: i64,
}

/// `GET …/contacts`: one page, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactPage {
    pub contacts: Vec<ContactItem>,
    /// Pass as `cursor=` for the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// `GET …/contacts/{reference}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactDetail {
    pub contact: ContactItem,
    /// Oldest first.
    pub notes: Vec<Note>,
}

/// Body of `PUT …/contacts/{reference}`: what to change; absent fields stay, `assignee: null`
/// unassigns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ContactChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ContactStatus>,
    /// Required when resolving; only with a resolved request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_first_contact: Option<bool>,
    /// A user id of the site, or `null`.
    #[serde(
        default,
        deserialize_with = "super::explicit",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, nullable))]
    pub assignee: Option<Option<String>>,
}

impl ContactChange {
    /// The rules that need no stored state (the server checks the rest against it).
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errs = FieldErrors::default();
        if let Some(Some(id)) = &self.assignee {
            errs.check("assignee", super::object_id(id));
        }
        if self.status == Some(ContactStatus::Resolved) && self.resolved_first_contact.is_none() {
            errs.push(
                "resolved_first_contact",
                FieldCode::Required,
                "say whether it was resolved on first contact",
            );
        }
        if self.status == Some(ContactStatus::Open) && self.resolved_first_contact.is_some() {
            errs.push(
                "resolved_first_contact",
                FieldCode::NotAllowed,
                "an open request is not resolved",
            );
        }
        if self.status.is_none() && self.resolved_first_contact.is_none() && self.assignee.is_none()
        {
            errs.push("status", FieldCode::Required, "change something");
        }
        errs.into_result()
    }
}

/// Body of `POST /v1/admin/sites/{site}/contacts/{reference}/resolution`: the helpdesk
/// resolved the request. Sending it again replaces the first answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ContactResolution {
    pub resolved_first_contact: bool,
    /// When it was resolved, Unix milliseconds; default now. Not in the future.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_at: Option<i64>,
}

/// The `contact.created` webhook's body: a new contact request with its context.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactCreated {
    /// `contact.created`.
    pub event: String,
    pub site: String,
    pub reference: String,
    /// Unix milliseconds.
    pub created_at: i64,
    pub locale: String,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub order_number: Option<String>,
    pub message: String,
    pub member_id: Option<String>,
    pub context: ContactContextRecord,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolving_says_how() {
        let resolve = ContactChange {
            status: Some(ContactStatus::Resolved),
            ..ContactChange::default()
        };
        assert_eq!(
            resolve.validate().unwrap_err().0[0].field,
            "resolved_first_contact"
        );
        let resolve = ContactChange {
            resolved_first_contact: Some(true),
            ..resolve
        };
        assert!(resolve.validate().is_ok());
        let reopen = ContactChange {
            status: Some(ContactStatus::Open),
            resolved_first_contact: Some(false),
            ..ContactChange::default()
        };
        assert!(reopen.validate().is_err());
        assert!(ContactChange::default().validate().is_err());
        let unassign: ContactChange = serde_json::from_str(r#"{"assignee":null}"#).expect("json");
        assert!(unassign.validate().is_ok());
    }
}
