//! Telegram's sending limits and the failures a bot must survive: 429, 403,
//! injected errors and stalls.

mod support;

use std::time::Duration;

use fake_bot_api::{Failure, FakeBotApi, Limits, Rate};
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
async fn a_chat_may_burst_then_gets_429_with_retry_after() {
    // Telegram's burst of 3 per chat, refilled slowly enough (one every 10 s)
    // that a slow machine cannot earn a fourth send during the test; the
    // exact timing of `Limits::telegram()` is checked with an injected
    // clock in src/limits.rs.
    let limits = Limits { per_chat: Some(Rate { per_sec: 0.1, burst: 3 }), ..Limits::telegram() };
    let fake = FakeBotApi::start_with_limits(TOKEN, limits).await;
    let (siti, ani) = (fake.user(1, "Siti", None, None), fake.user(2, "Ani", None, None));
    for _ in 0..3 {
        accepted(send(&fake, siti.id).await);
    }
    let (status, answer) = send(&fake, siti.id).await;
    let retry_after = answer["parameters"]["retry_after"].as_u64().expect("a retry_after");
    assert!((9..=10).contains(&retry_after), "{answer}");
    refused((status, answer), 429, &format!("Too Many Requests: retry after {retry_after}"));
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
    // Slow enough that no token comes back between the first three sends.
    fake.set_limits(Limits { global: Some(Rate { per_sec: 1.0, burst: 2 }), per_chat: None });
    let users: Vec<_> = (1..=3).map(|id| fake.user(id, "Kader", None, None)).collect();
    accepted(send(&fake, users[0].id).await);
    accepted(send(&fake, users[1].id).await);
    refused(send(&fake, users[2].id).await, 429, "Too Many Requests: retry after 1");
    tokio::time::sleep(Duration::from_secs(1)).await;
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

#[tokio::test]
async fn a_user_who_blocked_the_bot_gets_nothing() {
    let (fake, user) = fake_and_user().await;
    fake.block_user(user.id);
    refused(send(&fake, user.id).await, 403, "Forbidden: bot was blocked by the user");
    let typing = json!({ "chat_id": user.id, "action": "typing" });
    refused(call(&fake, "sendChatAction", typing.clone()).await, 403, "Forbidden: bot was blocked by the user");
    assert_eq!(fake.forbidden(), [user.id, user.id]);
    assert_eq!(fake.message_count(user.id), 0);
    assert!(fake.sends().is_empty());
    assert!(fake.violations().is_empty(), "a 403 is not a violation: {:?}", fake.violations());

    fake.unblock_user(user.id);
    accepted(send(&fake, user.id).await);
    accepted(call(&fake, "sendChatAction", typing).await);
    assert_eq!(fake.forbidden().len(), 2);
}

#[tokio::test]
async fn injected_failures_hit_the_next_calls_only() {
    let (fake, user) = fake_and_user().await;
    fake.fail_for("sendMessage", 2, Failure::server_error());
    refused(send(&fake, user.id).await, 502, "Bad Gateway");
    refused(send(&fake, user.id).await, 502, "Bad Gateway");
    accepted(send(&fake, user.id).await);
    assert_eq!(fake.message_count(user.id), 1);

    fake.fail_next("sendmessage", 429, "Too Many Requests: retry after 7", Some(7));
    let answer = refused(send(&fake, user.id).await, 429, "Too Many Requests: retry after 7");
    assert_eq!(answer["parameters"]["retry_after"], 7);
    accepted(send(&fake, user.id).await);

    fake.fail_for("getMe", 1, Failure::new(500, "Internal Server Error"));
    refused(call(&fake, "getMe", json!({})).await, 500, "Internal Server Error");
    assert!(fake.violations().is_empty(), "{:?}", fake.violations());
    assert_eq!(fake.rate_limited(), 0, "an injected 429 is not the limiter's");
}

#[tokio::test]
async fn a_stalled_call_takes_effect_but_answers_late() {
    let (fake, user) = fake_and_user().await;
    fake.stall("sendMessage", 1, Duration::from_secs(5));
    let url = format!("{}/bot{TOKEN}/sendMessage", fake.url());
    let impatient = reqwest::Client::builder().timeout(Duration::from_millis(300)).build().unwrap();
    let body = json!({ "chat_id": user.id, "text": "Halo" });
    let error = impatient.post(&url).json(&body).send().await.expect_err("the answer comes too late");
    assert!(error.is_timeout(), "{error}");
    let sent = fake.next_message_after(user.id, 0, Duration::from_secs(5)).await;
    assert!(sent.is_some(), "the message was sent all the same");

    let started = std::time::Instant::now();
    accepted(send(&fake, user.id).await);
    assert!(started.elapsed() < Duration::from_secs(4), "only one call stalls");
}

#[tokio::test]
async fn a_patient_client_gets_the_stalled_answer() {
    let (fake, user) = fake_and_user().await;
    fake.stall("sendMessage", 1, Duration::from_millis(200));
    let started = std::time::Instant::now();
    accepted(send(&fake, user.id).await);
    assert!(started.elapsed() >= Duration::from_millis(200));
}

#[tokio::test]
async fn zero_times_cancels_an_injection() {
    let (fake, user) = fake_and_user().await;
    fake.fail_for("sendMessage", 3, Failure::server_error());
    fake.fail_for("sendMessage", 0, Failure::server_error());
    fake.stall("sendMessage", 0, Duration::from_secs(60));
    accepted(send(&fake, user.id).await);
}
