//! Hosting the widget: the loader shops include (`/embed.js`, `/embed/*`, its declarations
//! `/embed.d.ts`), the iframe page and its hashed assets (`/widget/…`), and in demo mode the
//! demo shop at `/`.

pub mod demo_shop;
pub mod pages;

use patron_api::paths;
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
        .get(paths::LOADER, pages::loader)
        .get(paths::LOADER_EXTENSION, pages::loader_extension)
        .get(paths::LOADER_TYPES, pages::loader_types)
        .get(paths::WIDGET_BARE, pages::add_slash)
        .get(paths::WIDGET, pages::index)
        .get(paths::WIDGET_INDEX, pages::index)
        .get(paths::WIDGET_FILE, pages::file)
        .with_state(state.clone());
    if state.app.demo {
        router = router.merge(
            Routes::new()
                .get(paths::DEMO_SHOP, demo_shop::shop)
                .with_state(demo_shop::DemoShop::new(&state.app.public_origin)),
        );
    }
    router
}
