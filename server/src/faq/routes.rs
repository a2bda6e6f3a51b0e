//! Public FAQ endpoints under `/v1/sites/{site}` (see `patron_api::faq`).

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use patron_api::faq::{
    self, Article, ContactRequest, FaqHome, SearchHit, SearchResponse, VoteRequest,
    SEARCH_LIMIT_DEFAULT, SEARCH_LIMIT_MAX,
};
use patron_api::validate::FieldErrors;
use patron_api::Locale;
use serde::Deserialize;

use std::sync::Arc;

use axum::Extension;

use super::learned::{self, Kind};
use super::storage::learned::Lesson;
use super::storage::{self, SearchEvent, StoredArticle};
use super::{contact, text, FaqIndexes};
use crate::auth::MaybeMember;
use crate::error::AppError;
use crate::extract::{int_param, AppJson, AppPath, AppQuery, SafeJson};
use crate::rate_limit::ClientKey;
use crate::sites::{self, requested_locale, LocaleParams};
use crate::state::AppState;
use crate::storage::now_millis;

/// How many related articles an article lists.
pub const RELATED_MAX: usize = 5;
/// How many articles the home screen calls popular.
pub const POPULAR_MAX: usize = 5;

#[derive(Debug, Default, Deserialize)]
pub struct SearchParams {
    pub q: Option<String>,
    pub locale: Option<String>,
    pub limit: Option<String>,
    pub session: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct ArticleParams {
    pub locale: Option<String>,
    pub session: Option<String>,
}

/// A session id worth recording; anything malformed is ignored rather than refused.
fn session_param(raw: Option<&str>) -> Option<&str> {
    raw.filter(|s| faq::session_id(s).is_ok())
}

/// `GET /v1/sites/{site}/faq?locale=`.
pub async fn home(
    State(state): State<AppState>,
    State(indexes): State<Arc<FaqIndexes>>,
    AppPath(site): AppPath<String>,
    AppQuery(params): AppQuery<LocaleParams>,
) -> Result<impl IntoResponse, AppError> {
    let settings = sites::settings(&state.pool, &site).await?;
    let mut errs = FieldErrors::default();
    let locale = requested_locale(params.locale.as_deref(), &settings, &mut errs);
    errs.into_result()?;
    let index = indexes.get(&state.pool, &site).await?;
    let view = index.view(locale);
    let views = storage::view_counts(&state.pool, &site, locale).await?;
    let popular = view
        .by_popularity(&views)
        .into_iter()
        .take(POPULAR_MAX)
        .map(|i| view.docs[i].summary())
        .collect();
    let home = FaqHome {
        locale,
        categories: view.categories(),
        popular,
    };
    Ok(([(header::CACHE_CONTROL, "no-cache")], Json(home)))
}

/// `GET /v1/sites/{site}/faq/search?q=&locale=&limit=&session=`.
pub async fn search(
    State(state): State<AppState>,
    State(indexes): State<Arc<FaqIndexes>>,
    AppPath(site): AppPath<String>,
    AppQuery(params): AppQuery<SearchParams>,
) -> Result<impl IntoResponse, AppError> {
    let settings = sites::settings(&state.pool, &site).await?;
    let mut errs = FieldErrors::default();
    let query = params.q.unwrap_or_default();
    errs.check("q", faq::query(&query));
    let locale = requested_locale(params.locale.as_deref(), &settings, &mut errs);
    let limit = int_param(params.limit.as_deref(), "limit", &mut errs)
        .map_or(SEARCH_LIMIT_DEFAULT as usize, |n| {
            n.clamp(1, i64::from(SEARCH_LIMIT_MAX)) as usize
        });
    errs.into_result()?;

    let index = indexes.get(&state.pool, &site).await?;
    let view = index.view(locale);
    let trimmed = query.trim();
    let hits = if trimmed.is_empty() {
        let views = storage::view_counts(&state.pool, &site, locale).await?;
        view.by_popularity(&views)
            .into_iter()
            .take(limit)
            .map(|i| view.plain_hit(i))
            .collect()
    } else {
        let (ranked, plan) = view
            .search(trimmed, limit + learned::EXTRA_CANDIDATES)
            .map_err(|e| AppError::internal(format!("search: {e}")))?;
        let evidence = storage::learned::evidence(&state.pool, &site, locale, &plan.words).await?;
        let strengths = learned::strengths(&evidence, &plan.words, now_millis());
        let ranked = learned::rerank(view, ranked, &strengths, limit);
        let mut hits: Vec<_> = ranked
            .into_iter()
            .map(|r| view.hit(r, &plan.marks))
            .collect();
        if hits.is_empty() {
            // Typed in another of the site's languages: its articles, in the reader's. Its
            // words are not in the reader's text, so nothing is marked.
            hits = index
                .search_elsewhere(locale, trimmed, limit)
                .map_err(|e| AppError::internal(format!("search: {e}")))?
                .into_iter()
                .map(|r| SearchHit {
                    score: r.score,
                    ..view.plain_hit(r.doc)
                })
                .collect();
        }
        storage::record_search(
            &state.pool,
            &SearchEvent {
                site: &site,
                query: trimmed,
                locale,
                result_count: hits.len(),
                session: session_param(params.session.as_deref()),
            },
            now_millis(),
        )
        .await?;
        hits
    };
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        SafeJson(SearchResponse {
            query,
            locale,
            hits,
        }),
    ))
}

/// `GET /v1/sites/{site}/faq/articles/{id}?locale=&session=`: records a view when a valid
/// session is given. A zh-TW reader of an article written only in zh-CN gets it converted.
pub async fn article(
    State(state): State<AppState>,
    State(indexes): State<Arc<FaqIndexes>>,
    client: Option<Extension<ClientKey>>,
    AppPath((site, id)): AppPath<(String, String)>,
    AppQuery(params): AppQuery<ArticleParams>,
) -> Result<impl IntoResponse, AppError> {
    let settings = sites::settings(&state.pool, &site).await?;
    let mut errs = FieldErrors::default();
    let locale = requested_locale(params.locale.as_deref(), &settings, &mut errs);
    errs.into_result()?;
    if faq::article_id(&id).is_err() {
        return Err(AppError::NotFound);
    }
    let versions = storage::article_versions(&state.pool, &site, &id).await?;
    let article = for_reader(versions, locale).ok_or(AppError::NotFound)?;
    let index = indexes.get(&state.pool, &site).await?;
    let related = index.view(locale).related(&id, RELATED_MAX);
    if let Some(session) = session_param(params.session.as_deref()) {
        storage::record_view(&state.pool, &site, &id, locale, session).await?;
        if let Some(Extension(client)) = client {
            let read = Read {
                site: &site,
                article: &id,
                locale,
                session,
                client,
            };
            teach(&state, &indexes, &read, Kind::Click, true).await?;
        }
    }
    let body = Article {
        id,
        locale,
        category: article.category,
        title: article.title,
        html: article.body_html,
        updated_at: article.updated_at,
        related,
    };
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(body)))
}

/// The version for a reader of `locale`: that locale, else for Chinese the other script's
/// version converted (title, category and HTML text).
fn for_reader(versions: Vec<StoredArticle>, locale: Locale) -> Option<StoredArticle> {
    let (exact, other): (Vec<_>, Vec<_>) = versions.into_iter().partition(|a| a.locale == locale);
    if let Some(a) = exact.into_iter().next() {
        return Some(a);
    }
    let (from, convert): (Locale, fn(&str) -> String) = match locale {
        Locale::ZhTw => (Locale::ZhCn, text::to_traditional),
        Locale::ZhCn => (Locale::ZhTw, text::to_simplified),
        Locale::En => return None,
    };
    other
        .into_iter()
        .find(|a| a.locale == from)
        .map(|a| StoredArticle {
            locale,
            category: convert(&a.category),
            title: convert(&a.title),
            keywords: a.keywords.iter().map(|k| convert(k)).collect(),
            // Tags and URLs are ASCII, which the converter leaves alone.
            body_html: convert(&a.body_html),
            ..a
        })
}

/// `POST /v1/sites/{site}/faq/articles/{id}/votes`.
pub async fn vote(
    State(state): State<AppState>,
    State(indexes): State<Arc<FaqIndexes>>,
    client: Option<Extension<ClientKey>>,
    AppPath((site, id)): AppPath<(String, String)>,
    AppJson(vote): AppJson<VoteRequest>,
) -> Result<impl IntoResponse, AppError> {
    sites::settings(&state.pool, &site).await?;
    if faq::article_id(&id).is_err() || !storage::article_exists(&state.pool, &site, &id).await? {
        return Err(AppError::NotFound);
    }
    vote.validate()?;
    storage::record_vote(&state.pool, &site, &id, &vote).await?;
    if let Some(Extension(client)) = client {
        let read = Read {
            site: &site,
            article: &id,
            locale: vote.locale,
            session: &vote.session,
            client,
        };
        teach(&state, &indexes, &read, Kind::Vote, vote.helpful).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

/// An article read (or voted on) in a help session, by a client.
struct Read<'a> {
    site: &'a str,
    article: &'a str,
    locale: Locale,
    session: &'a str,
    client: ClientKey,
}

/// Learns from a read or a vote that follows the session's last search (`learned`).
async fn teach(
    state: &AppState,
    indexes: &FaqIndexes,
    read: &Read<'_>,
    kind: Kind,
    helpful: bool,
) -> Result<(), AppError> {
    let now = now_millis();
    let since = now - learned::CLICK_WINDOW_MS;
    let pool = &state.pool;
    let Some(query) =
        storage::learned::last_search(pool, read.site, read.session, read.locale, since).await?
    else {
        return Ok(());
    };
    let index = indexes.get(pool, read.site).await?;
    let terms = index.view(read.locale).plan(&query).words;
    let voter = learned::voter(read.site, &read.client.ip().to_string());
    let lesson = Lesson {
        site: read.site,
        locale: read.locale,
        session: read.session,
        voter: &voter,
        kind,
        weight: kind.weight(helpful),
        article: read.article,
        terms: &terms,
        now,
    };
    storage::learned::record(pool, &lesson).await?;
    Ok(())
}

/// `POST /v1/sites/{site}/contact`, with the member token when signed in (so an erasure for
/// the member reaches the request; a token that does not verify is no member).
pub async fn contact(
    State(state): State<AppState>,
    AppPath(site): AppPath<String>,
    MaybeMember(member): MaybeMember,
    AppJson(request): AppJson<ContactRequest>,
) -> Result<impl IntoResponse, AppError> {
    sites::settings(&state.pool, &site).await?;
    let member = member.as_ref().map(|m| m.0.as_str());
    let receipt = contact::submit(&state.pool, &site, &request, member).await?;
    tracing::info!(site = %site, reference = %receipt.reference, "contact request received");
    Ok((
        StatusCode::CREATED,
        [(header::CACHE_CONTROL, "no-store")],
        Json(receipt),
    ))
}
