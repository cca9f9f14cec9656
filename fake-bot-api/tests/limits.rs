//! Each check the fake makes: a request just inside the limit is accepted,
//! one that breaks it is refused as Telegram refuses it and recorded as a
//! violation.

mod support;

use serde_json::{Value, json};
use support::{TOKEN, accepted, assert_violations, call, fake_and_user, refused};

fn keyboard(buttons: Vec<Value>) -> Value {
    json!({ "inline_keyboard": [buttons] })
}

fn button(label: &str, data: &str) -> Value {
    json!({ "text": label, "callback_data": data })
}

#[tokio::test]
async fn text_length_is_counted_in_utf16_units() {
    let (fake, user) = fake_and_user().await;
    let send = |text: String| call(&fake, "sendMessage", json!({ "chat_id": user.id, "text": text }));
    accepted(send("a".repeat(4096)).await);
    refused(send("a".repeat(4097)).await, 400, "Bad Request: message is too long");
    // 📋 is one char but two UTF-16 units.
    accepted(send("📋".repeat(2048)).await);
    let emoji = "📋".repeat(2049);
    assert!(emoji.chars().count() <= 4096);
    refused(send(emoji).await, 400, "Bad Request: message is too long");
    assert_violations(&fake, &["sendmessage: Bad Request: message is too long"; 2]);
    assert_eq!(fake.message_count(user.id), 2);
}

#[tokio::test]
async fn empty_text_is_refused() {
    let (fake, user) = fake_and_user().await;
    accepted(call(&fake, "sendMessage", json!({ "chat_id": user.id, "text": "." })).await);
    refused(
        call(&fake, "sendMessage", json!({ "chat_id": user.id, "text": " \n" })).await,
        400,
        "Bad Request: message text is empty",
    );
    refused(call(&fake, "sendMessage", json!({ "chat_id": user.id })).await, 400, "Bad Request: message text is empty");
    assert_violations(&fake, &["message text is empty"; 2]);
}

#[tokio::test]
async fn callback_data_is_1_to_64_bytes() {
    let (fake, user) = fake_and_user().await;
    let send = |data: String| {
        let markup = keyboard(vec![button("Ya", &data)]);
        call(&fake, "sendMessage", json!({ "chat_id": user.id, "text": "Benar?", "reply_markup": markup }))
    };
    accepted(send("é".repeat(32)).await);
    refused(send(format!("{}a", "é".repeat(32))).await, 400, "Bad Request: BUTTON_DATA_INVALID");
    refused(send(String::new()).await, 400, "Bad Request: BUTTON_DATA_INVALID");
    assert_violations(&fake, &["BUTTON_DATA_INVALID"; 2]);
}

#[tokio::test]
async fn a_button_needs_a_label() {
    let (fake, user) = fake_and_user().await;
    let send = |label: &'static str| {
        let markup = keyboard(vec![button(label, "x")]);
        call(&fake, "sendMessage", json!({ "chat_id": user.id, "text": "Pilih", "reply_markup": markup }))
    };
    accepted(send("✓").await);
    refused(send(" ").await, 400, "Bad Request: BUTTON_TEXT_EMPTY");
    assert_violations(&fake, &["BUTTON_TEXT_EMPTY"]);
}

#[tokio::test]
async fn at_most_100_buttons() {
    let (fake, user) = fake_and_user().await;
    let send = |count: usize| {
        let rows: Vec<Value> = (0..count).map(|i| json!([button(&i.to_string(), &i.to_string())])).collect();
        let markup = json!({ "inline_keyboard": rows });
        call(&fake, "sendMessage", json!({ "chat_id": user.id, "text": "Pilih", "reply_markup": markup }))
    };
    let message = accepted(send(100).await);
    assert_eq!(message["reply_markup"]["inline_keyboard"].as_array().unwrap().len(), 100);
    refused(send(101).await, 400, "Bad Request: too many inline keyboard buttons");
    assert_violations(&fake, &["too many inline keyboard buttons"]);
}

#[tokio::test]
async fn an_unknown_chat_is_refused() {
    let (fake, user) = fake_and_user().await;
    accepted(call(&fake, "sendMessage", json!({ "chat_id": user.id.to_string(), "text": "Halo" })).await);
    refused(
        call(&fake, "sendMessage", json!({ "chat_id": 999, "text": "Halo" })).await,
        400,
        "Bad Request: chat not found",
    );
    refused(call(&fake, "sendMessage", json!({ "text": "Halo" })).await, 400, "Bad Request: chat not found");
    assert_violations(&fake, &["chat not found"; 2]);
}

#[tokio::test]
async fn only_existing_messages_can_be_edited() {
    let (fake, user) = fake_and_user().await;
    let sent = accepted(call(&fake, "sendMessage", json!({ "chat_id": user.id, "text": "Halo" })).await);
    let id = sent["message_id"].as_i64().unwrap();
    let edit = |message_id: i64| {
        call(&fake, "editMessageText", json!({ "chat_id": user.id, "message_id": message_id, "text": "Halo lagi" }))
    };
    let edited = accepted(edit(id).await);
    assert_eq!(edited["text"], "Halo lagi");
    refused(edit(id + 1).await, 400, "Bad Request: message to edit not found");
    assert_violations(&fake, &["message to edit not found"]);
    assert_eq!(fake.messages(user.id)[0].edited_at.len(), 1);
}

#[tokio::test]
async fn an_edit_must_change_something() {
    let (fake, user) = fake_and_user().await;
    let markup = keyboard(vec![button("Ya", "yes")]);
    let sent = accepted(
        call(&fake, "sendMessage", json!({ "chat_id": user.id, "text": "Benar?", "reply_markup": markup })).await,
    );
    let id = sent["message_id"].as_i64().unwrap();
    let same = json!({ "chat_id": user.id, "message_id": id, "text": "Benar?", "reply_markup": markup });
    refused(
        call(&fake, "editMessageText", same).await,
        400,
        "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as \
         a current content and reply markup of the message",
    );
    // Removing the keyboard is a change.
    accepted(call(&fake, "editMessageReplyMarkup", json!({ "chat_id": user.id, "message_id": id })).await);
    assert!(fake.messages(user.id)[0].buttons.is_empty());
    assert_violations(&fake, &["message is not modified"]);
}

#[tokio::test]
async fn an_edited_text_is_checked_like_a_new_one() {
    let (fake, user) = fake_and_user().await;
    accepted(call(&fake, "sendMessage", json!({ "chat_id": user.id, "text": "Halo" })).await);
    let edit =
        |text: String| call(&fake, "editMessageText", json!({ "chat_id": user.id, "message_id": 1, "text": text }));
    accepted(edit("📋".repeat(2048)).await);
    refused(edit("📋".repeat(2049)).await, 400, "Bad Request: MESSAGE_TOO_LONG");
    refused(edit(String::new()).await, 400, "Bad Request: message text is empty");
    assert_violations(&fake, &["MESSAGE_TOO_LONG", "message text is empty"]);
}

#[tokio::test]
async fn a_callback_query_is_answered_once() {
    let (fake, user) = fake_and_user().await;
    fake.push_callback(&user, 1, "yes");
    let query = fake.unanswered_callbacks().pop().expect("an open query");
    let answer = || call(&fake, "answerCallbackQuery", json!({ "callback_query_id": query }));
    accepted(answer().await);
    let invalid = "Bad Request: query is too old and response timeout expired or query ID is invalid";
    refused(answer().await, 400, invalid);
    refused(call(&fake, "answerCallbackQuery", json!({ "callback_query_id": "cbq-unknown" })).await, 400, invalid);
    assert_violations(&fake, &["query ID is invalid"; 2]);
    assert_eq!(fake.callback_answers().len(), 1);
}

#[tokio::test]
async fn a_callback_answer_text_is_at_most_200_units() {
    let (fake, user) = fake_and_user().await;
    fake.push_callback(&user, 1, "yes");
    let query = fake.unanswered_callbacks().pop().expect("an open query");
    let answer = |text: String| call(&fake, "answerCallbackQuery", json!({ "callback_query_id": query, "text": text }));
    refused(answer("📋".repeat(101)).await, 400, "Bad Request: MESSAGE_TOO_LONG");
    // Still open: the refused answer did not count.
    accepted(answer("📋".repeat(100)).await);
    assert_violations(&fake, &["MESSAGE_TOO_LONG"]);
}

#[tokio::test]
async fn bot_commands_follow_telegrams_rules() {
    let (fake, _) = fake_and_user().await;
    let set = |name: &str, description: String, language: &str| {
        let commands = json!([{ "command": name, "description": description }]);
        call(&fake, "setMyCommands", json!({ "commands": commands, "language_code": language }))
    };
    accepted(set(&"a_1".repeat(10), "📋".repeat(128), "id").await);
    accepted(set("lapor", "Lapor".into(), "").await);
    refused(set(&"a".repeat(33), "Lapor".into(), "id").await, 400, "Bad Request: BOT_COMMAND_INVALID");
    refused(set("Lapor", "Lapor".into(), "id").await, 400, "Bad Request: BOT_COMMAND_INVALID");
    refused(set("", "Lapor".into(), "id").await, 400, "Bad Request: BOT_COMMAND_INVALID");
    refused(set("lapor", String::new(), "id").await, 400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID");
    refused(set("lapor", "📋".repeat(129), "id").await, 400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID");
    refused(set("lapor", "Lapor".into(), "ind").await, 400, "Bad Request: LANGUAGE_CODE_INVALID");
    refused(set("lapor", "Lapor".into(), "ID").await, 400, "Bad Request: LANGUAGE_CODE_INVALID");
    let too_many: Vec<Value> = (0..101).map(|i| json!({ "command": format!("c{i}"), "description": "d" })).collect();
    refused(call(&fake, "setMyCommands", json!({ "commands": too_many })).await, 400, "Bad Request: too many commands");
    assert_eq!(fake.commands().len(), 2);
    assert_violations(
        &fake,
        &[
            "BOT_COMMAND_INVALID",
            "BOT_COMMAND_INVALID",
            "BOT_COMMAND_INVALID",
            "BOT_COMMAND_DESCRIPTION_INVALID",
            "BOT_COMMAND_DESCRIPTION_INVALID",
            "LANGUAGE_CODE_INVALID",
            "LANGUAGE_CODE_INVALID",
            "too many commands",
        ],
    );
}

#[tokio::test]
async fn an_unknown_method_is_not_found() {
    let (fake, _) = fake_and_user().await;
    accepted(call(&fake, "getMe", json!({})).await);
    refused(call(&fake, "sendTelepathy", json!({})).await, 404, "Not Found");
    assert_violations(&fake, &["sendtelepathy: Not Found"]);
}

#[tokio::test]
async fn a_wrong_token_is_unauthorized() {
    let (fake, _) = fake_and_user().await;
    let url = format!("{}/bot{TOKEN}x/getMe", fake.url());
    let response = reqwest::Client::new().post(url).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 401);
    let answer: Value = response.json().await.unwrap();
    assert_eq!(answer, json!({ "ok": false, "error_code": 401, "description": "Unauthorized" }));
    assert_violations(&fake, &["getme: Unauthorized"]);
}

#[tokio::test]
async fn a_body_that_is_not_json_is_refused() {
    let (fake, _) = fake_and_user().await;
    let url = format!("{}/bot{TOKEN}/getMe", fake.url());
    let response = reqwest::Client::new().post(url).body("{").send().await.unwrap();
    assert_eq!(response.status().as_u16(), 400);
    assert_violations(&fake, &["can't parse JSON"]);
}
