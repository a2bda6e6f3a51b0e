//! Demo mode: a fake retailer page at `/` that embeds the widget like a real shop would.

use std::sync::Arc;

use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse};

use crate::demo::DEMO_SITE;

const SHOP_TEMPLATE: &str = include_str!("../../assets/demo-shop.html");

/// The shop page with Patron's origin and the site id filled in.
pub fn render(public_origin: &str) -> String {
    SHOP_TEMPLATE
        .replace("{{PATRON_ORIGIN}}", public_origin)
        .replace("{{SITE}}", DEMO_SITE)
}

/// `GET /`: the rendered shop (the route exists in demo mode only).
pub async fn shop(State(page): State<Arc<str>>) -> impl IntoResponse {
    (
        [(header::CACHE_CONTROL, "no-cache")],
        Html(page.to_string()),
    )
}
