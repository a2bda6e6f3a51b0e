//! `GET /healthz`: whether this instance can serve (its database answers).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// `ok`; an instance that cannot serve answers 503 with the error envelope instead.
    pub status: String,
}
