//! The scheduler: fires stored jobs (`src/store/jobs.rs`) at their moment,
//! each through the handler registered for its kind. It knows nothing of
//! meetings, reminders or channels; features register kinds in [`Handlers`].
//!
//! How a job fires: the loop claims due jobs in a transaction (which marks
//! them done), calls each one's handler with that transaction, and commits.
//! A handler writes what the job causes (outbox rows) through the same
//! transaction and sends nothing itself, so a job's effects are committed
//! exactly once, though its handler may run more than once: a crash or an
//! error before the commit leaves the job pending and its effects unwritten.
//! When a handler fails, the batch rolls back, the failed job is tried
//! again after [`retry_delay`] (on the clock), and the others are claimed
//! again at once. On PostgreSQL several bot processes may run the loop:
//! a claim skips rows another process holds. A database error (the server
//! gone for a while) is logged and the loop pauses, doubling from a quarter
//! of a second to five seconds, then carries on where it was.
//!
//! The time of day comes only from the injected [`Clock`]: the loop sleeps
//! with [`Clock::sleep_until`] until the next job is due (at most
//! [`POLL`]), or until [`Scheduler::wake`] says a job was added. Only the
//! short pauses after errors are real time, as a database comes back in
//! real time.

use std::collections::HashMap;
use std::pin::Pin;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::clock::Clock;
use crate::store::jobs::{self, Job, Outcome};
use crate::store::{Db, Tx};

/// Jobs claimed, and fired, in one transaction.
const BATCH: i64 = 20;

/// The table is read at least this often even when nothing is due: it
/// catches jobs another bot process added and a system clock set forward.
pub const POLL: Duration = Duration::minutes(1);

/// How long to wait when due jobs are held by another process's claim.
const HELD_ELSEWHERE: std::time::Duration = std::time::Duration::from_millis(500);

/// The pause after a database error: the first, and the longest.
const OUTAGE_PAUSE: std::time::Duration = std::time::Duration::from_millis(250);
const OUTAGE_PAUSE_MAX: std::time::Duration = std::time::Duration::from_secs(5);

/// A failed job is tried again after this, doubling with every failure up
/// to [`RETRY_MAX`].
pub const RETRY_FIRST: Duration = Duration::minutes(1);
pub const RETRY_MAX: Duration = Duration::hours(1);

/// A handler at work on one job.
pub type Firing<'a> = Pin<Box<dyn Future<Output = anyhow::Result<Outcome>> + Send + 'a>>;

/// Fires one job: writes through the claim's transaction, at the claim's `now`.
type Handler = Arc<dyn for<'a> Fn(&'a mut Tx, &'a Job, DateTime<Utc>) -> Firing<'a> + Send + Sync>;

/// The handler of each kind of job.
#[derive(Clone, Default)]
pub struct Handlers {
    by_kind: HashMap<String, Handler>,
}

impl Handlers {
    /// Fires jobs of `kind` with `handler`, e.g.
    /// `.on("meeting-reminder", |tx, job, now| Box::pin(remind(tx, job, now)))`.
    /// The handler gets the claim's transaction (write the job's effects
    /// through it, send nothing), the job and the current time; it returns
    /// [`Outcome::Dropped`] to skip a job, e.g. when
    /// [`Job::is_stale`]. An error rolls the claim back and the job is tried
    /// again later.
    pub fn on<F>(mut self, kind: &str, handler: F) -> Handlers
    where
        F: for<'a> Fn(&'a mut Tx, &'a Job, DateTime<Utc>) -> Firing<'a> + Send + Sync + 'static,
    {
        self.by_kind.insert(kind.to_owned(), Arc::new(handler));
        self
    }

    /// A job of a kind nobody registered (left by a newer or older build)
    /// is logged and dropped rather than tried for ever.
    async fn fire(&self, tx: &mut Tx, job: &Job, now: DateTime<Utc>) -> anyhow::Result<Outcome> {
        match self.by_kind.get(&job.kind) {
            Some(handler) => handler(tx, job, now).await,
            None => {
                tracing::warn!(kind = %job.kind, key = %job.key, "no handler for this kind of job; dropped");
                Ok(Outcome::Dropped)
            }
        }
    }
}

/// A handle on the running scheduler; clones are cheap and share it.
#[derive(Clone, Debug)]
pub struct Scheduler {
    wake: Arc<Notify>,
}

impl Scheduler {
    /// Starts the loop under `tasks`; it stops when `shutdown` is cancelled
    /// (at once while it waits; after the batch in hand while it fires).
    pub fn start(db: Db, clock: Clock, handlers: Handlers, shutdown: CancellationToken, tasks: &TaskTracker) -> Self {
        let wake = Arc::new(Notify::new());
        tasks.spawn(Loop { db, clock, handlers, wake: wake.clone() }.run(shutdown));
        Scheduler { wake }
    }

    /// Tells the loop that a job was committed, so it looks again at once
    /// instead of sleeping on until a later job.
    pub fn wake(&self) {
        self.wake.notify_one();
    }
}

/// How long a failed job waits before its next try, after `attempts`
/// earlier failures.
pub fn retry_delay(attempts: i64) -> Duration {
    let doublings = attempts.clamp(0, 10) as u32;
    (RETRY_FIRST * 2i32.pow(doublings)).min(RETRY_MAX)
}

struct Loop {
    db: Db,
    clock: Clock,
    handlers: Handlers,
    wake: Arc<Notify>,
}

/// Until when the loop waits (unless woken or stopped).
enum Pause {
    /// Not at all: more jobs may be due.
    None,
    /// A moment on the clock.
    Until(DateTime<Utc>),
    /// A stretch of real time.
    For(std::time::Duration),
}

impl Loop {
    async fn run(self, shutdown: CancellationToken) {
        let mut outage_pause = OUTAGE_PAUSE;
        loop {
            // Not cancelled half-way: a batch in hand is finished first.
            let pause = match self.fire_batch_due().await {
                Ok(pause) => {
                    outage_pause = OUTAGE_PAUSE;
                    pause
                }
                Err(error) => {
                    tracing::warn!(error = format!("{error:#}"), "scheduler: database error; trying again shortly");
                    let pause = Pause::For(outage_pause);
                    outage_pause = (outage_pause * 2).min(OUTAGE_PAUSE_MAX);
                    pause
                }
            };
            tokio::select! {
                biased;
                _ = shutdown.cancelled() => return,
                _ = self.wake.notified() => {}
                _ = self.sleep(pause) => {}
            }
        }
    }

    async fn sleep(&self, pause: Pause) {
        match pause {
            Pause::None => {}
            Pause::Until(at) => self.clock.sleep_until(at).await,
            Pause::For(wait) => tokio::time::sleep(wait).await,
        }
    }

    /// Fires a batch of the jobs due now in one transaction, and says how
    /// long to wait before the next batch.
    async fn fire_batch_due(&self) -> anyhow::Result<Pause> {
        let now = self.clock.now();
        let mut tx = self.db.begin().await?;
        let due = jobs::claim_due(&mut tx, now, BATCH).await?;
        if due.is_empty() {
            tx.commit().await?;
            return Ok(match jobs::next_due(&self.db).await? {
                // Due, yet not claimed: another process is firing it.
                Some(at) if at <= now => Pause::For(HELD_ELSEWHERE),
                Some(at) => Pause::Until(at.min(now + POLL)),
                None => Pause::Until(now + POLL),
            });
        }
        match self.fire_batch(&mut tx, &due, now).await {
            Ok(()) => tx.commit().await?,
            Err((job, error)) => {
                drop(tx); // rolls the whole batch back
                let retry_at = now + retry_delay(job.attempts);
                let error = format!("{error:#}");
                tracing::warn!(kind = %job.kind, key = %job.key, %retry_at, error, "job failed; will try again");
                jobs::retry_later(&self.db, job.id, retry_at, &error).await?;
            }
        }
        Ok(Pause::None)
    }

    /// Runs the handlers of claimed jobs in the claim's transaction; on a
    /// failure, which job failed and why.
    async fn fire_batch<'j>(
        &self,
        tx: &mut Tx,
        due: &'j [Job],
        now: DateTime<Utc>,
    ) -> Result<(), (&'j Job, anyhow::Error)> {
        for job in due {
            let outcome = self.handlers.fire(tx, job, now).await.map_err(|error| (job, error))?;
            if outcome == Outcome::Dropped {
                jobs::mark_dropped(tx, job.id).await.map_err(|error| (job, error.into()))?;
            }
            tracing::debug!(kind = %job.kind, key = %job.key, ?outcome, "job fired");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failing_job_waits_longer_each_time_up_to_an_hour() {
        assert_eq!(retry_delay(0), Duration::minutes(1));
        assert_eq!(retry_delay(1), Duration::minutes(2));
        assert_eq!(retry_delay(5), Duration::minutes(32));
        assert_eq!(retry_delay(6), RETRY_MAX);
        assert_eq!(retry_delay(1_000), RETRY_MAX);
    }
}
