//! Who is asked what, when: pure rules, no I/O. The handler loads the subject's history and
//! the site's definitions and asks `choose`.

use std::collections::HashMap;

use patron_api::survey::{Surface, Trigger, TriggerKind};
use sha2::{Digest, Sha256};

use super::definitions::{Frequency, SurveyDef, TriggerDef};
use crate::auth::MemberId;

use crate::storage::{DAY_MS, HOUR_MS};
use crate::subject;

/// The key a customer is paced by: a verified member across devices, else the kiosk session
/// (so the next shopper starts afresh), else the device.
pub fn subject(
    member: Option<&MemberId>,
    surface: Surface,
    kiosk_session: Option<&str>,
    device_id: Option<&str>,
) -> String {
    match (member, surface, kiosk_session, device_id) {
        (Some(m), ..) => subject::member(&m.0),
        (None, Surface::Kiosk, Some(k), _) => subject::kiosk(k),
        (None, _, _, Some(d)) => subject::device(d),
        // Validation requires one of the two for the surface; a kiosk session outside a
        // kiosk still identifies someone.
        (None, _, Some(k), None) => subject::kiosk(k),
        (None, _, None, None) => "anonymous".to_owned(),
    }
}

/// What one subject has seen and answered of one survey.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SurveyHistory {
    pub displays: i64,
    pub last_display: Option<i64>,
    pub responses: i64,
    pub last_response: Option<i64>,
}

impl SurveyHistory {
    fn last_contact(&self) -> Option<i64> {
        self.last_display.max(self.last_response)
    }
}

/// A subject's history across the site's surveys.
#[derive(Debug, Clone, Default)]
pub struct History {
    pub surveys: HashMap<String, SurveyHistory>,
}

impl History {
    fn of(&self, survey: &str) -> SurveyHistory {
        self.surveys.get(survey).copied().unwrap_or_default()
    }

    /// The last time any survey was shown to or answered by the subject.
    fn last_contact(&self) -> Option<i64> {
        self.surveys
            .values()
            .filter_map(SurveyHistory::last_contact)
            .max()
    }
}

/// Why a survey is not shown; for logs and tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    Inactive,
    Surface,
    Trigger,
    Sample,
    Frequency,
    Recontact,
    Cooldown,
}

/// Whether `def` may be shown to this subject now. `direct` asks (the host named the
/// survey) skip the trigger and sample checks but never the pacing.
pub fn check(
    def: &SurveyDef,
    subject: &str,
    surface: Surface,
    trigger: &Trigger,
    history: &History,
    cooldown_hours: u32,
    now: i64,
) -> Result<(), Skip> {
    let direct = trigger.kind == TriggerKind::Direct;
    if !def.active {
        return Err(Skip::Inactive);
    }
    if !def.surfaces.contains(&surface) {
        return Err(Skip::Surface);
    }
    if !direct && !def.triggers.iter().any(|t| matches(t, trigger)) {
        return Err(Skip::Trigger);
    }
    if !direct && !in_sample(&def.id, subject, def.sample_rate) {
        return Err(Skip::Sample);
    }
    let mine = history.of(&def.id);
    let capped = match def.frequency {
        Frequency::Once => mine.displays > 0 || mine.responses > 0,
        Frequency::UntilAnswered => mine.responses > 0,
        Frequency::MaxTimes(n) => mine.displays.max(mine.responses) >= i64::from(n),
        Frequency::Recurring => false,
    };
    if capped {
        return Err(Skip::Frequency);
    }
    let recontact = i64::from(def.recontact_days) * DAY_MS;
    if mine.last_contact().is_some_and(|t| now - t < recontact) {
        return Err(Skip::Recontact);
    }
    let cooldown = i64::from(cooldown_hours) * HOUR_MS;
    if history.last_contact().is_some_and(|t| now - t < cooldown) {
        return Err(Skip::Cooldown);
    }
    Ok(())
}

/// The first survey (in definition order) that may be shown now.
pub fn choose<'a>(
    defs: impl IntoIterator<Item = &'a SurveyDef>,
    subject: &str,
    surface: Surface,
    trigger: &Trigger,
    history: &History,
    cooldown_hours: u32,
    now: i64,
) -> Option<&'a SurveyDef> {
    defs.into_iter().find(|d| {
        let verdict = check(d, subject, surface, trigger, history, cooldown_hours, now);
        if let Err(skip) = verdict {
            tracing::debug!(survey = %d.id, ?skip, "survey not eligible");
        }
        verdict.is_ok()
    })
}

/// Whether the subject falls in the survey's sample: a hash of survey and subject, so a
/// retry or a reload never re-rolls the dice, and different surveys sample independently.
pub fn in_sample(survey_id: &str, subject: &str, rate: f64) -> bool {
    if rate >= 1.0 {
        return true;
    }
    if rate <= 0.0 {
        return false;
    }
    let digest = Sha256::new()
        .chain_update(survey_id.as_bytes())
        .chain_update([0u8])
        .chain_update(subject.as_bytes())
        .finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    // The top 53 bits give a uniform value in [0, 1) that an f64 holds exactly.
    let unit = (u64::from_be_bytes(first) >> 11) as f64 / (1u64 << 53) as f64;
    unit < rate
}

/// Whether a configured trigger matches what happened.
pub fn matches(def: &TriggerDef, t: &Trigger) -> bool {
    match t.kind {
        TriggerKind::Event => def.event.is_some() && def.event == t.name,
        TriggerKind::FaqArticleRead => def
            .faq_article_read
            .as_deref()
            .is_some_and(|p| p == "*" || t.name.as_deref().is_some_and(|n| glob(p, n))),
        TriggerKind::ContactSent => def.contact_sent == Some(true),
        TriggerKind::PageUrl => {
            def.seconds_on_page.is_none()
                && match (def.page_url.as_deref(), t.url.as_deref()) {
                    (Some(p), Some(u)) => glob(p, u),
                    _ => false,
                }
        }
        TriggerKind::SecondsOnPage => match (def.seconds_on_page, t.seconds) {
            (Some(need), Some(have)) if have >= need => match def.page_url.as_deref() {
                None => true,
                Some(p) => t.url.as_deref().is_some_and(|u| glob(p, u)),
            },
            _ => false,
        },
        TriggerKind::Direct => false,
    }
}

/// `*` matches any run of characters (including none); everything else is literal.
pub fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    // Where the last `*` was and how much of the text it has eaten, for backtracking.
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if pi < p.len() && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::surveys::definitions::SurveyDef;
    use patron_api::{Localized, SurveyKind};

    const NOW: i64 = 1_740_000_000_000;

    fn def(id: &str, frequency: Frequency) -> SurveyDef {
        let t = Localized {
            en: Some("x".into()),
            ..Localized::default()
        };
        SurveyDef {
            id: id.into(),
            kind: SurveyKind::Csat,
            active: true,
            question: t.clone(),
            labels: (1..=5).map(|s| (s, t.clone())).collect(),
            follow_up: Default::default(),
            thank_you: t,
            triggers: vec![TriggerDef {
                event: Some("order_completed".into()),
                ..TriggerDef::default()
            }],
            sample_rate: 1.0,
            recontact_days: 30,
            frequency,
            surfaces: vec![Surface::Embed, Surface::Kiosk],
            audience: Default::default(),
            reasons: Vec::new(),
            variants: Vec::new(),
        }
    }

    fn history(id: &str, h: SurveyHistory) -> History {
        History {
            surveys: [(id.to_owned(), h)].into(),
        }
    }

    fn shown(days_ago: i64, times: i64) -> SurveyHistory {
        SurveyHistory {
            displays: times,
            last_display: Some(NOW - days_ago * DAY_MS),
            ..SurveyHistory::default()
        }
    }

    fn run(d: &SurveyDef, h: &History) -> Result<(), Skip> {
        let order = Trigger::event("order_completed");
        check(d, "d:x", Surface::Embed, &order, h, 0, NOW)
    }

    #[test]
    fn frequency_rules() {
        let once = def("a", Frequency::Once);
        assert_eq!(run(&once, &History::default()), Ok(()));
        assert_eq!(
            run(&once, &history("a", shown(400, 1))),
            Err(Skip::Frequency)
        );

        let until = def("a", Frequency::UntilAnswered);
        assert_eq!(run(&until, &history("a", shown(31, 5))), Ok(()));
        let answered = SurveyHistory {
            responses: 1,
            last_response: Some(NOW - 400 * DAY_MS),
            ..shown(400, 1)
        };
        assert_eq!(run(&until, &history("a", answered)), Err(Skip::Frequency));

        let three = def("a", Frequency::MaxTimes(3));
        assert_eq!(run(&three, &history("a", shown(31, 2))), Ok(()));
        assert_eq!(
            run(&three, &history("a", shown(31, 3))),
            Err(Skip::Frequency)
        );

        let recurring = def("a", Frequency::Recurring);
        let answered_long_ago = SurveyHistory {
            responses: 4,
            last_response: Some(NOW - 31 * DAY_MS),
            ..shown(31, 9)
        };
        assert_eq!(run(&recurring, &history("a", answered_long_ago)), Ok(()));
    }

    #[test]
    fn recontact_window_counts_displays_and_answers() {
        let d = def("a", Frequency::Recurring);
        assert_eq!(run(&d, &history("a", shown(29, 1))), Err(Skip::Recontact));
        assert_eq!(run(&d, &history("a", shown(30, 1))), Ok(()));
        let answered_directly = SurveyHistory {
            responses: 1,
            last_response: Some(NOW - DAY_MS),
            ..SurveyHistory::default()
        };
        assert_eq!(
            run(&d, &history("a", answered_directly)),
            Err(Skip::Recontact)
        );
    }

    #[test]
    fn cooldown_spans_surveys() {
        let d = def("a", Frequency::Recurring);
        let other = history("b", shown(2, 1));
        let order = Trigger::event("order_completed");
        let at = |hours: u32| check(&d, "d:x", Surface::Embed, &order, &other, hours, NOW);
        assert_eq!(at(72), Err(Skip::Cooldown));
        assert_eq!(at(48), Ok(()));
    }

    #[test]
    fn triggers_surfaces_and_direct_asks() {
        let d = def("a", Frequency::Once);
        let h = History::default();
        let other = Trigger::event("signup");
        assert_eq!(
            check(&d, "d:x", Surface::Embed, &other, &h, 0, NOW),
            Err(Skip::Trigger)
        );
        let direct = Trigger::direct();
        assert_eq!(
            check(&d, "d:x", Surface::Embed, &direct, &h, 0, NOW),
            Ok(())
        );
        assert_eq!(
            check(&d, "d:x", Surface::Page, &direct, &h, 0, NOW),
            Err(Skip::Surface)
        );
        let mut never = def("a", Frequency::Once);
        never.sample_rate = 0.0;
        assert_eq!(run(&never, &h), Err(Skip::Sample));
        assert_eq!(
            check(&never, "d:x", Surface::Embed, &direct, &h, 0, NOW),
            Ok(())
        );
    }

    #[test]
    fn subjects() {
        let m = MemberId("42".into());
        assert_eq!(
            subject(Some(&m), Surface::Kiosk, Some("k1"), Some("d1")),
            "m:42"
        );
        assert_eq!(
            subject(None, Surface::Kiosk, Some("k1"), Some("d1")),
            "k:k1"
        );
        assert_eq!(
            subject(None, Surface::Embed, Some("k1"), Some("d1")),
            "d:d1"
        );
    }

    #[test]
    fn sampling_is_stable_and_proportional() {
        let subjects: Vec<String> = (0..4000).map(|i| format!("d:device-{i}")).collect();
        let picked = subjects
            .iter()
            .filter(|s| in_sample("csat-after-order", s, 0.25))
            .count();
        assert!((850..1150).contains(&picked), "{picked}");
        for s in &subjects[..50] {
            assert_eq!(
                in_sample("csat-after-order", s, 0.25),
                in_sample("csat-after-order", s, 0.25)
            );
        }
        let other = subjects
            .iter()
            .filter(|s| {
                in_sample("csat-after-order", s, 0.25) && in_sample("nps-quarterly", s, 0.25)
            })
            .count();
        assert!((150..350).contains(&other), "independent samples: {other}");
    }

    #[test]
    fn globs() {
        assert!(glob("*", ""));
        assert!(glob(
            "*/orders/*/done",
            "https://shop.example.com/orders/42/done"
        ));
        assert!(!glob(
            "*/orders/*/done",
            "https://shop.example.com/orders/42/done?x"
        ));
        assert!(glob(
            "https://shop.example.com/*",
            "https://shop.example.com/"
        ));
        assert!(glob("a*b*c", "aXbYbZc"));
        assert!(!glob("a*b*c", "aXbYbZ"));
        assert!(glob("退货*", "退货政策"));
    }

    #[test]
    fn trigger_matching() {
        let page = TriggerDef {
            page_url: Some("*/checkout/done*".into()),
            ..TriggerDef::default()
        };
        let at = |url: &str| Trigger {
            kind: TriggerKind::PageUrl,
            url: Some(url.into()),
            ..Trigger::direct()
        };
        assert!(matches(&page, &at("https://s.example/checkout/done?id=1")));
        assert!(!matches(&page, &at("https://s.example/cart")));
        let dwell = TriggerDef {
            seconds_on_page: Some(30),
            page_url: Some("*/products/*".into()),
            ..TriggerDef::default()
        };
        let stayed = |s: u32, url: &str| Trigger {
            kind: TriggerKind::SecondsOnPage,
            seconds: Some(s),
            url: Some(url.into()),
            name: None,
        };
        assert!(matches(&dwell, &stayed(31, "https://s.example/products/9")));
        assert!(!matches(
            &dwell,
            &stayed(29, "https://s.example/products/9")
        ));
        assert!(!matches(&dwell, &stayed(31, "https://s.example/cart")));
        // A dwell trigger is not a page-view trigger.
        assert!(!matches(&dwell, &at("https://s.example/products/9")));
        let faq = TriggerDef {
            faq_article_read: Some("returns-*".into()),
            ..TriggerDef::default()
        };
        let read = |id: Option<&str>| Trigger {
            kind: TriggerKind::FaqArticleRead,
            name: id.map(str::to_owned),
            ..Trigger::direct()
        };
        assert!(matches(&faq, &read(Some("returns-policy"))));
        assert!(!matches(&faq, &read(Some("track-order"))));
        assert!(!matches(&faq, &read(None)));
    }
}
