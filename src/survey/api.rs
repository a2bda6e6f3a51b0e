//! The survey endpoints. Asking is a plain call; every write (display, response, follow-up)
//! goes through the outbox, which posts it to the path given here, as often as it takes.
//! A member's token goes along where the server paces by member.

use patron_api::paths;
use patron_api::survey::{
    EligibilityRequest, EligibilityResponse, FollowUpQuestions, ReasonChip, ScaleLabel, Survey,
    SurveyKind,
};

use crate::api::{post_json_as, post_json_text_as, ApiError};
use crate::json::{from_json, FromJson, Json};

pub async fn check_eligibility(
    site: &str,
    body: &EligibilityRequest,
    token: Option<&str>,
) -> Result<EligibilityResponse, ApiError> {
    post_json_as(
        &paths::fill(paths::SURVEY_ELIGIBILITY, &[site]),
        body,
        token,
    )
    .await
}

pub fn displays_path(site: &str) -> String {
    paths::fill(paths::SURVEY_DISPLAYS, &[site])
}

pub fn responses_path(site: &str) -> String {
    paths::fill(paths::SURVEY_RESPONSES, &[site])
}

pub fn follow_ups_path(site: &str) -> String {
    paths::fill(paths::SURVEY_FOLLOW_UPS, &[site])
}

/// Posts one kept write. What the server answers besides its status (a receipt) is not
/// needed: the widget showed the next step already.
pub async fn post_write(path: &str, json: String, token: Option<&str>) -> Result<(), ApiError> {
    post_json_text_as(path, json, token).await
}

from_json!(EligibilityResponse { survey });
from_json!(Survey {
    id,
    kind,
    locale,
    question,
    labels,
    follow_up,
    thank_you,
    variant;
    default: reasons
});
from_json!(ScaleLabel { score, text });
from_json!(ReasonChip { id, text });
from_json!(FollowUpQuestions {
    detractor,
    passive,
    promoter
});

impl FromJson for SurveyKind {
    fn from_json<J: Json>(json: &J) -> Option<Self> {
        SurveyKind::parse(&json.string()?)
    }
}

#[cfg(test)]
mod tests {
    use patron_api::Locale;

    use super::*;
    use crate::json::tests::round_trips;

    #[test]
    fn eligibility_reads_as_serde_writes_it() {
        round_trips(&EligibilityResponse { survey: None });
        round_trips(&EligibilityResponse {
            survey: Some(Survey {
                id: "nps".into(),
                kind: SurveyKind::Nps,
                locale: Locale::ZhCn,
                question: "q".into(),
                labels: vec![ScaleLabel {
                    score: 0,
                    text: "no".into(),
                }],
                follow_up: FollowUpQuestions {
                    detractor: Some("why?".into()),
                    passive: None,
                    promoter: None,
                },
                thank_you: "thanks".into(),
                variant: None,
                reasons: Vec::new(),
            }),
        });
        round_trips(&EligibilityResponse {
            survey: Some(Survey {
                id: "ces".into(),
                kind: SurveyKind::Ces,
                locale: Locale::En,
                question: "easy?".into(),
                labels: Vec::new(),
                follow_up: FollowUpQuestions::default(),
                thank_you: "thanks".into(),
                variant: Some("effort".into()),
                reasons: vec![ReasonChip {
                    id: "slow-delivery".into(),
                    text: "Slow delivery".into(),
                }],
            }),
        });
    }
}
