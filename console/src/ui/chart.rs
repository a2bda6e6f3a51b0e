//! Charts (leptos-chartistry) that read without colour: every series has its own marker shape
//! and a name in the legend, and the same numbers are one click away as a table. The drawing
//! is hidden from screen readers, which read the table instead. No hover tooltip: the page's
//! policy refuses inline styles (`style-src 'self'`), which the library's tooltip needs; the
//! table gives the exact values, and console.css stands in for the legend's inline styles.

use leptos::prelude::*;
use leptos_chartistry::{
    AspectRatio, AxisMarker, Bar, IntoInner, Legend, Line, Marker, MarkerShape, Series, TickLabels,
    XGridLine, YGridLine,
};

use crate::format;
use crate::i18n::use_i18n;
use crate::ui::Common;

/// What a chart shows: one label per point on the x axis, and named series of values (absent
/// where there was nothing to count).
#[derive(Clone, Debug, PartialEq)]
pub struct ChartData {
    pub labels: Vec<String>,
    /// Shorter labels for the x axis, where one long label would crowd every other out (on a
    /// phone the axis then shows none); the table keeps `labels`. Empty: the axis shows
    /// `labels`.
    pub axis_labels: Vec<String>,
    pub series: Vec<(String, Vec<Option<f64>>)>,
    /// Decimals in the table and the tooltip.
    pub decimals: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    Line,
    Bar,
}

#[derive(Clone)]
struct Point {
    x: f64,
    ys: Vec<f64>,
}

const SHAPES: [MarkerShape; 5] = [
    MarkerShape::Circle,
    MarkerShape::Square,
    MarkerShape::Triangle,
    MarkerShape::Diamond,
    MarkerShape::Plus,
];

/// A chart with its caption and its table.
#[component]
pub fn Chart(
    /// The chart's title (also the table's caption).
    #[prop(into)]
    caption: Signal<String>,
    data: ChartData,
    kind: ChartKind,
) -> impl IntoView {
    let i18n = use_i18n();
    let points: Vec<Point> = data
        .labels
        .iter()
        .enumerate()
        .map(|(i, _)| Point {
            x: i as f64,
            ys: data
                .series
                .iter()
                .map(|(_, values)| values.get(i).copied().flatten().unwrap_or(f64::NAN))
                .collect(),
        })
        .collect();
    // Bars (counts) stand on zero; lines (scores, rates) use the data's own range.
    let mut series = Series::new(|p: &Point| p.x);
    if kind == ChartKind::Bar {
        series = series.with_min_y(0.0);
    }
    for (i, (name, _)) in data.series.iter().enumerate() {
        let get = move |p: &Point| p.ys[i];
        series = match kind {
            ChartKind::Line => series.line(
                Line::new(get)
                    .with_name(name.clone())
                    .with_marker(Marker::from_shape(SHAPES[i % SHAPES.len()]).with_scale(1.4)),
            ),
            ChartKind::Bar => series.bar(Bar::new(get).with_name(name.clone())),
        };
    }
    let labels = if data.axis_labels.is_empty() {
        data.labels.clone()
    } else {
        data.axis_labels.clone()
    };
    let ticks = TickLabels::aligned_floats().with_format(move |x: &f64, _| {
        let i = x.round();
        if (x - i).abs() > 1e-6 || i < 0.0 {
            return String::new();
        }
        labels.get(i as usize).cloned().unwrap_or_default()
    });
    let empty = points.is_empty();
    let table = data.clone();
    view! {
        <figure class="pc-chart">
            <figcaption>{move || caption.get()}</figcaption>
            {(!empty).then(|| view! {
                <div class="pc-chart__drawing" aria-hidden="true">
                    <leptos_chartistry::Chart
                        aspect_ratio=AspectRatio::from_env_width(260.0)
                        series=series
                        data=Signal::derive(move || points.clone())
                        left=TickLabels::aligned_floats()
                        bottom=ticks
                        top=Legend::start()
                        inner=[
                            AxisMarker::left_edge().into_inner(),
                            AxisMarker::bottom_edge().into_inner(),
                            XGridLine::default().into_inner(),
                            YGridLine::default().into_inner(),
                        ]
                    />
                </div>
            })}
            <details class="pc-chart__table">
                <summary>{move || i18n.t(Common::ShowTable)}</summary>
                <DataTable caption=caption data=table/>
            </details>
        </figure>
    }
}

/// The chart's numbers: one row per label, one column per series.
#[component]
fn DataTable(caption: Signal<String>, data: ChartData) -> impl IntoView {
    let decimals = data.decimals;
    view! {
        <table class="pc-table">
            <caption class="pc-visually-hidden">{move || caption.get()}</caption>
            <thead><tr>
                <td></td>
                {data.series.iter().map(|(name, _)| view! { <th scope="col">{name.clone()}</th> }).collect_view()}
            </tr></thead>
            <tbody>
                {data.labels.iter().enumerate().map(|(i, label)| view! {
                    <tr>
                        <th scope="row">{label.clone()}</th>
                        {data.series.iter().map(|(_, values)| view! {
                            <td class="pc-num">{format::number(values.get(i).copied().flatten(), decimals)}</td>
                        }).collect_view()}
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}
