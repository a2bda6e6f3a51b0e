//! Domain rules for sites, between the HTTP handlers and the SQL in `storage`.

use axum::http::StatusCode;
use patron_api::validate::{self, FieldErrors};
use patron_api::{ErrorCode, FieldCode};
use patron_api::{Locale, SiteSettings};
use serde::Deserialize;
use sqlx::AnyPool;

use crate::content::imports;
use crate::content::{Kind, SiteEntry};
use crate::error::AppError;
use crate::storage::{self, SiteStatus};

/// The settings of `site`. A malformed id is reported like an unknown one (404): the caller
/// learns nothing more from a 400, and the widget handles both the same way.
pub async fn settings(pool: &AnyPool, site: &str) -> Result<SiteSettings, AppError> {
    lookup(pool, site).await?.ok_or(AppError::SiteNotFound)
}

/// 404 unless `site` is stored, enabled or disabled: a disabled site's customers keep the
/// right to have their data erased and exported.
pub async fn ensure_stored(pool: &AnyPool, site: &str) -> Result<(), AppError> {
    if validate::site_id(site).is_err()
        || storage::site_status(pool, site).await? == SiteStatus::Unknown
    {
        return Err(AppError::SiteNotFound);
    }
    Ok(())
}

/// Like `settings` but `None` for unknown or malformed ids, for callers with a fallback.
pub async fn lookup(pool: &AnyPool, site: &str) -> Result<Option<SiteSettings>, AppError> {
    if validate::site_id(site).is_err() {
        return Ok(None);
    }
    Ok(storage::find_site(pool, site).await?)
}

/// Replaces (or creates) the settings of the site named in the path, as the admin API does
/// (audited as the admin key's).
pub async fn replace(
    pool: &AnyPool,
    path_site: &str,
    settings: SiteSettings,
) -> Result<SiteSettings, AppError> {
    let mut errs = settings.validate().err().unwrap_or_default();
    if settings.site != path_site {
        errs.push(
            "site",
            FieldCode::Mismatch,
            "must equal the site id in the URL path",
        );
    }
    errs.into_result()?;
    if storage::site_status(pool, path_site).await? == SiteStatus::Disabled {
        return Err(AppError::refused(
            StatusCode::CONFLICT,
            ErrorCode::ManagedByFiles,
            format!(
                "site {path_site} was removed from the content folder and is disabled; \
                 restore its folder (site.yaml) and restart to enable it again"
            ),
        ));
    }
    let before = storage::find_site(pool, path_site)
        .await?
        .map(|s| serde_json::to_value(s).map_err(AppError::internal))
        .transpose()?;
    let after = serde_json::to_value(&settings).map_err(AppError::internal)?;
    let mut tx = pool.begin().await?;
    storage::upsert_site(&mut *tx, &settings).await?;
    let now = storage::now_millis();
    crate::audit::config_replaced(&mut tx, path_site, "settings", before.as_ref(), &after, now)
        .await?;
    tx.commit().await?;
    Ok(settings)
}

/// Imports the settings of each site.yaml (loaded and validated) at start-up as the site's
/// `owners.settings` says: always when the files own them, else only when its settings are
/// new or changed since the last import (`content::imports`).
pub async fn import(pool: &AnyPool, entries: &[SiteEntry]) -> Result<(), sqlx::Error> {
    for entry in entries {
        let site = entry.settings.site.as_str();
        let owner = entry.owners.of(Kind::Settings);
        if let Some(mut tx) =
            imports::begin_import(pool, owner, site, Kind::Settings, &entry.stamp).await?
        {
            storage::upsert_site(&mut *tx, &entry.settings).await?;
            tx.commit().await?;
            tracing::info!(site, ?owner, "settings imported from site.yaml");
        }
    }
    Ok(())
}

/// Disables every site whose settings came from a site.yaml that is no longer in the content
/// folder (its public API answers 404, its admin key stops working; its data stays for
/// erasure and export) and enables again those whose folder came back. Sites created through
/// the admin API never had a site.yaml and are left alone. Returns the sites disabled now.
///
/// A missing content directory disables nothing: a mistyped `--content-dir` must not take
/// every site down.
pub async fn retire_removed(
    pool: &AnyPool,
    content_dir_exists: bool,
    present: &[SiteEntry],
) -> Result<Vec<String>, sqlx::Error> {
    let mut retired = Vec::new();
    for site in imports::sites_with(pool, Kind::Settings).await? {
        let here = present.iter().any(|e| e.settings.site == site);
        match (here, storage::site_status(pool, &site).await?) {
            (false, SiteStatus::Enabled) if content_dir_exists => {
                storage::set_site_disabled(pool, &site, Some(storage::now_millis())).await?;
                tracing::warn!(
                    site,
                    "site folder removed from the content directory: site disabled"
                );
                retired.push(site);
            }
            (true, SiteStatus::Disabled) => {
                storage::set_site_disabled(pool, &site, None).await?;
                tracing::info!(site, "site folder is back: site enabled again");
            }
            _ => {}
        }
    }
    Ok(retired)
}

/// Adds `origin` to the stored allowed origins of `site` unless it is there (demo mode: the
/// demo shop's origin, known only once the port is bound).
pub async fn allow_stored_origin(
    pool: &AnyPool,
    site: &str,
    origin: &str,
) -> Result<(), sqlx::Error> {
    if let Some(mut settings) = storage::find_site(pool, site).await? {
        if !settings.allows_origin(origin) {
            allow_origin(&mut settings, origin);
            storage::upsert_site(pool, &settings).await?;
        }
    }
    Ok(())
}

/// Adds `origin` to the allowed origins unless it is already there.
pub fn allow_origin(settings: &mut SiteSettings, origin: &str) {
    if !settings.allows_origin(origin) {
        settings.allowed_origins.push(origin.to_owned());
    }
}

/// `?locale=` of the public endpoints that take nothing else.
#[derive(Debug, Default, Deserialize)]
pub struct LocaleParams {
    pub locale: Option<String>,
}

/// `locale=` as asked, or the site's default when absent; an unknown value is a field error
/// (and the default is returned so the caller can go on collecting errors).
pub fn requested_locale(raw: Option<&str>, site: &SiteSettings, errs: &mut FieldErrors) -> Locale {
    locale_or(raw, site.default_locale, errs)
}

/// Like `requested_locale`, with the fallback given.
pub fn locale_or(raw: Option<&str>, fallback: Locale, errs: &mut FieldErrors) -> Locale {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => fallback,
        Some(s) => s.parse().unwrap_or_else(|()| {
            errs.push(
                "locale",
                FieldCode::InvalidFormat,
                "a locale is one of zh-CN, zh-TW, en",
            );
            fallback
        }),
    }
}
