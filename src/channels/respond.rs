//! What every channel does around one incoming message: hand it to the
//! [`Engine`], answer a button press exactly once whatever happens (an
//! error, a stale button, a second tap of the same button), send the
//! replies through the [`Outbox`] or an apology, and count the message as
//! handled. An update delivered again (same update id) was answered the
//! first time and gets nothing.
//!
//! The apology for a step that failed is sent directly, not through the
//! outbox: the database may be what failed.

use tokio::sync::watch;

use crate::domain::lang::Lang;
use crate::engine::{Engine, Incoming, Outcome};
use crate::i18n::{Key, Reader};
use crate::outbox::Outbox;
use crate::outbox::sender::Sender;
use crate::reply::Reply;

/// Runs the engine for every channel and keeps count.
pub struct Responder {
    engine: Engine,
    outbox: Outbox,
    /// Counts updates fully handled (replies sent); tests and health checks read it.
    handled: watch::Sender<u64>,
}

impl Responder {
    pub fn new(engine: Engine, outbox: Outbox) -> Responder {
        Responder { engine, outbox, handled: watch::Sender::new(0) }
    }

    /// A receiver of the number of updates handled so far.
    pub fn handled(&self) -> watch::Receiver<u64> {
        self.handled.subscribe()
    }

    /// Counts an update that needs no answer (a group message, say).
    pub fn skip(&self) {
        self.handled.send_modify(|n| *n += 1);
    }

    /// Handles one message or button press and answers it. Errors are logged
    /// and answered with an apology; nothing escapes to the channel. True
    /// when the step was written (with the deletion of its inbox row).
    pub async fn respond<S: Sender>(&self, sender: &S, incoming: Incoming, tapped: Option<&S::Tapped>) -> bool {
        let (channel, chat) = (incoming.channel, incoming.chat_id.clone());
        let hint = Lang::from_app_hint(incoming.lang_hint.as_deref());
        let outcome = self.engine.handle(incoming).await;
        // A tapped message the reply replaces keeps its new buttons; any
        // other shows the choice and loses them.
        let chosen =
            matches!(&outcome, Ok(Outcome::Reply { replies, .. }) if replies.iter().all(|(_, r)| r.edits.is_none()));
        // The button's acknowledgement and the answer go out together.
        let acknowledged = async {
            if let Some(tapped) = tapped.filter(|_| !matches!(outcome, Ok(Outcome::Duplicate))) {
                sender.acknowledge(tapped, chosen).await;
            }
        };
        let answered = async {
            match &outcome {
                Ok(Outcome::Duplicate) => tracing::info!(chat, "duplicate update ignored"),
                Ok(Outcome::Reply { reader, replies }) => {
                    self.outbox.send_replies(sender, channel, &chat, *reader, replies).await;
                }
                Err(error) => {
                    tracing::error!(chat, error = format!("{error:#}"), "update failed; nothing saved");
                    self.outbox.pacer().reply_turn().await;
                    let reader = Reader::new(hint, chrono_tz::Tz::Asia__Jakarta);
                    if let Err(error) = sender.send(&chat, reader, &Reply::new(Key::SystemError)).await {
                        tracing::error!(chat, %error, "could not send the apology");
                    }
                }
            }
        };
        tokio::join!(acknowledged, answered);
        self.handled.send_modify(|n| *n += 1);
        matches!(outcome, Ok(Outcome::Reply { .. }))
    }
}
