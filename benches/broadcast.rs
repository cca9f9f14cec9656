//! Broadcast benchmark: 10,000 messages waiting in the outbox (as a meeting
//! invitation to a whole kabupaten writes them), sent by the real bot binary
//! to the fake Telegram on 127.0.0.1, whose own limiter is set high (as with
//! paid broadcasts, up to 1,000 messages a second).
//!
//! Two runs per database: paced at `OUTBOX_RATE` = R (BENCH_RATE, default
//! 500) — the achieved rate should be at least 95 % of R — and unpaced
//! (`OUTBOX_RATE=0`), which shows the outbox's own ceiling. Each prints the
//! achieved rate, messages delivered twice and messages lost. At Telegram's
//! free 30 messages a second, 10,000 take at least 333 s: that is the
//! physical limit, not something to beat.
//!
//! Run: `cargo bench --bench broadcast`. BENCH_MESSAGES (default 10000),
//! BENCH_RATE, BENCH_DATABASE_URL (an empty PostgreSQL database, to measure
//! it too; SQLite always runs).

use std::collections::HashMap;
use std::process::Stdio;
use std::time::{Duration, Instant};

use fake_bot_api::{FakeBotApi, Limits, Rate};
use posyandu_bot::dialogue::Reply;
use posyandu_bot::domain::lang::Lang;
use posyandu_bot::engine::Channel;
use posyandu_bot::i18n::Key;
use posyandu_bot::outbox::{NewMessage, Priority};
use posyandu_bot::store::{Db, outbox};

const TOKEN: &str = "424242:BENCH-token";

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let messages: i64 = env_or("BENCH_MESSAGES", 10_000);
    let rate: u32 = env_or("BENCH_RATE", 500);
    println!("broadcast benchmark: {messages} messages through the outbox of the real bot");
    println!(
        "{:<12} {:<22} {:>10} {:>12} {:>10} {:>6} {:>10}",
        "database", "pacing", "seconds", "messages/s", "of R", "lost", "twice"
    );
    let dir = tempfile::tempdir().unwrap();
    let mut urls = Vec::new();
    for paced in [true, false] {
        urls.push((format!("sqlite://{}", dir.path().join(format!("b-{paced}.db")).display()), paced));
    }
    if let Ok(url) = std::env::var("BENCH_DATABASE_URL") {
        urls.push((url.clone(), true));
        urls.push((url, false));
    }
    for (url, paced) in urls {
        run(&url, messages, paced.then_some(rate)).await;
    }
}

/// Seeds `messages` broadcasts into a fresh outbox, runs the bot until all
/// arrive, and prints one row.
async fn run(url: &str, messages: i64, rate: Option<u32>) {
    let high = Limits { global: Some(Rate { per_sec: 1000.0, burst: 1000 }), per_chat: None };
    let fake = FakeBotApi::start_with_limits(TOKEN, if rate.is_some() { high } else { Limits::unlimited() }).await;
    seed(url, &fake, messages).await;
    let mut bot = tokio::process::Command::new(env!("CARGO_BIN_EXE_posyandu-bot"))
        .env("TELOXIDE_TOKEN", TOKEN)
        .env("TELOXIDE_API_URL", fake.url())
        .env("DATABASE_URL", url)
        .env("OUTBOX_RATE", rate.unwrap_or(0).to_string())
        .env("RUST_LOG", "warn")
        .env("TOKIO_WORKER_THREADS", "2")
        .stdout(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("the bot starts");
    let deadline = Instant::now() + Duration::from_secs(600);
    while fake.sends().len() < messages as usize && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    bot.kill().await.ok();
    let sends = fake.sends();
    let mut per_chat: HashMap<i64, usize> = HashMap::new();
    for (chat, _) in &sends {
        *per_chat.entry(*chat).or_default() += 1;
    }
    let first = sends.iter().map(|(_, at)| *at).min().expect("something was sent");
    let last = sends.iter().map(|(_, at)| *at).max().expect("something was sent");
    let seconds = (last - first).as_secs_f64();
    let achieved = (sends.len().saturating_sub(1)) as f64 / seconds.max(1e-9);
    let of_rate = rate.map_or("–".to_owned(), |r| format!("{:.1} %", 100.0 * achieved / f64::from(r)));
    let database = if url.starts_with("sqlite") { "SQLite" } else { "PostgreSQL" };
    let pacing = rate.map_or("none (ceiling)".to_owned(), |r| format!("R = {r}/s"));
    let lost = messages as usize - per_chat.len();
    let twice = per_chat.values().filter(|n| **n > 1).count();
    println!("{database:<12} {pacing:<22} {seconds:>10.1} {achieved:>12.0} {of_rate:>10} {lost:>6} {twice:>10}");
    if fake.rate_limited() > 0 {
        println!("  (the fake answered 429 {} times)", fake.rate_limited());
    }
}

async fn seed(url: &str, fake: &FakeBotApi, messages: i64) {
    let db = Db::connect(url).await.unwrap();
    db.migrate().await.unwrap();
    if let Db::Postgres(pool) = &db {
        sqlx::query("DELETE FROM outbox").execute(pool).await.unwrap();
    }
    let now = chrono::Utc::now();
    let mut tx = db.begin().await.unwrap();
    for i in 0..messages {
        let user = fake.user(1_000_000 + i, "Kader", None, Some("id"));
        let message = NewMessage {
            channel: Channel::Telegram,
            chat_id: user.id.to_string(),
            person_id: None,
            lang: Lang::Id,
            time_zone: chrono_tz::Tz::Asia__Makassar,
            priority: Priority::Broadcast,
            key: Some(format!("bench:{i}")),
            reply: Reply::new(Key::WelcomeStranger),
        };
        outbox::enqueue(&mut tx, &message, None, now).await.unwrap();
    }
    tx.commit().await.unwrap();
    db.close().await;
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}
