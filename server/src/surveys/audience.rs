//! Whom a survey is aimed at (`audience` in surveys.yaml): pure rules, no I/O. The handler
//! says who is asking (`Asker`); a member's tier is looked up only when a survey asks for it.

use patron_api::survey::admin::{SignedIn, SurveyAudience};
use patron_api::Locale;

/// Who is asking, as far as targeting cares.
#[derive(Debug, Clone, Copy)]
pub struct Asker<'a> {
    pub member: bool,
    /// The member's tier now; `None` for anonymous customers and sites without points.
    pub tier: Option<&'a str>,
    pub locale: Locale,
    /// What the host said (`patron('boot', {segment})`).
    pub segment: Option<&'a str>,
}

/// Whether `audience` includes `who`: every part that is set must match.
pub fn includes(audience: &SurveyAudience, who: &Asker<'_>) -> bool {
    let signed_in = match audience.signed_in {
        None => true,
        Some(SignedIn::Member) => who.member,
        Some(SignedIn::Anonymous) => !who.member,
    };
    let tier = audience.tiers.is_empty()
        || (who.member
            && who
                .tier
                .is_some_and(|t| audience.tiers.iter().any(|x| x == t)));
    let locale = audience.locales.is_empty() || audience.locales.contains(&who.locale);
    let segment = audience.segments.is_empty()
        || who
            .segment
            .is_some_and(|s| audience.segments.iter().any(|x| x == s));
    signed_in && tier && locale && segment
}

/// Whether any of these audiences needs the member's tier (so the points programme is asked).
pub fn needs_tier<'a>(audiences: impl IntoIterator<Item = &'a SurveyAudience>) -> bool {
    audiences.into_iter().any(|a| !a.tiers.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asker() -> Asker<'static> {
        Asker {
            member: false,
            tier: None,
            locale: Locale::En,
            segment: None,
        }
    }

    #[test]
    fn everyone_by_default_and_every_set_part_must_match() {
        assert!(includes(&SurveyAudience::default(), &asker()));
        let gold_vip = SurveyAudience {
            tiers: vec!["gold".into()],
            segments: vec!["vip".into()],
            locales: vec![Locale::ZhCn, Locale::En],
            ..SurveyAudience::default()
        };
        let gold = Asker {
            member: true,
            tier: Some("gold"),
            segment: Some("vip"),
            ..asker()
        };
        assert!(includes(&gold_vip, &gold));
        assert!(!includes(
            &gold_vip,
            &Asker {
                tier: Some("silver"),
                ..gold
            }
        ));
        assert!(!includes(
            &gold_vip,
            &Asker {
                segment: None,
                ..gold
            }
        ));
        assert!(!includes(
            &gold_vip,
            &Asker {
                locale: Locale::ZhTw,
                ..gold
            }
        ));
        // A tier means a member: an anonymous asker claiming one is not one.
        assert!(!includes(
            &gold_vip,
            &Asker {
                member: false,
                ..gold
            }
        ));
    }

    #[test]
    fn members_or_anonymous() {
        let members = SurveyAudience {
            signed_in: Some(SignedIn::Member),
            ..SurveyAudience::default()
        };
        let anonymous = SurveyAudience {
            signed_in: Some(SignedIn::Anonymous),
            ..SurveyAudience::default()
        };
        let member = Asker {
            member: true,
            ..asker()
        };
        assert!(includes(&members, &member) && !includes(&members, &asker()));
        assert!(includes(&anonymous, &asker()) && !includes(&anonymous, &member));
        assert!(needs_tier([&SurveyAudience {
            tiers: vec!["gold".into()],
            ..SurveyAudience::default()
        }]));
        assert!(!needs_tier([&members, &anonymous]));
    }
}
