//! The outbox, end to end: replies that Telegram refuses or that a crash
//! interrupts are sent later, exactly once where the bot could know; a user
//! who blocked the bot is marked unreachable until they write again; and on
//! both databases two senders never claim the same message.

mod common;

use std::collections::HashSet;
use std::time::Duration;

use chrono::Duration as Minutes;
use common::{Harness, TestDb, assert_says, texts};
use fake_bot_api::{Failure, SimUser};
use posyandu_bot::domain::channel::Channel;
use posyandu_bot::domain::lang::Lang;
use posyandu_bot::domain::role::Grant;
use posyandu_bot::i18n::Key;
use posyandu_bot::reply::Reply;
use posyandu_bot::store::outbox::{NewMessage, Priority};
use posyandu_bot::store::{Db, outbox};

async fn kader(db: TestDb) -> (Harness, SimUser) {
    let db = db.with_regions().await;
    let posyandu = db.add_posyandu("Posyandu Mawar", "73.24.01.2001").await;
    let code = db.invite(Grant::Kader { posyandu_id: posyandu }, 10, 14).await;
    let mut h = Harness::start(db).await;
    let siti = h.user(301, "Siti", None, None);
    h.say(&siti, &code).await;
    h.tap(&siti, "Ya, benar").await;
    h.tap(&siti, "Bahasa Indonesia").await;
    (h, siti)
}

/// A message waiting in the outbox for `chat`, under idempotency key `key`.
fn waiting(chat: &str, key: &str, priority: Priority) -> NewMessage {
    NewMessage {
        channel: Channel::Telegram,
        chat_id: chat.into(),
        person_id: None,
        lang: Lang::Id,
        time_zone: chrono_tz::Tz::Asia__Makassar,
        priority,
        key: Some(key.into()),
        reply: Reply::new(Key::WelcomeStranger),
    }
}

/// Waits until the chat holds `count` messages, or fails.
async fn wait_for_messages(h: &Harness, user: &SimUser, count: usize) {
    h.fake.next_message_after(user.id, count - 1, Duration::from_secs(15)).await.expect("the message arrives");
}

/// Makes the database refuse (or again accept) marking messages sent.
async fn refuse_sent_marks(db: &TestDb, refuse: bool) {
    let statements: &[&str] = match (&db.db, refuse) {
        (Db::Sqlite(_), true) => &["CREATE TRIGGER refuse_sent BEFORE UPDATE OF status ON outbox
                                     WHEN NEW.status = 'sent' BEGIN SELECT RAISE(ABORT, 'refused for the test'); END"],
        (Db::Sqlite(_), false) => &["DROP TRIGGER refuse_sent"],
        (Db::Postgres(_), true) => &[
            "CREATE FUNCTION refuse_sent() RETURNS trigger LANGUAGE plpgsql
             AS $$ BEGIN RAISE EXCEPTION 'refused for the test'; END $$",
            "CREATE TRIGGER refuse_sent BEFORE UPDATE OF status ON outbox
             FOR EACH ROW WHEN (NEW.status = 'sent') EXECUTE FUNCTION refuse_sent()",
        ],
        (Db::Postgres(_), false) => &["DROP TRIGGER refuse_sent ON outbox"],
    };
    for statement in statements {
        db.execute(statement).await;
    }
}

async fn status_of_last(h: &Harness) -> i64 {
    h.test_db
        .scalar("SELECT CAST(CASE status WHEN 'sent' THEN 1 ELSE 0 END AS BIGINT) FROM outbox ORDER BY id DESC LIMIT 1")
        .await
}

on_both_databases! {
    a_reply_telegram_fails_to_take_is_sent_later_once => |db: TestDb| async move {
        let (mut h, siti) = kader(db).await;
        h.fake.fail_for("sendMessage", 1, Failure::server_error());
        let before = h.fake.messages(siti.id).len();
        let now = h.say(&siti, "/lapor").await;
        assert!(now.is_empty(), "nothing got through: {:#?}", texts(&now));
        // The worker tries again after its back-off (clock moved past it).
        h.clock.advance(Minutes::seconds(10));
        wait_for_messages(&h, &siti, before + 1).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let later = h.fake.messages(siti.id).split_off(before);
        assert_eq!(later.len(), 1, "sent once: {:#?}", texts(&later));
        assert_says(&later, "untuk bulan apa?");
    };

    a_rate_limit_delays_a_reply_but_loses_nothing => |db: TestDb| async move {
        let (mut h, siti) = kader(db).await;
        h.fake.fail_for("sendMessage", 1, Failure { retry_after: Some(1), ..Failure::new(429, "Too Many Requests: retry after 1") });
        let before = h.fake.messages(siti.id).len();
        h.say(&siti, "/status").await;
        h.clock.advance(Minutes::seconds(2));
        wait_for_messages(&h, &siti, before + 1).await;
        let later = h.fake.messages(siti.id).split_off(before);
        assert_eq!(later.len(), 1, "{:#?}", texts(&later));
        assert_says(&later, "Status laporan");
    };

    a_user_who_blocked_the_bot_is_unreachable_until_they_write => |db: TestDb| async move {
        let (mut h, siti) = kader(db).await;
        h.fake.block_user(siti.id);
        h.say(&siti, "/status").await;
        assert_eq!(h.fake.forbidden(), [siti.id]);
        assert_eq!(h.test_db.scalar("SELECT COUNT(*) FROM person WHERE unreachable_at IS NOT NULL").await, 1);
        assert_eq!(h.test_db.scalar("SELECT COUNT(*) FROM outbox WHERE status = 'unreachable'").await, 1);
        // Nothing more is tried for them, however long we wait.
        h.clock.advance(Minutes::minutes(10));
        tokio::time::sleep(Duration::from_millis(1500)).await;
        assert_eq!(h.fake.forbidden().len(), 1);
        h.fake.unblock_user(siti.id);
        let m = h.say(&siti, "/status").await;
        assert_says(&m, "Status laporan");
        assert_eq!(h.test_db.scalar("SELECT COUNT(*) FROM person WHERE unreachable_at IS NOT NULL").await, 0);
    };

    a_reply_cut_off_by_a_crash_is_sent_after_the_restart => |db: TestDb| async move {
        let (mut h, siti) = kader(db).await;
        // Telegram takes the message but its answer never comes back: the
        // bot dies while it waits.
        h.fake.stall("sendMessage", 1, Duration::from_secs(30));
        let before = h.fake.messages(siti.id).len();
        h.fake.push_text(&siti, "/lapor");
        wait_for_messages(&h, &siti, before + 1).await;
        h.restart().await;
        assert_eq!(status_of_last(&h).await, 0, "not known to be sent");
        // Once the dead sender's claim runs out, the new one sends it again:
        // the one message in flight at the kill may arrive twice, no more.
        h.clock.advance(Minutes::seconds(61));
        wait_for_messages(&h, &siti, before + 2).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(h.fake.messages(siti.id).len(), before + 2);
        assert_eq!(status_of_last(&h).await, 1);
    };

    a_sent_reply_the_database_cannot_mark_yet_is_marked_later_and_not_sent_again => |db: TestDb| async move {
        let (mut h, siti) = kader(db).await;
        refuse_sent_marks(&h.test_db, true).await;
        let before = h.fake.messages(siti.id).len();
        let m = h.say(&siti, "/status").await;
        assert_says(&m, "Status laporan");
        // Several rounds of marks fail meanwhile.
        tokio::time::sleep(Duration::from_millis(400)).await;
        assert_eq!(status_of_last(&h).await, 0, "not marked while the database refuses");
        refuse_sent_marks(&h.test_db, false).await;
        let started = tokio::time::Instant::now();
        while status_of_last(&h).await == 0 {
            assert!(started.elapsed() < Duration::from_secs(10), "the kept mark is written once the database takes it");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        // Past the step's claim the worker finds nothing left to send.
        h.clock.advance(Minutes::seconds(61));
        tokio::time::sleep(Duration::from_millis(1500)).await;
        assert_eq!(h.fake.messages(siti.id).len(), before + 1, "sent once");
    };

    two_senders_never_claim_the_same_message => |test: TestDb| async move {
        let db = test.db.clone();
        let now = common::start_time();
        let mut tx = db.begin().await.unwrap();
        for i in 0..300 {
            let message = waiting(&format!("{}", 1000 + i), &format!("test:{i}"), Priority::Broadcast);
            assert!(outbox::enqueue(&mut tx, &message, None, now).await.unwrap().is_some());
            assert!(outbox::enqueue(&mut tx, &message, None, now).await.unwrap().is_none(), "a second write is a no-op");
        }
        tx.commit().await.unwrap();
        let senders: Vec<_> = (0..2)
            .map(|_| {
                let db = db.clone();
                tokio::spawn(async move {
                    let mut mine = Vec::new();
                    loop {
                        let batch = outbox::claim_due(&db, "telegram", now, now + Minutes::minutes(1), 7).await.unwrap();
                        if batch.is_empty() {
                            return mine;
                        }
                        mine.extend(batch.into_iter().map(|m| m.id));
                    }
                })
            })
            .collect();
        let mut all = Vec::new();
        for sender in senders {
            all.extend(sender.await.unwrap());
        }
        let distinct: HashSet<i64> = all.iter().copied().collect();
        assert_eq!(all.len(), 300, "every message claimed once");
        assert_eq!(distinct.len(), 300);
    };

    settled_replies_are_forgotten_after_a_while_and_nothing_waiting_is => |test: TestDb| async move {
        let db = test.db.clone();
        let now = common::start_time();
        let message = |key: &str, priority| waiting("4242", key, priority);
        let mut tx = db.begin().await.unwrap();
        let old_reply = outbox::enqueue(&mut tx, &message("old-reply", Priority::Reply), None, now).await.unwrap().unwrap();
        let old_waiting = outbox::enqueue(&mut tx, &message("old-waiting", Priority::Reply), None, now).await.unwrap().unwrap();
        let old_invite = outbox::enqueue(&mut tx, &message("old-invite", Priority::Broadcast), None, now).await.unwrap().unwrap();
        tx.commit().await.unwrap();
        outbox::mark_sent(&db, &[(old_reply, "1".into()), (old_invite, "2".into())], now).await.unwrap();
        let later = now + Minutes::days(4);
        assert_eq!(outbox::forget_settled(&db, Priority::Reply as i32, later - Minutes::days(3)).await.unwrap(), 1);
        let left = test.scalar("SELECT COUNT(*) FROM outbox").await;
        assert_eq!(left, 2, "the waiting reply and the invitation stay");
        assert_eq!(test.scalar(&format!("SELECT COUNT(*) FROM outbox WHERE id IN ({old_waiting}, {old_invite})")).await, 2);
    };

    a_chat_gets_its_messages_in_order_and_urgent_ones_first => |test: TestDb| async move {
        let db = test.db.clone();
        let now = common::start_time();
        let message = waiting;
        let mut tx = db.begin().await.unwrap();
        let a1 = outbox::enqueue(&mut tx, &message("A", "a1", Priority::Broadcast), None, now).await.unwrap().unwrap();
        let a2 = outbox::enqueue(&mut tx, &message("A", "a2", Priority::Broadcast), None, now).await.unwrap().unwrap();
        let b1 = outbox::enqueue(&mut tx, &message("B", "b1", Priority::Broadcast), None, now).await.unwrap().unwrap();
        let c1 = outbox::enqueue(&mut tx, &message("C", "c1", Priority::Notice), None, now).await.unwrap().unwrap();
        tx.commit().await.unwrap();
        // A's first message waits to be tried again later: A's second must wait behind it.
        outbox::retry_later(&db, &[a1], now + Minutes::seconds(30), "rate limited").await.unwrap();
        let lease = now + Minutes::minutes(1);
        let ids = |batch: Vec<posyandu_bot::store::outbox::Message>| batch.into_iter().map(|m| m.id).collect::<Vec<_>>();
        assert_eq!(ids(outbox::claim_due(&db, "telegram", now, lease, 10).await.unwrap()), [c1, b1], "the notice first; nothing of A");
        outbox::mark_sent(&db, &[(c1, "1".into()), (b1, "2".into())], now).await.unwrap();
        let later = now + Minutes::seconds(31);
        assert_eq!(ids(outbox::claim_due(&db, "telegram", later, later + Minutes::minutes(1), 10).await.unwrap()), [a1]);
        outbox::mark_sent(&db, &[(a1, "3".into())], later).await.unwrap();
        assert_eq!(ids(outbox::claim_due(&db, "telegram", later, later + Minutes::minutes(1), 10).await.unwrap()), [a2]);
    };

    an_unreadable_message_is_given_up_and_does_not_hold_up_the_chat => |test: TestDb| async move {
        let db = test.db.clone();
        let now = common::start_time();
        let mut tx = db.begin().await.unwrap();
        let broken = outbox::enqueue(&mut tx, &waiting("4343", "test:broken", Priority::Notice), None, now).await.unwrap().unwrap();
        let next = outbox::enqueue(&mut tx, &waiting("4343", "test:next", Priority::Notice), None, now).await.unwrap().unwrap();
        tx.commit().await.unwrap();
        // As another version of the bot might have written it.
        test.execute(&format!("UPDATE outbox SET reply = '{{\"text\": 42}}' WHERE id = {broken}")).await;
        let claimed = outbox::claim_due(&db, "telegram", now, now + Minutes::minutes(1), 10).await.unwrap();
        assert!(claimed.is_empty(), "{claimed:?}");
        assert_eq!(test.scalar(&format!("SELECT COUNT(*) FROM outbox WHERE id = {broken} AND status = 'failed'")).await, 1);
        let claimed = outbox::claim_due(&db, "telegram", now, now + Minutes::minutes(1), 10).await.unwrap();
        assert_eq!(claimed.iter().map(|m| m.id).collect::<Vec<_>>(), [next], "the chat goes on");
    };
}
