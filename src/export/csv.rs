//! The reports as CSV: the columns of the workbook's report sheet, one
//! line per report, moments as local time with their zone
//! (`2026-11-03 08:15 WITA`), written as they come.

use std::io::Write;

use chrono::DateTime;
use chrono_tz::Tz;

use super::{ReportRow, report_header};
use crate::domain::form::Form;
use crate::domain::lang::Lang;
use crate::domain::when::zone_name;

/// A CSV file of reports being written.
pub struct CsvReports<W: Write> {
    csv: csv::Writer<W>,
    indicators: Vec<String>,
}

impl<W: Write> CsvReports<W> {
    /// Starts the file with its header line.
    pub fn new(out: W, lang: Lang, form: &Form) -> anyhow::Result<CsvReports<W>> {
        let mut csv = csv::Writer::from_writer(out);
        csv.write_record(report_header(lang, form))?;
        Ok(CsvReports { csv, indicators: form.indicators.iter().map(|i| i.code.clone()).collect() })
    }

    pub fn add(&mut self, report: &ReportRow) -> anyhow::Result<()> {
        let mut line = vec![
            report.kabupaten.clone(),
            report.kecamatan.clone(),
            report.desa.clone(),
            report.desa_code.clone(),
            report.posyandu.clone(),
            report.periode.to_string(),
        ];
        line.extend(self.indicators.iter().map(|code| report.values.get(code).map(i64::to_string).unwrap_or_default()));
        line.push(report.sent_by.clone());
        line.push(moment(report.sent_at));
        line.push(report.revisions.to_string());
        let (by, at) = report.corrected.as_ref().map(|(by, at)| (by.clone(), moment(*at))).unwrap_or_default();
        line.extend([by, at]);
        self.csv.write_record(line)?;
        Ok(())
    }

    /// Flushes what is left.
    pub fn finish(mut self) -> anyhow::Result<()> {
        self.csv.flush()?;
        Ok(())
    }
}

/// `2026-11-03 08:15 WITA`.
fn moment(at: DateTime<Tz>) -> String {
    format!("{} {}", at.format("%Y-%m-%d %H:%M"), zone_name(at))
}
