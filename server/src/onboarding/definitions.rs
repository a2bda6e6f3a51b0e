//! Pack files: `content/<site>/onboarding/*.yaml` (one pack per file), whose format (and the
//! admin API's) is `patron_api::onboarding::admin`; reading one with every problem on its
//! line, checking selectors as a browser would, and rendering a pack in one locale.
//!
//! ```yaml
//! id: welcome
//! title: { zh-CN: 新手指南, zh-TW: 新手指南, en: Getting started }
//! description: { zh-CN: …, en: … }          # optional
//! audience:                                # any one matching is enough
//!   anonymous_first_visit: true            # not signed in, first visit on this device
//!   members_joined_within_days: 30         # members who joined in the last 30 days
//!   member_tiers: [silver, gold]           # tier ids of loyalty.yaml
//!   kiosk: true                            # everyone on a kiosk
//!   everyone: true
//! reward_points: 200                       # optional: credited once to a member who finishes
//! active: true                             # optional; false hides the pack
//! steps:
//!   - id: track-order
//!     title: { … }
//!     body: { zh-CN: "Markdown …", … }     # optional, sanitised when rendered
//!     image: /assets/demo/track.png        # optional: https:// or a path on Patron
//!     action: { kind: faq, article: track-order }
//!     # or { kind: url, url: /account/orders }
//!     # or { kind: highlight, selector: ".shop-member", text: { … } }
//!     # or none (the default): read and mark as done
//!     completes_on: first_order            # optional host event that completes the step
//! ```
//!
//! A text needs the site's default locale; a missing translation into another locale the
//! site offers is not an error: the default locale's text is shown, and the import reports it
//! (a warning naming the file and the field).

use patron_api::onboarding::{self, Action, Pack, Progress, Step};
use patron_api::validate::FieldErrors;
use patron_api::{Locale, Localized};

use crate::content::{markdown, yaml};
pub use patron_api::onboarding::admin::*;

/// The folder of a site's pack files.
pub const DIR: &str = "onboarding";

/// The pack as the widget shows it, in `locale` (else the site's default); step bodies
/// are rendered from Markdown and sanitised.
pub fn render(
    pack: &PackDef,
    locale: Locale,
    default: Locale,
    progress: Progress,
    member: bool,
) -> Pack {
    let text = |t: &Localized| t.get(locale, default).to_owned();
    Pack {
        id: pack.id.clone(),
        title: text(&pack.title),
        description: pack.description.as_ref().map(text).unwrap_or_default(),
        reward_points: pack.reward_points,
        sign_in_to_earn: pack.reward_points.is_some() && !member,
        steps: pack
            .steps
            .iter()
            .map(|s| Step {
                id: s.id.clone(),
                title: text(&s.title),
                body_html: s
                    .body
                    .as_ref()
                    .map(|b| markdown::render(&text(b)))
                    .unwrap_or_default(),
                image: s.image.clone(),
                action: match &s.action {
                    ActionDef::None => Action::None,
                    ActionDef::Faq { article } => Action::Faq {
                        article: article.clone(),
                    },
                    ActionDef::Url { url } => Action::Url { url: url.clone() },
                    ActionDef::Highlight { selector, text: t } => Action::Highlight {
                        selector: selector.clone(),
                        text: text(t),
                    },
                },
                completes_on: s.completes_on.clone(),
            })
            .collect(),
        progress,
    }
}

/// Parses `selector` as the browser's `querySelector` would (a selector list, no
/// pseudo-elements), with Servo's selector parser; the error says what is wrong.
pub fn check_selector(selector: &str) -> Result<(), String> {
    onboarding::selector_text(selector).map_err(|v| v.message)?;
    scraper::Selector::parse(selector)
        .map(drop)
        .map_err(|e| format!("{selector:?} is not a valid CSS selector: {e}"))
}

/// Parses and checks one pack file. Problems are one line each, naming the line and the
/// field (and, for a step, the step's id).
pub fn parse_file(
    yaml: &str,
    site: &SiteContext,
) -> Result<(PackDef, Vec<MissingTranslation>), Vec<String>> {
    let file = yaml::parse::<PackDef>(yaml)?;
    let pack = file.value;
    let mut errs = FieldErrors::default();
    let missing = pack.check("", site, &mut errs);
    if errs.0.is_empty() {
        return Ok((pack, missing));
    }
    Err(file.lines.describe_with(&errs, |e| {
        step_of(&pack, &e.field)
            .map(|id| format!("step {id:?}: "))
            .unwrap_or_default()
    }))
}

/// The id of the step a field path such as `steps[1].action.selector` is in.
fn step_of<'a>(pack: &'a PackDef, field: &str) -> Option<&'a str> {
    let index: usize = field
        .strip_prefix("steps[")?
        .split(']')
        .next()?
        .parse()
        .ok()?;
    pack.steps.get(index).map(|s| s.id.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use patron_api::FieldCode;

    pub const SAMPLE: &str = r##"
id: welcome
title: { zh-CN: 新手指南, zh-TW: 新手指南, en: Getting started }
description: { zh-CN: 四步了解购物, en: Four steps to shopping with us }
audience: { anonymous_first_visit: true, kiosk: true }
steps:
  - id: track
    title: { zh-CN: 查物流, zh-TW: 查物流, en: Track your order }
    body: { zh-CN: "在 **我的订单** 查看<script>alert(1)</script>", en: "Open **My orders**" }
    action: { kind: faq, article: track-order }
  - id: price
    title: { zh-CN: 会员价, zh-TW: 會員價, en: Member price }
    action:
      kind: highlight
      selector: ".shop-member"
      text: { zh-CN: 这里是会员价, zh-TW: 這裡是會員價, en: This is the member price }
  - id: cart
    title: { zh-CN: 加入购物车, zh-TW: 加入購物車, en: Add to cart }
    image: /assets/demo/cart.png
    completes_on: add_to_cart
"##;

    fn site() -> SiteContext {
        SiteContext {
            default_locale: Locale::ZhCn,
            locales: Locale::ALL.to_vec(),
            tiers: Some(vec!["member".into(), "silver".into(), "gold".into()]),
            check_selector,
        }
    }

    fn fields(errs: &[String]) -> Vec<String> {
        // `[line N: step "x": ]field (code): message`
        errs.iter()
            .map(|e| {
                let head = e.split(" (").next().unwrap_or(e);
                head.rsplit(": ").next().unwrap_or(head).to_owned()
            })
            .collect()
    }

    #[test]
    fn parses_renders_and_reports_missing_translations() {
        let (pack, missing) = parse_file(SAMPLE, &site()).expect("valid");
        assert_eq!(pack.steps.len(), 3);
        assert!(pack.active);
        let missing: Vec<String> = missing.iter().map(|m| m.describe(Locale::ZhCn)).collect();
        assert_eq!(
            missing,
            [
                "description: no zh-TW text; the zh-CN text is shown instead",
                "steps[0].body: no zh-TW text; the zh-CN text is shown instead",
            ]
        );
        let tw = render(
            &pack,
            Locale::ZhTw,
            Locale::ZhCn,
            Progress::default(),
            false,
        );
        assert_eq!(tw.title, "新手指南");
        assert_eq!(tw.description, "四步了解购物", "falls back to zh-CN");
        assert!(tw.steps[0].body_html.contains("<strong>我的订单</strong>"));
        assert!(!tw.steps[0].body_html.contains("script"));
        assert_eq!(
            tw.steps[1].action,
            Action::Highlight {
                selector: ".shop-member".into(),
                text: "這裡是會員價".into()
            }
        );
        assert_eq!(tw.steps[2].completes_on.as_deref(), Some("add_to_cart"));
        assert_eq!(tw.steps[2].body_html, "");
        assert!(!tw.sign_in_to_earn, "no reward, nothing to earn");
        // The stored JSON reads back to the same thing.
        let json = serde_json::to_string(&pack).expect("json");
        assert_eq!(serde_json::from_str::<PackDef>(&json).expect("back"), pack);
    }

    #[test]
    fn selectors_are_parsed_for_real() {
        for good in [
            ".shop-member",
            "#buy > button.primary",
            "ul li:nth-child(2n+1)",
            "a[href^='https']",
            "main :is(h1, h2)",
            "p:not(.x), div",
        ] {
            assert!(check_selector(good).is_ok(), "{good}");
        }
        for bad in [
            "..shop-member",
            "div >",
            "a[href=]",
            "p::before",
            "#",
            ":nth-child(x)",
            "",
            "<p>",
        ] {
            assert!(check_selector(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_invalid_selector_names_the_step_and_its_line() {
        let bad = SAMPLE.replace("\".shop-member\"", "\".shop-member[\"");
        let errs = parse_file(&bad, &site()).expect_err("invalid");
        assert_eq!(errs.len(), 1, "{errs:?}");
        let line = bad
            .lines()
            .position(|l| l.contains(".shop-member["))
            .expect("line")
            + 1;
        assert!(
            errs[0].starts_with(&format!(
                "line {line}: step \"price\": steps[1].action.selector (invalid_selector)"
            )),
            "{errs:?}"
        );
    }

    #[test]
    fn every_rule_is_checked() {
        let bad = SAMPLE
            .replace("id: welcome", "id: Welcome")
            .replace(
                "audience: { anonymous_first_visit: true, kiosk: true }",
                "audience: {}\nreward_points: 0",
            )
            .replace("article: track-order", "article: \"track order\"")
            .replace("id: cart", "id: track")
            .replace("/assets/demo/cart.png", "javascript:alert(1)")
            .replace("completes_on: add_to_cart", "completes_on: add to cart");
        let errs = parse_file(&bad, &site()).expect_err("invalid");
        assert_eq!(
            fields(&errs),
            [
                "id",
                "audience",
                "reward_points",
                "steps[0].action.article",
                "steps[2].id",
                "steps[2].image",
                "steps[2].completes_on",
            ],
            "{errs:?}"
        );
        let no_default = SAMPLE.replace("title: { zh-CN: 新手指南, ", "title: { ");
        let errs = parse_file(&no_default, &site()).expect_err("invalid");
        assert!(errs[0].starts_with("line 3: title (required)"), "{errs:?}");
        let typo = SAMPLE.replace("completes_on:", "complete_on:");
        let errs = parse_file(&typo, &site()).expect_err("invalid");
        assert!(errs[0].contains("complete_on"), "{errs:?}");
    }

    #[test]
    fn audiences_check_tiers_and_the_points_programme() {
        let tiers = SAMPLE.replace(
            "audience: { anonymous_first_visit: true, kiosk: true }",
            "audience: { member_tiers: [gold, diamond], members_joined_within_days: 0 }\nreward_points: 200",
        );
        let errs = parse_file(&tiers, &site()).expect_err("invalid");
        assert_eq!(
            fields(&errs),
            [
                "audience.members_joined_within_days",
                "audience.member_tiers"
            ],
            "{errs:?}"
        );
        assert!(errs[1].contains("diamond"), "{errs:?}");
        let no_programme = SiteContext {
            tiers: None,
            ..site()
        };
        let errs = parse_file(&tiers, &no_programme).expect_err("invalid");
        assert_eq!(
            fields(&errs),
            [
                "audience.members_joined_within_days",
                "audience.member_tiers",
                "reward_points"
            ],
            "{errs:?}"
        );
    }

    #[test]
    fn a_list_of_packs_needs_unique_ids() {
        let (pack, _) = parse_file(SAMPLE, &site()).expect("valid");
        let errs = check_all(&[pack.clone(), pack], &site()).expect_err("duplicate");
        assert_eq!(errs.0.len(), 1);
        assert_eq!(errs.0[0].field, "packs[1].id");
        assert_eq!(errs.0[0].code, FieldCode::Duplicate);
    }

    #[test]
    fn the_demo_packs_are_valid_and_fully_translated() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content/demo");
        let mut ids = Vec::new();
        for name in ["welcome.yaml", "member-starter.yaml"] {
            let text = std::fs::read_to_string(dir.join(DIR).join(name)).expect("demo pack");
            let (pack, missing) = parse_file(&text, &site()).expect("valid");
            assert!(missing.is_empty(), "{name}: {missing:?}");
            for step in &pack.steps {
                if let ActionDef::Faq { article } = &step.action {
                    let file = dir.join("faq").join(format!("{article}.zh-CN.md"));
                    assert!(file.is_file(), "{name}: no FAQ article {article}");
                }
            }
            ids.push(pack.id);
        }
        assert_eq!(ids, ["welcome", "member-starter"]);
    }
}
