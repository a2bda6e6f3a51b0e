//! The site itself: its public settings (and the operator's replacement of them) and its
//! images (`/assets/{site}/{file}`, from `<content>/<site>/public/`).

pub mod assets;
pub mod settings;

use crate::http::Routes;

use crate::state::AppState;

pub fn router(app: AppState) -> Routes {
    let public = Routes::new().get("/v1/sites/{site}/settings", settings::get_settings);
    let admin = Routes::new()
        .put("/v1/admin/sites/{site}/settings", settings::put_settings)
        .get("/assets/{site}/{file}", assets::site_asset);
    crate::http::feature_router(&app, public, admin).with_state(app)
}
