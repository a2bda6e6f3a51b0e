//! The guide controller: the packs, where the customer is, and what a step's buttons do.

use leptos::prelude::*;
use patron_api::onboarding::{Pack, Progress, Step, Via};
use patron_api::DisplayMode;

use super::api::{self, Customer};
use super::{tour, Packs, View};
use crate::bridge::Bridge;
use crate::i18n::I18n;
use crate::session::{focus_screen_heading, Session};

/// Everything a step's buttons need.
#[derive(Clone, Copy)]
pub(super) struct Guide {
    pub session: Session,
    pub packs: Packs,
    pub view: RwSignal<View>,
    /// Steps whose element the tour could not find on the host page.
    pub missing: RwSignal<Vec<String>>,
    /// A completion request is under way (buttons wait for it).
    pub busy: RwSignal<bool>,
    pub mode: DisplayMode,
    pub i18n: I18n,
    pub bridge: StoredValue<Bridge>,
}

impl Guide {
    pub fn pack(self, id: &str) -> Option<Pack> {
        self.packs.state.with(|s| match s {
            Some(Ok(r)) => r.packs.iter().find(|p| p.id == id).cloned(),
            _ => None,
        })
    }

    pub fn show(self, view: View) {
        self.view.set(view);
        focus_screen_heading();
    }

    /// Records a step as done, then goes on: to the next step not done, or to the pack's
    /// finished state. Completing twice is harmless (the server answers the same progress).
    pub fn complete(self, pack: String, step: String, via: Via, then_next: bool) {
        let customer = Customer::of(self.session, self.mode);
        self.busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::complete(customer, pack.clone(), step.clone(), via).await;
            self.busy.try_set(false);
            if let Ok(progress) = result {
                self.set_progress(&pack, progress);
                if then_next {
                    // Only a tour carries on pointing at the page (its "Next" is the only
                    // completion by action that moves on); from the panel, the panel stays.
                    self.after(&pack, &step, via == Via::Action);
                }
            }
        });
    }

    fn set_progress(self, pack: &str, progress: Progress) {
        self.packs.state.update(|s| {
            if let Some(Ok(r)) = s {
                if let Some(p) = r.packs.iter_mut().find(|p| p.id == pack) {
                    p.progress = progress;
                }
            }
        });
    }

    /// After `step`: the next step in order, else the first not done, else the checklist
    /// (which then shows the pack as finished); `touring`: point at the next step's element
    /// too, if it has one.
    fn after(self, pack: &str, step: &str, touring: bool) {
        let Some(p) = self.pack(pack) else { return };
        let done = |s: &Step| p.progress.completed.contains(&s.id);
        let at = p.steps.iter().position(|s| s.id == step).unwrap_or(0);
        let next = p.steps[at + 1..]
            .iter()
            .find(|s| !done(s))
            .or_else(|| p.steps.iter().find(|s| !done(s)));
        match next {
            Some(s) => {
                let id = s.id.clone();
                self.show(View::Step(pack.to_owned(), id.clone()));
                if touring {
                    self.start_tour(&p, &id);
                }
            }
            None => self.show(View::Pack(pack.to_owned())),
        }
    }

    /// Asks the loader to point at the step's element on the host page, when the step has one
    /// and there is a host page (not in page or kiosk mode).
    pub fn start_tour(self, pack: &Pack, step: &str) {
        if self.mode == DisplayMode::Embed {
            tour::start(self, pack, step);
        }
    }
}
