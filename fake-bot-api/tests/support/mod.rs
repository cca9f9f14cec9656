//! Calls the fake directly over HTTP, as a bot would.
#![allow(dead_code)] // each test binary uses part of this

use fake_bot_api::{FakeBotApi, SimUser};
use serde_json::Value;

pub const TOKEN: &str = "4242:fake-test-token";

/// A fake without sending limits and one user, Siti (chat 1001).
pub async fn fake_and_user() -> (FakeBotApi, SimUser) {
    let fake = FakeBotApi::start(TOKEN).await;
    let user = fake.user(1001, "Siti", None, Some("id"));
    (fake, user)
}

/// Calls `method` with a JSON body; returns the HTTP status and the answer.
pub async fn call(fake: &FakeBotApi, method: &str, body: Value) -> (u16, Value) {
    let url = format!("{}/bot{TOKEN}/{method}", fake.url());
    let response = reqwest::Client::new().post(url).json(&body).send().await.expect("the fake answers");
    let status = response.status().as_u16();
    (status, response.json().await.expect("a JSON answer"))
}

/// Calls `method`, asserts Telegram would accept it, and returns its result.
#[track_caller]
pub fn accepted((status, answer): (u16, Value)) -> Value {
    assert_eq!(status, 200, "refused: {answer}");
    assert_eq!(answer["ok"], true, "{answer}");
    answer["result"].clone()
}

/// Asserts a refusal with this code and description.
#[track_caller]
pub fn refused((status, answer): (u16, Value), code: u16, description: &str) -> Value {
    assert_eq!(status, code, "{answer}");
    assert_eq!(answer["ok"], false, "{answer}");
    assert_eq!(answer["error_code"], code, "{answer}");
    assert_eq!(answer["description"], description, "{answer}");
    answer
}

/// Asserts the violations recorded so far, in order: each contains its needle.
#[track_caller]
pub fn assert_violations(fake: &FakeBotApi, needles: &[&str]) {
    let violations = fake.violations();
    assert_eq!(violations.len(), needles.len(), "{violations:#?}");
    for (violation, needle) in violations.iter().zip(needles) {
        assert!(violation.contains(needle), "{needle:?} not in {violations:#?}");
    }
}
