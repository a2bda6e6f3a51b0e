//! Who a pack is for. A customer sees a pack when any of its audience kinds admits them, or
//! when they have already started it (so a reload, a day passing or a tier changing never
//! takes away a pack in progress):
//!
//! - `everyone`.
//! - `anonymous_first_visit`: not signed in, and the widget says `first_visit=true`.
//! - `members_joined_within_days: N`: a member who joined at most N days ago. Patron does not
//!   know when someone joined the retailer's programme, so it takes the earliest thing it
//!   knows about the member: their first points ledger entry (usually their first purchase)
//!   or the first time onboarding saw their member token, whichever is older. A member with
//!   no ledger entries therefore counts as joining when Patron first sees them.
//! - `member_tiers: [...]`: a member whose current tier (spend over the programme's rolling
//!   window) is listed.
//! - `kiosk`: anyone on the kiosk surface, signed in or not.

use patron_api::onboarding::Surface;

use super::definitions::Audience;

use crate::storage::DAY_MS;

/// What a member's audience kinds look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberFacts {
    /// Unix milliseconds (see the module's rule).
    pub joined_at: i64,
    /// The current tier's id; `None` when the site has no points programme.
    pub tier: Option<String>,
}

/// The customer a request is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Customer {
    /// A signed-in member.
    pub member: bool,
    /// A member's facts, looked up only when some pack's audience needs them.
    pub facts: Option<MemberFacts>,
    pub surface: Surface,
    /// What the widget said; `None` when it does not say (a completion: the customer is
    /// acting on a pack they were shown), which admits an anonymous customer to a
    /// first-visit pack.
    pub first_visit: Option<bool>,
    pub now: i64,
}

/// Whether the audience admits `c` (not counting packs already started: see `open`).
pub fn admits(a: &Audience, c: &Customer) -> bool {
    let facts = c.facts.as_ref().filter(|_| c.member);
    a.everyone
        || (a.kiosk && c.surface == Surface::Kiosk)
        || (a.anonymous_first_visit && !c.member && c.first_visit != Some(false))
        || a.members_joined_within_days.is_some_and(|days| {
            facts.is_some_and(|m| c.now - m.joined_at <= i64::from(days) * DAY_MS)
        })
        || a.member_tiers.as_ref().is_some_and(|tiers| {
            facts
                .and_then(|m| m.tier.as_ref())
                .is_some_and(|t| tiers.contains(t))
        })
}

/// Whether a pack is open to `c`: admitted, or already started by them.
pub fn open(audience: &Audience, c: &Customer, started: bool) -> bool {
    started || admits(audience, c)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_760_000_000_000;

    fn anonymous(surface: Surface, first_visit: Option<bool>) -> Customer {
        Customer {
            member: false,
            facts: None,
            surface,
            first_visit,
            now: NOW,
        }
    }

    fn member(days_ago: i64, tier: &str) -> Customer {
        Customer {
            member: true,
            facts: Some(MemberFacts {
                joined_at: NOW - days_ago * DAY_MS,
                tier: Some(tier.into()),
            }),
            surface: Surface::Embed,
            first_visit: Some(true),
            now: NOW,
        }
    }

    #[test]
    fn each_kind() {
        let first = Audience {
            anonymous_first_visit: true,
            ..Audience::default()
        };
        assert!(admits(&first, &anonymous(Surface::Embed, Some(true))));
        assert!(!admits(&first, &anonymous(Surface::Embed, Some(false))));
        assert!(admits(&first, &anonymous(Surface::Page, None)), "writes");
        assert!(
            !admits(&first, &member(0, "member")),
            "members are not anonymous"
        );

        let new = Audience {
            members_joined_within_days: Some(30),
            ..Audience::default()
        };
        assert!(admits(&new, &member(0, "gold")));
        assert!(admits(&new, &member(30, "gold")));
        assert!(!admits(&new, &member(31, "member")));
        assert!(!admits(&new, &anonymous(Surface::Embed, Some(true))));

        let tiers = Audience {
            member_tiers: Some(vec!["silver".into(), "gold".into()]),
            ..Audience::default()
        };
        assert!(admits(&tiers, &member(400, "gold")));
        assert!(!admits(&tiers, &member(400, "member")));
        let mut no_programme = member(1, "gold");
        no_programme.facts = Some(MemberFacts {
            joined_at: NOW,
            tier: None,
        });
        assert!(!admits(&tiers, &no_programme));

        let kiosk = Audience {
            kiosk: true,
            ..Audience::default()
        };
        assert!(admits(&kiosk, &anonymous(Surface::Kiosk, Some(false))));
        assert!(!admits(&kiosk, &anonymous(Surface::Embed, Some(true))));
        let mut member_at_kiosk = member(900, "member");
        member_at_kiosk.surface = Surface::Kiosk;
        assert!(admits(&kiosk, &member_at_kiosk));

        let everyone = Audience {
            everyone: true,
            ..Audience::default()
        };
        assert!(admits(&everyone, &anonymous(Surface::Embed, Some(false))));
        assert!(admits(&everyone, &member(900, "member")));
        assert!(!admits(&Audience::default(), &member(0, "gold")));
    }

    #[test]
    fn kinds_combine_as_any_of_and_started_packs_stay_open() {
        let a = Audience {
            anonymous_first_visit: true,
            members_joined_within_days: Some(30),
            member_tiers: Some(vec!["gold".into()]),
            ..Audience::default()
        };
        assert!(admits(&a, &anonymous(Surface::Embed, Some(true))));
        assert!(admits(&a, &member(5, "member")));
        assert!(admits(&a, &member(500, "gold")));
        assert!(!admits(&a, &member(500, "silver")));
        assert!(!admits(&a, &anonymous(Surface::Kiosk, Some(false))));
        assert!(open(&a, &anonymous(Surface::Embed, Some(false)), true));
        assert!(!open(&a, &anonymous(Surface::Embed, Some(false)), false));
    }
}
