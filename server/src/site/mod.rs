//! The site itself: its public settings (and the operator's replacement of them) and its
//! images (`/assets/{site}/{file}`, from `<content>/<site>/public/`).

pub mod assets;
pub mod settings;

use crate::http::Routes;
use patron_api::paths;

use crate::state::AppState;

pub fn router(app: AppState) -> Routes {
    let public = Routes::new().get(paths::SETTINGS, settings::get_settings);
    let admin = Routes::new()
        .put(paths::ADMIN_SETTINGS, settings::put_settings)
        .get(paths::SITE_ASSET, assets::site_asset);
    crate::http::feature_router(&app, public, admin).with_state(app)
}
