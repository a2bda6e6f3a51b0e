//! What one feature may ask of another, as traits. A feature that needs another's answers
//! (onboarding: a member's tier, crediting a guide's reward, whether an FAQ article exists)
//! holds the trait, and `app` hands it the other feature's implementation at start-up, so no
//! feature imports another and each can be tested with a stand-in.

use async_trait::async_trait;
use patron_api::Localized;

use crate::error::AppError;

/// A bonus credited once per member and `(source, key)`, ever (a finished guide's reward).
#[derive(Debug, Clone)]
pub struct Bonus<'a> {
    pub member: &'a str,
    pub points: i64,
    /// With `key`, what makes the bonus happen once per member: (`onboarding`, pack id).
    pub source: &'a str,
    pub key: &'a str,
    /// The line in the member's history.
    pub title: &'a Localized,
}

/// A bonus as credited: the points (the first credit's, on a replay) and whether this call
/// was a replay of an earlier one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Credited {
    pub points: i64,
    pub replayed: bool,
}

/// A member as the points programme knows them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Standing {
    /// Unix milliseconds of their first ledger entry, if any.
    pub first_entry_at: Option<i64>,
    /// Their tier now; `None` when the site has no programme.
    pub tier: Option<String>,
}

/// The points programme, for other features (implemented by `points`).
#[async_trait]
pub trait Loyalty: Send + Sync {
    /// The site's tier ids, lowest first; `None` when the site has no points programme.
    async fn tiers(&self, site: &str) -> Result<Option<Vec<String>>, AppError>;

    /// What the programme knows of `member` at `now`.
    async fn standing(&self, site: &str, member: &str, now: i64) -> Result<Standing, AppError>;

    /// Credits `bonus` unless this member already had the one of its `(source, key)`;
    /// `None` when the site has no points programme to credit through.
    async fn grant_bonus(
        &self,
        site: &str,
        bonus: &Bonus<'_>,
        now: i64,
    ) -> Result<Option<Credited>, AppError>;
}

/// The help library, for other features (implemented by `faq`).
#[async_trait]
pub trait HelpArticles: Send + Sync {
    /// Whether the site has an article `id` in any locale.
    async fn exists(&self, site: &str, id: &str) -> Result<bool, AppError>;
}
