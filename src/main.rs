//! Patron widget entry point: one Leptos CSR app, three display modes chosen by the page URL.

mod api;
mod app;
mod bridge;
mod continuity;
mod device;
mod faq;
mod fetch;
mod i18n;
mod json;
mod kiosk;
mod launch;
mod onboarding;
mod points;
mod session;
mod shell;
mod survey;
mod viewport;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
