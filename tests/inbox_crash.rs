//! The WhatsApp inbox of the real binary, on SQLite, against the fake Graph
//! API: 200 people write at once in four webhooks, all answered 200, and the
//! bot is killed (SIGKILL) right after. After a restart every one of them is
//! answered, once (twice only for a reply that was on its way at the kill).

mod common;

use std::collections::HashMap;
use std::time::Duration;

use common::whatsapp::{ACCESS_TOKEN, APP_SECRET};
use fake_graph_api::{FakeGraphApi, SimUser};

const PEOPLE: usize = 200;
const WEBHOOKS: usize = 4;
/// Replies that may have been on their way at the kill: sends under way at
/// once (16), plus what was sent before the send was marked, plus slack.
const IN_FLIGHT_BOUND: usize = 16 + 10;

fn bot(fake: &FakeGraphApi, dir: &std::path::Path, port: u16) -> tokio::process::Child {
    common::whatsapp::bot_process(fake, port)
        .current_dir(dir)
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn")
        .spawn()
        .unwrap()
}

async fn wait_for_webhook(port: u16) {
    for _ in 0..600 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the webhook never came up");
}

/// How many messages the bot sent each person.
fn answers(fake: &FakeGraphApi, people: &[SimUser]) -> Vec<usize> {
    people.iter().map(|p| fake.message_count(&p.wa_id)).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn messages_answered_200_before_a_kill_are_all_answered_after_the_restart() {
    let fake = FakeGraphApi::start(ACCESS_TOKEN, APP_SECRET).await;
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    fake.set_webhook_url(&format!("http://127.0.0.1:{port}/webhook"));
    let mut first = bot(&fake, dir.path(), port);
    wait_for_webhook(port).await;

    let people: Vec<SimUser> = (0..PEOPLE).map(|i| fake.user(&format!("62812000{i:05}"), "Kader")).collect();
    let hello = serde_json::json!({ "type": "text", "text": { "body": "halo" } });
    let posts = people.chunks(PEOPLE / WEBHOOKS).map(|chunk| {
        let messages: Vec<(&SimUser, serde_json::Value)> = chunk.iter().map(|p| (p, hello.clone())).collect();
        let fake = &fake;
        async move { fake.send_together(&messages).await.1.status }
    });
    let statuses = futures_util::future::join_all(posts).await;
    first.start_kill().unwrap(); // SIGKILL: no clean shutdown
    first.wait().await.unwrap();
    assert_eq!(statuses, [200; WEBHOOKS], "every webhook was accepted");
    let at_kill = answers(&fake, &people).iter().filter(|n| **n > 0).count();

    let mut second = bot(&fake, dir.path(), port);
    let started = tokio::time::Instant::now();
    while answers(&fake, &people).contains(&0) {
        let answered = answers(&fake, &people).iter().filter(|n| **n > 0).count();
        assert!(started.elapsed() < Duration::from_secs(120), "{answered} of {PEOPLE} answered after the restart");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Let anything still going out arrive before counting.
    tokio::time::sleep(Duration::from_millis(500)).await;
    second.start_kill().unwrap();
    let counts = answers(&fake, &people);
    // One answer to "halo" from a stranger: as many messages as the fewest anyone got.
    let one = *counts.iter().min().unwrap();
    let mut spread: HashMap<usize, usize> = HashMap::new();
    counts.iter().for_each(|n| *spread.entry(*n).or_default() += 1);
    let twice = counts.iter().filter(|n| **n > one).count();
    eprintln!("{at_kill} of {PEOPLE} answered before the kill; {twice} answered twice (bound {IN_FLIGHT_BOUND})");
    assert!(counts.iter().all(|n| *n == one || *n == 2 * one), "answers per person: {spread:?}");
    assert!(twice <= IN_FLIGHT_BOUND, "{twice} answered twice; the bound is {IN_FLIGHT_BOUND}");
    assert!(fake.violations().is_empty(), "{:?}", fake.violations());
}
