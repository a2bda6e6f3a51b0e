//! The onboarding funnel for site admins: per pack, the customers who started it in the
//! window (completed any first step), how many of them had completed each step, and how many
//! had finished the pack, by the window's end. JSON or CSV.
//!
//! `from`/`to` as in the survey reports: unix milliseconds or dates (`2025-03-01`, `to`
//! inclusive), read in `tz_offset_minutes` (default UTC); default window: everything up to
//! now. Packs in the site's order, then packs no longer defined that have runs in the window;
//! steps in the pack's order, then steps no longer in the pack.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use patron_api::onboarding::{FunnelReport, PackFunnel, StepFunnel};
use sqlx::AnyPool;

use super::storage::{self, FunnelCounts};
use super::SitePacks;
use crate::auth::SiteAdmin;
use crate::error::AppError;
use crate::extract::AppQuery;
use crate::reports::{cell, csv, ReportParams, ReportRequest};
use crate::state::AppState;

/// Builds the funnel of `site` over `[from, to)`.
pub async fn build(
    pool: &AnyPool,
    site: &str,
    packs: &SitePacks,
    from: i64,
    to: i64,
) -> Result<FunnelReport, AppError> {
    let counts = storage::funnel(pool, site, from, to).await?;
    Ok(FunnelReport {
        from,
        to,
        packs: assemble(packs, &counts),
    })
}

fn assemble(packs: &SitePacks, counts: &FunnelCounts) -> Vec<PackFunnel> {
    let in_default =
        |l: &patron_api::Localized| l.get(packs.default_locale, packs.default_locale).to_owned();
    // (pack id, title, [(step id, title)]) in the site's order.
    type Order = (String, String, Vec<(String, String)>);
    let mut order: Vec<Order> = packs
        .packs
        .iter()
        .map(|p| {
            let steps = p
                .steps
                .iter()
                .map(|s| (s.id.clone(), in_default(&s.title)))
                .collect();
            (p.id.clone(), in_default(&p.title), steps)
        })
        .collect();
    let mut gone: Vec<&String> = counts
        .started
        .keys()
        .filter(|id| !order.iter().any(|(known, _, _)| known == *id))
        .collect();
    gone.sort();
    order.extend(
        gone.into_iter()
            .map(|id| (id.clone(), id.clone(), Vec::new())),
    );
    order
        .into_iter()
        .map(|(pack, title, mut steps)| {
            let mut removed: Vec<&String> = counts
                .steps
                .keys()
                .filter(|(p, s)| *p == pack && !steps.iter().any(|(known, _)| known == s))
                .map(|(_, s)| s)
                .collect();
            removed.sort();
            steps.extend(removed.into_iter().map(|s| (s.clone(), s.clone())));
            let count =
                |m: &std::collections::HashMap<String, i64>| m.get(&pack).copied().unwrap_or(0);
            PackFunnel {
                started: count(&counts.started),
                finished: count(&counts.finished),
                steps: steps
                    .into_iter()
                    .map(|(step, title)| StepFunnel {
                        completed: counts
                            .steps
                            .get(&(pack.clone(), step.clone()))
                            .copied()
                            .unwrap_or(0),
                        step,
                        title,
                    })
                    .collect(),
                title,
                pack,
            }
        })
        .collect()
}

/// `GET /v1/admin/sites/{site}/reports/onboarding?from=&to=&tz_offset_minutes=&format=`.
pub async fn onboarding(
    admin: SiteAdmin,
    State(state): State<AppState>,
    headers: HeaderMap,
    AppQuery(params): AppQuery<ReportParams>,
) -> Result<Response, AppError> {
    let site = admin.site;
    let packs = SitePacks::load(&state.pool, &site).await?;
    let request = ReportRequest::parse(&params, &headers)?;
    let w = request.window;
    let report = build(&state.pool, &site, &packs, w.from, w.to).await?;
    request.respond(&format!("onboarding-{site}.csv"), report, funnel_csv)
}

pub const CSV_HEADER: [&str; 5] = ["pack_id", "pack_title", "stage", "step_id", "customers"];

/// One row per funnel stage: `started`, each `step`, `finished`.
pub fn funnel_csv(report: &FunnelReport) -> Result<Vec<u8>, AppError> {
    let mut rows = Vec::new();
    for p in &report.packs {
        let row = |stage: &str, step: String, n: i64| {
            [
                cell(&p.pack),
                cell(&p.title),
                stage.to_owned(),
                step,
                n.to_string(),
            ]
        };
        rows.push(row("started", String::new(), p.started));
        for s in &p.steps {
            rows.push(row("step", cell(&s.step), s.completed));
        }
        rows.push(row("finished", String::new(), p.finished));
    }
    csv(CSV_HEADER, rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::onboarding::definitions::PackDef;

    fn packs() -> SitePacks {
        let pack: PackDef = serde_json::from_value(serde_json::json!({
            "id": "welcome",
            "title": {"zh-CN": "新手指南", "en": "Getting started"},
            "audience": {"everyone": true},
            "steps": [
                {"id": "a", "title": {"zh-CN": "一"}},
                {"id": "b", "title": {"zh-CN": "二"}},
            ]
        }))
        .expect("pack");
        SitePacks {
            default_locale: patron_api::Locale::ZhCn,
            enabled: true,
            packs: vec![pack],
        }
    }

    #[test]
    fn funnel_orders_packs_and_steps_and_keeps_what_was_removed() {
        let mut counts = FunnelCounts::default();
        counts.started.insert("welcome".into(), 5);
        counts.finished.insert("welcome".into(), 2);
        counts.steps.insert(("welcome".into(), "b".into()), 4);
        counts.steps.insert(("welcome".into(), "old".into()), 1);
        counts.started.insert("retired".into(), 1);
        counts.steps.insert(("retired".into(), "x".into()), 1);
        let funnel = assemble(&packs(), &counts);
        type Row = (String, i64, Vec<(String, i64)>, i64);
        let shape: Vec<Row> = funnel
            .iter()
            .map(|p| {
                let steps = p
                    .steps
                    .iter()
                    .map(|s| (s.step.clone(), s.completed))
                    .collect();
                (p.pack.clone(), p.started, steps, p.finished)
            })
            .collect();
        assert_eq!(
            shape,
            [
                (
                    "welcome".into(),
                    5,
                    vec![("a".into(), 0), ("b".into(), 4), ("old".into(), 1)],
                    2
                ),
                ("retired".into(), 1, vec![("x".into(), 1)], 0),
            ]
        );
        assert_eq!(funnel[0].title, "新手指南");
        let titles: Vec<&str> = funnel[0].steps.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(
            titles,
            ["一", "二", "old"],
            "a removed step is named by its id"
        );
        let csv = String::from_utf8(
            funnel_csv(&FunnelReport {
                from: 0,
                to: 1,
                packs: funnel,
            })
            .expect("csv"),
        )
        .expect("utf-8");
        assert!(
            csv.starts_with("pack_id,pack_title,stage,step_id,customers\n"),
            "{csv}"
        );
        assert!(csv.contains("welcome,新手指南,started,,5\n"), "{csv}");
        assert!(csv.contains("welcome,新手指南,step,b,4\n"), "{csv}");
        assert!(csv.contains("retired,retired,finished,,0\n"), "{csv}");
    }
}
