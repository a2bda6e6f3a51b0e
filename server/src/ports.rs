//! What one feature may ask of another, as traits. A feature that needs another's answers
//! (onboarding: a member's tier, crediting a guide's reward, whether an FAQ article exists;
//! privacy: every feature's records about a person; webhooks: where a feature's events go)
//! holds the trait, and `app` hands it the other feature's implementation at start-up, so no
//! feature imports another and each can be tested with a stand-in.

use async_trait::async_trait;
use patron_api::privacy::{ErasedCounts, PrivacyExport, Retention};
use patron_api::Localized;
use sqlx::{AnyConnection, AnyPool};

use crate::error::AppError;
use crate::subject;

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

/// A tier of a site's points programme and its name in the site's locales.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TierName {
    pub id: String,
    pub name: Localized,
}

/// The points programme, for other features (implemented by `points`).
#[async_trait]
pub trait Loyalty: Send + Sync {
    /// The site's tier ids, lowest first; `None` when the site has no points programme.
    async fn tiers(&self, site: &str) -> Result<Option<Vec<String>>, AppError>;

    /// The site's tiers with their names, lowest first; empty when the site has no points
    /// programme.
    async fn tier_names(&self, site: &str) -> Result<Vec<TierName>, AppError>;

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

/// A feature's part of demo mode's generated history (`history`), implemented by each
/// feature over its own storage.
#[async_trait]
pub trait DemoHistory: Send + Sync {
    /// What it seeds, for the log (`surveys`, `faq`, …).
    fn name(&self) -> &'static str;

    /// Writes `history::DAYS` days before `now` of the feature's history on `site`, every id
    /// marked `history::MARK`, unless the site already has marked rows; the rows written.
    async fn seed(&self, site: &str, now: i64) -> Result<u64, AppError>;
}

/// Whom a privacy request is about: a member id, a device id, or both.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Person {
    pub member: Option<String>,
    pub device: Option<String>,
}

impl Person {
    /// The subjects the features key customers by: `m:<member>`, `d:<device>` (as surveys,
    /// onboarding and webhook deliveries write them).
    pub fn subjects(&self) -> Vec<String> {
        let member = self.member.iter().map(|m| subject::member(m));
        member
            .chain(self.device.iter().map(|d| subject::device(d)))
            .collect()
    }
}

/// What a feature holds about people, for erasure, export and retention (implemented by
/// every feature that stores something about a customer, and by `webhooks`).
#[async_trait]
pub trait PersonalData: Send + Sync {
    /// Removes or anonymises what is held about `person` on `site`, inside the erasure's
    /// transaction `conn`, counting it in `erased`. `anonymous` is this erasure's anonymous
    /// id, for records that must stay (the points ledger, answers counted in reports).
    async fn erase(
        &self,
        conn: &mut AnyConnection,
        site: &str,
        person: &Person,
        anonymous: &str,
        erased: &mut ErasedCounts,
    ) -> Result<(), sqlx::Error>;

    /// Adds what is held about `person` on `site` to `export`.
    async fn export(
        &self,
        pool: &AnyPool,
        site: &str,
        person: &Person,
        export: &mut PrivacyExport,
    ) -> Result<(), sqlx::Error>;

    /// Deletes (or strips) what `retention` no longer allows keeping at `now`; returns how
    /// many records it touched.
    async fn prune(
        &self,
        pool: &AnyPool,
        site: &str,
        retention: &Retention,
        now: i64,
    ) -> Result<u64, sqlx::Error>;
}

/// Where a site's webhook events go: the URL and the secret they are signed with.
#[derive(Clone)]
pub struct WebhookEndpoint {
    pub url: String,
    pub secret: Vec<u8>,
}

/// Where a feature's webhook events go (implemented by each feature that queues events).
#[async_trait]
pub trait WebhookEndpoints: Send + Sync {
    /// The endpoint for `event` of `site`, read now (a secret may be rotated without a
    /// restart); `Err` says why it cannot be sent (no webhook, no secret).
    async fn endpoint(&self, site: &str, event: &str) -> Result<WebhookEndpoint, String>;

    /// Whether the receiver's answer to `event` carries something back (a coupon code).
    fn reads_answer(&self, _event: &str) -> bool {
        false
    }

    /// A receiver's 2xx answer to an event that `reads_answer`, about `reference` (the
    /// delivery's). Called again for the same event when its delivery is resent (an instance
    /// stopped before recording it): keep the first answer. `Err` counts the attempt as
    /// failed, and it is retried.
    async fn answered(
        &self,
        _site: &str,
        _reference: Option<&str>,
        _body: &[u8],
    ) -> Result<(), String> {
        Ok(())
    }
}

/// What a customer did signed out, handed to the member they sign in as (implemented by each
/// feature that keeps anonymous customers' state: survey pacing, guide progress).
#[async_trait]
pub trait SignInHandover: Send + Sync {
    /// Merges what `anonymous` (a subject, `d:<device>` or `k:<kiosk session>`) did on
    /// `site` into `member`'s, inside the sign-in's transaction `conn`, and returns how many
    /// records moved. Idempotent: a second call finds nothing left under `anonymous`.
    async fn hand_over(
        &self,
        conn: &mut AnyConnection,
        site: &str,
        anonymous: &str,
        member: &str,
        now: i64,
    ) -> Result<u64, sqlx::Error>;
}

/// Survey answers counted for the console's overview: per time segment (`period::Segments`;
/// segment `i` is `[cuts[i], cuts[i + 1])`), kind (`nps`, `csat`) and score.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ScoreCount {
    pub segment: i64,
    pub kind: String,
    pub score: i64,
    pub answers: i64,
}

/// Which breakdown of the period's answers a `BreakdownCount` is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dimension {
    Surface,
    Locale,
    /// The member's tier when they answered; the key is `""` for customers not signed in and
    /// `unknown` for members whose tier was not recorded.
    Tier,
    Survey,
}

/// A period's answers with one value of a dimension, per kind and score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreakdownCount {
    pub dimension: Dimension,
    pub key: String,
    pub kind: String,
    pub score: i64,
    pub answers: i64,
}

/// The surveys' figures, for the console's overview (implemented by `surveys`). A few queries,
/// whatever the period.
#[async_trait]
pub trait SurveyFigures: Send + Sync {
    /// Answers in `[cuts[0], cuts[last])` by segment, kind and score.
    async fn scores(
        &self,
        pool: &AnyPool,
        site: &str,
        cuts: &[i64],
    ) -> Result<Vec<ScoreCount>, AppError>;

    /// Answers in `[from, to)` by each dimension's value, kind and score.
    async fn breakdowns(
        &self,
        pool: &AnyPool,
        site: &str,
        from: i64,
        to: i64,
    ) -> Result<Vec<BreakdownCount>, AppError>;

    /// Each survey the site defines now, with its question (what the console calls it: a
    /// survey has no other name).
    async fn questions(&self, pool: &AnyPool, site: &str) -> Result<Vec<SurveyName>, AppError>;
}

/// A survey's id and question in the site's locales.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyName {
    pub id: String,
    pub question: Localized,
}

/// Rows counted per time segment (as `ScoreCount`'s).
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct SegmentCount {
    pub segment: i64,
    pub count: i64,
}

/// Contact requests resolved per time segment (of their resolution), on first contact or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct ResolutionCount {
    pub segment: i64,
    /// 1 when resolved on first contact.
    pub first_contact: i64,
    pub count: i64,
}

/// Help sessions per time segment (of their first search or read), and how many of them
/// sent a contact request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct HelpSessionCount {
    pub segment: i64,
    pub sessions: i64,
    pub contacted: i64,
}

/// The help desk's figures, for the console's overview (implemented by `faq`): contact
/// requests, their resolutions and help sessions, each one grouped query over
/// `[cuts[0], cuts[last])`.
#[async_trait]
pub trait HelpFigures: Send + Sync {
    /// Contact requests by segment of their creation.
    async fn contacts(
        &self,
        pool: &AnyPool,
        site: &str,
        cuts: &[i64],
    ) -> Result<Vec<SegmentCount>, AppError>;

    /// Resolved contact requests by segment of their resolution.
    async fn resolutions(
        &self,
        pool: &AnyPool,
        site: &str,
        cuts: &[i64],
    ) -> Result<Vec<ResolutionCount>, AppError>;

    /// Help sessions by segment of their first search or read.
    async fn help_sessions(
        &self,
        pool: &AnyPool,
        site: &str,
        cuts: &[i64],
    ) -> Result<Vec<HelpSessionCount>, AppError>;
}
