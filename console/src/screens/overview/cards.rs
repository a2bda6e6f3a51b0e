//! The figures, each with its target (met or not, in words as well as colour) and its change.

use leptos::prelude::*;
use patron_api::console::overview::{Count, Metric, Overview};

use super::text::Text;
use crate::format;
use crate::i18n::use_i18n;

/// How a metric is written: as a score, a mean or a share.
#[derive(Clone, Copy)]
enum Unit {
    Score,
    Mean,
    Share,
}

impl Unit {
    fn value(self, v: f64) -> String {
        match self {
            Unit::Score => format!("{v:.1}"),
            Unit::Mean => format!("{v:.2}"),
            Unit::Share => format::percent(v),
        }
    }

    fn change(self, d: f64) -> String {
        match self {
            Unit::Score => format::change(d, 1),
            Unit::Mean => format::change(d, 2),
            // Shares change by percentage points.
            Unit::Share => format!("{} pp", format::change(d * 100.0, 1)),
        }
    }
}

/// "1 answer", "2 answers" (Chinese has one form).
fn answers(count: i64) -> Text {
    if count == 1 {
        Text::Response
    } else {
        Text::Responses
    }
}

#[component]
pub fn Cards(overview: Overview) -> impl IntoView {
    let i18n = use_i18n();
    let o = overview;
    let nps_detail = move || {
        let n = o.nps;
        let share = |s: Option<f64>| s.map(format::percent).unwrap_or_else(|| "—".into());
        format!(
            "{} {} · {} {} · {} {} · {} {}",
            format::count(n.responses),
            i18n.t(answers(n.responses)),
            i18n.t(Text::Promoters),
            share(n.promoter_share),
            i18n.t(Text::Passives),
            share(n.passive_share),
            i18n.t(Text::Detractors),
            share(n.detractor_share),
        )
    };
    let csat_detail = move || {
        format!(
            "{} {}",
            format::count(o.csat.responses),
            i18n.t(answers(o.csat.responses))
        )
    };
    let ces_detail = move || {
        format!(
            "{} {}",
            format::count(o.ces.responses),
            i18n.t(answers(o.ces.responses))
        )
    };
    // Only a site that asks CES questions (now or in the previous period) sees its cards.
    let ces = (o.ces.responses > 0 || o.ces.mean.previous.is_some()).then(|| view! {
        <MetricCard label=Text::Ces metric=o.ces.mean unit=Unit::Mean detail=Signal::derive(ces_detail)/>
        <MetricCard label=Text::CesEasy metric=o.ces.easy_share unit=Unit::Share detail=Signal::derive(ces_detail)/>
    });
    let fcr_detail = move || i18n.tn(Text::ResolvedOf, format::count(o.fcr.resolved));
    let self_detail = move || i18n.tn(Text::SessionsOf, format::count(o.self_service.sessions));
    view! {
        <section class="pc-cards" aria-label=move || i18n.t(Text::Title)>
            <MetricCard label=Text::Nps metric=o.nps.score unit=Unit::Score detail=Signal::derive(nps_detail)/>
            <MetricCard label=Text::Csat metric=o.csat.mean unit=Unit::Mean detail=Signal::derive(csat_detail)/>
            <MetricCard label=Text::CsatSatisfied metric=o.csat.satisfied_share unit=Unit::Share detail=Signal::derive(csat_detail)/>
            {ces}
            <MetricCard label=Text::Fcr metric=o.fcr.rate unit=Unit::Share detail=Signal::derive(fcr_detail)/>
            <MetricCard label=Text::SelfService metric=o.self_service.rate unit=Unit::Share detail=Signal::derive(self_detail)/>
            <CountCard label=Text::Answers count=o.volumes.answers/>
            <CountCard label=Text::Contacts count=o.volumes.contacts/>
        </section>
    }
}

#[component]
fn MetricCard(label: Text, metric: Metric, unit: Unit, detail: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let verdict = metric.meets_target().map(|met| {
        let (class, text) = if met {
            ("pc-badge pc-badge--good", Text::OnTarget)
        } else {
            ("pc-badge pc-badge--bad", Text::BelowTarget)
        };
        view! { <span class=class>{if met { "✓ " } else { "✗ " }}{move || i18n.t(text)}</span> }
    });
    view! {
        <article class="pc-card" data-testid="metric">
            <h2 class="pc-card__label">{move || i18n.t(label)}</h2>
            <p class="pc-card__value">
                {metric.value.map(|v| unit.value(v)).unwrap_or_else(|| "—".into())}
            </p>
            {metric.value.is_none().then(|| view! { <p class="pc-muted">{move || i18n.t(Text::NoData)}</p> })}
            <dl class="pc-card__facts">
                {metric.target.map(|t| view! {
                    <div><dt>{move || i18n.t(Text::Target)}</dt><dd>{unit.value(t)}" "{verdict}</dd></div>
                })}
                {metric.change.map(|c| view! {
                    <div><dt>{move || i18n.t(Text::Change)}</dt><dd>{unit.change(c)}</dd></div>
                })}
            </dl>
            <p class="pc-card__detail">{move || detail.get()}</p>
        </article>
    }
}

#[component]
fn CountCard(label: Text, count: Count) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <article class="pc-card" data-testid="metric">
            <h2 class="pc-card__label">{move || i18n.t(label)}</h2>
            <p class="pc-card__value">{format::count(count.value)}</p>
            <dl class="pc-card__facts">
                <div><dt>{move || i18n.t(Text::Change)}</dt><dd>{format::change(count.change as f64, 0)}</dd></div>
            </dl>
        </article>
    }
}
