//! The sender of one channel: claims due messages from the outbox, highest
//! priority first, sends them under the [`Pacer`](super::Pacer) a few at a
//! time, and records what became of each. It sleeps until woken (a new
//! broadcast was committed) or for [`POLL`], and stops at shutdown.
//!
//! A database error (PostgreSQL stopped) pauses it: it waits and tries
//! again; nothing is lost, since unsent rows stay in the table.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use super::Outbox;

use crate::domain::channel::Channel;
use crate::i18n::Reader;
use crate::outbox::sender::Sender;
use crate::store::outbox as rows;
use crate::store::outbox::{LEASE, Message, Priority};

/// How often the outbox is looked at when nobody wakes the worker.
pub const POLL: Duration = Duration::from_secs(1);
/// Messages claimed at once.
const BATCH: i64 = 100;
/// Sends under way at once (each waits for its turn from the pacer).
const IN_FLIGHT: usize = 16;
/// How long to wait after a database error.
const ON_ERROR: Duration = Duration::from_secs(2);

/// Sends the outbox of `channel` until `shutdown`.
pub async fn run<S: Sender + Clone + 'static>(
    outbox: Outbox,
    sender: S,
    channel: Channel,
    shutdown: CancellationToken,
) {
    let in_flight = Arc::new(Semaphore::new(IN_FLIGHT));
    let mut rounds = 0u64;
    loop {
        let now = outbox.clock.now();
        let batch = match rows::claim_due(&outbox.db, channel.as_str(), now, now + LEASE, BATCH).await {
            Ok(batch) => batch,
            Err(error) => {
                tracing::warn!(error = format!("{error:#}"), "outbox unreachable; will try again");
                if wait(&outbox, &shutdown, ON_ERROR).await {
                    return;
                }
                continue;
            }
        };
        let full = batch.len() as i64 == BATCH;
        let mut sends = JoinSet::new();
        for message in batch {
            let permit = in_flight.clone().acquire_owned().await.expect("never closed");
            let (outbox, sender) = (outbox.clone(), sender.clone());
            sends.spawn(async move {
                deliver(&outbox, &sender, channel, message).await;
                drop(permit);
            });
        }
        while sends.join_next().await.is_some() {}
        rounds += 1;
        if rounds.is_multiple_of(600) {
            outbox.pacer.forget_idle_chats();
        }
        if !full && wait(&outbox, &shutdown, POLL).await {
            return;
        }
        if shutdown.is_cancelled() {
            return;
        }
    }
}

/// Sends one claimed message and records the result.
async fn deliver<S: Sender>(outbox: &Outbox, sender: &S, channel: Channel, message: Message) {
    if message.priority == Priority::Reply as i32 {
        outbox.pacer.reply_turn().await;
    } else {
        outbox.pacer.broadcast_turn(&message.chat_id).await;
    }
    let reader = Reader::new(message.lang, message.time_zone);
    let result = sender.send(&message.chat_id, reader, &message.reply).await;
    let settled = outbox.settle(channel, message.id, message.attempts, &message.chat_id, result, &[message.id]).await;
    if let Err(error) = settled {
        tracing::error!(error = format!("{error:#}"), "could not record what became of a message");
    }
}

/// Sleeps for `how_long` or until woken; true when it is time to stop.
async fn wait(outbox: &Outbox, shutdown: &CancellationToken, how_long: Duration) -> bool {
    tokio::select! {
        _ = shutdown.cancelled() => true,
        _ = outbox.wake.notified() => false,
        _ = tokio::time::sleep(how_long) => false,
    }
}
