//! Linking a person's accounts on several apps (`/hubungkan`): the one-time
//! code typed on the other app, what looking it up finds, and the accounts
//! a person has.
//!
//! A code is six digits: easy to type on a phone keypad, and never shaped
//! like an invite code (eight characters), so a bare code cannot be taken
//! for one. Six digits can be guessed, so a code lives minutes, is used
//! once, and an account that types wrong codes again and again is stopped
//! ([`MAX_FAILURES`] in [`FAILURE_WINDOW`]).

use std::fmt;

use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use serde::{Deserialize, Serialize};

use crate::domain::lang::Lang;

const LENGTH: usize = 6;

/// How long a code can be used after it was given.
pub const VALID_FOR: Duration = Duration::minutes(15);

/// Wrong codes one account may type within [`FAILURE_WINDOW`].
pub const MAX_FAILURES: i64 = 5;

/// The time over which wrong codes are counted.
pub const FAILURE_WINDOW: Duration = Duration::hours(1);

/// A one-time link code, six digits.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LinkCode(String);

impl LinkCode {
    pub fn generate() -> LinkCode {
        let mut rng = rand::rng();
        LinkCode((0..LENGTH).map(|_| char::from(b'0' + rng.random_range(0..10u8))).collect())
    }

    /// Reads a code as a person might type it: `482913`, `482 913`, `482-913`.
    /// `None` when the text cannot be a code.
    pub fn normalize(text: &str) -> Option<LinkCode> {
        let code: String = text.chars().filter(|c| !matches!(c, ' ' | '-' | '.' | '\u{a0}')).collect();
        (code.len() == LENGTH && code.bytes().all(|b| b.is_ascii_digit())).then_some(LinkCode(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for LinkCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One of a person's accounts, as the chat that asks sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct Account {
    /// The app (`telegram`, `whatsapp`).
    pub channel: String,
    /// Everything the bot starts goes to this account.
    pub chosen: bool,
    /// The account this chat is on.
    pub here: bool,
}

/// What the chat that types or asks for a code has: its accounts (the
/// person's, or this one alone for a stranger) and how many wrong codes it
/// typed lately.
#[derive(Clone, Debug, PartialEq)]
pub struct Linking {
    pub accounts: Vec<Account>,
    pub recent_failures: i64,
}

/// The result of looking up a typed link code.
#[derive(Clone, Debug, PartialEq)]
pub enum LinkLookup {
    Missing(LinkCode),
    Found(LinkOffer),
}

impl LinkLookup {
    pub fn code(&self) -> &LinkCode {
        match self {
            LinkLookup::Missing(code) => code,
            LinkLookup::Found(offer) => &offer.code,
        }
    }
}

/// A live or expired code and the person who asked for it.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkOffer {
    pub code: LinkCode,
    pub person_id: i64,
    pub name: String,
    pub lang: Lang,
    /// The app of the account that asked for the code.
    pub channel: String,
    /// The apps of all of that person's accounts.
    pub channels: Vec<String>,
    pub expires_at: DateTime<Utc>,
}

/// An app's name as people know it: "Telegram", "WhatsApp".
/// `channel` is the name a `channel` column stores; an unknown one is shown as it is.
pub fn app_name(channel: &str) -> &str {
    super::channel::Channel::named(channel).map_or(channel, |c| c.app_name())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_digits_typed_loosely() {
        for _ in 0..100 {
            let code = LinkCode::generate();
            assert_eq!(LinkCode::normalize(&code.to_string()), Some(code));
        }
        assert_eq!(LinkCode::normalize(" 482 913 ").map(|c| c.to_string()), Some("482913".into()));
        assert_eq!(LinkCode::normalize("482-913").map(|c| c.to_string()), Some("482913".into()));
        assert_eq!(LinkCode::normalize("48291"), None);
        assert_eq!(LinkCode::normalize("4829134"), None);
        assert_eq!(LinkCode::normalize("48291a"), None);
        assert_eq!(LinkCode::normalize("KBRT-7HMX"), None);
        assert!(crate::domain::invite::InviteCode::normalize("482913").is_none(), "never an invite code");
    }
}
