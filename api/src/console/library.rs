//! The help library (`/v1/console/sites/{site}/library…`): what customers searched for and did
//! not find, the articles they rated low and why, and an editor.
//!
//! - `GET /library/gaps?period=&from=&to=` → [`LibraryGaps`] (every role).
//! - `GET /library/articles` → [`ArticleList`]; `GET /library/articles/{id}` →
//!   [`LibraryArticle`], every locale of one article (every role).
//! - `POST /library/preview` [`PreviewRequest`] → [`Preview`]: the Markdown rendered and
//!   sanitised exactly as customers will see it (agents and owners).
//! - `PUT /library/articles/{id}/{locale}` [`crate::faq::admin::ArticleBody`] → 200 or 201
//!   [`crate::faq::admin::AdminArticle`]: saved, audited and searchable at once; 409
//!   `managed_by_files` when the site's files own its articles (agents and owners).
//! - `POST /library/articles/{id}/keywords` [`KeywordRequest`] → [`LibraryArticle`]: adds a
//!   query to the article's keywords in every locale it has (agents and owners).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::faq::admin::{AdminArticle, ZeroResultQuery};
use crate::locale::Locale;
use crate::validate::{self, FieldErrors};

/// The gaps list at most this many zero-result queries and low-rated articles.
pub const GAPS_MAX: usize = 50;
/// An article counts as low-rated below this share of "helpful" votes…
pub const LOW_RATED_BELOW: f64 = 0.6;
/// …with at least this many votes.
pub const LOW_RATED_MIN_VOTES: i64 = 3;
/// The most "not helpful" comments shown per article.
pub const COMMENTS_MAX: usize = 5;
/// The longest Markdown a preview renders (an article's body limit).
pub const MARKDOWN_MAX_CHARS: usize = 20_000;

/// `GET …/library/gaps`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LibraryGaps {
    /// `[from, to)`, Unix milliseconds.
    pub from: i64,
    pub to: i64,
    /// Searches that found nothing, grouped (trimmed, lowercased), most searched first.
    pub zero_results: Vec<ZeroResultQuery>,
    /// Articles with too few "helpful" votes, least helpful first.
    pub low_rated: Vec<LowRatedArticle>,
}

/// An article customers rated low in the period, with their reasons.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LowRatedArticle {
    pub id: String,
    /// In the site's default locale, else any; absent for a deleted article.
    pub title: Option<String>,
    pub helpful: i64,
    pub not_helpful: i64,
    /// helpful / (helpful + not helpful).
    pub ratio: f64,
    /// "Not helpful" reasons (`VoteReason` names) and how often each was given.
    pub reasons: BTreeMap<String, i64>,
    /// The latest comments given with "not helpful", newest first (text, never HTML).
    pub comments: Vec<String>,
}

/// One article of the library, with the locales it has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleSummary {
    pub id: String,
    /// In the site's default locale, else the first there is.
    pub title: String,
    pub category: String,
    pub locales: Vec<Locale>,
    /// The latest edit of any locale, Unix milliseconds.
    pub updated_at: i64,
}

/// `GET …/library/articles`: every article, by id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleList {
    pub articles: Vec<ArticleSummary>,
    /// The site's locales, for the editor's columns.
    pub locales: Vec<Locale>,
    /// Whether the site's files own its articles (then the editor only reads).
    pub managed_by_files: bool,
}

/// `GET …/library/articles/{id}`: every locale of one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LibraryArticle {
    pub id: String,
    /// In the site's locale order.
    pub versions: Vec<AdminArticle>,
    pub managed_by_files: bool,
}

/// Body of `POST …/library/preview`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PreviewRequest {
    pub markdown: String,
}

impl PreviewRequest {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errs = FieldErrors::default();
        errs.check(
            "markdown",
            validate::text_len(&self.markdown, 0, MARKDOWN_MAX_CHARS),
        );
        errs.into_result()
    }
}

/// The preview: sanitised HTML, safe to put in the page as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Preview {
    pub html: String,
}

/// Body of `POST …/library/articles/{id}/keywords`: a query customers searched for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct KeywordRequest {
    /// 1 to 40 characters (a keyword's limit).
    pub query: String,
}

impl KeywordRequest {
    pub const MAX_CHARS: usize = 40;

    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errs = FieldErrors::default();
        errs.check(
            "query",
            validate::text_len(self.query.trim(), 1, Self::MAX_CHARS),
        );
        errs.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_checked() {
        assert!(KeywordRequest { query: " ".into() }.validate().is_err());
        assert!(KeywordRequest {
            query: "以旧换新".into()
        }
        .validate()
        .is_ok());
        assert!(PreviewRequest {
            markdown: String::new()
        }
        .validate()
        .is_ok());
        assert!(PreviewRequest {
            markdown: "x".repeat(MARKDOWN_MAX_CHARS + 1)
        }
        .validate()
        .is_err());
    }
}
