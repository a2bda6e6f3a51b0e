//! The overview (`GET /v1/console/sites/{site}/overview?period=&from=&to=`, every role): NPS,
//! CSAT, first-contact resolution, the FAQ's self-service rate and the volumes of the period,
//! each beside the previous period of the same length and the site's target; a weekly trend;
//! breakdowns by surface, locale, tier and survey.
//!
//! Days and weeks are the site's (`time_zone:` in site.yaml, default Asia/Shanghai): `7d` is
//! today and the 6 days before, `custom` the dates `from` to `to`, both included, at most
//! [`CUSTOM_DAYS_MAX`] days. Weeks start on Monday. Every figure is counted in SQL; a figure
//! with nothing to count is absent (`null`), never 0.
//!
//! Definitions:
//! - NPS: over NPS answers (0-10), % promoters (9-10) − % detractors (0-6), −100 to 100.
//! - CSAT: over CSAT answers (1-5), the mean score, and the share of 4s and 5s.
//! - First-contact resolution: of the contact requests resolved in the period, the share
//!   resolved on first contact.
//! - Self-service: of the help sessions (a search or an article read) in the period, the share
//!   that sent no contact request.
//!
//! The same period parameters serve `GET …/guides/funnel` and `GET …/library/gaps`.

use serde::{Deserialize, Serialize};

use crate::locale::Localized;

/// The longest custom period, in days.
pub const CUSTOM_DAYS_MAX: i64 = 366;
/// The trend covers the period, and at least this many weeks.
pub const TREND_WEEKS_MIN: usize = 12;

wire_enum! {
    /// Which days: the last 7, 30 or 90 (today included), or `from`..`to`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub enum Period {
        Last7 = "7d",
        #[default]
        Last30 = "30d",
        Last90 = "90d",
        Custom = "custom",
    }
}
serde_by_name!(Period);

impl Period {
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// The number of days of a fixed period; `None` for `custom`.
    pub fn days(self) -> Option<i64> {
        match self {
            Period::Last7 => Some(7),
            Period::Last30 => Some(30),
            Period::Last90 => Some(90),
            Period::Custom => None,
        }
    }
}

/// The query of the overview (and the funnel and the gaps).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodQuery {
    #[serde(default)]
    pub period: Option<Period>,
    /// `YYYY-MM-DD`, with `period=custom`.
    #[serde(default)]
    pub from: Option<String>,
    /// `YYYY-MM-DD`, included, with `period=custom`.
    #[serde(default)]
    pub to: Option<String>,
}

impl PeriodQuery {
    /// `period=30d` or `period=custom&from=…&to=…`, for a URL.
    pub fn to_query(&self) -> String {
        let mut q = format!("period={}", self.period.unwrap_or_default().as_str());
        for (key, value) in [("from", &self.from), ("to", &self.to)] {
            if let Some(v) = value {
                q.push_str(&format!("&{key}={v}"));
            }
        }
        q
    }
}

/// The days a figure covers: `[from, to)` in Unix milliseconds, and the same as the site's
/// dates (`to_date` included).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Window {
    pub from: i64,
    pub to: i64,
    /// `YYYY-MM-DD`.
    pub from_date: String,
    /// `YYYY-MM-DD`, the last day included.
    pub to_date: String,
}

/// The site's targets (`targets:` in site.yaml).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Targets {
    /// −100 to 100; default 60.
    pub nps: f64,
    /// 1 to 5; default 4.3.
    pub csat: f64,
    /// First-contact resolution, 0 to 1; default 0.85.
    pub fcr: f64,
}

impl Default for Targets {
    fn default() -> Self {
        Self {
            nps: 60.0,
            csat: 4.3,
            fcr: 0.85,
        }
    }
}

/// One figure: this period's, the previous period's, the change and the target (if it has
/// one). Absent values had nothing to count.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Metric {
    pub value: Option<f64>,
    pub previous: Option<f64>,
    /// `value - previous`, when both are there.
    pub change: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<f64>,
}

impl Metric {
    pub fn new(value: Option<f64>, previous: Option<f64>, target: Option<f64>) -> Self {
        Self {
            value,
            previous,
            change: value.zip(previous).map(|(v, p)| v - p),
            target,
        }
    }

    /// Whether the value reaches the target; `None` without either.
    pub fn meets_target(&self) -> Option<bool> {
        self.value.zip(self.target).map(|(v, t)| v >= t)
    }
}

/// A count in this period and the previous one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Count {
    pub value: i64,
    pub previous: i64,
    pub change: i64,
}

impl Count {
    pub fn new(value: i64, previous: i64) -> Self {
        Self {
            value,
            previous,
            change: value - previous,
        }
    }
}

/// NPS answers of the period by band.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Nps {
    /// −100 to 100, one decimal.
    pub score: Metric,
    pub responses: i64,
    pub promoters: i64,
    pub passives: i64,
    pub detractors: i64,
    /// 0 to 1; absent without answers.
    pub promoter_share: Option<f64>,
    pub passive_share: Option<f64>,
    pub detractor_share: Option<f64>,
}

/// CSAT answers of the period.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Csat {
    /// The mean score, 1 to 5, two decimals; its target is the site's.
    pub mean: Metric,
    /// The share of 4s and 5s, 0 to 1.
    pub satisfied_share: Metric,
    pub responses: i64,
    pub satisfied: i64,
}

/// Customer effort of the period: CES answers, 1 (very hard) to 7 (very easy).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ces {
    /// The mean score, 1 to 7, two decimals (no target: the service plan sets none).
    pub mean: Metric,
    /// The share of 5s, 6s and 7s ("easy"), 0 to 1.
    pub easy_share: Metric,
    pub responses: i64,
    pub easy: i64,
}

/// First-contact resolution of the period.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Fcr {
    /// 0 to 1.
    pub rate: Metric,
    /// Contact requests resolved in the period.
    pub resolved: i64,
    /// Of those, resolved on first contact.
    pub resolved_first_contact: i64,
}

/// The FAQ's self-service rate of the period.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SelfService {
    /// 0 to 1.
    pub rate: Metric,
    /// Help sessions: a search or an article read.
    pub sessions: i64,
    /// Of those, sessions without a contact request.
    pub self_served: i64,
}

/// How much came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Volumes {
    /// Survey answers.
    pub answers: Count,
    /// Contact requests.
    pub contacts: Count,
}

/// One week of the trend (Monday to Sunday in the site's time zone; the first and last may
/// be cut by the trend's ends).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrendWeek {
    /// The Monday, `YYYY-MM-DD`.
    pub week: String,
    /// `[from, to)`, Unix milliseconds.
    pub from: i64,
    pub to: i64,
    pub nps: Option<f64>,
    pub nps_responses: i64,
    pub csat_mean: Option<f64>,
    pub csat_responses: i64,
    /// Customer effort: the mean of the week's CES answers (1–7). Absent from an older server,
    /// read as none.
    #[serde(default)]
    pub ces_mean: Option<f64>,
    #[serde(default)]
    pub ces_responses: i64,
    pub fcr: Option<f64>,
    pub self_service: Option<f64>,
    pub answers: i64,
    pub contacts: i64,
}

impl TrendWeek {
    /// A week with nothing counted yet: its Monday (`YYYY-MM-DD`) and `[from, to)`.
    pub fn empty(week: String, from: i64, to: i64) -> Self {
        Self {
            week,
            from,
            to,
            nps: None,
            nps_responses: 0,
            csat_mean: None,
            csat_responses: 0,
            ces_mean: None,
            ces_responses: 0,
            fcr: None,
            self_service: None,
            answers: 0,
            contacts: 0,
        }
    }
}

/// The period's answers with one value of a dimension.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BreakdownRow {
    /// The value: `embed`/`page`/`kiosk`, a locale, a tier id, a survey id. For tiers, `""`
    /// is customers who were not signed in and `unknown` members whose tier was not recorded.
    pub key: String,
    /// For tiers: the tier's name in the site's locales, as the points programme names it
    /// now; for surveys: the survey's question as the site defines it now. Absent for `""`,
    /// `unknown`, a tier or survey the site no longer has, and the other dimensions (show the
    /// key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Localized>,
    pub answers: i64,
    pub nps: Option<f64>,
    pub nps_responses: i64,
    pub csat_mean: Option<f64>,
    pub csat_satisfied_share: Option<f64>,
    pub csat_responses: i64,
    /// The mean of the CES answers (1–7). Absent from an older server, read as none.
    #[serde(default)]
    pub ces_mean: Option<f64>,
    #[serde(default)]
    pub ces_responses: i64,
    /// Detractors of every kind: NPS 0–6, CSAT 1–2, CES 1–3.
    pub detractors: i64,
}

/// The period's answers broken down, each list by most answers first.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Breakdowns {
    pub surface: Vec<BreakdownRow>,
    pub locale: Vec<BreakdownRow>,
    /// The member's tier when they answered.
    pub tier: Vec<BreakdownRow>,
    pub survey: Vec<BreakdownRow>,
}

/// `GET …/overview`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Overview {
    pub period: Period,
    /// The IANA zone the days are in, e.g. `Asia/Shanghai`.
    pub time_zone: String,
    pub window: Window,
    /// The period of the same length just before.
    pub previous: Window,
    pub targets: Targets,
    pub nps: Nps,
    pub csat: Csat,
    /// Absent from a server older than CES on the overview: read as no answers.
    #[serde(default)]
    pub ces: Ces,
    pub fcr: Fcr,
    pub self_service: SelfService,
    pub volumes: Volumes,
    /// Oldest first.
    pub trend: Vec<TrendWeek>,
    pub breakdowns: Breakdowns,
}

/// NPS from band counts: % promoters − % detractors, one decimal; `None` without answers.
pub fn nps_score(promoters: i64, detractors: i64, responses: i64) -> Option<f64> {
    (responses > 0).then(|| {
        let raw = 100.0 * (promoters - detractors) as f64 / responses as f64;
        (raw * 10.0).round() / 10.0
    })
}

/// `part / whole`, four decimals; `None` when `whole` is 0.
pub fn share(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| ((part as f64 / whole as f64) * 10_000.0).round() / 10_000.0)
}

/// A mean from a sum and a count, two decimals; `None` when `count` is 0.
pub fn mean(sum: i64, count: i64) -> Option<f64> {
    (count > 0).then(|| ((sum as f64 / count as f64) * 100.0).round() / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_by_hand() {
        // 5 promoters, 2 passives, 3 detractors: 50 % − 30 % = 20.
        assert_eq!(nps_score(5, 3, 10), Some(20.0));
        // 1 promoter, 2 detractors of 3: 33.3 % − 66.7 % = −33.3.
        assert_eq!(nps_score(1, 2, 3), Some(-33.3));
        assert_eq!(nps_score(0, 0, 0), None);
        assert_eq!(share(2, 3), Some(0.6667));
        assert_eq!(share(1, 0), None);
        // CSAT 5, 4, 4, 2: 15 / 4 = 3.75.
        assert_eq!(mean(15, 4), Some(3.75));
        assert_eq!(mean(13, 3), Some(4.33));
        let m = Metric::new(Some(62.5), Some(60.0), Some(60.0));
        assert_eq!(m.change, Some(2.5));
        assert_eq!(m.meets_target(), Some(true));
        assert_eq!(Metric::new(None, Some(1.0), None).change, None);
    }

    #[test]
    fn periods() {
        assert_eq!(Period::parse("90d"), Some(Period::Last90));
        assert_eq!(Period::Last7.days(), Some(7));
        assert_eq!(Period::Custom.days(), None);
        let q = PeriodQuery {
            period: Some(Period::Custom),
            from: Some("2026-01-01".into()),
            to: Some("2026-01-31".into()),
        };
        assert_eq!(q.to_query(), "period=custom&from=2026-01-01&to=2026-01-31");
        assert_eq!(PeriodQuery::default().to_query(), "period=30d");
    }
}
