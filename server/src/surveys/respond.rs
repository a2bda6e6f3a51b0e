//! The customer-facing rules: choosing a survey, recording displays, responses and follow-ups.

use patron_api::survey::admin::{DetractorAlert, EVENT_DETRACTOR, EVENT_DETRACTOR_COMMENT};
use patron_api::survey::{
    DisplayEvent, DisplayRequest, EligibilityRequest, EligibilityResponse, FollowUpReceipt,
    FollowUpRequest, ResponseReceipt, ResponseRequest, Surface,
};
use patron_api::validate::FieldErrors;
use patron_api::{Band, FieldCode, SurveyKind};
use sha2::{Digest, Sha256};
use sqlx::AnyPool;

use super::audience::{self, Asker};
use super::definitions::SurveyDef;
use super::storage::{self, CommentOutcome, DisplayRow, NewResponse, Stored, StoredResponse};
use super::writer::ResponseWriter;
use super::{pacing, SiteSurveys};
use crate::auth::MemberId;
use crate::error::AppError;
use crate::ports::Loyalty;
use crate::storage::{new_id, now_millis};
use crate::webhooks::NewDelivery;

/// Which survey, if any, this customer should see now.
pub async fn eligibility(
    pool: &AnyPool,
    loyalty: &dyn Loyalty,
    site: &str,
    surveys: &SiteSurveys,
    member: Option<&MemberId>,
    req: &EligibilityRequest,
) -> Result<EligibilityResponse, AppError> {
    req.validate()?;
    let candidates: Vec<_> = match &req.survey_id {
        Some(id) => vec![surveys.config.survey(id).ok_or(AppError::NotFound)?],
        None => surveys.config.surveys.iter().collect(),
    };
    if !surveys.enabled || candidates.is_empty() {
        return Ok(EligibilityResponse { survey: None });
    }
    // The points programme is asked only when a survey is aimed at tiers.
    let tier = match member {
        Some(m) if audience::needs_tier(candidates.iter().map(|d| &d.audience)) => {
            loyalty.standing(site, &m.0, now_millis()).await?.tier
        }
        _ => None,
    };
    let asker = Asker {
        member: member.is_some(),
        tier: tier.as_deref(),
        locale: req.locale,
        segment: req.segment.as_deref(),
    };
    let candidates: Vec<_> = candidates
        .into_iter()
        .filter(|d| audience::includes(&d.audience, &asker))
        .collect();
    let subject = pacing::subject(
        member,
        req.surface,
        req.kiosk_session.as_deref(),
        req.device_id.as_deref(),
    );
    let history = storage::history(pool, site, &subject).await?;
    let chosen = pacing::choose(
        candidates,
        &subject,
        req.surface,
        &req.trigger,
        &history,
        surveys.config.cooldown_hours,
        now_millis(),
    );
    Ok(EligibilityResponse {
        survey: chosen
            .map(|d| d.render(req.locale, surveys.default_locale, d.variant_for(&subject))),
    })
}

/// A variant the survey has, or 422 on `variant`.
fn check_variant(def: &SurveyDef, variant: Option<&str>) -> Result<(), AppError> {
    match variant {
        Some(v) if !def.variants.iter().any(|d| d.id == v) => {
            let mut errs = FieldErrors::default();
            errs.push(
                "variant",
                FieldCode::NotOffered,
                format!("survey {} has no variant {v:?}", def.id),
            );
            Err(errs.into())
        }
        _ => Ok(()),
    }
}

/// Records that a card was shown or dismissed.
pub async fn display(
    pool: &AnyPool,
    site: &str,
    surveys: &SiteSurveys,
    member: Option<&MemberId>,
    req: &DisplayRequest,
) -> Result<(), AppError> {
    req.validate()?;
    let def = surveys
        .config
        .survey(&req.survey_id)
        .ok_or(AppError::NotFound)?;
    check_variant(def, req.variant.as_deref())?;
    let subject = pacing::subject(
        member,
        req.surface,
        req.kiosk_session.as_deref(),
        req.device_id.as_deref(),
    );
    let touchpoint = req.trigger.touchpoint();
    storage::record_display(
        pool,
        &DisplayRow {
            site,
            display_id: &req.display_id,
            survey_id: &req.survey_id,
            subject: &subject,
            surface: req.surface.as_str(),
            locale: req.locale.as_str(),
            touchpoint: &touchpoint,
            dismissed: req.event == DisplayEvent::Dismissed,
            variant: req.variant.as_deref(),
            now: now_millis(),
        },
    )
    .await?;
    Ok(())
}

/// The webhook delivery of `alert`, about `subject` (who answered).
fn outbox(
    event: &'static str,
    alert: &DetractorAlert,
    subject: &str,
) -> Result<NewDelivery, AppError> {
    let payload = serde_json::to_string(alert).map_err(AppError::internal)?;
    Ok(NewDelivery {
        id: alert.delivery_id.clone(),
        site: alert.site.clone(),
        event,
        subject: Some(subject.to_owned()),
        reference: Some(alert.response_id.clone()),
        payload,
    })
}

/// Whether a response was new (201) or a replay of a stored one (200).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    New,
    Replay,
}

/// Stores a response once per idempotency key. The same key with the same body gets the
/// stored receipt again; with another body, 409 and the first answer stays.
/// A signed-in member's tier is asked of the points programme (`loyalty`) and stored with the
/// answer, for the console's breakdown by tier.
pub async fn response(
    pool: &AnyPool,
    writer: &ResponseWriter,
    loyalty: &dyn Loyalty,
    site: &str,
    surveys: &SiteSurveys,
    member: Option<&MemberId>,
    req: &ResponseRequest,
) -> Result<(Recorded, ResponseReceipt, bool), AppError> {
    req.validate()?;
    let fingerprint = fingerprint(req, member);
    let Some(def) = surveys.config.survey(&req.survey_id) else {
        // A survey removed after the answer was stored: replays still get their receipt.
        return match storage_receipt(pool, site, &req.idempotency_key, &fingerprint).await? {
            Some(receipt) => Ok((Recorded::Replay, receipt, false)),
            None => Err(AppError::NotFound),
        };
    };
    if def.kind != req.kind {
        let mut errs = FieldErrors::default();
        errs.push(
            "kind",
            FieldCode::Mismatch,
            format!("survey {} is a {} survey", def.id, def.kind.as_str()),
        );
        return Err(errs.into());
    }
    check_variant(def, req.variant.as_deref())?;
    let band = def
        .kind
        .band(req.score)
        .ok_or_else(|| AppError::internal("score out of range after validation"))?;
    let now = now_millis();
    let receipt = ResponseReceipt {
        idempotency_key: req.idempotency_key.clone(),
        survey_id: def.id.clone(),
        kind: def.kind,
        score: req.score,
        band,
        follow_up: def
            .follow_up
            .get(band)
            .map(|t| t.get(req.locale, surveys.default_locale).to_owned()),
        thank_you: def
            .thank_you
            .get(req.locale, surveys.default_locale)
            .to_owned(),
        recorded_at: now,
    };
    let subject = pacing::subject(
        member,
        req.surface,
        req.kiosk_session.as_deref(),
        req.device_id.as_deref(),
    );
    let id = new_id();
    let touchpoint = req.trigger.touchpoint();
    let context_json = serde_json::to_string(&req.context).map_err(AppError::internal)?;
    let receipt_json = serde_json::to_string(&receipt).map_err(AppError::internal)?;
    let alert = if band == Band::Detractor && surveys.config.webhook.is_some() {
        Some(outbox(
            EVENT_DETRACTOR,
            &DetractorAlert {
                event: EVENT_DETRACTOR.to_owned(),
                delivery_id: new_id(),
                site: site.to_owned(),
                response_id: id.clone(),
                survey_id: def.id.clone(),
                kind: def.kind,
                score: i64::from(req.score),
                band,
                surface: req.surface,
                locale: req.locale,
                touchpoint: touchpoint.clone(),
                context: req.context.clone(),
                member_id: member.map(|m| m.0.clone()),
                answered_at: now,
                comment: None,
                commented_at: None,
                reasons: Vec::new(),
                variant: req.variant.clone(),
            },
            &subject,
        )?)
    } else {
        None
    };
    let row = NewResponse {
        site: site.to_owned(),
        idempotency_key: req.idempotency_key.clone(),
        id,
        request_sha256: fingerprint.clone(),
        survey_id: def.id.clone(),
        kind: def.kind.as_str(),
        score: i64::from(req.score),
        band: band.as_str(),
        subject,
        member_id: member.map(|m| m.0.clone()),
        display_id: req.display_id.clone(),
        surface: req.surface.as_str(),
        locale: req.locale.as_str(),
        touchpoint,
        context_json,
        receipt_json,
        variant: req.variant.clone(),
        member_tier: None,
        created_at: now,
    };
    let alerted = alert.is_some();
    let mut row = row;
    if let Some(m) = member {
        row.member_tier = loyalty.standing(site, &m.0, now).await?.tier;
    }
    match writer.insert(row, alert).await? {
        Stored::Inserted => Ok((Recorded::New, receipt, alerted)),
        Stored::Existing {
            request_sha256,
            receipt,
        } => replay(&request_sha256, &fingerprint, &receipt).map(|r| (Recorded::Replay, r, false)),
    }
}

async fn storage_receipt(
    pool: &AnyPool,
    site: &str,
    key: &str,
    fingerprint: &str,
) -> Result<Option<ResponseReceipt>, AppError> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT request_sha256, receipt FROM survey_responses \
         WHERE site = $1 AND idempotency_key = $2",
    )
    .bind(site)
    .bind(key)
    .fetch_optional(pool)
    .await?;
    row.map(|(stored, receipt)| replay(&stored, fingerprint, &receipt))
        .transpose()
}

fn replay(stored: &str, fingerprint: &str, receipt: &str) -> Result<ResponseReceipt, AppError> {
    if stored != fingerprint {
        return Err(AppError::IdempotencyConflict(
            "this idempotency key was used for a different response; the first one is kept".into(),
        ));
    }
    serde_json::from_str(receipt).map_err(|e| AppError::internal(format!("stored receipt: {e}")))
}

/// SHA-256 of the request as parsed (so spacing and key order do not matter) and of the
/// verified member, hex.
fn fingerprint(req: &ResponseRequest, member: Option<&MemberId>) -> String {
    let body = serde_json::to_vec(req).unwrap_or_default();
    Sha256::new()
        .chain_update(&body)
        .chain_update([0u8])
        .chain_update(member.map_or("", |m| m.0.as_str()).as_bytes())
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The `survey.detractor_comment` alert for a stored answer; `None` if a stored name does
/// not read back.
fn comment_alert(
    site: &str,
    r: &StoredResponse,
    comment: &str,
    reasons: &[String],
    now: i64,
) -> Option<DetractorAlert> {
    Some(DetractorAlert {
        event: EVENT_DETRACTOR_COMMENT.to_owned(),
        delivery_id: new_id(),
        site: site.to_owned(),
        response_id: r.id.clone(),
        survey_id: r.survey_id.clone(),
        kind: SurveyKind::parse(&r.kind)?,
        score: r.score,
        band: Band::parse(&r.band)?,
        surface: Surface::parse(&r.surface)?,
        locale: r.locale.parse().ok()?,
        touchpoint: r.touchpoint.clone(),
        context: serde_json::from_str(&r.context).unwrap_or_default(),
        member_id: r.member_id.clone(),
        answered_at: r.created_at,
        comment: (!comment.is_empty()).then(|| comment.to_owned()),
        commented_at: Some(now),
        reasons: reasons.to_vec(),
        variant: r.variant.clone(),
    })
}

/// Reason chips are the answered survey's own, and only follow a detractor score.
fn check_reasons(
    surveys: &SiteSurveys,
    answer: &StoredResponse,
    reasons: &[String],
) -> Result<(), AppError> {
    let mut errs = FieldErrors::default();
    let def = surveys.config.survey(&answer.survey_id);
    for (i, r) in reasons.iter().enumerate() {
        if def.and_then(|d| d.reason(r)).is_none() {
            errs.push(
                &format!("reasons[{i}]"),
                FieldCode::NotOffered,
                format!("survey {} has no reason {r:?}", answer.survey_id),
            );
        }
    }
    if answer.band != Band::Detractor.as_str() {
        errs.push(
            "reasons",
            FieldCode::NotAllowed,
            "reasons follow a low score only",
        );
    }
    errs.into_result().map_err(Into::into)
}

/// Adds the follow-up comment to the response with the same key; a detractor's comment is
/// sent as its own alert.
pub async fn follow_up(
    pool: &AnyPool,
    site: &str,
    surveys: &SiteSurveys,
    member: Option<&MemberId>,
    req: &FollowUpRequest,
) -> Result<(FollowUpReceipt, bool), AppError> {
    req.validate()?;
    let subject = pacing::subject(
        member,
        req.surface,
        req.kiosk_session.as_deref(),
        req.device_id.as_deref(),
    );
    let comment = req.comment.trim();
    if !req.reasons.is_empty() {
        let answer = storage::response_by_key(pool, site, &req.idempotency_key)
            .await?
            .filter(|r| r.subject == subject)
            .ok_or(AppError::NotFound)?;
        check_reasons(surveys, &answer, &req.reasons)?;
    }
    let webhook = surveys.config.webhook.is_some();
    let now = now_millis();
    let mut alerted = false;
    let key = &req.idempotency_key;
    let reasons = &req.reasons;
    let outcome = storage::add_comment(pool, site, key, &subject, comment, reasons, now, |r| {
        if !webhook || r.band != Band::Detractor.as_str() {
            return None;
        }
        // The stored answer's names were written from these types; if one ever did not read
        // back, the comment must still be kept, so the alert is logged as lost rather than
        // failing the request.
        let built = comment_alert(site, r, comment, reasons, now)
            .ok_or_else(|| AppError::internal(format!("stored answer {} unreadable", r.id)))
            .and_then(|alert| outbox(EVENT_DETRACTOR_COMMENT, &alert, &r.subject));
        match built {
            Ok(o) => {
                alerted = true;
                Some(o)
            }
            Err(err) => {
                tracing::error!(?err, "detractor comment alert not queued");
                None
            }
        }
    })
    .await?;
    let receipt = |at| FollowUpReceipt {
        idempotency_key: req.idempotency_key.clone(),
        recorded_at: at,
    };
    match outcome {
        CommentOutcome::NoResponse => Err(AppError::NotFound),
        CommentOutcome::Stored { at } => Ok((receipt(at), alerted)),
        CommentOutcome::Same { at } => Ok((receipt(at), false)),
        CommentOutcome::Conflict => Err(AppError::IdempotencyConflict(
            "this response already has another follow-up comment; the first one is kept".into(),
        )),
    }
}
