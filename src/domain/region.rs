//! Kemendagri region codes (`73.24.01.2001`) and what follows from them:
//! the level in the tree, the parent, the time zone, and subtree ranges.
//!
//! Format (domain.md §5): 2 digits province, 2 kabupaten/kota, 2 kecamatan,
//! 4 desa/kelurahan (first digit 1 = kelurahan, 2 = desa, 3 = desa adat).

use std::fmt;

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// A syntactically valid region code.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RegionCode(String);

/// The four levels of the region tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Level {
    Provinsi = 1,
    Kabupaten = 2,
    Kecamatan = 3,
    Desa = 4,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RegionCodeError {
    #[error("a region code has 1 to 4 parts separated by dots, like 73.24.01.2001")]
    Shape,
    #[error("part {0} must have {1} digits")]
    Part(usize, usize),
}

const PART_DIGITS: [usize; 4] = [2, 2, 2, 4];

impl RegionCode {
    pub fn parse(text: &str) -> Result<RegionCode, RegionCodeError> {
        let text = text.trim();
        let parts: Vec<&str> = text.split('.').collect();
        if parts.is_empty() || parts.len() > 4 {
            return Err(RegionCodeError::Shape);
        }
        for (i, part) in parts.iter().enumerate() {
            if part.len() != PART_DIGITS[i] || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(RegionCodeError::Part(i + 1, PART_DIGITS[i]));
            }
        }
        Ok(RegionCode(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn level(&self) -> Level {
        match self.0.split('.').count() {
            1 => Level::Provinsi,
            2 => Level::Kabupaten,
            3 => Level::Kecamatan,
            _ => Level::Desa,
        }
    }

    /// The code one level up, or `None` for a province.
    pub fn parent(&self) -> Option<RegionCode> {
        self.0.rfind('.').map(|i| RegionCode(self.0[..i].to_owned()))
    }

    /// The two-digit province number.
    pub fn province(&self) -> u8 {
        self.0[..2].parse().expect("validated in parse")
    }

    /// For a desa-level code: true when it is a kelurahan (village part starts with 1).
    pub fn is_kelurahan(&self) -> bool {
        self.level() == Level::Desa && self.0.rsplit('.').next().is_some_and(|v| v.starts_with('1'))
    }

    /// The half-open range `[low, high)` of codes strictly below this one.
    /// `.` is followed by `/` in byte order, so `73.24.` ≤ child < `73.24/`.
    pub fn descendant_range(&self) -> (String, String) {
        (format!("{}.", self.0), format!("{}/", self.0))
    }

    /// True when `other` is this region or lies below it.
    pub fn contains(&self, other: &RegionCode) -> bool {
        other.0 == self.0 || other.0.starts_with(&format!("{}.", self.0))
    }
}

impl TryFrom<String> for RegionCode {
    type Error = RegionCodeError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        RegionCode::parse(&value)
    }
}

impl From<RegionCode> for String {
    fn from(code: RegionCode) -> String {
        code.0
    }
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Level {
    pub fn from_number(n: i64) -> Option<Level> {
        match n {
            1 => Some(Level::Provinsi),
            2 => Some(Level::Kabupaten),
            3 => Some(Level::Kecamatan),
            4 => Some(Level::Desa),
            _ => None,
        }
    }

    pub fn number(self) -> i64 {
        self as i64
    }
}

/// The time zone of a province (Keppres 41/1987; domain.md §5), or `None`
/// for a number that is not an Indonesian province.
pub fn province_time_zone(province: u8) -> Option<Tz> {
    match province {
        11..=36 => Some(Tz::Asia__Jakarta),
        61 | 62 => Some(Tz::Asia__Pontianak),
        51..=53 | 63..=65 | 71..=76 => Some(Tz::Asia__Makassar),
        81 | 82 | 91..=96 => Some(Tz::Asia__Jayapura),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_levels_and_parents() {
        let desa = RegionCode::parse("73.24.01.2001").unwrap();
        assert_eq!(desa.level(), Level::Desa);
        assert_eq!(desa.parent().unwrap().as_str(), "73.24.01");
        assert_eq!(desa.province(), 73);
        assert!(!desa.is_kelurahan());
        assert!(RegionCode::parse("64.74.01.1001").unwrap().is_kelurahan());
        assert_eq!(RegionCode::parse("73").unwrap().parent(), None);
    }

    #[test]
    fn rejects_bad_codes() {
        for bad in ["", "7", "73.2", "73.24.1", "73.24.01.201", "73.24.01.2001.1", "7a.24", "73..01"] {
            assert!(RegionCode::parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn subtree_range_holds_children_only() {
        let kab = RegionCode::parse("73.24").unwrap();
        let (low, high) = kab.descendant_range();
        for inside in ["73.24.01", "73.24.99.2999"] {
            assert!(low.as_str() <= inside && inside < high.as_str());
        }
        for outside in ["73.24", "73.25", "73.2", "73.240"] {
            assert!(!(low.as_str() <= outside && outside < high.as_str()), "{outside}");
        }
        assert!(kab.contains(&RegionCode::parse("73.24.01").unwrap()));
        assert!(!kab.contains(&RegionCode::parse("73.22.01").unwrap()));
    }

    #[test]
    fn time_zones_follow_the_province() {
        assert_eq!(province_time_zone(11), Some(Tz::Asia__Jakarta));
        assert_eq!(province_time_zone(61), Some(Tz::Asia__Pontianak));
        assert_eq!(province_time_zone(73), Some(Tz::Asia__Makassar));
        assert_eq!(province_time_zone(51), Some(Tz::Asia__Makassar));
        assert_eq!(province_time_zone(94), Some(Tz::Asia__Jayapura));
        assert_eq!(province_time_zone(99), None);
        assert_eq!(province_time_zone(21), Some(Tz::Asia__Jakarta));
        assert_eq!(province_time_zone(40), None);
    }
}
