//! How routes are put together: every feature builds its public routes (under the site's
//! CORS policy) and its admin routes with `feature_router`, and `app::router` merges the
//! features and wraps them in the layers every request goes through.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::handler::Handler;
use axum::http::Method;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{self, MethodRouter};
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;

use crate::cors;
use crate::error::AppError;
use crate::state::AppState;

/// One route: its method and its path as written in the router (`/v1/sites/{site}/faq`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub method: Method,
    pub path: &'static str,
}

/// A router that remembers what it serves, so the app can list every route it answers (the
/// OpenAPI document must describe each; `app::Application::routes`).
pub struct Routes<S = ()> {
    router: Router<S>,
    table: Vec<Route>,
}

impl<S: Clone + Send + Sync + 'static> Default for Routes<S> {
    fn default() -> Self {
        Self {
            router: Router::new(),
            table: Vec::new(),
        }
    }
}

impl<S: Clone + Send + Sync + 'static> Routes<S> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn get<H: Handler<T, S>, T: 'static>(self, path: &'static str, handler: H) -> Self {
        self.on(Method::GET, path, routing::get(handler))
    }

    pub fn post<H: Handler<T, S>, T: 'static>(self, path: &'static str, handler: H) -> Self {
        self.on(Method::POST, path, routing::post(handler))
    }

    pub fn put<H: Handler<T, S>, T: 'static>(self, path: &'static str, handler: H) -> Self {
        self.on(Method::PUT, path, routing::put(handler))
    }

    pub fn delete<H: Handler<T, S>, T: 'static>(self, path: &'static str, handler: H) -> Self {
        self.on(Method::DELETE, path, routing::delete(handler))
    }

    fn on(mut self, method: Method, path: &'static str, route: MethodRouter<S>) -> Self {
        self.table.push(Route { method, path });
        self.router = self.router.route(path, route);
        self
    }

    pub fn merge(mut self, other: Routes<S>) -> Self {
        self.table.extend(other.table);
        self.router = self.router.merge(other.router);
        self
    }

    /// Gives the handlers their state.
    pub fn with_state<S2: Clone + Send + Sync + 'static>(self, state: S) -> Routes<S2> {
        Routes {
            router: self.router.with_state(state),
            table: self.table,
        }
    }

    /// The router and what it serves.
    pub fn into_parts(self) -> (Router<S>, Vec<Route>) {
        (self.router, self.table)
    }
}

/// A feature's routes as one router: `site_api`, called from shops' pages, answers under the
/// site's CORS policy (`cors::site_cors`); `rest` (admin and server-to-server calls, files)
/// has no CORS. The 405 fallback is set before the CORS layer so preflights (OPTIONS) for
/// the site API pass through the layer instead of bypassing it.
pub fn feature_router<S>(app: &AppState, site_api: Routes<S>, rest: Routes<S>) -> Routes<S>
where
    S: Clone + Send + Sync + 'static,
{
    let Routes { router, mut table } = site_api;
    table.extend(rest.table);
    Routes {
        router: router
            .method_not_allowed_fallback(method_not_allowed)
            .route_layer(middleware::from_fn_with_state(app.clone(), cors::site_cors))
            .merge(rest.router),
        table,
    }
}

pub async fn not_found() -> AppError {
    AppError::NotFound
}

pub async fn method_not_allowed() -> AppError {
    AppError::MethodNotAllowed
}

/// A panic in a handler answers the JSON 500 envelope (and is logged), instead of the
/// connection closing with no answer.
/// An image answered with `body`: its type, how long caches keep it, and, because an SVG
/// opened directly is a document that could run script on Patron's origin, a policy that
/// runs none.
pub fn image_response(
    body: impl IntoResponse,
    content_type: &'static str,
    cache: &'static str,
) -> Response {
    use axum::http::{header, HeaderValue};
    let mut response = body.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; sandbox"),
    );
    response
}

pub fn catch_panic() -> CatchPanicLayer<fn(Box<dyn std::any::Any + Send + 'static>) -> Response> {
    CatchPanicLayer::custom(panic_response as fn(_) -> _)
}

fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("a panic without a message");
    AppError::internal(format!("handler panicked: {detail}")).into_response()
}

/// Answers with the JSON envelope when a request runs too long; dropping the handler's
/// future cancels its work.
pub async fn timeout(State(limit): State<Duration>, req: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(response) => response,
        Err(_) => AppError::Timeout.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::StatusCode;
    use axum::routing::get;
    use tower::ServiceExt;

    #[tokio::test]
    async fn a_panicking_handler_answers_the_json_envelope() {
        let app = Router::new()
            .route(
                "/boom",
                get(|| async {
                    let v: Vec<u8> = Vec::new();
                    v[3].to_string()
                }),
            )
            .layer(catch_panic());
        let req = Request::builder()
            .uri("/boom")
            .body(Body::empty())
            .expect("request");
        let resp = app.oneshot(req).await.expect("infallible");
        assert_eq!(resp.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(resp.into_body(), 1024)
            .await
            .expect("body");
        let env: patron_api::ErrorEnvelope = serde_json::from_slice(&body).expect("envelope");
        assert_eq!(env.error.code, patron_api::ErrorCode::Internal);
        assert!(!env.error.message.contains("index out of bounds"));
    }

    #[tokio::test]
    async fn slow_requests_get_the_timeout_envelope() {
        let slow = Router::new()
            .route(
                "/slow",
                get(|| async {
                    tokio::time::sleep(Duration::from_secs(5)).await;
                    "late"
                }),
            )
            .layer(middleware::from_fn_with_state(
                Duration::from_millis(20),
                timeout,
            ));
        let req = Request::builder()
            .uri("/slow")
            .body(Body::empty())
            .expect("request");
        let resp = slow.oneshot(req).await.expect("infallible");
        assert_eq!(resp.status(), StatusCode::SERVICE_UNAVAILABLE);
        let body = axum::body::to_bytes(resp.into_body(), 1024)
            .await
            .expect("body");
        let env: patron_api::ErrorEnvelope = serde_json::from_slice(&body).expect("envelope");
        assert_eq!(env.error.code, patron_api::ErrorCode::Timeout);
    }
}
