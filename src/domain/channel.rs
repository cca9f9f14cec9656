//! The messaging platforms a chat can be on, by the names the `channel`
//! columns store.

/// Which messaging platform a chat is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Channel {
    Telegram,
    WhatsApp,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Telegram => "telegram",
            Channel::WhatsApp => "whatsapp",
        }
    }

    /// The channel named `name` in the `channel` columns.
    pub fn named(name: &str) -> Option<Channel> {
        [Channel::Telegram, Channel::WhatsApp].into_iter().find(|c| c.as_str() == name)
    }

    /// The app's name as people know it: "Telegram", "WhatsApp".
    pub fn app_name(self) -> &'static str {
        match self {
            Channel::Telegram => "Telegram",
            Channel::WhatsApp => "WhatsApp",
        }
    }
}
