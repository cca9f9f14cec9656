//! Telegram's sending limits and the failures a bot must survive: 429, 403,
//! injected errors and stalls.

mod support;

use std::time::Duration;

use fake_bot_api::{FakeBotApi, Limits, Rate};
use serde_json::json;
use support::{TOKEN, accepted, call, fake_and_user, refused};

async fn send(fake: &FakeBotApi, chat: i64) -> (u16, serde_json::Value) {
    call(fake, "sendMessage", json!({ "chat_id": chat, "text": "Halo" })).await
}

#[tokio::test]
async fn start_sends_without_limits() {
    let (fake, user) = fake_and_user().await;
    for _ in 0..50 {
        accepted(send(&fake, user.id).await);
    }
    assert_eq!(fake.sends().len(), 50);
    assert_eq!(fake.rate_limited(), 0);
}

#[tokio::test]
async fn telegrams_limits_allow_a_burst_of_3_per_chat() {
    let fake = FakeBotApi::start_with_limits(TOKEN, Limits::telegram()).await;
    let (siti, ani) = (fake.user(1, "Siti", None, None), fake.user(2, "Ani", None, None));
    for _ in 0..3 {
        accepted(send(&fake, siti.id).await);
    }
    let answer = refused(send(&fake, siti.id).await, 429, "Too Many Requests: retry after 1");
    assert_eq!(answer["parameters"]["retry_after"], 1);
    accepted(send(&fake, ani.id).await);
    // Edits and callback answers are not counted.
    let edit = json!({ "chat_id": siti.id, "message_id": 1, "text": "Halo lagi" });
    accepted(call(&fake, "editMessageText", edit).await);

    assert_eq!(fake.rate_limited(), 1);
    assert!(fake.violations().is_empty(), "a 429 is not a violation: {:?}", fake.violations());
    let chats: Vec<i64> = fake.sends().iter().map(|(chat, _)| *chat).collect();
    assert_eq!(chats, [1, 1, 1, 2]);
    assert_eq!(fake.message_count(siti.id), 3);
}

#[tokio::test]
async fn the_global_limit_counts_every_chat() {
    let (fake, _) = fake_and_user().await;
    fake.set_limits(Limits { global: Some(Rate { per_sec: 20.0, burst: 2 }), per_chat: None });
    let users: Vec<_> = (1..=3).map(|id| fake.user(id, "Kader", None, None)).collect();
    accepted(send(&fake, users[0].id).await);
    accepted(send(&fake, users[1].id).await);
    refused(send(&fake, users[2].id).await, 429, "Too Many Requests: retry after 1");
    tokio::time::sleep(Duration::from_millis(60)).await;
    accepted(send(&fake, users[2].id).await);
    assert_eq!(fake.rate_limited(), 1);

    fake.set_limits(Limits::unlimited());
    for _ in 0..10 {
        accepted(send(&fake, users[0].id).await);
    }
}

#[tokio::test]
async fn sends_record_the_pace() {
    let (fake, user) = fake_and_user().await;
    fake.set_limits(Limits { global: None, per_chat: Some(Rate { per_sec: 10.0, burst: 1 }) });
    let mut refused = 0;
    while fake.sends().len() < 3 {
        if send(&fake, user.id).await.0 == 429 {
            refused += 1;
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    assert_eq!(fake.rate_limited(), refused);
    let times: Vec<_> = fake.sends().iter().map(|(_, at)| *at).collect();
    for pair in times.windows(2) {
        assert!(pair[1] - pair[0] >= Duration::from_millis(99), "{:?}", pair[1] - pair[0]);
    }
}
