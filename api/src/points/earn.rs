//! Server-to-server points beyond purchases, under `/v1/admin/sites/{site}/points`, bearer =
//! the site's admin key:
//! - `GET  /members/{member}/entitlements` → [`Entitlements`]: what the member's tier gives at
//!   checkout, for the shop's checkout to apply;
//! - `PUT  /members/{member}/profile` [`MemberProfile`] → [`MemberProfile`]: the birthday
//!   (also taken from the member token's optional `birthday` claim);
//! - `POST /events` [`EarnEvent`] → 201 [`EventReceipt`] (200 when replayed): sign-up,
//!   review, referral, birthday voucher used; idempotent by `idempotency_key` like purchases
//!   by `order_ref`.
//!
//! And the webhook [`PointsExpiring`] (`points.expiring`), 30 and 7 days before a lot of
//! points expires.

use serde::{Deserialize, Serialize};

use crate::error::FieldCode;
use crate::points::{idempotency_key, member_id};
use crate::validate::{FieldErrors, Rule, Violation};

/// Days before a lot expires that `points.expiring` is sent, farthest first.
pub const EXPIRY_REMINDER_DAYS: [i64; 2] = [30, 7];
pub const REFERENCE_MAX_LEN: usize = 64;

/// `GET …/members/{member}/entitlements`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Entitlements {
    pub member_id: String,
    /// The member's tier now.
    pub tier_id: String,
    /// Percent off at checkout, 0 to 100.
    pub discount_percent: u32,
    /// Services the tier gets free, as the shop's own ids.
    pub free_services: Vec<String>,
    /// Whether it is the member's birthday month now (UTC); `false` when no birthday is known.
    pub birthday_month: bool,
    /// The tier's birthday voucher; absent when the tier has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birthday_voucher: Option<BirthdayVoucher>,
    /// ISO 4217 of every amount here.
    pub currency: String,
}

/// A tier's birthday voucher, as it stands for this member now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BirthdayVoucher {
    /// Minor units.
    pub value: i64,
    /// In the birthday month and not used yet this year (a `birthday_voucher_used` event).
    pub available: bool,
    /// While available: the end of the birthday month, Unix milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<i64>,
}

/// `PUT …/members/{member}/profile`: what the programme knows of a member besides points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MemberProfile {
    /// `MM-DD` or `YYYY-MM-DD` (only month and day are kept); `null` forgets it.
    pub birthday: Option<String>,
}

impl MemberProfile {
    /// The birthday as `(month, day)` when every rule holds.
    pub fn validate(&self) -> Result<Option<(u8, u8)>, FieldErrors> {
        let mut errs = FieldErrors::default();
        let parsed = self.birthday.as_deref().map(month_day);
        if let Some(Err(v)) = &parsed {
            errs.check("birthday", Err(v.clone()));
        }
        errs.into_result()?;
        Ok(parsed.and_then(Result::ok))
    }
}

/// A birthday written `MM-DD` or `YYYY-MM-DD`: its `(month, day)`; 29 February is allowed.
pub fn month_day(s: &str) -> Result<(u8, u8), Violation> {
    let bad = || {
        Violation::new(
            FieldCode::InvalidFormat,
            "a birthday is MM-DD or YYYY-MM-DD",
        )
    };
    let md = match s.len() {
        5 => s,
        10 if s.as_bytes()[4] == b'-' && s[..4].bytes().all(|b| b.is_ascii_digit()) => &s[5..],
        _ => return Err(bad()),
    };
    let (m, d) = md.split_once('-').ok_or_else(bad)?;
    if m.len() != 2 || d.len() != 2 {
        return Err(bad());
    }
    let (m, d): (u8, u8) = (m.parse().map_err(|_| bad())?, d.parse().map_err(|_| bad())?);
    const DAYS: [u8; 12] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if !(1..=12).contains(&m) || d == 0 || d > DAYS[usize::from(m - 1)] {
        return Err(bad());
    }
    Ok((m, d))
}

wire_enum! {
    /// What a points event reports.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum EventKind {
        /// The member joined: `earn.sign_up_bonus`, once per member.
        SignUp = "sign_up",
        /// The member reviewed `reference` (a product or order): `earn.review_bonus`, once
        /// per member and reference.
        Review = "review",
        /// The member referred `reference` (the new member's id): `earn.referral_bonus` to
        /// the referrer, once per referred member.
        Referral = "referral",
        /// The checkout applied the birthday voucher: it is no longer available this year.
        BirthdayVoucherUsed = "birthday_voucher_used",
    }
}
serde_by_name!(EventKind);

impl EventKind {
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether the event names what it is about in `reference`.
    pub fn needs_reference(self) -> bool {
        matches!(self, Self::Review | Self::Referral)
    }
}

/// `POST …/points/events`. The same key again returns the first receipt; with another body it
/// is refused (409 `idempotency_conflict`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EarnEvent {
    pub member_id: String,
    pub kind: EventKind,
    /// 8 to 100 of `[A-Za-z0-9_.:-]`, unique per site.
    pub idempotency_key: String,
    /// `review`: the reviewed product or order; `referral`: the referred member's id. 1 to 64
    /// of `[A-Za-z0-9_.:@-]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

impl EarnEvent {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errs = FieldErrors::default();
        errs.check("member_id", member_id(&self.member_id));
        errs.check("idempotency_key", idempotency_key(&self.idempotency_key));
        match (&self.reference, self.kind.needs_reference()) {
            (Some(r), true) => errs.check("reference", reference(r)),
            (None, true) => errs.push("reference", FieldCode::Required, "needed for this kind"),
            (Some(_), false) => errs.push(
                "reference",
                FieldCode::NotAllowed,
                "only review and referral events name a reference",
            ),
            (None, false) => {}
        }
        if self.kind == EventKind::Referral && self.reference.as_deref() == Some(&self.member_id) {
            errs.push(
                "reference",
                FieldCode::Mismatch,
                "a member cannot refer themselves",
            );
        }
        errs.into_result()
    }
}

fn reference(s: &str) -> Rule {
    member_id(s).map_err(|_| {
        Violation::new(
            FieldCode::InvalidFormat,
            "a reference is 1 to 64 letters, digits or _ . : @ -",
        )
    })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventReceipt {
    pub member_id: String,
    pub kind: EventKind,
    pub points_earned: i64,
    /// The event was counted before for this member (a second sign-up, the same review, a
    /// referred member already credited, a voucher already used this year): nothing changed.
    pub duplicate: bool,
    pub balance: i64,
}

/// The `points.expiring` webhook body: a lot of points expires in about `days_before` days.
/// Sent once per lot and reminder, whichever instance runs the job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PointsExpiring {
    /// `points.expiring`.
    pub event: String,
    pub site: String,
    pub member_id: String,
    /// The lot's number in the member's ledger.
    pub lot: i64,
    /// Of the lot, the points still unspent.
    pub points: i64,
    /// Unix milliseconds.
    pub expires_at: i64,
    /// 30 or 7.
    pub days_before: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn birthdays() {
        assert_eq!(month_day("05-17"), Ok((5, 17)));
        assert_eq!(month_day("1990-02-29").map_err(drop), Ok((2, 29)));
        for bad in [
            "5-17",
            "13-01",
            "04-31",
            "00-10",
            "1990/05/17",
            "",
            "05-1x",
            "１２-01",
        ] {
            assert!(month_day(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn events_name_a_reference_when_their_kind_needs_one() {
        let ev = |kind, reference: Option<&str>| EarnEvent {
            member_id: "m-1".into(),
            kind,
            idempotency_key: "evt-00000001".into(),
            reference: reference.map(Into::into),
        };
        ev(EventKind::SignUp, None).validate().unwrap();
        ev(EventKind::Review, Some("SKU-1")).validate().unwrap();
        let field = |e: EarnEvent| {
            let errs = e.validate().unwrap_err().0;
            (errs[0].field.clone(), errs[0].code)
        };
        assert_eq!(
            field(ev(EventKind::Review, None)),
            ("reference".into(), FieldCode::Required)
        );
        assert_eq!(
            field(ev(EventKind::SignUp, Some("x"))),
            ("reference".into(), FieldCode::NotAllowed)
        );
        assert_eq!(
            field(ev(EventKind::Referral, Some("m-1"))),
            ("reference".into(), FieldCode::Mismatch)
        );
        let json = serde_json::to_string(&ev(EventKind::BirthdayVoucherUsed, None)).unwrap();
        assert!(json.contains("\"birthday_voucher_used\""), "{json}");
    }
}
