//! `official move`: every official role and open invite from one region to
//! another of the same level, as when a code is retired.

use std::process::ExitCode;

use chrono::Utc;

use super::{complain, current_region, invite::level_text, say, stored_region};
use crate::domain::lang::Lang;
use crate::i18n::{Key, Text};
use crate::store::{Db, officials};

pub async fn move_region(db: &Db, from: &str, to: &str, lang: Lang) -> anyhow::Result<ExitCode> {
    let (from, from_region) = match stored_region(db, from, lang).await? {
        Ok(found) => found,
        Err(exit) => return Ok(exit),
    };
    let (to, to_name) = match current_region(db, to, lang).await? {
        Ok(found) => found,
        Err(exit) => return Ok(exit),
    };
    if from.level() != to.level() {
        let text = Text::new(Key::CliLevelMismatch)
            .arg("from", from.as_str())
            .arg("from_level", level_text(from.level()))
            .arg("to", to.as_str())
            .arg("to_level", level_text(to.level()));
        return Ok(complain(lang, text));
    }
    let moved = officials::move_region(db, &from, &to, Utc::now()).await?;
    let text = Text::new(Key::CliOfficialsMoved)
        .arg("from", format!("{from} {}", from_region.name))
        .arg("to", format!("{to} {to_name}"))
        .arg("roles", moved.roles as i64)
        .arg("invites", moved.invites as i64);
    say(lang, text);
    Ok(ExitCode::SUCCESS)
}
