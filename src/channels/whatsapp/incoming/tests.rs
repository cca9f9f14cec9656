use serde_json::json;

use super::*;

const OURS: &str = "106540352242922";

fn notification(phone_number_id: &str, messages: serde_json::Value, statuses: serde_json::Value) -> Notification {
    serde_json::from_value(json!({
        "object": "whatsapp_business_account",
        "entry": [{ "id": "1", "changes": [{ "field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": { "display_phone_number": "6281100001234", "phone_number_id": phone_number_id },
            "contacts": [{ "profile": { "name": "Siti Aminah" }, "wa_id": "6281234500001" }],
            "messages": messages,
            "statuses": statuses,
        }}]}]
    }))
    .unwrap()
}

fn message(fields: serde_json::Value) -> serde_json::Value {
    let mut message = json!({ "from": "6281234500001", "id": "wamid.A1", "timestamp": "1763000000" });
    message.as_object_mut().unwrap().extend(fields.as_object().unwrap().clone());
    message
}

fn input(fields: serde_json::Value) -> Input {
    let mut events = notification(OURS, json!([message(fields)]), json!([])).events(OURS);
    events.messages.remove(0).incoming.input
}

#[test]
fn messages_become_the_same_inputs_as_on_telegram() {
    assert_eq!(input(json!({ "type": "text", "text": { "body": "lapor" } })), Input::Text("lapor".into()));
    let tap = json!({ "type": "interactive", "context": { "id": "wamid.B" },
                      "interactive": { "type": "button_reply", "button_reply": { "id": "send", "title": "📤 Kirim" } } });
    assert_eq!(input(tap.clone()), Input::Tap("send".into()));
    let row = json!({ "type": "interactive",
                      "interactive": { "type": "list_reply", "list_reply": { "id": "pos:2", "title": "Mawar" } } });
    assert_eq!(input(row), Input::Tap("pos:2".into()));
    let quick = json!({ "type": "button", "button": { "text": "Hadir", "payload": "rsvp:3:y" } });
    assert_eq!(input(quick), Input::Tap("rsvp:3:y".into()));
    let at = json!({ "type": "location", "location": { "latitude": -2.5, "longitude": 120.3 } });
    assert_eq!(input(at), Input::Location { latitude: -2.5, longitude: 120.3 });
    for other in [
        json!({ "type": "sticker", "sticker": { "id": "1" } }),
        json!({ "type": "text" }),
        json!({ "type": "interactive", "interactive": { "type": "nfm_reply" } }),
    ] {
        assert_eq!(input(other), Input::Unsupported);
    }

    let events = notification(OURS, json!([message(tap)]), json!([])).events(OURS);
    let incoming = &events.messages[0].incoming;
    assert_eq!((incoming.update_id.as_str(), incoming.chat_id.as_str()), ("wamid.A1", "6281234500001"));
    assert_eq!(incoming.profile_name.as_deref(), Some("Siti Aminah"));
    assert_eq!(incoming.tapped.as_deref(), Some("wamid.B"));
    assert_eq!(incoming.channel, Channel::WhatsApp);
}

#[test]
fn statuses_are_read_and_other_numbers_left_alone() {
    let statuses = json!([
        { "id": "wamid.S1", "status": "delivered", "recipient_id": "6281234500001" },
        { "id": "wamid.S2", "status": "failed", "recipient_id": "6281234500001",
          "errors": [{ "code": 131026, "title": "Message undeliverable" }] },
        { "id": "wamid.S3", "status": "deleted", "recipient_id": "6281234500001" },
    ]);
    let events = notification(OURS, json!([]), statuses.clone()).events(OURS);
    assert_eq!(
        events.statuses,
        [("wamid.S1".to_owned(), Delivery::Delivered), ("wamid.S2".to_owned(), Delivery::Failed(131026))]
    );
    let text = message(json!({ "type": "text", "text": { "body": "hai" } }));
    let elsewhere = notification("999", json!([text]), statuses).events(OURS);
    assert!(elsewhere.messages.is_empty() && elsewhere.statuses.is_empty());
}

#[test]
fn an_unreadable_message_or_status_is_skipped_and_the_others_kept() {
    let siti = message(json!({ "type": "text", "text": { "body": "lapor" } }));
    let broken = json!({ "from": "6281234500002", "id": "wamid.A2", "type": "location",
                         "location": { "latitude": "dekat balai desa" } });
    let nameless = json!({ "id": "wamid.A3", "type": "text", "text": { "body": "halo" } });
    let statuses = json!([
        { "status": "delivered" },
        { "id": "wamid.S1", "status": "read", "recipient_id": "6281234500001" },
    ]);
    let events = notification(OURS, json!([broken, siti, nameless]), statuses).events(OURS);
    let read: Vec<(&str, &Input)> =
        events.messages.iter().map(|m| (m.incoming.update_id.as_str(), &m.incoming.input)).collect();
    assert_eq!(read, [("wamid.A1", &Input::Text("lapor".into()))]);
    assert_eq!(events.statuses, [("wamid.S1".to_owned(), Delivery::Read)]);
}
