//! The site itself: its public settings (and the operator's replacement of them) and its
//! images (`/assets/{site}/{file}`, from `<content>/<site>/public/`).

pub mod assets;
pub mod settings;

use axum::routing::{get, put};
use axum::Router;

use crate::state::AppState;

pub fn router(app: AppState) -> Router {
    let public = Router::new().route("/v1/sites/{site}/settings", get(settings::get_settings));
    let admin = Router::new()
        .route(
            "/v1/admin/sites/{site}/settings",
            put(settings::put_settings),
        )
        .route("/assets/{site}/{file}", get(assets::site_asset));
    crate::http::feature_router(&app, public, admin).with_state(app)
}
