//! Survey definitions in files: `content/<site>/surveys.yaml`, whose format (and the admin
//! API's) is `patron_api::survey::admin`; reading it with every problem on its line, and the
//! webhook secret it names.
//!
//! ```yaml
//! cooldown_hours: 72            # site-wide: no two surveys for one customer closer than this
//! webhook:                      # detractor alerts (optional; file only, never via the API)
//!   url: https://hooks.example.com/patron
//!   secret_env: PATRON_DEMO_WEBHOOK_SECRET   # or secret_file: webhook-secret (in the site folder)
//! surveys:
//!   - id: csat-after-order
//!     kind: csat                # or nps
//!     question: { zh-CN: …, zh-TW: …, en: … }
//!     labels: { 1: {…}, 2: {…}, 3: {…}, 4: {…}, 5: {…} }   # NPS: 0 and 10 only
//!     follow_up: { detractor: {…}, passive: {…}, promoter: {…} }  # each optional
//!     thank_you: {…}
//!     triggers:                 # any one matching is enough; none: asked only directly
//!       - event: order_completed
//!       - faq_article_read: "*"           # or an article id / glob
//!       - contact_sent: true
//!       - page_url: "*/orders/*/done"     # glob, `*` is any text
//!       - { seconds_on_page: 30, page_url: "*/products/*" }
//!     sample_rate: 0.5          # share of customers ever asked, fixed per customer
//!     recontact_days: 30        # least gap between two asks of this survey (or after an answer)
//!     frequency: until_answered # once | until_answered | recurring | {max_times: 3}
//!     surfaces: [embed, page, kiosk]
//!     active: true
//! ```
//!
//! Every text needs the site's default locale (the fallback for the others).

use patron_api::Locale;

use crate::content::yaml;
pub use patron_api::survey::admin::*;

pub const FILE: &str = "surveys.yaml";

pub use crate::webhooks::webhook_secret;

/// Parses and validates a `surveys.yaml`; each problem is `line N: field (code): message`.
pub fn parse_file(yaml: &str, default_locale: Locale) -> Result<SurveyConfig, Vec<String>> {
    let file = yaml::parse::<SurveyConfig>(yaml)?;
    file.value
        .validate(default_locale)
        .map_err(|errs| file.lines.describe(&errs))?;
    Ok(file.value)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub const SAMPLE: &str = r#"
cooldown_hours: 48
webhook:
  url: https://hooks.example.com/patron
  secret_env: PATRON_TEST_SECRET
surveys:
  - id: csat-after-order
    kind: csat
    question: { zh-CN: 您对这次购物满意吗?, en: How satisfied are you with your order? }
    labels:
      1: { zh-CN: 非常不满意, en: Very dissatisfied }
      2: { zh-CN: 不满意, en: Dissatisfied }
      3: { zh-CN: 一般, en: Neutral }
      4: { zh-CN: 满意, en: Satisfied }
      5: { zh-CN: 非常满意, en: Very satisfied }
    follow_up:
      detractor: { zh-CN: 哪里让您不满意?, en: What went wrong? }
    thank_you: { zh-CN: 谢谢!, en: Thank you! }
    triggers:
      - event: order_completed
      - { seconds_on_page: 30, page_url: "*/orders/*" }
    frequency: { max_times: 3 }
  - id: nps-quarterly
    kind: nps
    question: { zh-CN: 您有多大可能向朋友推荐我们?, en: How likely are you to recommend us? }
    labels:
      0: { zh-CN: 完全不可能, en: Not at all likely }
      10: { zh-CN: 极有可能, en: Extremely likely }
    thank_you: { zh-CN: 谢谢!, en: Thanks! }
    frequency: recurring
    recontact_days: 90
"#;

    #[test]
    fn parses_the_sample() {
        let c = parse_file(SAMPLE, Locale::ZhCn).expect("valid");
        assert_eq!(c.cooldown_hours, 48);
        assert_eq!(c.surveys.len(), 2);
        let csat = &c.surveys[0];
        assert_eq!(csat.frequency, Frequency::MaxTimes(3));
        assert_eq!(csat.sample_rate, 1.0);
        assert_eq!(csat.surfaces.len(), 3);
        assert_eq!(csat.triggers[1].seconds_on_page, Some(30));
        assert_eq!(c.surveys[1].frequency, Frequency::Recurring);
        // The stored JSON reads back to the same thing.
        let json = serde_json::to_string(&c).expect("json");
        assert_eq!(
            serde_json::from_str::<SurveyConfig>(&json).expect("back"),
            c
        );
    }

    #[test]
    fn renders_in_a_locale_with_fallback() {
        let c = parse_file(SAMPLE, Locale::ZhCn).expect("valid");
        let en = c.surveys[0].render(Locale::En, Locale::ZhCn, None);
        assert_eq!(en.locale, Locale::En);
        assert_eq!(en.labels.len(), 5);
        assert_eq!(en.labels[0].text, "Very dissatisfied");
        assert_eq!(en.follow_up.detractor.as_deref(), Some("What went wrong?"));
        assert_eq!(en.follow_up.promoter, None);
        let tw = c.surveys[0].render(Locale::ZhTw, Locale::ZhCn, None);
        assert_eq!(tw.locale, Locale::ZhCn);
        assert_eq!(tw.question, "您对这次购物满意吗?");
    }

    #[test]
    fn problems_name_their_line() {
        let bad = SAMPLE.replace("      10: { zh-CN: 极有可能", "      9: { zh-CN: 极有可能");
        let errs = parse_file(&bad, Locale::ZhCn).expect_err("invalid");
        assert_eq!(errs.len(), 1, "{errs:?}");
        // The second survey's `labels:` key.
        let id_line = SAMPLE
            .lines()
            .enumerate()
            .skip_while(|(_, l)| !l.contains("id: nps-quarterly"))
            .find(|(_, l)| l.trim() == "labels:")
            .expect("line")
            .0
            + 1;
        assert!(
            errs[0].starts_with(&format!("line {id_line}: surveys[1].labels")),
            "{errs:?}"
        );
        let typo = SAMPLE.replace("recontact_days: 90", "recontact_dayz: 90");
        let errs = parse_file(&typo, Locale::ZhCn).expect_err("invalid");
        let typo_line = typo
            .lines()
            .position(|l| l.contains("recontact_dayz"))
            .expect("line")
            + 1;
        assert!(
            errs[0].starts_with(&format!("line {typo_line}:")),
            "{errs:?}"
        );
        assert!(errs[0].contains("recontact_dayz"), "{errs:?}");
    }

    #[test]
    fn every_rule_is_checked() {
        let bad = SAMPLE
            .replace(
                "secret_env: PATRON_TEST_SECRET",
                "secret_file: ../../etc/passwd",
            )
            .replace(
                "frequency: { max_times: 3 }",
                "frequency: { max_times: 0 }\n    sample_rate: 1.5",
            )
            .replace(
                "- event: order_completed",
                "- { event: order_completed, contact_sent: true }",
            );
        let errs = parse_file(&bad, Locale::En).expect_err("invalid");
        let fields: Vec<&str> = errs
            .iter()
            .map(|e| e.split(' ').nth(2).unwrap_or(""))
            .collect();
        assert_eq!(
            fields,
            [
                "webhook.secret_file",
                "surveys[0].triggers[0]",
                "surveys[0].sample_rate",
                "surveys[0].frequency"
            ],
            "{errs:?}"
        );
        let zh_tw_default = parse_file(SAMPLE, Locale::ZhTw).expect_err("no zh-TW texts");
        assert!(zh_tw_default[0].contains("(zh-TW)"), "{zh_tw_default:?}");
    }

    #[test]
    fn the_demo_file_is_valid() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content/demo/surveys.yaml");
        let text = std::fs::read_to_string(&path).expect("demo surveys.yaml");
        let c = parse_file(&text, Locale::ZhCn).expect("valid");
        let ids: Vec<&str> = c.surveys.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "csat-after-order",
                "csat-after-contact",
                "nps-quarterly",
                "csat-shopping",
                "ces-returns",
                "nps-gold-service"
            ]
        );
        for s in &c.surveys {
            for l in Locale::ALL {
                assert!(s.question.get_exact(l).is_some(), "{} {l}", s.id);
                assert!(s.thank_you.get_exact(l).is_some(), "{} {l}", s.id);
            }
        }
        assert!(c
            .webhook
            .expect("webhook")
            .url
            .starts_with("http://127.0.0.1:"));
    }

    #[test]
    fn duplicate_ids_are_refused() {
        let dup = SAMPLE.replace("id: nps-quarterly", "id: csat-after-order");
        let errs = parse_file(&dup, Locale::ZhCn).expect_err("invalid");
        assert!(errs.iter().any(|e| e.contains("duplicate")), "{errs:?}");
    }
}
