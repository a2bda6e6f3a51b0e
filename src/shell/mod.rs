//! The panel frame shared by every module: header, home screen, screen switching, status.

pub mod chunk;
mod header;
mod home;
mod panel;
mod screen;
mod status;

pub use home::home_heading;
pub use panel::Shell;
pub use status::StatusPanel;
