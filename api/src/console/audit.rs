//! The audit log (`GET /v1/console/sites/{site}/audit?cursor=&limit=`, owners only): every
//! change made through the console (status, assignment, note, article edit, fulfilment, users)
//! and through the admin API's contact resolution, redemption changes, article saves and
//! deletions, learned-search resets and replaced configuration, with who and when, newest
//! first.

use serde::{Deserialize, Serialize};

wire_enum! {
    /// What was done.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum AuditAction {
        UserAdded = "user.added",
        UserChanged = "user.changed",
        UserRemoved = "user.removed",
        /// A feedback answer's status or assignee.
        FeedbackChanged = "feedback.changed",
        FeedbackNoted = "feedback.noted",
        /// A contact request's status, first-contact resolution or assignee.
        ContactChanged = "contact.changed",
        ContactNoted = "contact.noted",
        ArticleSaved = "article.saved",
        /// A search query added to an article's keywords.
        ArticleKeywordAdded = "article.keyword_added",
        RedemptionFulfilled = "redemption.fulfilled",
        RedemptionCancelled = "redemption.cancelled",
        ArticleDeleted = "article.deleted",
        /// What search learned from customers' clicks, forgotten (all of it, one article's
        /// or one term's: the target id says which).
        SearchLearningReset = "search_learning.reset",
        /// A configuration document replaced as a whole through the admin API (the target id
        /// names it: `settings`, `surveys`, `onboarding_packs`, `points_rules`).
        ConfigReplaced = "config.replaced",
    }
}
serde_by_name!(AuditAction);

wire_enum! {
    /// What kind of object it was done to.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum AuditTarget {
        User = "user",
        /// A survey answer (its response id).
        Feedback = "feedback",
        /// A contact request (its reference).
        Contact = "contact",
        /// An FAQ article (`id/locale`, or `id` for every locale).
        Article = "article",
        Redemption = "redemption",
        /// Search's learned associations (`*`, `article:{id}`, `term:{term}` or both).
        SearchLearning = "search_learning",
        /// A site's configuration document.
        Config = "config",
    }
}
serde_by_name!(AuditTarget);

wire_enum! {
    /// Who acted: a console user, or the retailer's backend with the site's admin key (or the
    /// operator's admin token).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum ActorKind {
        User = "user",
        AdminKey = "admin_key",
    }
}
serde_by_name!(ActorKind);

impl AuditAction {
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

impl AuditTarget {
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

impl ActorKind {
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// Who acted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Actor {
    pub kind: ActorKind,
    /// A user's id and email as they were (absent for the admin key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<super::UserRef>,
}

/// One field changed: its value before and after (absent: none). A note's text is `to`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditChange {
    /// `status`, `assignee`, `resolved_first_contact`, `role`, `text`, `title`, …
    pub field: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: String,
    /// Unix milliseconds.
    pub at: i64,
    pub actor: Actor,
    pub action: AuditAction,
    pub target: AuditTarget,
    /// The object's id: a response id, a contact reference, `article-id/locale`, a user id.
    pub target_id: String,
    pub changes: Vec<AuditChange>,
}

/// `GET …/audit`: one page, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// Pass as `cursor=` for the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for a in AuditAction::ALL {
            assert!(seen.insert(a.as_str()), "{a:?}");
            assert_eq!(AuditAction::parse(a.as_str()), Some(a));
        }
        for t in AuditTarget::ALL {
            assert_eq!(AuditTarget::parse(t.as_str()), Some(t));
        }
        let json = serde_json::to_string(&AuditAction::RedemptionCancelled).expect("json");
        assert_eq!(json, "\"redemption.cancelled\"");
    }
}
