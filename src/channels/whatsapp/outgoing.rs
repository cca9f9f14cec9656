//! Sending replies on WhatsApp: rendered ([`render`]) and posted through
//! the Graph API ([`GraphClient`]), remembering numbered choices so that a
//! typed number picks one.
//!
//! WhatsApp cannot change a sent message: a reply that [edits](Reply::edits)
//! one comes as a new message. Files are not sent yet (see ARCHITECTURE.md):
//! their text goes alone, and a meeting invitation's text already holds its
//! date, time and place.
//!
//! The 24-hour window is kept here, so the dialogue core and the outbox stay
//! platform-neutral: a message to a person who has not written for 24 hours
//! (or never), or one Meta refuses with 131047, goes as its approved
//! [template](Templates) and comes back [`SendError::AwaitsPerson`]; the
//! outbox holds the full message until the person writes.

use chrono::Duration;

use super::client::GraphClient;
use super::render::render;
use super::templates::Templates;
use super::wire::Outgoing;
use crate::channels::{SendError, Sender};
use crate::clock::Clock;
use crate::dialogue::Reply;
use crate::i18n::Reader;
use crate::store::{Db, whatsapp as chats};

/// Sends on WhatsApp.
#[derive(Clone)]
pub struct WhatsAppSender {
    client: GraphClient,
    db: Db,
    clock: Clock,
    templates: Templates,
}

/// How long after a person's last message the bot may write freely.
const WINDOW: Duration = Duration::hours(24);

impl WhatsAppSender {
    pub fn new(client: GraphClient, db: Db, clock: Clock, templates: Templates) -> WhatsAppSender {
        WhatsAppSender { client, db, clock, templates }
    }

    /// Whether the person of `chat` wrote within the last 24 hours.
    async fn in_window(&self, chat: &str) -> Result<bool, SendError> {
        let last =
            chats::last_inbound(&self.db, chat).await.map_err(|error| SendError::Transient(format!("{error:#}")))?;
        Ok(last.is_some_and(|at| self.clock.now() - at < WINDOW))
    }

    /// Sends the template standing in for `reply`, if its kind has one; the
    /// full reply then waits for the person.
    async fn stand_in(&self, chat: &str, reader: Reader, reply: &Reply) -> SendError {
        let Some(body) = self.templates.message_for(&reply.text, reader) else {
            return SendError::AwaitsPerson(None);
        };
        match self.client.send(&Outgoing::new(chat, body)).await {
            Ok(id) => SendError::AwaitsPerson(Some(id)),
            Err(error) => error,
        }
    }

    /// Sends `reply` as it is, as one message or a few.
    async fn send_whole(&self, chat: &str, reader: Reader, reply: &Reply) -> Result<String, SendError> {
        let rendered = render(reply, reader);
        // Remembered before the message goes: the answer cannot come sooner.
        chats::offer_choices(&self.db, chat, rendered.numbered.as_deref())
            .await
            .map_err(|error| SendError::Transient(format!("{error:#}")))?;
        let mut sent = String::new();
        for body in rendered.bodies {
            sent = self.client.send(&Outgoing::new(chat, body)).await?;
        }
        Ok(sent)
    }
}

impl Sender for WhatsAppSender {
    /// WhatsApp has nothing to answer for a pressed button.
    type Tapped = ();

    /// Sends the reply as one message or a few (a long text first, the
    /// buttons last); returns the last one's id. Outside the 24-hour window
    /// its template goes instead and the reply waits for the person.
    async fn send(&self, chat: &str, reader: Reader, reply: &Reply) -> Result<String, SendError> {
        if !self.in_window(chat).await? {
            return Err(self.stand_in(chat, reader, reply).await);
        }
        match self.send_whole(chat, reader, reply).await {
            Err(SendError::AwaitsPerson(_)) => Err(self.stand_in(chat, reader, reply).await),
            sent => sent,
        }
    }

    async fn acknowledge(&self, _tapped: &(), _chosen: bool) {}
}
