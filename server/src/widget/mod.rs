//! Hosting the widget: the loader shops include (`/embed.js`, `/embed/*`), the iframe page
//! and its hashed assets (`/widget/…`), and in demo mode the demo shop at `/`.

pub mod demo_shop;
pub mod pages;

use std::sync::Arc;

use crate::http::Routes;
use axum::extract::FromRef;

use crate::assets::WidgetFiles;
use crate::state::AppState;

/// What the hosting handlers reach: the shared state, the widget's files and the rendered
/// demo shop (demo mode only).
#[derive(Clone, FromRef)]
pub struct WidgetState {
    pub app: AppState,
    pub files: Arc<WidgetFiles>,
}

pub fn router(state: WidgetState) -> Routes {
    let mut router = Routes::new()
        .get("/embed.js", pages::loader)
        .get("/embed/{file}", pages::loader_extension)
        .get("/widget", pages::add_slash)
        .get("/widget/", pages::index)
        .get("/widget/index.html", pages::index)
        .get("/widget/{*file}", pages::file)
        .with_state(state.clone());
    if state.app.demo {
        let page: Arc<str> = demo_shop::render(&state.app.public_origin).into();
        router = router.merge(Routes::new().get("/", demo_shop::shop).with_state(page));
    }
    router
}
