//! Continuity: when an anonymous customer signs in, what they did signed out on this device
//! (guide progress, survey pacing) follows them. Wire types: `patron_api::continuity`.
//!
//! Public (`/v1/sites/{site}`, site CORS, member token required): `POST /sign-ins`.
//!
//! Each feature merges its own records (`ports::SignInHandover`, handed over by `app`), all
//! in one transaction, so a sign-in moves everything or nothing, and a second one finds
//! nothing left to move.

use std::sync::Arc;

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use patron_api::continuity::{SignInReceipt, SignInRequest};
use patron_api::paths;

use crate::auth::Member;
use crate::error::AppError;
use crate::extract::{AppJson, SafeJson};
use crate::http::Routes;
use crate::ports::SignInHandover;
use crate::state::AppState;
use crate::storage::{now_millis, with_retries};
use crate::subject;

/// Every feature that keeps anonymous customers' state.
pub type Handovers = Arc<[Arc<dyn SignInHandover>]>;

#[derive(Clone, axum::extract::FromRef)]
pub struct ContinuityState {
    pub app: AppState,
    pub handovers: Handovers,
}

pub fn router(state: ContinuityState) -> Routes {
    let public = Routes::new().post(paths::SIGN_INS, sign_in);
    crate::http::feature_router(&state.app, public, Routes::new()).with_state(state)
}

/// `POST /v1/sites/{site}/sign-ins`.
async fn sign_in(
    State(state): State<AppState>,
    State(handovers): State<Handovers>,
    member: Member,
    AppJson(req): AppJson<SignInRequest>,
) -> Result<impl IntoResponse, AppError> {
    req.validate()?;
    let anonymous: Vec<String> = (req.device_id.iter().map(|d| subject::device(d)))
        .chain(req.kiosk_session.iter().map(|k| subject::kiosk(k)))
        .collect();
    let moved = hand_over(&state, &handovers, &member, &anonymous).await?;
    if moved > 0 {
        tracing::info!(site = %member.site, moved, "anonymous progress handed to a member");
    }
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        SafeJson(SignInReceipt {
            moved: moved as i64,
        }),
    ))
}

async fn hand_over(
    state: &AppState,
    handovers: &[Arc<dyn SignInHandover>],
    member: &Member,
    anonymous: &[String],
) -> Result<u64, AppError> {
    let moved = with_retries(|| async {
        let mut tx = state.pool.begin().await?;
        let now = now_millis();
        let mut moved = 0;
        for subject in anonymous {
            for h in handovers {
                moved += h
                    .hand_over(&mut tx, &member.site, subject, &member.id, now)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok::<_, sqlx::Error>(moved)
    })
    .await?;
    Ok(moved)
}
