//! Patron Console: the retailer's service team's web app. One Leptos CSR app under `/console/`;
//! each screen's code is its own wasm chunk (`chunk.rs`), fetched when the screen is opened.

mod api;
mod app;
mod chunk;
mod format;
mod i18n;
mod screens;
mod session;
mod ui;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
