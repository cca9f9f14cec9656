//! The workbook (rust_xlsxwriter): one sheet per level below the area
//! ("Kecamatan", "Desa", "Posyandu"…) of [`LevelRow`]s with the
//! completeness and SKDN ratios as percentages, then a sheet per section
//! of the form ("Balita", "Ibu hamil" …) of its reports ([`ReportRow`]),
//! each indicator of the section a column in the form's order.
//! Headers in the reader's language, the header row frozen and filtered,
//! counts as numbers, moments as local date and time. Every sheet is
//! written in constant-memory mode: each row goes to a temporary file as
//! it comes, so a large area costs little more memory than a small one;
//! the file is zipped at deflate's fastest level.

use std::io::{Seek, Write};

use chrono_tz::Tz;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::{LevelRow, Unit, report_header};
use crate::domain::form::Section;
use crate::domain::lang::Lang;
use crate::i18n::{Key, Text};
use crate::store::digest::ReportRow;
use crate::store::red_flags::RedFlagRow;

/// Shown where a ratio has a zero denominator.
const DASH: &str = "–";

/// Deflate's fastest level: compressing took a third of a large workbook's
/// time at the default (6); the file at level 1 is about 1.7 times larger
/// (15 MB for the largest kabupaten's year, well within a chat document).
const ZIP_LEVEL: u8 = 1;

/// A workbook being written: level sheets first, then the reports.
pub struct Spreadsheet {
    book: Workbook,
    lang: Lang,
    /// The section sheet being written: its indicators and columns.
    indicators: Vec<String>,
    header_columns: Vec<String>,
    /// Moments are shown in this zone's local time.
    zone: Tz,
    /// "ya" and "tidak", for on time.
    yes_no: [String; 2],
    formats: Formats,
    /// The section sheet's index and its next row, once begun.
    reports: Option<(usize, u32)>,
}

struct Formats {
    header: Format,
    number: Format,
    percent: Format,
    moment: Format,
    dash: Format,
}

impl Spreadsheet {
    pub fn new(lang: Lang, zone: Tz) -> Spreadsheet {
        let header = Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_background_color(Color::RGB(0xDDEBF7))
            .set_border_bottom(FormatBorder::Thin);
        let mut book = Workbook::new();
        book.set_zip_compression_level(ZIP_LEVEL);
        Spreadsheet {
            book,
            lang,
            indicators: Vec::new(),
            header_columns: Vec::new(),
            zone,
            yes_no: [Key::ExportYes, Key::ExportNo].map(|key| Text::new(key).render(lang)),
            formats: Formats {
                header,
                number: Format::new().set_num_format("#,##0"),
                percent: Format::new().set_num_format("0.0%"),
                moment: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
                dash: Format::new().set_align(FormatAlign::Right),
            },
            reports: None,
        }
    }

    /// Adds the sheet of one level: a row per unit and month.
    pub fn add_level(&mut self, unit: Unit, rows: &[LevelRow]) -> Result<(), XlsxError> {
        let header = Text::new(Key::ExportLevelHeader).render(self.lang);
        let titles: Vec<&str> = header.split(',').collect();
        let f = &self.formats;
        let sheet = self.book.add_worksheet_with_constant_memory()?;
        sheet.set_name(Text::new(unit.sheet_name()).render(self.lang))?;
        let mut layout = vec![(14.0, None), (28.0, None), (9.0, None)];
        layout.extend([(10.0, Some(&f.number)); 3]);
        layout.push((9.0, Some(&f.percent)));
        layout.extend([(8.5, Some(&f.number)); 7]);
        layout.extend([(8.5, Some(&f.percent)); 8]);
        lay_out(sheet, &titles, &layout, &f.header)?;
        for (i, row) in rows.iter().enumerate() {
            let r = i as u32 + 1;
            sheet.write_string(r, 0, &row.code)?;
            sheet.write_string(r, 1, &row.name)?;
            sheet.write_string(r, 2, row.periode.to_string())?;
            let [reported_share, ratios @ ..] = row.ratios();
            let counts = [row.expected, row.reported, row.on_time];
            let totals = [row.s, row.k, row.d, row.n, row.bgm, row.two_t, row.d_prime()];
            for (col, count) in (3..).zip(counts) {
                sheet.write_number(r, col, count as f64)?;
            }
            write_ratio(sheet, r, 6, reported_share, &f.dash)?;
            for (col, total) in (7..).zip(totals) {
                sheet.write_number(r, col, total as f64)?;
            }
            for (col, ratio) in (14..).zip(ratios) {
                write_ratio(sheet, r, col, ratio, &f.dash)?;
            }
        }
        sheet.autofilter(0, 0, rows.len() as u32, titles.len() as u16 - 1)?;
        Ok(())
    }

    /// Adds the sheet of `section` with its header (finishing the one
    /// before); [`Spreadsheet::add_report`] fills it.
    pub fn begin_section(&mut self, section: &Section) -> Result<(), XlsxError> {
        self.finish_section()?;
        self.indicators = section.indicators.iter().map(|i| i.code.clone()).collect();
        self.header_columns = report_header(self.lang, section);
        let index = self.book.worksheets().len();
        let f = &self.formats;
        let sheet = self.book.add_worksheet_with_constant_memory()?;
        sheet.set_name(section.sheet.text().render(self.lang))?;
        let titles: Vec<&str> = self.header_columns.iter().map(String::as_str).collect();
        let mut layout = vec![(18.0, None), (18.0, None), (14.0, None), (18.0, None), (9.0, None)];
        layout.extend(self.indicators.iter().map(|_| (7.0, Some(&f.number))));
        layout.extend([
            (17.0, Some(&f.moment)),
            (8.0, None),
            (8.0, Some(&f.number)),
            (22.0, None),
            (17.0, Some(&f.moment)),
        ]);
        lay_out(sheet, &titles, &layout, &f.header)?;
        self.reports = Some((index, 1));
        Ok(())
    }

    /// Adds one report as the next row of the report sheet.
    pub fn add_report(&mut self, report: &ReportRow) -> Result<(), XlsxError> {
        let (index, row) = self.reports.expect("begin_section comes first");
        let sheet = self.book.worksheet_from_index(index)?;
        let posyandu = &report.posyandu;
        let place = [&report.kecamatan_name, &posyandu.desa_name, posyandu.desa_code.as_str(), &posyandu.name];
        for (col, text) in (0..).zip(place) {
            sheet.write_string(row, col, text)?;
        }
        sheet.write_string(row, 4, report.periode.to_string())?;
        for (col, code) in (5..).zip(&self.indicators) {
            if let Some(value) = report.values.get(code) {
                sheet.write_number(row, col, *value as f64)?;
            }
        }
        let col = 5 + self.indicators.len() as u16;
        let local = |at: chrono::DateTime<chrono::Utc>| at.with_timezone(&self.zone).naive_local();
        sheet.write_datetime(row, col, local(report.first_sent_at))?;
        sheet.write_string(row, col + 1, &self.yes_no[usize::from(!report.on_time)])?;
        sheet.write_number(row, col + 2, report.revision as f64)?;
        sheet.write_string(row, col + 3, &report.sent_by)?;
        sheet.write_datetime(row, col + 4, local(report.sent_at))?;
        self.reports = Some((index, row + 1));
        Ok(())
    }

    /// Adds the sheet of red flags, one row each.
    pub fn add_red_flags(&mut self, flags: &[RedFlagRow]) -> Result<(), XlsxError> {
        self.finish_section()?;
        let header = Text::new(Key::ExportRedFlagHeader).render(self.lang);
        let titles: Vec<&str> = header.split(',').collect();
        let f = &self.formats;
        let sheet = self.book.add_worksheet_with_constant_memory()?;
        sheet.set_name(Text::new(Key::ExportSheetRedFlags).render(self.lang))?;
        let mut layout = vec![(9.0, None), (14.0, None), (18.0, None), (18.0, None), (12.0, None), (8.0, None)];
        layout.extend([(8.0, Some(&f.number)), (22.0, None), (17.0, Some(&f.moment))]);
        lay_out(sheet, &titles, &layout, &f.header)?;
        for (r, flag) in (1..).zip(flags) {
            let texts =
                [flag.periode.to_string(), flag.desa_code.clone(), flag.desa_name.clone(), flag.posyandu.clone()];
            for (col, text) in (0..).zip(texts.iter().chain([&flag.section, &flag.code])) {
                sheet.write_string(r, col, text)?;
            }
            sheet.write_number(r, 6, flag.value as f64)?;
            sheet.write_string(r, 7, &flag.kader)?;
            sheet.write_datetime(r, 8, flag.at.with_timezone(&self.zone).naive_local())?;
        }
        sheet.autofilter(0, 0, flags.len() as u32, titles.len() as u16 - 1)?;
        Ok(())
    }

    /// The filter over the section sheet just written.
    fn finish_section(&mut self) -> Result<(), XlsxError> {
        if let Some((index, rows)) = self.reports.take() {
            let columns = self.header_columns.len() as u16;
            self.book.worksheet_from_index(index)?.autofilter(0, 0, rows - 1, columns - 1)?;
        }
        Ok(())
    }

    /// Finishes the workbook into `out`.
    pub fn save(mut self, out: impl Write + Seek + Send) -> Result<(), XlsxError> {
        self.finish_section()?;
        self.book.save_to_writer(out)
    }
}

/// The columns' widths and formats (cells written without a format take
/// their column's: one format lookup per column, not per cell), and the
/// header row, frozen so it stays in view.
fn lay_out(
    sheet: &mut Worksheet,
    titles: &[&str],
    layout: &[(f64, Option<&Format>)],
    header: &Format,
) -> Result<(), XlsxError> {
    for (col, (width, format)) in (0..).zip(layout) {
        sheet.set_column_width(col, *width)?;
        if let Some(format) = format {
            sheet.set_column_format(col, format)?;
        }
    }
    for (col, title) in (0..).zip(titles) {
        sheet.write_string_with_format(0, col, *title, header)?;
    }
    sheet.set_row_height(0, 30)?;
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// A ratio as a percentage (the column's format), or a dash where its
/// denominator is 0.
fn write_ratio(sheet: &mut Worksheet, row: u32, col: u16, ratio: Option<f64>, dash: &Format) -> Result<(), XlsxError> {
    match ratio {
        Some(ratio) => sheet.write_number(row, col, ratio)?,
        None => sheet.write_string_with_format(row, col, DASH, dash)?,
    };
    Ok(())
}
