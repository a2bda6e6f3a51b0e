//! The rewards catalogue and redeeming one: a confirm step, then the new balance.
//!
//! Money is at stake, so a redemption is never applied twice: each confirmed attempt carries an
//! idempotency key, and while its outcome is unknown (no answer, a server error) every retry of
//! that reward, even after "Cancel", reuses the same key. The server answers a replayed key
//! with the first receipt instead of redeeming again.

use leptos::prelude::*;
use patron_api::points::{RedeemReceipt, RedeemRequest, Reward};
use patron_api::ErrorCode;

use super::coupon::CouponCode;
use super::format::group;
use super::i18n::t;
use super::{api, Auth, Pending};
use crate::api::ApiError;
use crate::fetch::use_fetch;
use crate::i18n::fill;
use crate::i18n::use_i18n;
use crate::session::random_id;

#[derive(Clone, PartialEq)]
enum Step {
    Confirm,
    Sending,
    Failed(ApiError),
}

/// The reward being redeemed and the key of this attempt.
#[derive(Clone, PartialEq)]
struct Redeeming {
    reward: Reward,
    key: String,
    step: Step,
}

/// No answer, or one that does not say whether the redemption happened.
fn outcome_unknown(e: &ApiError) -> bool {
    match e {
        ApiError::Network => true,
        ApiError::Api { status, .. } => *status >= 500,
    }
}

/// A fresh idempotency key, or `None` when the browser gave no randomness (never reuse a
/// predictable key for money).
fn new_key() -> Option<String> {
    let key = random_id();
    (!key.bytes().all(|b| b == b'0')).then_some(key)
}

#[component]
pub fn Rewards(auth: Auth, balance: Signal<Option<i64>>, changed: Trigger) -> impl IntoView {
    let i18n = use_i18n();
    let catalogue = use_fetch(move || {
        changed.track();
        api::rewards(auth.site(), i18n.locale())
    });
    let redeeming = RwSignal::new(None::<Redeeming>);
    let receipt = RwSignal::new(None::<RedeemReceipt>);
    // (reward id, key) of an attempt whose outcome is unknown.
    let unsettled = StoredValue::new(None::<(String, String)>);
    let no_randomness = RwSignal::new(false);

    let start = move |reward: Reward| {
        let reused = unsettled.with_value(|u| {
            u.as_ref()
                .filter(|(id, _)| *id == reward.id)
                .map(|(_, key)| key.clone())
        });
        let Some(key) = reused.or_else(new_key) else {
            no_randomness.set(true);
            return;
        };
        receipt.set(None);
        redeeming.set(Some(Redeeming {
            reward,
            key,
            step: Step::Confirm,
        }));
    };
    let send = move || {
        let Some(r) = redeeming.get_untracked() else {
            return;
        };
        if r.step == Step::Sending {
            return;
        }
        redeeming.update(|o| {
            if let Some(o) = o {
                o.step = Step::Sending;
            }
        });
        unsettled.set_value(Some((r.reward.id.clone(), r.key.clone())));
        let token = auth.token();
        let body = RedeemRequest {
            reward_id: r.reward.id.clone(),
            idempotency_key: r.key.clone(),
        };
        let request = api::redeem(auth.site(), token.clone(), i18n.0.get_untracked(), body);
        leptos::task::spawn_local(async move {
            let result = auth.check(&token, request.await);
            let settled = !result.as_ref().is_err_and(outcome_unknown);
            if settled {
                unsettled.try_update_value(|u| {
                    if u.as_ref().is_some_and(|(_, k)| *k == r.key) {
                        *u = None;
                    }
                });
            }
            match result {
                Ok(done) => {
                    redeeming.try_set(None);
                    receipt.try_set(Some(done));
                    focus_receipt();
                }
                Err(e) => {
                    redeeming.try_update(|o| {
                        if let Some(o) = o.as_mut().filter(|o| o.key == r.key) {
                            o.step = Step::Failed(e);
                        }
                    });
                }
            }
            // The balance, the history and the stock may all have changed.
            if settled {
                changed.notify();
            }
        });
    };

    let items = move || match catalogue.state.get() {
        None => view! { <Pending on_retry=Callback::new(|_| ())/> }.into_any(),
        Some(Err(error)) => {
            view! { <Pending error on_retry=Callback::new(move |_| catalogue.reload())/> }
                .into_any()
        }
        Some(Ok(c)) if c.rewards.is_empty() => {
            view! { <p class="pt-muted">{move || t(i18n).rewards_empty}</p> }.into_any()
        }
        Some(Ok(c)) => view! {
            <ul class="pt-rewards">
                {c.rewards
                    .into_iter()
                    .map(|reward| view! { <RewardItem reward balance redeeming start send/> })
                    .collect_view()}
            </ul>
        }
        .into_any(),
    };
    view! {
        <section class="pt-points__section" aria-labelledby="pt-rewards-title" data-testid="points-rewards">
            <h3 class="pt-subtitle" id="pt-rewards-title">{move || t(i18n).rewards_title}</h3>
            <div role="status" class="pt-points__receipt-slot">
                {move || {
                    receipt
                        .get()
                        .map(|r| {
                            let text = move || {
                                fill(t(i18n).redeemed.pick(r.new_balance), &[("reward", &r.reward_name), ("n", &group(r.new_balance))])
                            };
                            let code = r.code.clone().map(|code| view! { <CouponCode code/> });
                            let pending = r.code_pending.then(|| view! { <span class="pt-muted">{move || t(i18n).code_pending}</span> });
                            view! {
                                <div class="pt-points__receipt">
                                    <p id="pt-receipt" tabindex="-1" data-testid="points-redeemed">{text}</p>
                                    {code}
                                    {pending}
                                </div>
                            }
                        })
                }}
            </div>
            {move || no_randomness.get().then(|| view! { <p class="pt-points__error" role="alert">{move || i18n.t().error_server}</p> })}
            {items}
        </section>
    }
}

/// Moves focus to the receipt once it is drawn, so it is read out and the customer keeps
/// their place (the confirm step they were in has gone).
fn focus_receipt() {
    request_animation_frame(|| {
        if let Some(el) = document().get_element_by_id("pt-receipt") {
            if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
                let _ = el.focus();
            }
        }
    });
}

#[component]
fn RewardItem(
    reward: Reward,
    balance: Signal<Option<i64>>,
    redeeming: RwSignal<Option<Redeeming>>,
    start: impl Fn(Reward) + Copy + Send + Sync + 'static,
    send: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = reward.id.clone();
    let cost = reward.cost;
    let out_of_stock = reward.stock_left.is_some_and(|n| n <= 0);
    let stock = reward
        .stock_left
        .filter(|n| *n > 0)
        .map(|n| view! { <span class="pt-reward__stock">{move || fill(t(i18n).stock_left, &[("n", &group(n))])}</span> });
    let description = Some(reward.description.clone())
        .filter(|d| !d.is_empty())
        .map(|d| view! { <span class="pt-reward__desc">{d}</span> });
    let mine = {
        let id = id.clone();
        move || redeeming.with(|r| r.as_ref().filter(|r| r.reward.id == id).cloned())
    };
    let reward = StoredValue::new(reward);

    let action = move || {
        if let Some(r) = mine() {
            return view! { <Confirm r balance redeeming send/> }.into_any();
        }
        let short = balance.get().map_or(0, |b| cost.saturating_sub(b)).max(0);
        let busy = redeeming.with(|r| r.as_ref().is_some_and(|r| r.step == Step::Sending));
        let reason = if out_of_stock {
            Some(t(i18n).out_of_stock.to_owned())
        } else if short > 0 {
            Some(fill(t(i18n).need_more.pick(short), &[("n", &group(short))]))
        } else {
            None
        };
        let disabled = reason.is_some() || busy || balance.get().is_none();
        view! {
            {reason.map(|r| view! { <span class="pt-reward__why">{r}</span> })}
            <button class="pt-button pt-reward__redeem" data-testid="points-redeem" disabled=disabled
                on:click=move |_| start(reward.get_value())>
                {move || t(i18n).redeem}
            </button>
        }
        .into_any()
    };
    view! {
        <li class="pt-reward" data-testid="points-reward" data-reward=id>
            <span class="pt-reward__text">
                <span class="pt-reward__name">{reward.with_value(|r| r.name.clone())}</span>
                {description}
                <span class="pt-reward__cost">{move || fill(t(i18n).cost.pick(cost), &[("n", &group(cost))])}{stock}</span>
            </span>
            <div class="pt-reward__action">{action}</div>
        </li>
    }
}

/// "Redeem X for N points?" with the balance afterwards, then the outcome of the attempt.
#[component]
fn Confirm(
    r: Redeeming,
    balance: Signal<Option<i64>>,
    redeeming: RwSignal<Option<Redeeming>>,
    send: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let question = NodeRef::<leptos::html::P>::new();
    Effect::new(move |_| {
        if let Some(el) = question.get() {
            let _ = el.focus();
        }
    });
    let name = r.reward.name.clone();
    let cost = r.reward.cost;
    let after = move || {
        balance.get().map(|b| {
            fill(
                t(i18n).confirm_after.pick(b - cost),
                &[("n", &group(b - cost))],
            )
        })
    };
    let error = match &r.step {
        Step::Failed(e) => {
            let e = e.clone();
            Some(view! {
                <p class="pt-points__error" role="alert" data-testid="points-redeem-error">
                    {move || match e.code() {
                        Some(ErrorCode::InsufficientPoints) => t(i18n).err_insufficient,
                        Some(ErrorCode::OutOfStock) => t(i18n).err_out_of_stock,
                        _ if outcome_unknown(&e) => t(i18n).err_unknown_outcome,
                        code => i18n.t().error_message(code),
                    }}
                </p>
            })
        }
        _ => None,
    };
    // After a refusal (not enough points, out of stock) trying again cannot help; after no
    // answer it can, with the same key.
    let can_send = match &r.step {
        Step::Failed(e) => outcome_unknown(e),
        _ => true,
    };
    let sending = r.step == Step::Sending;
    let retrying = matches!(r.step, Step::Failed(_));
    view! {
        <div class="pt-confirm" role="group" aria-labelledby="pt-confirm-q" data-testid="points-confirm">
            <p class="pt-confirm__q" id="pt-confirm-q" tabindex="-1" node_ref=question>
                {move || fill(t(i18n).confirm_question.pick(cost), &[("reward", &name), ("n", &group(cost))])}
            </p>
            <p class="pt-muted">{after}</p>
            {error}
            <div class="pt-confirm__buttons">
                {can_send
                    .then(|| view! {
                        <button class="pt-button pt-button--primary" data-testid="points-confirm-redeem"
                            disabled=sending on:click=move |_| send()>
                            {move || {
                                if sending {
                                    t(i18n).redeeming
                                } else if retrying {
                                    i18n.t().retry
                                } else {
                                    t(i18n).confirm
                                }
                            }}
                        </button>
                    })}
                <button class="pt-button" data-testid="points-cancel" disabled=sending
                    on:click=move |_| redeeming.set(None)>
                    {move || t(i18n).cancel}
                </button>
            </div>
        </div>
    }
}
