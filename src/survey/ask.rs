//! From a trigger to a question for the server: what the host's commands, Help and the time
//! on a page ask about, one question at a time; a survey the server chose is shown.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::time::Duration;

use js_sys::{Array, Object};
use leptos::prelude::*;
use patron_api::survey::{
    self, Context, EligibilityRequest, EligibilityResponse, Trigger, TriggerKind,
    CONTEXT_MAX_ENTRIES, CONTEXT_VALUE_MAX_CHARS,
};
use wasm_bindgen::{JsCast, JsValue};

use super::api;
use super::outbox;
use super::state::{self, Respondent};
use crate::session::{HostAsk, SurveyAsk};

/// Seconds on page are checked at these marks: the server knows each survey's threshold, and
/// a threshold is met at the first mark at or after it.
const DWELL_MARKS: [u32; 4] = [30, 60, 120, 300];

thread_local! {
    static ASKS: RefCell<VecDeque<Question>> = const { RefCell::new(VecDeque::new()) };
    static ASKING: Cell<bool> = const { Cell::new(false) };
    static DWELL: RefCell<Vec<TimeoutHandle>> = const { RefCell::new(Vec::new()) };
}

/// What to ask the server about: what happened, maybe the one survey the host named, and the
/// host's context.
struct Question {
    trigger: Trigger,
    survey_id: Option<String>,
    context: Context,
}

impl Question {
    fn new(trigger: Trigger) -> Self {
        Question {
            trigger,
            survey_id: None,
            context: Context::new(),
        }
    }

    /// Reads a host command: `track(name, props)`, `survey(id, {context})` or `page(url)`.
    fn from_host(command: HostAsk, args: &Array) -> Option<Question> {
        let first = args.get(0).as_string()?;
        Some(match command {
            HostAsk::Track => Question {
                context: context_of(&args.get(1)),
                ..Question::new(Trigger::event(&first))
            },
            HostAsk::Survey => Question {
                survey_id: Some(first),
                context: context_of(
                    &js_sys::Reflect::get(&args.get(1), &"context".into()).unwrap_or_default(),
                ),
                ..Question::new(Trigger::direct())
            },
            // Only the path matters to a page pattern; a query string may hold anything.
            HostAsk::Page => Question::new(Trigger::page_url(
                first.split(['?', '#']).next().unwrap_or_default(),
            )),
            HostAsk::Outbox => return None,
        })
    }
}

/// Queues a trigger; triggers are asked about one at a time, in order.
pub fn enqueue(who: Respondent, ask: SurveyAsk) {
    let question = match ask {
        // Kept answers are no question for the server: straight to the outbox.
        SurveyAsk::Host(HostAsk::Outbox, args) => {
            return outbox::restore(&args.get(0).as_string().unwrap_or_default());
        }
        SurveyAsk::Host(command, args) => match Question::from_host(command, &args) {
            Some(question) => question,
            None => return,
        },
        SurveyAsk::Widget(trigger) => Question::new(trigger),
    };
    ASKS.with_borrow_mut(|asks| asks.push_back(question));
    if ASKING.replace(true) {
        return;
    }
    leptos::task::spawn_local(async move {
        while let Some(ask) = ASKS.with_borrow_mut(VecDeque::pop_front) {
            // One survey at a time: what happens while a card is on show is not asked about.
            if !untrack(|| state::on_show(who.session)) {
                ask_server(who, ask).await;
            }
        }
        ASKING.set(false);
    });
}

async fn ask_server(who: Respondent, question: Question) {
    let Question {
        trigger,
        survey_id,
        context,
    } = question;
    let request = EligibilityRequest {
        device_id: who.device_id(),
        kiosk_session: who.kiosk_session(),
        surface: who.surface,
        locale: who.i18n.0.get_untracked(),
        trigger,
        survey_id,
        // Not needed to choose a survey; kept for the answer (see `Entry::with_context`).
        context: Context::new(),
        segment: who.session.segment.get_untracked(),
    };
    if let (TriggerKind::PageUrl, Some(url)) = (request.trigger.kind, &request.trigger.url) {
        watch_dwell(who, url.clone());
    }
    let epoch = who.session.epoch.get_untracked();
    let answer = api::check_eligibility(&who.site(), &request, who.token().as_deref()).await;
    // Nothing due, or the server cannot be reached, or the host's call was invalid (a bad
    // event name: the 422 in the browser's network panel names the field): nothing to show.
    let Ok(EligibilityResponse {
        survey: Some(survey),
    }) = answer
    else {
        return;
    };
    // The kiosk's next shopper arrived meanwhile: this was not asked about them.
    if who.session.epoch.get_untracked() == epoch && !untrack(|| state::on_show(who.session)) {
        // A survey is shown: no more asking about the time on the page.
        stop_dwell();
        state::show(who, survey, request.trigger, context);
    }
}

/// The host's properties the server takes: text, number and yes/no values under valid keys,
/// cut to the length limit, up to the allowed number of entries.
fn context_of(props: &JsValue) -> Context {
    let mut context = Context::new();
    if !props.is_object() {
        return context;
    }
    // Inserted one by one: collecting into the map would sort the entries first, and bring a
    // sort into the chunk (about 4 KB) for at most a handful of entries.
    let pairs = Object::entries(props.unchecked_ref());
    let entries = pairs
        .iter()
        .filter_map(|entry| {
            let pair = Array::from(&entry);
            let key = pair.get(0).as_string()?;
            let value = pair.get(1);
            let text = value
                .as_string()
                // Written as JavaScript writes it (`1e+21`), and without Rust's float printing
                // in the wasm.
                .or_else(|| {
                    let finite = value.as_f64().is_some_and(f64::is_finite);
                    finite.then(|| js_sys::JSON::stringify(&value).ok().map(String::from))?
                })
                .or_else(|| value.as_bool().map(|b| b.to_string()))?;
            survey::is_context_key(&key)
                .then(|| (key, text.chars().take(CONTEXT_VALUE_MAX_CHARS).collect()))
        })
        .take(CONTEXT_MAX_ENTRIES);
    for (key, value) in entries {
        context.insert(key, value);
    }
    context
}

/// Asks again at each dwell mark while the customer stays on `url`.
fn watch_dwell(who: Respondent, url: String) {
    stop_dwell();
    let timers = DWELL_MARKS
        .into_iter()
        .filter_map(|seconds| {
            let ask = SurveyAsk::Widget(Trigger::seconds_on_page(seconds, &url));
            set_timeout_with_handle(
                move || enqueue(who, ask),
                Duration::from_secs(seconds.into()),
            )
            .ok()
        })
        .collect();
    DWELL.set(timers);
}

/// Stops asking about the time on the page (a survey is shown, or the page changed).
fn stop_dwell() {
    for timer in DWELL.take() {
        timer.clear();
    }
}
