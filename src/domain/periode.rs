//! A reporting period: one calendar month (`2026-10`), read the ways a kader
//! writes it: `10/2026`, `2026-10`, `okt`, `Oktober 2026`, `oct 2026`.

use std::fmt;

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Periode {
    year: i32,
    month: u32,
}

const MONTH_WORDS: [&[&str]; 12] = [
    &["jan", "januari", "january"],
    &["feb", "februari", "february", "pebruari"],
    &["mar", "maret", "march"],
    &["apr", "april"],
    &["mei", "may"],
    &["jun", "juni", "june"],
    &["jul", "juli", "july"],
    &["agu", "ags", "agt", "agustus", "aug", "august"],
    &["sep", "sept", "september"],
    &["okt", "oktober", "oct", "october"],
    &["nov", "nopember", "november"],
    &["des", "desember", "dec", "december"],
];

impl Periode {
    pub fn new(year: i32, month: u32) -> Option<Periode> {
        ((1..=12).contains(&month) && (2000..=2100).contains(&year)).then_some(Periode { year, month })
    }

    /// The month `now` falls in, in time zone `tz`.
    pub fn containing(now: DateTime<Utc>, tz: Tz) -> Periode {
        let local = now.with_timezone(&tz);
        Periode { year: local.year(), month: local.month() }
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u32 {
        self.month
    }

    /// The periode `months` months before this one.
    pub fn months_back(self, months: u32) -> Periode {
        (0..months).fold(self, |p, _| p.previous())
    }

    pub fn previous(self) -> Periode {
        match self.month {
            1 => Periode { year: self.year - 1, month: 12 },
            m => Periode { year: self.year, month: m - 1 },
        }
    }

    /// Reads `2026-10`, `10/2026`, `10-2026`, `okt`, `okt 2026`, `Oktober`.
    /// A month without a year is the latest such month not after `current`.
    pub fn parse(text: &str, current: Periode) -> Option<Periode> {
        let text = text.trim().to_lowercase();
        let parts: Vec<&str> =
            text.split(|c: char| c == '-' || c == '/' || c.is_whitespace()).filter(|p| !p.is_empty()).collect();
        let (month, year) = match parts.as_slice() {
            [a, b] if a.len() == 4 => (month_of(b)?, a.parse().ok()?),
            [a, b] => (month_of(a)?, b.parse().ok()?),
            [a] => {
                let month = month_of(a)?;
                let year = if month <= current.month { current.year } else { current.year - 1 };
                (month, year)
            }
            _ => return None,
        };
        Periode::new(year, month)
    }

    /// The number of months from `self` to `later`.
    pub fn months_until(self, later: Periode) -> i32 {
        (later.year - self.year) * 12 + later.month as i32 - self.month as i32
    }
}

/// A month from its number or name.
fn month_of(word: &str) -> Option<u32> {
    if let Ok(n) = word.parse::<u32>() {
        return (1..=12).contains(&n).then_some(n);
    }
    MONTH_WORDS.iter().position(|names| names.contains(&word)).map(|i| i as u32 + 1)
}

/// `2026-10`, as stored.
impl fmt::Display for Periode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl TryFrom<String> for Periode {
    type Error = String;
    fn try_from(text: String) -> Result<Periode, String> {
        let (year, month) = text.split_once('-').ok_or_else(|| format!("bad periode {text}"))?;
        let year = year.parse().map_err(|_| format!("bad periode {text}"))?;
        let month = month.parse().map_err(|_| format!("bad periode {text}"))?;
        Periode::new(year, month).ok_or_else(|| format!("bad periode {text}"))
    }
}

impl From<Periode> for String {
    fn from(p: Periode) -> String {
        p.to_string()
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn p(year: i32, month: u32) -> Periode {
        Periode::new(year, month).unwrap()
    }

    #[test]
    fn reads_months_as_kader_write_them() {
        let now = p(2026, 11);
        assert_eq!(Periode::parse("2026-10", now), Some(p(2026, 10)));
        assert_eq!(Periode::parse("10/2026", now), Some(p(2026, 10)));
        assert_eq!(Periode::parse("Okt", now), Some(p(2026, 10)));
        assert_eq!(Periode::parse("desember", now), Some(p(2025, 12)));
        assert_eq!(Periode::parse("Oct 2025", now), Some(p(2025, 10)));
        assert_eq!(Periode::parse("13/2026", now), None);
        assert_eq!(Periode::parse("kemarin", now), None);
        assert_eq!(p(2026, 1).previous(), p(2025, 12));
        assert_eq!(String::from(p(2026, 3)), "2026-03");
        assert_eq!(Periode::try_from("2026-03".to_owned()), Ok(p(2026, 3)));
    }

    #[test]
    fn the_month_follows_the_local_time_zone() {
        let utc = Utc.with_ymd_and_hms(2026, 10, 31, 17, 30, 0).unwrap();
        assert_eq!(Periode::containing(utc, chrono_tz::Asia::Jakarta), p(2026, 11));
        assert_eq!(Periode::containing(utc, chrono_tz::Asia::Makassar), p(2026, 11));
        assert_eq!(
            Periode::containing(Utc.with_ymd_and_hms(2026, 10, 31, 16, 30, 0).unwrap(), chrono_tz::Asia::Jakarta),
            p(2026, 10)
        );
    }
}
