//! Delivery statuses posted to the bot's webhook after each accepted
//! message, in order or not, and any status a test posts.

mod support;

use std::time::Duration;

use fake_graph_api::{StatusKind, StatusMode};
use serde_json::json;
use support::{accepted, fake_and_user, send_text};

const WAIT: Duration = Duration::from_secs(10);

#[tokio::test]
async fn sent_then_delivered_after_each_message() {
    let (fake, bot, siti) = fake_and_user().await;
    fake.set_statuses(StatusMode::InOrder);
    let wamid = accepted(send_text(&fake, &siti.wa_id, "Halo").await);
    let posts = fake.wait_for_status_posts(2, WAIT).await;
    let names: Vec<_> = posts.iter().map(|p| (p.wamid.as_str(), p.status.as_str(), p.answer)).collect();
    assert_eq!(names, [(wamid.as_str(), "sent", 200), (wamid.as_str(), "delivered", 200)]);
    let statuses = bot.values("statuses");
    assert_eq!(statuses.len(), 2);
    assert_eq!(statuses[0]["id"], wamid);
    assert_eq!(statuses[0]["status"], "sent");
    assert_eq!(statuses[0]["recipient_id"], siti.wa_id);
    assert!(statuses[0]["timestamp"].as_str().unwrap().parse::<u64>().is_ok());
    assert!(statuses[0].get("errors").is_none());
    assert!(bot.values("messages").iter().all(|m| m["from"] == siti.wa_id), "statuses carry no messages");
}

#[tokio::test]
async fn out_of_order_delivered_comes_first() {
    let (fake, _bot, siti) = fake_and_user().await;
    fake.set_statuses(StatusMode::OutOfOrder);
    accepted(send_text(&fake, &siti.wa_id, "Halo").await);
    let posts = fake.wait_for_status_posts(2, WAIT).await;
    assert_eq!(posts.iter().map(|p| p.status.as_str()).collect::<Vec<_>>(), ["delivered", "sent"]);
}

#[tokio::test]
async fn a_failed_status_carries_its_error() {
    let (fake, bot, siti) = fake_and_user().await;
    let wamid = accepted(send_text(&fake, &siti.wa_id, "Halo").await);
    let failed = StatusKind::Failed { code: 131_026, title: "Message undeliverable".into() };
    let posted = fake.post_status(&siti.wa_id, &wamid, failed).await;
    assert_eq!((posted.status.as_str(), posted.answer), ("failed", 200));
    fake.post_status(&siti.wa_id, &wamid, StatusKind::Read).await;
    let statuses = bot.values("statuses");
    assert_eq!(statuses.len(), 2, "off by default: only the statuses the test posted");
    assert_eq!(statuses[0]["errors"][0]["code"], 131_026);
    assert_eq!(statuses[0]["errors"][0]["title"], "Message undeliverable");
    assert_eq!(statuses[1]["status"], "read");
    assert_eq!(statuses[1]["conversation"]["origin"], json!({ "type": "service" }));
}
