//! Kemendagri region codes (`73.24.01.2001`) and what follows from them:
//! the level in the tree, the parent, the time zone, and the subtree range
//! that every "this region and everything under it" query uses.
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
    /// The time zone of the region's province; WIB for a code outside the
    /// 38 provinces (which the store never holds).
    pub fn time_zone(&self) -> Tz {
        province_time_zone(self.province()).unwrap_or(Tz::Asia__Jakarta)
    }

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

    /// This region and everything under it, as the half-open range
    /// `[low, high)` = `[code, code + "/")` of codes: the one definition of a
    /// subtree, used by every query. `/` sorts right after `.` (byte order;
    /// PostgreSQL's code columns use `COLLATE "C"`), so `73.24` ≤ `73.24.01.2001`
    /// < `73.24/`, while `73.240…` and `73.25` fall outside.
    pub fn subtree(&self) -> (String, String) {
        (self.0.clone(), format!("{}/", self.0))
    }

    /// Whether `other` is this region or lies under it ([`Self::subtree`]).
    pub fn contains(&self, other: &RegionCode) -> bool {
        let (low, high) = self.subtree();
        (low.as_str()..high.as_str()).contains(&other.as_str())
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

/// A region name as two lists may spell it ("KAB. MERAUKE", "Kabupaten
/// Merauke"): lower case, single spaces, "kab." written out. Used to find the
/// current region that most likely took a retired one's place.
pub fn name_key(name: &str) -> String {
    let words: Vec<String> = name.split_whitespace().map(str::to_lowercase).collect();
    match words.split_first() {
        Some((first, rest)) if first == "kab." || first == "kab" => format!("kabupaten {}", rest.join(" ")),
        _ => words.join(" "),
    }
}

/// The time zone of a province (Keppres 41/1987; domain.md §5), or `None`
/// for a number that is not one of Indonesia's 38 provinces (Kemendagri
/// 2025, with the Papua splits 93–96).
pub fn province_time_zone(province: u8) -> Option<Tz> {
    match province {
        11..=19 | 21 | 31..=36 => Some(Tz::Asia__Jakarta),
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

    fn in_subtree(area: &str, code: &str) -> bool {
        let (low, high) = RegionCode::parse(area).unwrap().subtree();
        low.as_str() <= code && code < high.as_str()
    }

    #[test]
    fn subtree_holds_the_region_and_everything_under_it() {
        for inside in ["73.24", "73.24.01", "73.24.01.2001", "73.24.99.2999"] {
            assert!(in_subtree("73.24", inside), "{inside}");
        }
        for outside in ["73", "73.2", "73.23.99.2999", "73.25", "73.25.01", "73.240", "74.24"] {
            assert!(!in_subtree("73.24", outside), "{outside}");
        }
        assert!(in_subtree("73", "73.24.01.2001") && !in_subtree("73", "74") && !in_subtree("73", "7"));
        assert!(in_subtree("73.24.01.2001", "73.24.01.2001") && !in_subtree("73.24.01.2001", "73.24.01.2002"));
    }

    #[test]
    fn time_zones_follow_the_province() {
        assert_eq!(province_time_zone(11), Some(Tz::Asia__Jakarta));
        assert_eq!(province_time_zone(21), Some(Tz::Asia__Jakarta));
        assert_eq!(province_time_zone(61), Some(Tz::Asia__Pontianak));
        assert_eq!(province_time_zone(73), Some(Tz::Asia__Makassar));
        assert_eq!(province_time_zone(51), Some(Tz::Asia__Makassar));
        for papua in 91..=96 {
            assert_eq!(province_time_zone(papua), Some(Tz::Asia__Jayapura), "{papua}");
        }
    }

    #[test]
    fn names_compare_across_list_spellings() {
        assert_eq!(name_key("KAB. MERAUKE"), name_key("Kabupaten Merauke"));
        assert_eq!(name_key("KAB PEGUNUNGAN  BINTANG"), name_key("Kabupaten Pegunungan Bintang"));
        assert_eq!(name_key("KOTA SORONG"), name_key("Kota Sorong"));
        assert_ne!(name_key("Kota Sorong"), name_key("Kabupaten Sorong"));
    }

    #[test]
    fn only_the_38_provinces_exist() {
        let provinces: Vec<u8> = (0..=99).filter(|&p| province_time_zone(p).is_some()).collect();
        let expected = [
            11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63, 64, 65, 71, 72, 73,
            74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96,
        ];
        assert_eq!(provinces, expected);
    }
}
