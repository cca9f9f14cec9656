//! Telegram updates to [`Incoming`].

use teloxide::types::{CallbackQuery, Message, Update, User};

use crate::dialogue::Input;
use crate::domain::channel::Channel;
use crate::engine::Incoming;

/// A message in a private chat; `None` for groups, channels and messages
/// without a sender.
pub fn from_message(update: &Update, message: &Message) -> Option<Incoming> {
    let input = match (message.text(), message.location()) {
        (Some(text), _) => Input::Text(text.to_owned()),
        (None, Some(at)) => Input::Location { latitude: at.latitude, longitude: at.longitude },
        (None, None) => Input::Unsupported,
    };
    private(update, message, input)
}

/// A message the user edited after sending it.
pub fn from_edit(update: &Update, message: &Message) -> Option<Incoming> {
    private(update, message, Input::Edited)
}

fn private(update: &Update, message: &Message, input: Input) -> Option<Incoming> {
    if !message.chat.is_private() {
        return None;
    }
    let user = message.from.as_ref()?;
    Some(incoming(update, message.chat.id.0, user, input))
}

/// A button press. The chat is the one of the tapped message, or the user's
/// private chat when Telegram no longer sends that message.
pub fn from_callback(update: &Update, query: &CallbackQuery) -> Incoming {
    let chat_id = query.message.as_ref().map_or(query.from.id.0 as i64, |m| m.chat().id.0);
    let input = Input::Tap(query.data.clone().unwrap_or_default());
    Incoming {
        tapped: query.message.as_ref().map(|m| m.id().0.to_string()),
        ..incoming(update, chat_id, &query.from, input)
    }
}

fn incoming(update: &Update, chat_id: i64, user: &User, input: Input) -> Incoming {
    Incoming {
        channel: Channel::Telegram,
        update_id: update.id.0.to_string(),
        chat_id: chat_id.to_string(),
        user_id: user.id.0.to_string(),
        input,
        profile_name: Some(user.full_name()),
        lang_hint: user.language_code.clone(),
        tapped: None,
        inbox_id: None,
    }
}
