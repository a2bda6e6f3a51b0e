//! The keys features store a customer under (`subject` columns): a member, a device or a
//! kiosk session. One spelling for all of them, because privacy requests, retention and the
//! sign-in handover find a customer's rows across features by these keys.

/// A verified member: `m:<member id>`.
pub fn member(id: &str) -> String {
    format!("m:{id}")
}

/// An anonymous customer's device: `d:<device id>`.
pub fn device(id: &str) -> String {
    format!("d:{id}")
}

/// A kiosk session (one shopper at a kiosk): `k:<session>`.
pub fn kiosk(session: &str) -> String {
    format!("k:{session}")
}
