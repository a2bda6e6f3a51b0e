//! Redemptions: pending ones are fulfilled, or cancelled with the points returned.

use leptos::prelude::*;
use patron_api::console::members::{
    Redemption, RedemptionChange, RedemptionPage, RedemptionStatus,
};
use patron_api::paths;

use super::text::{status, Text};
use crate::api::{self, query, site_path, ApiError};
use crate::format;
use crate::i18n::use_i18n;
use crate::session::use_session;
use crate::ui::{loaded, Common, WriteError};

#[component]
pub fn Redemptions(on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let filter = RwSignal::new(String::from("pending"));
    let cursor = RwSignal::new(None::<String>);
    let page = LocalResource::new(move || {
        let path = format!(
            "{}{}",
            site_path(paths::CONSOLE_REDEMPTIONS, &session.site(), &[]),
            query(&[("status", Some(filter.get())), ("cursor", cursor.get())])
        );
        async move { api::get::<RedemptionPage>(&path).await }
    });
    let changed = Callback::new(move |()| {
        page.refetch();
        on_change.run(());
    });
    view! {
        <section class="pc-section" aria-labelledby="redemptions-title">
            <h2 id="redemptions-title">{move || i18n.t(Text::Redemptions)}</h2>
            <label>{move || i18n.t(Common::Status)}
                <select prop:value=move || filter.get() on:change=move |ev| { cursor.set(None); filter.set(event_target_value(&ev)); }>
                    <option value="">{move || i18n.t(Common::All)}</option>
                    {RedemptionStatus::ALL.into_iter().map(|s| view! {
                        <option value=s.as_str()>{move || i18n.t(status(s))}</option>
                    }).collect_view()}
                </select>
            </label>
            {loaded(page, move |p: RedemptionPage| view! {
                {if p.redemptions.is_empty() {
                    view! { <p class="pc-muted">{move || i18n.t(Text::Empty)}</p> }.into_any()
                } else {
                    view! {
                        <div class="pc-scroll" tabindex="0" role="region" aria-labelledby="redemptions-title">
                        <table class="pc-table pc-table--rows">
                            <thead><tr>
                                <th scope="col">{move || i18n.t(Common::When)}</th>
                                <th scope="col">{move || i18n.t(Common::Member)}</th>
                                <th scope="col">{move || i18n.t(Text::Reward)}</th>
                                <th scope="col">{move || i18n.t(Text::Points)}</th>
                                <th scope="col">{move || i18n.t(Common::Status)}</th>
                                <td></td>
                            </tr></thead>
                            <tbody>{p.redemptions.into_iter().map(|r| view! { <Row redemption=r on_change=changed/> }).collect_view()}</tbody>
                        </table>
                        </div>
                    }.into_any()
                }}
                <crate::ui::pager::Pager cursor=cursor next=p.next_cursor/>
            })}
        </section>
    }
}

#[component]
fn Row(redemption: Redemption, on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let r = redemption;
    let path = site_path(paths::CONSOLE_REDEMPTION, &session.site(), &[("id", &r.id)]);
    let change = Action::new_local(move |to: &RedemptionStatus| {
        let (path, body) = (path.clone(), RedemptionChange { status: *to });
        async move { api::put::<_, Redemption>(&path, &body).await.map(|_| ()) }
    });
    Effect::new(move || {
        if let Some(Ok(())) = change.value().get() {
            on_change.run(());
        }
    });
    let result: Signal<Option<Result<(), ApiError>>> = change.value().into();
    let st = status(r.status);
    let what = format!("{} · {}", r.reward_name, r.member_id);
    let what2 = what.clone();
    view! {
        <tr>
            <td>{format::date_time(r.redeemed_at)}</td>
            <td>{r.member_id.clone()}</td>
            <td>{r.reward_name.clone()}</td>
            <td class="pc-num">{format::count(r.points)}</td>
            <td>{move || i18n.t(st)}</td>
            <td>
                {(r.status == RedemptionStatus::Pending && session.can_work()).then(|| view! {
                    <div class="pc-actions">
                        <button type="button" class="pc-button" disabled=move || change.pending().get()
                            aria-label=move || i18n.tn(Text::FulfilFor, &what)
                            on:click=move |_| { change.dispatch(RedemptionStatus::Fulfilled); }>{move || i18n.t(Text::Fulfil)}</button>
                        <button type="button" class="pc-button pc-button--quiet" disabled=move || change.pending().get()
                            aria-label=move || i18n.tn(Text::CancelFor, &what2)
                            on:click=move |_| { change.dispatch(RedemptionStatus::Cancelled); }>{move || i18n.t(Text::Cancel)}</button>
                    </div>
                })}
                <WriteError result=result/>
            </td>
        </tr>
    }
}
