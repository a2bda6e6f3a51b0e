//! Progress: the packs a customer sees with their progress, completing steps (by the
//! customer or by host events), and crediting a member's reward.
//!
//! Steps may be completed in any order: a pack is a checklist, a host event can complete
//! step 5 before the customer reads step 2, and a customer may skip ahead. Progress is the
//! set of completed steps; the pack is finished when every step it has is in it. Completing a
//! step again changes nothing (one row per step, inserted once).
//!
//! A completion takes the run's row lock first (`storage::complete`), so two completions of
//! one run (two devices of one member, or a retry racing its original) take turns, and the
//! one that completes the last step always sees all the others.
//!
//! The reward: when a member's run is finished and not yet rewarded, the points are credited
//! through the ledger under the idempotency key (`onboarding`, pack id), which the ledger
//! checks inside the member's own lock, so the credit happens once per member and pack ever,
//! however many requests finish the pack. The run records it afterwards; if that record is
//! lost (a crash in between), the next completion asks the ledger again and gets its replay.

use patron_api::FieldCode;
use std::collections::HashMap;

use patron_api::onboarding::{Pack, Progress, StepRef, Surface, Via};
use patron_api::{ErrorCode, Locale, Localized};
use sqlx::AnyPool;

use super::audience::{self, Customer, MemberFacts};
use super::definitions::{self, PackDef};
use super::storage::{self, Completion, Run};
use super::SitePacks;
use crate::auth::MemberId;
use crate::error::AppError;
use crate::ports::{Bonus, Loyalty};
use crate::storage::with_retries;
use crate::subject;

/// The ledger's idempotency namespace for onboarding rewards.
pub const REWARD_SOURCE: &str = "onboarding";

/// Who is asking, as far as the server can tell.
#[derive(Debug, Clone)]
pub struct Who<'a> {
    pub site: &'a str,
    /// Verified from the member token; never from the request body.
    pub member: Option<&'a MemberId>,
    /// The device id, or on a kiosk the kiosk session id.
    pub device: Option<&'a str>,
    pub surface: Surface,
    pub now: i64,
}

pub use crate::subject::member as member_subject;

/// Whose progress it is: the member's, else the kiosk session's on a kiosk, else the
/// device's. `None` for an anonymous customer without a device id.
pub fn subject(who: &Who<'_>) -> Option<String> {
    match (who.member, who.device) {
        (Some(m), _) => Some(member_subject(&m.0)),
        (None, Some(d)) if who.surface == Surface::Kiosk => Some(subject::kiosk(d)),
        (None, Some(d)) => Some(subject::device(d)),
        (None, None) => None,
    }
}

/// The subject, or a 422 on `device` for an anonymous customer who sent none.
fn require_subject(who: &Who<'_>) -> Result<String, AppError> {
    subject(who).ok_or_else(|| {
        let mut errs = patron_api::validate::FieldErrors::default();
        errs.push(
            "device",
            FieldCode::Required,
            "an anonymous customer's progress is kept by device id",
        );
        AppError::Validation(errs)
    })
}

pub fn pack_not_found() -> AppError {
    AppError::refused(
        axum::http::StatusCode::NOT_FOUND,
        ErrorCode::PackNotFound,
        "there is no such pack for this customer",
    )
}

fn step_not_found() -> AppError {
    AppError::refused(
        axum::http::StatusCode::NOT_FOUND,
        ErrorCode::StepNotFound,
        "the pack has no such step",
    )
}

/// A pack's progress from its run: done steps in the pack's order.
pub fn progress(pack: &PackDef, run: Option<&Run>) -> Progress {
    let Some(run) = run else {
        return Progress::default();
    };
    let completed: Vec<String> = pack
        .steps
        .iter()
        .filter(|s| run.done.contains(&s.id))
        .map(|s| s.id.clone())
        .collect();
    Progress {
        finished: !pack.steps.is_empty() && completed.len() == pack.steps.len(),
        completed,
        reward_granted: run.reward_granted_at.is_some(),
    }
}

/// The customer, with a member's facts looked up when some pack needs them. Every member
/// seen is recorded (the first sighting dates a member without ledger entries).
async fn customer(
    pool: &AnyPool,
    loyalty: &dyn Loyalty,
    packs: &SitePacks,
    who: &Who<'_>,
    first_visit: Option<bool>,
) -> Result<Customer, AppError> {
    let mut facts = None;
    if let Some(member) = who.member {
        let seen = storage::first_seen(pool, who.site, &member.0, who.now).await?;
        if packs.offered().any(|p| p.audience.needs_member_facts()) {
            let standing = loyalty.standing(who.site, &member.0, who.now).await?;
            facts = Some(MemberFacts {
                joined_at: standing.first_entry_at.map_or(seen, |at| at.min(seen)),
                tier: standing.tier,
            });
        }
    }
    Ok(Customer {
        member: who.member.is_some(),
        facts,
        surface: who.surface,
        first_visit,
        now: who.now,
    })
}

/// The packs open to the customer, with their runs.
async fn open_packs<'p>(
    pool: &AnyPool,
    loyalty: &dyn Loyalty,
    packs: &'p SitePacks,
    who: &Who<'_>,
    first_visit: Option<bool>,
) -> Result<(Vec<&'p PackDef>, HashMap<String, Run>, Option<String>), AppError> {
    let subject = subject(who);
    let runs = match &subject {
        Some(s) => storage::runs(pool, who.site, s).await?,
        None => HashMap::new(),
    };
    let c = customer(pool, loyalty, packs, who, first_visit).await?;
    let open = packs
        .offered()
        .filter(|p| audience::open(&p.audience, &c, runs.contains_key(&p.id)))
        .collect();
    Ok((open, runs, subject))
}

/// `GET /packs`: the customer's packs in `locale`, with progress.
pub async fn list(
    pool: &AnyPool,
    loyalty: &dyn Loyalty,
    packs: &SitePacks,
    who: &Who<'_>,
    first_visit: bool,
    locale: Locale,
) -> Result<Vec<Pack>, AppError> {
    let (open, runs, _) = open_packs(pool, loyalty, packs, who, Some(first_visit)).await?;
    Ok(open
        .into_iter()
        .map(|p| {
            let progress = progress(p, runs.get(&p.id));
            definitions::render(
                p,
                locale,
                packs.default_locale,
                progress,
                who.member.is_some(),
            )
        })
        .collect())
}

/// `POST /packs/{pack}/steps/{step}/complete`.
pub async fn complete(
    pool: &AnyPool,
    loyalty: &dyn Loyalty,
    packs: &SitePacks,
    who: &Who<'_>,
    pack_id: &str,
    step_id: &str,
    via: Via,
) -> Result<Progress, AppError> {
    let (open, _, _) = open_packs(pool, loyalty, packs, who, None).await?;
    let pack = open
        .into_iter()
        .find(|p| p.id == pack_id)
        .ok_or_else(pack_not_found)?;
    if pack.step(step_id).is_none() {
        return Err(step_not_found());
    }
    let subject = require_subject(who)?;
    let (_, run) = record(pool, loyalty, packs, who, &subject, pack, &[step_id], via).await?;
    Ok(progress(pack, Some(&run)))
}

/// `POST /events`: completes every step of the customer's packs (those `list` would show)
/// waiting for `name`; returns the steps completed now.
pub async fn event(
    pool: &AnyPool,
    loyalty: &dyn Loyalty,
    packs: &SitePacks,
    who: &Who<'_>,
    name: &str,
    first_visit: Option<bool>,
) -> Result<Vec<StepRef>, AppError> {
    let subject = require_subject(who)?;
    // Not said is not a first visit: an event must not start a pack the customer never saw.
    let first_visit = Some(first_visit.unwrap_or(false));
    let (open, _, _) = open_packs(pool, loyalty, packs, who, first_visit).await?;
    let mut completed = Vec::new();
    for pack in open {
        let steps: Vec<&str> = pack
            .steps
            .iter()
            .filter(|s| s.completes_on.as_deref() == Some(name))
            .map(|s| s.id.as_str())
            .collect();
        if steps.is_empty() {
            continue;
        }
        let (newly, _) = record(
            pool,
            loyalty,
            packs,
            who,
            &subject,
            pack,
            &steps,
            Via::Event,
        )
        .await?;
        completed.extend(newly.into_iter().map(|step| StepRef {
            pack: pack.id.clone(),
            step,
        }));
    }
    Ok(completed)
}

/// Stores completed steps, then credits the reward if the run is finished.
#[allow(clippy::too_many_arguments)]
async fn record(
    pool: &AnyPool,
    loyalty: &dyn Loyalty,
    packs: &SitePacks,
    who: &Who<'_>,
    subject: &str,
    pack: &PackDef,
    steps: &[&str],
    via: Via,
) -> Result<(Vec<String>, Run), AppError> {
    let pack_steps = pack.step_ids();
    let c = Completion {
        site: who.site,
        subject,
        member: who.member.map(|m| m.0.as_str()),
        pack: &pack.id,
        pack_steps: &pack_steps,
        steps,
        via: via.as_str(),
        surface: who.surface.as_str(),
        now: who.now,
    };
    let c = &c;
    let (newly, mut run) = with_retries(|| storage::complete(pool, c)).await?;
    if let (Some(member), Some(points)) = (who.member, pack.reward_points) {
        if run.finished_at.is_some() && run.reward_granted_at.is_none() {
            let title = reward_title(pack, packs.default_locale);
            let bonus = Bonus {
                member: &member.0,
                points,
                source: REWARD_SOURCE,
                key: &pack.id,
                title: &title,
            };
            run.reward_granted_at = reward(pool, loyalty, who, subject, &bonus).await?;
        }
    }
    Ok((newly, run))
}

/// Credits a finished pack's reward through the ledger (once ever, by its key) and records
/// it on the run; `None` when the site has no points programme to credit through.
async fn reward(
    pool: &AnyPool,
    loyalty: &dyn Loyalty,
    who: &Who<'_>,
    subject: &str,
    bonus: &Bonus<'_>,
) -> Result<Option<i64>, AppError> {
    let Some(credited) = loyalty.grant_bonus(who.site, bonus, who.now).await? else {
        tracing::warn!(
            site = who.site,
            pack = bonus.key,
            "onboarding reward not credited: the site has no points programme"
        );
        return Ok(None);
    };
    storage::mark_rewarded(pool, who.site, subject, bonus.key, credited.points, who.now).await?;
    if !credited.replayed {
        tracing::info!(
            site = who.site,
            pack = bonus.key,
            points = credited.points,
            "onboarding reward credited"
        );
    }
    Ok(Some(who.now))
}

/// The reward's line in the member's points history, in every locale.
pub fn reward_title(pack: &PackDef, default: Locale) -> Localized {
    let title = |l: Locale| {
        let t = pack.title.get(l, default);
        Some(match l {
            Locale::ZhCn | Locale::ZhTw => format!("完成「{t}」"),
            Locale::En => format!("Completed “{t}”"),
        })
    };
    Localized {
        zh_cn: title(Locale::ZhCn),
        zh_tw: title(Locale::ZhTw),
        en: title(Locale::En),
    }
}
