//! Sending replies on Telegram: rendering locale texts, inline keyboards,
//! splitting over-long texts, marking a tapped message with the choice, and
//! telling Telegram's errors apart ([`SendError`]). An edit that would
//! leave a message as the bot last made it (a second tap of the same
//! button) is not sent: Telegram would refuse it as "message is not
//! modified". What the recent messages show is kept in memory ([`Shown`]).
//!
//! Lengths are counted as Telegram counts them: in UTF-16 code units, so an
//! emoji counts two.

use std::collections::{HashMap, VecDeque};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};

use teloxide::prelude::*;
use teloxide::types::{
    CallbackQuery, ChatId, InlineKeyboardButton, InlineKeyboardButtonKind, InlineKeyboardMarkup, InputFile, MessageId,
};
use teloxide::{ApiError, RequestError};

use crate::channels::text::{clip, clip_to, split};
use crate::domain::lang::Lang;
use crate::i18n::Reader;
use crate::outbox::sender::{SendError, Sender};
use crate::reply::Reply;

/// Telegram's limit for a file's caption, in UTF-16 code units.
const MAX_CAPTION_UNITS: usize = 1024;

/// Sends on Telegram through teloxide.
#[derive(Clone)]
pub struct TelegramSender {
    bot: Bot,
    shown: Arc<Mutex<Shown>>,
}

/// Text messages the bot sent or edited lately and what each shows (a
/// fingerprint of its text and keyboard), the oldest forgotten first.
#[derive(Default)]
struct Shown {
    content: HashMap<(ChatId, MessageId), u64>,
    order: VecDeque<(ChatId, MessageId)>,
}

/// Messages whose content [`Shown`] keeps.
const SHOWN: usize = 2000;

impl Shown {
    /// Notes what `message` shows now.
    fn note(&mut self, message: (ChatId, MessageId), content: u64) {
        if self.content.insert(message, content).is_none() {
            self.order.push_back(message);
            if self.order.len() > SHOWN
                && let Some(oldest) = self.order.pop_front()
            {
                self.content.remove(&oldest);
            }
        }
    }

    fn shows(&self, message: (ChatId, MessageId), content: u64) -> bool {
        self.content.get(&message) == Some(&content)
    }
}

/// A fingerprint of a message's text and keyboard.
fn fingerprint(text: &str, markup: Option<&InlineKeyboardMarkup>) -> u64 {
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    for button in markup.iter().flat_map(|m| m.inline_keyboard.iter().flatten()) {
        button.text.hash(&mut hasher);
        if let InlineKeyboardButtonKind::CallbackData(data) = &button.kind {
            data.hash(&mut hasher);
        }
    }
    hasher.finish()
}

/// A tapped button: the query to answer, and the message it was on with
/// what to show there now.
pub struct Tapped {
    query_id: teloxide::types::CallbackQueryId,
    /// The message's chat, id, text and the tapped button's label, when
    /// Telegram still sent the message along.
    message: Option<(ChatId, MessageId, String, String)>,
}

impl Tapped {
    pub fn from_query(query: &CallbackQuery) -> Tapped {
        let message = query.message.as_ref().and_then(|m| m.regular_message()).and_then(|m| {
            let text = m.text()?.to_owned();
            let data = query.data.as_deref()?;
            let label = m.reply_markup()?.inline_keyboard.iter().flatten().find_map(|b| match &b.kind {
                InlineKeyboardButtonKind::CallbackData(d) if d == data => Some(b.text.clone()),
                _ => None,
            })?;
            Some((m.chat.id, m.id, text, label))
        });
        Tapped { query_id: query.id.clone(), message }
    }
}

impl TelegramSender {
    pub fn new(bot: Bot) -> TelegramSender {
        TelegramSender { bot, shown: Arc::default() }
    }

    pub fn bot(&self) -> &Bot {
        &self.bot
    }
}

impl Sender for TelegramSender {
    type Tapped = Tapped;

    /// Sends the reply as one message (two when very long), buttons under
    /// the last; with an attachment, a photo or a document with the text as
    /// caption.
    /// A reply that edits an earlier message changes its text and buttons
    /// (an edit that changes nothing is fine).
    async fn send(&self, chat: &str, reader: Reader, reply: &Reply) -> Result<String, SendError> {
        let chat =
            chat.parse().map(ChatId).map_err(|_| SendError::Permanent(format!("not a Telegram chat: {chat}")))?;
        let text = reply.text.render_for(reader);
        let markup = (!reply.buttons.is_empty()).then(|| keyboard(reply, reader.lang));
        if let Some(edited) = &reply.edits {
            let id = edited.parse().map(MessageId).map_err(|_| SendError::Permanent(format!("no message {edited}")))?;
            return self.edit(chat, id, clip(&text), markup).await.map(|()| edited.clone()).map_err(send_error);
        }
        if let Some(attachment) = &reply.attachment {
            let file = InputFile::memory(attachment.content.clone()).file_name(attachment.file_name.clone());
            let caption = clip_to(&text, MAX_CAPTION_UNITS);
            let sent = if attachment.picture {
                let mut request = self.bot.send_photo(chat, file).caption(caption);
                if let Some(markup) = markup {
                    request = request.reply_markup(markup);
                }
                request.await
            } else {
                let mut request = self.bot.send_document(chat, file).caption(caption);
                if let Some(markup) = markup {
                    request = request.reply_markup(markup);
                }
                request.await
            };
            return sent.map(|sent| sent.id.0.to_string()).map_err(send_error);
        }
        let parts = split(&text);
        let last = parts.len() - 1;
        let mut sent_id = String::new();
        for (i, part) in parts.into_iter().enumerate() {
            let markup = markup.clone().filter(|_| i == last);
            let content = fingerprint(&part, markup.as_ref());
            let mut request = self.bot.send_message(chat, part);
            if let Some(markup) = markup {
                request = request.reply_markup(markup);
            }
            let sent = request.await.map_err(send_error)?.id;
            self.note(chat, sent, content);
            sent_id = sent.0.to_string();
        }
        Ok(sent_id)
    }

    /// Answers the callback query and, with `chosen`, replaces the tapped
    /// message's buttons with the chosen label. Both requests run at once.
    async fn acknowledge(&self, tapped: &Tapped, chosen: bool) {
        let answer = async {
            if let Err(error) = self.bot.answer_callback_query(tapped.query_id.clone()).await {
                tracing::warn!(%error, "answerCallbackQuery failed");
            }
        };
        let mark = async {
            if let Some((chat, message, text, label)) = tapped.message.as_ref().filter(|_| chosen) {
                let marked = clip(&format!("{text}\n\n→ {label}"));
                if let Err(error) = self.edit(*chat, *message, marked, None).await {
                    tracing::warn!(%error, "could not mark the tapped message");
                }
            }
        };
        tokio::join!(answer, mark);
    }
}

impl TelegramSender {
    /// Changes a message's text and keyboard (`None`: none), unless it
    /// shows them already.
    async fn edit(
        &self,
        chat: ChatId,
        id: MessageId,
        text: String,
        markup: Option<InlineKeyboardMarkup>,
    ) -> Result<(), RequestError> {
        let content = fingerprint(&text, markup.as_ref());
        if self.shown.lock().is_ok_and(|shown| shown.shows((chat, id), content)) {
            tracing::debug!(message = id.0, "an edit that would change nothing is skipped");
            return Ok(());
        }
        let mut request = self.bot.edit_message_text(chat, id, text);
        if let Some(markup) = markup {
            request = request.reply_markup(markup);
        }
        match request.await {
            Ok(_) | Err(RequestError::Api(ApiError::MessageNotModified)) => {
                self.note(chat, id, content);
                Ok(())
            }
            Err(error) => Err(error),
        }
    }

    /// Notes what a message shows now.
    fn note(&self, chat: ChatId, id: MessageId, content: u64) {
        if let Ok(mut shown) = self.shown.lock() {
            shown.note((chat, id), content);
        }
    }
}

/// What a failed request means for whoever sends next.
fn send_error(error: RequestError) -> SendError {
    match error {
        RequestError::RetryAfter(seconds) => SendError::RetryAfter(seconds.duration()),
        RequestError::Api(
            ApiError::BotBlocked
            | ApiError::UserDeactivated
            | ApiError::BotKicked
            | ApiError::CantInitiateConversation
            | ApiError::ChatNotFound,
        ) => SendError::Blocked,
        // Telegram's own faults (5xx) have no variant of their own.
        RequestError::Api(ApiError::Unknown(description)) if is_server_fault(&description) => {
            SendError::Transient(description)
        }
        RequestError::Api(error) => SendError::Permanent(error.to_string()),
        RequestError::MigrateToChatId(_) => SendError::Permanent(error.to_string()),
        RequestError::Network(_) | RequestError::Io(_) | RequestError::InvalidJson { .. } => {
            SendError::Transient(error.to_string())
        }
    }
}

fn is_server_fault(description: &str) -> bool {
    ["Internal Server Error", "Bad Gateway", "Service Unavailable", "Gateway Timeout"]
        .iter()
        .any(|fault| description.contains(fault))
}

fn keyboard(reply: &Reply, lang: Lang) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(reply.buttons.iter().map(|row| {
        row.iter().map(|b| InlineKeyboardButton::callback(b.label.render(lang), b.tap.data())).collect::<Vec<_>>()
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_told_apart() {
        use std::time::Duration;
        assert_eq!(
            send_error(RequestError::RetryAfter(teloxide::types::Seconds::from_seconds(7))),
            SendError::RetryAfter(Duration::from_secs(7))
        );
        assert_eq!(send_error(RequestError::Api(ApiError::BotBlocked)), SendError::Blocked);
        assert!(matches!(send_error(RequestError::Api(ApiError::MessageIsTooLong)), SendError::Permanent(_)));
        assert!(matches!(
            send_error(RequestError::Api(ApiError::Unknown("Internal Server Error".into()))),
            SendError::Transient(_)
        ));
    }
}
