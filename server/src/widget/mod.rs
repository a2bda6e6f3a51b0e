//! Hosting the widget: the loader shops include (`/embed.js`, `/embed/*`), the iframe page
//! and its hashed assets (`/widget/…`), and in demo mode the demo shop at `/`.

pub mod demo_shop;
pub mod pages;

use std::sync::Arc;

use axum::extract::FromRef;
use axum::routing::get;
use axum::Router;

use crate::assets::WidgetFiles;
use crate::state::AppState;

/// What the hosting handlers reach: the shared state, the widget's files and the rendered
/// demo shop (demo mode only).
#[derive(Clone, FromRef)]
pub struct WidgetState {
    pub app: AppState,
    pub files: Arc<WidgetFiles>,
}

pub fn router(state: WidgetState) -> Router {
    let mut router = Router::new()
        .route("/embed.js", get(pages::loader))
        .route("/embed/{file}", get(pages::loader_extension))
        .route("/widget", get(pages::add_slash))
        .route("/widget/", get(pages::index))
        .route("/widget/index.html", get(pages::index))
        .route("/widget/{*file}", get(pages::file))
        .with_state(state.clone());
    if state.app.demo {
        let page: Arc<str> = demo_shop::render(&state.app.public_origin).into();
        router = router.route("/", get(demo_shop::shop).with_state(page));
    }
    router
}
