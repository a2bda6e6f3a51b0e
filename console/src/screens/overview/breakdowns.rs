//! The period's answers by surface, locale, tier and survey.

use leptos::prelude::*;
use patron_api::console::overview::{BreakdownRow, Breakdowns as BreakdownsData};

use super::text::Text;
use crate::format;
use crate::i18n::use_i18n;

#[component]
pub fn Breakdowns(breakdowns: BreakdownsData) -> impl IntoView {
    let i18n = use_i18n();
    let b = breakdowns;
    view! {
        <section class="pc-section">
            <h2>{move || i18n.t(Text::Breakdowns)}</h2>
            <div class="pc-grid">
                <Breakdown title=Text::BySurface rows=b.surface/>
                <Breakdown title=Text::ByLocale rows=b.locale/>
                <Breakdown title=Text::ByTier rows=b.tier/>
                <Breakdown title=Text::BySurvey rows=b.survey/>
            </div>
        </section>
    }
}

#[component]
fn Breakdown(title: Text, rows: Vec<BreakdownRow>) -> impl IntoView {
    let i18n = use_i18n();
    let share = |s: Option<f64>| s.map(format::percent).unwrap_or_else(|| "—".into());
    view! {
        <div class="pc-scroll" tabindex="0" role="region" aria-label=move || i18n.t(title)>
        <table class="pc-table">
            <caption>{move || i18n.t(title)}</caption>
            <thead><tr>
                <th scope="col">{move || i18n.t(Text::Key)}</th>
                <th scope="col">{move || i18n.t(Text::Answers)}</th>
                <th scope="col">{move || i18n.t(Text::Nps)}</th>
                <th scope="col">{move || i18n.t(Text::CsatMean)}</th>
                <th scope="col">{move || i18n.t(Text::Satisfied)}</th>
                <th scope="col">{move || i18n.t(Text::Detractors)}</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|r| {
                    let key = r.key.clone();
                    view! {
                        <tr>
                            <th scope="row">{move || if key.is_empty() { i18n.t(Text::NotSignedIn).to_owned() } else { key.clone() }}</th>
                            <td class="pc-num">{format::count(r.answers)}</td>
                            <td class="pc-num">{format::number(r.nps, 1)}</td>
                            <td class="pc-num">{format::number(r.csat_mean, 2)}</td>
                            <td class="pc-num">{share(r.csat_satisfied_share)}</td>
                            <td class="pc-num">{format::count(r.detractors)}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}
