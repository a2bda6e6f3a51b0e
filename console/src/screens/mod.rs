//! One folder per screen. Sign-in ships with the shell; the others in their own chunks.

pub mod audit;
pub mod contacts;
pub mod feedback;
pub mod guides;
pub mod library;
pub mod members;
pub mod overview;
pub mod sign_in;
pub mod users;
