//! NPS and CSAT micro-surveys: the card that asks (below the panel's screen, or on the
//! Feedback screen of the panel it opens), and the outbox that never loses an answer.
//!
//! All of it ships in the `survey` wasm chunk (`shell/chunk.rs`), messages and styles
//! included, except `has_unsent`, which the first-open module calls to know whether answers
//! from an earlier visit need the chunk at once.

mod api;
mod ask;
mod card;
mod dock;
mod i18n;
mod outbox;
mod screen;
mod state;

pub use dock::start;
pub use outbox::has_unsent;
pub use screen::Feedback;

/// The survey's styles: they arrive with its chunk instead of in the first-open CSS.
const CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/survey.css"));
