//! Site content on disk: `<content-dir>/<site>/site.yaml` holds a site's public settings.
//!
//! Every file is checked before anything is stored, and all problems in all files are
//! reported together so an author fixes the content in one pass.

use std::path::{Path, PathBuf};

use patron_api::settings::KIOSK_IDLE_DEFAULT_SECONDS;
use patron_api::{validate, Brand, Locale, Localized, Module, SiteSettings};
use serde::Deserialize;

use crate::error::{ContentProblem, StartupError};
use crate::sites;

pub const SITE_FILE: &str = "site.yaml";

/// `SiteSettings` minus `site` (the folder name). Unknown keys are errors, so a typo such as
/// `kiosk_idle_secs` is reported instead of silently falling back to a default.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteFile {
    #[serde(with = "LocalizedDef")]
    name: Localized,
    #[serde(default)]
    logo_url: Option<String>,
    #[serde(with = "BrandDef")]
    brand: Brand,
    #[serde(with = "LocalizedDef", default)]
    greeting: Localized,
    modules: Vec<Module>,
    locales: Vec<Locale>,
    default_locale: Locale,
    allowed_origins: Vec<String>,
    #[serde(default = "default_kiosk_idle")]
    kiosk_idle_seconds: u32,
}

fn default_kiosk_idle() -> u32 {
    KIOSK_IDLE_DEFAULT_SECONDS
}

// Serde "remote" mirrors of the api types, to reject unknown keys such as `zh-cn:` in files.
// The derive checks the field list against the real types, so the two cannot drift apart.
#[derive(Deserialize)]
#[serde(remote = "Localized", deny_unknown_fields)]
struct LocalizedDef {
    #[serde(rename = "zh-CN", default)]
    zh_cn: Option<String>,
    #[serde(rename = "zh-TW", default)]
    zh_tw: Option<String>,
    #[serde(default)]
    en: Option<String>,
}

#[derive(Deserialize)]
#[serde(remote = "Brand", deny_unknown_fields)]
struct BrandDef {
    primary: String,
    on_primary: String,
}

impl SiteFile {
    fn into_settings(self, site: String) -> SiteSettings {
        SiteSettings {
            site,
            name: self.name,
            logo_url: self.logo_url,
            brand: self.brand,
            greeting: self.greeting,
            modules: self.modules,
            locales: self.locales,
            default_locale: self.default_locale,
            allowed_origins: self.allowed_origins,
            kiosk_idle_seconds: self.kiosk_idle_seconds,
        }
    }
}

/// Loads every site under `dir`, sorted by id. A missing `dir` means no sites.
pub fn load_sites(dir: &Path) -> Result<Vec<SiteSettings>, StartupError> {
    if !dir.is_dir() {
        tracing::warn!(dir = %dir.display(), "content directory not found; no sites loaded");
        return Ok(Vec::new());
    }
    let io_err = |source| StartupError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut folders: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io_err)?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.join(SITE_FILE).is_file())
        .collect();
    folders.sort();

    let mut sites = Vec::new();
    let mut problems = Vec::new();
    for folder in folders {
        match load_site(&folder) {
            Ok(site) => sites.push(site),
            Err(problem) => problems.push(problem),
        }
    }
    if problems.is_empty() {
        Ok(sites)
    } else {
        Err(StartupError::Content(problems))
    }
}

fn load_site(folder: &Path) -> Result<SiteSettings, ContentProblem> {
    let path = folder.join(SITE_FILE);
    let fail = |problems: Vec<String>| ContentProblem {
        path: path.clone(),
        problems,
    };
    let site = folder
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_owned();
    if let Err(v) = validate::site_id(&site) {
        return Err(fail(vec![format!(
            "folder name {site:?} is not a valid site id: {}",
            v.message
        )]));
    }
    let text = std::fs::read_to_string(&path).map_err(|e| fail(vec![e.to_string()]))?;
    let settings = parse_site(&site, &text).map_err(fail)?;
    Ok(settings)
}

/// Parses and validates one `site.yaml`; the errors are one line per broken rule.
pub fn parse_site(site: &str, yaml: &str) -> Result<SiteSettings, Vec<String>> {
    let file: SiteFile = serde_yaml_ng::from_str(yaml).map_err(|e| vec![e.to_string()])?;
    let settings = file.into_settings(site.to_owned());
    settings.validate().map_err(|errs| sites::describe(&errs))?;
    Ok(settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r##"
name: { zh-CN: 明家生活, en: Mingjia Home }
brand: { primary: "#b3261e", on_primary: "#ffffff" }
modules: [faq, points]
locales: [zh-CN, en]
default_locale: zh-CN
allowed_origins: ["http://localhost:8080"]
"##;

    #[test]
    fn parses_with_defaults() {
        let s = parse_site("demo", GOOD).expect("valid");
        assert_eq!(s.site, "demo");
        assert_eq!(s.kiosk_idle_seconds, KIOSK_IDLE_DEFAULT_SECONDS);
        assert!(s.greeting.is_empty());
        assert_eq!(s.name.get_exact(Locale::En), Some("Mingjia Home"));
    }

    #[test]
    fn rejects_unknown_keys_at_every_level() {
        let top = format!("{GOOD}colour: red\n");
        assert!(parse_site("demo", &top).expect_err("unknown")[0].contains("colour"));
        let nested = GOOD.replace("en: Mingjia Home", "fr: Maison");
        assert!(parse_site("demo", &nested).expect_err("unknown")[0].contains("fr"));
    }

    #[test]
    fn reports_every_broken_rule() {
        let bad = GOOD
            .replace("#b3261e", "red")
            .replace("default_locale: zh-CN", "default_locale: zh-TW");
        let errs = parse_site("demo", &bad).expect_err("invalid");
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(errs[0].starts_with("brand.primary"));
        assert!(errs[1].starts_with("default_locale"));
    }
}
