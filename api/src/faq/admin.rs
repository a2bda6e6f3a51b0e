//! The FAQ's admin API (`/v1/admin/sites/{site}/…`, site admin key): articles, contact
//! requests and the reports. Used by the server, the console and retailers' own tools.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::locale::Locale;

pub const CONTACTS_LIMIT_DEFAULT: i64 = 50;
pub const CONTACTS_LIMIT_MAX: i64 = 200;
/// The zero-result report lists at most this many queries.
pub const ZERO_RESULTS_MAX: i64 = 200;

/// Body of `PUT …/faq/articles/{id}/{locale}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ArticleBody {
    pub category: String,
    pub title: String,
    #[serde(default)]
    pub keywords: Option<Vec<String>>,
    pub body_markdown: String,
}

/// An article as the admin API shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminArticle {
    pub id: String,
    pub locale: Locale,
    pub category: String,
    pub title: String,
    pub keywords: Vec<String>,
    pub body_markdown: String,
    /// The body as customers see it: rendered and sanitised by the server.
    pub body_html: String,
    /// Unix milliseconds.
    pub updated_at: i64,
}

/// `GET …/contacts?limit=&cursor=`: newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactList {
    pub contacts: Vec<ContactRecord>,
    /// Pass as `cursor=` for the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// A contact request with the context the customer brought, as typed (text, never HTML).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactRecord {
    pub reference: String,
    /// Unix milliseconds.
    pub created_at: i64,
    pub session: String,
    pub locale: String,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub order_number: Option<String>,
    pub message: String,
    pub context: ContactContextRecord,
}

/// What the customer searched for and read before asking.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactContextRecord {
    pub queries: Vec<String>,
    pub articles_read: Vec<ArticleRead>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleRead {
    pub id: String,
    /// In the contact's locale when that version exists; absent if the article is gone.
    pub title: Option<String>,
}

/// `GET …/reports/faq/zero-results`: what customers searched for and did not find.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ZeroResultsReport {
    pub queries: Vec<ZeroResultQuery>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ZeroResultQuery {
    /// Trimmed and lowercased.
    pub query: String,
    pub count: i64,
    /// Unix milliseconds.
    pub last_searched_at: i64,
}

/// `GET …/reports/faq/helpfulness`: every article, least helpful (by ratio) first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HelpfulnessReport {
    pub articles: Vec<ArticleHelpfulness>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleHelpfulness {
    pub id: String,
    /// In the site's default locale when that version exists; absent for deleted articles.
    pub title: Option<String>,
    pub views: i64,
    pub helpful: i64,
    pub not_helpful: i64,
    /// helpful / (helpful + not helpful); absent without votes.
    pub ratio: Option<f64>,
    /// Reasons given with "not helpful" (`VoteReason` names), every reason listed.
    pub reasons: BTreeMap<String, i64>,
}

/// `GET …/reports/faq/self-service`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SelfServiceReport {
    /// Sessions that searched or read an article.
    pub sessions: i64,
    /// Of those, sessions that sent a contact request.
    pub contacted: i64,
    /// Of those, sessions that did not.
    pub self_served: i64,
    /// self_served / sessions; absent without sessions.
    pub rate: Option<f64>,
}

/// `GET …/faq/learned?locale=`: what customers' clicks and "helpful" votes taught the search,
/// strongest first (at most `LEARNED_LIST_MAX`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LearnedList {
    pub associations: Vec<LearnedAssociation>,
}

pub const LEARNED_LIST_MAX: usize = 500;

/// One learned association: customers who searched a word went on to read (and liked) an
/// article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LearnedAssociation {
    pub locale: crate::Locale,
    /// The query word as the index spells it (an English stem, a Chinese word).
    pub term: String,
    pub article_id: String,
    /// The evidence weighed and decayed to now (a click 1, "helpful" 2, "not helpful" −2,
    /// halved every 30 days), two decimals.
    pub strength: f64,
    /// Pieces of evidence behind it.
    pub evidence: i64,
}

/// `DELETE …/faq/learned?article=&term=`: what the reset removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LearnedReset {
    /// Pieces of evidence deleted.
    pub deleted: i64,
}
