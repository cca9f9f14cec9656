//! `sendDocument` and `sendPhoto` with `multipart/form-data`, as teloxide
//! uploads files.

mod support;

use fake_bot_api::{FakeBotApi, FileKind, Limits, Rate};
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use support::{TOKEN, accepted, assert_violations, call, fake_and_user, refused};

async fn upload(fake: &FakeBotApi, method: &str, form: Form) -> (u16, Value) {
    let url = format!("{}/bot{TOKEN}/{method}", fake.url());
    let response = reqwest::Client::new().post(url).multipart(form).send().await.expect("the fake answers");
    (response.status().as_u16(), response.json().await.expect("a JSON answer"))
}

/// A PDF for chat 1001, the way teloxide sends it: the field says
/// `attach://<part>` and the file is that part, without a Content-Type.
fn teloxide_document(caption: &str) -> Form {
    Form::new()
        .text("chat_id", "1001")
        .text("document", "attach://f00d")
        .text("caption", caption.to_owned())
        .part("f00d", Part::bytes(b"%PDF-1.4 laporan".to_vec()).file_name("laporan-oktober.pdf"))
}

#[tokio::test]
async fn a_document_with_caption_and_keyboard() {
    let (fake, user) = fake_and_user().await;
    let keyboard = json!({ "inline_keyboard": [[{ "text": "Unduh lagi", "callback_data": "again" }]] });
    let file = Part::bytes(b"id,nama\n1,Siti\n".to_vec()).file_name("rekap.csv").mime_str("text/csv").unwrap();
    let form = Form::new()
        .text("chat_id", user.id.to_string())
        .text("caption", "Rekap Oktober 📋")
        .text("reply_markup", keyboard.to_string())
        .part("document", file);
    let message = accepted(upload(&fake, "sendDocument", form).await);
    assert_eq!(message["caption"], "Rekap Oktober 📋");
    assert_eq!(message["document"]["file_name"], "rekap.csv");
    assert_eq!(message["document"]["mime_type"], "text/csv");
    assert_eq!(message["document"]["file_size"], 15);
    assert!(message.get("text").is_none());

    let sent = &fake.messages(user.id)[0];
    let attachment = sent.attachment.as_ref().expect("a file");
    assert_eq!((attachment.kind, attachment.file_name.as_str()), (FileKind::Document, "rekap.csv"));
    assert_eq!(
        (attachment.mime.as_deref(), attachment.bytes.as_slice()),
        (Some("text/csv"), &b"id,nama\n1,Siti\n"[..])
    );
    assert_eq!(sent.text, "Rekap Oktober 📋");
    assert_eq!(sent.buttons[0][0].callback_data, "again");
    assert_eq!(fake.find_button(user.id, "Unduh"), Some((sent.message_id, "again".to_owned())));
    assert!(fake.violations().is_empty());
}

#[tokio::test]
async fn files_attached_the_teloxide_way() {
    let (fake, user) = fake_and_user().await;
    accepted(upload(&fake, "sendDocument", teloxide_document("")).await);
    let photo = Form::new()
        .text("chat_id", user.id.to_string())
        .text("photo", "attach://beef")
        .part("beef", Part::bytes(vec![0xff, 0xd8, 0xff]).file_name("grafik.jpg"));
    let message = accepted(upload(&fake, "sendPhoto", photo).await);
    assert_eq!(message["photo"][0]["file_size"], 3);

    let messages = fake.messages(user.id);
    let document = messages[0].attachment.as_ref().unwrap();
    assert_eq!((document.file_name.as_str(), document.mime.as_deref()), ("laporan-oktober.pdf", None));
    assert_eq!(messages[0].text, "");
    assert_eq!(messages[1].attachment.as_ref().unwrap().kind, FileKind::Photo);
    assert_eq!(fake.sends().len(), 2);
}

#[tokio::test]
async fn a_caption_is_at_most_1024_utf16_units() {
    let (fake, _) = fake_and_user().await;
    accepted(upload(&fake, "sendDocument", teloxide_document(&"📋".repeat(512))).await);
    let too_long = "📋".repeat(513);
    assert!(too_long.chars().count() <= 1024);
    refused(
        upload(&fake, "sendDocument", teloxide_document(&too_long)).await,
        400,
        "Bad Request: message caption is too long",
    );
    assert_violations(&fake, &["senddocument: Bad Request: message caption is too long"]);
}

#[tokio::test]
async fn the_file_must_be_uploaded_and_not_empty() {
    let (fake, user) = fake_and_user().await;
    let chat = || Form::new().text("chat_id", user.id.to_string());
    refused(upload(&fake, "sendDocument", chat()).await, 400, "Bad Request: there is no document in the request");
    let by_id = chat().text("document", "BQACAgIAAxkBAAE");
    refused(upload(&fake, "sendDocument", by_id).await, 400, "Bad Request: wrong file identifier/HTTP URL specified");
    let empty = chat().part("photo", Part::bytes(Vec::new()).file_name("kosong.jpg"));
    refused(upload(&fake, "sendPhoto", empty).await, 400, "Bad Request: file must be non-empty");
    let by_json = json!({ "chat_id": user.id, "document": "https://example.org/a.pdf" });
    refused(call(&fake, "sendDocument", by_json).await, 400, "Bad Request: wrong file identifier/HTTP URL specified");
    let broken_keyboard = teloxide_document("").text("reply_markup", "{");
    refused(
        upload(&fake, "sendDocument", broken_keyboard).await,
        400,
        "Bad Request: can't parse reply keyboard markup JSON object",
    );
    assert_eq!(fake.violations().len(), 5);
    assert_eq!(fake.message_count(user.id), 0);
}

#[tokio::test]
async fn a_photo_is_at_most_10_mb() {
    let (fake, user) = fake_and_user().await;
    let photo = |size: usize| {
        let part = Part::bytes(vec![0u8; size]).file_name("foto.jpg");
        Form::new().text("chat_id", user.id.to_string()).part("photo", part)
    };
    accepted(upload(&fake, "sendPhoto", photo(10 * 1024 * 1024)).await);
    refused(upload(&fake, "sendPhoto", photo(10 * 1024 * 1024 + 1)).await, 413, "Request Entity Too Large");
    assert_violations(&fake, &["sendphoto: Request Entity Too Large"]);
}

#[tokio::test]
async fn a_file_message_has_no_text_to_edit() {
    let (fake, user) = fake_and_user().await;
    let keyboard = json!({ "inline_keyboard": [[{ "text": "Ya", "callback_data": "yes" }]] });
    let form = teloxide_document("Laporan").text("reply_markup", keyboard.to_string());
    let id = accepted(upload(&fake, "sendDocument", form).await)["message_id"].clone();
    let text = json!({ "chat_id": user.id, "message_id": id, "text": "Halo" });
    refused(call(&fake, "editMessageText", text).await, 400, "Bad Request: there is no text in the message to edit");
    let edited = accepted(call(&fake, "editMessageReplyMarkup", json!({ "chat_id": user.id, "message_id": id })).await);
    assert_eq!(edited["caption"], "Laporan");
    assert!(edited.get("reply_markup").is_none() && edited.get("text").is_none());
    assert_violations(&fake, &["there is no text in the message to edit"]);
}

#[tokio::test]
async fn files_count_towards_the_limits_and_blocks() {
    let (fake, user) = fake_and_user().await;
    fake.set_limits(Limits { global: None, per_chat: Some(Rate { per_sec: 0.5, burst: 1 }) });
    accepted(call(&fake, "sendMessage", json!({ "chat_id": user.id, "text": "Ini laporannya" })).await);
    let answer =
        refused(upload(&fake, "sendDocument", teloxide_document("")).await, 429, "Too Many Requests: retry after 2");
    assert_eq!(answer["parameters"]["retry_after"], 2);

    fake.set_limits(Limits::unlimited());
    fake.block_user(user.id);
    refused(upload(&fake, "sendDocument", teloxide_document("")).await, 403, "Forbidden: bot was blocked by the user");
    assert_eq!((fake.rate_limited(), fake.forbidden().len()), (1, 1));
    assert!(fake.violations().is_empty());
}
