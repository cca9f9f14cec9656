//! `export`: an area's reports for a run of months as the spreadsheet an
//! official gets with `/unduh` (a sheet per level and every report), or
//! the reports alone as CSV. On time means by `REPORT_DUE_DAY`, as in the
//! digests.

use std::io::BufWriter;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use chrono::Utc;
use chrono_tz::Tz;

use super::{complain, say, stored_region};
use crate::config::Config;
use crate::domain::form::BALITA;
use crate::domain::lang::Lang;
use crate::domain::periode::Periode;
use crate::export::{self, Request};
use crate::i18n::{Key, Text};
use crate::store::Db;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Xlsx,
    Csv,
}

#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// The region, any level, e.g. 73.24
    #[arg(long)]
    pub area: String,
    /// The first month, e.g. 2026-01
    #[arg(long)]
    pub from: String,
    /// The last month, e.g. 2026-10
    #[arg(long)]
    pub to: String,
    #[arg(long, value_enum, default_value = "xlsx")]
    pub format: ExportFormat,
    /// For CSV, the form's section (one table per file), e.g. ibu; balita when absent.
    #[arg(long)]
    pub section: Option<String>,
    /// The file to write.
    #[arg(long)]
    pub out: PathBuf,
}

pub async fn run(db: &Db, args: ExportArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let area = match stored_region(db, &args.area, lang).await? {
        Ok((code, _)) => code,
        Err(exit) => return Ok(exit),
    };
    let now = Periode::containing(Utc::now(), Tz::Asia__Jakarta);
    let month = |text: &str| Periode::parse(text, now).ok_or_else(|| Text::new(Key::CliBadMonth).arg("value", text));
    let (from, to) = match (month(&args.from), month(&args.to)) {
        (Ok(from), Ok(to)) if from <= to => (from, to),
        (Ok(from), Ok(to)) => {
            let text = Text::new(Key::CliMonthsReversed).arg("from", from.to_string()).arg("to", to.to_string());
            return Ok(complain(lang, text));
        }
        (Err(text), _) | (_, Err(text)) => return Ok(complain(lang, text)),
    };
    let (form, settings) = match Config::from_env() {
        Ok(config) => (config.forms.for_region(&area).clone(), config.dialogue.digest),
        Err(text) => return Ok(complain(lang, text)),
    };
    let section = args.section.as_deref().unwrap_or(BALITA);
    let Some(section) = form.section(section) else {
        let known: Vec<&str> = form.sections.iter().map(|s| s.code.as_str()).collect();
        let text = Text::new(Key::CliUnknownSection).arg("section", section).arg("known", known.join(", "));
        return Ok(complain(lang, text));
    };
    let request = Request { area, from, to, settings, lang };
    let file = std::fs::File::create(&args.out).map_err(|e| anyhow::anyhow!("{}: {e}", args.out.display()))?;
    // One transaction: the workbook's sheets read one state of the reports.
    let mut tx = db.begin().await?;
    let written = match args.format {
        ExportFormat::Xlsx => match export::write_xlsx(&mut tx, &form, &request, BufWriter::new(file)).await? {
            Ok(written) => written,
            Err(refusal) => {
                std::fs::remove_file(&args.out)?;
                return Ok(complain(lang, refusal));
            }
        },
        ExportFormat::Csv => export::write_csv(&mut tx, section, &request, BufWriter::new(file)).await?,
    };
    tx.commit().await?;
    let text = Text::new(Key::CliExportDone)
        .arg("count", written as i64)
        .arg("file", args.out.display().to_string())
        .arg("seconds", format!("{:.1}", started.elapsed().as_secs_f64()));
    say(lang, text);
    Ok(ExitCode::SUCCESS)
}
