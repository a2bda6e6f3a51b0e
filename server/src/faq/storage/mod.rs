//! FAQ SQL: articles, the per-site content version, and the event tables (searches, views,
//! votes, contact requests). Portable SQL with `$n` placeholders, as in `crate::storage`.

mod articles;
mod contacts;
mod events;
pub mod learned;
mod reports;

pub use articles::*;
pub use contacts::*;
pub use events::*;
pub use reports::*;
