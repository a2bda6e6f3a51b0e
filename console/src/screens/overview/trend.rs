//! The weekly trend charts.

use leptos::prelude::*;
use patron_api::console::overview::TrendWeek;

use super::text::Text;
use crate::i18n::use_i18n;
use crate::ui::chart::{Chart, ChartData, ChartKind};

#[component]
pub fn Trends(weeks: Vec<TrendWeek>) -> impl IntoView {
    let i18n = use_i18n();
    let labels: Vec<String> = weeks
        .iter()
        .map(|w| w.week.get(5..).unwrap_or(&w.week).to_owned())
        .collect();
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
        let data = |series: Vec<(String, Vec<Option<f64>>)>, decimals| ChartData {
            labels: labels.clone(),
            series,
            decimals,
        };
        view! {
            <section class="pc-section">
                <h2>{i18n.t(Text::TrendTitle)}</h2>
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
