//! The surveys' part of demo mode's history (`crate::history`): answers to every survey the
//! demo site defines, of every kind and band, many with a comment and detractors with their
//! reasons, and the detractor queue worked the way a service team works it (older ones
//! resolved or closed, recent ones new or in progress).

use async_trait::async_trait;
use patron_api::survey::admin::{SurveyConfig, SurveyDef};
use patron_api::survey::{Band, SurveyKind};
use sqlx::AnyPool;

use super::storage;
use crate::error::AppError;
use crate::history::{self, Rng, MARK_LIKE};
use crate::ports::DemoHistory;
use crate::storage::HOUR_MS;

pub struct SurveyHistory {
    pub pool: AnyPool,
}

/// Comments by band: `(zh-CN, zh-TW, en)`.
const COMMENTS: [&[(&str, &str, &str)]; 3] = [
    &[
        (
            "快递太慢了，等了一个星期",
            "快遞太慢了，等了一個星期",
            "Delivery took a whole week",
        ),
        (
            "沙发到货时有划痕",
            "沙發到貨時有刮痕",
            "The sofa arrived scratched",
        ),
        (
            "客服电话一直打不通",
            "客服電話一直打不通",
            "Could not get through to customer service",
        ),
        (
            "退款到现在还没到账",
            "退款到現在還沒到帳",
            "My refund still has not arrived",
        ),
        (
            "尺寸和描述不符",
            "尺寸和描述不符",
            "The size is not as described",
        ),
    ],
    &[
        (
            "还可以，安装师傅来晚了",
            "還可以，安裝師傅來晚了",
            "OK, the fitter came late",
        ),
        (
            "东西不错，价格有点高",
            "東西不錯，價格有點高",
            "Good product, a bit pricey",
        ),
        (
            "包装可以再好一点",
            "包裝可以再好一點",
            "Packaging could be better",
        ),
    ],
    &[
        (
            "送货很快，师傅很专业",
            "送貨很快，師傅很專業",
            "Fast delivery, very professional fitters",
        ),
        (
            "质量很好，会再来买",
            "品質很好，會再來買",
            "Great quality, will buy again",
        ),
        (
            "客服很耐心，问题当场解决",
            "客服很耐心，問題當場解決",
            "Patient support, solved on the spot",
        ),
        (
            "会员积分很实用",
            "會員積分很實用",
            "The member points are really useful",
        ),
    ],
];

/// A score for `kind`: mostly happy customers, as a well-run shop has (NPS about 50, CSAT
/// about 4.3).
fn score(kind: SurveyKind, rng: &mut Rng) -> i32 {
    match kind {
        // 0-6 (13%), 7-8 (22%), 9-10 (65%).
        SurveyKind::Nps => match rng.weighted(&[13, 22, 65]) {
            0 => rng.below(7) as i32,
            1 => 7 + rng.below(2) as i32,
            _ => 9 + rng.below(2) as i32,
        },
        SurveyKind::Csat => 1 + rng.weighted(&[3, 5, 9, 28, 55]) as i32,
        SurveyKind::Ces => 1 + rng.weighted(&[2, 3, 5, 8, 15, 30, 37]) as i32,
    }
}

fn touchpoint(survey: &SurveyDef) -> String {
    let Some(t) = survey.triggers.first() else {
        return "direct".to_owned();
    };
    if let Some(event) = &t.event {
        format!("event:{event}")
    } else if t.faq_article_read.is_some() {
        "faq_article_read".to_owned()
    } else if t.contact_sent.is_some() {
        "contact_sent".to_owned()
    } else if t.page_url.is_some() {
        "page_url".to_owned()
    } else if t.seconds_on_page.is_some() {
        "seconds_on_page".to_owned()
    } else {
        "direct".to_owned()
    }
}

const LOCALES: [&str; 3] = ["zh-CN", "zh-TW", "en"];
const SURFACES: [&str; 3] = ["embed", "page", "kiosk"];

#[async_trait]
impl DemoHistory for SurveyHistory {
    fn name(&self) -> &'static str {
        "surveys"
    }

    async fn seed(&self, site: &str, now: i64) -> Result<u64, AppError> {
        let seeded =
            history::already_seeded(&self.pool, "survey_responses", "id", site, MARK_LIKE).await?;
        let Some((json, _)) = storage::load_config(&self.pool, site).await? else {
            return Ok(0);
        };
        let config: SurveyConfig = serde_json::from_str(&json).map_err(AppError::internal)?;
        if seeded || config.surveys.is_empty() {
            return Ok(0);
        }
        let mut rng = Rng::new("surveys");
        let mut tx = self.pool.begin().await?;
        let mut n = 0usize;
        for days_ago in (1..=history::DAYS).rev() {
            for _ in 0..history::per_day(14, now, days_ago, &mut rng) {
                let survey = rng.pick(&config.surveys);
                let s = score(survey.kind, &mut rng);
                let Some(band) = survey.kind.band(s) else {
                    continue;
                };
                let at = history::moment(now, days_ago, &mut rng);
                let locale = rng.weighted(&[60, 15, 25]);
                let id = history::id("answer", n);
                let customer = rng.below(400);
                let subject = if customer < 200 {
                    format!("m:{}", history::id("member", customer))
                } else {
                    format!("d:{}", history::id("device", customer))
                };
                let member = (customer < 200).then(|| history::id("member", customer));
                // The tier the member held when answering (the demo programme's tiers: half
                // members, then silver, gold, platinum), for the overview's tier breakdown.
                let tier = member.as_ref().map(|_| match customer % 10 {
                    0..=4 => "member",
                    5..=7 => "silver",
                    8 => "gold",
                    _ => "platinum",
                });
                // Unhappy customers write more often.
                let commented = rng.chance(match band {
                    Band::Detractor => 0.8,
                    Band::Passive => 0.4,
                    Band::Promoter => 0.35,
                });
                let comment = commented.then(|| {
                    let c = rng.pick(COMMENTS[band as usize]);
                    [c.0, c.1, c.2][locale].to_owned()
                });
                let order = format!("SO-{}", 20_000 + n);
                let context = serde_json::json!({ "order_number": order }).to_string();
                sqlx::query(
                    "INSERT INTO survey_responses (site, idempotency_key, id, request_sha256, \
                     survey_id, kind, score, band, subject, member_id, display_id, surface, \
                     locale, touchpoint, context, receipt, comment, comment_at, created_at, \
                     member_tier) \
                     VALUES ($1, $2, $2, '', $3, $4, $5, $6, $7, $8, NULL, $9, $10, $11, $12, \
                     '{}', $13, $14, $15, $16)",
                )
                .bind(site)
                .bind(id.as_str())
                .bind(survey.id.as_str())
                .bind(survey.kind.as_str())
                .bind(i64::from(s))
                .bind(band.as_str())
                .bind(subject.as_str())
                .bind(member.as_deref())
                .bind(SURFACES[rng.weighted(&[65, 25, 10])])
                .bind(LOCALES[locale])
                .bind(touchpoint(survey))
                .bind(context.as_str())
                .bind(comment.as_deref())
                .bind(comment.as_ref().map(|_| at + 60_000))
                .bind(at)
                .bind(tier)
                .execute(&mut *tx)
                .await?;
                if band == Band::Detractor {
                    if !survey.reasons.is_empty() {
                        let reason = rng.pick(&survey.reasons);
                        sqlx::query(
                            "INSERT INTO survey_response_reasons \
                             (site, response_id, survey_id, reason, answered_at) \
                             VALUES ($1, $2, $3, $4, $5)",
                        )
                        .bind(site)
                        .bind(id.as_str())
                        .bind(survey.id.as_str())
                        .bind(reason.id.as_str())
                        .bind(at)
                        .execute(&mut *tx)
                        .await?;
                    }
                    // The queue: a detractor older than two weeks has been dealt with.
                    let status = if days_ago > 14 {
                        ["resolved", "resolved", "resolved", "resolved", "wont_fix"][rng.below(5)]
                    } else {
                        ["new", "new", "in_progress", "resolved"][rng.below(4)]
                    };
                    let acted =
                        (status != "new").then(|| at + (1 + rng.below(30) as i64) * HOUR_MS);
                    sqlx::query(
                        "INSERT INTO feedback_state (response_id, site, status, first_action_at, \
                         updated_at) VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(id.as_str())
                    .bind(site)
                    .bind(status)
                    .bind(acted)
                    .bind(acted.unwrap_or(at).min(now))
                    .execute(&mut *tx)
                    .await?;
                }
                n += 1;
            }
        }
        tx.commit().await?;
        Ok(n as u64)
    }
}
