//! Reading a count the way a kader types it: `45`, `45 anak`, ` 45.`,
//! `1.000`. Anything else is refused with the reason, so the reply can help.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CountError {
    /// No number at all, or several.
    NotANumber,
    Negative,
    /// A decimal such as `4,5`.
    NotWhole,
}

/// The largest count accepted at all; forms set tighter bounds.
const CEILING: i64 = 1_000_000;

pub fn parse_count(text: &str) -> Result<i64, CountError> {
    let text = text.trim().trim_end_matches(['.', '!', ',']).trim();
    let (number, rest) = split_number(text);
    let rest = rest.trim();
    // "45 anak", "45 balita": words may follow, but not another number.
    if number.is_empty() || rest.chars().any(|c| c.is_ascii_digit()) {
        return Err(CountError::NotANumber);
    }
    if !rest.is_empty() && !rest.chars().next().is_some_and(char::is_alphabetic) {
        return Err(if rest.starts_with([',', '.']) { CountError::NotWhole } else { CountError::NotANumber });
    }
    let negative = number.starts_with('-');
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    // "1.000" is a thousand; "4.5" or "4,5" is not a whole number.
    let groups: Vec<&str> = number.trim_start_matches('-').split('.').collect();
    if groups.len() > 1 && groups[1..].iter().any(|g| g.len() != 3) {
        return Err(CountError::NotWhole);
    }
    if number.contains(',') {
        return Err(CountError::NotWhole);
    }
    let value: i64 = digits
        .parse()
        .map_err(|_| CountError::NotANumber)
        .and_then(|v: i64| if v > CEILING { Err(CountError::NotANumber) } else { Ok(v) })?;
    if negative && value > 0 {
        return Err(CountError::Negative);
    }
    Ok(value)
}

/// The leading number (sign, digits, dots and commas) and what follows.
fn split_number(text: &str) -> (&str, &str) {
    let end = text
        .char_indices()
        .find(|(i, c)| !(c.is_ascii_digit() || ((*c == '.' || *c == ',') && *i > 0) || (*c == '-' && *i == 0)))
        .map_or(text.len(), |(i, _)| i);
    let number = text[..end].trim_end_matches(['.', ',']);
    (number, &text[number.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_counts_as_typed() {
        for (text, value) in [
            ("45", 45),
            ("45 anak", 45),
            (" 45.", 45),
            ("0", 0),
            ("1.000", 1000),
            ("12 balita ditimbang", 12),
            ("7!", 7),
        ] {
            assert_eq!(parse_count(text), Ok(value), "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_count() {
        for (text, error) in [
            ("", CountError::NotANumber),
            ("empat puluh", CountError::NotANumber),
            ("4 5", CountError::NotANumber),
            ("45/50", CountError::NotANumber),
            ("-3", CountError::Negative),
            ("4,5", CountError::NotWhole),
            ("4.5", CountError::NotWhole),
            ("99999999999999999999", CountError::NotANumber),
            ("😀", CountError::NotANumber),
        ] {
            assert_eq!(parse_count(text), Err(error), "{text}");
        }
    }
}
