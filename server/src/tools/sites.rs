//! `patron-server sites new SITE`: a new site's folder, ready to fill in. Every file it writes
//! is accepted by the server as it is (the templates hold commented examples), so the site
//! starts at once; its admin key is generated here, printed once, and only its SHA-256 is
//! written to site.yaml.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use base64::Engine;
use patron_api::validate;

use crate::auth::key_digest;

/// What `create` made.
#[derive(Debug)]
pub struct NewSite {
    /// The site's folder.
    pub dir: PathBuf,
    /// The admin key, never written anywhere: the caller shows it once.
    pub admin_key: String,
}

/// Writes `<content_dir>/<site>/` with a commented site.yaml, surveys.yaml and loyalty.yaml,
/// and faq/ and onboarding/ holding a note on their format. Refuses a malformed site id and
/// an existing folder (nothing is overwritten).
pub fn create(content_dir: &Path, site: &str) -> anyhow::Result<NewSite> {
    validate::site_id(site).map_err(|v| anyhow::anyhow!("site id {site:?}: {}", v.message))?;
    fs::create_dir_all(content_dir)
        .with_context(|| format!("creating {}", content_dir.display()))?;
    let dir = content_dir.join(site);
    // `create_dir` fails when the folder exists, so two runs cannot both write it.
    fs::create_dir(&dir).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => anyhow::anyhow!(
            "{} already exists: a site is never overwritten (choose another id, or remove the folder)",
            dir.display()
        ),
        _ => anyhow::Error::new(e).context(format!("creating {}", dir.display())),
    })?;
    let admin_key = new_admin_key();
    let files = [
        ("site.yaml", site_yaml(site, &key_digest(&admin_key))),
        (
            "surveys.yaml",
            commented(&surveys_header(site), SURVEYS_EXAMPLE),
        ),
        (
            "loyalty.yaml",
            commented(&loyalty_header(site), LOYALTY_EXAMPLE),
        ),
        ("faq/README.txt", FAQ_NOTE.replace("{site}", site)),
        (
            "onboarding/README.txt",
            ONBOARDING_NOTE.replace("{site}", site),
        ),
    ];
    for (name, text) in files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .with_context(|| format!("writing {}", path.display()))?;
        file.write_all(text.as_bytes())
            .with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(NewSite { dir, admin_key })
}

/// 32 random bytes from the operating system's generator, base64url without padding (43
/// characters, safe in a header and a shell).
fn new_admin_key() -> String {
    let bytes: [u8; 32] = rand::random();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// What `patron-server sites new` prints: where the site is, its key (once), what next.
pub fn report(site: &str, made: &NewSite) -> String {
    let dir = made.dir.display();
    format!(
        "Created site {site} in {dir}/: site.yaml, surveys.yaml, loyalty.yaml, faq/, onboarding/\n\
         \n\
         Admin key for /v1/admin/sites/{site}/… (shown only now; site.yaml keeps only its SHA-256):\n\
         \n\
         {key}\n\
         \n\
         Next: set name and allowed_origins in {dir}/site.yaml, start patron-server, and paste\n\
         the script tag into your shop (README.md, \"Setting up a new site\").\n",
        key = made.admin_key
    )
}

/// Every line of `example` commented out, after `header`.
fn commented(header: &str, example: &str) -> String {
    let body: String = example
        .lines()
        .map(|l| {
            if l.is_empty() {
                "#\n".to_owned()
            } else {
                format!("# {l}\n")
            }
        })
        .collect();
    format!("{header}{body}")
}

fn site_yaml(site: &str, admin_key_sha256: &str) -> String {
    SITE_TEMPLATE
        .replace("{site}", site)
        .replace("{SITE_ENV}", &site.to_ascii_uppercase().replace('-', "_"))
        .replace("{admin_key_sha256}", admin_key_sha256)
}

const SITE_TEMPLATE: &str = r##"# Site "{site}": what the widget shows and who may embed it. Patron reads this file at
# start-up; a mistake stops the server with the file, the line and the field named.
# Texts are given per locale: zh-CN, zh-TW, en.

# The name in the widget's header, in at least the default locale (up to 80 characters).
name: { zh-CN: {site}, en: {site} }
# Optional: a logo beside the name: an image in this folder's public/ (served at
# /assets/{site}/<file>) or an https:// URL.
# logo_url: /assets/{site}/logo.svg
# Brand colours, #rrggbb: the panel's header and buttons (primary) and the text on them.
# (The launcher on your shop takes data-color on the script tag, or boot's color.)
brand: { primary: "#1f5fbf", on_primary: "#ffffff" }
# Optional: the greeting on the home screen.
greeting: { zh-CN: 您好！有什么可以帮您？, en: "Hi! How can we help?" }
# The modules, in the order the home screen lists them: faq (articles in faq/), onboarding
# (guides in onboarding/), survey (surveys.yaml) and points (loyalty.yaml and a member token
# secret, below).
modules: [faq, onboarding, survey]
# The languages offered; shoppers in another language see the default one.
locales: [zh-CN, en]
default_locale: zh-CN
# The origins of the shop pages that may embed the widget: scheme://host[:port], no path
# (https://www.example.com, http://localhost:3000). Replace this one with your shop's; a page
# on any other origin can neither frame the widget nor command it.
allowed_origins: ["https://shop.example.com"]
# Kiosk mode only: seconds without a touch before the panel starts over (10 to 3600).
kiosk_idle_seconds: 90
# Light or dark colours: auto (the default) follows each shopper's device; light or dark
# forces one everywhere (the panel, the page mode, the kiosk and the host-page tour).
color_scheme: auto

# ---- Server-side keys: never sent to a browser. ----

# SHA-256 (64 hex digits) of this site's admin key, which opens /v1/admin/sites/{site}/… .
# The key itself is never stored: `patron-server sites new` printed it once. To set another:
#   key=$(openssl rand -base64 32 | tr '+/' '-_' | tr -d '=\n'); echo "$key"
#   printf %s "$key" | sha256sum
admin_key_sha256: {admin_key_sha256}

# Member points only: your backend signs member tokens (HS256 JWTs) with a secret of at least
# 32 bytes, named here and kept elsewhere: an environment variable, or a file in this folder.
# member_token_secret_env: PATRON_{SITE_ENV}_MEMBER_SECRET
# member_token_secret_file: member-token-secret

# Who owns each kind of configuration. api (the default): a file is imported when it is new
# or has changed since it was last imported, so what the admin API changed survives restarts.
# files: the files are the truth, imported at every start, and the admin API refuses to change
# that kind (409 managed_by_files).
owners:
  settings: api    # the settings above (the server-side keys are always read from here)
  surveys: api     # surveys.yaml
  onboarding: api  # onboarding/*.yaml
  loyalty: api     # loyalty.yaml
  faq: api         # faq/*.md
"##;

fn surveys_header(site: &str) -> String {
    format!(
        "# Surveys (NPS and CSAT) of site {site}. With nothing but comments here the site has no\n\
         # surveys yet: uncomment the example and make it yours, or send surveys to\n\
         # PUT /v1/admin/sites/{site}/surveys. Every text needs the site's default locale.\n\
         # A webhook secret_env must be named PATRON_ in capitals, digits and _ (the server\n\
         # refuses to start otherwise); secret_file is a file in this folder. The format in full:\n\
         # README.md, \"Surveys\", and content/demo/surveys.yaml.\n\
         #\n"
    )
}

const SURVEYS_EXAMPLE: &str = r#"cooldown_hours: 72            # no two surveys for one shopper closer than this
# webhook:                    # optional: detractor answers POSTed here, signed
#   url: https://hooks.example.com/patron
#   secret_env: PATRON_WEBHOOK_SECRET
surveys:
  - id: csat-after-order
    kind: csat                # 1 to 5; or nps, 0 to 10
    question: { zh-CN: 您对这次购物满意吗？, en: How satisfied are you with your order? }
    labels:
      1: { zh-CN: 非常不满意, en: Very dissatisfied }
      2: { zh-CN: 不满意, en: Dissatisfied }
      3: { zh-CN: 一般, en: Neutral }
      4: { zh-CN: 满意, en: Satisfied }
      5: { zh-CN: 非常满意, en: Very satisfied }
    follow_up:
      detractor: { zh-CN: 哪里让您不满意？, en: What went wrong? }
    thank_you: { zh-CN: 谢谢您的反馈！, en: Thank you for your feedback! }
    triggers:
      - event: order_completed  # patron('track', 'order_completed') on your page
    frequency: { max_times: 3 }
"#;

fn loyalty_header(site: &str) -> String {
    format!(
        "# The points programme of site {site}. With nothing but comments here the site has no\n\
         # programme: uncomment the example and make it yours (texts in every locale of the\n\
         # site), add `points` to modules in site.yaml, and name the member token secret there.\n\
         # Amounts here are whole units (yuan); the API speaks minor units (fen). The format in\n\
         # full: README.md, \"Member points\", and content/demo/loyalty.yaml.\n\
         #\n"
    )
}

const LOYALTY_EXAMPLE: &str = r#"currency: CNY
minor_units_per_unit: 100
points_per_unit: 1            # points per yuan, before the tier's multiplier
point_lifetime_months: 24     # points expire this long after they were earned
qualifying_window_months: 12  # tiers follow the spend of this many months
point_value_minor: 1          # what a point is worth, in fen
tiers:                        # lowest first; the first has min_spend 0
  - id: member
    name: { zh-CN: 会员, en: Member }
    min_spend: 0
    benefits:
      - { zh-CN: 每消费 1 元得 1 积分, en: 1 point for every ¥1 spent }
  - id: gold
    name: { zh-CN: 金卡会员, en: Gold }
    min_spend: 5000
    earn_multiplier_percent: 150
rewards:
  - id: coupon-20
    name: { zh-CN: 20 元优惠券, en: ¥20 coupon }
    cost: 2000
    stock: 100                # optional: how many can ever be redeemed
"#;

const FAQ_NOTE: &str = r#"Help articles of site {site}: one Markdown file per article and locale, named as you
like with the extension .md (subfolders are fine). Patron ignores this note.

Each file starts with front matter; `keywords` is optional:

---
id: returns-policy
locale: zh-CN
category: 退换货
title: 退货政策是什么？
keywords: [退货, 七天无理由]
---
签收后 7 天内可无理由退货。（Markdown）

The same id in another locale is the same article translated (returns-policy.en.md with
`locale: en`). Optional: synonyms.yaml in this folder lists words shoppers use for the same
thing, `- [保修, 保固]`. More: README.md, "Help (FAQ self-service)"; examples:
content/demo/faq/.
"#;

const ONBOARDING_NOTE: &str = r#"Onboarding guides of site {site}: one pack per file, <name>.yaml, offered in file-name
order. Patron ignores this note. A small pack:

id: welcome
title: { zh-CN: 新手指南, en: Getting started }
audience: { everyone: true }
steps:
  - id: track-order
    title: { zh-CN: 查询物流, en: Track your order }
    body: { zh-CN: 在 **我的订单** 里查看物流。, en: Open **My orders** to see where it is. }
    action: { kind: url, url: /account/orders }

More: README.md, "Onboarding packs"; examples: content/demo/onboarding/.
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load_site_entries;
    use crate::{faq, onboarding, points, surveys};

    fn body_after_header(text: &str) -> String {
        text.lines()
            .skip_while(|l| !l.starts_with("# cooldown_hours") && !l.starts_with("# currency"))
            .map(|l| l.strip_prefix("# ").unwrap_or(l.trim_start_matches('#')))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn a_new_site_is_accepted_as_written() {
        let tmp = tempfile::tempdir().expect("tmp");
        let content = tmp.path().join("content");
        let made = create(&content, "acme").expect("created");
        assert_eq!(made.dir, content.join("acme"));
        assert_eq!(made.admin_key.len(), 43, "32 bytes in base64url");

        let entries = load_site_entries(&content).expect("site.yaml is valid");
        let entry = &entries[0];
        assert_eq!(entry.settings.site, "acme");
        assert_eq!(
            entry.admin_key_sha256.as_deref(),
            Some(key_digest(&made.admin_key).as_str())
        );
        let text = fs::read_to_string(made.dir.join("site.yaml")).expect("read");
        assert!(
            !text.contains(&made.admin_key),
            "only the digest is written"
        );

        let sites = vec![entry.settings.clone()];
        assert!(surveys::load_files(&content, &sites)
            .expect("surveys")
            .is_empty());
        assert!(points::load_rules(&content, &entries)
            .expect("loyalty")
            .is_empty());
        let packs = onboarding::load_files(&content, &sites, &[]).expect("packs");
        assert!(packs[0].1.is_empty());
        let (articles, rejected) = faq::content::read_dir(&made.dir.join("faq")).expect("faq");
        assert!(articles.is_empty() && rejected.is_empty());
    }

    #[test]
    fn the_commented_examples_are_valid_once_uncommented() {
        let tmp = tempfile::tempdir().expect("tmp");
        let content = tmp.path().join("content");
        let made = create(&content, "acme").expect("created");
        let entries = load_site_entries(&content).expect("valid");
        let settings = &entries[0].settings;
        for (file, body) in [
            ("surveys.yaml", SURVEYS_EXAMPLE),
            ("loyalty.yaml", LOYALTY_EXAMPLE),
        ] {
            let written = fs::read_to_string(made.dir.join(file)).expect("read");
            assert_eq!(body_after_header(&written).trim(), body.trim(), "{file}");
        }
        let survey = surveys::definitions::parse_file(SURVEYS_EXAMPLE, settings.default_locale)
            .expect("the survey example parses");
        assert_eq!(survey.surveys.len(), 1);
        points::rules::parse_file(LOYALTY_EXAMPLE, &settings.locales)
            .expect("the loyalty example parses");
    }

    #[test]
    fn an_existing_site_is_never_overwritten() {
        let tmp = tempfile::tempdir().expect("tmp");
        let first = create(tmp.path(), "acme").expect("created");
        let before = fs::read_to_string(first.dir.join("site.yaml")).expect("read");
        let err = create(tmp.path(), "acme").expect_err("refused").to_string();
        assert!(err.contains("already exists"), "{err}");
        let after = fs::read_to_string(first.dir.join("site.yaml")).expect("read");
        assert_eq!(before, after);
        assert!(create(tmp.path(), "Bad Site").is_err());
    }

    #[test]
    fn keys_are_random() {
        assert_ne!(new_admin_key(), new_admin_key());
    }
}
