//! The Bot API methods the fake knows, and Telegram's checks on what the
//! bot sends.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::server::{ApiError, Params};
use crate::{
    Attachment, Button, CallbackAnswer, CommandSet, FileKind, SentMessage, Shared, bot_user, merge, private_chat,
    unix_now,
};

/// Telegram counts lengths in UTF-16 code units: 📋 counts 2.
const MAX_TEXT: usize = 4096;
const MAX_CAPTION: usize = 1024;
const MAX_PHOTO_BYTES: usize = 10 * 1024 * 1024;
const MAX_DOCUMENT_BYTES: usize = 50 * 1024 * 1024;
const MAX_CALLBACK_ANSWER: usize = 200;
const MAX_CALLBACK_DATA_BYTES: usize = 64;
const MAX_BUTTONS: usize = 100;
const MAX_COMMANDS: usize = 100;
const MAX_COMMAND_NAME: usize = 32;
const MAX_COMMAND_DESCRIPTION: usize = 256;

/// Answers one call of `method` (lower case).
pub(crate) async fn call(shared: &Shared, method: &str, request: &Params) -> Result<Value, ApiError> {
    let params = &request.fields;
    match method {
        "getme" => Ok(get_me()),
        "getwebhookinfo" => Ok(json!({ "url": "", "has_custom_certificate": false, "pending_update_count": 0 })),
        "deletewebhook" => Ok(json!(true)),
        "sendchataction" => send_chat_action(shared, params),
        "getupdates" => Ok(get_updates(shared, params).await),
        "sendmessage" => send_message(shared, params),
        "senddocument" => send_file(shared, FileKind::Document, request),
        "sendphoto" => send_file(shared, FileKind::Photo, request),
        "editmessagetext" => edit_message(shared, params, true),
        "editmessagereplymarkup" => edit_message(shared, params, false),
        "answercallbackquery" => answer_callback(shared, params),
        "setmycommands" => set_my_commands(shared, params),
        "getmycommands" => Ok(get_my_commands(shared, params)),
        _ => Err(ApiError::not_found()),
    }
}

/// A length as Telegram counts it.
pub(crate) fn utf16_len(text: &str) -> usize {
    text.encode_utf16().count()
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
            let mut state = shared.state();
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

/// A message text: not blank, at most 4096 UTF-16 units; `too_long` is
/// Telegram's description when it is longer.
fn check_text(text: &str, too_long: &str) -> Result<(), ApiError> {
    if text.trim().is_empty() {
        return Err(ApiError::bad_request("message text is empty"));
    }
    if utf16_len(text) > MAX_TEXT {
        return Err(ApiError::bad_request(too_long));
    }
    Ok(())
}

/// The inline keyboard of `reply_markup`, checked against Telegram's limits
/// (none: no buttons).
fn check_keyboard(markup: &Value) -> Result<Vec<Vec<Button>>, ApiError> {
    let Some(keyboard) = markup.get("inline_keyboard").and_then(Value::as_array) else {
        return Ok(Vec::new());
    };
    let total: usize = keyboard.iter().filter_map(Value::as_array).map(Vec::len).sum();
    if total > MAX_BUTTONS {
        return Err(ApiError::bad_request("too many inline keyboard buttons"));
    }
    keyboard.iter().map(|row| row.as_array().into_iter().flatten().map(check_button).collect()).collect()
}

fn check_button(button: &Value) -> Result<Button, ApiError> {
    let label = button["text"].as_str().unwrap_or_default();
    let data = button["callback_data"].as_str().unwrap_or_default();
    if label.trim().is_empty() {
        return Err(ApiError::bad_request("BUTTON_TEXT_EMPTY"));
    }
    if data.is_empty() || data.len() > MAX_CALLBACK_DATA_BYTES {
        return Err(ApiError::bad_request("BUTTON_DATA_INVALID"));
    }
    Ok(Button { text: label.to_owned(), callback_data: data.to_owned() })
}

fn reply_markup(params: &Value) -> Value {
    params.get("reply_markup").cloned().unwrap_or(Value::Null)
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
    check_text(text, "message is too long")?;
    let markup = reply_markup(params);
    let buttons = check_keyboard(&markup)?;
    deliver(shared, chat, Outgoing { text: text.to_owned(), buttons, markup, attachment: None })
}

/// `sendDocument` or `sendPhoto`: an uploaded file with an optional
/// caption (at most 1024 UTF-16 units) and keyboard.
fn send_file(shared: &Shared, kind: FileKind, request: &Params) -> Result<Value, ApiError> {
    let params = &request.fields;
    let chat = chat_id(params)?;
    let caption = params["caption"].as_str().unwrap_or_default();
    if utf16_len(caption) > MAX_CAPTION {
        return Err(ApiError::bad_request("message caption is too long"));
    }
    let markup = reply_markup(params);
    let buttons = check_keyboard(&markup)?;
    let upload = request.upload(kind.field())?;
    if upload.bytes.is_empty() {
        return Err(ApiError::bad_request("file must be non-empty"));
    }
    if upload.bytes.len() > kind.max_bytes() {
        return Err(ApiError::too_large());
    }
    let attachment = Attachment {
        kind,
        file_name: upload.file_name.clone(),
        mime: upload.mime.clone(),
        bytes: upload.bytes.to_vec(),
    };
    deliver(shared, chat, Outgoing { text: caption.to_owned(), buttons, markup, attachment: Some(attachment) })
}

impl FileKind {
    /// The form field that holds the file.
    fn field(self) -> &'static str {
        match self {
            FileKind::Document => "document",
            FileKind::Photo => "photo",
        }
    }

    fn max_bytes(self) -> usize {
        match self {
            FileKind::Document => MAX_DOCUMENT_BYTES,
            FileKind::Photo => MAX_PHOTO_BYTES,
        }
    }
}

/// A checked message the bot sends.
struct Outgoing {
    /// The text, or a file's caption.
    text: String,
    buttons: Vec<Vec<Button>>,
    markup: Value,
    attachment: Option<Attachment>,
}

impl Outgoing {
    /// The message as Telegram returns it.
    fn json(&self, chat: &Value, message_id: i64) -> Value {
        let mut json = json!({ "message_id": message_id, "date": unix_now(), "chat": chat, "from": bot_user() });
        match &self.attachment {
            None => json["text"] = json!(self.text),
            Some(attachment) => {
                let file_id = format!("fake-file-{}-{message_id}", chat["id"]);
                merge(&mut json, file_json(attachment, &file_id));
                if !self.text.is_empty() {
                    json["caption"] = json!(self.text);
                }
            }
        }
        if self.markup.get("inline_keyboard").is_some() {
            json["reply_markup"] = self.markup.clone();
        }
        json
    }
}

/// A `document`, or a `photo` in one size (the fake does not read images).
fn file_json(attachment: &Attachment, file_id: &str) -> Value {
    let size = attachment.bytes.len();
    let unique = format!("{file_id}-unique");
    match attachment.kind {
        FileKind::Document => {
            let mut document = json!({ "file_id": file_id, "file_unique_id": unique, "file_name": attachment.file_name, "file_size": size });
            if let Some(mime) = &attachment.mime {
                document["mime_type"] = json!(mime);
            }
            json!({ "document": document })
        }
        FileKind::Photo => {
            json!({ "photo": [{ "file_id": file_id, "file_unique_id": unique, "width": 800, "height": 600, "file_size": size }] })
        }
    }
}

/// Puts a message in the user's chat if the chat exists and the sending
/// limits allow; returns it as Telegram does.
fn deliver(shared: &Shared, chat: i64, outgoing: Outgoing) -> Result<Value, ApiError> {
    let json = {
        let mut state = shared.state();
        let user = state.reachable_user(chat)?;
        let now = Instant::now();
        if let Err(retry_after) = state.limiter.try_send(chat, now) {
            state.rate_limited += 1;
            return Err(ApiError::too_many_requests(retry_after));
        }
        state.sends.push((chat, now));
        let message_id = state.next_message_id(chat);
        let json = outgoing.json(&private_chat(&user), message_id);
        let message = SentMessage {
            message_id,
            chat_id: chat,
            text: outgoing.text,
            buttons: outgoing.buttons,
            attachment: outgoing.attachment,
            edited_at: Vec::new(),
            sent_at: now,
            json: json.clone(),
        };
        state.chats.entry(chat).or_default().push(message);
        json
    };
    shared.chat_changed(chat).notify_waiters();
    Ok(json)
}

fn send_chat_action(shared: &Shared, params: &Value) -> Result<Value, ApiError> {
    let chat = chat_id(params)?;
    shared.state().reachable_user(chat)?;
    Ok(json!(true))
}

fn edit_message(shared: &Shared, params: &Value, with_text: bool) -> Result<Value, ApiError> {
    let chat = chat_id(params)?;
    let message_id = params["message_id"].as_i64().ok_or_else(message_to_edit_not_found)?;
    let markup = reply_markup(params);
    let buttons = check_keyboard(&markup)?;
    let json = {
        let mut state = shared.state();
        let message = state
            .chats
            .get_mut(&chat)
            .and_then(|m| m.iter_mut().find(|m| m.message_id == message_id))
            .ok_or_else(message_to_edit_not_found)?;
        let text = if with_text { Some(new_text(params, message)?) } else { None };
        if text.as_ref().is_none_or(|text| *text == message.text) && buttons == message.buttons {
            return Err(ApiError::bad_request(
                "message is not modified: specified new message content and reply markup are exactly the same \
                 as a current content and reply markup of the message",
            ));
        }
        message.edit(text, buttons, markup);
        message.json.clone()
    };
    shared.chat_changed(chat).notify_waiters();
    Ok(json)
}

/// The checked new text of `editMessageText`.
fn new_text(params: &Value, message: &SentMessage) -> Result<String, ApiError> {
    if message.attachment.is_some() {
        return Err(ApiError::bad_request("there is no text in the message to edit"));
    }
    let text = params["text"].as_str().unwrap_or_default();
    check_text(text, "MESSAGE_TOO_LONG")?;
    Ok(text.to_owned())
}

fn message_to_edit_not_found() -> ApiError {
    ApiError::bad_request("message to edit not found")
}

impl SentMessage {
    /// Applies an edit: a new text (`None`: only the keyboard changes).
    fn edit(&mut self, text: Option<String>, buttons: Vec<Vec<Button>>, markup: Value) {
        if let Some(text) = text {
            self.json["text"] = json!(text);
            self.text = text;
        }
        self.buttons = buttons;
        self.edited_at.push(Instant::now());
        match markup.get("inline_keyboard") {
            Some(_) => self.json["reply_markup"] = markup,
            None => {
                if let Some(object) = self.json.as_object_mut() {
                    object.remove("reply_markup");
                }
            }
        }
    }
}

fn answer_callback(shared: &Shared, params: &Value) -> Result<Value, ApiError> {
    let id = params["callback_query_id"].as_str().unwrap_or_default().to_owned();
    let text = params["text"].as_str().map(str::to_owned);
    if text.as_deref().is_some_and(|t| utf16_len(t) > MAX_CALLBACK_ANSWER) {
        return Err(ApiError::bad_request("MESSAGE_TOO_LONG"));
    }
    let mut state = shared.state();
    let Some(open) = state.open_callbacks.iter().position(|open| *open == id) else {
        return Err(ApiError::bad_request("query is too old and response timeout expired or query ID is invalid"));
    };
    state.open_callbacks.remove(open);
    state.callback_answers.push(CallbackAnswer { callback_query_id: id, text });
    Ok(json!(true))
}

fn set_my_commands(shared: &Shared, params: &Value) -> Result<Value, ApiError> {
    let list = params["commands"].as_array().cloned().unwrap_or_default();
    if list.len() > MAX_COMMANDS {
        return Err(ApiError::bad_request("too many commands"));
    }
    let commands = list.iter().map(check_command).collect::<Result<Vec<_>, _>>()?;
    let language_code = language_code(params);
    if language_code.as_ref().is_some_and(|l| l.len() != 2 || !l.bytes().all(|b| b.is_ascii_lowercase())) {
        return Err(ApiError::bad_request("LANGUAGE_CODE_INVALID"));
    }
    let scope = params.get("scope").cloned().filter(|s| !s.is_null());
    let mut state = shared.state();
    state.commands.retain(|c| !(c.language_code == language_code && c.scope == scope));
    state.commands.push(CommandSet { language_code, scope, commands });
    Ok(json!(true))
}

/// A command: 1–32 of `a-z`, `0-9`, `_`, and a description of 1–256 UTF-16 units.
fn check_command(command: &Value) -> Result<(String, String), ApiError> {
    let name = command["command"].as_str().unwrap_or_default();
    let description = command["description"].as_str().unwrap_or_default();
    let name_ok = (1..=MAX_COMMAND_NAME).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if !name_ok {
        return Err(ApiError::bad_request("BOT_COMMAND_INVALID"));
    }
    if !(1..=MAX_COMMAND_DESCRIPTION).contains(&utf16_len(description)) {
        return Err(ApiError::bad_request("BOT_COMMAND_DESCRIPTION_INVALID"));
    }
    Ok((name.to_owned(), description.to_owned()))
}

fn language_code(params: &Value) -> Option<String> {
    params["language_code"].as_str().filter(|l| !l.is_empty()).map(str::to_owned)
}

fn get_my_commands(shared: &Shared, params: &Value) -> Value {
    let language_code = language_code(params);
    let state = shared.state();
    let set = state.commands.iter().find(|c| c.language_code == language_code);
    let commands = set
        .map(|s| s.commands.iter().map(|(c, d)| json!({ "command": c, "description": d })).collect())
        .unwrap_or_default();
    Value::Array(commands)
}
