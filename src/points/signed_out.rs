//! Not signed in (or the token was refused): what membership offers, and a "Sign in" button
//! the host handles with `patron('on', 'login-requested', …)`.

use leptos::prelude::*;
use patron_api::points::Program;

use super::format::{group, money, unit_minor};
use super::i18n::t;
use super::{api, Pending};
use crate::bridge::use_bridge;
use crate::fetch::use_fetch;
use crate::i18n::fill;
use crate::i18n::use_i18n;
use crate::session::use_session;

#[component]
pub fn SignedOut() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let bridge = use_bridge();
    let asked = RwSignal::new(false);
    let program = use_fetch(move || api::program(session.site.get_value(), i18n.locale()));
    let sign_in = move |_| {
        bridge.emit("login-requested", wasm_bindgen::JsValue::NULL);
        asked.set(true);
    };
    let offer = move || match program.state.get() {
        None => view! { <Pending on_retry=Callback::new(|_| ())/> }.into_any(),
        Some(Err(error)) => {
            view! { <Pending error on_retry=Callback::new(move |_| program.reload())/> }.into_any()
        }
        Some(Ok(p)) => view! { <Tiers program=p/> }.into_any(),
    };
    view! {
        <section class="pt-points__join" data-testid="points-signed-out" aria-labelledby="pt-join-title">
            <h3 class="pt-subtitle" id="pt-join-title">{move || t(i18n).join_title}</h3>
            <p>{move || t(i18n).join_intro}</p>
            <p class="pt-muted">{move || t(i18n).sign_in_hint}</p>
            <button class="pt-button pt-button--primary" data-testid="points-sign-in" on:click=sign_in>
                {move || t(i18n).sign_in}
            </button>
            <p class="pt-muted" role="status" data-testid="points-sign-in-sent">
                {move || if asked.get() { t(i18n).sign_in_sent } else { "" }}
            </p>
            {offer}
        </section>
    }
}

#[component]
fn Tiers(program: Program) -> impl IntoView {
    let i18n = use_i18n();
    let Program {
        currency,
        points_per_unit,
        point_lifetime_months,
        window_months,
        tiers,
        ..
    } = program;
    let unit = money(unit_minor(&currency), &currency);
    let rule = move || {
        let s = t(i18n);
        let months = i64::from(point_lifetime_months);
        let earn = fill(
            s.earn_rule.pick(points_per_unit),
            &[("n", &group(points_per_unit)), ("amount", &unit)],
        );
        let validity = fill(s.validity.pick(months), &[("months", &months.to_string())]);
        earn + &validity
    };
    view! {
        <p>{rule}</p>
        <h3 class="pt-subtitle">{move || t(i18n).tiers_title}</h3>
        <ul class="pt-tiers">
            {tiers
                .into_iter()
                .map(|tier| {
                    let spend = money(tier.min_spend, &currency);
                    let entry = tier.min_spend <= 0;
                    let how = move || {
                        if entry {
                            t(i18n).tier_entry.to_owned()
                        } else {
                            let months = i64::from(window_months);
                            fill(t(i18n).tier_min_spend.pick(months), &[("amount", &spend), ("months", &months.to_string())])
                        }
                    };
                    view! {
                        <li class="pt-tier" data-testid="points-tier-info" data-tier=tier.id>
                            <span class="pt-tier__name">{tier.name}</span>
                            <span class="pt-muted">{how}</span>
                            <ul class="pt-points__benefits">
                                {tier.benefits.into_iter().map(|b| view! { <li>{b}</li> }).collect_view()}
                            </ul>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
