//! Every route's path, written once: the server registers these (`server/src/*/mod.rs`), the
//! OpenAPI document describes them (`openapi`) and the widget builds its URLs from them
//! (`fill`). `{name}` is a path parameter; `{site}` is always the site id.

// Hosting and the API's own description.
/// Whether this instance can serve.
pub const HEALTHZ: &str = "/healthz";
/// This API's OpenAPI document.
pub const OPENAPI: &str = "/openapi.json";
/// The document as a page.
pub const API_REFERENCE: &str = "/docs/api";
/// Demo mode: the sample shop.
pub const DEMO_SHOP: &str = "/";
/// A site's images.
pub const SITE_ASSET: &str = "/assets/{site}/{file}";
/// The loader shops include.
pub const LOADER: &str = "/embed.js";
/// The loader's lazily imported modules.
pub const LOADER_EXTENSION: &str = "/embed/{file}";
/// TypeScript declarations of `window.patron`.
pub const LOADER_TYPES: &str = "/embed.d.ts";
/// Redirects to `WIDGET`.
pub const WIDGET_BARE: &str = "/widget";
/// The widget page.
pub const WIDGET: &str = "/widget/";
/// The widget page by its file name.
pub const WIDGET_INDEX: &str = "/widget/index.html";
/// The widget's built files (a catch-all: `{file}` may hold `/`).
pub const WIDGET_FILE: &str = "/widget/{*file}";
/// Redirects to `CONSOLE`.
pub const CONSOLE_BARE: &str = "/console";
/// The console's page (and, below it, every route of the console app gets the same page).
pub const CONSOLE: &str = "/console/";
/// The console's built files, or its page for a client route (a catch-all).
pub const CONSOLE_FILE: &str = "/console/{*file}";

// The widget's API: public and member routes, called from shops' pages.
pub const SETTINGS: &str = "/v1/sites/{site}/settings";
pub const FAQ_HOME: &str = "/v1/sites/{site}/faq";
/// The kiosk's "Continue on your phone" QR code (`handoff`).
pub const HANDOFF_QR: &str = "/v1/sites/{site}/handoff.svg";
pub const FAQ_SEARCH: &str = "/v1/sites/{site}/faq/search";
pub const FAQ_ARTICLE: &str = "/v1/sites/{site}/faq/articles/{id}";
pub const FAQ_VOTES: &str = "/v1/sites/{site}/faq/articles/{id}/votes";
pub const CONTACT: &str = "/v1/sites/{site}/contact";
pub const SURVEY_ELIGIBILITY: &str = "/v1/sites/{site}/surveys/eligibility";
pub const SURVEY_DISPLAYS: &str = "/v1/sites/{site}/surveys/displays";
pub const SURVEY_RESPONSES: &str = "/v1/sites/{site}/surveys/responses";
pub const SURVEY_FOLLOW_UPS: &str = "/v1/sites/{site}/surveys/follow-ups";
pub const POINTS_ME: &str = "/v1/sites/{site}/points/me";
pub const POINTS_HISTORY: &str = "/v1/sites/{site}/points/history";
pub const POINTS_REDEMPTIONS: &str = "/v1/sites/{site}/points/redemptions";
pub const POINTS_PROGRAM: &str = "/v1/sites/{site}/points/program";
pub const POINTS_REWARDS: &str = "/v1/sites/{site}/points/rewards";
pub const DEMO_MEMBERS: &str = "/v1/sites/{site}/points/demo/members";
pub const DEMO_MEMBER_TOKEN: &str = "/v1/sites/{site}/points/demo/members/{member}/token";
pub const ONBOARDING_PACKS: &str = "/v1/sites/{site}/onboarding/packs";
pub const ONBOARDING_PACK: &str = "/v1/sites/{site}/onboarding/packs/{pack}";
pub const ONBOARDING_STEP_COMPLETE: &str =
    "/v1/sites/{site}/onboarding/packs/{pack}/steps/{step}/complete";
pub const ONBOARDING_EVENTS: &str = "/v1/sites/{site}/onboarding/events";
pub const SIGN_INS: &str = "/v1/sites/{site}/sign-ins";

// The retailer's admin and server-to-server API.
pub const ADMIN_SETTINGS: &str = "/v1/admin/sites/{site}/settings";
pub const ADMIN_FAQ_ARTICLES: &str = "/v1/admin/sites/{site}/faq/articles";
pub const ADMIN_FAQ_ARTICLE: &str = "/v1/admin/sites/{site}/faq/articles/{id}/{locale}";
pub const ADMIN_FAQ_LEARNED: &str = "/v1/admin/sites/{site}/faq/learned";
pub const ADMIN_CONTACTS: &str = "/v1/admin/sites/{site}/contacts";
pub const ADMIN_CONTACT_RESOLUTION: &str = "/v1/admin/sites/{site}/contacts/{reference}/resolution";
pub const REPORT_FAQ_ZERO_RESULTS: &str = "/v1/admin/sites/{site}/reports/faq/zero-results";
pub const REPORT_FAQ_HELPFULNESS: &str = "/v1/admin/sites/{site}/reports/faq/helpfulness";
pub const REPORT_FAQ_SELF_SERVICE: &str = "/v1/admin/sites/{site}/reports/faq/self-service";
pub const ADMIN_SURVEYS: &str = "/v1/admin/sites/{site}/surveys";
pub const ADMIN_SURVEY_DELIVERIES: &str = "/v1/admin/sites/{site}/surveys/deliveries";
pub const REPORT_SURVEYS: &str = "/v1/admin/sites/{site}/reports/surveys";
pub const REPORT_SURVEYS_AT_RISK: &str = "/v1/admin/sites/{site}/reports/surveys/at-risk";
pub const ADMIN_POINTS_PURCHASES: &str = "/v1/admin/sites/{site}/points/purchases";
pub const ADMIN_POINTS_REVERSALS: &str = "/v1/admin/sites/{site}/points/reversals";
pub const ADMIN_POINTS_ADJUSTMENTS: &str = "/v1/admin/sites/{site}/points/adjustments";
pub const ADMIN_POINTS_RULES: &str = "/v1/admin/sites/{site}/points/rules";
pub const ADMIN_POINTS_ENTITLEMENTS: &str =
    "/v1/admin/sites/{site}/points/members/{member}/entitlements";
pub const ADMIN_POINTS_PROFILE: &str = "/v1/admin/sites/{site}/points/members/{member}/profile";
pub const ADMIN_POINTS_EVENTS: &str = "/v1/admin/sites/{site}/points/events";
pub const ADMIN_POINTS_CODES: &str = "/v1/admin/sites/{site}/points/rewards/{reward}/codes";
pub const ADMIN_POINTS_COUPON_POOLS: &str = "/v1/admin/sites/{site}/points/coupon-pools";
/// A redemption's fulfilment (the console's `PUT …/redemptions/{id}` for the retailer's
/// backend).
pub const ADMIN_POINTS_REDEMPTION: &str = "/v1/admin/sites/{site}/points/redemptions/{id}";
pub const ADMIN_ONBOARDING_PACKS: &str = "/v1/admin/sites/{site}/onboarding/packs";
pub const REPORT_ONBOARDING: &str = "/v1/admin/sites/{site}/reports/onboarding";
pub const ADMIN_WEBHOOK_DELIVERIES: &str = "/v1/admin/sites/{site}/webhooks/deliveries";
pub const ADMIN_PRIVACY_ERASURES: &str = "/v1/admin/sites/{site}/privacy/erasures";
pub const ADMIN_PRIVACY_EXPORTS: &str = "/v1/admin/sites/{site}/privacy/exports";

// The console's API (`patron_api::console`): the session cookie and, for writes, the CSRF
// header. `{site}` must be the signed-in user's site.
pub const CONSOLE_SESSION: &str = "/v1/console/session";
pub const CONSOLE_PREFERENCES: &str = "/v1/console/session/preferences";
pub const CONSOLE_USERS: &str = "/v1/console/sites/{site}/users";
pub const CONSOLE_USER: &str = "/v1/console/sites/{site}/users/{user}";
pub const CONSOLE_AUDIT: &str = "/v1/console/sites/{site}/audit";
pub const CONSOLE_OVERVIEW: &str = "/v1/console/sites/{site}/overview";
pub const CONSOLE_FEEDBACK: &str = "/v1/console/sites/{site}/feedback";
pub const CONSOLE_FEEDBACK_ITEM: &str = "/v1/console/sites/{site}/feedback/{response}";
pub const CONSOLE_FEEDBACK_NOTES: &str = "/v1/console/sites/{site}/feedback/{response}/notes";
pub const CONSOLE_CONTACTS: &str = "/v1/console/sites/{site}/contacts";
pub const CONSOLE_CONTACT: &str = "/v1/console/sites/{site}/contacts/{reference}";
pub const CONSOLE_CONTACT_NOTES: &str = "/v1/console/sites/{site}/contacts/{reference}/notes";
pub const CONSOLE_LIBRARY_GAPS: &str = "/v1/console/sites/{site}/library/gaps";
pub const CONSOLE_LIBRARY_PREVIEW: &str = "/v1/console/sites/{site}/library/preview";
pub const CONSOLE_LIBRARY_ARTICLES: &str = "/v1/console/sites/{site}/library/articles";
pub const CONSOLE_LIBRARY_ARTICLE: &str = "/v1/console/sites/{site}/library/articles/{id}";
pub const CONSOLE_LIBRARY_ARTICLE_LOCALE: &str =
    "/v1/console/sites/{site}/library/articles/{id}/{locale}";
pub const CONSOLE_LIBRARY_KEYWORDS: &str =
    "/v1/console/sites/{site}/library/articles/{id}/keywords";
pub const CONSOLE_GUIDES_FUNNEL: &str = "/v1/console/sites/{site}/guides/funnel";
pub const CONSOLE_MEMBER: &str = "/v1/console/sites/{site}/members/{member}";
pub const CONSOLE_REDEMPTIONS: &str = "/v1/console/sites/{site}/redemptions";
pub const CONSOLE_REDEMPTION: &str = "/v1/console/sites/{site}/redemptions/{id}";
pub const CONSOLE_LIABILITY: &str = "/v1/console/sites/{site}/points/liability";

/// `template` with its parameters filled in, in order: `fill(FAQ_ARTICLE, &["demo",
/// "returns"])` is `/v1/sites/demo/faq/articles/returns`. Values are put in as given: ids are
/// restricted to characters that need no escaping in a path.
pub fn fill(template: &str, values: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut values = values.iter();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').map_or(rest.len(), |c| open + c + 1);
        out.push_str(values.next().copied().unwrap_or_default());
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_parameters_in_order() {
        assert_eq!(fill(SETTINGS, &["demo"]), "/v1/sites/demo/settings");
        assert_eq!(
            fill(ONBOARDING_STEP_COMPLETE, &["demo", "welcome", "track"]),
            "/v1/sites/demo/onboarding/packs/welcome/steps/track/complete"
        );
        assert_eq!(fill(HEALTHZ, &[]), "/healthz");
    }
}
