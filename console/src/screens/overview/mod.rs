//! The overview: NPS, CSAT, first-contact resolution, self-service and volumes against the
//! site's targets and the previous period; weekly trends; breakdowns.

mod breakdowns;
mod cards;
mod text;
mod trend;

use leptos::prelude::*;
use patron_api::console::overview::{Overview as OverviewData, PeriodQuery};
use patron_api::paths;

use crate::api::{self, site_path};
use crate::i18n::use_i18n;
use crate::session::use_session;
use crate::ui::loaded;
use crate::ui::period::PeriodPicker;
use text::Text;

#[component]
pub fn Overview() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let period = RwSignal::new(PeriodQuery::default());
    let overview = LocalResource::new(move || {
        let path = format!(
            "{}?{}",
            site_path(paths::CONSOLE_OVERVIEW, &session.site(), &[]),
            period.get().to_query()
        );
        async move { api::get::<OverviewData>(&path).await }
    });
    view! {
        <h1>{move || i18n.t(Text::Title)}</h1>
        <PeriodPicker query=period/>
        {loaded(overview, move |o: OverviewData| view! {
            <p class="pc-muted">{
                let (w, p, tz) = (o.window.clone(), o.previous.clone(), o.time_zone.clone());
                move || format!("{} {} – {} ({tz}) · {} {} – {}", i18n.t(Text::Window), w.from_date,
                    w.to_date, i18n.t(Text::Previous), p.from_date, p.to_date)
            }</p>
            <cards::Cards overview=o.clone()/>
            <trend::Trends weeks=o.trend.clone()/>
            <breakdowns::Breakdowns breakdowns=o.breakdowns.clone()/>
        })}
    }
}
