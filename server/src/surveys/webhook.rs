//! Delivers detractor alerts from the outbox to each site's webhook.
//!
//! Each alert is POSTed as JSON with
//! - `X-Patron-Signature: sha256=<hex HMAC-SHA256 of the exact body, keyed by the site secret>`,
//! - `X-Patron-Event: survey.detractor | survey.detractor_comment`,
//! - `X-Patron-Delivery: <alert id>` (also `delivery_id` in the body).
//!
//! Any 2xx marks the alert delivered and it is never sent again; anything else (or no answer)
//! is retried after `backoff_base × 2^(attempts−1)`, capped at `backoff_max`, forever. Rows are
//! claimed in batches by a conditional UPDATE before they are attempted, so several server
//! instances never send the same row at the same time. If an instance dies between the receiver's 2xx and recording it, the
//! claim expires and the alert is sent again: receivers should ignore a delivery id they have
//! already seen.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use hmac::{Hmac, Mac};
use sha2::Sha256;
use sqlx::AnyPool;
use tokio::sync::watch;

use super::definitions;
use super::storage::{self, Attempt, OutboxRow};
use super::Surveys;
use crate::config::WebhookSettings;
use crate::storage::{new_id, now_millis};

/// Rows taken per look at the outbox.
const BATCH: i64 = 100;
/// After a wake-up, how long to let more alerts gather, so a burst of detractor answers costs
/// a few outbox commits rather than two per alert (commits are what SQLite is short of).
const GATHER: Duration = Duration::from_millis(100);

/// The background task; one per server instance.
pub struct Worker {
    inner: Arc<Inner>,
}

struct Inner {
    pool: AnyPool,
    surveys: Arc<Surveys>,
    content_dir: Arc<Path>,
    settings: WebhookSettings,
    client: reqwest::Client,
}

impl Worker {
    pub fn new(
        pool: AnyPool,
        surveys: Arc<Surveys>,
        content_dir: Arc<Path>,
        settings: WebhookSettings,
    ) -> Self {
        let client = reqwest::Client::builder()
            .timeout(settings.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("patron-server/", env!("CARGO_PKG_VERSION")))
            .build()
            .unwrap_or_default();
        Self {
            inner: Arc::new(Inner {
                pool,
                surveys,
                content_dir,
                settings,
                client,
            }),
        }
    }

    /// Delivers due alerts until `stop` turns true.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        loop {
            let busy = match self.tick().await {
                Ok(n) => n > 0,
                Err(err) => {
                    tracing::warn!(%err, "webhook outbox unavailable");
                    false
                }
            };
            if *stop.borrow() {
                break;
            }
            if !busy {
                let poll = self.inner.settings.poll;
                tokio::select! {
                    () = tokio::time::sleep(poll) => {}
                    () = self.inner.surveys.wake.notified() => {
                        tokio::time::sleep(GATHER.min(poll)).await;
                    }
                    _ = stop.changed() => break,
                }
            }
        }
    }

    /// Claims a batch of due alerts, attempts them concurrently, and records the outcomes:
    /// two commits per batch, whatever its size. Returns how many were attempted.
    pub async fn tick(&self) -> Result<usize, sqlx::Error> {
        let inner = &self.inner;
        let token = new_id();
        let now = now_millis();
        let until = now.saturating_add(millis(inner.settings.lease()));
        let rows = storage::claim_due(&inner.pool, &token, now, until, BATCH).await?;
        if rows.is_empty() {
            return Ok(0);
        }
        let mut running = tokio::task::JoinSet::new();
        for row in rows {
            let inner = self.inner.clone();
            running.spawn(async move {
                let outcome = inner.attempt(&row).await;
                (row, outcome)
            });
        }
        let mut attempts = Vec::new();
        // An attempt that panicked is not recorded; its claim expires and it is retried.
        while let Some(Ok((row, outcome))) = running.join_next().await {
            let next = now_millis();
            attempts.push(match outcome {
                Ok(status) => {
                    tracing::info!(id = %row.id, site = %row.site, event = %row.event, "detractor alert delivered");
                    Attempt {
                        id: row.id,
                        status: Some(status),
                        error: None,
                        next_attempt_at: None,
                    }
                }
                Err((status, error)) => {
                    let wait = inner.settings.backoff(row.attempts + 1);
                    tracing::warn!(id = %row.id, site = %row.site, %error, retry_in_ms = millis(wait), "detractor alert not delivered");
                    Attempt {
                        id: row.id,
                        status,
                        error: Some(error),
                        next_attempt_at: Some(next.saturating_add(millis(wait))),
                    }
                }
            });
        }
        storage::finish_attempts(&inner.pool, &token, now_millis(), &attempts).await?;
        Ok(attempts.len())
    }
}

impl Inner {
    /// One POST; `Ok(status)` for a 2xx, else the status (if any) and what went wrong.
    async fn attempt(&self, row: &OutboxRow) -> Result<i64, (Option<i64>, String)> {
        let site = self
            .surveys
            .get(&self.pool, &row.site)
            .await
            .map_err(|e| (None, format!("site {}: {e:?}", row.site)))?;
        let hook = site
            .config
            .webhook
            .as_ref()
            .ok_or_else(|| (None, "no webhook configured".to_owned()))?;
        let secret = definitions::webhook_secret(hook, &self.content_dir, &row.site)
            .map_err(|e| (None, e))?;
        let response = self
            .client
            .post(&hook.url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header("x-patron-event", &row.event)
            .header("x-patron-delivery", &row.id)
            .header(
                "x-patron-signature",
                format!("sha256={}", sign(&secret, row.payload.as_bytes())),
            )
            .body(row.payload.clone())
            .send()
            .await
            .map_err(|e| (None, format!("request failed: {}", chain(&e))))?;
        let status = i64::from(response.status().as_u16());
        if response.status().is_success() {
            Ok(status)
        } else {
            Err((Some(status), format!("HTTP {status}")))
        }
    }
}

/// An error with its causes ("error sending request: … Connection refused").
fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// Lowercase hex HMAC-SHA256 of `body` keyed by `secret`.
pub fn sign(secret: &[u8], body: &[u8]) -> String {
    // HMAC accepts keys of any length, so `new_from_slice` cannot fail here.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else {
        return String::new();
    };
    mac.update(body);
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_matches_rfc_4231_case_2() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        assert_eq!(
            sign(b"Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let s = WebhookSettings {
            poll: Duration::from_secs(1),
            backoff_base: Duration::from_millis(100),
            backoff_max: Duration::from_secs(1),
            timeout: Duration::from_secs(10),
        };
        let waits: Vec<u128> = (1..=6).map(|n| s.backoff(n).as_millis()).collect();
        assert_eq!(waits, [100, 200, 400, 800, 1000, 1000]);
        assert_eq!(s.backoff(1_000).as_millis(), 1000);
    }
}
