//! The survey card: the question and its scale, then the follow-up question (with reason
//! chips after a low score), then the thank-you.

use leptos::either::EitherOf3;
use leptos::prelude::*;
use patron_api::survey::{ReasonChip, Survey, SurveyKind, COMMENT_MAX_CHARS};
use web_sys::KeyboardEvent;

use super::i18n::{t, SurveyStrings};
use super::outbox;
use super::state::{self, Card, Respondent, Step};

/// Marks the element that takes focus when the card moves to its next step.
const FOCUS_ATTR: &str = "data-pt-survey-focus";

/// The words shown with `score`: the survey's own, else ours for the scale's ends (NPS, CES)
/// or for every point (CSAT, which always shows words, never faces or bare numbers alone).
pub fn scale_label(survey: &Survey, score: i32, t: &SurveyStrings) -> Option<String> {
    if let Some(own) = survey.labels.iter().find(|l| l.score == score) {
        return Some(own.text.clone());
    }
    match (survey.kind, score) {
        (SurveyKind::Nps, 0) => Some(t.nps_low.to_owned()),
        (SurveyKind::Nps, 10) => Some(t.nps_high.to_owned()),
        (SurveyKind::Ces, 1) => Some(t.ces_low.to_owned()),
        (SurveyKind::Ces, 7) => Some(t.ces_high.to_owned()),
        (SurveyKind::Nps | SurveyKind::Ces, _) => None,
        (SurveyKind::Csat, _) => Some(t.csat_word(score).to_owned()),
    }
}

/// The first element that matches `selector` (the card is the only one on the page).
fn find(selector: &str) -> Option<web_sys::HtmlElement> {
    // The document's `querySelectorAll`, neither `querySelector` nor an element's: the shell
    // binds it already, and each browser binding the chunk adds lands in the first-open module.
    document()
        .query_selector_all(selector)
        .ok()
        .and_then(|list| list.get(0))
        .and_then(|el| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el).ok())
}

/// After a step the button or form that had focus is gone: focus moves to the new step's
/// text, so that a keyboard or screen-reader user goes on from there. Only while nothing in
/// the card has focus: a customer who already clicked into the new step's comment box keeps
/// their place, and what they type goes there.
fn focus_next_step() {
    request_animation_frame(|| {
        if find(".pt-survey :focus").is_some() {
            return;
        }
        if let Some(text) = find(&format!(".pt-survey [{FOCUS_ATTR}]")) {
            let _ = text.focus();
        }
    });
}

/// Moves the scale's Tab stop: `tabindex` "0" makes option `score` the stop and focuses it,
/// "-1" leaves it.
fn roam(score: i32, tabindex: &str) {
    if let Some(option) = find(&format!(".pt-scale [data-score='{score}']")) {
        let _ = option.set_attribute("tabindex", tabindex);
        if tabindex == "0" {
            let _ = option.focus();
        }
    }
}

/// The card, rebuilt at each step (the signal changes only when the card moves on) and in a
/// new locale. One coarse re-render rather than a reactive closure per text: each closure type
/// costs the first-open module its rendering code.
#[component]
pub fn SurveyCard(who: Respondent) -> impl IntoView {
    let card = state::card();
    move || {
        let t = t(who.i18n);
        card.get().map(|card| view! { <CardStep who card t/> })
    }
}

/// One step of the card, with the way out: "Not now" on the scale (a dismissal), "Close" after.
#[component]
fn CardStep(who: Respondent, card: Card, t: &'static SurveyStrings) -> impl IntoView {
    let answered = card.step != Step::Scale;
    let lang = card.survey.locale.as_str();
    let outbox = outbox::status();
    // `EitherOf3`, not `AnyView`: every type turned into an `AnyView` adds its vtable to the
    // first-open module.
    let step = match card.step {
        Step::Scale => EitherOf3::A(view! { <Scale who survey=card.survey t/> }),
        Step::FollowUp {
            question, reasons, ..
        } => EitherOf3::B(view! { <FollowUp who question reasons t/> }),
        Step::Thanks => EitherOf3::C(view! {
            <p id="pt-survey-q" class="pt-survey__thanks" role="status" tabindex="-1"
                data-pt-survey-focus="" data-testid="survey-thanks">
                {card.survey.thank_you}
            </p>
        }),
    };
    let dismiss = if answered {
        who.i18n.t().close
    } else {
        t.dismiss
    };
    view! {
        <section class="pt-survey" data-testid="survey" aria-labelledby="pt-survey-q" lang=lang>
            <button type="button" class="pt-survey__dismiss" data-testid="survey-dismiss"
                aria-label=dismiss on:click=move |_| state::dismiss(who)>
                <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
                    <path d="M6 6l12 12M18 6L6 18" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>
                </svg>
            </button>
            {step}
            {move || (answered && outbox.get().waiting).then(|| view! { <Waiting who text=t.waiting/> })}
        </section>
    }
}

/// The scale as a radio group of large buttons. Choosing sends the score at once, so arrow
/// keys only move focus (a radio group whose arrows also chose would send every score passed
/// on the way); Space or Enter chooses.
#[component]
fn Scale(who: Respondent, survey: Survey, t: &'static SurveyStrings) -> impl IntoView {
    let (min, max) = survey.kind.range();
    // A roving tabindex: the group is one Tab stop, on the option last moved to. Kept on the
    // elements themselves, as the browser keeps focus.
    let move_focus = move |ev: KeyboardEvent, now: i32| {
        let next = match ev.key().as_str() {
            "ArrowRight" | "ArrowDown" => (now + 1).min(max),
            "ArrowLeft" | "ArrowUp" => (now - 1).max(min),
            "Home" => min,
            "End" => max,
            _ => return,
        };
        ev.prevent_default();
        roam(now, "-1");
        roam(next, "0");
    };
    let kind = survey.kind;
    let label = |score| scale_label(&survey, score, t);
    let options = (min..=max)
        .map(|score| {
            // NPS and CES show bare numbers, their two ends named for screen readers here
            // and for everyone below the scale; CSAT shows its words.
            let (aria_label, word) = match kind {
                SurveyKind::Nps | SurveyKind::Ces => {
                    (label(score).map(|l| format!("{score} = {l}")), None)
                }
                SurveyKind::Csat => (None, label(score)),
            };
            view! {
                <button type="button" role="radio" aria-checked="false" class="pt-scale__option"
                    data-score=score data-testid=format!("survey-score-{score}")
                    tabindex=if score == min { "0" } else { "-1" }
                    aria-label=aria_label
                    on:keydown=move |ev| move_focus(ev, score)
                    on:click=move |_| {
                        state::choose(who, score);
                        focus_next_step();
                    }>
                    <span class="pt-scale__score">{score}</span>
                    {word.map(|w| view! { <span class="pt-scale__word">{w}</span> })}
                </button>
            }
        })
        .collect_view();
    let ends = (kind != SurveyKind::Csat).then(|| {
        view! {
            <div class="pt-scale__ends" aria-hidden="true">
                <span>{label(min)}</span>
                <span>{label(max)}</span>
            </div>
        }
    });
    view! {
        <p id="pt-survey-q" class="pt-survey__question">{survey.question}</p>
        <div class=format!("pt-scale pt-scale--{}", kind.as_str()) role="radiogroup"
            aria-labelledby="pt-survey-q">
            {options}
        </div>
        {ends}
    }
}

/// The follow-up question of the score's band, with room for an optional answer, and after a
/// low score the survey's reasons as toggle chips (any number).
#[component]
fn FollowUp(
    who: Respondent,
    question: Option<String>,
    reasons: Vec<ReasonChip>,
    t: &'static SurveyStrings,
) -> impl IntoView {
    let chosen = RwSignal::new(Vec::<String>::new());
    let done = move |comment: String, reasons: Vec<String>| {
        state::add_comment(who, comment, reasons);
        focus_next_step();
    };
    let comment = RwSignal::new(String::new());
    let question = question.unwrap_or_else(|| t.reasons_question.to_owned());
    let chips = (!reasons.is_empty()).then(|| {
        let chips = reasons
            .into_iter()
            .map(|r| {
                let id = r.id.clone();
                let pressed = {
                    let id = id.clone();
                    move || chosen.with(|c| c.contains(&id)).to_string()
                };
                view! {
                    <button type="button" class="pt-chip" aria-pressed=pressed
                        data-testid=format!("survey-reason-{id}")
                        on:click=move |_| chosen.update(|c| {
                            match c.iter().position(|x| *x == id) {
                                Some(i) => { c.remove(i); }
                                None => c.push(id.clone()),
                            }
                        })>
                        {r.text}
                    </button>
                }
            })
            .collect_view();
        view! {
            <div class="pt-survey__reasons" role="group" aria-label=t.reasons_label>
                {chips}
            </div>
        }
    });
    view! {
        <form class="pt-survey__follow-up" novalidate
            on:submit=move |ev| {
                ev.prevent_default();
                done(comment.get_untracked(), chosen.get_untracked());
            }>
            <label id="pt-survey-q" for="pt-survey-comment" class="pt-survey__question" tabindex="-1"
                data-pt-survey-focus="">
                {question}
                <span class="pt-survey__hint">{t.comment_label_hint}</span>
            </label>
            {chips}
            <textarea id="pt-survey-comment" class="pt-input pt-survey__comment" data-testid="survey-comment"
                rows="3" maxlength=COMMENT_MAX_CHARS
                prop:value=comment on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
            <div class="pt-survey__actions">
                <button type="button" class="pt-button" data-testid="survey-skip"
                    on:click=move |_| done(String::new(), Vec::new())>
                    {t.skip}
                </button>
                <button type="submit" class="pt-button pt-button--primary" data-testid="survey-send">
                    {t.send}
                </button>
            </div>
        </form>
    }
}

/// Answers could not be sent yet: they are kept, and here is a way to try now.
#[component]
pub fn Waiting(who: Respondent, #[prop(into)] text: String) -> impl IntoView {
    view! {
        <div class="pt-survey__waiting" data-testid="survey-waiting">
            <p role="status">{text}</p>
            <button type="button" class="pt-button" data-testid="survey-retry" on:click=|_| outbox::send_now()>
                {who.i18n.t().retry}
            </button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use patron_api::survey::{FollowUpQuestions, ScaleLabel};
    use patron_api::Locale;

    fn survey(kind: SurveyKind, labels: &[(i32, &str)]) -> Survey {
        Survey {
            id: "s".into(),
            kind,
            locale: Locale::En,
            question: "?".into(),
            labels: labels
                .iter()
                .map(|(score, text)| ScaleLabel {
                    score: *score,
                    text: (*text).into(),
                })
                .collect(),
            follow_up: FollowUpQuestions::default(),
            thank_you: "Thanks".into(),
            variant: None,
            reasons: Vec::new(),
        }
    }

    #[test]
    fn the_surveys_own_words_come_first() {
        let t = &super::super::i18n::EN;
        let nps = survey(SurveyKind::Nps, &[(0, "Never")]);
        assert_eq!(scale_label(&nps, 0, t).as_deref(), Some("Never"));
        assert_eq!(scale_label(&nps, 10, t).as_deref(), Some(t.nps_high));
        assert_eq!(scale_label(&nps, 5, t), None);
    }

    #[test]
    fn every_csat_point_has_words() {
        let t = &super::super::i18n::ZH_TW;
        let csat = survey(SurveyKind::Csat, &[(3, "普通")]);
        for score in 1..=5 {
            assert!(scale_label(&csat, score, t).is_some_and(|w| !w.is_empty()));
        }
        assert_eq!(scale_label(&csat, 1, t).as_deref(), Some(t.csat_1));
    }
}
