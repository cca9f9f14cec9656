//! Uploads to `/media` and images and documents sent by media id: the bytes
//! come back as the bot uploaded them.

mod support;

use fake_graph_api::{API_VERSION, FakeGraphApi, MessageKind, PHONE_NUMBER_ID};
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use support::{TOKEN, accepted, assert_violations, fake_and_user, refused, send};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n not a real picture, the fake does not decode";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Uploads `bytes` as `file_name` of type `mime`; the status and answer.
async fn upload(fake: &FakeGraphApi, product: Option<&str>, mime: &str, file_name: &str, bytes: &[u8]) -> (u16, Value) {
    upload_typed(fake, product, Some(mime), mime, file_name, bytes).await
}

/// Uploads `bytes` with the `type` field `kind` (none: left out) and the
/// file part's own type `mime`.
async fn upload_typed(
    fake: &FakeGraphApi,
    product: Option<&str>,
    kind: Option<&str>,
    mime: &str,
    file_name: &str,
    bytes: &[u8],
) -> (u16, Value) {
    let mut form = Form::new();
    if let Some(kind) = kind {
        form = form.text("type", kind.to_owned());
    }
    if let Some(product) = product {
        form = form.text("messaging_product", product.to_owned());
    }
    let part = Part::bytes(bytes.to_vec()).file_name(file_name.to_owned()).mime_str(mime).unwrap();
    let form = form.part("file", part);
    let url = format!("{}/{API_VERSION}/{PHONE_NUMBER_ID}/media", fake.url());
    let response = reqwest::Client::new().post(url).bearer_auth(TOKEN).multipart(form).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn a_chart_and_a_workbook_round_trip() {
    let (fake, _bot, siti) = fake_and_user().await;
    let (status, chart) = upload(&fake, Some("whatsapp"), "image/png", "grafik.png", PNG).await;
    assert_eq!(status, 200, "{chart}");
    let chart = chart["id"].as_str().unwrap().to_owned();
    let workbook_bytes = b"PK\x03\x04 a workbook".to_vec();
    let (_, workbook) = upload(&fake, Some("whatsapp"), XLSX, "laporan.xlsx", &workbook_bytes).await;
    let workbook = workbook["id"].as_str().unwrap().to_owned();
    assert_ne!(chart, workbook);

    accepted(
        send(&fake, &siti.wa_id, json!({ "type": "image", "image": { "id": chart, "caption": "Grafik Mei" } })).await,
    );
    let document = json!({ "id": workbook, "filename": "laporan-mei.xlsx", "caption": "Rekap" });
    accepted(send(&fake, &siti.wa_id, json!({ "type": "document", "document": document })).await);

    let sent = fake.messages(&siti.wa_id);
    assert_eq!((sent[0].kind, sent[0].text.as_str()), (MessageKind::Image, "Grafik Mei"));
    let image = fake.media(&sent[0].media.as_ref().unwrap().id).unwrap();
    assert_eq!(
        (image.mime.as_str(), image.file_name.as_str(), image.bytes.as_slice()),
        ("image/png", "grafik.png", PNG)
    );
    assert_eq!(sent[1].kind, MessageKind::Document);
    let sent_document = sent[1].media.as_ref().unwrap();
    assert_eq!(sent_document.filename.as_deref(), Some("laporan-mei.xlsx"));
    assert_eq!(fake.media(&sent_document.id).unwrap().bytes, workbook_bytes);
    let uploads: Vec<String> = fake.uploads().into_iter().map(|m| m.file_name).collect();
    assert_eq!(uploads, ["grafik.png", "laporan.xlsx"]);
    assert!(fake.violations().is_empty());
}

#[tokio::test]
async fn media_must_be_uploaded_and_of_the_right_kind() {
    let (fake, _bot, siti) = fake_and_user().await;
    let (_, workbook) = upload(&fake, Some("whatsapp"), XLSX, "laporan.xlsx", b"PK").await;
    let workbook = workbook["id"].as_str().unwrap();
    refused(send(&fake, &siti.wa_id, json!({ "type": "image", "image": { "id": "12345" } })).await, 400, 100);
    refused(send(&fake, &siti.wa_id, json!({ "type": "image", "image": { "id": workbook } })).await, 400, 100);
    let long_caption = "c".repeat(1025);
    let document = json!({ "id": workbook, "caption": long_caption });
    refused(send(&fake, &siti.wa_id, json!({ "type": "document", "document": document })).await, 400, 100);
    assert_violations(&fake, &["not a media id uploaded before", "not an image", "must be at most 1024"]);
    assert_eq!(fake.message_count(&siti.wa_id), 0);
}

#[tokio::test]
async fn whatsapp_takes_no_calendar_files_and_no_empty_uploads() {
    let fake = FakeGraphApi::start(TOKEN, support::APP_SECRET).await;
    let ics = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n";
    refused(upload(&fake, Some("whatsapp"), "text/calendar", "rapat.ics", ics).await, 400, 100);
    refused(upload(&fake, Some("whatsapp"), "image/png", "kosong.png", b"").await, 400, 100);
    refused(upload(&fake, None, "image/png", "grafik.png", PNG).await, 400, 100);
    assert_violations(&fake, &["not \"text/calendar\"", "got 0", "messaging_product is required"]);
}

#[tokio::test]
async fn an_upload_names_its_type_and_the_file_agrees() {
    let fake = FakeGraphApi::start(TOKEN, support::APP_SECRET).await;
    refused(upload_typed(&fake, Some("whatsapp"), None, "image/png", "grafik.png", PNG).await, 400, 100);
    refused(upload_typed(&fake, Some("whatsapp"), Some(XLSX), "image/png", "grafik.png", PNG).await, 400, 100);
    let big = vec![0u8; 5 * 1024 * 1024 + 1];
    refused(upload(&fake, Some("whatsapp"), "image/png", "besar.png", &big).await, 400, 100);
    assert_violations(&fake, &["type is required", "not the type", "got 5242881"]);
    assert!(fake.uploads().is_empty());
}

#[tokio::test]
async fn media_meta_no_longer_keeps_is_refused_with_131053_as_no_violation() {
    let (fake, _bot, siti) = fake_and_user().await;
    let (_, chart) = upload(&fake, Some("whatsapp"), "image/png", "grafik.png", PNG).await;
    let chart = chart["id"].as_str().unwrap().to_owned();
    fake.expire_media(&chart);
    refused(send(&fake, &siti.wa_id, json!({ "type": "image", "image": { "id": chart } })).await, 400, 131_053);
    assert!(fake.media(&chart).is_none());
    assert!(fake.violations().is_empty());
    assert_eq!(fake.message_count(&siti.wa_id), 0);
}
