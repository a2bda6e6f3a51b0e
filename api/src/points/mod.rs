//! Member points and tiers: balance, tier, progress, expiring points, history and rewards.
//!
//! Member routes, under `/v1/sites/{site}/points`, with `Authorization: Bearer <member token>`
//! (a JWT the retailer's backend signs, see [`MemberClaims`]):
//! - `GET  /me?locale=` → [`Me`]
//! - `GET  /history?locale=&cursor=&limit=` → [`HistoryPage`], newest first
//! - `POST /redemptions?locale=` [`RedeemRequest`] → 201 [`RedeemReceipt`] (200 when replayed)
//!
//! Public routes (no token; for the signed-out screen too):
//! - `GET  /program?locale=` → [`Program`]: tiers and their benefits
//! - `GET  /rewards?locale=` → [`RewardsCatalogue`]
//!
//! Server-to-server, under `/v1/admin/sites/{site}/points`, bearer = the site's admin key:
//! - `POST /purchases` [`PurchaseRequest`] → 201 [`PurchaseReceipt`] (200 when replayed)
//! - `POST /reversals` [`ReverseRequest`] → 201 [`ReverseReceipt`] (200 when replayed)
//! - `POST /adjustments` [`AdjustRequest`] → 201 [`AdjustReceipt`] (200 when replayed)
//! - entitlements, member profiles and events: [`earn`]
//!
//! Points are whole numbers. Money is an integer number of minor units (fen, cents) in the
//! program's currency. Times are Unix milliseconds, except inside member tokens (JWT
//! NumericDate: seconds). Translated texts arrive already in the requested locale.

pub mod admin;
pub mod coupons;
pub mod earn;

use crate::error::FieldCode;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::locale::Locale;
use crate::validate::{self, FieldErrors, Rule, Violation};

/// The most points one operation may move, and the largest cost of a reward.
pub const POINTS_MAX: i64 = 1_000_000_000;
/// The largest purchase amount in minor units (10 billion in major units).
pub const AMOUNT_MAX: i64 = 1_000_000_000_000;
pub const MEMBER_ID_MAX_LEN: usize = 64;
pub const ORDER_REF_MAX_LEN: usize = 64;
pub const REWARD_ID_MAX_LEN: usize = 64;
pub const IDEMPOTENCY_KEY_MIN_LEN: usize = 8;
pub const IDEMPOTENCY_KEY_MAX_LEN: usize = 100;
pub const REASON_MAX_CHARS: usize = 200;
pub const MEMBER_NAME_MAX_CHARS: usize = 80;
pub const HISTORY_LIMIT_DEFAULT: u32 = 20;
pub const HISTORY_LIMIT_MAX: u32 = 100;
/// `Me::expiring` covers points expiring within this many days.
pub const EXPIRING_WITHIN_DAYS: i64 = 30;
/// A member token may live at most this long (`exp - iat`, seconds).
pub const TOKEN_LIFETIME_MAX_SECS: i64 = 24 * 60 * 60;

/// The claims of a member token: HS256 with the site's secret, signed by the retailer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberClaims {
    /// The member id in the retailer's system.
    pub sub: String,
    /// The Patron site id the token is for.
    pub site: String,
    /// Issued at, Unix seconds.
    pub iat: i64,
    /// Expires at, Unix seconds; at most 24 hours after `iat`.
    pub exp: i64,
    /// Not valid before, Unix seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nbf: Option<i64>,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `MM-DD` or `YYYY-MM-DD`, for birthday-month points and the birthday voucher (only
    /// month and day are kept); a malformed one is ignored, not refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birthday: Option<String>,
}

/// A tier as the member sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tier {
    pub id: String,
    pub name: String,
    pub benefits: Vec<String>,
}

/// What it takes to reach the next tier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NextTier {
    pub id: String,
    pub name: String,
    /// More qualifying spend needed, in minor units.
    pub spend_needed: i64,
    /// Until when `spend_needed` holds: the moment the oldest purchase still counted leaves
    /// the rolling window (after it, more is needed). `None` when nothing is counted yet.
    #[serde(default)]
    pub by: Option<i64>,
}

/// Points that expire soon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Expiring {
    /// Points expiring within [`EXPIRING_WITHIN_DAYS`].
    pub points: i64,
    /// When the first of them expire.
    pub at: i64,
}

/// `GET /points/me`: everything the "My points" screen shows at the top.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub member_id: String,
    /// From the token, if the retailer put one in.
    #[serde(default)]
    pub name: Option<String>,
    pub locale: Locale,
    pub balance: i64,
    /// What the balance is worth when redeemed, in minor units.
    pub balance_value: i64,
    /// ISO 4217 code of every amount here, e.g. `CNY`.
    pub currency: String,
    pub tier: Tier,
    /// Spend counted towards tiers over the rolling window, in minor units.
    pub qualifying_spend: i64,
    pub window_months: u32,
    /// `None` at the top tier.
    #[serde(default)]
    pub next_tier: Option<NextTier>,
    /// `None` when nothing expires within [`EXPIRING_WITHIN_DAYS`].
    #[serde(default)]
    pub expiring: Option<Expiring>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Earn,
    Redeem,
    Reverse,
    Adjust,
    Expire,
}

impl EntryKind {
    pub const ALL: [EntryKind; 5] = [
        EntryKind::Earn,
        EntryKind::Redeem,
        EntryKind::Reverse,
        EntryKind::Adjust,
        EntryKind::Expire,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Earn => "earn",
            EntryKind::Redeem => "redeem",
            EntryKind::Reverse => "reverse",
            EntryKind::Adjust => "adjust",
            EntryKind::Expire => "expire",
        }
    }

    pub fn parse(s: &str) -> Option<EntryKind> {
        EntryKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One line of the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryEntry {
    pub kind: EntryKind,
    /// Signed: positive for earn and credit adjustments, negative otherwise.
    pub points: i64,
    /// When it took effect (the purchase time for earn, the expiry time for expire).
    pub at: i64,
    /// A line of text in the requested locale, e.g. "Order SO-1001" or the reward's name.
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_ref: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reward_id: Option<String>,
    /// A coupon's code, once it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryPage {
    pub locale: Locale,
    pub entries: Vec<HistoryEntry>,
    /// Pass as `cursor=` for the next (older) page; `None` on the last page.
    #[serde(default)]
    pub next_cursor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reward {
    pub id: String,
    pub name: String,
    /// May be empty.
    pub description: String,
    /// Points it costs.
    pub cost: i64,
    /// Left in stock; `None` when unlimited.
    #[serde(default)]
    pub stock_left: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RewardsCatalogue {
    pub locale: Locale,
    pub rewards: Vec<Reward>,
}

/// A tier as the program describes it (signed-out screen, tier ladder).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TierInfo {
    pub id: String,
    pub name: String,
    pub benefits: Vec<String>,
    /// Qualifying spend over the window needed, in minor units.
    pub min_spend: i64,
    /// Points earned relative to the base rate, in percent (150 = 1.5×).
    pub earn_multiplier_percent: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Program {
    pub locale: Locale,
    pub currency: String,
    /// Points earned per major currency unit at the base rate.
    pub points_per_unit: i64,
    pub point_lifetime_months: u32,
    pub window_months: u32,
    /// Lowest first.
    pub tiers: Vec<TierInfo>,
}

/// `POST /points/redemptions`. Sending the same key again returns the first receipt; the
/// same key with another reward is refused (409 `idempotency_conflict`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RedeemRequest {
    pub reward_id: String,
    /// Chosen by the client per attempt (e.g. random), 8 to 100 of `[A-Za-z0-9_.:-]`.
    pub idempotency_key: String,
}

impl RedeemRequest {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errs = FieldErrors::default();
        errs.check("reward_id", reward_id(&self.reward_id));
        errs.check("idempotency_key", idempotency_key(&self.idempotency_key));
        errs.into_result()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RedeemReceipt {
    pub redemption_id: String,
    pub reward_id: String,
    pub reward_name: String,
    pub points_spent: i64,
    pub new_balance: i64,
    pub redeemed_at: i64,
    /// A coupon's code: at once from a pool; from the shop's backend, it comes later (then
    /// `code_pending`, and the member finds it in their history).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub code_pending: bool,
}

/// A JSON number that is meant to be a whole number. It parses from any JSON number so that
/// `1.5` or `1e30` is reported on its field by the validation rules rather than as an
/// unreadable body.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Whole {
    Int(i64),
    /// A fraction, or a number outside the 64-bit range.
    Other(f64),
}

/// On the wire a whole number (any other number is refused with `not_integer`).
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Whole {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::Integer)
            .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                utoipa::openapi::KnownFormat::Int64,
            )))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Whole {}

impl From<i64> for Whole {
    fn from(n: i64) -> Self {
        Whole::Int(n)
    }
}

impl Serialize for Whole {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            Whole::Int(n) => s.serialize_i64(n),
            Whole::Other(f) => s.serialize_f64(f),
        }
    }
}

impl<'de> Deserialize<'de> for Whole {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct WholeVisitor;
        impl Visitor<'_> for WholeVisitor {
            type Value = Whole;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number")
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Whole, E> {
                Ok(Whole::Int(n))
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Whole, E> {
                Ok(i64::try_from(n).map_or(Whole::Other(n as f64), Whole::Int))
            }
            fn visit_f64<E: de::Error>(self, f: f64) -> Result<Whole, E> {
                // 100.0 is the integer 100 in JSON terms; only exact values are accepted.
                let exact = f.fract() == 0.0 && f.abs() < 9.0e15;
                Ok(if exact {
                    Whole::Int(f as i64)
                } else {
                    Whole::Other(f)
                })
            }
        }
        d.deserialize_any(WholeVisitor)
    }
}

/// A whole number in `min..=max`.
pub fn whole_in(n: Whole, min: i64, max: i64) -> Result<i64, Violation> {
    match n {
        Whole::Int(i) if (min..=max).contains(&i) => Ok(i),
        Whole::Int(_) => Err(Violation::new(
            FieldCode::OutOfRange,
            format!("a whole number from {min} to {max}"),
        )),
        Whole::Other(f) if f.is_finite() && f.fract() != 0.0 => Err(Violation::new(
            FieldCode::NotInteger,
            "a whole number, without a fraction",
        )),
        Whole::Other(_) => Err(Violation::new(
            FieldCode::OutOfRange,
            format!("a whole number from {min} to {max}"),
        )),
    }
}

/// Server-to-server: the retailer records a purchase; points are earned at the member's tier
/// rate. Idempotent by `order_ref`: replaying it earns nothing more and returns the first
/// receipt; the same `order_ref` with a different body is refused (409 `idempotency_conflict`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PurchaseRequest {
    pub member_id: String,
    pub order_ref: String,
    /// Minor units (fen, cents), a positive whole number.
    pub amount: Whole,
    /// ISO 4217, must be the program's currency.
    pub currency: String,
    /// When the purchase was made, Unix milliseconds; not in the future.
    pub occurred_at: i64,
}

impl PurchaseRequest {
    /// The amount in minor units when every rule holds.
    pub fn validate(&self) -> Result<i64, FieldErrors> {
        let mut errs = FieldErrors::default();
        errs.check("member_id", member_id(&self.member_id));
        errs.check("order_ref", order_ref(&self.order_ref));
        let amount = whole_in(self.amount, 1, AMOUNT_MAX);
        errs.check("amount", amount.clone().map(drop));
        errs.check("currency", currency(&self.currency));
        if self.occurred_at <= 0 {
            errs.push(
                "occurred_at",
                FieldCode::OutOfRange,
                "Unix milliseconds, positive",
            );
        }
        errs.into_result()?;
        Ok(amount.unwrap_or_default())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PurchaseReceipt {
    pub member_id: String,
    pub order_ref: String,
    pub points_earned: i64,
    /// The tier whose rate applied.
    pub tier_id: String,
    /// The purchase was in the member's birthday month and earned its multiplier.
    #[serde(default)]
    pub birthday_month: bool,
    /// The balance right after this purchase.
    pub balance: i64,
}

/// Server-to-server: an order was refunded; the points it earned are taken back (as many as
/// the member still has: the balance never goes below zero) and its spend stops counting
/// towards tiers. Replaying it returns the first receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReverseRequest {
    pub member_id: String,
    pub order_ref: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl ReverseRequest {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errs = FieldErrors::default();
        errs.check("member_id", member_id(&self.member_id));
        errs.check("order_ref", order_ref(&self.order_ref));
        if let Some(r) = &self.reason {
            errs.check("reason", validate::text_len(r, 0, REASON_MAX_CHARS));
        }
        errs.into_result()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReverseReceipt {
    pub member_id: String,
    pub order_ref: String,
    /// Points taken back.
    pub points_reversed: i64,
    /// Points the order earned that had expired: expiry took them already, so they are not
    /// taken again (from points other purchases earned).
    #[serde(default)]
    pub points_expired: i64,
    /// Points the order earned that could not be taken back because the member had already
    /// spent them and holds too few now.
    pub shortfall: i64,
    pub balance: i64,
}

/// Server-to-server: a manual correction, positive (credit, a new lot of points) or negative
/// (debit, the points that expire first; refused when the balance does not cover it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdjustRequest {
    pub member_id: String,
    /// Signed whole number, not zero.
    pub points: Whole,
    pub reason: String,
    pub idempotency_key: String,
}

impl AdjustRequest {
    /// The signed points when every rule holds.
    pub fn validate(&self) -> Result<i64, FieldErrors> {
        let mut errs = FieldErrors::default();
        errs.check("member_id", member_id(&self.member_id));
        let points = whole_in(self.points, -POINTS_MAX, POINTS_MAX).and_then(|p| {
            if p == 0 {
                Err(Violation::new(FieldCode::OutOfRange, "not zero"))
            } else {
                Ok(p)
            }
        });
        errs.check("points", points.clone().map(drop));
        errs.check(
            "reason",
            validate::text_len(self.reason.trim(), 1, REASON_MAX_CHARS),
        );
        errs.check("idempotency_key", idempotency_key(&self.idempotency_key));
        errs.into_result()?;
        Ok(points.unwrap_or_default())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdjustReceipt {
    pub member_id: String,
    pub points: i64,
    pub balance: i64,
}

fn id_like(s: &str, max: usize) -> bool {
    !s.is_empty()
        && s.len() <= max
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_.:@-".contains(&b))
}

/// A member id from the retailer's system: 1 to 64 of `[A-Za-z0-9_.:@-]`.
pub fn member_id(s: &str) -> Rule {
    if id_like(s, MEMBER_ID_MAX_LEN) {
        Ok(())
    } else {
        Err(Violation::new(
            FieldCode::InvalidFormat,
            "a member id is 1 to 64 letters, digits or _ . : @ -",
        ))
    }
}

/// An order reference: 1 to 64 of `[A-Za-z0-9_.:@-]`.
pub fn order_ref(s: &str) -> Rule {
    if id_like(s, ORDER_REF_MAX_LEN) {
        Ok(())
    } else {
        Err(Violation::new(
            FieldCode::InvalidFormat,
            "an order reference is 1 to 64 letters, digits or _ . : @ -",
        ))
    }
}

/// A reward id: lowercase letters, digits and `-`, at most 64 bytes.
pub fn reward_id(s: &str) -> Rule {
    let ok = !s.is_empty()
        && s.len() <= REWARD_ID_MAX_LEN
        && !s.starts_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(Violation::new(
            FieldCode::InvalidFormat,
            "a reward id is lowercase letters, digits and '-'",
        ))
    }
}

/// 8 to 100 of `[A-Za-z0-9_.:-]`: long enough to be unique when random.
pub fn idempotency_key(s: &str) -> Rule {
    let ok = (IDEMPOTENCY_KEY_MIN_LEN..=IDEMPOTENCY_KEY_MAX_LEN).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_.:-".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(Violation::new(
            FieldCode::InvalidFormat,
            "an idempotency key is 8 to 100 letters, digits or _ . : -",
        ))
    }
}

/// An ISO 4217 code: three uppercase letters.
pub fn currency(s: &str) -> Rule {
    if s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(())
    } else {
        Err(Violation::new(
            FieldCode::InvalidFormat,
            "a currency is an ISO 4217 code such as CNY",
        ))
    }
}

/// Demo mode only, `GET /v1/sites/demo/points/demo/members`: the sample members the demo
/// shop can sign in as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DemoMembers {
    pub members: Vec<DemoMember>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DemoMember {
    pub member_id: String,
    pub name: String,
    /// One line about them ("Silver member, 1,200 yuan from Gold").
    pub about: String,
}

/// Demo mode only, `POST /v1/sites/demo/points/demo/members/{member}/token`: a member token
/// signed as the retailer's backend would after its own sign-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DemoToken {
    pub member_id: String,
    pub token: String,
    /// Unix seconds.
    pub expires_at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields<T>(r: Result<T, FieldErrors>) -> Vec<(String, String)> {
        r.err()
            .map(|e| {
                e.0.into_iter()
                    .map(|f| (f.field, f.code.as_str().to_owned()))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn purchase() -> PurchaseRequest {
        PurchaseRequest {
            member_id: "m-1001".into(),
            order_ref: "SO-20260101-0001".into(),
            amount: Whole::Int(12_345),
            currency: "CNY".into(),
            occurred_at: 1_760_000_000_000,
        }
    }

    #[test]
    fn whole_numbers_parse_from_any_json_number() {
        let parse = |s: &str| serde_json::from_str::<Whole>(s).unwrap();
        assert_eq!(parse("12"), Whole::Int(12));
        assert_eq!(parse("-3"), Whole::Int(-3));
        assert_eq!(parse("100.0"), Whole::Int(100));
        assert_eq!(parse("1.5"), Whole::Other(1.5));
        assert!(matches!(parse("18446744073709551615"), Whole::Other(_)));
        assert!(matches!(parse("1e30"), Whole::Other(_)));
        assert!(serde_json::from_str::<Whole>("\"12\"").is_err());
        assert_eq!(serde_json::to_string(&Whole::Int(7)).unwrap(), "7");
    }

    #[test]
    fn whole_ranges() {
        assert_eq!(whole_in(Whole::Int(5), 1, 10), Ok(5));
        assert_eq!(
            whole_in(Whole::Int(0), 1, 10).unwrap_err().code.as_str(),
            "out_of_range"
        );
        assert_eq!(
            whole_in(Whole::Int(-5), 1, 10).unwrap_err().code.as_str(),
            "out_of_range"
        );
        assert_eq!(
            whole_in(Whole::Int(11), 1, 10).unwrap_err().code.as_str(),
            "out_of_range"
        );
        assert_eq!(
            whole_in(Whole::Other(2.5), 1, 10)
                .unwrap_err()
                .code
                .as_str(),
            "not_integer"
        );
        assert_eq!(
            whole_in(Whole::Other(1e30), 1, 10)
                .unwrap_err()
                .code
                .as_str(),
            "out_of_range"
        );
        assert_eq!(
            whole_in(Whole::Other(f64::NAN), 1, 10)
                .unwrap_err()
                .code
                .as_str(),
            "out_of_range"
        );
    }

    #[test]
    fn purchases() {
        assert_eq!(purchase().validate().unwrap(), 12_345);
        let bad = PurchaseRequest {
            member_id: "".into(),
            order_ref: "SO 1".into(),
            amount: Whole::Other(10.5),
            currency: "cny".into(),
            occurred_at: 0,
        };
        assert_eq!(
            fields(bad.validate()),
            [
                ("member_id".into(), "invalid_format".into()),
                ("order_ref".into(), "invalid_format".into()),
                ("amount".into(), "not_integer".into()),
                ("currency".into(), "invalid_format".into()),
                ("occurred_at".into(), "out_of_range".into()),
            ]
        );
        for amount in [Whole::Int(-100), Whole::Int(0), Whole::Int(AMOUNT_MAX + 1)] {
            let p = PurchaseRequest {
                amount,
                ..purchase()
            };
            assert_eq!(
                fields(p.validate()),
                [("amount".into(), "out_of_range".into())]
            );
        }
    }

    #[test]
    fn adjustments_are_signed_but_never_zero() {
        let adj = |points: Whole| AdjustRequest {
            member_id: "m-1".into(),
            points,
            reason: "goodwill".into(),
            idempotency_key: "adj-0001".into(),
        };
        assert_eq!(adj(Whole::Int(-50)).validate().unwrap(), -50);
        assert_eq!(adj(Whole::Int(50)).validate().unwrap(), 50);
        for bad in [Whole::Int(0), Whole::Int(POINTS_MAX + 1), Whole::Other(0.5)] {
            assert_eq!(fields(adj(bad).validate())[0].0, "points");
        }
        let no_reason = AdjustRequest {
            reason: "  ".into(),
            ..adj(Whole::Int(1))
        };
        assert_eq!(fields(no_reason.validate())[0].0, "reason");
    }

    #[test]
    fn redemptions() {
        let r = RedeemRequest {
            reward_id: "coupon-50".into(),
            idempotency_key: "3f9c2a1b-7d".into(),
        };
        r.validate().unwrap();
        let bad = RedeemRequest {
            reward_id: "Coupon 50".into(),
            idempotency_key: "short".into(),
        };
        assert_eq!(
            fields(bad.validate())
                .into_iter()
                .map(|f| f.0)
                .collect::<Vec<_>>(),
            ["reward_id", "idempotency_key"]
        );
    }

    #[test]
    fn ids() {
        for good in ["m-1", "a@b.c", "u:42", &"x".repeat(64)] {
            assert!(member_id(good).is_ok(), "{good}");
        }
        for bad in ["", "a b", "<m>", "m/1", &"x".repeat(65), "会员"] {
            assert!(member_id(bad).is_err(), "{bad}");
        }
        assert!(currency("CNY").is_ok());
        assert!(currency("CN").is_err());
    }

    #[test]
    fn entry_kinds_match_serde() {
        for k in EntryKind::ALL {
            assert_eq!(
                serde_json::to_string(&k).unwrap(),
                format!("\"{}\"", k.as_str())
            );
            assert_eq!(EntryKind::parse(k.as_str()), Some(k));
        }
    }

    #[test]
    fn claims_wire_names() {
        let c: MemberClaims =
            serde_json::from_str(r#"{"sub":"m-1","site":"demo","iat":1,"exp":2,"name":"王小明"}"#)
                .unwrap();
        assert_eq!(c.nbf, None);
        assert_eq!(c.name.as_deref(), Some("王小明"));
    }
}
