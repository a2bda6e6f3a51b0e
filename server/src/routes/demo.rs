//! Demo mode: a fake retailer page at `/` that embeds the widget like a real shop would.

use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};

use crate::app::AppState;
use crate::error::AppError;

pub const DEMO_SITE: &str = "demo";

const SHOP_TEMPLATE: &str = include_str!("../../assets/demo-shop.html");

/// The shop page with Patron's origin and the site id filled in.
pub fn render(public_origin: &str) -> String {
    SHOP_TEMPLATE
        .replace("{{PATRON_ORIGIN}}", public_origin)
        .replace("{{SITE}}", DEMO_SITE)
}

pub async fn shop(State(state): State<AppState>) -> Response {
    match state.demo_page {
        Some(page) => (
            [(header::CACHE_CONTROL, "no-cache")],
            Html(page.to_string()),
        )
            .into_response(),
        None => AppError::NotFound.into_response(),
    }
}
