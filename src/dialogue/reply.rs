//! What the dialogue core says back: channel-neutral messages with buttons.
//!
//! A button carries a [`Tap`], whose wire form ([`Tap::data`]) is a short
//! stable id (Telegram allows 64 bytes of callback data; WhatsApp 200–256).

use crate::domain::lang::Lang;
use crate::i18n::{Key, Text};

/// One message to the user.
#[derive(Clone, Debug, PartialEq)]
pub struct Reply {
    pub text: Text,
    /// Rows of buttons, shown under the message.
    pub buttons: Vec<Vec<Button>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Button {
    pub label: Text,
    pub tap: Tap,
}

/// What pressing a button means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tap {
    Lang(Lang),
    NameOk,
    NameChange,
}

impl Reply {
    pub fn new(text: impl Into<Text>) -> Reply {
        Reply {
            text: text.into(),
            buttons: Vec::new(),
        }
    }

    /// Adds a row of buttons.
    pub fn row(mut self, buttons: impl IntoIterator<Item = Button>) -> Reply {
        self.buttons.push(buttons.into_iter().collect());
        self
    }
}

impl Button {
    pub fn new(label: impl Into<Text>, tap: Tap) -> Button {
        Button {
            label: label.into(),
            tap,
        }
    }
}

impl Tap {
    /// The stable id sent with the button and returned when it is pressed.
    pub fn data(self) -> String {
        match self {
            Tap::Lang(lang) => format!("lang:{}", lang.tag()),
            Tap::NameOk => "name:ok".into(),
            Tap::NameChange => "name:edit".into(),
        }
    }

    /// Reads a button id back; `None` for anything this version does not know
    /// (an old button, or forged data).
    pub fn parse(data: &str) -> Option<Tap> {
        let (kind, rest) = data.split_once(':')?;
        match (kind, rest) {
            ("lang", tag) => Lang::from_tag(tag).map(Tap::Lang),
            ("name", "ok") => Some(Tap::NameOk),
            ("name", "edit") => Some(Tap::NameChange),
            _ => None,
        }
    }
}

/// The two language buttons, labelled in their own language.
pub fn language_buttons() -> Vec<Button> {
    vec![
        Button::new(Key::BtnLangId, Tap::Lang(Lang::Id)),
        Button::new(Key::BtnLangEn, Tap::Lang(Lang::En)),
    ]
}
