//! Reading the Kemendagri region list (`code,name` CSV, no header, dotted
//! codes, quoted names that contain commas) into checked rows.
//!
//! The whole file is checked before anything is written: every problem is
//! reported with its line number, and a file with any problem is refused.
//!
//! A file is the complete list of the provinces whose province row it holds
//! ([`complete_provinces`]): their regions must all be in the file (parents
//! included), and stored codes of theirs that the file lacks are retired on
//! import. Rows of other provinces only add or rename codes, and may hang
//! below regions already stored.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::Read;

use chrono_tz::Tz;

use crate::domain::region::{RegionCode, province_time_zone};

/// The list shipped with the program: Kemendagri 2025, 38 provinces, from
/// idn-area-data 4.0.1 under the ODbL 1.0 (data/wilayah/README.md).
pub const BUNDLED: &[u8] = include_bytes!("../data/wilayah/kode_wilayah_2025.csv");

/// Where [`BUNDLED`] comes from, as shown to the admin.
pub const BUNDLED_NAME: &str = "data/wilayah/kode_wilayah_2025.csv";

/// One region, ready to store.
#[derive(Clone, Debug, PartialEq)]
pub struct RegionRow {
    pub code: RegionCode,
    pub name: String,
    pub time_zone: Tz,
}

/// A problem on one line of an imported file (lines count from 1); the
/// posyandu file reader uses it too.
#[derive(Clone, Debug, PartialEq)]
pub struct LineError {
    pub line: u64,
    pub problem: Problem,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// Not exactly two columns, or not readable as CSV.
    Columns,
    BadCode(String),
    EmptyName,
    /// The same code already appeared on that line.
    Duplicate {
        first_line: u64,
    },
    /// The parent code is neither in the file nor already stored.
    NoParent(String),
    UnknownProvince(String),
    /// (Posyandu files) the code is not a stored desa/kelurahan.
    NotDesa(String),
    /// (Posyandu files) the desa code is retired: no longer in the Kemendagri list.
    Retired(String),
}

/// Reads and checks a region list. `stored` holds the current codes already
/// in the database, which count as known parents for rows of provinces the
/// file does not hold completely. Rows come back parents first.
pub fn read(input: impl Read, stored: &HashSet<String>) -> Result<Vec<RegionRow>, Vec<LineError>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(input);
    let mut rows = Vec::new();
    let mut lines = Vec::new();
    let mut errors = Vec::new();
    let mut first_seen: HashMap<String, u64> = HashMap::new();
    for (index, record) in reader.records().enumerate() {
        let line = record.as_ref().ok().and_then(|r| r.position()).map_or(index as u64 + 1, |p| p.line());
        let fail = |problem| LineError { line, problem };
        let record = match record {
            Ok(record) if record.len() == 2 => record,
            _ => {
                errors.push(fail(Problem::Columns));
                continue;
            }
        };
        let Ok(code) = RegionCode::parse(&record[0]) else {
            errors.push(fail(Problem::BadCode(record[0].chars().take(30).collect())));
            continue;
        };
        let name = record[1].trim();
        if name.is_empty() {
            errors.push(fail(Problem::EmptyName));
            continue;
        }
        if let Some(&first_line) = first_seen.get(code.as_str()) {
            errors.push(fail(Problem::Duplicate { first_line }));
            continue;
        }
        first_seen.insert(code.as_str().to_owned(), line);
        let Some(time_zone) = province_time_zone(code.province()) else {
            errors.push(fail(Problem::UnknownProvince(code.to_string())));
            continue;
        };
        rows.push(RegionRow { code, name: name.to_owned(), time_zone });
        lines.push(line);
    }
    let complete = complete_provinces(&rows);
    for (row, &line) in rows.iter().zip(&lines) {
        if let Some(parent) = row.code.parent()
            && !first_seen.contains_key(parent.as_str())
            && (complete.contains(&row.code.province()) || !stored.contains(parent.as_str()))
        {
            errors.push(LineError { line, problem: Problem::NoParent(parent.to_string()) });
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.line);
        return Err(errors);
    }
    rows.sort_by(|a, b| (a.code.level(), &a.code).cmp(&(b.code.level(), &b.code)));
    Ok(rows)
}

/// The provinces whose province row is among `rows`: the file is their
/// complete list, and only their codes may be retired by importing it.
pub fn complete_provinces(rows: &[RegionRow]) -> BTreeSet<u8> {
    rows.iter().filter(|row| row.code.parent().is_none()).map(|row| row.code.province()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::region::Level;

    fn read_str(text: &str) -> Result<Vec<RegionRow>, Vec<LineError>> {
        read(text.as_bytes(), &HashSet::new())
    }

    #[test]
    fn reads_quoted_names_and_orders_parents_first() {
        let rows =
            read_str("73.24.01,Mangkutana\n73,SULAWESI SELATAN\n73.24,KAB. LUWU TIMUR\n12.01.01,x\n").unwrap_err();
        assert_eq!(rows, vec![LineError { line: 4, problem: Problem::NoParent("12.01".into()) }]);
        let rows = read_str("73.24.01,\"Lubuk Pakam I,II\"\n73,SULAWESI SELATAN\n73.24,KAB. LUWU TIMUR\n").unwrap();
        let codes: Vec<_> = rows.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes, ["73", "73.24", "73.24.01"]);
        assert_eq!(rows[2].name, "Lubuk Pakam I,II");
        assert_eq!(rows[0].time_zone, Tz::Asia__Makassar);
    }

    #[test]
    fn reports_every_bad_line() {
        let text = "73,SULAWESI SELATAN\n73.2,Bad\n73,Again\n74\n99,Nowhere\n73.24,\n";
        let errors = read_str(text).unwrap_err();
        let lines: Vec<_> = errors.iter().map(|e| (e.line, e.problem.clone())).collect();
        assert_eq!(
            lines,
            vec![
                (2, Problem::BadCode("73.2".into())),
                (3, Problem::Duplicate { first_line: 1 }),
                (4, Problem::Columns),
                (5, Problem::UnknownProvince("99".into())),
                (6, Problem::EmptyName),
            ]
        );
    }

    #[test]
    fn stored_codes_count_as_parents_outside_complete_provinces() {
        let stored: HashSet<String> = ["73".to_owned(), "73.24".to_owned()].into();
        assert!(read("73.24.01,Mangkutana\n".as_bytes(), &stored).is_ok());
        let whole_province = read("73,SULAWESI SELATAN\n73.24.01,Mangkutana\n".as_bytes(), &stored).unwrap_err();
        assert_eq!(whole_province, vec![LineError { line: 2, problem: Problem::NoParent("73.24".into()) }]);
    }

    #[test]
    fn a_file_is_complete_for_the_provinces_it_has_a_row_for() {
        let rows = read_str("73,SULAWESI SELATAN\n73.24,KAB. LUWU TIMUR\n96,Papua Barat Daya\n").unwrap();
        assert_eq!(complete_provinces(&rows), BTreeSet::from([73, 96]));
        let stored: HashSet<String> = ["64".to_owned()].into();
        let rows = read("64.74,KOTA BONTANG\n".as_bytes(), &stored).unwrap();
        assert!(complete_provinces(&rows).is_empty());
    }

    #[test]
    fn the_bundled_list_is_kemendagri_2025() {
        let rows = read(BUNDLED, &HashSet::new()).unwrap();
        let count = |level| rows.iter().filter(|r| r.code.level() == level).count();
        assert_eq!(
            [count(Level::Provinsi), count(Level::Kabupaten), count(Level::Kecamatan), count(Level::Desa)],
            [38, 514, 7_285, 83_762]
        );
        assert_eq!(complete_provinces(&rows).len(), 38);
    }
}
