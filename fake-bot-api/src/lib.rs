//! A fake Telegram Bot API server on 127.0.0.1 for posyandu-bot's tests and
//! load benchmark.
//!
//! The real bot (teloxide) talks HTTP to it exactly as to Telegram: long
//! polling `getUpdates` with real offset semantics, `sendMessage`,
//! `sendDocument` and `sendPhoto` (uploads as `multipart/form-data`),
//! `editMessageText`, `editMessageReplyMarkup`, `answerCallbackQuery`,
//! `setMyCommands` and a few more. Tests play the user: they push updates
//! (texts, edits of their texts, button presses, stickers, photos) and read
//! what the bot sent.
//!
//! # What it checks
//!
//! Whatever real Telegram would refuse is refused the same way (same code
//! and description, so teloxide maps it to the same error) and recorded in
//! [`FakeBotApi::violations`], so a test can assert the bot never did it:
//! texts empty or over 4096 and captions over 1024, callback answers over
//! 200 (all counted in UTF-16 code units, as Telegram counts: 📋 is 2);
//! callback data empty or over 64 bytes, a button without a label, over 100
//! buttons; an unknown chat; editing a missing message, an edit that
//! changes nothing, `editMessageText` on a file; answering a callback query
//! twice or one never sent; bad command names, descriptions or language
//! codes; a missing, empty or too big upload; an unknown method (404); a
//! wrong token (401).
//!
//! # What it simulates
//!
//! Refusals a correct bot meets by design are answered but are not
//! violations: 429 from the sending limits ([`Limits`]: counted in
//! [`FakeBotApi::rate_limited`]), 403 when the user blocked the bot
//! ([`FakeBotApi::block_user`]: [`FakeBotApi::forbidden`]), and failures or
//! late answers a test injects ([`FakeBotApi::fail_for`],
//! [`FakeBotApi::stall`]). [`FakeBotApi::sends`] records when every send was
//! accepted, to check pacing.
//!
//! [`FakeBotApi::start`] has no sending limits, so the bot's end-to-end
//! tests and the load benchmark may send as fast as they like;
//! [`FakeBotApi::start_with_limits`] with [`Limits::telegram`] (or
//! [`FakeBotApi::set_limits`]) turns Telegram's on.
//!
//! Not a general Telegram emulator: private chats only (chat id = user
//! id), no groups, files only as uploads (never by file id or URL), and
//! images are not decoded.

mod limits;
mod methods;
mod server;

pub use limits::{Limits, Rate};

use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};
use tokio::sync::Notify;

use crate::limits::Limiter;
use crate::server::ApiError;

/// The bot's username, as `getMe` reports it.
pub const BOT_USERNAME: &str = "posyandu_test_bot";
const BOT_ID: i64 = 777_000_111;

/// A simulated user in a private chat with the bot (chat id = user id).
#[derive(Clone, Debug, PartialEq)]
pub struct SimUser {
    pub id: i64,
    pub first_name: String,
    pub last_name: Option<String>,
    pub language_code: Option<String>,
}

/// A message the bot sent, as it stands now (after any edits).
#[derive(Clone, Debug)]
pub struct SentMessage {
    pub message_id: i64,
    pub chat_id: i64,
    /// The text, or the caption of a file (empty when it has none).
    pub text: String,
    pub buttons: Vec<Vec<Button>>,
    /// The file sent with `sendDocument` or `sendPhoto`.
    pub attachment: Option<Attachment>,
    /// When the bot edited it, in order (its edit count is the length).
    pub edited_at: Vec<Instant>,
    pub sent_at: Instant,
    json: Value,
}

/// A file the bot uploaded.
#[derive(Clone, PartialEq)]
pub struct Attachment {
    pub kind: FileKind,
    pub file_name: String,
    /// The part's `Content-Type`, if the bot gave one.
    pub mime: Option<String>,
    pub bytes: Vec<u8>,
}

/// Which method sent a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Document,
    Photo,
}

impl fmt::Debug for Attachment {
    /// The size instead of every byte.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Attachment")
            .field("kind", &self.kind)
            .field("file_name", &self.file_name)
            .field("mime", &self.mime)
            .field("bytes", &format_args!("{} bytes", self.bytes.len()))
            .finish()
    }
}

/// An inline keyboard button.
#[derive(Clone, Debug, PartialEq)]
pub struct Button {
    pub text: String,
    pub callback_data: String,
}

/// An accepted `answerCallbackQuery`.
#[derive(Clone, Debug, PartialEq)]
pub struct CallbackAnswer {
    pub callback_query_id: String,
    pub text: Option<String>,
}

/// The commands of one `setMyCommands` scope and language.
#[derive(Clone, Debug, PartialEq)]
pub struct CommandSet {
    pub language_code: Option<String>,
    pub scope: Option<Value>,
    pub commands: Vec<(String, String)>,
}

/// A request the fake received (method in lower case), whatever its answer.
#[derive(Clone, Debug)]
pub struct RequestLog {
    pub method: String,
    pub at: Instant,
}

/// An error a test makes the fake answer instead of a method's result.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    pub error_code: u16,
    pub description: String,
    pub retry_after: Option<u32>,
}

impl Failure {
    pub fn new(error_code: u16, description: &str) -> Failure {
        Failure { error_code, description: description.to_owned(), retry_after: None }
    }

    /// Telegram's servers having trouble: 502 Bad Gateway.
    pub fn server_error() -> Failure {
        Failure::new(502, "Bad Gateway")
    }
}

/// The server. Dropping it stops it.
pub struct FakeBotApi {
    shared: Arc<Shared>,
    addr: SocketAddr,
    server: tokio::task::JoinHandle<()>,
}

struct Shared {
    token: String,
    state: Mutex<Inner>,
    /// Woken whenever an update is pushed (for long polling).
    pushed: Notify,
    /// Per chat, woken when the bot's messages there change (for waiting on
    /// replies without waking every other waiting chat).
    changed: Mutex<HashMap<i64, Arc<Notify>>>,
}

#[derive(Default)]
struct Inner {
    next_update_id: i64,
    /// Updates not yet confirmed by an offset, oldest first.
    pending: VecDeque<(i64, Value)>,
    sent_updates: HashMap<i64, Value>,
    enqueued_at: HashMap<i64, Instant>,
    chats: HashMap<i64, Vec<SentMessage>>,
    next_message_id: HashMap<i64, i64>,
    users: HashMap<i64, SimUser>,
    /// The messages users sent, as they stand now, by (chat id, message id).
    user_messages: HashMap<(i64, i64), Value>,
    /// Ids of callback queries pushed and not answered yet, oldest first.
    open_callbacks: Vec<String>,
    next_callback: u64,
    callback_answers: Vec<CallbackAnswer>,
    commands: Vec<CommandSet>,
    violations: Vec<String>,
    requests: Vec<RequestLog>,
    /// Per method (lower case): how many more calls fail, and how.
    failures: HashMap<String, (u32, Failure)>,
    /// Per method (lower case): how many more calls stall, and how long.
    stalls: HashMap<String, (u32, Duration)>,
    /// Users who blocked the bot.
    blocked: HashSet<i64>,
    /// The chat of every send answered 403.
    forbidden: Vec<i64>,
    limiter: Limiter,
    /// Every accepted send: its chat and when.
    sends: Vec<(i64, Instant)>,
    /// How many sends were answered 429.
    rate_limited: usize,
}

impl FakeBotApi {
    /// Starts a server on 127.0.0.1 on a free port, accepting `token`,
    /// without sending limits ([`Limits::unlimited`]).
    pub async fn start(token: &str) -> FakeBotApi {
        FakeBotApi::start_with_limits(token, Limits::unlimited()).await
    }

    /// Starts a server that answers 429 to sends beyond `limits` (usually
    /// [`Limits::telegram`]).
    pub async fn start_with_limits(token: &str, limits: Limits) -> FakeBotApi {
        let shared = Arc::new(Shared {
            token: token.to_owned(),
            state: Mutex::new(Inner { next_update_id: 1, limiter: Limiter::new(limits), ..Inner::default() }),
            pushed: Notify::new(),
            changed: Mutex::default(),
        });
        let app = server::router(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local address");
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("fake Bot API server");
        });
        FakeBotApi { shared, addr, server }
    }

    /// The base URL to give the bot (`TELOXIDE_API_URL`), without a trailing slash.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn state(&self) -> MutexGuard<'_, Inner> {
        self.shared.state()
    }

    /// A simulated user; its chat with the bot has the same id.
    pub fn user(&self, id: i64, first_name: &str, last_name: Option<&str>, language_code: Option<&str>) -> SimUser {
        let user = SimUser {
            id,
            first_name: first_name.to_owned(),
            last_name: last_name.map(str::to_owned),
            language_code: language_code.map(str::to_owned),
        };
        self.state().users.insert(id, user.clone());
        user
    }

    /// The user types and sends `text`. Returns the update id; the
    /// message's id is [`Self::message_id_of`] it.
    pub fn push_text(&self, from: &SimUser, text: &str) -> i64 {
        self.push_message(from, json!({ "text": text }))
    }

    /// The user sends a sticker. Returns the update id.
    pub fn push_sticker(&self, from: &SimUser) -> i64 {
        let sticker = json!({
            "file_id": "CAACAgIAAxkBAAE", "file_unique_id": "AgADsticker", "type": "regular",
            "width": 512, "height": 512, "is_animated": false, "is_video": false, "emoji": "👍"
        });
        self.push_message(from, json!({ "sticker": sticker }))
    }

    /// The user sends a photo, with an optional caption. Returns the update id.
    pub fn push_photo(&self, from: &SimUser, caption: Option<&str>) -> i64 {
        let photo = json!([{ "file_id": "AgACAgIAAxkBAAE", "file_unique_id": "AQADphoto", "width": 90, "height": 90, "file_size": 1200 }]);
        let mut fields = json!({ "photo": photo });
        if let Some(caption) = caption {
            fields["caption"] = json!(caption);
        }
        self.push_message(from, fields)
    }

    fn push_message(&self, from: &SimUser, fields: Value) -> i64 {
        let message_id = self.state().next_message_id(from.id);
        let mut message = json!({
            "message_id": message_id,
            "date": unix_now(),
            "chat": private_chat(from),
            "from": user_json(from),
        });
        merge(&mut message, fields);
        self.state().user_messages.insert((from.id, message_id), message.clone());
        self.push_update(json!({ "message": message }))
    }

    /// The user edits the text of a message they sent (`message_id`, see
    /// [`Self::message_id_of`]): an `edited_message` update, as Telegram
    /// sends it. Returns the update id.
    pub fn push_edited_text(&self, from: &SimUser, message_id: i64, text: &str) -> i64 {
        let message = {
            let mut state = self.state();
            let message = state.user_messages.get_mut(&(from.id, message_id));
            let message = message.filter(|m| m.get("text").is_some()).unwrap_or_else(|| {
                panic!("user {} sent no text message {message_id}", from.id);
            });
            message["text"] = json!(text);
            message["edit_date"] = json!(unix_now());
            message.clone()
        };
        self.push_update(json!({ "edited_message": message }))
    }

    /// The id of the user's message in a pushed update (a message or an edit of one).
    pub fn message_id_of(&self, update_id: i64) -> Option<i64> {
        let state = self.state();
        let update = state.sent_updates.get(&update_id)?;
        update.get("message").or_else(|| update.get("edited_message"))?["message_id"].as_i64()
    }

    /// The user taps a button with `data` under the bot's message `message_id`.
    pub fn push_callback(&self, from: &SimUser, message_id: i64, data: &str) -> i64 {
        let (query_id, message) = {
            let mut state = self.state();
            state.next_callback += 1;
            let query_id = format!("cbq-{}-{}", from.id, state.next_callback);
            state.open_callbacks.push(query_id.clone());
            let message = state
                .chats
                .get(&from.id)
                .and_then(|m| m.iter().find(|m| m.message_id == message_id))
                .map(|m| m.json.clone());
            (query_id, message)
        };
        let mut query = json!({
            "id": query_id,
            "from": user_json(from),
            "chat_instance": format!("ci-{}", from.id),
            "data": data,
        });
        if let Some(message) = message {
            query["message"] = message;
        }
        self.push_update(json!({ "callback_query": query }))
    }

    /// Queues any update; the server adds `update_id`.
    pub fn push_update(&self, mut update: Value) -> i64 {
        let id = {
            let mut state = self.state();
            let id = state.next_update_id;
            state.next_update_id += 1;
            update["update_id"] = json!(id);
            state.pending.push_back((id, update.clone()));
            state.sent_updates.insert(id, update);
            state.enqueued_at.insert(id, Instant::now());
            id
        };
        self.shared.pushed.notify_waiters();
        id
    }

    /// Delivers the same update (same `update_id`) again, as Telegram may.
    pub fn redeliver(&self, update_id: i64) {
        {
            let mut state = self.state();
            let update = state.sent_updates.get(&update_id).cloned().expect("an update pushed before");
            state.pending.push_back((update_id, update));
        }
        self.shared.pushed.notify_waiters();
    }

    /// When an update was pushed.
    pub fn enqueued_at(&self, update_id: i64) -> Option<Instant> {
        self.state().enqueued_at.get(&update_id).copied()
    }

    /// The bot's messages in a chat, oldest first.
    pub fn messages(&self, chat_id: i64) -> Vec<SentMessage> {
        self.state().chats.get(&chat_id).cloned().unwrap_or_default()
    }

    /// How many messages the bot has sent in a chat (cheaper than [`Self::messages`]).
    pub fn message_count(&self, chat_id: i64) -> usize {
        self.state().chats.get(&chat_id).map_or(0, Vec::len)
    }

    /// The newest button in a chat whose label contains `label`: its
    /// message id and callback data.
    pub fn find_button(&self, chat_id: i64, label: &str) -> Option<(i64, String)> {
        let state = self.state();
        state.chats.get(&chat_id)?.iter().rev().find_map(|m| {
            m.buttons.iter().flatten().find(|b| b.text.contains(label)).map(|b| (m.message_id, b.callback_data.clone()))
        })
    }

    /// The message at index `count_seen` of a chat, once the bot sent it.
    pub async fn next_message_after(&self, chat_id: i64, count_seen: usize, timeout: Duration) -> Option<SentMessage> {
        let changed = self.shared.chat_changed(chat_id);
        tokio::time::timeout(timeout, async {
            loop {
                let wake = changed.notified();
                tokio::pin!(wake);
                wake.as_mut().enable();
                if let Some(message) = self.state().chats.get(&chat_id).and_then(|m| m.get(count_seen).cloned()) {
                    return message;
                }
                wake.await;
            }
        })
        .await
        .ok()
    }

    /// Ids of the callback queries pushed that the bot has not answered
    /// (yet), oldest first. Empty once every tap was answered exactly once
    /// (a second answer is a violation).
    pub fn unanswered_callbacks(&self) -> Vec<String> {
        self.state().open_callbacks.clone()
    }

    /// Every accepted callback answer, oldest first.
    pub fn callback_answers(&self) -> Vec<CallbackAnswer> {
        self.state().callback_answers.clone()
    }

    /// The command lists set with `setMyCommands`.
    pub fn commands(&self) -> Vec<CommandSet> {
        self.state().commands.clone()
    }

    /// Every request real Telegram would have refused.
    pub fn violations(&self) -> Vec<String> {
        self.state().violations.clone()
    }

    /// Every request received, oldest first.
    pub fn requests(&self) -> Vec<RequestLog> {
        self.state().requests.clone()
    }

    /// Updates pushed and not yet confirmed by the bot.
    pub fn pending_updates(&self) -> usize {
        self.state().pending.len()
    }

    /// Replaces the sending limits; the budgets start full again.
    pub fn set_limits(&self, limits: Limits) {
        self.state().limiter = Limiter::new(limits);
    }

    /// Every send the fake accepted (`sendMessage`, `sendDocument`,
    /// `sendPhoto`): its chat id and when, oldest first, to check pacing.
    pub fn sends(&self) -> Vec<(i64, Instant)> {
        self.state().sends.clone()
    }

    /// How many sends were answered 429 (not violations: a bot that sends
    /// too fast learns it this way and must wait `retry_after`).
    pub fn rate_limited(&self) -> usize {
        self.state().rate_limited
    }

    /// Makes the next call of `method` fail once with this error.
    pub fn fail_next(&self, method: &str, error_code: u16, description: &str, retry_after: Option<u32>) {
        let failure = Failure { error_code, description: description.to_owned(), retry_after };
        self.fail_for(method, 1, failure);
    }

    /// Makes the next `times` calls of `method` (any case, e.g.
    /// `"sendMessage"`) fail with `failure` before doing anything; replaces
    /// an earlier `fail_for` of that method (`times` 0 cancels it). Not
    /// violations.
    pub fn fail_for(&self, method: &str, times: u32, failure: Failure) {
        set_injection(&mut self.state().failures, method, times, failure);
    }

    /// Makes the next `times` calls of `method` hold their answer for
    /// `delay`: the call takes effect at once (a sent message is in the
    /// chat), only the answer is late, as when Telegram's reply is lost on
    /// the way. A bot that gives up waiting and retries sends twice.
    /// Replaces an earlier `stall` of that method (`times` 0 cancels it).
    pub fn stall(&self, method: &str, times: u32, delay: Duration) {
        set_injection(&mut self.state().stalls, method, times, delay);
    }

    /// The user blocks the bot: every send to them (and chat action)
    /// answers 403 "Forbidden: bot was blocked by the user", which is not a
    /// violation.
    pub fn block_user(&self, user_id: i64) {
        self.state().blocked.insert(user_id);
    }

    /// The user unblocks the bot (or restarts it).
    pub fn unblock_user(&self, user_id: i64) {
        self.state().blocked.remove(&user_id);
    }

    /// The chat of every send answered 403 because the user blocked the
    /// bot, oldest first.
    pub fn forbidden(&self) -> Vec<i64> {
        self.state().forbidden.clone()
    }
}

impl Drop for FakeBotApi {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, Inner> {
        self.state.lock().expect("fake state lock")
    }

    fn chat_changed(&self, chat_id: i64) -> Arc<Notify> {
        self.changed.lock().expect("fake state lock").entry(chat_id).or_default().clone()
    }
}

impl Inner {
    /// The next message id in a chat (ids are per chat, shared by the user and the bot).
    fn next_message_id(&mut self, chat_id: i64) -> i64 {
        let next = self.next_message_id.entry(chat_id).or_insert(1);
        let id = *next;
        *next += 1;
        id
    }

    fn log_request(&mut self, method: &str) {
        self.requests.push(RequestLog { method: method.to_owned(), at: Instant::now() });
    }

    /// The failure injected for this call of `method`, if any.
    fn take_failure(&mut self, method: &str) -> Option<ApiError> {
        let failure = take_one(&mut self.failures, method)?;
        Some(ApiError::injected(failure.error_code, failure.description, failure.retry_after))
    }

    /// How long this call of `method` holds its answer, if it stalls.
    fn take_stall(&mut self, method: &str) -> Option<Duration> {
        take_one(&mut self.stalls, method)
    }

    /// The user of a chat the bot may send to.
    fn reachable_user(&mut self, chat_id: i64) -> Result<SimUser, ApiError> {
        let user = self.users.get(&chat_id).cloned().ok_or_else(|| ApiError::bad_request("chat not found"))?;
        if self.blocked.contains(&chat_id) {
            self.forbidden.push(chat_id);
            return Err(ApiError::blocked());
        }
        Ok(user)
    }
}

/// Injects `injection` into the next `times` calls of `method`.
fn set_injection<T>(injections: &mut HashMap<String, (u32, T)>, method: &str, times: u32, injection: T) {
    let method = method.to_lowercase();
    match times {
        0 => injections.remove(&method),
        _ => injections.insert(method, (times, injection)),
    };
}

/// Uses up one of the remaining `times` of a method's injection.
fn take_one<T: Clone>(injections: &mut HashMap<String, (u32, T)>, method: &str) -> Option<T> {
    let (times, injection) = injections.get_mut(method)?;
    let taken = injection.clone();
    *times -= 1;
    if *times == 0 {
        injections.remove(method);
    }
    Some(taken)
}

fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

fn user_json(user: &SimUser) -> Value {
    let mut json = json!({ "id": user.id, "is_bot": false, "first_name": user.first_name });
    if let Some(last) = &user.last_name {
        json["last_name"] = json!(last);
    }
    if let Some(lang) = &user.language_code {
        json["language_code"] = json!(lang);
    }
    json
}

fn private_chat(user: &SimUser) -> Value {
    let mut json = json!({ "id": user.id, "type": "private", "first_name": user.first_name });
    if let Some(last) = &user.last_name {
        json["last_name"] = json!(last);
    }
    json
}

fn bot_user() -> Value {
    json!({ "id": BOT_ID, "is_bot": true, "first_name": "Posyandu Test", "username": BOT_USERNAME })
}

fn merge(target: &mut Value, fields: Value) {
    if let (Some(target), Value::Object(fields)) = (target.as_object_mut(), fields) {
        target.extend(fields);
    }
}
