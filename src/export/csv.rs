//! One section's reports as CSV: the columns of its sheet in the
//! workbook, one line per report, moments as local time with their zone
//! (`2026-11-03 08:15 WITA`), written as they come.

use std::io::Write;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::report_header;
use crate::domain::form::Section;
use crate::domain::lang::Lang;
use crate::i18n::zone_name;
use crate::i18n::{Key, Text};
use crate::store::digest::ReportRow;

/// A CSV file of reports being written.
pub struct CsvReports<W: Write> {
    csv: csv::Writer<W>,
    indicators: Vec<String>,
    zone: Tz,
    /// "ya" and "tidak", for on time.
    yes_no: [String; 2],
}

impl<W: Write> CsvReports<W> {
    /// Starts the file with its header line; moments are shown in `zone`.
    pub fn new(out: W, lang: Lang, section: &Section, zone: Tz) -> anyhow::Result<CsvReports<W>> {
        let mut csv = csv::Writer::from_writer(out);
        csv.write_record(report_header(lang, section))?;
        Ok(CsvReports {
            csv,
            indicators: section.indicators.iter().map(|i| i.code.clone()).collect(),
            zone,
            yes_no: [Key::ExportYes, Key::ExportNo].map(|key| Text::new(key).render(lang)),
        })
    }

    pub fn add(&mut self, report: &ReportRow) -> anyhow::Result<()> {
        let posyandu = &report.posyandu;
        let mut line = vec![
            report.kecamatan_name.clone(),
            posyandu.desa_name.clone(),
            posyandu.desa_code.to_string(),
            posyandu.name.clone(),
            report.periode.to_string(),
        ];
        line.extend(self.indicators.iter().map(|code| report.values.get(code).map(i64::to_string).unwrap_or_default()));
        line.push(self.moment(report.first_sent_at));
        line.push(self.yes_no[usize::from(!report.on_time)].clone());
        line.push(report.revision.to_string());
        line.push(report.sent_by.clone());
        line.push(self.moment(report.sent_at));
        self.csv.write_record(line)?;
        Ok(())
    }

    /// Flushes what is left.
    pub fn finish(mut self) -> anyhow::Result<()> {
        self.csv.flush()?;
        Ok(())
    }

    /// `2026-11-03 08:15 WITA`.
    fn moment(&self, at: DateTime<Utc>) -> String {
        let local = at.with_timezone(&self.zone);
        format!("{} {}", local.format("%Y-%m-%d %H:%M"), zone_name(local))
    }
}
