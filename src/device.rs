//! The anonymous customer's device id: guides keep an anonymous customer's progress by it,
//! surveys pace anonymous customers by it. (Members are known by their token; a kiosk by its
//! session.)

use web_sys::Storage;

use crate::session::random_id;

/// Where an anonymous customer's device id is kept in page mode (in embed mode the loader
/// keeps it in the host page's storage, as `patronDevice`, and passes it in the URL: browsers
/// deny storage to third-party iframes). The same format either way: `<random>_<created ms>`.
const DEVICE_KEY: &str = "patronDevice";
/// A device seen for the first time within this long counts as a first visit: the welcome
/// guide stays offered through the customer's first days, not just their first page view.
const FIRST_VISIT_MS: u64 = 7 * 24 * 60 * 60 * 1000;

fn storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// `(id, first visit)`: the loader's id in embed mode, else one kept in this page's storage;
/// a fresh one each time when there is neither (storage blocked, private mode).
pub fn device_id() -> (String, bool) {
    // Whole milliseconds, read and written as integers: parsing or printing an `f64` would
    // bring the float tables into the wasm (about 15 KB of brotli).
    let now = js_sys::Date::now() as u64;
    let from_loader = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|q| web_sys::UrlSearchParams::new_with_str(&q).ok())
        .and_then(|q| q.get("device"));
    let stored =
        from_loader.or_else(|| storage().and_then(|s| s.get_item(DEVICE_KEY).ok().flatten()));
    if let Some(device) = stored.filter(|d| patron_api::onboarding::device_id(d).is_ok()) {
        let created: u64 = device
            .rsplit_once('_')
            .and_then(|(_, ms)| ms.parse().ok())
            .unwrap_or(0);
        return (device, now.saturating_sub(created) < FIRST_VISIT_MS);
    }
    let device = format!("{}_{now}", random_id());
    if let Some(s) = storage() {
        let _ = s.set_item(DEVICE_KEY, &device);
    }
    (device, true)
}
