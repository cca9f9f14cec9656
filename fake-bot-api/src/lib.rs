//! A fake Telegram Bot API server on 127.0.0.1 for posyandu-bot's tests and
//! load benchmark.
//!
//! The real bot (teloxide) talks HTTP to it exactly as to Telegram: long
//! polling `getUpdates` with real offset semantics, `sendMessage`,
//! `editMessageText`, `answerCallbackQuery`, `setMyCommands` and a few
//! more. Tests play the user: they push updates (texts, button presses,
//! stickers, photos) and read what the bot sent. Whatever real Telegram
//! would refuse (a text over 4096 characters, callback data over 64 bytes,
//! an unknown method…) is refused the same way and recorded in
//! [`FakeBotApi::violations`], so a test can assert the bot never did it.
//!
//! Not a general Telegram emulator: private chats only, no files, no groups.

use std::collections::{HashMap, HashSet, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};
use tokio::sync::Notify;

/// The bot's username, as `getMe` reports it.
pub const BOT_USERNAME: &str = "posyandu_test_bot";
const BOT_ID: i64 = 777_000_111;
const MAX_TEXT_CHARS: usize = 4096;
const MAX_CALLBACK_BYTES: usize = 64;

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
    pub text: String,
    pub buttons: Vec<Vec<Button>>,
    pub edits: u32,
    pub sent_at: Instant,
    json: Value,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Button {
    pub text: String,
    pub callback_data: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CallbackAnswer {
    pub callback_query_id: String,
    pub text: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CommandSet {
    pub language_code: Option<String>,
    pub scope: Option<Value>,
    pub commands: Vec<(String, String)>,
}

#[derive(Clone, Debug)]
pub struct RequestLog {
    pub method: String,
    pub at: Instant,
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
    open_callbacks: HashSet<String>,
    answered_callbacks: HashSet<String>,
    next_callback: u64,
    callback_answers: Vec<CallbackAnswer>,
    commands: Vec<CommandSet>,
    violations: Vec<String>,
    requests: Vec<RequestLog>,
    fail_next: HashMap<String, (u16, String, Option<u32>)>,
}

impl FakeBotApi {
    /// Starts a server on 127.0.0.1 on a free port, accepting `token`.
    pub async fn start(token: &str) -> FakeBotApi {
        let shared = Arc::new(Shared {
            token: token.to_owned(),
            state: Mutex::new(Inner { next_update_id: 1, ..Inner::default() }),
            pushed: Notify::new(),
            changed: Mutex::default(),
        });
        let app = Router::new().route("/{bot}/{method}", post(handle)).with_state(shared.clone());
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
        self.shared.state.lock().expect("fake state lock")
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

    /// The user types and sends `text`. Returns the update id.
    pub fn push_text(&self, from: &SimUser, text: &str) -> i64 {
        self.push_message(from, json!({ "text": text }))
    }

    pub fn push_sticker(&self, from: &SimUser) -> i64 {
        let sticker = json!({
            "file_id": "CAACAgIAAxkBAAE", "file_unique_id": "AgADsticker", "type": "regular",
            "width": 512, "height": 512, "is_animated": false, "is_video": false, "emoji": "👍"
        });
        self.push_message(from, json!({ "sticker": sticker }))
    }

    pub fn push_photo(&self, from: &SimUser, caption: Option<&str>) -> i64 {
        let photo = json!([{ "file_id": "AgACAgIAAxkBAAE", "file_unique_id": "AQADphoto", "width": 90, "height": 90, "file_size": 1200 }]);
        let mut fields = json!({ "photo": photo });
        if let Some(caption) = caption {
            fields["caption"] = json!(caption);
        }
        self.push_message(from, fields)
    }

    fn push_message(&self, from: &SimUser, fields: Value) -> i64 {
        let message_id = self.next_message_id(from.id);
        let mut message = json!({
            "message_id": message_id,
            "date": unix_now(),
            "chat": private_chat(from),
            "from": user_json(from),
        });
        merge(&mut message, fields);
        self.push_update(json!({ "message": message }))
    }

    /// The user taps a button with `data` under the bot's message `message_id`.
    pub fn push_callback(&self, from: &SimUser, message_id: i64, data: &str) -> i64 {
        let (query_id, message) = {
            let mut state = self.state();
            state.next_callback += 1;
            let query_id = format!("cbq-{}-{}", from.id, state.next_callback);
            state.open_callbacks.insert(query_id.clone());
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

    pub fn callback_answers(&self) -> Vec<CallbackAnswer> {
        self.state().callback_answers.clone()
    }

    pub fn commands(&self) -> Vec<CommandSet> {
        self.state().commands.clone()
    }

    /// Every request real Telegram would have refused.
    pub fn violations(&self) -> Vec<String> {
        self.state().violations.clone()
    }

    pub fn requests(&self) -> Vec<RequestLog> {
        self.state().requests.clone()
    }

    /// Updates pushed and not yet confirmed by the bot.
    pub fn pending_updates(&self) -> usize {
        self.state().pending.len()
    }

    /// Makes the next call of `method` fail once with this error.
    pub fn fail_next(&self, method: &str, error_code: u16, description: &str, retry_after: Option<u32>) {
        self.state().fail_next.insert(method.to_lowercase(), (error_code, description.to_owned(), retry_after));
    }

    fn next_message_id(&self, chat_id: i64) -> i64 {
        let mut state = self.state();
        let next = state.next_message_id.entry(chat_id).or_insert(1);
        let id = *next;
        *next += 1;
        id
    }
}

impl Drop for FakeBotApi {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl Shared {
    fn chat_changed(&self, chat_id: i64) -> Arc<Notify> {
        self.changed.lock().expect("fake state lock").entry(chat_id).or_default().clone()
    }
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

/// A Bot API error, as Telegram sends it.
struct ApiError {
    code: u16,
    description: String,
    retry_after: Option<u32>,
}

impl ApiError {
    fn bad_request(description: &str) -> ApiError {
        ApiError { code: 400, description: format!("Bad Request: {description}"), retry_after: None }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({ "ok": false, "error_code": self.code, "description": self.description });
        if let Some(seconds) = self.retry_after {
            body["parameters"] = json!({ "retry_after": seconds });
        }
        let status = StatusCode::from_u16(self.code).unwrap_or(StatusCode::BAD_REQUEST);
        (status, axum::Json(body)).into_response()
    }
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    Path((bot, method)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    if bot != format!("bot{}", shared.token) {
        return ApiError { code: 401, description: "Unauthorized".into(), retry_after: None }.into_response();
    }
    let method = method.to_lowercase();
    let injected = {
        let mut state = shared.state.lock().expect("fake state lock");
        state.requests.push(RequestLog { method: method.clone(), at: Instant::now() });
        state.fail_next.remove(&method)
    };
    if let Some((code, description, retry_after)) = injected {
        return ApiError { code, description, retry_after }.into_response();
    }
    let params: Value = if body.is_empty() {
        json!({})
    } else {
        match serde_json::from_slice(&body) {
            Ok(params) => params,
            Err(error) => return refuse(&shared, &format!("{method}: body is not JSON ({error})"), "can't parse JSON"),
        }
    };
    let result = match method.as_str() {
        "getme" => Ok(get_me()),
        "getwebhookinfo" => Ok(json!({ "url": "", "has_custom_certificate": false, "pending_update_count": 0 })),
        "deletewebhook" | "sendchataction" => Ok(json!(true)),
        "getupdates" => Ok(get_updates(&shared, &params).await),
        "sendmessage" => send_message(&shared, &params),
        "editmessagetext" => edit_message(&shared, &params, true),
        "editmessagereplymarkup" => edit_message(&shared, &params, false),
        "answercallbackquery" => answer_callback(&shared, &params),
        "setmycommands" => set_my_commands(&shared, &params),
        "getmycommands" => Ok(get_my_commands(&shared, &params)),
        _ => {
            let mut state = shared.state.lock().expect("fake state lock");
            state.violations.push(format!("unknown method {method}"));
            return ApiError { code: 404, description: "Not Found".into(), retry_after: None }.into_response();
        }
    };
    match result {
        Ok(result) => axum::Json(json!({ "ok": true, "result": result })).into_response(),
        Err(error) => {
            shared.state.lock().expect("fake state lock").violations.push(format!("{method}: {}", error.description));
            error.into_response()
        }
    }
}

fn refuse(shared: &Shared, violation: &str, description: &str) -> Response {
    shared.state.lock().expect("fake state lock").violations.push(violation.to_owned());
    ApiError::bad_request(description).into_response()
}

fn get_me() -> Value {
    let mut me = bot_user();
    merge(
        &mut me,
        json!({
            "can_join_groups": true, "can_read_all_group_messages": false, "supports_inline_queries": false,
            "can_connect_to_business": false, "has_main_web_app": false
        }),
    );
    me
}

/// Long polling with Telegram's offset rules.
async fn get_updates(shared: &Shared, params: &Value) -> Value {
    let offset = params["offset"].as_i64();
    let limit = params["limit"].as_u64().unwrap_or(100).clamp(1, 100) as usize;
    let deadline = Instant::now() + Duration::from_secs(params["timeout"].as_u64().unwrap_or(0).min(60));
    loop {
        let wake = shared.pushed.notified();
        tokio::pin!(wake);
        wake.as_mut().enable();
        {
            let mut state = shared.state.lock().expect("fake state lock");
            let ready: Vec<Value> = match offset {
                Some(offset) if offset < 0 => {
                    let skip = state.pending.len().saturating_sub(offset.unsigned_abs() as usize);
                    state.pending.iter().skip(skip).take(limit).map(|(_, u)| u.clone()).collect()
                }
                _ => {
                    let from = offset.unwrap_or(0);
                    // Everything before the offset is confirmed and forgotten.
                    state.pending.retain(|(id, _)| *id >= from);
                    state.pending.iter().take(limit).map(|(_, u)| u.clone()).collect()
                }
            };
            if !ready.is_empty() || Instant::now() >= deadline {
                return Value::Array(ready);
            }
        }
        if tokio::time::timeout_at(deadline.into(), wake).await.is_err() {
            return json!([]);
        }
    }
}

/// Checks text and keyboard against Telegram's limits.
fn check_outgoing(text: &str, markup: &Value) -> Result<Vec<Vec<Button>>, ApiError> {
    if text.trim().is_empty() {
        return Err(ApiError::bad_request("message text is empty"));
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(ApiError::bad_request("message is too long"));
    }
    let mut rows = Vec::new();
    if let Some(keyboard) = markup.get("inline_keyboard").and_then(Value::as_array) {
        let total: usize = keyboard.iter().filter_map(Value::as_array).map(Vec::len).sum();
        if total > 100 {
            return Err(ApiError::bad_request("too many inline keyboard buttons"));
        }
        for row in keyboard {
            let mut buttons = Vec::new();
            for button in row.as_array().into_iter().flatten() {
                let label = button["text"].as_str().unwrap_or_default();
                let data = button["callback_data"].as_str().unwrap_or_default();
                if label.trim().is_empty() {
                    return Err(ApiError::bad_request("BUTTON_TEXT_EMPTY"));
                }
                if data.is_empty() || data.len() > MAX_CALLBACK_BYTES {
                    return Err(ApiError::bad_request("BUTTON_DATA_INVALID"));
                }
                buttons.push(Button { text: label.to_owned(), callback_data: data.to_owned() });
            }
            rows.push(buttons);
        }
    }
    Ok(rows)
}

fn chat_id(params: &Value) -> Result<i64, ApiError> {
    match &params["chat_id"] {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
    .ok_or_else(|| ApiError::bad_request("chat not found"))
}

fn send_message(shared: &Shared, params: &Value) -> Result<Value, ApiError> {
    let chat = chat_id(params)?;
    let text = params["text"].as_str().unwrap_or_default();
    let markup = params.get("reply_markup").cloned().unwrap_or(Value::Null);
    let buttons = check_outgoing(text, &markup)?;
    let json = {
        let mut state = shared.state.lock().expect("fake state lock");
        let user = state.users.get(&chat).cloned().ok_or_else(|| ApiError::bad_request("chat not found"))?;
        let next = state.next_message_id.entry(chat).or_insert(1);
        let message_id = *next;
        *next += 1;
        let mut json = json!({
            "message_id": message_id, "date": unix_now(), "chat": private_chat(&user), "from": bot_user(), "text": text
        });
        if markup.get("inline_keyboard").is_some() {
            json["reply_markup"] = markup;
        }
        let message = SentMessage {
            message_id,
            chat_id: chat,
            text: text.to_owned(),
            buttons,
            edits: 0,
            sent_at: Instant::now(),
            json: json.clone(),
        };
        state.chats.entry(chat).or_default().push(message);
        json
    };
    shared.chat_changed(chat).notify_waiters();
    Ok(json)
}

fn edit_message(shared: &Shared, params: &Value, with_text: bool) -> Result<Value, ApiError> {
    let chat = chat_id(params)?;
    let message_id = params["message_id"].as_i64().ok_or_else(|| ApiError::bad_request("message to edit not found"))?;
    let markup = params.get("reply_markup").cloned().unwrap_or(Value::Null);
    let json = {
        let mut state = shared.state.lock().expect("fake state lock");
        let message = state
            .chats
            .get_mut(&chat)
            .and_then(|m| m.iter_mut().find(|m| m.message_id == message_id))
            .ok_or_else(|| ApiError::bad_request("message to edit not found"))?;
        let text =
            if with_text { params["text"].as_str().unwrap_or_default().to_owned() } else { message.text.clone() };
        let buttons = check_outgoing(&text, &markup)?;
        if text == message.text && buttons == message.buttons {
            return Err(ApiError::bad_request("message is not modified"));
        }
        message.text = text.clone();
        message.buttons = buttons;
        message.edits += 1;
        message.json["text"] = json!(text);
        match markup.get("inline_keyboard") {
            Some(_) => message.json["reply_markup"] = markup,
            None => {
                if let Some(object) = message.json.as_object_mut() {
                    object.remove("reply_markup");
                }
            }
        }
        message.json.clone()
    };
    shared.chat_changed(chat).notify_waiters();
    Ok(json)
}

fn answer_callback(shared: &Shared, params: &Value) -> Result<Value, ApiError> {
    let id = params["callback_query_id"].as_str().unwrap_or_default().to_owned();
    let text = params["text"].as_str().map(str::to_owned);
    if text.as_ref().is_some_and(|t| t.chars().count() > 200) {
        return Err(ApiError::bad_request("MESSAGE_TOO_LONG"));
    }
    let mut state = shared.state.lock().expect("fake state lock");
    if !state.open_callbacks.contains(&id) || !state.answered_callbacks.insert(id.clone()) {
        return Err(ApiError::bad_request("query is too old and response timeout expired or query ID is invalid"));
    }
    state.callback_answers.push(CallbackAnswer { callback_query_id: id, text });
    Ok(json!(true))
}

fn set_my_commands(shared: &Shared, params: &Value) -> Result<Value, ApiError> {
    let mut commands = Vec::new();
    let list = params["commands"].as_array().cloned().unwrap_or_default();
    if list.len() > 100 {
        return Err(ApiError::bad_request("too many commands"));
    }
    for command in list {
        let name = command["command"].as_str().unwrap_or_default();
        let description = command["description"].as_str().unwrap_or_default();
        let name_ok = (1..=32).contains(&name.len())
            && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !name_ok {
            return Err(ApiError::bad_request("BOT_COMMAND_INVALID"));
        }
        if !(1..=256).contains(&description.chars().count()) {
            return Err(ApiError::bad_request("BOT_COMMAND_DESCRIPTION_INVALID"));
        }
        commands.push((name.to_owned(), description.to_owned()));
    }
    let language_code = params["language_code"].as_str().filter(|l| !l.is_empty()).map(str::to_owned);
    if language_code.as_ref().is_some_and(|l| l.len() != 2) {
        return Err(ApiError::bad_request("LANGUAGE_CODE_INVALID"));
    }
    let scope = params.get("scope").cloned().filter(|s| !s.is_null());
    let mut state = shared.state.lock().expect("fake state lock");
    state.commands.retain(|c| !(c.language_code == language_code && c.scope == scope));
    state.commands.push(CommandSet { language_code, scope, commands });
    Ok(json!(true))
}

fn get_my_commands(shared: &Shared, params: &Value) -> Value {
    let language_code = params["language_code"].as_str().filter(|l| !l.is_empty()).map(str::to_owned);
    let state = shared.state.lock().expect("fake state lock");
    let set = state.commands.iter().find(|c| c.language_code == language_code);
    let commands = set
        .map(|s| s.commands.iter().map(|(c, d)| json!({ "command": c, "description": d })).collect())
        .unwrap_or_default();
    Value::Array(commands)
}
