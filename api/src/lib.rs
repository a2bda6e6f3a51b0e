//! The Patron wire contract.
//!
//! Every request and response body that crosses the network between the widget and the server
//! is defined here, together with the validation rules both sides apply. The crate does no I/O
//! and compiles for `wasm32-unknown-unknown` as well as natively, so the two sides cannot
//! disagree about a field name or a limit.

pub mod error;
pub mod faq;
pub mod locale;
pub mod onboarding;
pub mod points;
pub mod settings;
pub mod survey;
pub mod validate;

pub use error::{ErrorBody, ErrorCode, ErrorEnvelope, FieldError};
pub use locale::{Locale, Localized};
pub use points::{
    HistoryEntry, HistoryPage, Me, RedeemReceipt, RedeemRequest, Reward, RewardsCatalogue,
};
pub use settings::{Brand, DisplayMode, Module, SiteSettings};
pub use survey::{Band, SurveyKind};
