//! One member: balance, tier and progress, and their points history.

use leptos::prelude::*;
use patron_api::console::members::MemberDetail;
use patron_api::paths;

use super::text::Text;
use crate::api::{self, site_path, ApiError};
use crate::format;
use crate::i18n::use_i18n;
use crate::session::use_session;
use crate::ui::{Common, ErrorPanel};

#[component]
pub fn Lookup() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let member = RwSignal::new(String::new());
    let find = Action::new_local(move |id: &String| {
        let path = format!(
            "{}?locale={}",
            site_path(paths::CONSOLE_MEMBER, &session.site(), &[("member", id)]),
            i18n.locale.get_untracked().as_str()
        );
        async move { api::get::<MemberDetail>(&path).await }
    });
    view! {
        <section class="pc-section" aria-labelledby="lookup-title">
            <h2 id="lookup-title">{move || i18n.t(Text::Lookup)}</h2>
            <form class="pc-form pc-form--inline" role="search" aria-labelledby="lookup-title" on:submit=move |ev| {
                ev.prevent_default();
                let id = member.get_untracked().trim().to_owned();
                if !id.is_empty() { find.dispatch(id); }
            }>
                <label>{move || i18n.t(Text::MemberId)}<input required bind:value=member/></label>
                <button type="submit" class="pc-button" disabled=move || find.pending().get()>{move || i18n.t(Text::Find)}</button>
            </form>
            {move || match find.value().get() {
                None => None,
                Some(Err(ApiError::NotFound)) => Some(view! { <p role="status">{move || i18n.t(Text::NeverSeen)}</p> }.into_any()),
                Some(Err(e)) => Some(view! { <ErrorPanel error=e/> }.into_any()),
                Some(Ok(d)) => Some(view! { <Member detail=d/> }.into_any()),
            }}
        </section>
    }
}

#[component]
fn Member(detail: MemberDetail) -> impl IntoView {
    let i18n = use_i18n();
    let s = detail.standing;
    let next = s.next_tier.clone();
    let currency = s.currency.clone();
    view! {
        <dl class="pc-facts pc-facts--wide" data-testid="member">
            <div><dt>{move || i18n.t(Common::Member)}</dt><dd>{s.member_id.clone()}{s.name.clone().map(|n| format!(" · {n}"))}</dd></div>
            <div><dt>{move || i18n.t(Text::Balance)}</dt><dd data-testid="balance">{format::count(s.balance)}</dd></div>
            <div><dt>{move || i18n.t(Text::Worth)}</dt><dd>{format::money(s.balance_value, &s.currency)}</dd></div>
            <div><dt>{move || i18n.t(Common::Tier)}</dt><dd>{s.tier.name.clone()}</dd></div>
            <div><dt>{move || i18n.t(Text::NextTier)}</dt><dd>{move || match &next {
                Some(n) => format!("{} · {} {}", n.name, i18n.t(Text::SpendNeeded), format::money(n.spend_needed, &currency)),
                None => i18n.t(Text::TopTier).to_owned(),
            }}</dd></div>
        </dl>
        <h3>{move || i18n.t(Text::History)}</h3>
        <div class="pc-scroll" tabindex="0" role="region" aria-label=move || i18n.t(Text::History)>
        <table class="pc-table pc-table--rows">
            <thead><tr>
                <th scope="col">{move || i18n.t(Common::When)}</th>
                <th scope="col">{move || i18n.t(Text::Entry)}</th>
                <th scope="col">{move || i18n.t(Text::Points)}</th>
            </tr></thead>
            <tbody>
                {detail.history.into_iter().map(|h| view! {
                    <tr>
                        <td>{format::date_time(h.at)}</td>
                        <td>{h.title}</td>
                        <td class="pc-num">{format::change(h.points as f64, 0)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}
