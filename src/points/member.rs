//! The signed-in member's summary: balance, tier, progress to the next tier, expiring points
//! and benefits, with rewards and history below.

use leptos::prelude::*;
use patron_api::points::Me;
use patron_api::DisplayMode;

use super::format::{date, group, money, percent};
use super::history::History;
use super::i18n::t;
use super::rewards::Rewards;
use super::{api, Auth};
use crate::bridge::use_bridge;
use crate::i18n::fill;
use crate::i18n::use_i18n;
use crate::session::{focus_screen_heading, use_session};
use crate::shell::StatusPanel;

#[component]
pub fn Member(token: String) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let auth = Auth {
        session,
        token: StoredValue::new(token),
    };
    // Notified after a redemption: balance, history and stock are then reloaded.
    let changed = Trigger::new();
    let me = crate::fetch::use_fetch(move || {
        changed.track();
        let token = auth.token();
        let request = api::me(auth.site(), token.clone(), i18n.locale());
        async move { auth.check(&token, request.await) }
    });
    let kiosk = use_bridge().mode() == DisplayMode::Kiosk;

    let summary = move || match me.state.get() {
        None => {
            view! { <p class="pt-muted" role="status">{move || i18n.t().loading}</p> }.into_any()
        }
        Some(Err(error)) => {
            view! { <StatusPanel error on_retry=Callback::new(move |_| me.reload())/> }.into_any()
        }
        Some(Ok(me)) => view! { <Summary me/> }.into_any(),
    };
    let balance = Signal::derive(move || {
        me.state
            .with(|s| s.as_ref().and_then(|r| r.as_ref().ok()).map(|m| m.balance))
    });
    view! {
        <div data-testid="points-member">
            {summary}
            <Rewards auth balance changed/>
            <History auth changed/>
            {kiosk
                .then(|| {
                    // The shopper is finished: forget them now rather than at the idle timeout.
                    view! {
                        <button class="pt-button pt-button--primary pt-points__done" data-testid="points-done"
                            on:click=move |_| {
                                session.reset(i18n);
                                focus_screen_heading();
                            }>
                            {move || t(i18n).done}
                        </button>
                    }
                })}
        </div>
    }
}

#[component]
fn Summary(me: Me) -> impl IntoView {
    let i18n = use_i18n();
    let Me {
        name,
        balance,
        balance_value,
        currency,
        tier,
        qualifying_spend,
        next_tier,
        expiring,
        ..
    } = me;
    let tier_name = tier.name.clone();
    let worth = money(balance_value, &currency);
    let hello = name.filter(|n| !n.trim().is_empty()).map(|name| {
        view! { <p class="pt-points__hello" data-testid="points-name">{move || fill(t(i18n).hello, &[("name", &name)])}</p> }
    });
    let expiring = expiring.filter(|e| e.points > 0).map(|e| {
        view! {
            <p class="pt-points__expiring" data-testid="points-expiring">
                {move || fill(t(i18n).expiring.pick(e.points), &[("n", &group(e.points)), ("date", &date(e.at, i18n.locale()))])}
            </p>
        }
    });
    let progress = match next_tier {
        Some(next) => {
            let target = qualifying_spend.saturating_add(next.spend_needed);
            let pct = percent(qualifying_spend, target);
            let needed = money(next.spend_needed, &currency);
            let next_name = next.name;
            let label_name = next_name.clone();
            let text = move || {
                let tier = ("tier", next_name.as_str());
                let amount = ("amount", needed.as_str());
                match next.by {
                    Some(by) => fill(
                        t(i18n).progress_text_by,
                        &[amount, ("date", &date(by, i18n.locale())), tier],
                    ),
                    None => fill(t(i18n).progress_text, &[amount, tier]),
                }
            };
            let label = move || fill(t(i18n).progress_label, &[("tier", &label_name)]);
            view! {
                <div class="pt-points__progress" data-testid="points-progress">
                    <p class="pt-points__progress-label" id="pt-progress-label">{label}</p>
                    <div class="pt-meter" role="progressbar" aria-labelledby="pt-progress-label"
                        aria-valuemin="0" aria-valuemax="100" aria-valuenow=pct aria-valuetext=text.clone()
                        data-testid="points-progressbar">
                        <div class="pt-meter__fill" style=format!("width:{pct}%")></div>
                    </div>
                    <p data-testid="points-progress-text">{text}</p>
                </div>
            }
            .into_any()
        }
        None => view! { <p class="pt-points__top" data-testid="points-top-tier">{move || t(i18n).top_tier}</p> }
            .into_any(),
    };
    view! {
        <section class="pt-points__card" data-testid="points-summary" aria-labelledby="pt-balance-label">
            {hello}
            <p class="pt-points__tier" data-testid="points-tier" data-tier=tier.id>
                {move || fill(t(i18n).tier_badge, &[("tier", &tier_name)])}
            </p>
            <p class="pt-points__label" id="pt-balance-label">{move || t(i18n).balance}</p>
            <p class="pt-points__balance">
                <strong data-testid="points-balance">{group(balance)}</strong>
                " "
                <span>{move || t(i18n).points_unit.pick(balance)}</span>
            </p>
            <p class="pt-muted" data-testid="points-worth">{move || fill(t(i18n).worth, &[("amount", &worth)])}</p>
        </section>
        {expiring}
        {progress}
        <h3 class="pt-subtitle">{move || t(i18n).benefits_title}</h3>
        <ul class="pt-points__benefits" data-testid="points-benefits">
            {tier.benefits.into_iter().map(|b| view! { <li>{b}</li> }).collect_view()}
        </ul>
    }
}
