//! The console's guides screen (`GET …/guides/funnel?period=&from=&to=`, every role): each
//! pack's funnel over the runs started in the period (read in the site's zone, `period`),
//! counted as the admin report counts it (`reports::build`).

use axum::extract::State;
use patron_api::onboarding::FunnelReport;

use super::{reports, SitePacks};
use crate::auth::console::ConsoleUser;
use crate::error::AppError;
use crate::extract::{AppJson, AppQuery};
use crate::period::{PeriodParams, Periods};
use crate::state::AppState;

/// `GET …/guides/funnel` (every role).
pub async fn funnel(
    who: ConsoleUser,
    State(state): State<AppState>,
    AppQuery(params): AppQuery<PeriodParams>,
) -> Result<AppJson<FunnelReport>, AppError> {
    let site = who.site();
    let periods = Periods::now(&params, state.reporting.of(site))?;
    let packs = SitePacks::load(&state.pool, site).await?;
    let w = &periods.window;
    Ok(AppJson(
        reports::build(&state.pool, site, &packs, w.from, w.to).await?,
    ))
}
