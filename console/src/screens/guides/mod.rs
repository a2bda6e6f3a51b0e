//! Guides: each onboarding pack's funnel (started → each step → finished) as a chart and a
//! table.

use leptos::prelude::*;
use patron_api::console::overview::PeriodQuery;
use patron_api::onboarding::{FunnelReport, PackFunnel};
use patron_api::paths;

use crate::api::{self, site_path};
use crate::i18n::{fill, messages, use_i18n};
use crate::session::use_session;
use crate::ui::chart::{Chart, ChartData, ChartKind};
use crate::ui::loaded;
use crate::ui::period::PeriodPicker;

messages! {
    Text {
        Title => "Guides", "引导", "引導";
        Funnel => "Funnel of “{n}”", "“{n}”的漏斗", "「{n}」的漏斗";
        Customers => "Customers", "顾客数", "顧客數";
        Started => "Started", "开始", "開始";
        Finished => "Finished", "完成", "完成";
        Step => "Step {n}: {title}", "第 {n} 步：{title}", "第 {n} 步：{title}";
        None => "No guide was started in this period.", "此期间没有人开始引导。", "此期間沒有人開始引導。";
    }
}

#[component]
pub fn Guides() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let period = RwSignal::new(PeriodQuery::default());
    let funnel = LocalResource::new(move || {
        let path = format!(
            "{}?{}",
            site_path(paths::CONSOLE_GUIDES_FUNNEL, &session.site(), &[]),
            period.get().to_query()
        );
        async move { api::get::<FunnelReport>(&path).await }
    });
    view! {
        <h1>{move || i18n.t(Text::Title)}</h1>
        <PeriodPicker query=period/>
        {loaded(funnel, move |report: FunnelReport| {
            if report.packs.is_empty() {
                return view! { <p class="pc-muted">{move || i18n.t(Text::None)}</p> }.into_any();
            }
            view! {
                <div class="pc-charts">
                    {report.packs.into_iter().map(|pack| view! { <PackChart pack=pack/> }).collect_view()}
                </div>
            }.into_any()
        })}
    }
}

#[component]
fn PackChart(pack: PackFunnel) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        // The table names each step ("Step 2: How points work"); the axis numbers them, as a
        // title or an id is too long for it and would crowd every other label out.
        let started = i18n.t(Text::Started).to_owned();
        let finished = i18n.t(Text::Finished).to_owned();
        let mut labels = vec![started.clone()];
        let mut axis_labels = vec![started];
        let mut values = vec![Some(pack.started as f64)];
        for (i, step) in pack.steps.iter().enumerate() {
            let title = if step.title.is_empty() {
                &step.step
            } else {
                &step.title
            };
            labels.push(fill(
                i18n.t(Text::Step),
                &[("n", &(i + 1).to_string()), ("title", title)],
            ));
            axis_labels.push((i + 1).to_string());
            values.push(Some(step.completed as f64));
        }
        labels.push(finished.clone());
        axis_labels.push(finished);
        values.push(Some(pack.finished as f64));
        let data = ChartData {
            labels,
            axis_labels,
            series: vec![(i18n.t(Text::Customers).to_owned(), values)],
            decimals: 0,
        };
        view! { <Chart caption=i18n.tn(Text::Funnel, &pack.title) kind=ChartKind::Bar data=data/> }
    }
}
