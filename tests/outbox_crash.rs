//! The outbox of the real binary, on SQLite, against the fake Telegram:
//! SIGKILL in the middle of a 2,000-message broadcast, then a restart (every
//! message is delivered, and a message arrives twice only if it was in
//! flight at the kill); and a storm of "429 Too Many Requests" (it delays
//! the broadcast, loses nothing, and nothing is tried before `retry_after`).

mod common;

use std::collections::HashMap;
use std::time::Duration;

use fake_bot_api::{Failure, FakeBotApi};
use posyandu_bot::domain::channel::Channel;
use posyandu_bot::domain::lang::Lang;
use posyandu_bot::i18n::Key;
use posyandu_bot::reply::Reply;
use posyandu_bot::store::outbox::{NewMessage, Priority};
use posyandu_bot::store::{Db, outbox};

const RECIPIENTS: i64 = 2000;
/// Sends per second the bot keeps to in this test (`OUTBOX_RATE`).
const RATE: u32 = 400;
/// What may be in flight at a kill: sends under way at once (16), plus what
/// was sent in the last marking interval (50 ms at RATE), plus slack for a
/// slow machine.
const IN_FLIGHT_BOUND: usize = 16 + (RATE as usize / 20) + 10;

fn bot(fake: &FakeBotApi, dir: &std::path::Path) -> tokio::process::Child {
    bot_at(fake, dir, RATE)
}

fn bot_at(fake: &FakeBotApi, dir: &std::path::Path, rate: u32) -> tokio::process::Child {
    tokio::process::Command::new(env!("CARGO_BIN_EXE_posyandu-bot"))
        .current_dir(dir)
        .env("TELOXIDE_TOKEN", common::TOKEN)
        .env("TELOXIDE_API_URL", fake.url())
        .env("OUTBOX_RATE", rate.to_string())
        .env("OUTBOX_CHAT_RATE", "0")
        .env("RUST_LOG", "warn")
        .env_remove("DATABASE_URL")
        .kill_on_drop(true)
        .spawn()
        .unwrap()
}

fn delivered(fake: &FakeBotApi) -> HashMap<i64, usize> {
    let mut per_chat = HashMap::new();
    for (chat, _) in fake.sends() {
        *per_chat.entry(chat).or_default() += 1;
    }
    per_chat
}

/// A new database in `dir` with `recipients` broadcast messages waiting, to
/// users the fake knows.
async fn seed(fake: &FakeBotApi, dir: &std::path::Path, recipients: i64) {
    let url = format!("sqlite://{}", dir.join("posyandu-bot.db").display());
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    let now = chrono::Utc::now();
    let mut tx = db.begin().await.unwrap();
    for chat in 0..recipients {
        let user = fake.user(50_000 + chat, "Kader", None, Some("id"));
        let message = NewMessage {
            channel: Channel::Telegram,
            chat_id: user.id.to_string(),
            person_id: None,
            lang: Lang::Id,
            time_zone: chrono_tz::Tz::Asia__Makassar,
            priority: Priority::Broadcast,
            key: Some(format!("test:{chat}")),
            reply: Reply::new(Key::WelcomeStranger),
        };
        outbox::enqueue(&mut tx, &message, None, now).await.unwrap();
    }
    tx.commit().await.unwrap();
    db.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_broadcast_is_delivered_in_full_after_a_restart() {
    let fake = FakeBotApi::start(common::TOKEN).await;
    let dir = tempfile::tempdir().unwrap();
    seed(&fake, dir.path(), RECIPIENTS).await;

    let mut first = bot(&fake, dir.path());
    let started = tokio::time::Instant::now();
    while fake.sends().len() < 600 {
        assert!(started.elapsed() < Duration::from_secs(120), "the broadcast does not start");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    first.start_kill().unwrap(); // SIGKILL: no clean shutdown
    first.wait().await.unwrap();
    let at_kill = fake.sends().len();
    assert!(at_kill < RECIPIENTS as usize, "killed half-way ({at_kill} sent)");

    let mut second = bot(&fake, dir.path());
    let started = tokio::time::Instant::now();
    while delivered(&fake).len() < RECIPIENTS as usize {
        assert!(started.elapsed() < Duration::from_secs(120), "{} of {RECIPIENTS} delivered", delivered(&fake).len());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Let anything still going out arrive before counting.
    tokio::time::sleep(Duration::from_millis(500)).await;
    second.start_kill().unwrap();
    let per_chat = delivered(&fake);
    let twice = per_chat.values().filter(|n| **n > 1).count();
    eprintln!("killed after {at_kill} of {RECIPIENTS} sends; {twice} sent twice (bound {IN_FLIGHT_BOUND})");
    assert_eq!(per_chat.len(), RECIPIENTS as usize, "nothing lost");
    assert!(per_chat.values().all(|n| *n <= 2), "none three times");
    assert!(twice <= IN_FLIGHT_BOUND, "{twice} sent twice; the bound is {IN_FLIGHT_BOUND}");
    assert!(fake.violations().is_empty(), "{:?}", fake.violations());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_storm_of_429_delays_a_broadcast_but_loses_nothing() {
    const MESSAGES: i64 = 30;
    const REFUSED: u32 = 4;
    let fake = FakeBotApi::start(common::TOKEN).await;
    let dir = tempfile::tempdir().unwrap();
    seed(&fake, dir.path(), MESSAGES).await;
    // Telegram refuses the next four sends, each asking for a second's wait.
    let too_many = Failure { retry_after: Some(1), ..Failure::new(429, "Too Many Requests: retry after 1") };
    fake.fail_for("sendMessage", REFUSED, too_many);
    // Five a second: sends 200 ms apart, so the next send is not already on
    // its way when a refusal comes back (under load that can take longer
    // than the 36 ms between sends at Telegram's 28 a second, and a send in
    // flight cannot be called back). Not waiting would still show: 200 ms.
    let mut bot = bot_at(&fake, dir.path(), 5);
    let started = tokio::time::Instant::now();
    while delivered(&fake).len() < MESSAGES as usize {
        assert!(started.elapsed() < Duration::from_secs(60), "{} of {MESSAGES} delivered", delivered(&fake).len());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    bot.start_kill().unwrap();
    let per_chat = delivered(&fake);
    assert_eq!(per_chat.len(), MESSAGES as usize, "nothing lost");
    assert!(per_chat.values().all(|n| *n == 1), "nothing twice");
    // Every try after a refusal waited the second it was asked to.
    let tries: Vec<_> = fake.requests().into_iter().filter(|r| r.method == "sendmessage").map(|r| r.at).collect();
    for (i, pair) in tries.windows(2).take(REFUSED as usize).enumerate() {
        let waited = pair[1] - pair[0];
        assert!(waited >= Duration::from_millis(950), "try {} came {waited:?} after refusal {}", i + 2, i + 1);
    }
    assert!(fake.violations().is_empty(), "{:?}", fake.violations());
}
