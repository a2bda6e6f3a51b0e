//! Recent points activity, newest first, a page at a time ("Load more").

use leptos::prelude::*;
use patron_api::points::{EntryKind, HistoryEntry};

use super::coupon::CouponCode;
use super::format::{date, signed};
use super::i18n::{t, PointsStrings};
use super::{api, Auth};
use crate::api::ApiError;
use crate::i18n::use_i18n;

#[derive(Clone, PartialEq)]
enum Load {
    Loading,
    Ready,
    Failed(ApiError),
}

fn kind_label(t: &PointsStrings, kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Earn => t.kind_earn,
        EntryKind::Redeem => t.kind_redeem,
        EntryKind::Reverse => t.kind_reverse,
        EntryKind::Adjust => t.kind_adjust,
        EntryKind::Expire => t.kind_expire,
    }
}

#[component]
pub fn History(auth: Auth, changed: Trigger) -> impl IntoView {
    let i18n = use_i18n();
    let entries = RwSignal::new(Vec::<HistoryEntry>::new());
    let next = RwSignal::new(None::<String>);
    let state = RwSignal::new(Load::Loading);
    // Answers to superseded requests (the locale changed, a redemption reloaded) are dropped.
    let latest = StoredValue::new(0u32);
    // The cursor of the last request, for "Try again".
    let last = StoredValue::new(None::<String>);

    // `None`: the first page, replacing what is shown; `Some`: the page after that cursor.
    let load = move |cursor: Option<String>| {
        let n = latest.get_value().wrapping_add(1);
        latest.set_value(n);
        state.set(Load::Loading);
        last.set_value(cursor.clone());
        let first = cursor.is_none();
        let token = auth.token();
        let request = api::history(auth.site(), token.clone(), i18n.0.get_untracked(), cursor);
        leptos::task::spawn_local(async move {
            let result = auth.check(&token, request.await);
            if latest.try_get_value() != Some(n) {
                return;
            }
            match result {
                Ok(page) => {
                    entries.update(|e| {
                        if first {
                            e.clear();
                        }
                        e.extend(page.entries);
                    });
                    next.set(page.next_cursor);
                    state.set(Load::Ready);
                }
                Err(e) => state.set(Load::Failed(e)),
            }
        });
    };
    Effect::new(move |_| {
        i18n.locale();
        changed.track();
        load(None);
    });
    let more = move || {
        if let Some(cursor) = next.get_untracked() {
            load(Some(cursor));
        }
    };
    let retry = move || load(last.get_value());

    let list = move || {
        entries.with(|es| {
            es.iter()
                .map(|e| {
                    let kind = e.kind;
                    let at = e.at;
                    let minus = e.points < 0;
                    let code = e.code.clone().map(|code| view! { <CouponCode code/> });
                    view! {
                        <li class="pt-entry" data-testid="points-entry" data-kind=kind.as_str()>
                            <span class="pt-entry__main">
                                <span class="pt-entry__title">{e.title.clone()}</span>
                                <span class="pt-entry__meta">
                                    {move || format!("{} · {}", kind_label(t(i18n), kind), date(at, i18n.locale()))}
                                </span>
                                {code}
                            </span>
                            <span class="pt-entry__points" class:pt-entry__points--minus=minus>{signed(e.points)}</span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let footer = move || {
        match state.get() {
        Load::Loading => view! { <p class="pt-muted" role="status">{move || i18n.t().loading}</p> }
            .into_any(),
        Load::Failed(error) => {
            let code = error.code();
            view! {
                <div class="pt-points__error" role="alert" data-testid="points-history-error">
                    <p>{move || i18n.t().error_message(code)}</p>
                    <button class="pt-button" data-testid="points-history-retry" on:click=move |_| retry()>
                        {move || i18n.t().retry}
                    </button>
                </div>
            }
            .into_any()
        }
        Load::Ready if entries.with(Vec::is_empty) => {
            view! { <p class="pt-muted">{move || t(i18n).history_empty}</p> }.into_any()
        }
        Load::Ready if next.with(Option::is_some) => view! {
            <button class="pt-button pt-points__more" data-testid="points-load-more" on:click=move |_| more()>
                {move || t(i18n).load_more}
            </button>
        }
        .into_any(),
        Load::Ready => ().into_any(),
    }
    };
    view! {
        <section class="pt-points__section" aria-labelledby="pt-history-title" data-testid="points-history">
            <h3 class="pt-subtitle" id="pt-history-title">{move || t(i18n).history_title}</h3>
            <ul class="pt-entries">{list}</ul>
            {footer}
        </section>
    }
}
