//! The Telegram adapter on teloxide: a dptree handler tree that turns
//! messages, edited messages and button presses into [`Incoming`] for the
//! shared [`Responder`], and a [`Sender`](super::Sender) that renders replies
//! as Telegram messages ([`outgoing`]).
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

pub use outgoing::TelegramSender;

use super::respond::Responder;
use crate::domain::lang::Lang;
use crate::engine::Incoming;
use crate::i18n::{Key, t};

/// The commands shown in Telegram's menu, with their descriptions.
const MENU: [(&str, Key); 9] = [
    ("lapor", Key::CmdLapor),
    ("status", Key::CmdStatus),
    ("rapat", Key::CmdRapat),
    ("rekap", Key::CmdRekap),
    ("langganan", Key::CmdLangganan),
    ("bantuan", Key::CmdBantuan),
    ("bahasa", Key::CmdBahasa),
    ("hubungkan", Key::CmdHubungkan),
    ("batal", Key::CmdBatal),
];

/// What every handler shares.
pub struct Telegram {
    responder: Arc<Responder>,
    sender: TelegramSender,
}

impl Telegram {
    pub fn new(responder: Arc<Responder>, bot: Bot) -> Arc<Telegram> {
        Arc::new(Telegram { responder, sender: TelegramSender::new(bot) })
    }

    /// What sends on Telegram, for the outbox's worker.
    pub fn sender(&self) -> &TelegramSender {
        &self.sender
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
    pub fn dispatcher(self: &Arc<Self>) -> DispatcherBuilder<Bot, anyhow::Error, DefaultKey> {
        Dispatcher::builder(self.sender.bot().clone(), schema()).dependencies(dptree::deps![self.clone()])
    }

    async fn respond(&self, incoming: Option<Incoming>, tapped: Option<&outgoing::Tapped>) {
        match incoming {
            Some(incoming) => {
                self.responder.respond(&self.sender, incoming, tapped).await;
            }
            // Groups and channels: the bot works in private chats only.
            None => self.responder.skip(),
        }
    }
}

fn schema() -> UpdateHandler<anyhow::Error> {
    dptree::entry()
        .branch(Update::filter_message().endpoint(on_message))
        .branch(Update::filter_edited_message().endpoint(on_edited))
        .branch(Update::filter_callback_query().endpoint(on_callback))
}

async fn on_message(update: Update, message: Message, app: Arc<Telegram>) -> anyhow::Result<()> {
    app.respond(incoming::from_message(&update, &message), None).await;
    Ok(())
}

async fn on_edited(update: Update, message: Message, app: Arc<Telegram>) -> anyhow::Result<()> {
    app.respond(incoming::from_edit(&update, &message), None).await;
    Ok(())
}

async fn on_callback(update: Update, query: CallbackQuery, app: Arc<Telegram>) -> anyhow::Result<()> {
    let incoming = incoming::from_callback(&update, &query);
    let tapped = outgoing::Tapped::from_query(&query);
    app.respond(Some(incoming), Some(&tapped)).await;
    Ok(())
}
