//! The weekly trend charts.

use leptos::prelude::*;
use patron_api::console::overview::TrendWeek;

use super::text::Text;
use crate::i18n::{fill, use_i18n};
use crate::ui::chart::{Chart, ChartData, ChartKind};

const DAY_MS: f64 = 86_400_000.0;

/// The days of `week` inside the period: 7 for a whole week (167 or 169 hours across a DST
/// change), fewer for the first and last weeks when the period starts or ends mid-week.
fn days_in_period(week: &TrendWeek) -> i64 {
    ((week.to - week.from) as f64 / DAY_MS).round() as i64
}

/// `week`'s Monday as `MM-DD`.
fn monday(week: &TrendWeek) -> &str {
    week.week.get(5..).unwrap_or(&week.week)
}

/// The table's label of `week`: its Monday, and for a week the period cuts short, its days
/// (`days_label`, with `{date}` and `{n}` replaced): its counts cover only those days, so a
/// current week's volumes must not read as a drop.
fn week_label(week: &TrendWeek, days_label: &str) -> String {
    match days_in_period(week) {
        7.. => monday(week).to_owned(),
        days => fill(
            days_label,
            &[("date", monday(week)), ("n", &days.to_string())],
        ),
    }
}

/// The axis label of `week`: its Monday, marked `*` when the period cuts it short (the note
/// above the charts says what the mark means; the table gives the days).
fn axis_label(week: &TrendWeek) -> String {
    match days_in_period(week) {
        7.. => monday(week).to_owned(),
        _ => format!("{}*", monday(week)),
    }
}

#[component]
pub fn Trends(weeks: Vec<TrendWeek>) -> impl IntoView {
    let i18n = use_i18n();
    let cut_short = weeks.iter().any(|w| days_in_period(w) < 7);
    let axis_labels: Vec<String> = weeks.iter().map(axis_label).collect();
    let labels = {
        let weeks = weeks.clone();
        move || {
            let days = i18n.t(Text::WeekDays);
            weeks
                .iter()
                .map(|w| week_label(w, days))
                .collect::<Vec<_>>()
        }
    };
    let asks_ces = weeks.iter().any(|w| w.ces_responses > 0);
    let series = move |f: fn(&TrendWeek) -> Option<f64>| weeks.iter().map(f).collect::<Vec<_>>();
    let scores = series(|w| w.nps);
    let csat = series(|w| w.csat_mean);
    // Only sites that ask CES questions get its chart (as its cards).
    let ces = asks_ces.then(|| series(|w| w.ces_mean));
    let fcr = series(|w| w.fcr.map(|v| v * 100.0));
    let selfs = series(|w| w.self_service.map(|v| v * 100.0));
    let answers = series(|w| Some(w.answers as f64));
    let contacts = series(|w| Some(w.contacts as f64));
    move || {
        let name = |t: Text| i18n.t(t).to_owned();
        let labels = labels();
        let data = |series: Vec<(String, Vec<Option<f64>>)>, decimals| ChartData {
            labels: labels.clone(),
            axis_labels: axis_labels.clone(),
            series,
            decimals,
        };
        view! {
            <section class="pc-section">
                <h2>{i18n.t(Text::TrendTitle)}</h2>
                {cut_short.then(|| view! { <p class="pc-muted">{i18n.t(Text::WeeksCutShort)}</p> })}
                <div class="pc-charts">
                    <Chart caption=name(Text::TrendScores) kind=ChartKind::Line
                        data=data(vec![(name(Text::Nps), scores.clone())], 1)/>
                    <Chart caption=name(Text::TrendCsat) kind=ChartKind::Line
                        data=data(vec![(name(Text::CsatMean), csat.clone())], 2)/>
                    {ces.clone().map(|ces| view! {
                        <Chart caption=name(Text::TrendCes) kind=ChartKind::Line
                            data=data(vec![(name(Text::CesMean), ces)], 2)/>
                    })}
                    <Chart caption=name(Text::TrendRates) kind=ChartKind::Line
                        data=data(vec![(name(Text::Fcr), fcr.clone()), (name(Text::SelfService), selfs.clone())], 1)/>
                    <Chart caption=name(Text::TrendVolumes) kind=ChartKind::Line
                        data=data(vec![(name(Text::Answers), answers.clone()), (name(Text::Contacts), contacts.clone())], 0)/>
                </div>
            </section>
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn week(monday: &str, from: i64, hours: i64) -> TrendWeek {
        TrendWeek::empty(monday.to_owned(), from, from + hours * 3_600_000)
    }

    #[test]
    fn a_week_cut_short_names_its_days() {
        assert_eq!(
            week_label(&week("2026-11-30", 0, 168), "{date} ({n} d)"),
            "11-30"
        );
        // Across a change to or from summer time.
        assert_eq!(
            week_label(&week("2026-03-23", 0, 167), "{date} ({n} d)"),
            "03-23"
        );
        assert_eq!(
            week_label(&week("2026-10-26", 0, 169), "{date} ({n} d)"),
            "10-26"
        );
        assert_eq!(
            week_label(&week("2026-12-07", 0, 24), "{date} ({n} d)"),
            "12-07 (1 d)"
        );
        assert_eq!(
            week_label(&week("2026-12-07", 0, 6 * 24), "{date}（{n} 天）"),
            "12-07（6 天）"
        );
        assert_eq!(axis_label(&week("2026-12-07", 0, 6 * 24)), "12-07*");
        assert_eq!(axis_label(&week("2026-10-26", 0, 169)), "10-26");
    }
}
