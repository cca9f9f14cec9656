//! Invite codes: short, easy to read aloud or over the phone, forgiving when typed.
//!
//! Eight characters from an alphabet without look-alikes (no 0/O, 1/I/L),
//! shown as `ABCD-EFGH`. Typed codes are accepted in any case, with spaces,
//! dashes or dots anywhere.

use std::fmt;

use rand::Rng;
use serde::{Deserialize, Serialize};

const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const LENGTH: usize = 8;

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct InviteCode(String);

impl InviteCode {
    pub fn generate() -> InviteCode {
        let mut rng = rand::rng();
        let code = (0..LENGTH).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect();
        InviteCode(code)
    }

    /// Reads a code as a person might type it: `abcd efgh`, `ABCD-EFGH`, ` AbCdEfGh.`.
    /// Returns `None` when the text cannot be a code at all.
    pub fn normalize(text: &str) -> Option<InviteCode> {
        let code: String = text
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.' | '_' | '\u{a0}'))
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let valid = code.len() == LENGTH && code.bytes().all(|b| ALPHABET.contains(&b));
        valid.then_some(InviteCode(code))
    }

    /// The bare code, as stored and as used in a deep link (`?start=ABCDEFGH`).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The display form, `ABCD-EFGH`.
impl fmt::Display for InviteCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", &self.0[..4], &self.0[4..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_codes_round_trip_through_typing() {
        for _ in 0..200 {
            let code = InviteCode::generate();
            let shown = code.to_string();
            assert_eq!(InviteCode::normalize(&shown), Some(code.clone()));
            let typed = shown.to_lowercase().replace('-', " ");
            assert_eq!(InviteCode::normalize(&typed), Some(code.clone()));
            assert!(!shown.contains(['0', 'O', '1', 'I', 'L']));
        }
    }

    #[test]
    fn text_that_is_not_a_code_is_refused() {
        for text in ["", "halo", "ABCD-EFG", "ABCD-EFGHJ", "ABCD-EFG0", "selamat pagi"] {
            assert_eq!(InviteCode::normalize(text), None, "{text}");
        }
    }
}
