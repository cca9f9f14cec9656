//! Each check the fake makes: a message just inside WhatsApp's limit is
//! accepted, one that breaks it is refused with Graph's error and recorded
//! as a violation.

mod support;

use serde_json::{Value, json};
use support::{accepted, assert_violations, fake_and_user, refused, send, send_text};

fn buttons(body: &str, titles: &[(&str, &str)]) -> Value {
    let buttons: Vec<Value> =
        titles.iter().map(|(id, title)| json!({ "type": "reply", "reply": { "id": id, "title": title } })).collect();
    json!({ "type": "interactive", "interactive": {
        "type": "button", "body": { "text": body }, "action": { "buttons": buttons } } })
}

fn list(button: &str, rows: Vec<Value>) -> Value {
    json!({ "type": "interactive", "interactive": {
        "type": "list", "body": { "text": "Pilih posyandu" },
        "action": { "button": button, "sections": [{ "title": "Posyandu", "rows": rows }] } } })
}

fn row(id: &str, title: &str, description: Option<&str>) -> Value {
    let mut row = json!({ "id": id, "title": title });
    if let Some(description) = description {
        row["description"] = json!(description);
    }
    row
}

fn rows(count: usize) -> Vec<Value> {
    (0..count).map(|i| row(&format!("p{i}"), &format!("Posyandu {i}"), None)).collect()
}

#[tokio::test]
async fn text_is_1_to_4096_characters() {
    let (fake, _bot, siti) = fake_and_user().await;
    accepted(send_text(&fake, &siti.wa_id, &"a".repeat(4096)).await);
    // 📋 is one character (WhatsApp does not count UTF-16 units).
    accepted(send_text(&fake, &siti.wa_id, &"📋".repeat(4096)).await);
    let error = refused(send_text(&fake, &siti.wa_id, &"a".repeat(4097)).await, 400, 100);
    assert_eq!(error["error_data"]["messaging_product"], "whatsapp");
    assert!(error["error_data"]["details"].as_str().unwrap().contains("at most 4096"), "{error}");
    refused(send_text(&fake, &siti.wa_id, " \n").await, 400, 100);
    refused(send(&fake, &siti.wa_id, json!({ "type": "text" })).await, 400, 100);
    assert_violations(
        &fake,
        &["text['body'] must be at most 4096", "text['body'] is required", "text['body'] is required"],
    );
    assert_eq!(fake.message_count(&siti.wa_id), 2);
}

#[tokio::test]
async fn one_to_three_reply_buttons() {
    let (fake, _bot, siti) = fake_and_user().await;
    let three = [("ya", "Ya"), ("tidak", "Tidak"), ("nanti", "Nanti")];
    accepted(send(&fake, &siti.wa_id, buttons("Hadir?", &three)).await);
    let four = [("a", "A"), ("b", "B"), ("c", "C"), ("d", "D")];
    refused(send(&fake, &siti.wa_id, buttons("Hadir?", &four)).await, 400, 131_009);
    refused(send(&fake, &siti.wa_id, buttons("Hadir?", &[])).await, 400, 131_009);
    assert_violations(&fake, &["(#131009) Parameter value is not valid: Invalid buttons count"; 2]);
    assert_eq!(fake.last_button_ids(&siti.wa_id), ["ya", "tidak", "nanti"]);
}

#[tokio::test]
async fn button_titles_are_1_to_20_characters_and_ids_up_to_256() {
    let (fake, _bot, siti) = fake_and_user().await;
    let title = "Sudah lapor bulan in"; // 20
    accepted(send(&fake, &siti.wa_id, buttons("Status?", &[("s", title)])).await);
    accepted(send(&fake, &siti.wa_id, buttons("Status?", &[("s", "✅✅✅✅✅✅✅✅✅✅✅✅✅✅✅✅✅✅✅✅")])).await);
    refused(send(&fake, &siti.wa_id, buttons("Status?", &[("s", "Sudah lapor bulan ini")])).await, 400, 131_009);
    refused(send(&fake, &siti.wa_id, buttons("Status?", &[("s", " ")])).await, 400, 131_009);
    accepted(send(&fake, &siti.wa_id, buttons("Status?", &[(&"i".repeat(256), "Ya")])).await);
    refused(send(&fake, &siti.wa_id, buttons("Status?", &[(&"i".repeat(257), "Ya")])).await, 400, 100);
    assert_violations(&fake, &["Button title length invalid", "Button title length invalid", "must be at most 256"]);
}

#[tokio::test]
async fn a_button_body_is_1_to_1024_characters() {
    let (fake, _bot, siti) = fake_and_user().await;
    accepted(send(&fake, &siti.wa_id, buttons(&"b".repeat(1024), &[("y", "Ya")])).await);
    refused(send(&fake, &siti.wa_id, buttons(&"b".repeat(1025), &[("y", "Ya")])).await, 400, 100);
    refused(send(&fake, &siti.wa_id, buttons("", &[("y", "Ya")])).await, 400, 100);
    assert_violations(&fake, &["must be at most 1024", "interactive['body']['text'] is required"]);
}

#[tokio::test]
async fn button_ids_and_titles_are_unique() {
    let (fake, _bot, siti) = fake_and_user().await;
    refused(send(&fake, &siti.wa_id, buttons("?", &[("y", "Ya"), ("y", "Tidak")])).await, 400, 131_009);
    refused(send(&fake, &siti.wa_id, buttons("?", &[("y", "Ya"), ("n", "Ya")])).await, 400, 131_009);
    assert_violations(&fake, &["Duplicate button id: \"y\"", "Duplicate button title: \"Ya\""]);
    assert_eq!(fake.message_count(&siti.wa_id), 0);
}

#[tokio::test]
async fn a_list_has_1_to_10_rows_in_all() {
    let (fake, _bot, siti) = fake_and_user().await;
    accepted(send(&fake, &siti.wa_id, list("Pilih", rows(10))).await);
    refused(send(&fake, &siti.wa_id, list("Pilih", rows(11))).await, 400, 131_009);
    // Six rows and five in two sections are over ten in all.
    let mut two_sections = list("Pilih", rows(6));
    let second: Vec<Value> = (6..11).map(|i| row(&format!("p{i}"), "Lain", None)).collect();
    two_sections["interactive"]["action"]["sections"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "title": "Lainnya", "rows": second }));
    two_sections["interactive"]["action"]["sections"][0]["title"] = json!("Posyandu");
    refused(send(&fake, &siti.wa_id, two_sections).await, 400, 131_009);
    refused(send(&fake, &siti.wa_id, list("Pilih", Vec::new())).await, 400, 131_009);
    assert_violations(
        &fake,
        &["Total row count exceed max allowed count: 10, got 11", "got 11", "Each section needs at least 1 row"],
    );
    let listed = fake.last_message(&siti.wa_id).unwrap();
    assert_eq!(listed.list_button.as_deref(), Some("Pilih"));
    assert_eq!(listed.row_ids().len(), 10);
}

#[tokio::test]
async fn row_titles_24_descriptions_72_ids_200() {
    let (fake, _bot, siti) = fake_and_user().await;
    let title = "Posyandu Mawar Merah 123"; // 24
    let description = "d".repeat(72);
    accepted(send(&fake, &siti.wa_id, list("Pilih", vec![row(&"r".repeat(200), title, Some(&description))])).await);
    refused(send(&fake, &siti.wa_id, list("Pilih", vec![row("r", &format!("{title}4"), None)])).await, 400, 131_009);
    refused(send(&fake, &siti.wa_id, list("Pilih", vec![row("r", "Mawar", Some(&"d".repeat(73)))])).await, 400, 100);
    refused(send(&fake, &siti.wa_id, list("Pilih", vec![row(&"r".repeat(201), "Mawar", None)])).await, 400, 100);
    let rows = fake.last_rows(&siti.wa_id);
    assert_eq!(rows[0].title, title);
    assert_eq!(rows[0].description.as_deref(), Some(description.as_str()));
    assert_violations(&fake, &["Row title length invalid", "must be at most 72", "must be at most 200"]);
}

#[tokio::test]
async fn row_ids_are_unique_and_the_list_button_is_1_to_20() {
    let (fake, _bot, siti) = fake_and_user().await;
    refused(
        send(&fake, &siti.wa_id, list("Pilih", vec![row("a", "A", None), row("a", "B", None)])).await,
        400,
        131_009,
    );
    accepted(send(&fake, &siti.wa_id, list(&"L".repeat(20), rows(2))).await);
    refused(send(&fake, &siti.wa_id, list(&"L".repeat(21), rows(2))).await, 400, 100);
    refused(send(&fake, &siti.wa_id, list("", rows(2))).await, 400, 100);
    assert_violations(&fake, &["Duplicate row id: \"a\"", "must be at most 20", "['action']['button'] is required"]);
}

#[tokio::test]
async fn a_request_must_name_whatsapp_and_a_recipient() {
    let (fake, _bot, siti) = fake_and_user().await;
    let text = json!({ "type": "text", "text": { "body": "Halo" } });
    let mut no_product = text.clone();
    no_product["to"] = json!(siti.wa_id);
    refused(support::post(&fake, "messages", no_product).await, 400, 100);
    let mut no_recipient = text.clone();
    no_recipient["messaging_product"] = json!("whatsapp");
    refused(support::post(&fake, "messages", no_recipient).await, 400, 100);
    refused(send_text(&fake, "not-a-number", "Halo").await, 400, 100);
    refused(send(&fake, &siti.wa_id, json!({ "type": "sticker", "sticker": { "id": "1" } })).await, 400, 100);
    assert_violations(&fake, &["messaging_product is required", "to is required", "valid phone number", "\"sticker\""]);
}
