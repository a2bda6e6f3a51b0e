//! The delivery worker, one per server instance. It claims due deliveries fairly across
//! sites (`storage::claim`), attempts each in its own task, and records each outcome as soon
//! as it is known, so a slow endpoint holds only its own site's few slots: every other site's
//! deliveries are claimed and sent meanwhile. Attempts that end together are recorded in one
//! transaction (commits are what SQLite is short of).
//!
//! Any 2xx marks a delivery delivered. Anything else (or no answer within the timeout) is
//! retried after `backoff_base × 2^(attempts−1)`, capped at `backoff_max`, until
//! `max_attempts` attempts have been made or the next attempt would come later than
//! `max_age` after the event: then it is given up (`failed`). If an instance dies between the
//! receiver's 2xx and recording it, the claim expires and the delivery is sent again:
//! receivers deduplicate by `webhook-id`.

use std::sync::Arc;
use std::time::Duration;

use sqlx::AnyPool;
use tokio::sync::{watch, Notify};
use tokio::task::JoinSet;

use super::storage::{self, Attempt, ClaimLimits, Claimed, Outcome};
use super::{guard, signing, Endpoints};
use crate::config::WebhookSettings;
use crate::storage::{new_id, now_millis};

/// After a wake-up, how long to let more events gather, so a burst of detractor answers
/// costs a few commits rather than two per event.
const GATHER: Duration = Duration::from_millis(100);
/// How often pending deliveries that grew too old while nobody could send them are given up.
const EXPIRE_EVERY: Duration = Duration::from_secs(60);

pub struct Worker {
    inner: Arc<Inner>,
    wake: Arc<Notify>,
}

struct Inner {
    pool: AnyPool,
    endpoints: Endpoints,
    settings: WebhookSettings,
    client: reqwest::Client,
}

/// One finished attempt: which delivery, under which claim, how it went.
type Finished = (Claimed, String, Result<i64, (Option<i64>, String)>);

impl Worker {
    pub fn new(
        pool: AnyPool,
        endpoints: Endpoints,
        settings: WebhookSettings,
        wake: Arc<Notify>,
    ) -> Self {
        let client = reqwest::Client::builder()
            .timeout(settings.timeout)
            .connect_timeout(settings.timeout.min(Duration::from_secs(5)))
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .dns_resolver(Arc::new(guard::GuardedResolver {
                allow_private: settings.allow_private,
            }))
            .user_agent(concat!("patron-server/", env!("CARGO_PKG_VERSION")))
            .build()
            .unwrap_or_default();
        Self {
            inner: Arc::new(Inner {
                pool,
                endpoints,
                settings,
                client,
            }),
            wake,
        }
    }

    /// Delivers due events until `stop` turns true. Attempts still running then are dropped;
    /// their claims expire and another worker retries them.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        let settings = self.inner.settings;
        let mut running: JoinSet<Finished> = JoinSet::new();
        // Not at start-up, when the instance's own start-up writes are still going on.
        let mut next_expiry = tokio::time::Instant::now() + EXPIRE_EVERY;
        loop {
            if tokio::time::Instant::now() >= next_expiry {
                next_expiry += EXPIRE_EVERY;
                self.expire().await;
            }
            let room = settings.concurrency.saturating_sub(running.len());
            if room > 0 {
                match self.claim(room).await {
                    Ok((token, rows)) => {
                        for row in rows {
                            let (inner, token) = (self.inner.clone(), token.clone());
                            running.spawn(async move {
                                let outcome = inner.attempt(&row).await;
                                (row, token, outcome)
                            });
                        }
                    }
                    Err(err) => tracing::warn!(%err, "webhook deliveries unavailable"),
                }
            }
            if *stop.borrow() {
                break;
            }
            tokio::select! {
                Some(done) = running.join_next(), if !running.is_empty() => {
                    let mut finished: Vec<Finished> = done.into_iter().collect();
                    while let Some(more) = running.try_join_next() {
                        finished.extend(more);
                    }
                    // A panicked attempt is not recorded; its claim expires and it is retried.
                    self.record(finished).await;
                }
                () = self.wake.notified() => {
                    tokio::time::sleep(GATHER.min(settings.poll)).await;
                }
                () = tokio::time::sleep(settings.poll) => {}
                _ = stop.changed() => break,
            }
        }
    }

    async fn claim(&self, room: usize) -> Result<(String, Vec<Claimed>), sqlx::Error> {
        let s = &self.inner.settings;
        let token = new_id();
        let now = now_millis();
        let limits = ClaimLimits {
            batch: i64::try_from(room).unwrap_or(i64::MAX),
            per_site: i64::try_from(s.per_site).unwrap_or(i64::MAX),
            oldest: now.saturating_sub(millis(s.max_age)),
        };
        let until = now.saturating_add(millis(s.lease()));
        let rows = storage::claim(&self.inner.pool, &token, now, until, limits).await?;
        Ok((token, rows))
    }

    async fn expire(&self) {
        let now = now_millis();
        let oldest = now.saturating_sub(millis(self.inner.settings.max_age));
        match storage::expire(&self.inner.pool, now, oldest).await {
            Ok(0) => {}
            Ok(n) => tracing::warn!(deliveries = n, "webhook deliveries given up: too old"),
            Err(err) => tracing::warn!(%err, "webhook deliveries unavailable"),
        }
    }

    /// Records finished attempts, one transaction per claim they came from.
    async fn record(&self, finished: Vec<Finished>) {
        let mut by_token: Vec<(String, Vec<Attempt>)> = Vec::new();
        for (row, token, result) in finished {
            let attempt = self.inner.settings.judge(&row, result, now_millis());
            match by_token.iter_mut().find(|(t, _)| *t == token) {
                Some((_, list)) => list.push(attempt),
                None => by_token.push((token, vec![attempt])),
            }
        }
        for (token, attempts) in by_token {
            if let Err(err) =
                storage::finish(&self.inner.pool, &token, now_millis(), &attempts).await
            {
                tracing::warn!(%err, "webhook attempts not recorded; they will be retried");
            }
        }
    }
}

impl WebhookSettings {
    /// What an attempt at `row` that ended with `result` at `now` means for the delivery.
    pub fn judge(
        &self,
        row: &Claimed,
        result: Result<i64, (Option<i64>, String)>,
        now: i64,
    ) -> Attempt {
        let (status, error) = match result {
            Ok(status) => {
                tracing::info!(id = %row.id, site = %row.site, event = %row.event, "webhook delivered");
                return Attempt {
                    id: row.id.clone(),
                    status: Some(status),
                    error: None,
                    outcome: Outcome::Delivered,
                };
            }
            Err(failure) => failure,
        };
        let attempts = row.attempts.saturating_add(1);
        let next = now.saturating_add(millis(self.backoff(attempts)));
        let deadline = row.created_at.saturating_add(millis(self.max_age));
        let (outcome, error) = if attempts >= i64::from(self.max_attempts) {
            (
                Outcome::Failed,
                format!("{error}; given up after {attempts} attempts"),
            )
        } else if next > deadline {
            (
                Outcome::Failed,
                format!("{error}; given up: too old for another attempt"),
            )
        } else {
            (
                Outcome::Retry {
                    next_attempt_at: next,
                },
                error,
            )
        };
        tracing::warn!(id = %row.id, site = %row.site, %error, ?outcome, "webhook not delivered");
        Attempt {
            id: row.id.clone(),
            status,
            error: Some(error),
            outcome,
        }
    }
}

impl Inner {
    /// One POST; `Ok(status)` for a 2xx, else the status (if any) and what went wrong.
    async fn attempt(&self, row: &Claimed) -> Result<i64, (Option<i64>, String)> {
        let endpoint = self
            .endpoints
            .find(&row.site, &row.event)
            .await
            .map_err(|e| (None, e))?;
        let url =
            reqwest::Url::parse(&endpoint.url).map_err(|e| (None, format!("webhook URL: {e}")))?;
        guard::check_url(&url, self.settings.allow_private).map_err(|e| (None, e))?;
        let timestamp = now_millis() / 1000;
        let body = row.payload.as_bytes();
        let mut request = self
            .client
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header("x-patron-event", &row.event);
        for (name, value) in signing::headers(&endpoint.secret, &row.id, timestamp, body) {
            request = request.header(name, value);
        }
        let response = request
            .body(row.payload.clone())
            .send()
            .await
            .map_err(|e| (None, format!("request failed: {}", chain(&e))))?;
        let status = i64::from(response.status().as_u16());
        if !response.status().is_success() {
            return Err((Some(status), format!("HTTP {status}")));
        }
        if self.endpoints.reads_answers(&row.event) {
            // The answer carries what the event asked for (a coupon code): it is recorded
            // before the delivery is, so a crash in between resends the event, and the
            // feature keeps the first answer it recorded.
            let answer = read_capped(response, ANSWER_MAX_BYTES)
                .await
                .map_err(|e| (Some(status), e))?;
            self.endpoints
                .answered(row, &answer)
                .await
                .map_err(|e| (Some(status), format!("answer not usable: {e}")))?;
        }
        Ok(status)
    }
}

/// The most of an answer read; a longer one is refused (and the attempt retried).
const ANSWER_MAX_BYTES: usize = 16 * 1024;

/// The answer's body, if it is at most `max` bytes.
async fn read_capped(mut response: reqwest::Response, max: usize) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| format!("reading the answer: {}", chain(&e)))?
    {
        if body.len() + chunk.len() > max {
            return Err(format!("the answer is longer than {max} bytes"));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
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

pub fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> WebhookSettings {
        WebhookSettings {
            poll: Duration::from_secs(1),
            backoff_base: Duration::from_millis(100),
            backoff_max: Duration::from_secs(1),
            timeout: Duration::from_secs(10),
            max_attempts: 4,
            max_age: Duration::from_secs(60),
            per_site: 2,
            concurrency: 8,
            allow_private: false,
        }
    }

    fn row(attempts: i64, created_at: i64) -> Claimed {
        Claimed {
            id: "d1".into(),
            site: "demo".into(),
            event: "survey.detractor".into(),
            reference: None,
            payload: "{}".into(),
            attempts,
            created_at,
        }
    }

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let s = settings();
        let waits: Vec<u128> = (1..=6).map(|n| s.backoff(n).as_millis()).collect();
        assert_eq!(waits, [100, 200, 400, 800, 1000, 1000]);
        assert_eq!(s.backoff(1_000).as_millis(), 1000);
    }

    #[test]
    fn a_delivery_is_given_up_after_its_attempts_or_its_age() {
        let s = settings();
        let fail = || Err((Some(500), "HTTP 500".to_owned()));
        assert_eq!(
            s.judge(&row(0, 0), fail(), 1_000).outcome,
            Outcome::Retry {
                next_attempt_at: 1_100
            }
        );
        let last = s.judge(&row(3, 0), fail(), 1_000);
        assert_eq!(last.outcome, Outcome::Failed);
        assert!(last.error.expect("error").contains("after 4 attempts"));
        // The next attempt would fall after created_at + 60 s.
        let old = s.judge(&row(1, 0), fail(), 59_900);
        assert_eq!(old.outcome, Outcome::Failed);
        assert_eq!(
            s.judge(&row(3, 0), Ok(204), 1_000).outcome,
            Outcome::Delivered
        );
    }
}
