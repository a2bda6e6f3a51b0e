//! Site content on disk: `<content-dir>/<site>/site.yaml` holds a site's public settings,
//! plus server-side keys kept out of them: `admin_key_sha256`, the SHA-256 (64 hex digits)
//! of the site's admin key for `/v1/admin/sites/<site>/…` (the key itself is never stored),
//! where the member token secret is kept, and `owners` (files or the admin API, per kind; see
//! `owners`). Each feature reads its own files beside it (`faq/`, `surveys.yaml`,
//! `loyalty.yaml`, `onboarding/`).
//!
//! Every file is checked before anything is stored, and all problems in all files are
//! reported together so an author fixes the content in one pass.

use patron_api::FieldCode;
use std::path::{Path, PathBuf};

use patron_api::privacy::Retention;
use patron_api::settings::KIOSK_IDLE_DEFAULT_SECONDS;
use patron_api::{validate, Brand, ColorScheme, Locale, Localized, Module, SiteSettings};
use serde::Deserialize;

use crate::auth::token::{load_secret, MemberSecret};
use crate::content::imports::{sha256_hex, Stamp};
use crate::content::owners::Owners;
use crate::content::yaml;
use crate::error::{ContentProblem, StartupError};
use crate::period::{Reporting, DEFAULT_TIME_ZONE};
use crate::rate_limit::SiteBudgets;
use patron_api::console::overview::Targets;
use patron_api::validate::FieldErrors;

pub const SITE_FILE: &str = "site.yaml";

/// `SiteSettings` minus `site` (the folder name). Unknown keys are errors, so a typo such as
/// `kiosk_idle_secs` is reported instead of silently falling back to a default.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteFile {
    name: Localized,
    #[serde(default)]
    logo_url: Option<String>,
    #[serde(with = "BrandDef")]
    brand: Brand,
    #[serde(default)]
    greeting: Localized,
    modules: Vec<Module>,
    locales: Vec<Locale>,
    default_locale: Locale,
    allowed_origins: Vec<String>,
    #[serde(default = "default_kiosk_idle")]
    kiosk_idle_seconds: u32,
    #[serde(default)]
    color_scheme: ColorScheme,
    /// Server-side only: never part of the public `SiteSettings`.
    #[serde(default)]
    admin_key_sha256: Option<String>,
    /// Server-side only: where the HS256 secret for member tokens is kept (an environment
    /// variable, or a file relative to the site folder), never the secret itself.
    #[serde(default)]
    member_token_secret_env: Option<String>,
    #[serde(default)]
    member_token_secret_file: Option<String>,
    /// Server-side only: who owns each kind of the site's configuration.
    #[serde(default)]
    owners: Owners,
    /// Server-side only: how long raw logs are kept (`privacy::retention`).
    #[serde(default)]
    retention: Retention,
    /// Server-side only: this site's own request budgets (`rate_limit::SiteBudgets`).
    #[serde(default)]
    rate_limits: SiteBudgets,
    /// Server-side only: the IANA zone the console's days and weeks are in.
    #[serde(default)]
    time_zone: Option<String>,
    /// Server-side only: the service targets the console's overview compares with.
    #[serde(default)]
    targets: TargetsFile,
}

/// `targets:` in site.yaml; each one unset is the default (`Targets::default()`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetsFile {
    #[serde(default)]
    nps: Option<f64>,
    #[serde(default)]
    csat: Option<f64>,
    #[serde(default)]
    fcr: Option<f64>,
}

impl TargetsFile {
    fn targets(&self, errs: &mut FieldErrors) -> Targets {
        let default = Targets::default();
        let mut check =
            |field: &str, value: Option<f64>, min: f64, max: f64, fallback: f64| match value {
                Some(v) if !(min..=max).contains(&v) => {
                    errs.push(
                        field,
                        FieldCode::OutOfRange,
                        format!("{field} is between {min} and {max}"),
                    );
                    fallback
                }
                Some(v) => v,
                None => fallback,
            };
        Targets {
            nps: check("targets.nps", self.nps, -100.0, 100.0, default.nps),
            csat: check("targets.csat", self.csat, 1.0, 5.0, default.csat),
            fcr: check("targets.fcr", self.fcr, 0.0, 1.0, default.fcr),
        }
    }
}

/// The keys of site.yaml that are not settings: changing them does not make the settings
/// count as changed (rotating the admin key must not revert settings edited through the API).
const SERVER_SIDE_KEYS: [&str; 8] = [
    "admin_key_sha256",
    "member_token_secret_env",
    "member_token_secret_file",
    "owners",
    "retention",
    "rate_limits",
    "time_zone",
    "targets",
];

/// A site as loaded from its folder.
#[derive(Debug, Clone)]
pub struct SiteEntry {
    pub settings: SiteSettings,
    /// Lowercase hex SHA-256 of the site's admin key, if the site has one.
    pub admin_key_sha256: Option<String>,
    /// The secret member tokens are signed with, if the site accepts them.
    pub member_token_secret: Option<MemberSecret>,
    pub owners: Owners,
    /// `site.yaml` and the SHA-256 of its settings keys (comments, layout and the
    /// server-side keys do not count).
    pub stamp: Stamp,
    /// How long the site keeps raw logs (`retention:`, defaults when absent).
    pub retention: Retention,
    /// Request budgets the site sets itself; unset ones are the server's.
    pub rate_limits: SiteBudgets,
    /// The console's time zone and targets (`time_zone:`, `targets:`).
    pub reporting: Reporting,
}

fn default_kiosk_idle() -> u32 {
    KIOSK_IDLE_DEFAULT_SECONDS
}

// A serde "remote" mirror of the api type, to reject unknown keys such as `colour:` in files.
// The derive checks the field list against the real type, so the two cannot drift apart.
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
            color_scheme: self.color_scheme,
        }
    }
}

/// Loads every site under `dir`, sorted by id. A missing `dir` means no sites.
pub fn load_sites(dir: &Path) -> Result<Vec<SiteSettings>, StartupError> {
    Ok(load_site_entries(dir)?
        .into_iter()
        .map(|e| e.settings)
        .collect())
}

/// Like `load_sites`, with each site's server-side admin key digest.
pub fn load_site_entries(dir: &Path) -> Result<Vec<SiteEntry>, StartupError> {
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

fn load_site(folder: &Path) -> Result<SiteEntry, ContentProblem> {
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
    parse_site_in(&site, &text, folder).map_err(fail)
}

/// The SHA-256 of what site.yaml says about settings: its keys but the server-side ones, as
/// sorted JSON, read without Patron's types so that a new server version does not count an
/// unchanged file as changed. Text that does not read that way is hashed as it is.
pub fn settings_sha256(yaml_text: &str) -> String {
    let canonical = serde_yaml_ng::from_str::<serde_yaml_ng::Mapping>(yaml_text)
        .ok()
        .and_then(|mut keys| {
            for key in SERVER_SIDE_KEYS {
                keys.remove(key);
            }
            serde_json::to_value(&keys).ok()
        })
        .map(|json| json.to_string());
    sha256_hex(canonical.as_deref().unwrap_or(yaml_text).as_bytes())
}

/// Parses and validates one `site.yaml`; the errors are one line per broken rule.
pub fn parse_site(site: &str, yaml: &str) -> Result<SiteSettings, Vec<String>> {
    parse_site_entry(site, yaml).map(|e| e.settings)
}

/// `parse_site` plus the admin key digest (and the member token secret, with a secret file
/// relative to the working directory).
pub fn parse_site_entry(site: &str, yaml: &str) -> Result<SiteEntry, Vec<String>> {
    parse_site_in(site, yaml, Path::new("."))
}

fn parse_site_in(site: &str, yaml: &str, folder: &Path) -> Result<SiteEntry, Vec<String>> {
    let parsed = yaml::parse::<SiteFile>(yaml)?;
    let (mut file, lines) = (parsed.value, parsed.lines);
    let owners = file.owners;
    let stamp = Stamp {
        path: SITE_FILE.to_owned(),
        sha256: settings_sha256(yaml),
    };
    let member_token_secret = load_secret(
        file.member_token_secret_env.take().as_deref(),
        file.member_token_secret_file.take().as_deref(),
        folder,
    );
    let admin_key_sha256 = file
        .admin_key_sha256
        .take()
        .map(|h| h.trim().to_ascii_lowercase());
    let retention = file.retention;
    let rate_limits = std::mem::take(&mut file.rate_limits);
    let time_zone = file.time_zone.take();
    let targets_file = std::mem::take(&mut file.targets);
    let settings = file.into_settings(site.to_owned());
    let mut errs = settings.validate().err().unwrap_or_default();
    let targets = targets_file.targets(&mut errs);
    let reporting = match Reporting::new(time_zone.as_deref().unwrap_or(DEFAULT_TIME_ZONE), targets)
    {
        Ok(r) => r,
        Err(message) => {
            errs.push("time_zone", FieldCode::InvalidFormat, message);
            Reporting::default()
        }
    };
    if let Err(e) = retention.validate() {
        errs.0.extend(e.0);
    }
    if let Some(h) = &admin_key_sha256 {
        if h.len() != 64 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
            errs.push(
                "admin_key_sha256",
                FieldCode::InvalidFormat,
                "the SHA-256 of the admin key, 64 hex digits",
            );
        }
    }
    let member_token_secret = member_token_secret.unwrap_or_else(|problem| {
        errs.push(problem.field, FieldCode::Unreadable, problem.message);
        None
    });
    if errs.0.is_empty() {
        Ok(SiteEntry {
            settings,
            admin_key_sha256,
            member_token_secret,
            owners,
            stamp,
            retention,
            rate_limits,
            reporting,
        })
    } else {
        Err(lines.describe(&errs))
    }
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
    fn admin_key_digest_stays_server_side() {
        let digest = "AB".repeat(32);
        let e = parse_site_entry("demo", &format!("{GOOD}admin_key_sha256: {digest}\n"))
            .expect("valid");
        assert_eq!(
            e.admin_key_sha256.as_deref(),
            Some("ab".repeat(32).as_str())
        );
        let json = serde_json::to_string(&e.settings).expect("json");
        assert!(!json.contains("admin_key"), "{json}");
        let bad = parse_site_entry("demo", &format!("{GOOD}admin_key_sha256: secret\n"));
        assert!(bad.expect_err("invalid")[0].starts_with("line 8: admin_key_sha256"));
    }

    #[test]
    fn owners_default_to_the_api_and_reject_unknown_kinds() {
        use crate::content::owners::{Kind, Owner};
        let e = parse_site_entry("demo", GOOD).expect("valid");
        assert!(Kind::ALL.iter().all(|k| e.owners.of(*k) == Owner::Api));
        let e =
            parse_site_entry("demo", &format!("{GOOD}owners: {{ faq: files }}\n")).expect("valid");
        assert_eq!(e.owners.of(Kind::Faq), Owner::Files);
        assert_eq!(e.owners.of(Kind::Surveys), Owner::Api);
        let typo = parse_site_entry("demo", &format!("{GOOD}owners: {{ articles: files }}\n"));
        assert!(typo.expect_err("unknown")[0].contains("articles"));
        let bad = parse_site_entry("demo", &format!("{GOOD}owners: {{ faq: git }}\n"));
        assert!(bad.expect_err("unknown")[0].contains("git"));
    }

    #[test]
    fn only_the_settings_keys_count_as_a_change_of_settings() {
        let base = settings_sha256(GOOD);
        let server_side = format!(
            "# a comment\n{GOOD}admin_key_sha256: {}\nowners: {{ faq: files }}\n\
             member_token_secret_env: PATRON_X\n",
            "ab".repeat(32)
        );
        assert_eq!(settings_sha256(&server_side), base);
        let reordered = GOOD.replace(
            "modules: [faq, points]\nlocales: [zh-CN, en]",
            "locales: [zh-CN, en]\nmodules: [faq, points]",
        );
        assert_ne!(reordered, GOOD);
        assert_eq!(settings_sha256(&reordered), base);
        assert_ne!(
            settings_sha256(&GOOD.replace("Mingjia Home", "Mingjia")),
            base
        );
    }

    #[test]
    fn retention_is_optional_server_side_and_checked() {
        let e = parse_site_entry("demo", GOOD).expect("valid");
        assert_eq!(e.retention, Retention::default());
        let e = parse_site_entry(
            "demo",
            &format!("{GOOD}retention: {{ searches_days: 30 }}\n"),
        )
        .expect("valid");
        assert_eq!(e.retention.searches_days, 30);
        assert_eq!(e.retention.contacts_days, 365);
        let json = serde_json::to_string(&e.settings).expect("json");
        assert!(!json.contains("retention"), "{json}");
        let bad = parse_site_entry("demo", &format!("{GOOD}retention:\n  contacts_days: 0\n"));
        let errs = bad.expect_err("invalid");
        assert!(
            errs[0].starts_with("line 9: retention.contacts_days"),
            "{errs:?}"
        );
        let typo = parse_site_entry("demo", &format!("{GOOD}retention: {{ search_days: 30 }}\n"));
        assert!(typo.expect_err("unknown")[0].contains("search_days"));
    }

    #[test]
    fn a_site_may_set_its_own_rate_limits() {
        let e = parse_site_entry(
            "demo",
            &format!("{GOOD}rate_limits:\n  client_reads: 6000/min burst 1200\n"),
        )
        .expect("valid");
        assert_eq!(
            e.rate_limits.client_reads.map(|b| b.to_string()).as_deref(),
            Some("6000/min burst 1200")
        );
        assert_eq!(e.rate_limits.site_writes, None);
        let bad = parse_site_entry("demo", &format!("{GOOD}rate_limits:\n  reads: 10/min\n"));
        assert!(bad.expect_err("unknown key")[0].contains("reads"));
        let bad = parse_site_entry(
            "demo",
            &format!("{GOOD}rate_limits:\n  client_reads: lots\n"),
        );
        assert!(bad.expect_err("bad budget")[0].contains("COUNT/min"));
    }

    #[test]
    fn time_zone_and_targets_are_server_side_with_defaults() {
        let e = parse_site_entry("demo", GOOD).expect("valid");
        assert_eq!(e.reporting.time_zone, "Asia/Shanghai");
        assert_eq!(e.reporting.targets, Targets::default());
        let e = parse_site_entry(
            "demo",
            &format!("{GOOD}time_zone: Europe/Berlin\ntargets: {{ nps: 40, fcr: 0.9 }}\n"),
        )
        .expect("valid");
        assert_eq!(e.reporting.time_zone, "Europe/Berlin");
        assert_eq!(e.reporting.targets.nps, 40.0);
        assert_eq!(e.reporting.targets.csat, 4.3);
        assert_eq!(e.reporting.targets.fcr, 0.9);
        assert_eq!(
            settings_sha256(&format!("{GOOD}time_zone: Europe/Berlin\n")),
            settings_sha256(GOOD)
        );
        let bad = parse_site_entry("demo", &format!("{GOOD}time_zone: Europe/Atlantis\n"));
        let errs = bad.expect_err("unknown zone");
        assert!(errs[0].starts_with("line 8: time_zone"), "{errs:?}");
        assert!(errs[0].contains("Europe/Atlantis"), "{errs:?}");
        let bad = parse_site_entry("demo", &format!("{GOOD}targets: {{ csat: 6 }}\n"));
        assert!(bad.expect_err("out of range")[0].contains("targets.csat"));
        let typo = parse_site_entry("demo", &format!("{GOOD}targets: {{ ces: 3 }}\n"));
        assert!(typo.expect_err("unknown")[0].contains("ces"));
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
        assert!(errs[0].starts_with("line 3: brand.primary"), "{errs:?}");
        assert!(errs[1].starts_with("line 6: default_locale"), "{errs:?}");
    }
}
