//! A step's opening and closing (`store::step`) on both databases: an
//! update is acted on once, the conversation and the replies commit
//! together, and a closing that fails keeps nothing and frees the database.

mod common;

use std::time::Duration;

use chrono_tz::Tz;
use posyandu_bot::domain::lang::Lang;
use posyandu_bot::i18n::{Key, Reader};
use posyandu_bot::reply::Reply;
use posyandu_bot::store::outbox::StepReplies;
use posyandu_bot::store::step::{self, Opening, Update};
use posyandu_bot::store::{Db, people};

const CHANNEL: &str = "telegram";

fn update(update_id: &str) -> Update<'_> {
    Update { channel: CHANNEL, update_id, user_id: "501", chat_id: "501" }
}

async fn open(db: &Db, update_id: &str) -> Option<Opening> {
    let update = update(update_id);
    let opening = step::open(db, &update, common::start_time());
    tokio::time::timeout(Duration::from_secs(10), opening).await.expect("the database is free").unwrap()
}

fn replies<'a>(replies: &'a [Reply], person_id: Option<i64>) -> StepReplies<'a> {
    let now = common::start_time();
    StepReplies {
        channel: CHANNEL,
        chat_id: "501",
        person_id,
        reader: Reader::new(Lang::Id, Tz::Asia__Makassar),
        replies,
        claimed_until: now + chrono::Duration::seconds(60),
        now,
    }
}

on_both_databases! {
    an_update_is_opened_once_and_its_state_and_replies_commit_together => |test: common::TestDb| async move {
        let db = test.db.clone();
        let mut tx = db.begin().await.unwrap();
        let person = people::create(&mut tx, CHANNEL, "501", "Bu Sari", Lang::Id, common::start_time()).await.unwrap();
        tx.commit().await.unwrap();

        let first = open(&db, "u1").await.expect("a new update");
        let (found, unreachable) = first.person.clone().expect("the person is found");
        assert_eq!((found.id, found.name.as_str(), unreachable), (person, "Bu Sari", false));
        assert_eq!(first.conversation, None);
        let sent = [Reply::new(Key::Help), Reply::new(Key::HelpLapor)];
        let ids = step::close(first.tx, "asked", &replies(&sent, Some(person))).await.unwrap();
        assert_eq!(ids.len(), 2);
        assert!(ids[0] < ids[1], "the replies' ids in order: {ids:?}");

        assert!(open(&db, "u1").await.is_none(), "a second delivery is a duplicate");
        let next = open(&db, "u2").await.expect("the next update");
        assert_eq!(next.conversation.map(|(state, _)| state).as_deref(), Some("asked"));
        assert_eq!(step::close(next.tx, "idle", &replies(&[], Some(person))).await.unwrap(), Vec::<i64>::new());
        let last = open(&db, "u3").await.expect("the next update");
        assert_eq!(last.conversation.map(|(state, _)| state).as_deref(), Some("idle"));
    };

    a_closing_that_fails_keeps_nothing_and_frees_the_database => |test: common::TestDb| async move {
        let db = test.db.clone();
        let opening = open(&db, "u1").await.expect("a new update");
        assert!(opening.person.is_none());
        // A recipient who does not exist breaks the reply row's foreign key.
        let sent = [Reply::new(Key::Help)];
        assert!(step::close(opening.tx, "asked", &replies(&sent, Some(987_654))).await.is_err());

        let again = open(&db, "u1").await.expect("the failed update can be handled again");
        assert_eq!(again.conversation, None, "the conversation was not saved");
        step::close(again.tx, "asked", &replies(&sent, None)).await.unwrap();
        assert!(open(&db, "u1").await.is_none());
    };
}
