//! FAQ self-service: search, browse, read, vote, and escalate to a contact request that carries
//! the customer's context.
//!
//! Routes (all under `/v1/sites/{site}`):
//! - `GET  /faq?locale=` → [`FaqHome`]: categories with their articles, and the most viewed.
//! - `GET  /faq/search?q=&locale=&limit=&session=` → [`SearchResponse`]; an empty `q` gives the
//!   most viewed articles of the locale.
//! - `GET  /faq/articles/{id}?locale=&session=` → [`Article`] (records a view).
//! - `POST /faq/articles/{id}/votes` [`VoteRequest`] → 204.
//! - `POST /contact` [`ContactRequest`] → 201 [`ContactReceipt`].

use crate::error::FieldCode;
use serde::{Deserialize, Serialize};

use crate::locale::Locale;
use crate::validate::{self, FieldErrors, Rule, Violation};

pub mod admin;

pub const QUERY_MAX_CHARS: usize = 200;
pub const SEARCH_LIMIT_DEFAULT: u32 = 8;
pub const SEARCH_LIMIT_MAX: u32 = 20;
pub use crate::validate::{article_id, ARTICLE_ID_MAX_LEN};
pub const VOTE_COMMENT_MAX_CHARS: usize = 500;
pub const CONTACT_NAME_MAX_CHARS: usize = 80;
pub const CONTACT_MESSAGE_MAX_CHARS: usize = 2000;
pub const CONTACT_ORDER_MAX_CHARS: usize = 40;
pub const CONTEXT_QUERIES_MAX: usize = 20;
pub const CONTEXT_ARTICLES_MAX: usize = 50;

/// An article in a list: enough to show a link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleSummary {
    pub id: String,
    pub category: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Category {
    pub name: String,
    pub articles: Vec<ArticleSummary>,
}

/// The Help home screen in one request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FaqHome {
    pub locale: Locale,
    pub categories: Vec<Category>,
    /// The most viewed articles, most viewed first ("most asked questions").
    pub popular: Vec<ArticleSummary>,
}

/// A piece of a snippet; `mark` pieces matched the query. Plain text, never HTML: the widget
/// renders each piece as a text node, so nothing in an article can inject markup here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SnippetPart {
    pub text: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub mark: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchHit {
    pub id: String,
    pub category: String,
    pub title: String,
    /// The title with matched terms marked.
    pub title_marked: Vec<SnippetPart>,
    /// A short excerpt of the body with matched terms marked.
    pub snippet: Vec<SnippetPart>,
    pub score: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchResponse {
    pub query: String,
    pub locale: Locale,
    pub hits: Vec<SearchHit>,
}

/// One article, rendered for reading. `html` is produced on the server from Markdown and
/// sanitised there: no script, event handlers, `javascript:` URLs or foreign iframes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Article {
    pub id: String,
    /// The locale of the text served (a zh-TW reader may get text converted from zh-CN).
    pub locale: Locale,
    pub category: String,
    pub title: String,
    pub html: String,
    /// Unix milliseconds.
    pub updated_at: i64,
    pub related: Vec<ArticleSummary>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum VoteReason {
    Outdated,
    DidNotAnswer,
    HardToFollow,
    Other,
}

impl VoteReason {
    pub const ALL: [VoteReason; 4] = [
        VoteReason::Outdated,
        VoteReason::DidNotAnswer,
        VoteReason::HardToFollow,
        VoteReason::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            VoteReason::Outdated => "outdated",
            VoteReason::DidNotAnswer => "did_not_answer",
            VoteReason::HardToFollow => "hard_to_follow",
            VoteReason::Other => "other",
        }
    }
}

/// "Was this helpful?"
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VoteRequest {
    pub session: String,
    pub locale: Locale,
    pub helpful: bool,
    /// Only with `helpful: false`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<VoteReason>,
    /// Free text, mainly with `reason: other`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

impl VoteRequest {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errs = FieldErrors::default();
        errs.check("session", session_id(&self.session));
        if self.helpful && (self.reason.is_some() || self.comment.is_some()) {
            errs.push(
                "reason",
                FieldCode::NotAllowed,
                "a reason is only given with helpful: false",
            );
        }
        if let Some(c) = &self.comment {
            errs.check("comment", validate::text_len(c, 0, VOTE_COMMENT_MAX_CHARS));
        }
        errs.into_result()
    }
}

/// What the customer did before asking for a human, so they never explain twice.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactContext {
    /// Search queries of this session, oldest first.
    #[serde(default)]
    pub queries: Vec<String>,
    /// Ids of the articles read in this session, oldest first.
    #[serde(default)]
    pub articles_read: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactRequest {
    pub session: String,
    pub locale: Locale,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_number: Option<String>,
    pub message: String,
    #[serde(default)]
    pub context: ContactContext,
    /// The widget's anonymous device id (not on a kiosk), so that an erasure or export for
    /// the device reaches this request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
}

impl ContactRequest {
    /// Every broken rule at once, each on the field the customer must fix.
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errs = FieldErrors::default();
        errs.check("session", session_id(&self.session));
        errs.check(
            "name",
            validate::text_len(self.name.trim(), 1, CONTACT_NAME_MAX_CHARS),
        );
        let email = self
            .email
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        let phone = self
            .phone
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        if email.is_none() && phone.is_none() {
            errs.push(
                "email",
                FieldCode::Required,
                "give an email address or a phone number",
            );
        }
        if let Some(e) = email {
            errs.check("email", validate::email(e));
        }
        if let Some(p) = phone {
            errs.check("phone", validate::phone(p));
        }
        if let Some(o) = self
            .order_number
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            errs.check("order_number", order_number(o));
        }
        if let Some(d) = &self.device {
            errs.check("device", crate::validate::device_id(d));
        }
        errs.check(
            "message",
            validate::text_len(self.message.trim(), 1, CONTACT_MESSAGE_MAX_CHARS),
        );
        if self.context.queries.len() > CONTEXT_QUERIES_MAX
            || self
                .context
                .queries
                .iter()
                .any(|q| q.chars().count() > QUERY_MAX_CHARS)
        {
            errs.push(
                "context.queries",
                FieldCode::TooLong,
                format!("at most {CONTEXT_QUERIES_MAX} queries of {QUERY_MAX_CHARS} characters"),
            );
        }
        if self.context.articles_read.len() > CONTEXT_ARTICLES_MAX
            || self
                .context
                .articles_read
                .iter()
                .any(|a| article_id(a).is_err())
        {
            errs.push(
                "context.articles_read",
                FieldCode::InvalidFormat,
                format!("at most {CONTEXT_ARTICLES_MAX} article ids"),
            );
        }
        errs.into_result()
    }
}

/// The customer's receipt: a reference an agent can look up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactReceipt {
    /// Short and readable aloud, e.g. `PT-7KQ4-M2XD`.
    pub reference: String,
}

/// A browser session id generated by the widget: 16 to 64 of `[A-Za-z0-9_-]`, the rule of
/// every random id the widget makes.
pub fn session_id(s: &str) -> Rule {
    crate::validate::idempotency_key(s).map_err(|_| {
        Violation::new(
            FieldCode::InvalidFormat,
            "a session id is 16 to 64 letters, digits, '-' or '_'",
        )
    })
}

pub fn order_number(s: &str) -> Rule {
    let ok = s.len() <= CONTACT_ORDER_MAX_CHARS
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(Violation::new(
            FieldCode::InvalidFormat,
            "an order number is letters, digits and '-'",
        ))
    }
}

/// A search query: at most 200 characters (an empty one asks for the most viewed articles).
pub fn query(s: &str) -> Rule {
    validate::text_len(s, 0, QUERY_MAX_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact() -> ContactRequest {
        ContactRequest {
            session: "s_0123456789abcdef".into(),
            locale: Locale::ZhCn,
            name: "王小明".into(),
            email: Some("xiaoming@example.com".into()),
            phone: None,
            order_number: Some("SO-20261101-0042".into()),
            message: "我想改收货地址".into(),
            context: ContactContext {
                queries: vec!["地址填错了".into()],
                articles_read: vec!["change-address".into()],
            },
            device: Some("0123456789abcdef0123456789abcdef_1780000000000".into()),
        }
    }

    fn fields(r: Result<(), FieldErrors>) -> Vec<String> {
        r.err()
            .map(|e| e.0.into_iter().map(|f| f.field).collect())
            .unwrap_or_default()
    }

    #[test]
    fn a_good_contact_request_passes() {
        contact().validate().unwrap();
        let phone_only = ContactRequest {
            email: None,
            phone: Some("+86 138-0000-0000".into()),
            ..contact()
        };
        phone_only.validate().unwrap();
    }

    #[test]
    fn contact_errors_land_on_their_fields() {
        let c = ContactRequest {
            email: Some("not-an-email".into()),
            name: " ".into(),
            message: "x".repeat(2001),
            ..contact()
        };
        assert_eq!(fields(c.validate()), ["name", "email", "message"]);
        let none = ContactRequest {
            email: None,
            phone: Some("  ".into()),
            ..contact()
        };
        assert_eq!(fields(none.validate()), ["email"]);
        let bad = ContactRequest {
            phone: Some("call me".into()),
            order_number: Some("<script>".into()),
            ..contact()
        };
        assert_eq!(fields(bad.validate()), ["phone", "order_number"]);
    }

    #[test]
    fn contact_context_is_bounded() {
        let mut c = contact();
        c.context.queries = vec!["q".into(); CONTEXT_QUERIES_MAX + 1];
        c.context.articles_read = vec!["../x".into()];
        assert_eq!(
            fields(c.validate()),
            ["context.queries", "context.articles_read"]
        );
    }

    #[test]
    fn votes() {
        let v = VoteRequest {
            session: "s_0123456789abcdef".into(),
            locale: Locale::En,
            helpful: false,
            reason: Some(VoteReason::Other),
            comment: Some("typo in step 2".into()),
        };
        v.validate().unwrap();
        let contradictory = VoteRequest {
            helpful: true,
            ..v.clone()
        };
        assert_eq!(fields(contradictory.validate()), ["reason"]);
        let long = VoteRequest {
            comment: Some("x".repeat(501)),
            ..v
        };
        assert_eq!(fields(long.validate()), ["comment"]);
    }

    #[test]
    fn ids_and_queries() {
        assert!(article_id("returns-policy").is_ok());
        for bad in ["", "-x", "Returns", "a/b", "a b", &"a".repeat(81)] {
            assert!(article_id(bad).is_err(), "{bad}");
        }
        assert!(session_id("short").is_err());
        assert!(session_id("abcdefghijklmnop").is_ok());
        assert!(query("").is_ok());
        assert!(query(&"退".repeat(200)).is_ok());
        assert!(query(&"退".repeat(201)).is_err());
    }

    #[test]
    fn snippet_marks_are_omitted_when_false() {
        let p = SnippetPart {
            text: "a".into(),
            mark: false,
        };
        assert_eq!(serde_json::to_string(&p).unwrap(), r#"{"text":"a"}"#);
    }
}
