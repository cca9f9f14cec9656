//! What every channel does around one incoming message: hand it to the
//! [`Engine`], answer a button press exactly once whatever happens (a
//! duplicate update, an error, a stale button), send the replies or an
//! apology, and count the message as handled.
//!
//! A step answers with one to three replies; [`MAX_REPLIES`] is the ceiling
//! that holds even if a bug produced more, so one message never floods a chat.

use tokio::sync::watch;

use super::Sender;
use crate::dialogue::Reply;
use crate::domain::lang::Lang;
use crate::engine::{Engine, Incoming, Outcome};
use crate::i18n::Key;

/// The most replies one incoming message gets.
pub const MAX_REPLIES: usize = 4;

/// Runs the engine for every channel and keeps count.
pub struct Responder {
    engine: Engine,
    /// Counts updates fully handled (replies sent); tests and health checks read it.
    handled: watch::Sender<u64>,
}

impl Responder {
    pub fn new(engine: Engine) -> Responder {
        Responder { engine, handled: watch::Sender::new(0) }
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
    /// and answered with an apology; nothing escapes to the channel.
    pub async fn respond<S: Sender>(&self, sender: &S, incoming: Incoming, tapped: Option<&S::Tapped>) {
        let chat = incoming.chat_id.clone();
        let hint = Lang::from_app_hint(incoming.lang_hint.as_deref());
        let (lang, replies, chosen) = match self.engine.handle(incoming).await {
            Ok(Outcome::Duplicate) => {
                tracing::info!(chat, "duplicate update ignored");
                (hint, Vec::new(), false)
            }
            Ok(Outcome::Reply { lang, replies }) => (lang, replies, true),
            Err(error) => {
                tracing::error!(chat, error = format!("{error:#}"), "update failed; nothing saved");
                (hint, vec![Reply::new(Key::SystemError)], false)
            }
        };
        if replies.len() > MAX_REPLIES {
            tracing::warn!(chat, replies = replies.len(), "too many replies to one message; sending the first few");
        }
        // The button's acknowledgement and the answer go out together.
        let acknowledged = async {
            if let Some(tapped) = tapped {
                sender.acknowledge(tapped, chosen).await;
            }
        };
        let sent = async {
            for reply in replies.iter().take(MAX_REPLIES) {
                if let Err(error) = sender.send(&chat, lang, reply).await {
                    // The rest would make no sense without this one.
                    tracing::error!(chat, %error, "could not send a reply");
                    break;
                }
            }
        };
        tokio::join!(acknowledged, sent);
        self.handled.send_modify(|n| *n += 1);
    }
}
