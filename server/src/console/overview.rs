//! The console's overview (`GET …/overview`, every role; `patron_api::console::overview`
//! defines every figure). The period is read in the site's zone (`period`); the surveys and
//! the help desk each count their rows in one grouped query per table over the whole span
//! (previous window, window and trend weeks) through `ports::SurveyFigures` and
//! `ports::HelpFigures`, and this module adds the segments up into the period, the previous
//! period and each week. Seven reads per request, run at once, whatever the period: those
//! five counts, the points programme's rules for the tier breakdown's names (`ports::Loyalty`)
//! and the survey definitions (cached) for the survey breakdown's questions.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::State;
use patron_api::console::overview::{
    mean, nps_score, share, BreakdownRow, Breakdowns, Ces, Count, Csat, Fcr, Metric, Nps, Overview,
    SelfService, Volumes,
};
use patron_api::survey::{Band, SurveyKind};

use crate::auth::console::ConsoleUser;
use crate::error::AppError;
use crate::extract::{AppJson, AppQuery};
use crate::period::{PeriodParams, Periods, Segments};
use crate::ports::{
    BreakdownCount, Dimension, HelpFigures, Loyalty, SurveyFigures, SurveyName, TierName,
};
use crate::state::AppState;

/// Where the overview's counts come from (filled in by `app`).
#[derive(Clone)]
pub struct Figures {
    pub surveys: Arc<dyn SurveyFigures>,
    pub help: Arc<dyn HelpFigures>,
    /// The tiers' names, for the tier breakdown.
    pub loyalty: Arc<dyn Loyalty>,
}

/// What was counted over one span of time (a window, a week) or one breakdown value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Tally {
    answers: i64,
    nps_responses: i64,
    promoters: i64,
    passives: i64,
    detractors: i64,
    csat_responses: i64,
    csat_sum: i64,
    csat_satisfied: i64,
    ces_responses: i64,
    ces_sum: i64,
    /// CES answers of 5 to 7.
    ces_easy: i64,
    /// Detractors of every kind (NPS 0–6, CSAT 1–2, CES 1–3).
    all_detractors: i64,
    contacts: i64,
    resolved: i64,
    resolved_first_contact: i64,
    sessions: i64,
    contacted: i64,
}

impl Tally {
    fn add_answers(&mut self, kind: &str, score: i64, n: i64) {
        self.answers += n;
        let Some(kind) = SurveyKind::parse(kind) else {
            return;
        };
        let band = i32::try_from(score).ok().and_then(|s| kind.band(s));
        if band == Some(Band::Detractor) {
            self.all_detractors += n;
        }
        match kind {
            SurveyKind::Nps => {
                self.nps_responses += n;
                match band {
                    Some(Band::Promoter) => self.promoters += n,
                    Some(Band::Passive) => self.passives += n,
                    Some(Band::Detractor) => self.detractors += n,
                    None => {}
                }
            }
            SurveyKind::Csat => {
                self.csat_responses += n;
                self.csat_sum += score * n;
                if score >= 4 {
                    self.csat_satisfied += n;
                }
            }
            SurveyKind::Ces => {
                self.ces_responses += n;
                self.ces_sum += score * n;
                if score >= 5 {
                    self.ces_easy += n;
                }
            }
        }
    }

    fn nps(&self) -> Option<f64> {
        nps_score(self.promoters, self.detractors, self.nps_responses)
    }

    fn csat_mean(&self) -> Option<f64> {
        mean(self.csat_sum, self.csat_responses)
    }

    fn csat_share(&self) -> Option<f64> {
        share(self.csat_satisfied, self.csat_responses)
    }

    fn ces_mean(&self) -> Option<f64> {
        mean(self.ces_sum, self.ces_responses)
    }

    fn ces_share(&self) -> Option<f64> {
        share(self.ces_easy, self.ces_responses)
    }

    fn fcr(&self) -> Option<f64> {
        share(self.resolved_first_contact, self.resolved)
    }

    fn self_served(&self) -> i64 {
        self.sessions - self.contacted
    }

    fn self_service(&self) -> Option<f64> {
        share(self.self_served(), self.sessions)
    }
}

/// The segments' counts, to be summed over any span made of whole segments.
#[derive(Default)]
struct BySegment(HashMap<i64, Tally>);

impl BySegment {
    fn at(&mut self, segment: i64) -> &mut Tally {
        self.0.entry(segment).or_default()
    }

    fn over(&self, segments: &Segments, from: i64, to: i64) -> Tally {
        let mut sum = Tally::default();
        for (segment, t) in &self.0 {
            if segments.within(*segment, from, to) {
                sum.answers += t.answers;
                sum.nps_responses += t.nps_responses;
                sum.promoters += t.promoters;
                sum.passives += t.passives;
                sum.detractors += t.detractors;
                sum.csat_responses += t.csat_responses;
                sum.csat_sum += t.csat_sum;
                sum.csat_satisfied += t.csat_satisfied;
                sum.ces_responses += t.ces_responses;
                sum.ces_sum += t.ces_sum;
                sum.ces_easy += t.ces_easy;
                sum.all_detractors += t.all_detractors;
                sum.contacts += t.contacts;
                sum.resolved += t.resolved;
                sum.resolved_first_contact += t.resolved_first_contact;
                sum.sessions += t.sessions;
                sum.contacted += t.contacted;
            }
        }
        sum
    }
}

/// `GET …/overview?period=&from=&to=` (every role).
pub async fn overview(
    who: ConsoleUser,
    State(state): State<AppState>,
    State(figures): State<Figures>,
    AppQuery(params): AppQuery<PeriodParams>,
) -> Result<AppJson<Overview>, AppError> {
    let site = who.site();
    let reporting = state.reporting.of(site);
    let periods = Periods::now(&params, reporting)?;
    let cuts = periods.cuts();
    let pool = &state.pool;
    let (w, p) = (&periods.window, &periods.previous);
    let (scores, groups, contacts, resolutions, sessions, tiers, questions) = tokio::try_join!(
        figures.surveys.scores(pool, site, &cuts),
        figures.surveys.breakdowns(pool, site, w.from, w.to),
        figures.help.contacts(pool, site, &cuts),
        figures.help.resolutions(pool, site, &cuts),
        figures.help.help_sessions(pool, site, &cuts),
        figures.loyalty.tier_names(site),
        figures.surveys.questions(pool, site),
    )?;
    let mut by_segment = BySegment::default();
    for row in &scores {
        by_segment
            .at(row.segment)
            .add_answers(&row.kind, row.score, row.answers);
    }
    for row in &contacts {
        by_segment.at(row.segment).contacts += row.count;
    }
    for row in &resolutions {
        let t = by_segment.at(row.segment);
        t.resolved += row.count;
        if row.first_contact == 1 {
            t.resolved_first_contact += row.count;
        }
    }
    for row in &sessions {
        let t = by_segment.at(row.segment);
        t.sessions += row.sessions;
        t.contacted += row.contacted;
    }
    let segments = Segments::new(cuts);
    let now = by_segment.over(&segments, w.from, w.to);
    let before = by_segment.over(&segments, p.from, p.to);
    let targets = reporting.targets;
    let trend = periods
        .weeks
        .iter()
        .map(|week| {
            let t = by_segment.over(&segments, week.from, week.to);
            let mut row = week.trend_week();
            row.nps = t.nps();
            row.nps_responses = t.nps_responses;
            row.csat_mean = t.csat_mean();
            row.csat_responses = t.csat_responses;
            row.ces_mean = t.ces_mean();
            row.ces_responses = t.ces_responses;
            row.fcr = t.fcr();
            row.self_service = t.self_service();
            row.answers = t.answers;
            row.contacts = t.contacts;
            row
        })
        .collect();
    Ok(AppJson(Overview {
        period: periods.period,
        time_zone: reporting.time_zone.clone(),
        window: periods.window.clone(),
        previous: periods.previous.clone(),
        targets,
        nps: Nps {
            score: Metric::new(now.nps(), before.nps(), Some(targets.nps)),
            responses: now.nps_responses,
            promoters: now.promoters,
            passives: now.passives,
            detractors: now.detractors,
            promoter_share: share(now.promoters, now.nps_responses),
            passive_share: share(now.passives, now.nps_responses),
            detractor_share: share(now.detractors, now.nps_responses),
        },
        csat: Csat {
            mean: Metric::new(now.csat_mean(), before.csat_mean(), Some(targets.csat)),
            satisfied_share: Metric::new(now.csat_share(), before.csat_share(), None),
            responses: now.csat_responses,
            satisfied: now.csat_satisfied,
        },
        ces: Ces {
            mean: Metric::new(now.ces_mean(), before.ces_mean(), None),
            easy_share: Metric::new(now.ces_share(), before.ces_share(), None),
            responses: now.ces_responses,
            easy: now.ces_easy,
        },
        fcr: Fcr {
            rate: Metric::new(now.fcr(), before.fcr(), Some(targets.fcr)),
            resolved: now.resolved,
            resolved_first_contact: now.resolved_first_contact,
        },
        self_service: SelfService {
            rate: Metric::new(now.self_service(), before.self_service(), None),
            sessions: now.sessions,
            self_served: now.self_served(),
        },
        volumes: Volumes {
            answers: Count::new(now.answers, before.answers),
            contacts: Count::new(now.contacts, before.contacts),
        },
        trend,
        breakdowns: breakdowns(&groups, &tiers, &questions),
    }))
}

/// The period's answers by surface, locale, tier and survey, most answers first; each tier
/// the programme still has carries its name, each survey the site still defines its question.
fn breakdowns(
    counts: &[BreakdownCount],
    tiers: &[TierName],
    questions: &[SurveyName],
) -> Breakdowns {
    let mut dims: [HashMap<&str, Tally>; 4] = Default::default();
    for c in counts {
        let dim = match c.dimension {
            Dimension::Surface => 0,
            Dimension::Locale => 1,
            Dimension::Tier => 2,
            Dimension::Survey => 3,
        };
        dims[dim]
            .entry(c.key.as_str())
            .or_default()
            .add_answers(&c.kind, c.score, c.answers);
    }
    let [surface, locale, tier, survey] = dims.map(|dim| {
        let mut rows: Vec<BreakdownRow> = dim
            .into_iter()
            .map(|(key, t)| BreakdownRow {
                key: key.to_owned(),
                label: None,
                answers: t.answers,
                nps: t.nps(),
                nps_responses: t.nps_responses,
                csat_mean: t.csat_mean(),
                csat_satisfied_share: t.csat_share(),
                csat_responses: t.csat_responses,
                ces_mean: t.ces_mean(),
                ces_responses: t.ces_responses,
                detractors: t.all_detractors,
            })
            .collect();
        rows.sort_by(|a, b| b.answers.cmp(&a.answers).then_with(|| a.key.cmp(&b.key)));
        rows
    });
    let tier = tier
        .into_iter()
        .map(|row| BreakdownRow {
            label: tiers
                .iter()
                .find(|t| t.id == row.key)
                .map(|t| t.name.clone()),
            ..row
        })
        .collect();
    let survey = survey
        .into_iter()
        .map(|row| BreakdownRow {
            label: questions
                .iter()
                .find(|q| q.id == row.key)
                .map(|q| q.question.clone()),
            ..row
        })
        .collect();
    Breakdowns {
        surface,
        locale,
        tier,
        survey,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tally_counts_bands_by_kind() {
        let mut t = Tally::default();
        t.add_answers("nps", 10, 5);
        t.add_answers("nps", 7, 2);
        t.add_answers("nps", 0, 3);
        t.add_answers("csat", 5, 1);
        t.add_answers("csat", 4, 2);
        t.add_answers("csat", 2, 1);
        assert_eq!(t.nps(), Some(20.0));
        assert_eq!(t.csat_mean(), Some(3.75));
        assert_eq!(t.csat_share(), Some(0.75));
        assert_eq!(t.all_detractors, 4);
        assert_eq!(t.answers, 14);
    }
}
