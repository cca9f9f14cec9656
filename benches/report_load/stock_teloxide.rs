//! The yardstick: a stock teloxide bot, built the way teloxide's own dialogue
//! example builds one, with `SqliteStorage` and the JSON serializer. It asks
//! S, K, D and N one at a time (with the SKDN checks), shows a summary with a
//! Kirim button and saves nothing else: a 6-step dialogue with the same
//! transport as posyandu-bot, so both run against the same fake Telegram on
//! the same machine in the same benchmark run.
//!
//! The benchmark starts its own executable again with `REPORT_LOAD_BOT` set
//! to run this bot as a separate process.

use std::error::Error;

use serde::{Deserialize, Serialize};
use teloxide::dispatching::dialogue::serializer::Json;
use teloxide::dispatching::dialogue::{self, SqliteStorage};
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

/// The environment variable that makes the benchmark executable this bot;
/// its value is the SQLite file to use.
pub const ROLE: &str = "REPORT_LOAD_BOT";

type Storage = SqliteStorage<Json>;
type SkdnDialogue = Dialogue<State, Storage>;
type HandlerResult = Result<(), Box<dyn Error + Send + Sync>>;

#[derive(Clone, Default, Serialize, Deserialize)]
enum State {
    #[default]
    Start,
    S,
    K {
        s: u32,
    },
    D {
        s: u32,
        k: u32,
    },
    N {
        s: u32,
        k: u32,
        d: u32,
    },
    Confirm,
}

/// Runs the bot on the SQLite file `path` until the process is killed.
pub async fn run(path: &str) {
    let storage = Storage::open(path, Json).await.expect("SqliteStorage opens");
    let schema = dialogue::enter::<Update, Storage, State, _>()
        .branch(
            Update::filter_message()
                .branch(dptree::case![State::Start].endpoint(start))
                .branch(dptree::case![State::S].endpoint(receive_s))
                .branch(dptree::case![State::K { s }].endpoint(receive_k))
                .branch(dptree::case![State::D { s, k }].endpoint(receive_d))
                .branch(dptree::case![State::N { s, k, d }].endpoint(receive_n)),
        )
        .branch(Update::filter_callback_query().branch(dptree::case![State::Confirm].endpoint(confirm)));
    Dispatcher::builder(Bot::from_env(), schema).dependencies(dptree::deps![storage]).build().dispatch().await;
}

async fn start(bot: Bot, dialogue: SkdnDialogue, msg: Message) -> HandlerResult {
    bot.send_message(msg.chat.id, "S: berapa balita di wilayah posyandu?").await?;
    dialogue.update(State::S).await?;
    Ok(())
}

async fn receive_s(bot: Bot, dialogue: SkdnDialogue, msg: Message) -> HandlerResult {
    match number(&msg) {
        Some(s) => {
            bot.send_message(msg.chat.id, "K: berapa yang punya KMS?").await?;
            dialogue.update(State::K { s }).await?;
        }
        None => re_ask(&bot, &msg).await?,
    }
    Ok(())
}

async fn receive_k(bot: Bot, dialogue: SkdnDialogue, s: u32, msg: Message) -> HandlerResult {
    match number(&msg) {
        Some(k) if k <= s => {
            bot.send_message(msg.chat.id, "D: berapa yang ditimbang bulan ini?").await?;
            dialogue.update(State::D { s, k }).await?;
        }
        _ => re_ask(&bot, &msg).await?,
    }
    Ok(())
}

async fn receive_d(bot: Bot, dialogue: SkdnDialogue, (s, k): (u32, u32), msg: Message) -> HandlerResult {
    match number(&msg) {
        Some(d) if d <= s => {
            bot.send_message(msg.chat.id, "N: berapa yang naik berat badannya?").await?;
            dialogue.update(State::N { s, k, d }).await?;
        }
        _ => re_ask(&bot, &msg).await?,
    }
    Ok(())
}

async fn receive_n(bot: Bot, dialogue: SkdnDialogue, (s, k, d): (u32, u32, u32), msg: Message) -> HandlerResult {
    match number(&msg) {
        Some(n) if n <= d => {
            let kirim = InlineKeyboardMarkup::new([[InlineKeyboardButton::callback("Kirim", "kirim")]]);
            bot.send_message(msg.chat.id, format!("S {s}, K {k}, D {d}, N {n}. Kirim?")).reply_markup(kirim).await?;
            dialogue.update(State::Confirm).await?;
        }
        _ => re_ask(&bot, &msg).await?,
    }
    Ok(())
}

async fn confirm(bot: Bot, dialogue: SkdnDialogue, query: CallbackQuery) -> HandlerResult {
    bot.answer_callback_query(query.id.clone()).await?;
    bot.send_message(dialogue.chat_id(), "Terima kasih, laporan tersimpan.").await?;
    dialogue.exit().await?;
    Ok(())
}

fn number(msg: &Message) -> Option<u32> {
    msg.text()?.trim().parse().ok()
}

async fn re_ask(bot: &Bot, msg: &Message) -> HandlerResult {
    bot.send_message(msg.chat.id, "Tulis angka yang benar, misalnya 45.").await?;
    Ok(())
}
