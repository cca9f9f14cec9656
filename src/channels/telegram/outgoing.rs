//! Sending replies on Telegram: rendering locale texts, inline keyboards,
//! splitting over-long texts, marking a tapped message with the choice, and
//! telling Telegram's errors apart ([`SendError`]).
//!
//! Lengths are counted as Telegram counts them: in UTF-16 code units, so an
//! emoji counts two.

use teloxide::prelude::*;
use teloxide::types::{
    CallbackQuery, ChatId, InlineKeyboardButton, InlineKeyboardButtonKind, InlineKeyboardMarkup, InputFile, MessageId,
};
use teloxide::{ApiError, RequestError};

use crate::channels::{SendError, Sender};
use crate::dialogue::Reply;
use crate::domain::lang::Lang;
use crate::i18n::Reader;

/// Telegram's limit for one message, in UTF-16 code units.
const MAX_UNITS: usize = 4096;
/// Telegram's limit for a file's caption, in UTF-16 code units.
const MAX_CAPTION_UNITS: usize = 1024;
/// The most messages one reply is split into; a longer text is cut short.
const MAX_PARTS: usize = 2;

/// Sends on Telegram through teloxide.
#[derive(Clone)]
pub struct TelegramSender {
    bot: Bot,
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
        TelegramSender { bot }
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
            let mut request = self.bot.edit_message_text(chat, id, clip(&text));
            if let Some(markup) = markup {
                request = request.reply_markup(markup);
            }
            return match request.await {
                Ok(_) | Err(RequestError::Api(ApiError::MessageNotModified)) => Ok(edited.clone()),
                Err(error) => Err(send_error(error)),
            };
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
            let mut request = self.bot.send_message(chat, part);
            if i == last
                && let Some(markup) = markup.clone()
            {
                request = request.reply_markup(markup);
            }
            sent_id = request.await.map_err(send_error)?.id.0.to_string();
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
                if let Err(error) = self.bot.edit_message_text(*chat, *message, marked).await {
                    tracing::warn!(%error, "could not mark the tapped message");
                }
            }
        };
        tokio::join!(answer, mark);
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

/// Telegram's length of a text.
fn units(text: &str) -> usize {
    text.encode_utf16().count()
}

/// Splits a text into at most [`MAX_PARTS`] messages Telegram accepts, at
/// line breaks where possible; what does not fit is cut with "…".
fn split(text: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    // The current part's length, kept as it grows.
    let mut used = 0;
    for line in text.split_inclusive('\n') {
        for piece in chunks(line) {
            let length = units(&piece);
            if used + length > MAX_UNITS {
                parts.push(String::new());
                used = 0;
            }
            parts.last_mut().expect("never empty").push_str(&piece);
            used += length;
        }
    }
    parts.retain(|p| !p.trim().is_empty());
    if parts.len() > MAX_PARTS {
        parts.truncate(MAX_PARTS);
        let last = parts.last_mut().expect("MAX_PARTS > 0");
        last.truncate(clip_to(last, MAX_UNITS - 1).len());
        last.push('…');
    }
    if parts.is_empty() {
        parts.push("…".into());
    }
    parts
}

/// A single line longer than the limit, cut into pieces that fit.
fn chunks(line: &str) -> Vec<String> {
    let mut pieces = vec![String::new()];
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf16() > MAX_UNITS {
            pieces.push(String::new());
            used = 0;
        }
        pieces.last_mut().expect("never empty").push(c);
        used += c.len_utf16();
    }
    pieces
}

/// The longest start of `text` that Telegram accepts as one message.
fn clip(text: &str) -> String {
    clip_to(text, MAX_UNITS).to_owned()
}

/// The longest start of `text` of at most `max` UTF-16 units.
fn clip_to(text: &str, max: usize) -> &str {
    let mut used = 0;
    let end = text
        .char_indices()
        .find(|(_, c)| {
            used += c.len_utf16();
            used > max
        })
        .map_or(text.len(), |(i, _)| i);
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_are_split_within_the_limit() {
        let line = "x".repeat(100) + "\n";
        let text = line.repeat(60);
        let parts = split(&text);
        assert_eq!(parts.len(), 2);
        assert!(parts.iter().all(|p| units(p) <= MAX_UNITS));
        assert_eq!(parts.concat(), text);
    }

    #[test]
    fn emoji_count_twice_as_telegram_counts_them() {
        // 3,000 emoji are 3,000 chars but 6,000 UTF-16 units: two messages.
        let text = "📋".repeat(3000);
        let parts = split(&text);
        assert_eq!(parts.len(), 2);
        assert!(
            parts.iter().all(|p| units(p) <= MAX_UNITS),
            "{:?}",
            parts.iter().map(|p| units(p)).collect::<Vec<_>>()
        );
        assert_eq!(parts.concat(), text);
        assert_eq!(units(&clip(&text)), MAX_UNITS);
    }

    #[test]
    fn a_huge_text_never_makes_more_than_two_messages() {
        let parts = split(&"kata ".repeat(10_000));
        assert_eq!(parts.len(), MAX_PARTS);
        assert!(parts.iter().all(|p| units(p) <= MAX_UNITS));
        assert!(parts[1].ends_with('…'));
    }

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
