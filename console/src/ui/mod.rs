//! Pieces every screen uses: messages shared by screens, loading and error panels, charts with
//! their tables, the period picker.

pub mod assignee;
pub mod chart;
pub mod locale;
pub mod messages;
pub mod notes;
pub mod object;
pub mod pager;
pub mod period;
pub mod status;

pub use messages::Common;
pub use status::{loaded, ErrorPanel, Loading, WriteError};
