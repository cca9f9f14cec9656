//! Sending replies on WhatsApp: rendered ([`render`]) and posted through
//! the Graph API ([`GraphClient`]), files uploaded once ([`Media`]),
//! remembering numbered choices so that a typed number picks one: all
//! those of one answer, until a later answer offers none.
//!
//! WhatsApp cannot change a sent message: a reply that [edits](Reply::edits)
//! one comes as a new message. A reply sent as several messages (a long
//! text, a file before its text) is one outbox row with the last message's
//! id; the others are remembered too, so their delivery statuses count.
//!
//! The 24-hour window is kept here, so the dialogue core and the outbox stay
//! platform-neutral: a message to a person who has not written for 24 hours
//! (or never), or one Meta refuses with 131047, goes as its approved
//! [template](Templates) and comes back [`SendError::AwaitsPerson`]; the
//! outbox holds the full message until the person writes. One template
//! stands for all of a chat's held messages: while one waits for an answer
//! (for a day at most), the next messages wait with it without a template
//! of their own.

use chrono::Duration;
use tokio::sync::Mutex;

use super::client::GraphClient;
use super::media::Media;
use super::render::render;
use super::templates;
use super::wire::Outgoing;
use crate::clock::Clock;
use crate::config::templates::Templates;
use crate::i18n::Reader;
use crate::outbox::sender::{SendError, Sender};
use crate::reply::Reply;
use crate::store::Db;
use crate::store::whatsapp::{self as chats, ChatState};

/// Sends on WhatsApp.
#[derive(Clone)]
pub struct WhatsAppSender {
    client: GraphClient,
    media: Media,
    db: Db,
    clock: Clock,
    templates: Templates,
}

/// How long after a person's last message the bot may write freely.
const WINDOW: Duration = Duration::hours(24);

/// A failed read or write of what the sender remembers: the message may go later.
fn store_error(error: anyhow::Error) -> SendError {
    SendError::Transient(format!("{error:#}"))
}

impl WhatsAppSender {
    pub fn new(client: GraphClient, media: Media, db: Db, clock: Clock, templates: Templates) -> WhatsAppSender {
        WhatsAppSender { client, media, db, clock, templates }
    }

    /// Sends the template standing in for `reply`, if its kind has one and
    /// no other template of the chat is waiting for an answer (then it
    /// stands for this one too); the full reply waits for the person.
    pub(super) async fn stand_in(&self, chat: &str, reader: Reader, reply: &Reply) -> SendError {
        match chats::held_template(&self.db, chat, self.clock.now()).await {
            Ok(Some(waiting)) => return SendError::AwaitsPerson(Some(waiting)),
            Ok(None) => {}
            Err(error) => return store_error(error),
        }
        let Some(body) = templates::message_for(&self.templates, &reply.text, reader) else {
            return SendError::AwaitsPerson(None);
        };
        match self.client.send(&Outgoing::new(chat, body)).await {
            Ok(id) => SendError::AwaitsPerson(Some(id)),
            Err(error) => error,
        }
    }

    /// Sends `reply` as it is, as one message or a few: its file first.
    async fn send_whole(
        &self,
        chat: &str,
        reader: Reader,
        reply: &Reply,
        state: &mut Answer,
    ) -> Result<String, SendError> {
        let rendered = render(reply, reader, state.numbered.len());
        // Remembered before the message goes: the answer cannot come sooner;
        // with those an earlier reply of the answer numbered, which a reply
        // without numbers leaves as they are. Forgetting them may fail (the
        // database is down, and this is the apology): the message goes all
        // the same.
        match &rendered.numbered {
            Some(numbered) => {
                let all = [state.numbered.as_slice(), numbered].concat();
                chats::offer_choices(&self.db, chat, Some(&all)).await.map_err(store_error)?;
                (state.chat.has_choices, state.numbered) = (true, all);
            }
            None if state.chat.has_choices && state.numbered.is_empty() => {
                match chats::offer_choices(&self.db, chat, None).await {
                    Ok(()) => state.chat.has_choices = false,
                    Err(error) => tracing::warn!(chat, error = format!("{error:#}"), "could not forget the choices"),
                }
            }
            None => {}
        }
        let mut sent = Vec::new();
        if let (Some(file), Some(attachment)) = (&rendered.file, &reply.attachment) {
            let (content, name) = (&attachment.content, &attachment.file_name);
            let media = self.media.id(content, file.mime, name).await?;
            let message = |id| Outgoing::new(chat, file.body(id));
            let went = match self.client.send(&message(media.id)).await {
                // Meta no longer keeps the earlier upload (deleted, expired early): once more.
                Err(SendError::Permanent(error)) if media.reused => {
                    tracing::info!(chat, %error, "an earlier upload was refused; uploading again");
                    self.client.send(&message(self.media.upload(content, file.mime, name).await?)).await
                }
                went => went,
            };
            sent.push(went?);
        }
        for body in rendered.bodies {
            sent.push(self.client.send(&Outgoing::new(chat, body)).await?);
        }
        let last = sent.pop().unwrap_or_default();
        if !sent.is_empty()
            && let Err(error) = chats::remember_parts(&self.db, &sent, &last, self.clock.now()).await
        {
            tracing::warn!(chat, error = format!("{error:#}"), "could not remember a reply's first messages");
        }
        Ok(last)
    }
}

impl WhatsAppSender {
    /// The sender of the replies to a message of a chat that just arrived,
    /// knowing the chat's `state`.
    pub(super) fn replying(&self, state: ChatState) -> Replying<'_> {
        Replying { sender: self, state: Mutex::new(Answer { chat: state, numbered: Vec::new() }) }
    }

    /// Sends `reply` to a chat in `state` (kept up to date); see [`Sender::send`].
    async fn send_in(
        &self,
        chat: &str,
        reader: Reader,
        reply: &Reply,
        state: &mut Answer,
    ) -> Result<String, SendError> {
        if state.chat.last_inbound.is_none_or(|at| self.clock.now() - at >= WINDOW) {
            return Err(self.stand_in(chat, reader, reply).await);
        }
        match self.send_whole(chat, reader, reply, state).await {
            Err(SendError::AwaitsPerson(_)) => Err(self.stand_in(chat, reader, reply).await),
            sent => sent,
        }
    }
}

impl Sender for WhatsAppSender {
    /// WhatsApp has nothing to answer for a pressed button.
    type Tapped = ();

    /// Sends the reply as one message or a few (a file, a long text, the
    /// buttons last); returns the last one's id. Outside the 24-hour window
    /// its template goes instead and the reply waits for the person.
    async fn send(&self, chat: &str, reader: Reader, reply: &Reply) -> Result<String, SendError> {
        let chat_state = chats::chat_state(&self.db, chat).await.map_err(store_error)?;
        self.send_in(chat, reader, reply, &mut Answer { chat: chat_state, numbered: Vec::new() }).await
    }

    async fn acknowledge(&self, _tapped: &(), _chosen: bool) {}
}

/// Sends the replies to a message that just arrived. What the sender would
/// read of the chat first is known (its window is open; whether it has
/// numbered choices was read as the message arrived), which saves a round
/// trip to the database for every reply.
pub(super) struct Replying<'a> {
    sender: &'a WhatsAppSender,
    /// One step's replies go one after another, each seeing the choices
    /// of those before.
    state: Mutex<Answer>,
}

/// What the sender knows of a chat while it sends one answer.
struct Answer {
    chat: ChatState,
    /// The button data of the choices this answer numbered so far.
    numbered: Vec<String>,
}

impl Sender for Replying<'_> {
    type Tapped = ();

    async fn send(&self, chat: &str, reader: Reader, reply: &Reply) -> Result<String, SendError> {
        let mut state = self.state.lock().await;
        self.sender.send_in(chat, reader, reply, &mut state).await
    }

    async fn acknowledge(&self, _tapped: &(), _chosen: bool) {}
}
