//! How routes are put together: every feature builds its public routes (under the site's
//! CORS policy) and its admin routes with `feature_router`, and `app::router` merges the
//! features and wraps them in the layers every request goes through.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;

use crate::cors;
use crate::error::AppError;
use crate::state::AppState;

/// A feature's routes as one router: `site_api`, called from shops' pages, answers under the
/// site's CORS policy (`cors::site_cors`); `rest` (admin and server-to-server calls, files)
/// has no CORS. The 405 fallback is set before the CORS layer so preflights (OPTIONS) for
/// the site API pass through the layer instead of bypassing it.
pub fn feature_router<S>(app: &AppState, site_api: Router<S>, rest: Router<S>) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    site_api
        .method_not_allowed_fallback(method_not_allowed)
        .route_layer(middleware::from_fn_with_state(app.clone(), cors::site_cors))
        .merge(rest)
}

pub async fn not_found() -> AppError {
    AppError::NotFound
}

pub async fn method_not_allowed() -> AppError {
    AppError::MethodNotAllowed
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
