//! The one place the features' routers are merged, with the layers every request goes
//! through (request budgets, body limit, timeout, the security headers of pages, request
//! logs) and the JSON 404/405 fallbacks.

use patron_api::paths;
use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::header;
use axum::middleware;
use axum::response::IntoResponse;
use axum::{Json, Router};
use patron_api::health::Health;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::apidoc::{self, ApiDocs};
use crate::assets::WidgetFiles;
use crate::config::Config;
use crate::continuity::ContinuityState;
use crate::error::AppError;
use crate::faq::{FaqIndexes, FaqState};
use crate::http::{catch_panic, method_not_allowed, not_found, timeout, Route, Routes};
use crate::onboarding::OnboardingState;
use crate::ports::{HelpArticles, Loyalty};
use crate::privacy::PrivacyState;
use crate::rate_limit::{self, RateLimits};
use crate::state::AppState;
use crate::surveys::{Surveys, SurveysState};
use crate::widget::WidgetState;
use crate::{
    continuity, faq, handoff, onboarding, page_headers, points, privacy, site, storage, surveys,
    webhooks, widget,
};

/// What the features need beside `AppState`, built once at start-up.
pub struct Parts {
    pub docs: ApiDocs,
    pub widget: Arc<WidgetFiles>,
    pub faq: Arc<FaqIndexes>,
    pub surveys: Arc<Surveys>,
    pub loyalty: Arc<dyn Loyalty>,
    pub articles: Arc<dyn HelpArticles>,
    pub holders: privacy::Holders,
    pub handovers: continuity::Handovers,
    pub limits: Arc<RateLimits>,
}

/// Every feature's routes merged, and what they serve.
pub fn router(app: AppState, parts: Parts, config: &Config) -> (Router, Vec<Route>) {
    let limits = parts.limits.clone();
    let console_page = crate::console::pages::ConsolePage::new(parts.widget.clone());
    let (router, table) = Routes::new()
        .get(paths::HEALTHZ, healthz)
        .with_state(app.clone())
        .merge(apidoc::router(parts.docs))
        .merge(site::router(app.clone()))
        .merge(handoff::router(app.clone()))
        .merge(widget::router(WidgetState {
            app: app.clone(),
            files: parts.widget,
        }))
        .merge(faq::router(FaqState {
            app: app.clone(),
            indexes: parts.faq,
        }))
        .merge(surveys::router(SurveysState {
            app: app.clone(),
            surveys: parts.surveys.clone(),
            loyalty: parts.loyalty.clone(),
        }))
        .merge(crate::console::router(crate::console::ConsoleState {
            app: app.clone(),
            limits: limits.clone(),
            page: console_page,
            figures: crate::console::overview::Figures {
                surveys: Arc::new(surveys::figures::SurveyCounts {
                    surveys: parts.surveys.clone(),
                }),
                help: Arc::new(faq::figures::HelpCounts),
                loyalty: parts.loyalty.clone(),
            },
        }))
        .merge(points::router(app.clone()))
        .merge(webhooks::router(app.clone()))
        .merge(privacy::router(PrivacyState {
            app: app.clone(),
            holders: parts.holders,
        }))
        .merge(continuity::router(ContinuityState {
            app: app.clone(),
            handovers: parts.handovers,
        }))
        .merge(onboarding::router(OnboardingState {
            app,
            loyalty: parts.loyalty,
            articles: parts.articles,
        }))
        .into_parts();
    let router = router
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(catch_panic())
        .layer(DefaultBodyLimit::max(config.max_body_bytes))
        .layer(middleware::from_fn_with_state(
            config.request_timeout(),
            timeout,
        ))
        // Outside the timeout and the handlers: a request over budget costs no work.
        .layer(middleware::from_fn_with_state(limits, rate_limit::limit))
        .layer(middleware::from_fn(page_headers::guard))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        );
    (router, table)
}

/// `GET /healthz`: 200 only when the database answers, so a load balancer stops routing to
/// an instance that cannot serve settings.
async fn healthz(State(state): State<AppState>) -> Result<impl IntoResponse, AppError> {
    storage::ping(&state.pool)
        .await
        .map_err(|e| AppError::Unavailable(e.to_string()))?;
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        Json(Health {
            status: "ok".to_owned(),
        }),
    ))
}
