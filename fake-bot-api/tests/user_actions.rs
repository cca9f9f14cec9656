//! What the simulated user does, as the bot sees it through getUpdates.

mod support;

use serde_json::json;
use support::{accepted, call, fake_and_user};

#[tokio::test]
async fn a_user_edits_a_text_they_sent() {
    let (fake, user) = fake_and_user().await;
    let sent = fake.push_text(&user, "45");
    let message_id = fake.message_id_of(sent).expect("a message");
    let edited = fake.push_edited_text(&user, message_id, "54");
    assert_eq!(fake.message_id_of(edited), Some(message_id));

    let updates = accepted(call(&fake, "getUpdates", json!({})).await);
    assert_eq!(updates[0]["message"]["text"], "45");
    let edit = &updates[1];
    assert_eq!(edit["update_id"], edited);
    assert!(edit.get("message").is_none());
    let message = &edit["edited_message"];
    assert_eq!((&message["message_id"], &message["text"]), (&json!(message_id), &json!("54")));
    assert_eq!(message["chat"]["id"], user.id);
    assert!(message["edit_date"].as_u64().is_some());
}

#[tokio::test]
#[should_panic(expected = "sent no text message 7")]
async fn only_a_message_the_user_sent_can_be_edited() {
    let (fake, user) = fake_and_user().await;
    fake.push_text(&user, "45");
    fake.push_edited_text(&user, 7, "54");
}

#[tokio::test]
async fn user_and_bot_messages_share_a_chats_ids() {
    let (fake, user) = fake_and_user().await;
    let first = fake.push_text(&user, "/start");
    let reply = accepted(call(&fake, "sendMessage", json!({ "chat_id": user.id, "text": "Halo" })).await);
    let second = fake.push_text(&user, "/lapor");
    assert_eq!(fake.message_id_of(first), Some(1));
    assert_eq!(reply["message_id"], 2);
    assert_eq!(fake.message_id_of(second), Some(3));
}

#[tokio::test]
async fn taps_stay_unanswered_until_the_bot_answers() {
    let (fake, user) = fake_and_user().await;
    accepted(call(&fake, "sendMessage", json!({ "chat_id": user.id, "text": "Halo" })).await);
    fake.push_callback(&user, 1, "a");
    fake.push_callback(&user, 1, "b");
    let open = fake.unanswered_callbacks();
    assert_eq!(open.len(), 2);
    accepted(call(&fake, "answerCallbackQuery", json!({ "callback_query_id": open[1] })).await);
    assert_eq!(fake.unanswered_callbacks(), vec![open[0].clone()]);
    accepted(call(&fake, "answerCallbackQuery", json!({ "callback_query_id": open[0] })).await);
    assert!(fake.unanswered_callbacks().is_empty());
    assert!(fake.violations().is_empty());
}
