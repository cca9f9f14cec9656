//! Message texts within the platforms' limits: Telegram and WhatsApp both
//! take 4096 characters a message. Lengths are counted in UTF-16 code
//! units, as Telegram counts them (an emoji counts two), which is never less
//! than WhatsApp's count.

/// The most one message holds, in UTF-16 code units.
pub const MAX_UNITS: usize = 4096;
/// The most messages one reply is split into; a longer text is cut short.
pub const MAX_PARTS: usize = 2;

/// A text's length as both platforms count it (WhatsApp's count is at
/// most this).
pub fn units(text: &str) -> usize {
    text.encode_utf16().count()
}

/// Splits a text into at most [`MAX_PARTS`] messages the platforms accept, at
/// line breaks where possible; what does not fit is cut with "…".
pub fn split(text: &str) -> Vec<String> {
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

/// The longest start of `text` that fits in one message.
pub fn clip(text: &str) -> String {
    clip_to(text, MAX_UNITS).to_owned()
}

/// The longest start of `text` of at most `max` UTF-16 units.
pub fn clip_to(text: &str, max: usize) -> &str {
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
}
