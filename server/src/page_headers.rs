//! The security headers of every HTML page the server serves (the widget page, the demo shop,
//! the API reference, the console): each page states its Content-Security-Policy and `secure`
//! adds the rest. `guard`, a layer over the whole router, makes that hold however a page was
//! reached: an HTML response without a policy of its own (a page under a spelling its route
//! did not expect, a page added without one) gets the strictest policy, which lets nothing load
//! and nothing frame it, so a page is never served unprotected; and every response gets
//! `nosniff`, so nothing is run as a type it was not served as.

use axum::extract::Request;
use axum::http::header::{
    CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// A page's address (with the site and mode in its query) is nobody else's business.
pub const REFERRER: &str = "no-referrer";

/// The policy of an HTML response that did not bring one.
pub const DENY_ALL: &str =
    "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// Gives `response`, an HTML page, its policy and the headers every page carries.
pub fn secure(response: &mut Response, policy: HeaderValue) {
    let h = response.headers_mut();
    h.insert(CONTENT_SECURITY_POLICY, policy);
    h.insert(REFERRER_POLICY, HeaderValue::from_static(REFERRER));
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
}

/// The layer: see the module's head.
pub async fn guard(req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    if is_html(h) && !h.contains_key(CONTENT_SECURITY_POLICY) {
        tracing::warn!("an HTML response without a policy; it gets one that denies everything");
        secure(&mut response, HeaderValue::from_static(DENY_ALL));
    }
    let h = response.headers_mut();
    h.entry(X_CONTENT_TYPE_OPTIONS)
        .or_insert(HeaderValue::from_static("nosniff"));
    if is_html(h) {
        h.entry(REFERRER_POLICY)
            .or_insert(HeaderValue::from_static(REFERRER));
    }
    response
}

fn is_html(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| {
            let essence = ct.split(';').next().unwrap_or_default().trim();
            essence.eq_ignore_ascii_case("text/html")
                || essence.eq_ignore_ascii_case("application/xhtml+xml")
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::response::{Html, IntoResponse};
    use axum::routing::get;
    use axum::{middleware, Router};
    use tower::ServiceExt;

    async fn call(router: Router, path: &str) -> Response {
        router
            .layer(middleware::from_fn(guard))
            .oneshot(
                Request::builder()
                    .uri(path)
                    .body(Body::empty())
                    .expect("request"),
            )
            .await
            .expect("infallible")
    }

    #[tokio::test]
    async fn html_without_a_policy_gets_the_strictest() {
        let app = Router::new().route("/p", get(|| async { Html("<p>hi</p>") }));
        let resp = call(app, "/p").await;
        let h = resp.headers();
        assert_eq!(h[CONTENT_SECURITY_POLICY], DENY_ALL);
        assert_eq!(h[REFERRER_POLICY], REFERRER);
        assert_eq!(h[X_CONTENT_TYPE_OPTIONS], "nosniff");
    }

    #[tokio::test]
    async fn a_pages_own_policy_is_kept_and_other_types_get_nosniff_only() {
        let app = Router::new()
            .route(
                "/p",
                get(|| async {
                    let mut r = Html("<p>hi</p>").into_response();
                    secure(&mut r, HeaderValue::from_static("default-src 'self'"));
                    r
                }),
            )
            .route(
                "/j",
                get(|| async { ([(CONTENT_TYPE, "application/json")], "{}") }),
            );
        let resp = call(app.clone(), "/p").await;
        assert_eq!(
            resp.headers()[CONTENT_SECURITY_POLICY],
            "default-src 'self'"
        );
        let resp = call(app, "/j").await;
        assert!(!resp.headers().contains_key(CONTENT_SECURITY_POLICY));
        assert!(!resp.headers().contains_key(REFERRER_POLICY));
        assert_eq!(resp.headers()[X_CONTENT_TYPE_OPTIONS], "nosniff");
    }
}
