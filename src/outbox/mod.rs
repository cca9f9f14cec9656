//! The outbox: everything the bot sends goes through it.
//!
//! A message is written as a row ([`NewMessage`]) in the same transaction as
//! what causes it, channel-neutral (a [`Reply`] of locale keys and taps) and,
//! for broadcasts, with an idempotency key so a second write is a no-op. It is
//! rendered only when sent, in the recipient's current language.
//!
//! - Replies to what a user just sent are written claimed by the step that
//!   made them, and [`Outbox::send_replies`] sends them at once, after the
//!   commit. If that fails (a 429, a 5xx, a timeout) or the process dies
//!   first, the row stays and the [`worker`] sends it later, like any other.
//! - The worker claims due rows, highest priority first and one chat's rows
//!   in order, and sends them under the [`Pacer`]: a global rate for the
//!   channel, at most about one broadcast message per second per chat, and
//!   replies before any broadcast.
//!
//! Crash safety: a row is marked sent, with the platform's id of the message
//! (to edit it later), shortly after it is sent (in batches, every
//! [`ACK_EVERY`]); if the process is killed in between, the row is sent
//! again once its claim expires. So a message can go out twice only if it was
//! in flight (sent, or being sent, and not yet marked) at the moment of the
//! kill; nothing is lost.

mod pacer;
pub mod sender;
pub mod worker;

use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::{Notify, mpsc};
use tokio_util::sync::CancellationToken;

pub use pacer::{Limits, Pacer};

use crate::clock::Clock;
use crate::domain::channel::Channel;
use crate::i18n::Reader;
use crate::reply::Reply;
use crate::store::{Db, outbox as rows};
use sender::{SendError, Sender};

/// How often sent rows are marked sent (in one write for all of them).
pub const ACK_EVERY: Duration = Duration::from_millis(50);
/// Tries before a message that keeps failing is given up (and shown failed).
pub const MAX_ATTEMPTS: i32 = 6;

/// The outbox of one process: the database, the pacing, and the batch of
/// sent rows waiting to be marked.
#[derive(Clone)]
pub struct Outbox {
    db: Db,
    clock: Clock,
    pacer: std::sync::Arc<Pacer>,
    sent: mpsc::UnboundedSender<(i64, String)>,
    wake: std::sync::Arc<Notify>,
}

impl Outbox {
    /// The outbox on `db`; starts the task that marks sent rows, which
    /// finishes its last batch when `shutdown` is cancelled.
    pub fn start(
        db: Db,
        clock: Clock,
        limits: Limits,
        shutdown: CancellationToken,
    ) -> (Outbox, impl Future<Output = ()>) {
        let (sent, marks) = mpsc::unbounded_channel();
        let acker = mark_sent(db.clone(), clock.clone(), marks, shutdown);
        let outbox =
            Outbox { db, clock, pacer: std::sync::Arc::new(Pacer::new(limits)), sent, wake: std::sync::Arc::default() };
        (outbox, acker)
    }

    pub fn pacer(&self) -> &Pacer {
        &self.pacer
    }

    /// Tells the worker that new rows are waiting (after their commit).
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Sends a step's replies, in order, right after the step committed
    /// them. The first one that cannot go now is left, with the rest, to the
    /// worker; returns how many went.
    pub async fn send_replies<S: Sender>(
        &self,
        sender: &S,
        channel: Channel,
        chat: &str,
        reader: Reader,
        replies: &[(i64, Reply)],
    ) -> usize {
        for (sent, (id, reply)) in replies.iter().enumerate() {
            self.pacer.reply_turn().await;
            let result = sender.send(chat, reader, reply).await;
            let went = result.is_ok();
            let waiting: Vec<i64> = replies[sent..].iter().map(|(id, _)| *id).collect();
            if let Err(error) = self.settle(channel, *id, 1, chat, result, &waiting).await {
                tracing::error!(chat, error = format!("{error:#}"), "could not record what became of a reply");
            }
            if !went {
                self.wake();
                return sent;
            }
        }
        replies.len()
    }

    /// Records what became of message `id`; on a failure that may pass,
    /// `also` (the chat's messages behind it, `id` included) waits too.
    pub(crate) async fn settle(
        &self,
        channel: Channel,
        id: i64,
        attempts: i32,
        chat: &str,
        result: Result<String, SendError>,
        also: &[i64],
    ) -> anyhow::Result<()> {
        let now = self.clock.now();
        match result {
            Ok(platform_id) => {
                let _ = self.sent.send((id, platform_id));
            }
            Err(SendError::RetryAfter(wait)) => {
                self.pacer.pause(wait);
                rows::retry_later(&self.db, also, now + to_chrono(wait), "rate limited").await?;
            }
            Err(SendError::Transient(error)) if attempts < MAX_ATTEMPTS => {
                tracing::warn!(chat, attempts, %error, "send failed; will retry");
                rows::retry_later(&self.db, also, now + backoff(attempts), &error).await?;
            }
            Err(SendError::Transient(error) | SendError::Permanent(error)) => {
                tracing::error!(chat, attempts, %error, "message given up");
                rows::mark_failed(&self.db, id, &error).await?;
                // The chat's next messages need not wait for this one.
                let rest: Vec<i64> = also.iter().copied().filter(|m| *m != id).collect();
                rows::retry_later(&self.db, &rest, now, "").await?;
            }
            Err(SendError::AwaitsPerson(template)) => {
                tracing::info!(chat, "held until the person writes");
                rows::hold(&self.db, id, template.as_deref(), now).await?;
                // The chat's next messages need not wait for this one.
                let rest: Vec<i64> = also.iter().copied().filter(|m| *m != id).collect();
                rows::retry_later(&self.db, &rest, now, "").await?;
            }
            Err(SendError::Blocked) => {
                tracing::info!(chat, "recipient blocked the bot; marked unreachable");
                rows::mark_unreachable(&self.db, id, channel.as_str(), chat, now).await?;
            }
        }
        Ok(())
    }
}

/// Waits before try `attempts + 1`: 2 s, 4 s, 8 s… up to 5 minutes.
fn backoff(attempts: i32) -> chrono::Duration {
    chrono::Duration::seconds((2i64 << attempts.clamp(0, 8)).min(300))
}

fn to_chrono(wait: Duration) -> chrono::Duration {
    chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::seconds(60))
}

/// Marks sent rows in batches until shutdown, then the last batch.
async fn mark_sent(
    db: Db,
    clock: Clock,
    mut marks: mpsc::UnboundedReceiver<(i64, String)>,
    shutdown: CancellationToken,
) {
    let mut batch = Vec::new();
    loop {
        let stop = tokio::select! {
            _ = shutdown.cancelled() => true,
            _ = tokio::time::sleep(ACK_EVERY) => false,
        };
        while let Ok(sent) = marks.try_recv() {
            batch.push(sent);
        }
        if !batch.is_empty() {
            let now: DateTime<Utc> = clock.now();
            let mut marked = 0;
            for chunk in batch.chunks(400) {
                if let Err(error) = rows::mark_sent(&db, chunk, now).await {
                    // The rest is kept for the next round: the database may
                    // be back by then (unmarked, they would be sent again).
                    tracing::warn!(error = format!("{error:#}"), "could not mark sent messages; will retry");
                    break;
                }
                marked += chunk.len();
            }
            batch.drain(..marked);
        }
        if stop {
            return;
        }
    }
}
