//! `invite kader` and `invite official`: create a code and print it with
//! the Telegram deep link and, when `WHATSAPP_DISPLAY_NUMBER` is set, the
//! wa.me link that opens WhatsApp with `DAFTAR <code>` typed in.

use std::process::ExitCode;

use chrono::{Duration, Utc};

use super::{InviteCommand, InviteLimits, complain, current_region, say};
use crate::config::whatsapp_display_number;
use crate::domain::lang::Lang;
use crate::domain::people::{Place, Role};
use crate::domain::region::{Level, RegionCode};
use crate::domain::role::Grant;
use crate::i18n::{Key, Text};
use crate::store::{Db, invites, posyandu, regions, settings};

pub async fn run(db: &Db, command: InviteCommand, lang: Lang) -> anyhow::Result<ExitCode> {
    let (role, limits) = match command {
        InviteCommand::Kader { posyandu: id, limits } => {
            let Some(row) = posyandu::get(db, id).await? else {
                return Ok(complain(lang, Text::new(Key::CliPosyanduUnknown).arg("id", id)));
            };
            let desa = RegionCode::parse(&row.desa_code)?;
            if regions::find(db, &desa).await?.is_some_and(|region| region.retired) {
                let text = Text::new(Key::CliPosyanduOnRetired)
                    .arg("name", row.name)
                    .arg("id", id)
                    .arg("code", desa.as_str())
                    .arg("new", Text::new(Key::CliNewCode));
                return Ok(complain(lang, text));
            }
            let place = Place { posyandu: Some(row.name), ..Place::region(&desa, row.desa_name) };
            (Role { grant: Grant::Kader { posyandu_id: id }, place }, limits)
        }
        InviteCommand::Official { role, region, limits } => {
            let (code, name) = match current_region(db, &region, lang).await? {
                Ok(found) => found,
                Err(exit) => return Ok(exit),
            };
            if !role.allowed_levels().contains(&code.level()) {
                let levels: Vec<String> = role.allowed_levels().iter().map(|l| level_text(*l).render(lang)).collect();
                let text = Text::new(Key::CliRoleLevel)
                    .arg("role", role.as_str())
                    .arg("levels", levels.join(", "))
                    .arg("code", code.as_str())
                    .arg("level", level_text(code.level()));
                return Ok(complain(lang, text));
            }
            let place = Place::region(&code, name);
            (Role { grant: Grant::Official { role, region: code }, place }, limits)
        }
    };
    create(db, &role, &limits, lang).await
}

async fn create(db: &Db, role: &Role, limits: &InviteLimits, lang: Lang) -> anyhow::Result<ExitCode> {
    let now = Utc::now();
    let expires_at = now + Duration::days(limits.days);
    let code = invites::create(db, &role.grant, limits.uses, expires_at, now).await?;
    let created = Text::new(Key::CliInviteCreated)
        .arg("role", role.text())
        .arg("code", code.to_string())
        .arg("date", expires_at.format("%d-%m-%Y %H:%M UTC").to_string())
        .arg("uses", limits.uses);
    say(lang, created);
    let whatsapp = whatsapp_display_number();
    match bot_username(db).await? {
        Some(username) => {
            let link = format!("https://t.me/{username}?start={}", code.as_str());
            say(lang, Text::new(Key::CliInviteLink).arg("link", link));
        }
        None if whatsapp.is_none() => say(lang, Text::new(Key::CliInviteNoLink)),
        None => {}
    }
    if let Some(number) = whatsapp {
        // Opens a chat with the bot's number, "DAFTAR ABCD-EFGH" typed in.
        let link = format!("https://wa.me/{number}?text=DAFTAR%20{code}");
        say(lang, Text::new(Key::CliInviteWhatsappLink).arg("link", link));
    }
    Ok(ExitCode::SUCCESS)
}

/// `BOT_USERNAME`, or the username the running bot last saved.
async fn bot_username(db: &Db) -> anyhow::Result<Option<String>> {
    if let Some(name) = std::env::var("BOT_USERNAME").ok().filter(|n| !n.trim().is_empty()) {
        return Ok(Some(name.trim().trim_start_matches('@').to_owned()));
    }
    Ok(settings::get(db, settings::TELEGRAM_USERNAME).await?)
}

pub(super) fn level_text(level: Level) -> Text {
    Text::new(match level {
        Level::Provinsi => Key::LevelProvinsi,
        Level::Kabupaten => Key::LevelKabupaten,
        Level::Kecamatan => Key::LevelKecamatan,
        Level::Desa => Key::LevelDesa,
    })
}
