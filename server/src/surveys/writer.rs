//! Group commit for responses. Requests hand their row to one writer task, which stores
//! whatever has queued up meanwhile in a single transaction. SQLite allows one writer at a
//! time and each commit waits for the disk flush; a commit per batch instead of per response
//! keeps full durability (a receipt is only sent after its row is on disk) at many times the
//! throughput. A batch that fails is retried one response at a time, so one bad row cannot
//! fail its neighbours.

use sqlx::AnyPool;
use tokio::sync::{mpsc, oneshot};

use super::storage::{self, NewResponse, Stored};
use crate::error::AppError;
use crate::webhooks::NewDelivery;

/// Responses per transaction at most.
pub const MAX_BATCH: usize = 128;
/// Requests waiting for the writer at most; more wait to enqueue (back-pressure).
const QUEUE: usize = 4096;

type Reply = oneshot::Sender<Result<Stored, String>>;

struct Job {
    row: NewResponse,
    alert: Option<NewDelivery>,
    reply: Reply,
}

/// The handle requests use; cheap to clone.
#[derive(Clone)]
pub struct ResponseWriter {
    queue: mpsc::Sender<Job>,
}

impl ResponseWriter {
    /// Starts the writer task; it ends when the last handle is dropped.
    pub fn start(pool: AnyPool) -> Self {
        let (queue, jobs) = mpsc::channel(QUEUE);
        tokio::spawn(run(pool, jobs));
        Self { queue }
    }

    /// Stores `row` (and its alert, in the same transaction) once its batch has committed.
    pub async fn insert(
        &self,
        row: NewResponse,
        alert: Option<NewDelivery>,
    ) -> Result<Stored, AppError> {
        let (reply, answer) = oneshot::channel();
        self.queue
            .send(Job { row, alert, reply })
            .await
            .map_err(|_| AppError::Unavailable("the response writer has stopped".into()))?;
        answer
            .await
            .map_err(|_| AppError::Unavailable("the response writer has stopped".into()))?
            .map_err(|e| AppError::Internal(format!("storing a response: {e}")))
    }
}

async fn run(pool: AnyPool, mut jobs: mpsc::Receiver<Job>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while jobs.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let (rows, replies): (Vec<_>, Vec<_>) =
            batch.drain(..).map(|j| ((j.row, j.alert), j.reply)).unzip();
        match storage::insert_responses(&pool, &rows).await {
            Ok(outcomes) => {
                for (reply, outcome) in replies.into_iter().zip(outcomes) {
                    let _ = reply.send(Ok(outcome));
                }
            }
            Err(err) if rows.len() > 1 => {
                tracing::warn!(%err, size = rows.len(), "response batch failed; storing one by one");
                for (row, reply) in rows.into_iter().zip(replies) {
                    let one = storage::insert_responses(&pool, std::slice::from_ref(&row)).await;
                    let outcome = match one {
                        Ok(mut o) => o.pop().ok_or_else(|| "no outcome".to_owned()),
                        Err(e) => Err(e.to_string()),
                    };
                    let _ = reply.send(outcome);
                }
            }
            Err(err) => {
                for reply in replies {
                    let _ = reply.send(Err(err.to_string()));
                }
            }
        }
    }
}
