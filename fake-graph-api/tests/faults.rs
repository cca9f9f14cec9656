//! Refusals a correct bot meets by design, and faults a test switches on:
//! none of them are violations.

mod support;

use std::num::NonZeroU32;
use std::time::Duration;

use fake_graph_api::{Failure, Throughput};
use futures_util::future::join_all;
use support::{accepted, fake_and_user, refused, send_text};

#[tokio::test]
async fn beyond_the_throughput_limit_130429() {
    let (fake, _bot, siti) = fake_and_user().await;
    // A burst of 3, then 1 a second: four sends at once leave one refused,
    // however slow the machine.
    fake.set_throughput(Some(Throughput { per_sec: NonZeroU32::MIN, burst: NonZeroU32::new(3).unwrap() }));
    let send = |text| send_text(&fake, &siti.wa_id, text);
    let answers = [send("1"), send("2"), send("3"), send("4")];
    let (refusals, accepted_ones): (Vec<_>, Vec<_>) = join_all(answers).await.into_iter().partition(|(s, _)| *s == 400);
    assert_eq!(accepted_ones.len(), 3, "{accepted_ones:?}");
    let [refusal] = <[_; 1]>::try_from(refusals).unwrap();
    let error = refused(refusal, 400, 130_429);
    assert_eq!(error["message"], "(#130429) Rate limit hit");
    assert_eq!(error["error_data"]["details"], "Cloud API message throughput has been reached.");
    assert_eq!(fake.rate_limited(), 1);
    fake.set_throughput(None);
    accepted(send_text(&fake, &siti.wa_id, "5").await);
    assert_eq!(fake.sends().len(), 4);
    assert!(fake.violations().is_empty());
}

#[tokio::test]
async fn whatsapps_own_throughput_is_80_a_second() {
    let (fake, _bot, siti) = fake_and_user().await;
    fake.set_throughput(Some(Throughput::whatsapp()));
    let mut refused_at = None;
    for i in 0..81 {
        let (status, _) = send_text(&fake, &siti.wa_id, &i.to_string()).await;
        if status != 200 {
            refused_at = Some(i);
            break;
        }
    }
    // The budget refills while the loop runs, so a slow machine may get a
    // few more through; never fewer than 80.
    assert!(refused_at.is_none_or(|i| i >= 80), "{refused_at:?}");
    assert!(fake.sends().len() >= 80);
}

#[tokio::test]
async fn injected_failures_then_success() {
    let (fake, _bot, siti) = fake_and_user().await;
    fake.fail_for("messages", 2, Failure::server_error());
    for _ in 0..2 {
        let error = refused(send_text(&fake, &siti.wa_id, "Halo").await, 500, 131_000);
        assert_eq!(error["message"], "(#131000) Something went wrong");
    }
    accepted(send_text(&fake, &siti.wa_id, "Halo").await);
    fake.fail_next_rate_limited();
    refused(send_text(&fake, &siti.wa_id, "Halo").await, 429, 130_429);
    assert_eq!(fake.message_count(&siti.wa_id), 1);
    assert!(fake.violations().is_empty());
    assert_eq!(fake.requests().iter().filter(|r| r.endpoint == "messages").count(), 4);
}

#[tokio::test]
async fn a_blocked_user_is_undeliverable_until_unblocked() {
    let (fake, _bot, siti) = fake_and_user().await;
    fake.block_user(&siti.wa_id);
    let error = refused(send_text(&fake, &siti.wa_id, "Halo").await, 400, 131_026);
    assert_eq!(error["message"], "(#131026) Message undeliverable");
    fake.unblock_user(&siti.wa_id);
    accepted(send_text(&fake, &siti.wa_id, "Halo").await);
    assert_eq!(fake.undeliverable(), [siti.wa_id.as_str()]);
    assert!(fake.violations().is_empty());
}

#[tokio::test]
async fn a_stalled_call_takes_effect_before_its_late_answer() {
    let (fake, _bot, siti) = fake_and_user().await;
    fake.stall("messages", 1, Duration::from_secs(30));
    let call = send_text(&fake, &siti.wa_id, "Halo");
    tokio::pin!(call);
    let seen = tokio::select! {
        message = fake.next_message(&siti.wa_id, Duration::from_secs(10)) => message,
        _ = &mut call => panic!("the answer came before the stall was over"),
    };
    assert_eq!(seen.unwrap().text, "Halo");
    // The next call is not stalled.
    let answer = tokio::time::timeout(Duration::from_secs(10), send_text(&fake, &siti.wa_id, "Lagi")).await;
    accepted(answer.expect("an answer without a stall"));
}
