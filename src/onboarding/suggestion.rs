//! The home screen's "Continue: <guide> (2 of 5)": the first guide this customer has started or
//! been offered and not finished, as one button that opens it where they left off.
//!
//! Part of the first-open module, not of the onboarding chunk: the home screen paints it at
//! once. So it reads only what it shows from the packs answer (no step bodies or actions), and
//! its message lives in the shell's `Strings`.

use leptos::prelude::*;
use patron_api::Module;

use super::api::{self, Customer};
use super::{keep_view, View};
use crate::bridge::use_bridge;
use crate::fetch::use_distinct_fetch;
use crate::i18n::{fill, use_i18n};
use crate::json::{field, FromJson, Json};
use crate::session::{use_session, Screen};

/// The guide to suggest: where to resume it and how far along it is.
#[derive(Clone, Debug, PartialEq)]
struct Next {
    pack: String,
    title: String,
    step: String,
    done: usize,
    total: usize,
}

/// The packs answer as the suggestion reads it: the first pack not finished, if any.
#[derive(PartialEq)]
struct FirstUnfinished(Option<Next>);

impl FromJson for FirstUnfinished {
    fn from_json<J: Json>(json: &J) -> Option<Self> {
        for pack in json.get("packs").items()? {
            let progress = pack.get("progress");
            if field(&progress, "finished")? {
                continue;
            }
            let completed: Vec<String> = field(&progress, "completed")?;
            let steps = pack.get("steps").items()?;
            let steps: Vec<String> = steps
                .iter()
                .map(|s| field(s, "id"))
                .collect::<Option<_>>()?;
            // Resume at the first step not done, else at the first (a pack is a checklist:
            // steps may be done in any order).
            let Some(step) = steps
                .iter()
                .find(|s| !completed.contains(s))
                .or(steps.first())
            else {
                return Some(FirstUnfinished(None));
            };
            return Some(FirstUnfinished(Some(Next {
                pack: field(&pack, "id")?,
                title: field(&pack, "title")?,
                step: step.clone(),
                done: steps.iter().filter(|s| completed.contains(s)).count(),
                total: steps.len(),
            })));
        }
        Some(FirstUnfinished(None))
    }
}

/// One button that opens the guide where the customer left off; nothing when there is none,
/// while the packs load, or if they cannot (the home screen works without it).
#[component]
pub fn Suggestion() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let mode = use_bridge().mode();
    let packs = use_distinct_fetch(move || {
        api::packs::<FirstUnfinished>(Customer::of(session, mode), i18n.locale())
    });
    // An answer that says the same again (the home screen's packs re-read) does not notify,
    // so the button stays as it is, and keeps the keyboard focus.
    move || {
        let Next {
            pack,
            title,
            step,
            done,
            total,
        } = packs.state.with(|s| match s {
            Some(Ok(FirstUnfinished(next))) => next.clone(),
            _ => None,
        })?;
        let (done, total) = (done.to_string(), total.to_string());
        let label = move || {
            fill(
                i18n.t().guide_suggestion,
                &[("pack", &title), ("n", &done), ("total", &total)],
            )
        };
        let open = move |_| {
            keep_view(
                session.epoch.get_untracked(),
                View::Step(pack.clone(), step.clone()),
            );
            session.navigate(Screen::Module(Module::Onboarding));
        };
        Some(view! {
            <button type="button" class="pt-guide__suggestion" data-testid="guide-suggestion" on:click=open>
                {label}
            </button>
        })
    }
}

#[cfg(test)]
mod tests {
    use patron_api::onboarding::{Action, Pack, PacksResponse, Progress, Step};
    use patron_api::Locale;

    use super::*;

    fn pack(id: &str, steps: &[&str], completed: &[&str], finished: bool) -> Pack {
        Pack {
            id: id.into(),
            title: format!("Guide {id}"),
            description: String::new(),
            reward_points: None,
            sign_in_to_earn: false,
            steps: steps
                .iter()
                .map(|s| Step {
                    id: (*s).into(),
                    title: "t".into(),
                    body_html: String::new(),
                    image: None,
                    action: Action::None,
                    completes_on: None,
                })
                .collect(),
            progress: Progress {
                completed: completed.iter().map(|s| (*s).into()).collect(),
                finished,
                reward_granted: false,
            },
        }
    }

    fn suggest(packs: Vec<Pack>) -> Option<Next> {
        let json = serde_json::to_value(PacksResponse {
            locale: Locale::En,
            packs,
        })
        .expect("serialisable");
        FirstUnfinished::from_json(&json).expect("readable").0
    }

    #[test]
    fn suggests_the_first_unfinished_guide_at_its_first_open_step() {
        let next = suggest(vec![
            pack("done", &["a"], &["a"], true),
            pack("welcome", &["a", "b", "c"], &["a", "c"], false),
            pack("later", &["x"], &[], false),
        ])
        .expect("a suggestion");
        assert_eq!(
            next,
            Next {
                pack: "welcome".into(),
                title: "Guide welcome".into(),
                step: "b".into(),
                done: 2,
                total: 3,
            }
        );
    }

    #[test]
    fn nothing_when_every_guide_is_finished_or_the_first_has_no_steps() {
        assert_eq!(suggest(vec![pack("done", &["a"], &["a"], true)]), None);
        assert_eq!(suggest(vec![pack("empty", &[], &[], false)]), None);
        assert_eq!(suggest(Vec::new()), None);
    }
}
