//! Nothing answered 200 is lost: a notification's messages and statuses
//! are kept in the database's inbox ([`store::inbox`]) before the webhook
//! answers, and handled from there, each chat's in order. After a crash
//! the next run handles what was kept and not yet done; an update handled
//! before the crash is a duplicate for the engine and gets nothing again.
//!
//! When the inbox cannot be written (the database is down), the
//! notification is handled in memory as it comes: its messages then get
//! the apology that nothing was saved, which is true.

use std::collections::HashSet;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use super::chats::Chats;
use super::incoming::{Arrival, Events};
use crate::clock::Clock;
use crate::store::Db;
use crate::store::inbox::{self, Accepted, Claimed};
use crate::store::whatsapp::Delivery;

/// WhatsApp's name in the inbox's `channel` column.
const CHANNEL: &str = "whatsapp";
/// The most updates one process has in hand at once.
const IN_HAND: usize = 64;
/// How often the inbox is looked at with no news of it (updates another
/// process kept, claims that ran out).
const POLL: Duration = Duration::from_secs(1);
/// How long to wait before trying again to mark an update done.
const DONE_RETRY: Duration = Duration::from_secs(1);

/// One update of a notification, as the inbox's `event` column holds it.
#[derive(Debug, Serialize, Deserialize)]
pub enum Event {
    Message(Arrival),
    Status { wamid: String, delivery: Delivery },
}

impl Event {
    /// A notification's updates: its messages, then its statuses.
    pub fn all(events: Events) -> Vec<Event> {
        let statuses = events.statuses.into_iter().map(|(wamid, delivery)| Event::Status { wamid, delivery });
        events.messages.into_iter().map(Event::Message).chain(statuses).collect()
    }

    /// The queue it waits in: its chat, or (for a status) its message's,
    /// so that a message's statuses keep the order they came in.
    fn queue(&self) -> String {
        match self {
            Event::Message(arrival) => arrival.incoming.chat_id.clone(),
            Event::Status { wamid, .. } => format!("status {wamid}"),
        }
    }

    /// The update as the inbox keeps it.
    fn accepted(&self) -> serde_json::Result<Accepted> {
        let update_id = match self {
            Event::Message(arrival) => arrival.incoming.update_id.clone(),
            Event::Status { wamid, delivery } => format!("{wamid} {}", delivery.name()),
        };
        Ok(Accepted { chat_id: self.queue(), update_id, event: serde_json::to_string(self)? })
    }
}

/// What acts on an update (the channel's handling of a message or status);
/// true when its step deleted the update's inbox row itself.
pub type Handler = Arc<dyn Fn(Event) -> Pin<Box<dyn Future<Output = bool> + Send>> + Send + Sync>;

/// The inbox of one process: it keeps updates, claims kept ones and runs
/// them, each chat's after its earlier ones.
pub struct Inbox {
    db: Db,
    clock: Clock,
    chats: Chats,
    /// Woken when updates were kept or one was done.
    news: Notify,
    /// The updates this process claimed and has not yet marked done.
    in_hand: Mutex<HashSet<i64>>,
}

impl Inbox {
    pub fn new(db: Db, clock: Clock) -> Arc<Inbox> {
        let (chats, news, in_hand) = (Chats::default(), Notify::new(), Mutex::default());
        Arc::new(Inbox { db, clock, chats, news, in_hand })
    }

    /// Keeps a notification's updates and starts on those next in their
    /// chat (the others follow through the processor); when they cannot be
    /// kept, hands them all to `handler` at once.
    pub async fn keep(self: &Arc<Self>, events: Vec<Event>, handler: &Handler) {
        let kept = events.iter().map(Event::accepted).collect::<serde_json::Result<Vec<_>>>();
        let now = self.clock.now();
        let error = match kept {
            Ok(kept) => match inbox::accept(&self.db, CHANNEL, &kept, now, now + inbox::LEASE).await {
                Ok(claimed) => {
                    claimed.into_iter().for_each(|update| self.take(update, handler));
                    return self.news.notify_one();
                }
                Err(error) => format!("{error:#}"),
            },
            Err(error) => error.to_string(),
        };
        tracing::warn!(error, updates = events.len(), "updates not kept in the inbox; handled in memory");
        for event in events {
            self.queue(event, None, handler.clone());
        }
    }

    /// Takes kept updates and hands them to `handler` until `shutdown`.
    pub async fn process(self: Arc<Self>, handler: Handler, shutdown: CancellationToken) {
        loop {
            let free = IN_HAND.saturating_sub(self.in_hand.lock().expect("never poisoned").len());
            if free > 0 {
                let now = self.clock.now();
                match inbox::claim(&self.db, CHANNEL, now, now + inbox::LEASE, free as i64).await {
                    Ok(claimed) => claimed.into_iter().for_each(|update| self.take(update, &handler)),
                    Err(error) => tracing::warn!(error = format!("{error:#}"), "the inbox could not be read"),
                }
            }
            tokio::select! {
                () = self.news.notified() => {}
                () = tokio::time::sleep(POLL) => {}
                () = shutdown.cancelled() => return,
            }
        }
    }

    /// Waits for the updates in hand (at shutdown).
    pub async fn finish(&self) {
        self.chats.finish().await;
    }

    /// Queues a claimed update behind its chat's, unless already in hand.
    fn take(self: &Arc<Self>, update: Claimed, handler: &Handler) {
        if !self.in_hand.lock().expect("never poisoned").insert(update.id) {
            return;
        }
        match serde_json::from_str::<Event>(&update.event) {
            Ok(event) => self.queue(event, Some(update.id), handler.clone()),
            Err(error) => {
                // Kept by another version of the bot: it must not hold up the chat.
                tracing::error!(id = update.id, %error, "an unreadable update in the inbox given up");
                let inbox = self.clone();
                self.chats.run(&update.chat_id, async move { inbox.done(update.id).await });
            }
        }
    }

    /// Runs an update after its chat's earlier ones; one from the inbox
    /// (`kept`) is deleted by the step that handles it or, when no step
    /// was written (a duplicate, a failure, a status), marked done after.
    fn queue(self: &Arc<Self>, mut event: Event, kept: Option<i64>, handler: Handler) {
        if let Event::Message(arrival) = &mut event {
            arrival.incoming.inbox_id = kept;
        }
        let inbox = self.clone();
        self.chats.run(&event.queue(), async move {
            let deleted = handler(event).await;
            match kept {
                Some(id) if deleted => inbox.settled(id),
                Some(id) => inbox.done(id).await,
                None => {}
            }
        });
    }

    /// Update `id` is gone from the inbox: the chat's next one may go.
    fn settled(&self, id: i64) {
        self.in_hand.lock().expect("never poisoned").remove(&id);
        self.news.notify_one();
    }

    /// Marks update `id` done, trying again while the database is away
    /// (for as long as the claim holds): it was answered, and must not be
    /// handled again.
    async fn done(&self, id: i64) {
        let deadline = tokio::time::Instant::now() + inbox::LEASE.to_std().expect("positive");
        while let Err(error) = inbox::done(&self.db, id).await {
            if tokio::time::Instant::now() >= deadline {
                tracing::error!(id, error = format!("{error:#}"), "a handled update could not be marked done");
                break;
            }
            tracing::warn!(id, error = format!("{error:#}"), "a handled update not yet marked done");
            tokio::time::sleep(DONE_RETRY).await;
        }
        self.settled(id);
    }
}
