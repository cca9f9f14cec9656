//! The Telegram adapter on teloxide: a dptree handler tree that routes
//! messages and button presses to the [`Engine`], and sends what it answers.
//!
//! Long polling is the default listener. Updates of one chat are handled in
//! order (teloxide's default distribution by chat); different chats run in
//! parallel.

mod incoming;
mod outgoing;

use std::sync::Arc;

use strum::IntoEnumIterator;
use teloxide::dispatching::{DefaultKey, DispatcherBuilder, UpdateHandler};
use teloxide::prelude::*;
use teloxide::types::BotCommand;
use tokio::sync::watch;

use crate::domain::lang::Lang;
use crate::engine::{Engine, Incoming, Outcome};
use crate::i18n::{Key, t};

/// The commands shown in Telegram's menu, with their descriptions.
const MENU: [(&str, Key); 5] = [
    ("lapor", Key::CmdLapor),
    ("status", Key::CmdStatus),
    ("bantuan", Key::CmdBantuan),
    ("bahasa", Key::CmdBahasa),
    ("batal", Key::CmdBatal),
];

/// What every handler shares.
pub struct Telegram {
    engine: Engine,
    /// Counts updates fully handled (replies sent); tests and health checks read it.
    handled: watch::Sender<u64>,
}

impl Telegram {
    pub fn new(engine: Engine) -> Arc<Telegram> {
        Arc::new(Telegram { engine, handled: watch::Sender::new(0) })
    }

    /// A receiver of the number of updates handled so far.
    pub fn handled(&self) -> watch::Receiver<u64> {
        self.handled.subscribe()
    }

    /// Sets the command menu in Indonesian (also the default) and English.
    pub async fn set_commands(bot: &Bot) -> Result<(), teloxide::RequestError> {
        let commands =
            |lang| MENU.iter().map(|(command, key)| BotCommand::new(*command, t(lang, *key))).collect::<Vec<_>>();
        bot.set_my_commands(commands(Lang::Id)).await?;
        for lang in Lang::iter() {
            bot.set_my_commands(commands(lang)).language_code(lang.tag()).await?;
        }
        Ok(())
    }

    /// The dispatcher, ready to `build().dispatch()` with long polling.
    pub fn dispatcher(self: &Arc<Self>, bot: Bot) -> DispatcherBuilder<Bot, anyhow::Error, DefaultKey> {
        Dispatcher::builder(bot, schema()).dependencies(dptree::deps![self.clone()])
    }

    /// Hands one update to the engine and sends its answer. Errors are
    /// logged and answered with an apology; nothing escapes to teloxide.
    async fn respond(&self, bot: &Bot, incoming: Incoming, tapped: Option<&outgoing::Tapped>) {
        let chat = incoming.chat_id.clone();
        let hint = Lang::from_app_hint(incoming.lang_hint.as_deref());
        match self.engine.handle(incoming).await {
            Ok(Outcome::Duplicate) => tracing::info!(chat, "duplicate update ignored"),
            Ok(Outcome::Reply { lang, replies }) => {
                // The button's acknowledgement and the answer go out together.
                let acknowledged = async {
                    if let Some(tapped) = tapped {
                        outgoing::acknowledge(bot, tapped).await;
                    }
                };
                let (_, sent) = tokio::join!(acknowledged, outgoing::send(bot, &chat, lang, &replies));
                if let Err(error) = sent {
                    tracing::error!(chat, %error, "could not send a reply");
                }
            }
            Err(error) => {
                tracing::error!(chat, error = format!("{error:#}"), "update failed; nothing saved");
                if let Err(error) = outgoing::send_text(bot, &chat, &t(hint, Key::SystemError)).await {
                    tracing::error!(chat, %error, "could not send the apology");
                }
            }
        }
        self.handled.send_modify(|n| *n += 1);
    }
}

fn schema() -> UpdateHandler<anyhow::Error> {
    dptree::entry()
        .branch(Update::filter_message().endpoint(on_message))
        .branch(Update::filter_callback_query().endpoint(on_callback))
}

async fn on_message(bot: Bot, update: Update, message: Message, app: Arc<Telegram>) -> anyhow::Result<()> {
    match incoming::from_message(&update, &message) {
        Some(incoming) => app.respond(&bot, incoming, None).await,
        // Groups and channels: the bot works in private chats only.
        None => app.handled.send_modify(|n| *n += 1),
    }
    Ok(())
}

async fn on_callback(bot: Bot, update: Update, query: CallbackQuery, app: Arc<Telegram>) -> anyhow::Result<()> {
    let incoming = incoming::from_callback(&update, &query);
    let tapped = outgoing::Tapped::from_query(&query);
    app.respond(&bot, incoming, Some(&tapped)).await;
    Ok(())
}
