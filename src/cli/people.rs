//! `people list`: who holds which role where, with the ids other commands
//! (`meeting create --organizer-person-id`) ask for.

use std::process::ExitCode;

use super::{optional_area, say};
use crate::domain::lang::Lang;
use crate::i18n::{Key, Text};
use crate::store::{Db, people};

pub async fn list(db: &Db, area: Option<&str>, lang: Lang) -> anyhow::Result<ExitCode> {
    let area = match optional_area(db, area, lang).await? {
        Ok(area) => area,
        Err(exit) => return Ok(exit),
    };
    let found = people::list(db, area.as_ref()).await?;
    if found.is_empty() {
        say(lang, Text::new(Key::CliPeopleNone));
        return Ok(ExitCode::SUCCESS);
    }
    for row in &found {
        println!(
            "{:>6}  {:<28}  {:<9} {:<10} {} ({})",
            row.person_id, row.name, row.channel, row.role, row.place, row.code
        );
    }
    say(lang, Text::new(Key::CliPeopleCount).arg("count", found.len() as i64));
    Ok(ExitCode::SUCCESS)
}
