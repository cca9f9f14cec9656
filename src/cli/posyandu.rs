//! `posyandu add`, `posyandu import` and `posyandu list`.

use std::path::Path;
use std::process::ExitCode;

use chrono::Utc;

use super::{PosyanduCommand, complain, region_arg, say};
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
    }
}

async fn add(db: &Db, name: &str, desa: &str, lang: Lang) -> anyhow::Result<ExitCode> {
    let desa = match region_arg(desa, lang) {
        Ok(code) => code,
        Err(exit) => return Ok(exit),
    };
    let Some(desa_name) = regions::name(db, &desa).await? else {
        return Ok(complain(lang, Text::new(Key::CliRegionUnknown).arg("code", desa.as_str())));
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
                Ok(code) if code.level() == Level::Desa && regions::name(db, &code).await?.is_some() => {
                    rows.push((tidy(&r[0]), code));
                    continue;
                }
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

async fn list(db: &Db, area: Option<&str>, lang: Lang) -> anyhow::Result<ExitCode> {
    let area = match area.map(|a| region_arg(a, lang)).transpose() {
        Ok(area) => area,
        Err(exit) => return Ok(exit),
    };
    if let Some(code) = &area
        && regions::name(db, code).await?.is_none()
    {
        return Ok(complain(lang, Text::new(Key::CliRegionUnknown).arg("code", code.as_str())));
    }
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

/// Spaces tidied, and "Posyandu" in front as people say it: "mawar 2" →
/// "Posyandu mawar 2", "POSYANDU Melati" stays.
fn tidy(name: &str) -> String {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.to_lowercase().starts_with("posyandu") { name } else { format!("Posyandu {name}") }
}
