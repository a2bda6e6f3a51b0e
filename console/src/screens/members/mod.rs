//! Members and rewards: look a member up, the redemptions to fulfil or cancel, and the
//! programme's liability.

mod lookup;
mod redemptions;
mod text;

use leptos::prelude::*;
use patron_api::console::members::Liability as LiabilityData;
use patron_api::paths;

use crate::api::{self, site_path};
use crate::format;
use crate::i18n::use_i18n;
use crate::session::use_session;
use crate::ui::loaded;
use text::Text;

#[component]
pub fn Members() -> impl IntoView {
    let i18n = use_i18n();
    let liability = LocalResource::new(move || {
        let path = site_path(paths::CONSOLE_LIABILITY, &use_session().site(), &[]);
        async move { api::get::<LiabilityData>(&path).await }
    });
    view! {
        <h1>{move || i18n.t(Text::Title)}</h1>
        <section class="pc-section" aria-labelledby="liability-title">
            <h2 id="liability-title">{move || i18n.t(Text::Liability)}</h2>
            {loaded(liability, move |l: LiabilityData| view! {
                <dl class="pc-facts pc-facts--wide" data-testid="liability">
                    <div><dt>{move || i18n.t(Text::Outstanding)}</dt><dd>{format::count(l.outstanding_points)}</dd></div>
                    <div><dt>{move || i18n.t(Text::Worth)}</dt><dd>{format::money(l.value, &l.currency)}</dd></div>
                    <div><dt>{move || i18n.t(Text::MembersWithPoints)}</dt><dd>{format::count(l.members_with_points)}</dd></div>
                    <div><dt>{move || i18n.t(Text::Expiring)}</dt><dd>{format::count(l.expiring_within_30_days)}</dd></div>
                    <div><dt>{move || i18n.t(Text::PendingRedemptions)}</dt>
                        <dd>{format::count(l.pending_redemptions)}" ("{format::count(l.pending_points)}" "{move || i18n.t(Text::Points).to_lowercase()}")"</dd></div>
                </dl>
            })}
        </section>
        <lookup::Lookup/>
        <redemptions::Redemptions on_change=Callback::new(move |()| liability.refetch())/>
    }
}
