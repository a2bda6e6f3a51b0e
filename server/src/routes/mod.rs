//! HTTP surface: which path goes to which handler, and the layers around them.

pub mod admin;
pub mod demo;
pub mod health;
pub mod settings;
pub mod site_assets;
pub mod widget;

use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::Router;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::app::AppState;
use crate::config::Config;
use crate::cors;
use crate::error::AppError;
use crate::faq;
use crate::onboarding;
use crate::points;
use crate::surveys;

pub fn router(state: AppState, config: &Config) -> Router {
    // The 405 fallback is set before the CORS layer so preflights (OPTIONS) for these
    // routes pass through the layer instead of bypassing it.
    let site_api = Router::new()
        .route("/v1/sites/{site}/settings", get(settings::get_settings))
        .route("/v1/sites/{site}/faq", get(faq::routes::home))
        .route("/v1/sites/{site}/faq/search", get(faq::routes::search))
        .route(
            "/v1/sites/{site}/faq/articles/{id}",
            get(faq::routes::article),
        )
        .route(
            "/v1/sites/{site}/faq/articles/{id}/votes",
            post(faq::routes::vote),
        )
        .route("/v1/sites/{site}/contact", post(faq::routes::contact))
        // Member points (`patron_api::points`).
        .route("/v1/sites/{site}/points/me", get(points::routes::me))
        .route(
            "/v1/sites/{site}/points/history",
            get(points::routes::history),
        )
        .route(
            "/v1/sites/{site}/points/redemptions",
            post(points::routes::redeem),
        )
        .route(
            "/v1/sites/{site}/points/program",
            get(points::routes::program),
        )
        .route(
            "/v1/sites/{site}/points/rewards",
            get(points::routes::rewards),
        )
        .route(
            "/v1/sites/{site}/surveys/eligibility",
            post(surveys::routes::eligibility),
        )
        .route(
            "/v1/sites/{site}/surveys/displays",
            post(surveys::routes::display),
        )
        .route(
            "/v1/sites/{site}/surveys/responses",
            post(surveys::routes::response),
        )
        .route(
            "/v1/sites/{site}/surveys/follow-ups",
            post(surveys::routes::follow_up),
        )
        // Onboarding packs (`patron_api::onboarding`).
        .route(
            "/v1/sites/{site}/onboarding/packs",
            get(onboarding::routes::packs),
        )
        .route(
            "/v1/sites/{site}/onboarding/packs/{pack}",
            get(onboarding::routes::pack),
        )
        .route(
            "/v1/sites/{site}/onboarding/packs/{pack}/steps/{step}/complete",
            post(onboarding::routes::complete),
        )
        .route(
            "/v1/sites/{site}/onboarding/events",
            post(onboarding::routes::event),
        );
    // The demo door exists only in demo mode; elsewhere its paths are plain 404s.
    let site_api = if state.demo_page.is_some() {
        site_api
            .route(
                "/v1/sites/{site}/points/demo/members",
                get(points::demo::members),
            )
            .route(
                "/v1/sites/{site}/points/demo/members/{member}/token",
                post(points::demo::token),
            )
    } else {
        site_api
    }
    .method_not_allowed_fallback(method_not_allowed)
    .route_layer(middleware::from_fn_with_state(
        state.clone(),
        cors::site_cors,
    ));

    let mut app = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/v1/admin/sites/{site}/settings", put(admin::put_settings))
        .route(
            "/v1/admin/sites/{site}/faq/articles",
            get(faq::admin::list_articles),
        )
        .route(
            "/v1/admin/sites/{site}/faq/articles/{id}/{locale}",
            put(faq::admin::put_article).delete(faq::admin::delete_article),
        )
        .route("/v1/admin/sites/{site}/contacts", get(faq::admin::contacts))
        .route(
            "/v1/admin/sites/{site}/reports/faq/zero-results",
            get(faq::reports::zero_results),
        )
        .route(
            "/v1/admin/sites/{site}/reports/faq/helpfulness",
            get(faq::reports::helpfulness),
        )
        .route(
            "/v1/admin/sites/{site}/reports/faq/self-service",
            get(faq::reports::self_service),
        )
        // Points, server to server (the retailer's backend) and rules admin.
        .route(
            "/v1/admin/sites/{site}/points/purchases",
            post(points::admin::purchase),
        )
        .route(
            "/v1/admin/sites/{site}/points/reversals",
            post(points::admin::reverse),
        )
        .route(
            "/v1/admin/sites/{site}/points/adjustments",
            post(points::admin::adjust),
        )
        .route(
            "/v1/admin/sites/{site}/points/rules",
            get(points::admin::get_rules).put(points::admin::put_rules),
        )
        .route(
            "/v1/admin/sites/{site}/surveys",
            get(surveys::admin::get_surveys).put(surveys::admin::put_surveys),
        )
        .route(
            "/v1/admin/sites/{site}/surveys/deliveries",
            get(surveys::admin::deliveries),
        )
        .route(
            "/v1/admin/sites/{site}/reports/surveys",
            get(surveys::reports::surveys),
        )
        .route(
            "/v1/admin/sites/{site}/reports/surveys/at-risk",
            get(surveys::reports::at_risk_members),
        )
        .route(
            "/v1/admin/sites/{site}/onboarding/packs",
            get(onboarding::admin::get_packs).put(onboarding::admin::put_packs),
        )
        .route(
            "/v1/admin/sites/{site}/reports/onboarding",
            get(onboarding::reports::onboarding),
        )
        .route("/embed.js", get(widget::loader))
        .route("/embed/{file}", get(widget::loader_extension))
        .route("/embed.d.ts", get(widget::loader_types))
        .route("/widget", get(widget::add_slash))
        .route("/widget/", get(widget::index))
        .route("/widget/index.html", get(widget::index))
        .route("/widget/{*file}", get(widget::file))
        .route("/assets/{site}/{file}", get(site_assets::site_asset))
        .merge(site_api);
    if state.demo_page.is_some() {
        app = app.route("/", get(demo::shop));
    }

    app.fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
        .layer(DefaultBodyLimit::max(config.max_body_bytes))
        .layer(middleware::from_fn_with_state(
            config.request_timeout(),
            timeout,
        ))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
}

async fn not_found() -> AppError {
    AppError::NotFound
}

async fn method_not_allowed() -> AppError {
    AppError::MethodNotAllowed
}

/// Answers with the JSON envelope when a request runs too long; dropping the handler's
/// future cancels its work.
async fn timeout(State(limit): State<Duration>, req: Request, next: Next) -> Response {
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
