//! The points endpoints, one function each. Member calls carry the token as a bearer
//! credential, never in the URL.

use patron_api::points::{
    HistoryPage, Me, Program, RedeemReceipt, RedeemRequest, RewardsCatalogue,
};
use patron_api::Locale;

use crate::api::{get_json, get_json_as, post_json_as, query_string, ApiError};

pub async fn me(site: String, token: String, locale: Locale) -> Result<Me, ApiError> {
    let qs = query_string(&[("locale", locale.as_str())]);
    get_json_as(&format!("/v1/sites/{site}/points/me{qs}"), &token).await
}

pub async fn history(
    site: String,
    token: String,
    locale: Locale,
    cursor: Option<String>,
) -> Result<HistoryPage, ApiError> {
    let mut pairs = vec![("locale", locale.as_str()), ("limit", "10")];
    if let Some(c) = cursor.as_deref() {
        pairs.push(("cursor", c));
    }
    let qs = query_string(&pairs);
    get_json_as(&format!("/v1/sites/{site}/points/history{qs}"), &token).await
}

pub async fn redeem(
    site: String,
    token: String,
    locale: Locale,
    body: RedeemRequest,
) -> Result<RedeemReceipt, ApiError> {
    let qs = query_string(&[("locale", locale.as_str())]);
    post_json_as(
        &format!("/v1/sites/{site}/points/redemptions{qs}"),
        &body,
        Some(&token),
    )
    .await
}

/// Public: the tiers and what they give, for the signed-out screen.
pub async fn program(site: String, locale: Locale) -> Result<Program, ApiError> {
    let qs = query_string(&[("locale", locale.as_str())]);
    get_json(&format!("/v1/sites/{site}/points/program{qs}")).await
}

/// Public: the rewards catalogue with what is left in stock.
pub async fn rewards(site: String, locale: Locale) -> Result<RewardsCatalogue, ApiError> {
    let qs = query_string(&[("locale", locale.as_str())]);
    get_json(&format!("/v1/sites/{site}/points/rewards{qs}")).await
}
