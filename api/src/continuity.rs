//! Continuity: a customer who signs in keeps what they did signed out on this device.
//!
//! `POST /v1/sites/{site}/sign-ins` [`SignInRequest`] with the member token → 200
//! [`SignInReceipt`]. Guide progress and survey pacing kept under the device id (or kiosk
//! session) move to the member, merged with what the member already has. Calling it again
//! moves nothing more.

use serde::{Deserialize, Serialize};

use crate::error::FieldCode;
use crate::survey::idempotency_key;
use crate::validate::FieldErrors;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignInRequest {
    /// The widget's device id (`patronDevice`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_id: Option<String>,
    /// On a kiosk, the current shopper's session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kiosk_session: Option<String>,
}

impl SignInRequest {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errs = FieldErrors::default();
        if let Some(d) = &self.device_id {
            errs.check("device_id", idempotency_key(d));
        }
        if let Some(k) = &self.kiosk_session {
            errs.check("kiosk_session", idempotency_key(k));
        }
        if self.device_id.is_none() && self.kiosk_session.is_none() {
            errs.push(
                "device_id",
                FieldCode::Required,
                "a device id or kiosk session to take over",
            );
        }
        errs.into_result()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignInReceipt {
    /// Records moved to the member now (guide steps and runs, survey displays and answers);
    /// 0 when there was nothing left to move.
    pub moved: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_or_kiosk_session_is_needed() {
        let none = SignInRequest {
            device_id: None,
            kiosk_session: None,
        };
        assert!(none.validate().is_err());
        let device = SignInRequest {
            device_id: Some("d_0123456789abcdef".into()),
            ..none.clone()
        };
        device.validate().unwrap();
        let bad = SignInRequest {
            kiosk_session: Some("short".into()),
            ..device
        };
        assert!(bad.validate().is_err());
    }
}
