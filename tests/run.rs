//! `posyandu-bot run` as a new admin starts it: the real binary, no
//! DATABASE_URL, a token, and (here) the fake Bot API instead of Telegram.

mod common;

use std::time::Duration;

use fake_bot_api::FakeBotApi;
use posyandu_bot::store::{Db, regions};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bot_starts_on_a_new_sqlite_file_with_regions_and_answers() {
    let fake = FakeBotApi::start(common::TOKEN).await;
    let dir = tempfile::tempdir().unwrap();
    let mut bot = tokio::process::Command::new(env!("CARGO_BIN_EXE_posyandu-bot"))
        .current_dir(dir.path())
        .env("TELOXIDE_TOKEN", common::TOKEN)
        .env("TELOXIDE_API_URL", fake.url())
        .env("RUST_LOG", "warn")
        .env_remove("DATABASE_URL")
        .kill_on_drop(true)
        .spawn()
        .unwrap();

    let user = fake.user(42, "Siti", None, Some("id"));
    fake.push_text(&user, "/start");
    let reply = fake.next_message_after(user.id, 0, Duration::from_secs(120)).await.expect("the bot answers");
    assert!(reply.text.contains("Ini bot laporan posyandu"), "{}", reply.text);
    assert!(fake.commands().iter().any(|set| set.language_code.as_deref() == Some("en")));
    assert!(fake.violations().is_empty(), "{:?}", fake.violations());
    bot.kill().await.unwrap();

    let file = dir.path().join("posyandu-bot.db");
    let db = Db::connect(&format!("sqlite://{}", file.display())).await.unwrap();
    let regions = regions::count(&db).await.unwrap();
    assert_eq!(regions, 91_599, "the built-in region list is loaded on first run");
    db.close().await;
}
