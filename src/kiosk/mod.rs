//! What only a kiosk does: the idle reset with its countdown, the welcome (attract) screen
//! after a reset, and "Continue on your phone".

mod attract;
mod countdown;
mod handoff;
mod idle;

pub use attract::Attract;
pub use countdown::IdleCountdown;
pub use handoff::{HandOff, HandOffView};
pub use idle::{use_idle_reset, IdleClock};
