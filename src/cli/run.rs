//! `run`: start the Telegram bot with long polling until Ctrl+C.

use std::process::ExitCode;
use std::time::Duration;

use chrono::Utc;
use teloxide::prelude::Requester;

use super::{complain, open};
use crate::channels::telegram::Telegram;
use crate::config::{self, TelegramConfig};
use crate::domain::lang::Lang;
use crate::engine::Engine;
use crate::i18n::{Key, Text};
use crate::store::{Db, dialogues, regions, settings};
use crate::wilayah;

/// How long update ids are remembered for de-duplication.
const SEEN_UPDATES_KEPT: chrono::Duration = chrono::Duration::days(3);

pub async fn run(database_url: &str, lang: Lang) -> anyhow::Result<ExitCode> {
    let Some(telegram) = TelegramConfig::from_env()? else {
        return Ok(complain(lang, Text::new(Key::CliNoToken)));
    };
    let (form, settings) = match (config::report_form(), config::report_settings()) {
        (Ok(form), Ok(settings)) => (form, settings),
        (Err(problem), _) | (_, Err(problem)) => return Ok(complain(lang, problem)),
    };
    let bot = telegram.bot();
    let me = match bot.get_me().await {
        Ok(me) => me,
        Err(error) => {
            return Ok(complain(lang, Text::new(Key::CliTelegramFailed).arg("error", error.to_string())));
        }
    };
    let db = open(database_url).await?;
    tracing::info!(backend = db.backend(), "database ready");
    load_regions_if_empty(&db).await?;

    let username = me.username.clone().unwrap_or_default();
    settings::set(&db, settings::TELEGRAM_USERNAME, &username).await?;
    if let Err(error) = Telegram::set_commands(&bot).await {
        tracing::warn!(%error, "could not set the command menu");
    }
    tokio::spawn(forget_old_updates(db.clone()));

    tracing::info!(username, "bot running; press Ctrl+C to stop");
    tracing::info!(form = form.version, "report form loaded");
    let app = Telegram::new(Engine::new(db.clone()).with_form(form).with_settings(settings));
    app.dispatcher(bot).enable_ctrlc_handler().build().dispatch().await;
    db.close().await;
    Ok(ExitCode::SUCCESS)
}

/// A new database gets the region list shipped with the bot, so that
/// posyandu can be added right away.
async fn load_regions_if_empty(db: &Db) -> anyhow::Result<()> {
    if regions::count(db).await? > 0 {
        return Ok(());
    }
    tracing::info!("no regions yet: loading the bundled Kemendagri list");
    let rows = wilayah::read(wilayah::BUNDLED, &Default::default())
        .map_err(|errors| anyhow::anyhow!("bundled region list has {} bad lines", errors.len()))?;
    let summary = regions::import(db, &rows, |_, _| ()).await?;
    tracing::info!(added = summary.added, "regions loaded");
    Ok(())
}

/// Hourly, forgets update ids older than a few days.
async fn forget_old_updates(db: Db) {
    let mut every_hour = tokio::time::interval(Duration::from_secs(3600));
    loop {
        every_hour.tick().await;
        if let Err(error) = dialogues::forget_seen_before(&db, Utc::now() - SEEN_UPDATES_KEPT).await {
            tracing::warn!(%error, "could not prune seen updates");
        }
    }
}
