//! The Patron wire contract.
//!
//! Every request and response body that crosses the network between the widget and the server
//! is defined here, together with the validation rules both sides apply. The crate does no I/O
//! and compiles for `wasm32-unknown-unknown` as well as natively, so the two sides cannot
//! disagree about a field name or a limit.

/// Serde for a unit-only enum as its `as_str` name, with every variant listed in `ALL`; an
/// unknown name falls back to `$fallback` if given, else is an error. Written by hand rather
/// than derived: the derived visitor compares each name twice (as text and as bytes), and the
/// widget's first-open wasm, which decodes these in the site settings and every error body,
/// pays for each copy.
macro_rules! serde_by_name {
    ($ty:ty) => {
        serde_by_name!($ty, |name: &str| Err(format!(
            "unknown {}: {name:?}",
            stringify!($ty)
        )));
    };
    ($ty:ty, $fallback:expr) => {
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let name = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                match <$ty>::ALL.into_iter().find(|v| v.as_str() == name) {
                    Some(v) => Ok(v),
                    None => {
                        let fallback: fn(&str) -> Result<$ty, String> = $fallback;
                        fallback(&name).map_err(serde::de::Error::custom)
                    }
                }
            }
        }
    };
}

/// A unit-only enum whose variants travel as fixed names: declares the enum with each
/// variant's wire name beside it, `ALL` (every variant, in order) and `as_str`, so a new
/// variant cannot be missing from `ALL` or lack a name. Add `serde_by_name!` for its serde.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )+
        }
    ) => {
        $(#[$meta])*
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: [$name; [$(stringify!($variant)),+].len()] = [$($name::$variant),+];

            /// The name on the wire.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $wire,)+
                }
            }
        }

        /// A string with one of the wire names.
        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some($name::ALL.iter().map(|v| v.as_str())))
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}
    };
}

pub mod console;
pub mod continuity;
pub mod error;
pub mod faq;
pub mod handoff;
pub mod health;
pub mod locale;
pub mod onboarding;
#[cfg(feature = "openapi")]
pub mod openapi;
pub mod paths;
pub mod points;
pub mod privacy;
pub mod settings;
pub mod survey;
pub mod validate;
pub mod webhooks;

pub use error::{ErrorBody, ErrorCode, ErrorEnvelope, FieldCode, FieldError};
pub use locale::{Locale, Localized};
pub use points::{
    HistoryEntry, HistoryPage, Me, RedeemReceipt, RedeemRequest, Reward, RewardsCatalogue,
};
pub use settings::{Brand, ColorScheme, DisplayMode, Module, SiteSettings};
pub use survey::{Band, SurveyKind};
