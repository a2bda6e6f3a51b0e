//! The OpenAPI 3.1 document of every route the server answers, generated from this crate's
//! types (feature `openapi`: the server builds with it, the widget without).
//!
//! Each operation below is a stub function carrying `#[utoipa::path]`; `document()` gathers
//! them, adds the error responses every operation can give (the JSON envelope with its
//! `ErrorCode`s), the two credentials and the webhook payloads. The server serves it at
//! `/openapi.json`, and its tests check that every route in its router is here and the other
//! way round.

#![allow(dead_code)]

use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, OpenApi as Document, RefOr, Response, ResponseBuilder};
use utoipa::{Modify, OpenApi, ToSchema};

use crate::continuity::{SignInReceipt, SignInRequest};
use crate::error::{ErrorBody, ErrorCode, ErrorEnvelope, FieldCode, FieldError};
use crate::faq::admin::{
    AdminArticle, ArticleBody, ContactList, HelpfulnessReport, LearnedList, LearnedReset,
    SelfServiceReport, ZeroResultsReport,
};
use crate::faq::{ContactReceipt, ContactRequest, FaqHome, SearchResponse, VoteRequest};
use crate::health::Health;
use crate::locale::Locale;
use crate::onboarding::admin::{AdminPacks, SavedPacks};
use crate::onboarding::{
    CompleteRequest, EventRequest, EventResponse, FunnelReport, Pack, PacksResponse, Progress,
};
use crate::paths;
use crate::points::admin::LoyaltyRules;
use crate::points::coupons::{CodeAnswer, CodesAdded, CodesUpload, CouponPools, RedemptionCreated};
use crate::points::earn::{EarnEvent, Entitlements, EventReceipt, MemberProfile, PointsExpiring};
use crate::points::{
    AdjustReceipt, AdjustRequest, DemoMembers, DemoToken, HistoryPage, Me, Program,
    PurchaseReceipt, PurchaseRequest, RedeemReceipt, RedeemRequest, ReverseReceipt, ReverseRequest,
    RewardsCatalogue,
};
use crate::privacy::{ErasureReceipt, ErasureRequest, PrivacyExport};
use crate::settings::DisplayMode;
use crate::settings::SiteSettings;
use crate::survey::admin::{AdminSurveys, Deliveries, DetractorAlert, SurveyConfig};
use crate::survey::{
    AtRiskReport, DisplayRequest, EligibilityRequest, EligibilityResponse, FollowUpReceipt,
    FollowUpRequest, ResponseReceipt, ResponseRequest, SurveyReport,
};
use crate::webhooks::WebhookDeliveries;

/// The security scheme of `/v1/admin/…`: a site's admin key or the operator's admin token.
pub const ADMIN_KEY: &str = "admin_key";
/// The security scheme of member routes: the member token the retailer signs.
pub const MEMBER_TOKEN: &str = "member_token";

/// The whole document, as served at `/openapi.json`: the widget's, the admin API's and the
/// console's routes, each operation with the errors it can give.
pub fn document() -> Document {
    let mut doc = ApiDoc::openapi();
    doc.merge(crate::console::openapi::document());
    Conventions.modify(&mut doc);
    doc
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Patron API",
        description = "Patron's HTTP API: the widget's public and member routes under \
            `/v1/sites/{site}`, the retailer's server-to-server and admin routes under \
            `/v1/admin/sites/{site}` (bearer: the site's admin key or the operator's admin \
            token), and the widget's own files. Every error is the JSON envelope \
            `{\"error\": {\"code\", \"message\", \"fields\"}}`; `code` is one of `ErrorCode`, \
            each field error's `code` one of `FieldCode`. Detractor alerts are POSTed to the \
            site's webhook as `DetractorAlert`, signed as Standard Webhooks \
            (`webhook-id`, `webhook-timestamp`, `webhook-signature`).",
        license(name = "MIT OR Apache-2.0"),
    ),
    paths(
        healthz, openapi_json, api_reference,
        get_settings, put_settings, site_asset, handoff_qr,
        loader, loader_extension, loader_types, widget_redirect, widget_page, widget_index, widget_file,
        demo_shop,
        faq_home, faq_search, faq_article, faq_vote, contact,
        admin_articles, put_article, delete_article, admin_contacts,
        report_zero_results, report_helpfulness, report_self_service, get_learned, reset_learned,
        survey_eligibility, survey_display, survey_response, survey_follow_up,
        get_surveys, put_surveys, survey_deliveries, report_surveys, report_at_risk,
        points_me, points_history, points_redeem, points_program, points_rewards,
        demo_members, demo_token,
        points_purchase, points_reversal, points_adjustment, get_rules, put_rules,
        points_entitlements, points_profile, points_event, points_codes, points_coupon_pools,
        onboarding_packs, onboarding_pack, onboarding_complete, onboarding_event, continuity_sign_in,
        get_packs, put_packs, report_onboarding,
        webhook_deliveries, privacy_erasure, privacy_export,
    ),
    components(schemas(ErrorEnvelope, ErrorBody, ErrorCode, FieldError, FieldCode, DetractorAlert, PointsExpiring, RedemptionCreated, CodeAnswer, ReportFormat)),
    tags(
        (name = "site", description = "A site's public settings and images."),
        (name = "hosting", description = "The loader, the widget page and its files, the demo shop."),
        (name = "faq", description = "Help: search, articles, votes, contact requests."),
        (name = "surveys", description = "NPS, CSAT and CES micro-surveys."),
        (name = "continuity", description = "A customer signing in keeps what they did signed out."),
        (name = "points", description = "Member points, tiers and rewards."),
        (name = "onboarding", description = "Guided onboarding packs."),
        (name = "admin", description = "The retailer's admin and server-to-server API."),
        (name = "privacy", description = "Erasing and exporting what is held about a customer."),
        (name = "reports", description = "Reports; JSON, or CSV with `format=csv` or `Accept: text/csv`."),
    ),
)]
struct ApiDoc;

/// What every operation shares, added after generation: the credentials, and the error
/// responses each kind of operation can give.
struct Conventions;

impl Modify for Conventions {
    fn modify(&self, doc: &mut Document) {
        let components = doc.components.get_or_insert_with(Default::default);
        let bearer = |description: &str| {
            let mut http = HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build();
            http.description = Some(description.to_owned());
            SecurityScheme::Http(http)
        };
        components.add_security_scheme(
            ADMIN_KEY,
            bearer("The site's admin key (its SHA-256 is `admin_key_sha256` in site.yaml) or the operator's `--admin-token`."),
        );
        components.add_security_scheme(
            MEMBER_TOKEN,
            bearer("A member token: an HS256 JWT the retailer signs with the site's secret."),
        );
        for (path, item) in doc.paths.paths.iter_mut() {
            let operations = [
                (&mut item.get, false),
                (&mut item.put, true),
                (&mut item.post, true),
                (&mut item.delete, false),
            ];
            for (operation, has_body) in operations {
                if let Some(op) = operation.as_mut() {
                    add_errors(path, op, has_body);
                }
            }
        }
    }
}

/// The error responses of one operation, by what it is: every one can be malformed (400),
/// name nothing (404), be refused for its rate (429) or run out of time (503); one with a
/// body can be too large (413), not JSON (415) or break a rule (422); a site API route
/// called from a page not allowed can be refused (403); one with credentials, 401.
fn add_errors(path: &str, op: &mut Operation, has_body: bool) {
    let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
    let site_api = path.starts_with("/v1/sites/");
    let mut errors: Vec<(&str, &str)> = vec![
        ("400", "The request could not be read (`bad_request`)."),
        (
            "404",
            "No such site or resource (`not_found`, `site_not_found`, …).",
        ),
        (
            "405",
            "The path exists, but not for this method (`method_not_allowed`).",
        ),
        (
            "429",
            "Too many requests (`rate_limited`); see `Retry-After`.",
        ),
        (
            "500",
            "A fault on the server (`internal`); its detail is only in the server's log.",
        ),
        (
            "503",
            "The request took too long or the database is unavailable (`timeout`, `internal`).",
        ),
    ];
    if path.starts_with("/v1/") {
        errors.push((
            "422",
            "A field broke a rule (`validation_failed`, with `fields`).",
        ));
    }
    if has_body {
        errors.push(("413", "The body is too large (`payload_too_large`)."));
        errors.push(("415", "The body is not JSON (`unsupported_media_type`)."));
    }
    if secured {
        errors.push((
            "401",
            "The credential is missing or refused (`unauthorized`, or for member tokens \
             `token_missing`, `token_invalid`, `token_expired`, …).",
        ));
    }
    if site_api {
        errors.push((
            "403",
            "The page's origin is not one of the site's allowed origins (`origin_not_allowed`).",
        ));
    }
    if path.starts_with("/v1/console/") && secured {
        errors.push((
            "403",
            "A write without the session's `x-csrf-token`, or a role that may not do this \
             (`forbidden`).",
        ));
    }
    for (status, description) in errors {
        if !op.responses.responses.contains_key(status) {
            op.responses
                .responses
                .insert(status.to_owned(), RefOr::T(error_response(description)));
        }
    }
}

fn error_response(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(RefOr::Ref(utoipa::openapi::Ref::from_schema_name(
                    ErrorEnvelope::name(),
                ))))
                .build(),
        )
        .build()
}

// The stubs below exist only for their attributes. `{site}` is a site id: 1 to 63 lowercase
// letters, digits or `-`.

/// Whether this instance can serve: 200 only when its database answers.
#[utoipa::path(get, path = paths::HEALTHZ, tag = "site",
    responses((status = 200, description = "The instance can serve.", body = Health)))]
fn healthz() {}

/// This document.
#[utoipa::path(get, path = paths::OPENAPI, tag = "site",
    responses((status = 200, description = "The OpenAPI 3.1 document.", content_type = "application/json", body = Object)))]
fn openapi_json() {}

/// This document, readable in a browser.
#[utoipa::path(get, path = paths::API_REFERENCE, tag = "site",
    responses((status = 200, description = "The API reference page.", content_type = "text/html", body = String)))]
fn api_reference() {}

/// A site's public settings: name, brand, modules, locales (the widget draws itself from
/// them).
#[utoipa::path(get, path = paths::SETTINGS, tag = "site",
    params(("site" = String, Path, description = "The site id.")),
    responses((status = 200, description = "The site's settings.", body = SiteSettings)))]
fn get_settings() {}

/// "Continue on your phone": a QR code (SVG) of the widget's page-mode address for one view
/// (`/widget/?site=…&mode=page&view=…`), which a kiosk shows beside an article, a guide or the
/// points programme. It carries no member, device or session id.
#[utoipa::path(get, path = paths::HANDOFF_QR, tag = "site",
    params(("site" = String, Path, description = "The site id."),
        ("view" = String, Query, description = "`faq` (with `article`), `onboarding` (with `pack`) or `points`."),
        ("article" = Option<String>, Query, description = "The article id, with `view=faq`."),
        ("pack" = Option<String>, Query, description = "The guide id, with `view=onboarding`."),
        ("locale" = Option<Locale>, Query, description = "The language the phone opens in.")),
    responses((status = 200, description = "The QR code.", content_type = "image/svg+xml", body = String)))]
fn handoff_qr() {}

/// Replaces (or creates) a site's settings. The operator's admin token only.
#[utoipa::path(put, path = paths::ADMIN_SETTINGS, tag = "admin",
    params(("site" = String, Path, description = "The site id; must equal `site` in the body.")),
    request_body = SiteSettings,
    responses((status = 200, description = "The settings as stored.", body = SiteSettings),
        (status = 409, description = "The site's files own this kind of configuration (`managed_by_files`, `owners:` in its site.yaml); the message names the file to edit.", body = ErrorEnvelope)),
    security(("admin_key" = [])))]
fn put_settings() {}

/// A site's image (a logo), from `content/<site>/public/`.
#[utoipa::path(get, path = paths::SITE_ASSET, tag = "site",
    params(("site" = String, Path, description = "The site id."),
        ("file" = String, Path, description = "A file name: letters, digits, `.`, `_`, `-`.")),
    responses((status = 200, description = "The image.", content_type = "image/*", body = Vec<u8>)))]
fn site_asset() {}

/// The loader shops include with a script tag.
#[utoipa::path(get, path = paths::LOADER, tag = "hosting",
    responses((status = 200, description = "The loader.", content_type = "text/javascript", body = String)))]
fn loader() {}

/// A loader extension (an ES module the loader imports when a feature needs it).
#[utoipa::path(get, path = paths::LOADER_EXTENSION, tag = "hosting",
    params(("file" = String, Path, description = "The extension's file name.")),
    responses((status = 200, description = "The module.", content_type = "text/javascript", body = String)))]
fn loader_extension() {}

/// TypeScript declarations of `window.patron`: every command, option and event payload.
#[utoipa::path(get, path = paths::LOADER_TYPES, tag = "hosting",
    responses((status = 200, description = "The declarations.", content_type = "application/typescript", body = String)))]
fn loader_types() {}

/// Redirects to `/widget/`, keeping the query.
#[utoipa::path(get, path = paths::WIDGET_BARE, tag = "hosting",
    responses((status = 308, description = "To `/widget/`.")))]
fn widget_redirect() {}

/// The widget page (`?site=&mode=embed|page|kiosk&locale=`), framed only by the site's
/// allowed origins.
#[utoipa::path(get, path = paths::WIDGET, tag = "hosting",
    params(("site" = Option<String>, Query, description = "The site id."),
        ("mode" = Option<String>, Query, description = "`embed` (default), `page` or `kiosk`."),
        ("locale" = Option<String>, Query, description = "A BCP 47 tag.")),
    responses((status = 200, description = "The page.", content_type = "text/html", body = String)))]
fn widget_page() {}

/// The widget page under its file name.
#[utoipa::path(get, path = paths::WIDGET_INDEX, tag = "hosting",
    params(("site" = Option<String>, Query, description = "The site id."),
        ("mode" = Option<String>, Query, description = "`embed` (default), `page` or `kiosk`."),
        ("locale" = Option<String>, Query, description = "A BCP 47 tag.")),
    responses((status = 200, description = "The page.", content_type = "text/html", body = String)))]
fn widget_index() {}

/// One of the widget's built files (wasm, JS, CSS), by its content-hashed path. (The
/// router's `paths::WIDGET_FILE` is a catch-all, `{*file}`, which OpenAPI writes `{file}`.)
#[utoipa::path(get, path = "/widget/{file}", tag = "hosting",
    params(("file" = String, Path, description = "The file's path under `/widget/`.")),
    responses((status = 200, description = "The file.", content_type = "application/octet-stream", body = Vec<u8>)))]
fn widget_file() {}

/// Demo mode only: a sample shop that embeds the demo site.
#[utoipa::path(get, path = paths::DEMO_SHOP, tag = "hosting",
    responses((status = 200, description = "The demo shop.", content_type = "text/html", body = String)))]
fn demo_shop() {}

/// The Help home: categories and the most read articles.
#[utoipa::path(get, path = paths::FAQ_HOME, tag = "faq",
    params(("site" = String, Path, description = "The site id."),
        ("locale" = Option<Locale>, Query, description = "Default: the site's.")),
    responses((status = 200, description = "Categories and popular articles.", body = FaqHome)))]
fn faq_home() {}

/// Searches the site's articles; an empty query gives the most viewed.
#[utoipa::path(get, path = paths::FAQ_SEARCH, tag = "faq",
    params(("site" = String, Path, description = "The site id."),
        ("q" = Option<String>, Query, description = "The query, at most 200 characters."),
        ("locale" = Option<Locale>, Query, description = "Default: the site's."),
        ("limit" = Option<i64>, Query, description = "Hits wanted, 1 to 20 (clamped); default 8."),
        ("session" = Option<String>, Query, description = "The widget's session id, for the contact request's context.")),
    responses((status = 200, description = "Ranked hits with matched terms marked.", body = SearchResponse)))]
fn faq_search() {}

/// One article, rendered and sanitised.
#[utoipa::path(get, path = paths::FAQ_ARTICLE, tag = "faq",
    params(("site" = String, Path, description = "The site id."),
        ("id" = String, Path, description = "The article id."),
        ("locale" = Option<Locale>, Query, description = "Default: the site's."),
        ("session" = Option<String>, Query, description = "The widget's session id.")),
    responses((status = 200, description = "The article and related ones.", body = crate::faq::Article)))]
fn faq_article() {}

/// "Was this helpful?"
#[utoipa::path(post, path = paths::FAQ_VOTES, tag = "faq",
    params(("site" = String, Path, description = "The site id."),
        ("id" = String, Path, description = "The article id.")),
    request_body = VoteRequest,
    responses((status = 204, description = "Recorded.")))]
fn faq_vote() {}

/// What clicks and "helpful" votes taught the search: query words → articles, strongest first.
#[utoipa::path(get, path = paths::ADMIN_FAQ_LEARNED, tag = "admin",
    params(("site" = String, Path, description = "The site id."),
        ("locale" = Option<Locale>, Query, description = "Only this locale.")),
    responses((status = 200, description = "The learned associations.", body = LearnedList)),
    security(("admin_key" = [])))]
fn get_learned() {}

/// Forgets what the search learned: all of it, or one article's or one word's.
#[utoipa::path(delete, path = paths::ADMIN_FAQ_LEARNED, tag = "admin",
    params(("site" = String, Path, description = "The site id."),
        ("article" = Option<String>, Query, description = "Only what leads to this article."),
        ("term" = Option<String>, Query, description = "Only this query word (as `GET` lists it).")),
    responses((status = 200, description = "What was deleted.", body = LearnedReset)),
    security(("admin_key" = [])))]
fn reset_learned() {}

/// A contact request, carrying what the customer searched and read.
#[utoipa::path(post, path = paths::CONTACT, tag = "faq",
    params(("site" = String, Path, description = "The site id.")),
    request_body = ContactRequest,
    responses((status = 201, description = "Stored; the reference to quote.", body = ContactReceipt)),
    security((), ("member_token" = [])))]
fn contact() {}

/// Every article in every locale.
#[utoipa::path(get, path = paths::ADMIN_FAQ_ARTICLES, tag = "admin",
    params(("site" = String, Path, description = "The site id.")),
    responses((status = 200, description = "The articles.", body = Vec<AdminArticle>)),
    security(("admin_key" = [])))]
fn admin_articles() {}

/// Creates or replaces one article in one locale; searchable at once. A change is recorded in
/// the console's audit log as the admin key's `article.saved`.
#[utoipa::path(put, path = paths::ADMIN_FAQ_ARTICLE, tag = "admin",
    params(("site" = String, Path, description = "The site id."),
        ("id" = String, Path, description = "The article id."),
        ("locale" = Locale, Path)),
    request_body = ArticleBody,
    responses((status = 200, description = "Replaced.", body = AdminArticle),
        (status = 201, description = "Created.", body = AdminArticle),
        (status = 409, description = "The site's files own this kind of configuration (`managed_by_files`, `owners:` in its site.yaml); the message names the file to edit.", body = ErrorEnvelope)),
    security(("admin_key" = [])))]
fn put_article() {}

/// Deletes one article in one locale.
#[utoipa::path(delete, path = paths::ADMIN_FAQ_ARTICLE, tag = "admin",
    params(("site" = String, Path, description = "The site id."),
        ("id" = String, Path, description = "The article id."),
        ("locale" = Locale, Path)),
    responses((status = 204, description = "Deleted."),
        (status = 409, description = "The site's files own this kind of configuration (`managed_by_files`, `owners:` in its site.yaml); the message names the file to edit.", body = ErrorEnvelope)),
    security(("admin_key" = [])))]
fn delete_article() {}

/// Contact requests, newest first, with the context each customer brought.
#[utoipa::path(get, path = paths::ADMIN_CONTACTS, tag = "admin",
    params(("site" = String, Path, description = "The site id."),
        ("limit" = Option<i64>, Query, description = "1 to 200 (clamped); default 50."),
        ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page.")),
    responses((status = 200, description = "One page.", body = ContactList)),
    security(("admin_key" = [])))]
fn admin_contacts() {}

/// What customers searched for and did not find.
#[utoipa::path(get, path = paths::REPORT_FAQ_ZERO_RESULTS, tag = "reports",
    params(("site" = String, Path, description = "The site id."), ReportQuery),
    responses((status = 200, description = "The report.", content(
        (ZeroResultsReport = "application/json"), (String = "text/csv")))),
    security(("admin_key" = [])))]
fn report_zero_results() {}

/// Every article's views and votes, least helpful first.
#[utoipa::path(get, path = paths::REPORT_FAQ_HELPFULNESS, tag = "reports",
    params(("site" = String, Path, description = "The site id."), ReportQuery),
    responses((status = 200, description = "The report.", content(
        (HelpfulnessReport = "application/json"), (String = "text/csv")))),
    security(("admin_key" = [])))]
fn report_helpfulness() {}

/// Sessions that helped themselves, and those that asked a human.
#[utoipa::path(get, path = paths::REPORT_FAQ_SELF_SERVICE, tag = "reports",
    params(("site" = String, Path, description = "The site id."), ReportQuery),
    responses((status = 200, description = "The report.", content(
        (SelfServiceReport = "application/json"), (String = "text/csv")))),
    security(("admin_key" = [])))]
fn report_self_service() {}

/// Which survey, if any, to show this customer now (paced on the server).
#[utoipa::path(post, path = paths::SURVEY_ELIGIBILITY, tag = "surveys",
    params(("site" = String, Path, description = "The site id.")),
    request_body = EligibilityRequest,
    responses((status = 200, description = "The survey to show, or none.", body = EligibilityResponse)),
    security((), ("member_token" = [])))]
fn survey_eligibility() {}

/// A survey was shown or dismissed.
#[utoipa::path(post, path = paths::SURVEY_DISPLAYS, tag = "surveys",
    params(("site" = String, Path, description = "The site id.")),
    request_body = DisplayRequest,
    responses((status = 204, description = "Recorded.")),
    security((), ("member_token" = [])))]
fn survey_display() {}

/// An answer; idempotent by `idempotency_key` (409 `idempotency_conflict` when the key
/// comes back with another body).
#[utoipa::path(post, path = paths::SURVEY_RESPONSES, tag = "surveys",
    params(("site" = String, Path, description = "The site id.")),
    request_body = ResponseRequest,
    responses((status = 201, description = "Stored.", body = ResponseReceipt),
        (status = 200, description = "A replay: the first receipt.", body = ResponseReceipt),
        (status = 409, description = "The key was used with another answer (`idempotency_conflict`).", body = ErrorEnvelope)),
    security((), ("member_token" = [])))]
fn survey_response() {}

/// The comment after a score.
#[utoipa::path(post, path = paths::SURVEY_FOLLOW_UPS, tag = "surveys",
    params(("site" = String, Path, description = "The site id.")),
    request_body = FollowUpRequest,
    responses((status = 200, description = "Stored (or already stored).", body = FollowUpReceipt),
        (status = 409, description = "Another comment was stored for this answer (`idempotency_conflict`).", body = ErrorEnvelope)),
    security((), ("member_token" = [])))]
fn survey_follow_up() {}

/// A customer signed in: their guide progress and survey pacing on this device (or kiosk
/// session) move to the member, merged with the member's own. Idempotent.
#[utoipa::path(post, path = paths::SIGN_INS, tag = "continuity",
    params(("site" = String, Path, description = "The site id.")),
    request_body = SignInRequest,
    responses((status = 200, description = "Moved (0 when nothing was left to move).", body = SignInReceipt)),
    security(("member_token" = [])))]
fn continuity_sign_in() {}

/// The survey definitions, cooldown and webhook (its URL and secret reference only).
#[utoipa::path(get, path = paths::ADMIN_SURVEYS, tag = "admin",
    params(("site" = String, Path, description = "The site id.")),
    responses((status = 200, description = "The configuration.", body = SurveyConfig)),
    security(("admin_key" = [])))]
fn get_surveys() {}

/// Replaces the definitions and cooldown; the webhook stays as the site's file sets it.
#[utoipa::path(put, path = paths::ADMIN_SURVEYS, tag = "admin",
    params(("site" = String, Path, description = "The site id.")),
    request_body = AdminSurveys,
    responses((status = 200, description = "The configuration as stored.", body = SurveyConfig),
        (status = 409, description = "The site's files own this kind of configuration (`managed_by_files`, `owners:` in its site.yaml); the message names the file to edit.", body = ErrorEnvelope)),
    security(("admin_key" = [])))]
fn put_surveys() {}

/// Detractor alerts and how their delivery went, newest first.
#[utoipa::path(get, path = paths::ADMIN_SURVEY_DELIVERIES, tag = "admin",
    params(("site" = String, Path, description = "The site id."),
        ("limit" = Option<i64>, Query, description = "1 to 1000 (clamped); default 100.")),
    responses((status = 200, description = "The deliveries.", body = Deliveries)),
    security(("admin_key" = [])))]
fn survey_deliveries() {}

/// NPS and CSAT per survey, sliced by touchpoint, surface, locale and day.
#[utoipa::path(get, path = paths::REPORT_SURVEYS, tag = "reports",
    params(("site" = String, Path, description = "The site id."), ReportQuery),
    responses((status = 200, description = "The report.", content(
        (SurveyReport = "application/json"), (String = "text/csv")))),
    security(("admin_key" = [])))]
fn report_surveys() {}

/// Members with two or more detractor answers in the 30 days before `to`.
#[utoipa::path(get, path = paths::REPORT_SURVEYS_AT_RISK, tag = "reports",
    params(("site" = String, Path, description = "The site id."), ReportQuery),
    responses((status = 200, description = "The report.", content(
        (AtRiskReport = "application/json"), (String = "text/csv")))),
    security(("admin_key" = [])))]
fn report_at_risk() {}

/// The member's balance, tier, progress and points about to expire.
#[utoipa::path(get, path = paths::POINTS_ME, tag = "points",
    params(("site" = String, Path, description = "The site id."),
        ("locale" = Option<Locale>, Query, description = "Default: the site's.")),
    responses((status = 200, description = "The member's standing.", body = Me)),
    security(("member_token" = [])))]
fn points_me() {}

/// The member's points history, newest first.
#[utoipa::path(get, path = paths::POINTS_HISTORY, tag = "points",
    params(("site" = String, Path, description = "The site id."),
        ("locale" = Option<Locale>, Query, description = "Default: the site's."),
        ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page."),
        ("limit" = Option<i64>, Query, description = "1 to 100; default 10.")),
    responses((status = 200, description = "One page.", body = HistoryPage)),
    security(("member_token" = [])))]
fn points_history() {}

/// Spends points on a reward; idempotent by `idempotency_key`.
#[utoipa::path(post, path = paths::POINTS_REDEMPTIONS, tag = "points",
    params(("site" = String, Path, description = "The site id."),
        ("locale" = Option<Locale>, Query, description = "Default: the site's.")),
    request_body = RedeemRequest,
    responses((status = 201, description = "Redeemed.", body = RedeemReceipt),
        (status = 200, description = "A replay: the first receipt.", body = RedeemReceipt),
        (status = 409, description = "Not enough points, out of stock, or the key was used for another reward.", body = ErrorEnvelope)),
    security(("member_token" = [])))]
fn points_redeem() {}

/// What membership offers: tiers, their benefits and what a point is worth.
#[utoipa::path(get, path = paths::POINTS_PROGRAM, tag = "points",
    params(("site" = String, Path, description = "The site id."),
        ("locale" = Option<Locale>, Query, description = "Default: the site's.")),
    responses((status = 200, description = "The programme.", body = Program)))]
fn points_program() {}

/// The rewards points can buy.
#[utoipa::path(get, path = paths::POINTS_REWARDS, tag = "points",
    params(("site" = String, Path, description = "The site id."),
        ("locale" = Option<Locale>, Query, description = "Default: the site's.")),
    responses((status = 200, description = "The rewards.", body = RewardsCatalogue)))]
fn points_rewards() {}

/// Demo mode only: the sample members the demo shop signs in as.
#[utoipa::path(get, path = paths::DEMO_MEMBERS, tag = "points",
    params(("site" = String, Path, description = "`demo`."),
        ("locale" = Option<Locale>, Query)),
    responses((status = 200, description = "The sample members.", body = DemoMembers)))]
fn demo_members() {}

/// Demo mode only: a member token for a sample member.
#[utoipa::path(post, path = paths::DEMO_MEMBER_TOKEN, tag = "points",
    params(("site" = String, Path, description = "`demo`."),
        ("member" = String, Path, description = "A sample member's id."),
        ("locale" = Option<Locale>, Query)),
    responses((status = 200, description = "A signed token.", body = DemoToken)))]
fn demo_token() {}

/// A purchase earns points; idempotent by `order_ref`.
#[utoipa::path(post, path = paths::ADMIN_POINTS_PURCHASES, tag = "admin",
    params(("site" = String, Path, description = "The site id.")),
    request_body = PurchaseRequest,
    responses((status = 201, description = "Earned.", body = PurchaseReceipt),
        (status = 200, description = "A replay: the first receipt.", body = PurchaseReceipt),
        (status = 409, description = "The order reference was used with another purchase (`idempotency_conflict`).", body = ErrorEnvelope)),
    security(("admin_key" = [])))]
fn points_purchase() {}

/// Takes back what an order earned (a return).
#[utoipa::path(post, path = paths::ADMIN_POINTS_REVERSALS, tag = "admin",
    params(("site" = String, Path, description = "The site id.")),
    request_body = ReverseRequest,
    responses((status = 201, description = "Reversed.", body = ReverseReceipt),
        (status = 200, description = "Already reversed: the first receipt.", body = ReverseReceipt),
        (status = 409, description = "The order belongs to another member (`idempotency_conflict`).", body = ErrorEnvelope)),
    security(("admin_key" = [])))]
fn points_reversal() {}

/// A signed manual correction; idempotent by `idempotency_key`.
#[utoipa::path(post, path = paths::ADMIN_POINTS_ADJUSTMENTS, tag = "admin",
    params(("site" = String, Path, description = "The site id.")),
    request_body = AdjustRequest,
    responses((status = 201, description = "Applied.", body = AdjustReceipt),
        (status = 200, description = "A replay: the first receipt.", body = AdjustReceipt),
        (status = 409, description = "Not enough points, or the key was used with another adjustment.", body = ErrorEnvelope)),
    security(("admin_key" = [])))]
fn points_adjustment() {}

/// The loyalty rules in force.
#[utoipa::path(get, path = paths::ADMIN_POINTS_RULES, tag = "admin",
    params(("site" = String, Path, description = "The site id.")),
    responses((status = 200, description = "The rules.", body = LoyaltyRules)),
    security(("admin_key" = [])))]
fn get_rules() {}

/// Replaces the loyalty rules.
#[utoipa::path(put, path = paths::ADMIN_POINTS_RULES, tag = "admin",
    params(("site" = String, Path, description = "The site id.")),
    request_body = LoyaltyRules,
    responses((status = 200, description = "The rules as stored.", body = LoyaltyRules),
        (status = 409, description = "The site's files own this kind of configuration (`managed_by_files`, `owners:` in its site.yaml); the message names the file to edit.", body = ErrorEnvelope)),
    security(("admin_key" = [])))]
fn put_rules() {}

/// What the member's tier gives at checkout now: discount, free services, birthday voucher.
#[utoipa::path(get, path = paths::ADMIN_POINTS_ENTITLEMENTS, tag = "admin",
    params(("site" = String, Path, description = "The site id."),
        ("member" = String, Path, description = "The member id.")),
    responses((status = 200, description = "The entitlements.", body = Entitlements)),
    security(("admin_key" = [])))]
fn points_entitlements() {}

/// Sets what the programme knows of a member besides points (the birthday).
#[utoipa::path(put, path = paths::ADMIN_POINTS_PROFILE, tag = "admin",
    params(("site" = String, Path, description = "The site id."),
        ("member" = String, Path, description = "The member id.")),
    request_body = MemberProfile,
    responses((status = 200, description = "The profile as stored.", body = MemberProfile)),
    security(("admin_key" = [])))]
fn points_profile() {}

/// A sign-up, review, referral or used birthday voucher; idempotent by `idempotency_key`.
#[utoipa::path(post, path = paths::ADMIN_POINTS_EVENTS, tag = "admin",
    params(("site" = String, Path, description = "The site id.")),
    request_body = EarnEvent,
    responses((status = 201, description = "Counted.", body = EventReceipt),
        (status = 200, description = "A replay: the first receipt.", body = EventReceipt),
        (status = 409, description = "The key was used with another event (`idempotency_conflict`).", body = ErrorEnvelope)),
    security(("admin_key" = [])))]
fn points_event() {}

/// Adds codes to a pool coupon's pool (a code already there is not added twice).
#[utoipa::path(post, path = paths::ADMIN_POINTS_CODES, tag = "admin",
    params(("site" = String, Path, description = "The site id."),
        ("reward" = String, Path, description = "A coupon reward whose codes come from a pool.")),
    request_body = CodesUpload,
    responses((status = 201, description = "Added.", body = CodesAdded)),
    security(("admin_key" = [])))]
fn points_codes() {}

/// Every pool coupon's codes left, and whether it is running low.
#[utoipa::path(get, path = paths::ADMIN_POINTS_COUPON_POOLS, tag = "admin",
    params(("site" = String, Path, description = "The site id.")),
    responses((status = 200, description = "The pools.", body = CouponPools)),
    security(("admin_key" = [])))]
fn points_coupon_pools() {}

/// The customer's guides with their progress.
#[utoipa::path(get, path = paths::ONBOARDING_PACKS, tag = "onboarding",
    params(("site" = String, Path, description = "The site id."), PacksQueryParams),
    responses((status = 200, description = "The packs.", body = PacksResponse)),
    security((), ("member_token" = [])))]
fn onboarding_packs() {}

/// One guide, if it is open to the customer.
#[utoipa::path(get, path = paths::ONBOARDING_PACK, tag = "onboarding",
    params(("site" = String, Path, description = "The site id."),
        ("pack" = String, Path, description = "The pack id."), PacksQueryParams),
    responses((status = 200, description = "The pack.", body = Pack)),
    security((), ("member_token" = [])))]
fn onboarding_pack() {}

/// Marks a step done; a member who finishes a pack with a reward is credited once.
#[utoipa::path(post, path = paths::ONBOARDING_STEP_COMPLETE, tag = "onboarding",
    params(("site" = String, Path, description = "The site id."),
        ("pack" = String, Path, description = "The pack id."),
        ("step" = String, Path, description = "The step id.")),
    request_body = CompleteRequest,
    responses((status = 200, description = "The pack's progress.", body = Progress)),
    security((), ("member_token" = [])))]
fn onboarding_complete() {}

/// A host event: completes the steps of the customer's packs waiting for it.
#[utoipa::path(post, path = paths::ONBOARDING_EVENTS, tag = "onboarding",
    params(("site" = String, Path, description = "The site id.")),
    request_body = EventRequest,
    responses((status = 200, description = "The steps completed now.", body = EventResponse)),
    security((), ("member_token" = [])))]
fn onboarding_event() {}

/// The site's packs, in order.
#[utoipa::path(get, path = paths::ADMIN_ONBOARDING_PACKS, tag = "admin",
    params(("site" = String, Path, description = "The site id.")),
    responses((status = 200, description = "The packs.", body = AdminPacks)),
    security(("admin_key" = [])))]
fn get_packs() {}

/// Replaces every pack at once, or nothing.
#[utoipa::path(put, path = paths::ADMIN_ONBOARDING_PACKS, tag = "admin",
    params(("site" = String, Path, description = "The site id.")),
    request_body = AdminPacks,
    responses((status = 200, description = "Stored, with warnings.", body = SavedPacks),
        (status = 409, description = "The site's files own this kind of configuration (`managed_by_files`, `owners:` in its site.yaml); the message names the file to edit.", body = ErrorEnvelope)),
    security(("admin_key" = [])))]
fn put_packs() {}

/// Per pack: customers who started it, completed each step, finished it.
#[utoipa::path(get, path = paths::REPORT_ONBOARDING, tag = "reports",
    params(("site" = String, Path, description = "The site id."), ReportQuery),
    responses((status = 200, description = "The funnel.", content(
        (FunnelReport = "application/json"), (String = "text/csv")))),
    security(("admin_key" = [])))]
fn report_onboarding() {}

/// Every event queued for the site's webhooks (detractor alerts, …) and how its delivery
/// went, newest first.
#[utoipa::path(get, path = paths::ADMIN_WEBHOOK_DELIVERIES, tag = "admin",
    params(("site" = String, Path, description = "The site id."), DeliveriesQuery),
    responses((status = 200, description = "One page.", body = WebhookDeliveries)),
    security(("admin_key" = [])))]
fn webhook_deliveries() {}

/// Erases what is held about a member, a device, or both: comments, context, contact
/// requests, guide progress and webhook payload copies are deleted or anonymised, and the
/// points ledger moves to an anonymous id. Records that an erasure happened, not what.
#[utoipa::path(post, path = paths::ADMIN_PRIVACY_ERASURES, tag = "privacy",
    params(("site" = String, Path, description = "The site id.")),
    request_body = ErasureRequest,
    responses((status = 201, description = "Erased.", body = ErasureReceipt)),
    security(("admin_key" = [])))]
fn privacy_erasure() {}

/// Everything held about a member, a device, or both, as JSON.
#[utoipa::path(get, path = paths::ADMIN_PRIVACY_EXPORTS, tag = "privacy",
    params(("site" = String, Path, description = "The site id."), ExportQuery),
    responses((status = 200, description = "The export.", body = PrivacyExport)),
    security(("admin_key" = [])))]
fn privacy_export() {}

/// Which deliveries, and where the page starts.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct DeliveriesQuery {
    /// `pending`, `delivered` or `failed`; default: all.
    status: Option<crate::webhooks::DeliveryStatus>,
    /// An event name (`survey.detractor`); default: all.
    event: Option<String>,
    /// 1 to 1000 (clamped); default 100.
    limit: Option<i64>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// Whose data: at least one of the two.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ExportQuery {
    /// A member id.
    member: Option<String>,
    /// A device id.
    device: Option<String>,
}

/// The window and format of every report: `[from, to)`, each Unix milliseconds or a date
/// `YYYY-MM-DD` at `tz_offset_minutes` east of UTC (`to`'s date is included).
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ReportQuery {
    /// Unix milliseconds or `YYYY-MM-DD`; default: the beginning.
    from: Option<String>,
    /// Unix milliseconds or `YYYY-MM-DD`; default: now.
    to: Option<String>,
    /// Minutes east of UTC for dates and days, -840 to 840; default 0.
    tz_offset_minutes: Option<i64>,
    /// Default: `json`.
    format: Option<ReportFormat>,
}

/// A report's format.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
enum ReportFormat {
    Json,
    Csv,
}

/// Who is asking for packs.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct PacksQueryParams {
    /// Default: the site's.
    locale: Option<Locale>,
    /// The anonymous customer's device id (or kiosk session id on a kiosk).
    device: Option<String>,
    /// Default: `embed`.
    surface: Option<DisplayMode>,
    /// `true` on the device's first visit.
    first_visit: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_has_its_errors_and_schemas_resolve() {
        let doc = document();
        let json = serde_json::to_value(&doc).expect("json");
        assert_eq!(json["openapi"], "3.1.0");
        let search = &json["paths"]["/v1/sites/{site}/faq/search"]["get"]["responses"];
        for status in ["200", "400", "404", "422", "429"] {
            assert!(search.get(status).is_some(), "search lacks {status}");
        }
        let admin = &json["paths"]["/v1/admin/sites/{site}/points/purchases"]["post"];
        assert!(admin["responses"].get("401").is_some());
        assert!(admin["responses"].get("415").is_some());
        // Every `$ref` names a schema that is in the components.
        let text = json.to_string();
        let schemas = &json["components"]["schemas"];
        for part in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
            let name = part.split('"').next().expect("name");
            assert!(
                schemas.get(name).is_some(),
                "{name} is referenced but missing"
            );
        }
        // The console's routes are merged in, with their credentials and errors.
        let write = &json["paths"]["/v1/console/sites/{site}/contacts/{reference}"]["put"];
        for status in ["200", "401", "403", "404", "422"] {
            assert!(write["responses"].get(status).is_some(), "lacks {status}");
        }
        assert_eq!(
            write["security"][0],
            serde_json::json!({"console_session": [], "console_csrf": []})
        );
        let cookie = &json["components"]["securitySchemes"]["console_session"];
        assert_eq!(cookie["in"], "cookie");
        assert_eq!(cookie["name"], "patron_console");
        assert!(schemas.get("ContactCreated").is_some());
        assert!(json["tags"]
            .as_array()
            .expect("tags")
            .iter()
            .any(|t| t["name"] == "console"));
        let codes = &schemas["ErrorCode"]["enum"];
        assert!(codes
            .as_array()
            .expect("enum")
            .iter()
            .any(|c| c == "idempotency_conflict"));
    }
}
