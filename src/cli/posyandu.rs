//! `posyandu add`, `posyandu import`, `posyandu list` and `posyandu move`.

use std::path::Path;
use std::process::ExitCode;

use chrono::Utc;

use super::{PosyanduCommand, complain, current_region, optional_area, say};
use crate::domain::form::{Stage, stages_text};
use crate::domain::lang::Lang;
use crate::domain::region::{Level, RegionCode};
use crate::i18n::{Key, Text};
use crate::store::{Db, posyandu, regions};
use crate::wilayah::{LineError, Problem};

pub async fn run(db: &Db, command: PosyanduCommand, lang: Lang) -> anyhow::Result<ExitCode> {
    match command {
        PosyanduCommand::Add { name, desa } => add(db, &name, &desa, lang).await,
        PosyanduCommand::Import { file } => import(db, &file, lang).await,
        PosyanduCommand::List { area } => list(db, area.as_deref(), lang).await,
        PosyanduCommand::Move { id, desa } => move_to(db, id, &desa, lang).await,
        PosyanduCommand::Stages { id, stages } => set_stages(db, id, &stages, lang).await,
    }
}

/// `posyandu stages`: which life stages a posyandu serves.
async fn set_stages(db: &Db, id: i64, text: &str, lang: Lang) -> anyhow::Result<ExitCode> {
    let all = ["all", "semua"].contains(&text.trim().to_lowercase().as_str());
    let words: Vec<&str> = text.split(',').map(str::trim).filter(|w| !w.is_empty()).collect();
    let stages: Vec<Stage> = words.iter().filter_map(|w| Stage::parse(w)).collect();
    if !all && (stages.is_empty() || stages.len() != words.len()) {
        return Ok(complain(lang, Text::new(Key::CliBadStages).arg("stages", text)));
    }
    let chosen = (!all).then_some(stages.as_slice());
    if !posyandu::set_stages(db, id, chosen).await? {
        return Ok(complain(lang, Text::new(Key::CliPosyanduUnknown).arg("id", id)));
    }
    let shown =
        if all { Text::new(Key::CliStagesAll) } else { Text::new(Key::BtnPlain).arg("label", stages_text(&stages)) };
    say(lang, Text::new(Key::CliStagesSet).arg("id", id).arg("stages", shown));
    Ok(ExitCode::SUCCESS)
}

async fn add(db: &Db, name: &str, desa: &str, lang: Lang) -> anyhow::Result<ExitCode> {
    let (desa, desa_name) = match current_region(db, desa, lang).await? {
        Ok(found) => found,
        Err(exit) => return Ok(exit),
    };
    if desa.level() != Level::Desa {
        return Ok(complain(lang, Text::new(Key::CliRegionNotDesa).arg("code", desa.as_str())));
    }
    let name = tidy(name);
    let (id, new) = posyandu::add(db, &name, &desa, Utc::now()).await?;
    let key = if new { Key::CliPosyanduAdded } else { Key::CliPosyanduExists };
    say(lang, Text::new(key).arg("name", name).arg("id", id).arg("desa", desa_name));
    Ok(ExitCode::SUCCESS)
}

/// Reads `name,desa_code` rows; every line is checked before any is saved.
async fn import(db: &Db, path: &Path, lang: Lang) -> anyhow::Result<ExitCode> {
    say(lang, Text::new(Key::CliReading).arg("file", path.display().to_string()));
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_path(path)
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let line = index as u64 + 2; // after the header
        let problem = match record {
            Ok(r) if r.len() == 2 && !r[0].is_empty() => match RegionCode::parse(&r[1]) {
                Ok(code) if code.level() == Level::Desa => match regions::find(db, &code).await? {
                    Some(region) if region.retired => Problem::Retired(code.to_string()),
                    Some(_) => {
                        rows.push((tidy(&r[0]), code));
                        continue;
                    }
                    None => Problem::NotDesa(code.to_string()),
                },
                Ok(code) => Problem::NotDesa(code.to_string()),
                Err(_) => Problem::BadCode(r[1].chars().take(30).collect()),
            },
            Ok(r) if r.len() == 2 => Problem::EmptyName,
            _ => Problem::Columns,
        };
        errors.push(LineError { line, problem });
    }
    if !errors.is_empty() {
        return Ok(super::regions::refuse(&errors, lang));
    }
    let (mut added, mut existing) = (0, 0);
    let now = Utc::now();
    for (name, desa) in &rows {
        match posyandu::add(db, name, desa, now).await? {
            (_, true) => added += 1,
            (_, false) => existing += 1,
        }
    }
    say(lang, Text::new(Key::CliPosyanduImported).arg("added", added).arg("existing", existing));
    Ok(ExitCode::SUCCESS)
}

/// Lists the posyandu in an area; a retired area lists what is still on it.
async fn list(db: &Db, area: Option<&str>, lang: Lang) -> anyhow::Result<ExitCode> {
    let area = match optional_area(db, area, lang).await? {
        Ok(area) => area,
        Err(exit) => return Ok(exit),
    };
    let found = posyandu::list(db, area.as_ref()).await?;
    if found.is_empty() {
        say(lang, Text::new(Key::CliPosyanduNone));
        return Ok(ExitCode::SUCCESS);
    }
    for p in &found {
        println!("{:>6}  {:<30}  {:<14} {}", p.id, p.name, p.desa_code, p.desa_name);
    }
    say(lang, Text::new(Key::CliPosyanduCount).arg("count", found.len() as i64));
    Ok(ExitCode::SUCCESS)
}

/// Moves a posyandu, with its reports' values, to a current desa.
async fn move_to(db: &Db, id: i64, desa: &str, lang: Lang) -> anyhow::Result<ExitCode> {
    let Some(row) = posyandu::get(db, id).await? else {
        return Ok(complain(lang, Text::new(Key::CliPosyanduUnknown).arg("id", id)));
    };
    let (desa, desa_name) = match current_region(db, desa, lang).await? {
        Ok(found) => found,
        Err(exit) => return Ok(exit),
    };
    if desa.level() != Level::Desa {
        return Ok(complain(lang, Text::new(Key::CliRegionNotDesa).arg("code", desa.as_str())));
    }
    let to = format!("{desa} {desa_name}");
    if let Some(other) = posyandu::named(db, &desa, &row.name).await?.filter(|&other| other != id) {
        let text = Text::new(Key::CliPosyanduNameTaken).arg("desa", to).arg("name", row.name).arg("other", other);
        return Ok(complain(lang, text));
    }
    let reports = posyandu::move_to(db, id, &desa).await?;
    let moved = Text::new(Key::CliPosyanduMoved)
        .arg("name", row.name)
        .arg("id", id)
        .arg("from", format!("{} {}", row.desa_code, row.desa_name))
        .arg("to", to)
        .arg("reports", reports);
    say(lang, moved);
    Ok(ExitCode::SUCCESS)
}

/// Spaces tidied, and "Posyandu" in front as people say it: "mawar 2" →
/// "Posyandu mawar 2", "POSYANDU Melati" stays.
fn tidy(name: &str) -> String {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.to_lowercase().starts_with("posyandu") { name } else { format!("Posyandu {name}") }
}
