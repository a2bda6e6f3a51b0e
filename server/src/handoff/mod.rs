//! "Continue on your phone" (`patron_api::handoff`): the QR code a kiosk shows beside an
//! article, a guide or the points programme, drawn here as SVG so the widget carries no QR
//! encoder (its size budgets are tight; the kiosk shows an `<img>`).

use axum::extract::State;
use axum::response::Response;
use patron_api::handoff::HandOff;
use patron_api::paths;
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

use crate::error::AppError;
use crate::extract::{AppPath, AppQuery};
use crate::http::{image_response, Routes};
use crate::sites;
use crate::state::AppState;

pub fn router(app: AppState) -> Routes {
    let public = Routes::new().get(paths::HANDOFF_QR, handoff_qr);
    crate::http::feature_router(&app, public, Routes::new()).with_state(app)
}

/// `GET /v1/sites/{site}/handoff.svg?view=…`: 404 for an unknown site or a view it does not
/// offer, 400 for a view without its id (or with another's).
async fn handoff_qr(
    State(state): State<AppState>,
    AppPath(site): AppPath<String>,
    AppQuery(hand_off): AppQuery<HandOff>,
) -> Result<Response, AppError> {
    hand_off.validate()?;
    let settings = sites::settings(&state.pool, &site).await?;
    if !settings.modules.contains(&hand_off.view) {
        return Err(AppError::NotFound);
    }
    let url = hand_off.page_url(&state.public_origin, &site);
    // The same view always draws the same code; only the public URL could change it.
    Ok(image_response(
        qr_svg(&url)?,
        "image/svg+xml",
        "public, max-age=86400",
    ))
}

/// `text` as a QR code in SVG: black on white (phones' cameras read dark on light best, in
/// either colour scheme), medium error correction, the standard four-module quiet zone.
pub fn qr_svg(text: &str) -> Result<String, AppError> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(AppError::internal)?;
    Ok(code
        .render::<svg::Color<'_>>()
        .min_dimensions(256, 256)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .quiet_zone(true)
        .build())
}
