//! `regions import` and `regions search`.

use std::path::Path;
use std::process::ExitCode;

use super::{complain, say};
use crate::domain::lang::Lang;
use crate::i18n::{Key, Text};
use crate::store::{Db, regions};
use crate::wilayah::{self, LineError, Problem};

/// How many line problems to print before summing up the rest.
const SHOWN_ERRORS: usize = 30;
const PROGRESS_EVERY: usize = 10_000;

pub async fn import(db: &Db, file: Option<&Path>, lang: Lang) -> anyhow::Result<ExitCode> {
    let stored = regions::current_codes(db).await?;
    let rows = match file {
        Some(path) => {
            say(lang, Text::new(Key::CliReading).arg("file", path.display().to_string()));
            let file = std::fs::File::open(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            wilayah::read(std::io::BufReader::new(file), &stored)
        }
        None => {
            say(lang, Text::new(Key::CliReading).arg("file", wilayah::BUNDLED_NAME));
            wilayah::read(wilayah::BUNDLED, &stored)
        }
    };
    let rows = match rows {
        Ok(rows) => rows,
        Err(errors) => return Ok(refuse(&errors, lang)),
    };
    let mut next_report = PROGRESS_EVERY;
    let summary = regions::import(db, &rows, |done, total| {
        if done >= next_report || done == total {
            let text = Text::new(Key::CliRegionsProgress).arg("done", done as i64).arg("total", total as i64);
            eprintln!("{}", text.render(lang));
            next_report = done + PROGRESS_EVERY;
        }
    })
    .await?;
    let done = Text::new(Key::CliRegionsDone)
        .arg("total", rows.len() as i64)
        .arg("added", summary.added as i64)
        .arg("renamed", summary.renamed as i64)
        .arg("unchanged", summary.unchanged as i64);
    say(lang, done);
    if summary.restored > 0 {
        say(lang, Text::new(Key::CliRegionsRestored).arg("count", summary.restored as i64));
    }
    if summary.retired > 0 {
        say(lang, Text::new(Key::CliRegionsRetired).arg("count", summary.retired as i64));
    }
    super::retired::tell(db, lang).await?;
    Ok(ExitCode::SUCCESS)
}

/// Prints why a file was refused and returns the failure exit code.
pub fn refuse(errors: &[LineError], lang: Lang) -> ExitCode {
    eprintln!("{}", Text::new(Key::CliFileRefused).render(lang));
    for error in errors.iter().take(SHOWN_ERRORS) {
        eprintln!("  {}", line_error(error).render(lang));
    }
    if errors.len() > SHOWN_ERRORS {
        eprintln!("{}", Text::new(Key::CliMoreErrors).arg("count", (errors.len() - SHOWN_ERRORS) as i64).render(lang));
    }
    ExitCode::FAILURE
}

fn line_error(error: &LineError) -> Text {
    let line = error.line as i64;
    let text = match &error.problem {
        Problem::Columns => Text::new(Key::CliLineColumns),
        Problem::BadCode(code) => Text::new(Key::CliLineBadCode).arg("code", code.as_str()),
        Problem::EmptyName => Text::new(Key::CliLineEmptyName),
        Problem::Duplicate { first_line } => Text::new(Key::CliLineDuplicate).arg("first", *first_line as i64),
        Problem::NoParent(parent) => Text::new(Key::CliLineNoParent).arg("parent", parent.as_str()),
        Problem::UnknownProvince(code) => Text::new(Key::CliLineUnknownProvince).arg("code", code.as_str()),
        Problem::NotDesa(code) => Text::new(Key::CliLineNotDesa).arg("code", code.as_str()),
        Problem::Retired(code) => Text::new(Key::CliLineRetired).arg("code", code.as_str()),
    };
    text.arg("line", line)
}

pub async fn search(db: &Db, text: &str, lang: Lang) -> anyhow::Result<ExitCode> {
    let found = regions::search(db, text, 50).await?;
    if found.is_empty() {
        return Ok(complain(lang, Text::new(Key::CliRegionsNone)));
    }
    let retired = Text::new(Key::CliRegionRetiredMark).render(lang);
    for (code, region) in found {
        let line = format!("{code:<14} {} {}", region.name, if region.retired { retired.as_str() } else { "" });
        println!("{}", line.trim_end());
    }
    Ok(ExitCode::SUCCESS)
}
