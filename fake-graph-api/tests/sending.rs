//! What the bot's Graph API client sees: the token, the success answer,
//! the 24-hour window, templates, and what a test reads back.

mod support;

use std::time::Duration;

use fake_graph_api::{API_VERSION, FakeGraphApi, MessageKind, PHONE_NUMBER_ID, Template};
use serde_json::json;
use support::{
    APP_SECRET, TOKEN, accepted, assert_violations, fake_and_user, post_with_token, refused, send, send_text,
};

const DAY: Duration = Duration::from_secs(24 * 60 * 60);

fn template(name: &str, params: &[&str]) -> serde_json::Value {
    let parameters: Vec<_> = params.iter().map(|p| json!({ "type": "text", "text": p })).collect();
    json!({ "type": "template", "template": {
        "name": name, "language": { "code": "id" },
        "components": [{ "type": "body", "parameters": parameters }] } })
}

#[tokio::test]
async fn an_accepted_message_is_answered_as_graph_does_with_a_new_wamid() {
    let (fake, _bot, siti) = fake_and_user().await;
    let (status, answer) = send_text(&fake, &format!("+{}", siti.wa_id), "Halo, Bu Siti").await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["contacts"][0]["input"], format!("+{}", siti.wa_id));
    assert_eq!(answer["contacts"][0]["wa_id"], siti.wa_id);
    let first = answer["messages"][0]["id"].as_str().unwrap().to_owned();
    assert!(first.starts_with("wamid."), "{first}");
    let second = accepted(send_text(&fake, &siti.wa_id, "Sampai jumpa").await);
    assert_ne!(first, second);

    let messages = fake.messages(&siti.wa_id);
    assert_eq!(messages.iter().map(|m| m.text.as_str()).collect::<Vec<_>>(), ["Halo, Bu Siti", "Sampai jumpa"]);
    assert_eq!((messages[0].kind, messages[0].wamid.as_str()), (MessageKind::Text, first.as_str()));
    assert!(fake.violations().is_empty());
}

#[tokio::test]
async fn a_wrong_or_missing_token_is_refused_with_401() {
    let fake = FakeGraphApi::start(TOKEN, APP_SECRET).await;
    let body =
        json!({ "messaging_product": "whatsapp", "to": "6281234567890", "type": "text", "text": { "body": "x" } });
    let error = refused(post_with_token(&fake, "messages", "wrong", body.clone()).await, 401, 190);
    assert!(error["message"].as_str().unwrap().contains("Invalid OAuth access token"), "{error}");
    let url = format!("{}/{API_VERSION}/{PHONE_NUMBER_ID}/messages", fake.url());
    let response = reqwest::Client::new().post(url).json(&body).send().await.unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(fake.violations().len(), 2);
}

#[tokio::test]
async fn another_phone_number_id_or_path_is_unsupported() {
    let fake = FakeGraphApi::start(TOKEN, APP_SECRET).await;
    let body =
        json!({ "messaging_product": "whatsapp", "to": "6281234567890", "type": "text", "text": { "body": "x" } });
    for path in [format!("{API_VERSION}/999/messages"), format!("latest/{PHONE_NUMBER_ID}/messages"), "v21.0/me".into()]
    {
        let url = format!("{}/{path}", fake.url());
        let response = reqwest::Client::new().post(url).bearer_auth(TOKEN).json(&body).send().await.unwrap();
        assert_eq!(response.status(), 400);
        let answer: serde_json::Value = response.json().await.unwrap();
        assert_eq!(answer["error"]["code"], 100);
        assert!(answer["error"]["message"].as_str().unwrap().starts_with("Unsupported post request"), "{answer}");
    }
    assert_eq!(fake.violations().len(), 3);
}

#[tokio::test]
async fn outside_the_24_hour_window_only_templates_pass() {
    let (fake, _bot, siti) = fake_and_user().await;
    let never_wrote = "6289876543210";
    let error = refused(send_text(&fake, never_wrote, "Halo").await, 400, 131_047);
    assert_eq!(error["message"], "(#131047) Re-engagement message");
    assert!(error["error_data"]["details"].as_str().unwrap().contains("24 hours"));
    accepted(send(&fake, never_wrote, template("pengingat_laporan", &["Siti", "Mei 2026"])).await);

    fake.advance_clock(DAY - Duration::from_secs(60));
    assert!(fake.in_window(&siti.wa_id));
    accepted(send_text(&fake, &siti.wa_id, "Masih boleh").await);
    fake.advance_clock(Duration::from_secs(61));
    assert!(!fake.in_window(&siti.wa_id));
    refused(send_text(&fake, &siti.wa_id, "Sudah lewat").await, 400, 131_047);
    let (status, answer) = send(&fake, &siti.wa_id, template("pengingat_laporan", &["Siti", "Mei 2026"])).await;
    assert_eq!(status, 200);
    assert_eq!(answer["messages"][0]["message_status"], "accepted");

    fake.send_text(&siti, "Baik").await;
    accepted(send_text(&fake, &siti.wa_id, "Terima kasih").await);

    assert_eq!(fake.outside_window(), [never_wrote, siti.wa_id.as_str()]);
    assert!(fake.violations().is_empty(), "131047 is not a violation: {:?}", fake.violations());
    let sent = fake.messages(&siti.wa_id);
    let kinds: Vec<_> = sent.iter().map(|m| m.kind).collect();
    assert_eq!(kinds, [MessageKind::Text, MessageKind::Template, MessageKind::Text]);
    let expected = Template {
        name: "pengingat_laporan".into(),
        language: "id".into(),
        body_params: vec!["Siti".into(), "Mei 2026".into()],
    };
    assert_eq!(sent[1].template.as_ref(), Some(&expected));
}

#[tokio::test]
async fn a_template_needs_a_name_and_a_language() {
    let (fake, _bot, siti) = fake_and_user().await;
    let mut nameless = template("x", &[]);
    nameless["template"]["name"] = json!("");
    refused(send(&fake, &siti.wa_id, nameless).await, 400, 100);
    let mut no_language = template("x", &[]);
    no_language["template"]["language"] = json!({});
    refused(send(&fake, &siti.wa_id, no_language).await, 400, 100);
    assert_violations(&fake, &["template['name'] is required", "template['language']['code'] is required"]);
}

#[tokio::test]
async fn the_bot_marks_a_users_message_read() {
    let (fake, _bot, siti) = fake_and_user().await;
    let wamid = fake.send_text(&siti, "Lapor").await.wamid;
    let read = json!({ "messaging_product": "whatsapp", "status": "read", "message_id": wamid });
    let (status, answer) = support::post(&fake, "messages", read).await;
    assert_eq!((status, answer), (200, json!({ "success": true })));
    let unknown = json!({ "messaging_product": "whatsapp", "status": "read", "message_id": "wamid.nope" });
    refused(support::post(&fake, "messages", unknown).await, 400, 100);
    assert_eq!(fake.read_marks(), [wamid]);
    assert_eq!(fake.message_count(&siti.wa_id), 0, "a read mark is not a message");
}

#[tokio::test]
async fn next_message_waits_for_each_message_in_turn() {
    let (fake, _bot, siti) = fake_and_user().await;
    assert!(fake.next_message(&siti.wa_id, Duration::from_millis(50)).await.is_none());
    let wa_id = siti.wa_id.clone();
    let sender = async {
        tokio::time::sleep(Duration::from_millis(50)).await;
        accepted(send_text(&fake, &wa_id, "satu").await);
        accepted(send_text(&fake, &wa_id, "dua").await);
    };
    let (first, ()) = tokio::join!(fake.next_message(&siti.wa_id, Duration::from_secs(5)), sender);
    assert_eq!(first.unwrap().text, "satu");
    assert_eq!(fake.next_message(&siti.wa_id, Duration::from_secs(5)).await.unwrap().text, "dua");
    assert!(fake.next_message(&siti.wa_id, Duration::from_millis(50)).await.is_none());
    assert_eq!(fake.wait_for_message(&siti.wa_id, 0, Duration::ZERO).await.unwrap().text, "satu");
}

#[tokio::test]
async fn once_templates_are_approved_only_they_pass_with_their_parameters() {
    let (fake, _bot, siti) = fake_and_user().await;
    fake.approve_template("pengingat_laporan", "id", 2);
    fake.advance_clock(2 * DAY);
    accepted(send(&fake, &siti.wa_id, template("pengingat_laporan", &["Siti", "Mei 2026"])).await);
    let error = refused(send(&fake, &siti.wa_id, template("undangan_rapat", &["Siti"])).await, 400, 132_001);
    assert_eq!(error["error_data"]["details"], "template name (undangan_rapat) does not exist in id");
    refused(send(&fake, &siti.wa_id, template("pengingat_laporan", &["Siti"])).await, 400, 132_000);
    assert_violations(&fake, &["(#132001)", "(#132000)"]);
    assert_eq!(fake.message_count(&siti.wa_id), 1);
}
