//! What users do, as the bot's webhook receives it: payloads in Meta's
//! shape, signed with the app secret, and forged or replayed posts.

mod support;

use fake_graph_api::{BUSINESS_ACCOUNT_ID, DISPLAY_PHONE_NUMBER, PHONE_NUMBER_ID, Signature};
use serde_json::{Value, json};
use support::{VERIFY_TOKEN, accepted, fake_and_user, send};

#[tokio::test]
async fn a_text_arrives_signed_in_metas_shape() {
    let (fake, bot, siti) = fake_and_user().await;
    let sent = fake.send_text(&siti, "DAFTAR KBRT-7HMX").await;
    assert_eq!(sent.status, 200, "the bot's own HMAC check accepts the signature");
    let body = bot.received().pop().unwrap();
    assert_eq!(body["object"], "whatsapp_business_account");
    assert_eq!(body["entry"][0]["id"], BUSINESS_ACCOUNT_ID);
    let change = &body["entry"][0]["changes"][0];
    assert_eq!(change["field"], "messages");
    let value = &change["value"];
    assert_eq!(value["messaging_product"], "whatsapp");
    assert_eq!(
        value["metadata"],
        json!({ "display_phone_number": DISPLAY_PHONE_NUMBER, "phone_number_id": PHONE_NUMBER_ID })
    );
    assert_eq!(value["contacts"], json!([{ "profile": { "name": "Siti" }, "wa_id": siti.wa_id }]));
    let message = &value["messages"][0];
    assert_eq!(message["from"], siti.wa_id);
    assert_eq!(message["id"], sent.wamid);
    assert_eq!(message["type"], "text");
    assert_eq!(message["text"]["body"], "DAFTAR KBRT-7HMX");
    let timestamp: u64 = message["timestamp"].as_str().unwrap().parse().unwrap();
    assert!(timestamp > 1_700_000_000);
}

#[tokio::test]
async fn a_tap_names_the_button_and_the_message_tapped() {
    let (fake, bot, siti) = fake_and_user().await;
    let question = accepted(
        send(
            &fake,
            &siti.wa_id,
            json!({ "type": "interactive", "interactive": {
            "type": "button", "body": { "text": "Hadir rapat?" },
            "action": { "buttons": [
                { "type": "reply", "reply": { "id": "rsvp:7:yes", "title": "Hadir" } },
                { "type": "reply", "reply": { "id": "rsvp:7:no", "title": "Tidak hadir" } }] } } }),
        )
        .await,
    );
    assert_eq!(fake.tap(&siti, "rsvp:7:no").await.status, 200);
    let message = bot.values("messages").pop().unwrap();
    assert_eq!(message["type"], "interactive");
    assert_eq!(message["context"], json!({ "from": DISPLAY_PHONE_NUMBER, "id": question }));
    assert_eq!(
        message["interactive"],
        json!({ "type": "button_reply", "button_reply": { "id": "rsvp:7:no", "title": "Tidak hadir" } })
    );
}

#[tokio::test]
#[should_panic(expected = "no button \"rsvp:9:yes\"")]
async fn only_a_button_the_bot_sent_can_be_tapped() {
    let (fake, _bot, siti) = fake_and_user().await;
    fake.tap(&siti, "rsvp:9:yes").await;
}

#[tokio::test]
async fn a_pick_names_the_row() {
    let (fake, bot, siti) = fake_and_user().await;
    let rows: Vec<Value> =
        (1..=5).map(|i| json!({ "id": format!("pos:{i}"), "title": format!("Mawar {i}") })).collect();
    let list = accepted(
        send(
            &fake,
            &siti.wa_id,
            json!({ "type": "interactive", "interactive": {
            "type": "list", "body": { "text": "Posyandu mana?" },
            "action": { "button": "Pilih", "sections": [{ "rows": rows }] } } }),
        )
        .await,
    );
    fake.pick(&siti, "pos:4").await;
    let message = bot.values("messages").pop().unwrap();
    assert_eq!(message["context"]["id"], list);
    assert_eq!(
        message["interactive"],
        json!({ "type": "list_reply", "list_reply": { "id": "pos:4", "title": "Mawar 4" } })
    );
    // Stale or hostile taps go out as given.
    fake.tap_on(&siti, "wamid.old", "rapat:1:ya", "Ya").await;
    assert_eq!(bot.values("messages").pop().unwrap()["context"]["id"], "wamid.old");
}

#[tokio::test]
async fn a_location_and_any_other_message() {
    let (fake, bot, siti) = fake_and_user().await;
    fake.share_location(&siti, -6.2, 106.8, Some("Posyandu Mawar")).await;
    fake.send_message(&siti, json!({ "type": "sticker", "sticker": { "id": "st1", "mime_type": "image/webp" } })).await;
    let messages = bot.values("messages");
    let location = &messages[messages.len() - 2];
    assert_eq!(location["type"], "location");
    assert_eq!(location["location"], json!({ "latitude": -6.2, "longitude": 106.8, "name": "Posyandu Mawar" }));
    assert_eq!(messages[messages.len() - 1]["sticker"]["id"], "st1");
}

#[tokio::test]
async fn a_redelivery_repeats_the_same_bytes_and_wamid() {
    let (fake, bot, siti) = fake_and_user().await;
    let first = fake.send_text(&siti, "/status").await;
    assert_eq!(fake.redeliver(&first.wamid).await.status, 200);
    let received = bot.received();
    assert_eq!(received[received.len() - 1], received[received.len() - 2]);
    assert_eq!(received[received.len() - 1]["entry"][0]["changes"][0]["value"]["messages"][0]["id"], first.wamid);
}

#[tokio::test]
async fn forged_posts_fail_the_bots_signature_check() {
    let (fake, bot, siti) = fake_and_user().await;
    let before = bot.received().len();
    for signature in [Signature::Missing, Signature::Wrong, Signature::BodyChangedAfterSigning] {
        let answer = fake.send_text_signed(&siti, "DAFTAR KBRT-7HMX", signature).await;
        assert_eq!(answer.status, 401, "{signature:?}");
    }
    assert_eq!(bot.received().len(), before, "nothing forged got through");
    // The raw helpers sign as Meta does.
    let body = br#"{"object":"whatsapp_business_account","entry":[]}"#.to_vec();
    let signature = fake.signature(&body);
    assert_eq!(fake.post_webhook(body.clone(), Some(signature)).await.status, 200);
    assert_eq!(fake.post_webhook(body, Some("sha256=00".into())).await.status, 401);
}

#[tokio::test]
async fn a_forgery_does_not_open_the_window() {
    let fake = fake_graph_api::FakeGraphApi::start(support::TOKEN, support::APP_SECRET).await;
    let bot = support::Bot::start().await;
    fake.set_webhook_url(&bot.url);
    let stranger = fake.user("6285555555555", "Orang");
    fake.send_text_signed(&stranger, "Halo", Signature::Wrong).await;
    assert!(!fake.in_window(&stranger.wa_id));
    fake.send_text(&stranger, "Halo").await;
    assert!(fake.in_window(&stranger.wa_id));
}

#[tokio::test]
async fn the_verification_handshake() {
    let (fake, _bot, _) = fake_and_user().await;
    let answer = fake.verify_webhook(VERIFY_TOKEN, "1158201444").await;
    assert_eq!((answer.status, answer.body.as_str()), (200, "1158201444"));
    assert_eq!(fake.verify_webhook("wrong", "1158201444").await.status, 403);
    let unsubscribe = [("hub.mode", "unsubscribe"), ("hub.verify_token", VERIFY_TOKEN), ("hub.challenge", "1")];
    assert_eq!(fake.verify_webhook_with(&unsubscribe).await.status, 403);
}
