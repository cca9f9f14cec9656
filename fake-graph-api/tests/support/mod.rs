//! Calls the fake over HTTP as the bot's Graph API client would, and a
//! stand-in for the bot's webhook that checks signatures on its own.
#![allow(dead_code)] // each test binary uses part of this

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use fake_graph_api::{API_VERSION, FakeGraphApi, PHONE_NUMBER_ID, SimUser};
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

pub const TOKEN: &str = "EAAG-fake-access-token";
pub const APP_SECRET: &str = "fake-app-secret";
pub const VERIFY_TOKEN: &str = "posyandu-verify";

/// A fake and one user, Siti, who has just written (so her window is open).
pub async fn fake_and_user() -> (FakeGraphApi, Bot, SimUser) {
    let fake = FakeGraphApi::start(TOKEN, APP_SECRET).await;
    let bot = Bot::start().await;
    fake.set_webhook_url(&bot.url);
    let user = fake.user("6281234567890", "Siti");
    assert_eq!(fake.send_text(&user, "Halo").await.status, 200);
    (fake, bot, user)
}

/// Posts `body` to an endpoint of the fake with the bot's token; the HTTP
/// status and the answer.
pub async fn post(fake: &FakeGraphApi, endpoint: &str, body: Value) -> (u16, Value) {
    post_with_token(fake, endpoint, TOKEN, body).await
}

pub async fn post_with_token(fake: &FakeGraphApi, endpoint: &str, token: &str, body: Value) -> (u16, Value) {
    let url = format!("{}/{API_VERSION}/{PHONE_NUMBER_ID}/{endpoint}", fake.url());
    let response =
        reqwest::Client::new().post(url).bearer_auth(token).json(&body).send().await.expect("the fake answers");
    let status = response.status().as_u16();
    (status, response.json().await.expect("a JSON answer"))
}

/// A message to `to` with these fields besides `messaging_product` and `to`.
pub async fn send(fake: &FakeGraphApi, to: &str, fields: Value) -> (u16, Value) {
    let mut body = json!({ "messaging_product": "whatsapp", "recipient_type": "individual", "to": to });
    body.as_object_mut().unwrap().extend(fields.as_object().unwrap().clone());
    post(fake, "messages", body).await
}

/// A text message.
pub async fn send_text(fake: &FakeGraphApi, to: &str, text: &str) -> (u16, Value) {
    send(fake, to, json!({ "type": "text", "text": { "body": text } })).await
}

/// Asserts the message was accepted; its wamid.
#[track_caller]
pub fn accepted((status, answer): (u16, Value)) -> String {
    assert_eq!(status, 200, "refused: {answer}");
    assert_eq!(answer["messaging_product"], "whatsapp", "{answer}");
    answer["messages"][0]["id"].as_str().expect("a wamid").to_owned()
}

/// Asserts a refusal in Graph's error shape with this HTTP status and code;
/// the error object.
#[track_caller]
pub fn refused((status, answer): (u16, Value), http_status: u16, code: u32) -> Value {
    assert_eq!(status, http_status, "{answer}");
    let error = &answer["error"];
    assert_eq!(error["code"], code, "{answer}");
    assert_eq!(error["type"], "OAuthException", "{answer}");
    assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()), "{answer}");
    assert!(error["fbtrace_id"].as_str().is_some(), "{answer}");
    error.clone()
}

/// Asserts the violations recorded so far, in order: each contains its needle.
#[track_caller]
pub fn assert_violations(fake: &FakeGraphApi, needles: &[&str]) {
    let violations = fake.violations();
    assert_eq!(violations.len(), needles.len(), "{violations:#?}");
    for (violation, needle) in violations.iter().zip(needles) {
        assert!(violation.contains(needle), "{needle:?} not in {violations:#?}");
    }
}

/// A stand-in for the bot's webhook: it checks `X-Hub-Signature-256` with
/// its own HMAC, answers 401 to a bad one, and keeps every body it accepted.
pub struct Bot {
    pub url: String,
    received: Arc<Mutex<Vec<Value>>>,
}

impl Bot {
    pub async fn start() -> Bot {
        let received = Arc::new(Mutex::new(Vec::new()));
        let app = Router::new().route("/webhook", get(verify).post(receive)).with_state(received.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/webhook", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Bot { url, received }
    }

    /// Every body accepted, oldest first.
    pub fn received(&self) -> Vec<Value> {
        self.received.lock().unwrap().clone()
    }

    /// The messages (or statuses) of every accepted body, oldest first.
    pub fn values(&self, field: &str) -> Vec<Value> {
        let bodies = self.received();
        bodies
            .iter()
            .flat_map(|b| b["entry"][0]["changes"][0]["value"][field].as_array().cloned().unwrap_or_default())
            .collect()
    }
}

async fn verify(Query(query): Query<Vec<(String, String)>>) -> (StatusCode, String) {
    let get = |key: &str| query.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    if get("hub.mode").as_deref() == Some("subscribe") && get("hub.verify_token").as_deref() == Some(VERIFY_TOKEN) {
        (StatusCode::OK, get("hub.challenge").unwrap_or_default())
    } else {
        (StatusCode::FORBIDDEN, String::new())
    }
}

async fn receive(State(received): State<Arc<Mutex<Vec<Value>>>>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let signature = headers.get("x-hub-signature-256").and_then(|v| v.to_str().ok());
    let Some(hex) = signature.and_then(|s| s.strip_prefix("sha256=")) else { return StatusCode::UNAUTHORIZED };
    let bytes: Option<Vec<u8>> =
        (0..hex.len()).step_by(2).map(|i| hex.get(i..i + 2).and_then(|b| u8::from_str_radix(b, 16).ok())).collect();
    let mut mac = Hmac::<Sha256>::new_from_slice(APP_SECRET.as_bytes()).unwrap();
    mac.update(&body);
    if bytes.is_none_or(|bytes| mac.verify_slice(&bytes).is_err()) {
        return StatusCode::UNAUTHORIZED;
    }
    received.lock().unwrap().push(serde_json::from_slice(&body).unwrap());
    StatusCode::OK
}
