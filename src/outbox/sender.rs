//! What the outbox needs of a channel: send a `Reply` to a chat, answer a
//! tap, and say how a send failed ([`SendError`]). Each channel adapter
//! implements [`Sender`]; the outbox and the status worker use it without
//! knowing the platform.

use std::future::Future;
use std::time::Duration;

use crate::i18n::Reader;
use crate::reply::Reply;

/// Why a message could not be sent. The cases differ in what to do next:
/// wait, stop writing to that person, give up on the message, or try again.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// The platform's rate limit: this channel must pause this long.
    #[error("rate limited: retry after {0:?}")]
    RetryAfter(Duration),
    /// The person blocked the bot or closed their account.
    #[error("the recipient blocked the bot or is gone")]
    Blocked,
    /// The platform refused this message; sending it again will not help.
    #[error("refused: {0}")]
    Permanent(String),
    /// The platform takes this message only after the person writes (the
    /// end of WhatsApp's 24-hour window): it waits for them. The id of the
    /// short template sent ahead of it, if one was.
    #[error("waits until the person writes")]
    AwaitsPerson(Option<String>),
    /// A network error or a platform fault; the same message may go through later.
    #[error("failed for now: {0}")]
    Transient(String),
}

/// Sends replies on one platform.
pub trait Sender: Send + Sync {
    /// What the platform needs to answer a button press.
    type Tapped: Send + Sync;

    /// Sends one reply to `chat`, rendered for `reader` (language, time zone),
    /// or, when the reply names a message it [edits](Reply::edits), changes
    /// that message instead. Returns the platform's id of the message
    /// carrying the reply's buttons (the last part of a long one), by which
    /// it can be edited later.
    fn send(&self, chat: &str, reader: Reader, reply: &Reply)
    -> impl Future<Output = Result<String, SendError>> + Send;

    /// Stops the pressed button's spinner. With `chosen`, the tapped message
    /// also shows the choice and loses its buttons, so it cannot be pressed again.
    fn acknowledge(&self, tapped: &Self::Tapped, chosen: bool) -> impl Future<Output = ()> + Send;
}
