//! `run`: start the bot (see [`crate::app`]) until Ctrl+C.

use std::process::ExitCode;

use super::{complain, open};
use crate::app::{App, TelegramUnreachable};
use crate::clock::Clock;
use crate::config::Config;
use crate::domain::lang::Lang;
use crate::i18n::{Key, Text};

pub async fn run(database_url: &str, lang: Lang) -> anyhow::Result<ExitCode> {
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(problem) => return Ok(complain(lang, problem)),
    };
    if config.telegram.is_none() && config.whatsapp.is_none() {
        return Ok(complain(lang, Text::new(Key::CliNoToken)));
    }
    let db = open(database_url).await?;
    let app = match App::start(config, db.clone(), Clock::system()).await {
        Ok(app) => app,
        Err(error) => {
            db.close().await;
            return match error.downcast::<TelegramUnreachable>() {
                Ok(TelegramUnreachable(error)) => {
                    Ok(complain(lang, Text::new(Key::CliTelegramFailed).arg("error", error)))
                }
                Err(error) => Err(error),
            };
        }
    };
    let shutdown = app.shutdown();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            tracing::info!("Ctrl+C: stopping");
            shutdown.cancel();
        }
    });
    app.run().await;
    Ok(ExitCode::SUCCESS)
}
