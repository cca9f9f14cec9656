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

/// Shutdown (Ctrl+C in `run`) stops polling, the background tasks and the
/// database, and `App::run` returns.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_stops_the_bot_and_its_background_tasks() {
    use posyandu_bot::app::App;
    use posyandu_bot::clock::Clock;
    use posyandu_bot::config::{Config, TelegramConfig};

    let fake = FakeBotApi::start(common::TOKEN).await;
    let test = common::TestDb::sqlite().await.with_regions().await;
    let config = Config {
        telegram: Some(TelegramConfig::new(common::TOKEN, Some(fake.url().parse().unwrap()))),
        whatsapp: None,
        forms: std::sync::Arc::new(posyandu_bot::domain::form::packs::Forms::shipped()),
        dialogue: Default::default(),
        outbox: posyandu_bot::outbox::Limits::TELEGRAM,
    };
    let app = App::start(config, test.db.clone(), Clock::fixed(common::start_time())).await.unwrap();
    let mut handled = app.handled();
    let shutdown = app.shutdown();
    let running = tokio::spawn(app.run());

    let user = fake.user(42, "Siti", None, Some("id"));
    fake.push_text(&user, "/start");
    tokio::time::timeout(Duration::from_secs(15), handled.wait_for(|n| *n >= 1)).await.unwrap().unwrap();

    shutdown.cancel();
    tokio::time::timeout(Duration::from_secs(15), running).await.expect("run returns after shutdown").unwrap();
    assert!(regions::count(&test.db).await.is_err(), "the database is closed");
    assert_eq!(fake.pending_updates(), 0, "the handled update was confirmed to Telegram");
}

/// WhatsApp alone, as an admin starts it: the real binary with the WhatsApp
/// settings (the fake Graph API for Meta), tracing everything; a kader
/// registers, and none of the three secrets shows in the output.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn whatsapp_alone_answers_and_never_logs_its_secrets() {
    use common::whatsapp::{ACCESS_TOKEN, APP_SECRET, VERIFY_TOKEN};
    use posyandu_bot::domain::role::Grant;

    let fake = fake_graph_api::FakeGraphApi::start(ACCESS_TOKEN, APP_SECRET).await;
    let test = common::TestDb::sqlite().await.with_regions().await;
    let posyandu = test.add_posyandu("Posyandu Mawar", "73.24.01.2001").await;
    let code = test.invite(Grant::Kader { posyandu_id: posyandu }, 1, 30).await;
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    // A file, not a pipe: tracing everything fills a pipe nobody reads yet.
    let log = tempfile::NamedTempFile::new().unwrap();
    let mut bot = common::whatsapp::bot_process(&fake, port)
        .env("DATABASE_URL", &test.url)
        .env("RUST_LOG", "trace")
        .stdout(log.reopen().unwrap())
        .stderr(log.reopen().unwrap())
        .spawn()
        .unwrap();
    fake.set_webhook_url(&format!("http://127.0.0.1:{port}/webhook"));
    let mut up = false;
    for _ in 0..600 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            up = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(up, "the webhook never came up");
    assert_eq!(fake.verify_webhook(VERIFY_TOKEN, "42").await.body, "42");
    let siti = fake.user("6281234500001", "Siti Aminah");
    fake.send_text(&siti, &format!("DAFTAR {code}")).await;
    let reply = fake.next_message(&siti.wa_id, Duration::from_secs(30)).await.expect("the bot answers");
    assert!(reply.text.contains("Kode diterima"), "{}", reply.text);
    bot.start_kill().unwrap();
    bot.wait().await.unwrap();
    let all = std::fs::read_to_string(log.path()).unwrap();
    assert!(all.contains("WhatsApp webhook ready"), "{all}");
    for secret in [ACCESS_TOKEN, APP_SECRET, VERIFY_TOKEN] {
        assert!(!all.contains(secret), "{secret} leaked into the output");
    }
}
