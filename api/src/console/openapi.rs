//! The console's part of the OpenAPI document (`crate::openapi::document` merges it): every
//! console route, the console's two credentials, the admin API's contact resolution and the
//! `contact.created` webhook body. Stubs carry the attributes, as in `crate::openapi`.

#![allow(dead_code)]

use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::openapi::OpenApi as Document;
use utoipa::{Modify, OpenApi};

use super::audit::AuditPage;
use super::contacts::{ContactChange, ContactResolution, ContactStatus};
use super::contacts::{ContactCreated, ContactDetail, ContactItem, ContactPage};
use super::feedback::{FeedbackChange, FeedbackDetail, FeedbackPage, FeedbackStatus};
use super::library::{ArticleList, KeywordRequest, LibraryArticle, LibraryGaps};
use super::library::{Preview, PreviewRequest};
use super::members::RedemptionStatus;
use super::members::{Liability, MemberDetail, Redemption, RedemptionChange, RedemptionPage};
use super::overview::{Overview, Period};
use super::users::{NewUser, User, UserChange, UserList};
use super::{ConsoleSession, NewNote, Note, Preferences, SignIn};
use crate::error::ErrorEnvelope;
use crate::faq::admin::{AdminArticle, ArticleBody};
use crate::locale::Locale;
use crate::onboarding::FunnelReport;
use crate::paths;
use crate::survey::{Band, Surface};

/// The console's session cookie (`patron_console`), set by signing in.
pub const CONSOLE_SESSION: &str = "console_session";
/// The session's CSRF token in the `x-csrf-token` header, which every write needs too.
pub const CONSOLE_CSRF: &str = "console_csrf";

/// The console's routes.
pub fn document() -> Document {
    ConsoleDoc::openapi()
}

#[derive(OpenApi)]
#[openapi(
    paths(
        console_page_redirect, console_page, console_file,
        sign_in, get_session, sign_out, put_preferences,
        list_users, add_user, change_user, remove_user, audit_log,
        feedback_list, feedback_item, feedback_change, feedback_note,
        contacts_list, contact_item, contact_change, contact_note, contact_resolution,
        member, redemptions, redemption_change, redemption_admin_change, liability,
        library_articles, library_article, library_preview, library_save, library_keyword,
        overview, guides_funnel, library_gaps,
    ),
    components(schemas(ContactCreated)),
    modifiers(&Credentials),
    tags(
        (name = "console", description = "The Patron Console's API: the session cookie \
            (`patron_console`, set by signing in) and, on every write, the `x-csrf-token` \
            header. `{site}` must be the signed-in user's site (another is 404); a viewer's \
            write is 403 `forbidden`. `contact.created` is POSTed to the site's webhook as \
            `ContactCreated`."),
    ),
)]
struct ConsoleDoc;

struct Credentials;

impl Modify for Credentials {
    fn modify(&self, doc: &mut Document) {
        let components = doc.components.get_or_insert_with(Default::default);
        let mut cookie = ApiKeyValue::new(super::SESSION_COOKIE);
        cookie.description = Some(
            "The console session, set by `POST /v1/console/session` (HttpOnly, SameSite=Strict)."
                .to_owned(),
        );
        components.add_security_scheme(
            CONSOLE_SESSION,
            SecurityScheme::ApiKey(ApiKey::Cookie(cookie)),
        );
        let mut csrf = ApiKeyValue::new(super::CSRF_HEADER);
        csrf.description =
            Some("The session's `csrf_token`: every console write sends it.".to_owned());
        components.add_security_scheme(CONSOLE_CSRF, SecurityScheme::ApiKey(ApiKey::Header(csrf)));
    }
}

/// Redirects to `/console/`.
#[utoipa::path(get, path = paths::CONSOLE_BARE, tag = "hosting",
    responses((status = 308, description = "To `/console/`.")))]
fn console_page_redirect() {}

/// The console (a single-page app).
#[utoipa::path(get, path = paths::CONSOLE, tag = "hosting",
    responses((status = 200, description = "The page.", content_type = "text/html", body = String)))]
fn console_page() {}

/// One of the console's built files by its content-hashed path, or the console's page for
/// any of its own routes (`/console/feedback`, …). (The router's `paths::CONSOLE_FILE` is a
/// catch-all, `{*file}`, which OpenAPI writes `{file}`.)
#[utoipa::path(get, path = "/console/{file}", tag = "hosting",
    params(("file" = String, Path, description = "The file's path under `/console/`, or a route of the console.")),
    responses((status = 200, description = "The file, or the page (any path that is not a built file is a route of the console).",
        content((Vec<u8> = "application/octet-stream"), (String = "text/html")))))]
fn console_file() {}

/// Signs in: sets the session cookie. Any wrong combination is the same 401; failed sign-ins
/// are limited per client and per account (429).
#[utoipa::path(post, path = paths::CONSOLE_SESSION, tag = "console",
    request_body = SignIn,
    responses((status = 200, description = "Signed in; `Set-Cookie: patron_console=…`.", body = ConsoleSession),
        (status = 401, description = "Wrong site, email or password (`unauthorized`).", body = ErrorEnvelope)))]
fn sign_in() {}

/// Who is signed in.
#[utoipa::path(get, path = paths::CONSOLE_SESSION, tag = "console",
    responses((status = 200, description = "The session.", body = ConsoleSession)),
    security(("console_session" = [])))]
fn get_session() {}

/// Signs out, on every instance.
#[utoipa::path(delete, path = paths::CONSOLE_SESSION, tag = "console",
    responses((status = 204, description = "Signed out; the cookie is cleared.")),
    security(("console_session" = [], "console_csrf" = [])))]
fn sign_out() {}

/// Remembers the user's language.
#[utoipa::path(put, path = paths::CONSOLE_PREFERENCES, tag = "console",
    request_body = Preferences,
    responses((status = 200, description = "The session with the change.", body = ConsoleSession)),
    security(("console_session" = [], "console_csrf" = [])))]
fn put_preferences() {}

/// The site's users (every role may list them, to assign work).
#[utoipa::path(get, path = paths::CONSOLE_USERS, tag = "console",
    params(("site" = String, Path, description = "The signed-in user's site.")),
    responses((status = 200, description = "The users.", body = UserList)),
    security(("console_session" = [])))]
fn list_users() {}

/// Adds a user (owners).
#[utoipa::path(post, path = paths::CONSOLE_USERS, tag = "console",
    params(("site" = String, Path, description = "The signed-in user's site.")),
    request_body = NewUser,
    responses((status = 201, description = "Added.", body = User)),
    security(("console_session" = [], "console_csrf" = [])))]
fn add_user() {}

/// Changes a user's role or password (owners); the site keeps at least one owner.
#[utoipa::path(put, path = paths::CONSOLE_USER, tag = "console",
    params(("site" = String, Path, description = "The signed-in user's site."),
        ("user" = String, Path, description = "The user's id.")),
    request_body = UserChange,
    responses((status = 200, description = "Changed.", body = User)),
    security(("console_session" = [], "console_csrf" = [])))]
fn change_user() {}

/// Removes a user and ends their sessions (owners); the site keeps at least one owner.
#[utoipa::path(delete, path = paths::CONSOLE_USER, tag = "console",
    params(("site" = String, Path, description = "The signed-in user's site."),
        ("user" = String, Path, description = "The user's id.")),
    responses((status = 204, description = "Removed.")),
    security(("console_session" = [], "console_csrf" = [])))]
fn remove_user() {}

/// The audit log, newest first (owners).
#[utoipa::path(get, path = paths::CONSOLE_AUDIT, tag = "console",
    params(("site" = String, Path, description = "The signed-in user's site."), PageQuery),
    responses((status = 200, description = "One page.", body = AuditPage)),
    security(("console_session" = [])))]
fn audit_log() {}

/// NPS, CSAT, first-contact resolution, self-service and volumes against the targets, with
/// the previous period, a weekly trend and breakdowns.
#[utoipa::path(get, path = paths::CONSOLE_OVERVIEW, tag = "console",
    params(("site" = String, Path, description = "The signed-in user's site."), PeriodParams),
    responses((status = 200, description = "The overview.", body = Overview),
        (status = 422, description = "A bad period (`validation_failed`, with the fields).", body = ErrorEnvelope)),
    security(("console_session" = [])))]
fn overview() {}

/// Each guide's funnel: started, each step, finished.
#[utoipa::path(get, path = paths::CONSOLE_GUIDES_FUNNEL, tag = "console",
    params(("site" = String, Path, description = "The signed-in user's site."), PeriodParams),
    responses((status = 200, description = "The funnel.", body = FunnelReport),
        (status = 422, description = "A bad period (`validation_failed`, with the fields).", body = ErrorEnvelope)),
    security(("console_session" = [])))]
fn guides_funnel() {}

/// Every survey answer, newest first; CSV with `format=csv` or `Accept: text/csv`.
#[utoipa::path(get, path = paths::CONSOLE_FEEDBACK, tag = "console",
    params(("site" = String, Path, description = "The signed-in user's site."), FeedbackParams),
    responses((status = 200, description = "One page (or every row as CSV).", content(
        (FeedbackPage = "application/json"), (String = "text/csv")))),
    security(("console_session" = [])))]
fn feedback_list() {}

/// One answer with the customer's earlier answers and the notes.
#[utoipa::path(get, path = paths::CONSOLE_FEEDBACK_ITEM, tag = "console",
    params(("site" = String, Path, description = "The signed-in user's site."),
        ("response" = String, Path, description = "The response id.")),
    responses((status = 200, description = "The answer.", body = FeedbackDetail)),
    security(("console_session" = [])))]
fn feedback_item() {}

/// Moves a detractor's answer through the queue or (un)assigns it (agents, owners).
#[utoipa::path(put, path = paths::CONSOLE_FEEDBACK_ITEM, tag = "console",
    params(("site" = String, Path, description = "The signed-in user's site."),
        ("response" = String, Path, description = "The response id.")),
    request_body = FeedbackChange,
    responses((status = 200, description = "Changed.", body = FeedbackDetail)),
    security(("console_session" = [], "console_csrf" = [])))]
fn feedback_change() {}

/// Adds an internal note to an answer (agents, owners).
#[utoipa::path(post, path = paths::CONSOLE_FEEDBACK_NOTES, tag = "console",
    params(("site" = String, Path, description = "The signed-in user's site."),
        ("response" = String, Path, description = "The response id.")),
    request_body = NewNote,
    responses((status = 201, description = "Added.", body = Note)),
    security(("console_session" = [], "console_csrf" = [])))]
fn feedback_note() {}

/// Contact requests with what each customer searched and read, newest first.
#[utoipa::path(get, path = paths::CONSOLE_CONTACTS, tag = "console",
    params(("site" = String, Path, description = "The signed-in user's site."), ContactParams),
    responses((status = 200, description = "One page.", body = ContactPage)),
    security(("console_session" = [])))]
fn contacts_list() {}

/// One contact request with its notes.
#[utoipa::path(get, path = paths::CONSOLE_CONTACT, tag = "console",
    params(("site" = String, Path, description = "The signed-in user's site."),
        ("reference" = String, Path, description = "The request's reference.")),
    responses((status = 200, description = "The request.", body = ContactDetail)),
    security(("console_session" = [])))]
fn contact_item() {}

/// Resolves, reopens or (un)assigns a contact request (agents, owners).
#[utoipa::path(put, path = paths::CONSOLE_CONTACT, tag = "console",
    params(("site" = String, Path, description = "The signed-in user's site."),
        ("reference" = String, Path, description = "The request's reference.")),
    request_body = ContactChange,
    responses((status = 200, description = "Changed.", body = ContactDetail)),
    security(("console_session" = [], "console_csrf" = [])))]
fn contact_change() {}

/// Adds an internal note to a contact request (agents, owners).
#[utoipa::path(post, path = paths::CONSOLE_CONTACT_NOTES, tag = "console",
    params(("site" = String, Path, description = "The signed-in user's site."),
        ("reference" = String, Path, description = "The request's reference.")),
    request_body = NewNote,
    responses((status = 201, description = "Added.", body = Note)),
    security(("console_session" = [], "console_csrf" = [])))]
fn contact_note() {}

/// A helpdesk resolved a contact request: records whether on first contact (audited as the
/// admin key). Sending it again replaces the first answer.
#[utoipa::path(post, path = paths::ADMIN_CONTACT_RESOLUTION, tag = "admin",
    params(("site" = String, Path, description = "The site id."),
        ("reference" = String, Path, description = "The request's reference.")),
    request_body = ContactResolution,
    responses((status = 200, description = "Resolved.", body = ContactItem)),
    security(("admin_key" = [])))]
fn contact_resolution() {}

/// Zero-result searches grouped with counts, and low-rated articles with their reasons.
#[utoipa::path(get, path = paths::CONSOLE_LIBRARY_GAPS, tag = "console",
    params(("site" = String, Path, description = "The signed-in user's site."), PeriodParams),
    responses((status = 200, description = "The gaps.", body = LibraryGaps),
        (status = 422, description = "A bad period (`validation_failed`, with the fields).", body = ErrorEnvelope)),
    security(("console_session" = [])))]
fn library_gaps() {}

/// Every article with its locales.
#[utoipa::path(get, path = paths::CONSOLE_LIBRARY_ARTICLES, tag = "console",
    params(("site" = String, Path, description = "The signed-in user's site.")),
    responses((status = 200, description = "The articles.", body = ArticleList)),
    security(("console_session" = [])))]
fn library_articles() {}

/// Every locale of one article.
#[utoipa::path(get, path = paths::CONSOLE_LIBRARY_ARTICLE, tag = "console",
    params(("site" = String, Path, description = "The signed-in user's site."),
        ("id" = String, Path, description = "The article id.")),
    responses((status = 200, description = "The article.", body = LibraryArticle)),
    security(("console_session" = [])))]
fn library_article() {}

/// Markdown rendered and sanitised as customers will see it (agents, owners).
#[utoipa::path(post, path = paths::CONSOLE_LIBRARY_PREVIEW, tag = "console",
    params(("site" = String, Path, description = "The signed-in user's site.")),
    request_body = PreviewRequest,
    responses((status = 200, description = "The HTML.", body = Preview)),
    security(("console_session" = [], "console_csrf" = [])))]
fn library_preview() {}

/// Saves one locale of an article: audited, searchable at once (agents, owners).
#[utoipa::path(put, path = paths::CONSOLE_LIBRARY_ARTICLE_LOCALE, tag = "console",
    params(("site" = String, Path, description = "The signed-in user's site."),
        ("id" = String, Path, description = "The article id."),
        ("locale" = Locale, Path)),
    request_body = ArticleBody,
    responses((status = 200, description = "Replaced.", body = AdminArticle),
        (status = 201, description = "Created.", body = AdminArticle),
        (status = 409, description = "The site's files own its articles (`managed_by_files`).", body = ErrorEnvelope)),
    security(("console_session" = [], "console_csrf" = [])))]
fn library_save() {}

/// Adds a query customers searched for to the article's keywords in every locale it has
/// (agents, owners).
#[utoipa::path(post, path = paths::CONSOLE_LIBRARY_KEYWORDS, tag = "console",
    params(("site" = String, Path, description = "The signed-in user's site."),
        ("id" = String, Path, description = "The article id.")),
    request_body = KeywordRequest,
    responses((status = 200, description = "The article as stored.", body = LibraryArticle),
        (status = 409, description = "The site's files own its articles (`managed_by_files`).", body = ErrorEnvelope)),
    security(("console_session" = [], "console_csrf" = [])))]
fn library_keyword() {}

/// A member's balance, tier, progress and a page of their history.
#[utoipa::path(get, path = paths::CONSOLE_MEMBER, tag = "console",
    params(("site" = String, Path, description = "The signed-in user's site."),
        ("member" = String, Path, description = "The member id."),
        ("locale" = Option<Locale>, Query, description = "Default: the site's."),
        ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page.")),
    responses((status = 200, description = "The member.", body = MemberDetail)),
    security(("console_session" = [])))]
fn member() {}

/// Redemptions with their fulfilment, newest first.
#[utoipa::path(get, path = paths::CONSOLE_REDEMPTIONS, tag = "console",
    params(("site" = String, Path, description = "The signed-in user's site."),
        ("status" = Option<RedemptionStatus>, Query, description = "Default: all."), PageQuery),
    responses((status = 200, description = "One page.", body = RedemptionPage)),
    security(("console_session" = [])))]
fn redemptions() {}

/// Fulfils a redemption, or cancels it and returns the points (agents, owners).
#[utoipa::path(put, path = paths::CONSOLE_REDEMPTION, tag = "console",
    params(("site" = String, Path, description = "The signed-in user's site."),
        ("id" = String, Path, description = "The redemption id.")),
    request_body = RedemptionChange,
    responses((status = 200, description = "Changed (or already so).", body = Redemption)),
    security(("console_session" = [], "console_csrf" = [])))]
fn redemption_change() {}

/// The retailer's backend fulfils a redemption, or cancels it and returns the points (once);
/// audited as the admin key. The same rules as the console's.
#[utoipa::path(put, path = paths::ADMIN_POINTS_REDEMPTION, tag = "admin",
    params(("site" = String, Path, description = "The site id."),
        ("id" = String, Path, description = "The redemption id (`redemption_id` of the receipt).")),
    request_body = RedemptionChange,
    responses((status = 200, description = "Changed (or already so).", body = Redemption)),
    security(("admin_key" = [])))]
fn redemption_admin_change() {}

/// The points members hold and what they are worth.
#[utoipa::path(get, path = paths::CONSOLE_LIABILITY, tag = "console",
    params(("site" = String, Path, description = "The signed-in user's site.")),
    responses((status = 200, description = "The liability.", body = Liability)),
    security(("console_session" = [])))]
fn liability() {}

/// Where a page starts.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct PageQuery {
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
    /// 1 to 200 (clamped); default 50.
    limit: Option<i64>,
}

/// Which days, in the site's time zone.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct PeriodParams {
    /// `7d`, `30d` (default), `90d` or `custom`.
    period: Option<Period>,
    /// `YYYY-MM-DD`, with `custom`.
    from: Option<String>,
    /// `YYYY-MM-DD` (included), with `custom`; at most 366 days after `from`.
    to: Option<String>,
}

/// Which answers, and where the page starts.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct FeedbackParams {
    /// `detractor`, `passive` or `promoter`.
    band: Option<Band>,
    /// A detractor's queue status.
    status: Option<FeedbackStatus>,
    /// A survey id.
    survey: Option<String>,
    /// `embed`, `page` or `kiosk`.
    surface: Option<Surface>,
    /// Words in the comment, at most 200 characters.
    q: Option<String>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
    /// 1 to 200 (clamped); default 50.
    limit: Option<i64>,
    /// `json` (default) or `csv` (every matching row).
    format: Option<String>,
}

/// Which requests, and where the page starts.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ContactParams {
    /// `open` or `resolved`.
    status: Option<ContactStatus>,
    /// Words in the reference, name, email, order number or message, at most 200 characters.
    q: Option<String>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
    /// 1 to 200 (clamped); default 50.
    limit: Option<i64>,
}
