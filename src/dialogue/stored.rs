//! How a [`Conversation`] is kept in the database: JSON with a format version.
//!
//! A stored state that this build cannot read (an older format, or a row
//! damaged by hand) is not an error: [`decode`] says so, and the engine starts
//! that chat afresh with a polite message instead of failing on every message.

use serde::{Deserialize, Serialize};

use super::Conversation;

/// Bump when a change to [`Conversation`] makes old rows unreadable.
pub const FORMAT: u32 = 1;

#[derive(Serialize, Deserialize)]
struct Stored {
    v: u32,
    #[serde(flatten)]
    conversation: Conversation,
}

pub fn encode(conversation: &Conversation) -> String {
    let stored = Stored { v: FORMAT, conversation: conversation.clone() };
    serde_json::to_string(&stored).expect("a conversation always serializes")
}

/// The conversation in `text`, or `None` when it cannot be read.
pub fn decode(text: &str) -> Option<Conversation> {
    let stored: Stored = serde_json::from_str(text).ok()?;
    (stored.v == FORMAT).then_some(stored.conversation)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialogue::Flow;
    use crate::domain::lang::Lang;

    #[test]
    fn round_trips_and_refuses_other_formats() {
        let conversation = Conversation { lang: Lang::En, flow: Flow::Idle };
        assert_eq!(decode(&encode(&conversation)), Some(conversation));
        assert_eq!(decode(r#"{"v":0,"lang":"en","flow":"Idle"}"#), None);
        assert_eq!(decode(r#"{"v":1,"lang":"en","flow":{"Gone":{}}}"#), None);
        assert_eq!(decode("not json"), None);
    }
}
