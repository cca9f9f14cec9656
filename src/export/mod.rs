//! An area's reports as files officials open in Excel: the spreadsheet of
//! `/unduh` and `posyandu-bot export`, or the same reports as CSV.
//!
//! Data first, then rendered: a [`LevelRow`] is one region (or posyandu)
//! in one month (completeness and SKDN totals), read by [`levels`] over the
//! area's code range; each report's current revision comes as the digest
//! store streams it (`store::digest::reports`). [`xlsx`] writes a workbook
//! with a sheet per level below the area and a sheet of every report,
//! [`csv`] the reports alone. Headers come from the locales, in the
//! reader's language; moments in the area's time zone.

pub mod csv;
pub mod levels;
pub mod xlsx;

use std::io::{Seek, Write};

use chrono_tz::Tz;

use crate::domain::digest::Settings;
use crate::domain::form::{Form, Section};
use crate::domain::lang::Lang;
use crate::domain::periode::Periode;
use crate::domain::region::{Level, RegionCode};
use crate::domain::skdn;
use crate::i18n::{Key, Text};
use crate::store::{Tx, digest, red_flags};

/// What to export: an area (any level), the months `from..=to`, and what
/// a report is measured against (its due day).
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    pub area: RegionCode,
    pub from: Periode,
    pub to: Periode,
    pub settings: Settings,
    pub lang: Lang,
}

impl Request {
    /// The area's time zone (its province's): moments are shown in it.
    pub fn zone(&self) -> Tz {
        self.area.time_zone()
    }

    /// The months asked for, oldest first.
    pub fn months(&self) -> Vec<Periode> {
        let mut months: Vec<Periode> =
            std::iter::successors(Some(self.to), |p| Some(p.previous())).take_while(|p| *p >= self.from).collect();
        months.reverse();
        months
    }
}

/// What one row of a level sheet stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Region(Level),
    Posyandu,
}

impl Unit {
    /// The levels below an area of `level`, down to the posyandu.
    pub fn below(level: Level) -> Vec<Unit> {
        let regions = [Level::Kabupaten, Level::Kecamatan, Level::Desa].into_iter().filter(|l| *l > level);
        regions.map(Unit::Region).chain([Unit::Posyandu]).collect()
    }

    /// The sheet's name.
    pub fn sheet_name(self) -> Key {
        match self {
            Unit::Region(Level::Provinsi) => Key::ExportSheetProvinsi,
            Unit::Region(Level::Kabupaten) => Key::ExportSheetKabupaten,
            Unit::Region(Level::Kecamatan) => Key::ExportSheetKecamatan,
            Unit::Region(Level::Desa) => Key::ExportSheetDesa,
            Unit::Posyandu => Key::ExportSheetPosyandu,
        }
    }
}

/// One region or posyandu in one month: how many posyandu should report,
/// how many did and how many by the due day, and the SKDN totals.
#[derive(Clone, Debug, PartialEq)]
pub struct LevelRow {
    /// The region code, or the posyandu's id.
    pub code: String,
    pub name: String,
    pub periode: Periode,
    pub expected: i64,
    pub reported: i64,
    pub on_time: i64,
    pub s: i64,
    pub k: i64,
    pub d: i64,
    pub n: i64,
    pub o: i64,
    pub b: i64,
    pub bgm: i64,
    pub two_t: i64,
}

impl LevelRow {
    /// D′ = D − O − B ([`skdn::d_prime`]).
    pub fn d_prime(&self) -> i64 {
        skdn::d_prime(self.d, self.o, self.b)
    }

    /// Reported / expected, K/S, D/S, D/K, plain N/D, N/D′, N/S, BGM/D,
    /// 2T/D ([`skdn`]), in the order of the level sheet's columns; `None`
    /// where the denominator is 0.
    pub fn ratios(&self) -> [Option<f64>; 9] {
        [
            skdn::ratio(self.reported, self.expected),
            skdn::k_s(self.k, self.s),
            skdn::d_s(self.d, self.s),
            skdn::d_k(self.d, self.k),
            skdn::n_d(self.n, self.d),
            skdn::n_d_prime(self.n, self.d, self.o, self.b),
            skdn::n_s(self.n, self.s),
            skdn::per_d(self.bgm, self.d),
            skdn::per_d(self.two_t, self.d),
        ]
    }
}

/// The columns of a section's reports: where, the section's indicators in
/// the form's order, when first sent and whether on time, the revisions,
/// who sent the current one and when.
pub fn report_header(lang: Lang, section: &Section) -> Vec<String> {
    let start = Text::new(Key::ExportReportHeaderStart).render(lang);
    let end = Text::new(Key::ExportReportHeaderEnd).render(lang);
    let indicators = section.indicators.iter().map(|i| i.code.clone());
    start.split(',').map(str::to_owned).chain(indicators).chain(end.split(',').map(str::to_owned)).collect()
}

/// Rows a worksheet holds, the header included (Excel's limit).
pub const MAX_SHEET_ROWS: i64 = 1_048_576;

/// Writes the workbook of `request` to `out`: a sheet per level below the
/// area, then a sheet per section of the form with its reports, then the
/// red flags. Returns how many reports it holds, or why it
/// cannot be one workbook: more rows than a sheet holds (the posyandu
/// sheet, a row per posyandu and month, is never shorter than the reports).
pub async fn write_xlsx(
    tx: &mut Tx,
    form: &Form,
    request: &Request,
    out: impl Write + Seek + Send,
) -> anyhow::Result<Result<u64, Text>> {
    let months = request.months();
    let mut book = xlsx::Spreadsheet::new(request.lang, request.zone());
    for (unit, rows) in levels::sheets(tx, &request.area, &months, &request.settings).await? {
        if rows.len() as i64 >= MAX_SHEET_ROWS {
            let text = Text::new(Key::ExportTooManyRows).arg("count", rows.len() as i64).arg("max", MAX_SHEET_ROWS - 1);
            return Ok(Err(text));
        }
        book.add_level(unit, &rows)?;
    }
    let (area, settings) = (Some(&request.area), &request.settings);
    let mut written = 0;
    for section in &form.sections {
        book.begin_section(section)?;
        let months = (request.from, request.to);
        written += digest::reports(tx, area, months, &section.code, settings, |row| Ok(book.add_report(&row)?)).await?;
    }
    book.add_red_flags(&red_flags::list(tx, &request.area, (request.from, request.to)).await?)?;
    book.save(out)?;
    Ok(Ok(written))
}

/// Writes every report of one section of `request` to `out` as CSV;
/// returns how many.
pub async fn write_csv(tx: &mut Tx, section: &Section, request: &Request, out: impl Write) -> anyhow::Result<u64> {
    let mut file = csv::CsvReports::new(out, request.lang, section, request.zone())?;
    let (area, settings) = (Some(&request.area), &request.settings);
    let months = (request.from, request.to);
    let written = digest::reports(tx, area, months, &section.code, settings, |row| file.add(&row)).await?;
    file.finish()?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_area_breaks_down_to_every_level_below_it() {
        use Level::*;
        assert_eq!(
            Unit::below(Provinsi),
            [Unit::Region(Kabupaten), Unit::Region(Kecamatan), Unit::Region(Desa), Unit::Posyandu]
        );
        assert_eq!(Unit::below(Kabupaten), [Unit::Region(Kecamatan), Unit::Region(Desa), Unit::Posyandu]);
        assert_eq!(Unit::below(Desa), [Unit::Posyandu]);
    }

    #[test]
    fn months_run_from_the_first_to_the_last() {
        let p = |y, m| Periode::new(y, m).unwrap();
        let request = Request {
            area: RegionCode::parse("73.24").unwrap(),
            from: p(2025, 11),
            to: p(2026, 2),
            settings: Settings::default(),
            lang: Lang::Id,
        };
        assert_eq!(request.months(), [p(2025, 11), p(2025, 12), p(2026, 1), p(2026, 2)]);
        assert_eq!(Request { from: p(2026, 3), ..request }.months(), []);
    }

    #[test]
    fn ratios_leave_zero_denominators_out() {
        let row = LevelRow {
            code: "73.24.01".into(),
            name: "Mangkutana".into(),
            periode: Periode::new(2026, 10).unwrap(),
            expected: 4,
            reported: 3,
            on_time: 2,
            s: 50,
            k: 0,
            d: 40,
            n: 30,
            o: 2,
            b: 4,
            bgm: 2,
            two_t: 1,
        };
        assert_eq!(row.d_prime(), 34);
        assert_eq!(
            row.ratios(),
            [Some(0.75), Some(0.0), Some(0.8), None, Some(0.75), Some(30.0 / 34.0), Some(0.6), Some(0.05), Some(0.025)]
        );
    }

    #[test]
    fn report_columns_name_every_indicator_of_the_form_in_both_languages() {
        let form = Form::shipped();
        let balita = form.section(crate::domain::form::BALITA).unwrap();
        let id = report_header(Lang::Id, balita);
        let en = report_header(Lang::En, balita);
        assert_eq!(id.len(), 5 + balita.indicators.len() + 5);
        assert_eq!(id.len(), en.len());
        assert_eq!(id[..6], ["Kecamatan", "Desa", "Kode desa", "Posyandu", "Periode", "S"]);
    }
}
