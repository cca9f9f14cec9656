//! Sending replies on WhatsApp: rendered ([`render`]) and posted through
//! the Graph API ([`GraphClient`]), remembering numbered choices so that a
//! typed number picks one.
//!
//! WhatsApp cannot change a sent message: a reply that [edits](Reply::edits)
//! one comes as a new message. Files are not sent yet (see ARCHITECTURE.md):
//! their text goes alone, and a meeting invitation's text already holds its
//! date, time and place.

use super::client::GraphClient;
use super::render::render;
use super::wire::Outgoing;
use crate::channels::{SendError, Sender};
use crate::dialogue::Reply;
use crate::i18n::Reader;
use crate::store::{Db, whatsapp as chats};

/// Sends on WhatsApp.
#[derive(Clone)]
pub struct WhatsAppSender {
    client: GraphClient,
    db: Db,
}

impl WhatsAppSender {
    pub fn new(client: GraphClient, db: Db) -> WhatsAppSender {
        WhatsAppSender { client, db }
    }
}

impl Sender for WhatsAppSender {
    /// WhatsApp has nothing to answer for a pressed button.
    type Tapped = ();

    /// Sends the reply as one message or a few (a long text first, the
    /// buttons last); returns the last one's id.
    async fn send(&self, chat: &str, reader: Reader, reply: &Reply) -> Result<String, SendError> {
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

    async fn acknowledge(&self, _tapped: &(), _chosen: bool) {}
}
