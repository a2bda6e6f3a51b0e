//! Demo mode: a fake retailer page at `/` that embeds the widget like a real shop would.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{Html, IntoResponse, Response};

use crate::demo::DEMO_SITE;
use crate::{csp, page_headers};

const SHOP_TEMPLATE: &str = include_str!("../../assets/demo-shop.html");

/// The shop page with Patron's origin and the site id filled in.
pub fn render(public_origin: &str) -> String {
    SHOP_TEMPLATE
        .replace("{{PATRON_ORIGIN}}", public_origin)
        .replace("{{SITE}}", DEMO_SITE)
}

/// The rendered shop and its policy, built once.
#[derive(Clone)]
pub struct DemoShop {
    page: Arc<str>,
    policy: HeaderValue,
}

impl DemoShop {
    pub fn new(public_origin: &str) -> Self {
        let page = render(public_origin);
        let policy = csp::demo_shop_policy(&csp::inline_script_hashes(&page), public_origin);
        Self {
            policy: HeaderValue::from_str(&policy)
                .unwrap_or_else(|_| HeaderValue::from_static(page_headers::DENY_ALL)),
            page: page.into(),
        }
    }
}

/// `GET /`: the rendered shop (the route exists in demo mode only).
pub async fn shop(State(shop): State<DemoShop>) -> Response {
    let mut response = (
        [(header::CACHE_CONTROL, "no-cache")],
        Html(shop.page.to_string()),
    )
        .into_response();
    page_headers::secure(&mut response, shop.policy);
    response
}
