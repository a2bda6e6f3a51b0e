//! Coupon rewards (`kind: coupon` in loyalty.yaml): codes from a pool the retailer uploads, or
//! from the shop's backend answering the signed `redemption.created` webhook.
//!
//! Server-to-server, under `/v1/admin/sites/{site}/points`, bearer = the site's admin key:
//! - `POST /rewards/{reward}/codes` [`CodesUpload`] → 201 [`CodesAdded`] (a code already in
//!   the pool is not added twice);
//! - `GET  /coupon-pools` → [`CouponPools`]: every pool coupon's codes left, and whether it
//!   is running low.
//!
//! The webhook: [`RedemptionCreated`] is POSTed (retried until answered with a 2xx, like every
//! Patron webhook); a 2xx whose JSON body is [`CodeAnswer`] gives the member their code at
//! once. Patron keeps the first code it records for a redemption: answer a resent event
//! (same `webhook-id`, same `redemption_id`) with the same code.

use serde::{Deserialize, Serialize};

use crate::error::FieldCode;
use crate::validate::{FieldErrors, Rule, Violation};

pub const CODE_MAX_LEN: usize = 64;
pub const UPLOAD_MAX_CODES: usize = 10_000;
/// The event name of [`RedemptionCreated`].
pub const REDEMPTION_CREATED: &str = "redemption.created";

/// A coupon code: 1 to 64 printable ASCII characters, no spaces.
pub fn code(s: &str) -> Rule {
    let ok = !s.is_empty() && s.len() <= CODE_MAX_LEN && s.bytes().all(|b| b.is_ascii_graphic());
    if ok {
        Ok(())
    } else {
        Err(Violation::new(
            FieldCode::InvalidFormat,
            "a code is 1 to 64 printable ASCII characters, without spaces",
        ))
    }
}

/// `POST …/rewards/{reward}/codes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CodesUpload {
    /// 1 to 10,000 codes.
    pub codes: Vec<String>,
}

impl CodesUpload {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errs = FieldErrors::default();
        if self.codes.is_empty() || self.codes.len() > UPLOAD_MAX_CODES {
            errs.push("codes", FieldCode::OutOfRange, "1 to 10000 codes");
        }
        for (i, c) in self.codes.iter().enumerate() {
            if let Err(v) = code(c) {
                errs.check(&format!("codes[{i}]"), Err(v));
                if errs.0.len() >= 20 {
                    break;
                }
            }
        }
        errs.into_result()
    }
}

/// One pool coupon's codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CouponPool {
    pub reward_id: String,
    /// Codes not given to anyone yet.
    pub available: i64,
    /// Codes given with a redemption.
    pub assigned: i64,
    /// `available` below this is running low (`pool_low_at` in loyalty.yaml).
    pub low_at: i64,
    pub low: bool,
}

/// 201 of an upload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodesAdded {
    pub added: i64,
    /// Codes of the upload that were in the pool already (or twice in the upload).
    pub already_there: i64,
    pub pool: CouponPool,
}

/// `GET …/coupon-pools`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CouponPools {
    pub pools: Vec<CouponPool>,
}

/// The `redemption.created` webhook body: a member redeemed a coupon whose code the shop's
/// backend issues.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RedemptionCreated {
    /// `redemption.created`.
    pub event: String,
    pub site: String,
    /// The same on every attempt: issue one code per redemption.
    pub redemption_id: String,
    pub member_id: String,
    pub reward_id: String,
    pub points: i64,
    /// Unix milliseconds.
    pub redeemed_at: i64,
}

/// What the shop's backend answers `redemption.created` with (any 2xx). Without a code (an
/// empty body, `{}`), the redemption waits for one from the admin API.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeAnswer {
    #[serde(default)]
    pub code: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        for good in ["A", "SAVE20-7F3K", "x#1@b", &"Z".repeat(64)] {
            assert!(code(good).is_ok(), "{good}");
        }
        for bad in ["", "with space", "优惠", &"Z".repeat(65), "tab\t"] {
            assert!(code(bad).is_err(), "{bad}");
        }
        let upload = CodesUpload {
            codes: vec!["OK-1".into(), "bad code".into()],
        };
        let errs = upload.validate().unwrap_err().0;
        assert_eq!(errs[0].field, "codes[1]");
        assert!(CodesUpload { codes: vec![] }.validate().is_err());
    }

    #[test]
    fn an_answer_may_carry_no_code() {
        let a: CodeAnswer = serde_json::from_str("{}").unwrap();
        assert_eq!(a.code, None);
        let a: CodeAnswer = serde_json::from_str(r#"{"code":"X-1","extra":1}"#).unwrap();
        assert_eq!(a.code.as_deref(), Some("X-1"));
    }
}
