//! The period picker of the overview, the guides' funnel and the library's gaps: the last 7,
//! 30 or 90 days, or custom dates.

use leptos::prelude::*;
use patron_api::console::overview::{Period, PeriodQuery};

use crate::i18n::{messages, use_i18n};

messages! {
    PeriodText {
        Legend => "Period", "时间范围", "時間範圍";
        Last7 => "Last 7 days", "最近 7 天", "最近 7 天";
        Last30 => "Last 30 days", "最近 30 天", "最近 30 天";
        Last90 => "Last 90 days", "最近 90 天", "最近 90 天";
        Custom => "Custom", "自定义", "自訂";
        From => "From", "开始日期", "開始日期";
        To => "To", "结束日期", "結束日期";
        Show => "Show", "显示", "顯示";
    }
}

fn label(p: Period) -> PeriodText {
    match p {
        Period::Last7 => PeriodText::Last7,
        Period::Last30 => PeriodText::Last30,
        Period::Last90 => PeriodText::Last90,
        Period::Custom => PeriodText::Custom,
    }
}

/// Radio buttons for the period; custom dates are applied with their own button so a
/// half-typed date does not load anything.
#[component]
pub fn PeriodPicker(query: RwSignal<PeriodQuery>) -> impl IntoView {
    let i18n = use_i18n();
    let chosen = RwSignal::new(query.get_untracked().period.unwrap_or_default());
    let from = RwSignal::new(query.get_untracked().from.unwrap_or_default());
    let to = RwSignal::new(query.get_untracked().to.unwrap_or_default());
    let pick = move |p: Period| {
        chosen.set(p);
        if p != Period::Custom {
            query.set(PeriodQuery {
                period: Some(p),
                from: None,
                to: None,
            });
        }
    };
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        query.set(PeriodQuery {
            period: Some(Period::Custom),
            from: Some(from.get_untracked()),
            to: Some(to.get_untracked()),
        });
    };
    view! {
        <form class="pc-period" on:submit=apply>
            <fieldset>
                <legend>{move || i18n.t(PeriodText::Legend)}</legend>
                {Period::ALL.into_iter().map(|p| view! {
                    <label class="pc-period__option">
                        <input type="radio" name="period" value=p.as_str()
                            prop:checked=move || chosen.get() == p
                            on:change=move |_| pick(p)/>
                        {move || i18n.t(label(p))}
                    </label>
                }).collect_view()}
            </fieldset>
            <Show when=move || chosen.get() == Period::Custom>
                <label>{move || i18n.t(PeriodText::From)}
                    <input type="date" required bind:value=from/></label>
                <label>{move || i18n.t(PeriodText::To)}
                    <input type="date" required bind:value=to/></label>
                <button type="submit" class="pc-button">{move || i18n.t(PeriodText::Show)}</button>
            </Show>
        </form>
    }
}
