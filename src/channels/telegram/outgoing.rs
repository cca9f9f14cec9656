//! Sending replies on Telegram: rendering locale texts, inline keyboards,
//! splitting over-long texts, and marking a tapped message with the choice.

use teloxide::prelude::*;
use teloxide::types::{
    CallbackQuery, ChatId, InlineKeyboardButton, InlineKeyboardButtonKind, InlineKeyboardMarkup, MessageId,
};

use crate::dialogue::Reply;
use crate::domain::lang::Lang;

/// Telegram's limit for one message, in characters.
const MAX_CHARS: usize = 4096;

/// A tapped button: the message it was on and what to show there now.
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

/// Stops the button's spinner and replaces the tapped message's buttons with
/// the chosen label, so old buttons cannot be pressed again.
/// Both requests run at once.
pub async fn acknowledge(bot: &Bot, tapped: &Tapped) {
    let answer = async {
        if let Err(error) = bot.answer_callback_query(tapped.query_id.clone()).await {
            tracing::warn!(%error, "answerCallbackQuery failed");
        }
    };
    let mark = async {
        if let Some((chat, message, text, label)) = &tapped.message {
            let marked = clip(&format!("{text}\n\n→ {label}"));
            if let Err(error) = bot.edit_message_text(*chat, *message, marked).await {
                tracing::warn!(%error, "could not mark the tapped message");
            }
        }
    };
    tokio::join!(answer, mark);
}

/// Sends each reply as a message, buttons under the last part.
pub async fn send(bot: &Bot, chat: &str, lang: Lang, replies: &[Reply]) -> Result<(), teloxide::RequestError> {
    let chat = chat_id(chat);
    for reply in replies {
        let text = reply.text.render(lang);
        let parts = split(&text);
        let last = parts.len() - 1;
        for (i, part) in parts.into_iter().enumerate() {
            let request = bot.send_message(chat, part);
            if i == last && !reply.buttons.is_empty() {
                request.reply_markup(keyboard(reply, lang)).await?;
            } else {
                request.await?;
            }
        }
    }
    Ok(())
}

/// Sends one plain text.
pub async fn send_text(bot: &Bot, chat: &str, text: &str) -> Result<(), teloxide::RequestError> {
    bot.send_message(chat_id(chat), clip(text)).await.map(|_| ())
}

fn chat_id(chat: &str) -> ChatId {
    ChatId(chat.parse().expect("telegram chat ids are numbers"))
}

fn keyboard(reply: &Reply, lang: Lang) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(reply.buttons.iter().map(|row| {
        row.iter().map(|b| InlineKeyboardButton::callback(b.label.render(lang), b.tap.data())).collect::<Vec<_>>()
    }))
}

/// Splits a text into parts Telegram accepts, at line breaks where possible.
fn split(text: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    for line in text.split_inclusive('\n') {
        for piece in chunks(line) {
            let current = parts.last_mut().expect("never empty");
            if current.chars().count() + piece.chars().count() > MAX_CHARS {
                parts.push(String::new());
            }
            parts.last_mut().expect("never empty").push_str(&piece);
        }
    }
    parts.retain(|p| !p.trim().is_empty());
    if parts.is_empty() {
        parts.push("…".into());
    }
    parts
}

/// A single line longer than the limit, cut into pieces.
fn chunks(line: &str) -> Vec<String> {
    let chars: Vec<char> = line.chars().collect();
    chars.chunks(MAX_CHARS).map(|c| c.iter().collect()).collect()
}

fn clip(text: &str) -> String {
    text.chars().take(MAX_CHARS).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_are_split_within_the_limit() {
        let line = "x".repeat(100) + "\n";
        let text = line.repeat(100);
        let parts = split(&text);
        assert_eq!(parts.len(), 3);
        assert!(parts.iter().all(|p| p.chars().count() <= MAX_CHARS));
        assert_eq!(parts.concat(), text);
        let one_line = "é".repeat(9000);
        assert!(split(&one_line).iter().all(|p| p.chars().count() <= MAX_CHARS));
    }
}
