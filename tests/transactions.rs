//! Write transactions on both databases: concurrent updates are serialised
//! without losing any, and a transaction that ends without commit (an error,
//! or a task cancelled half-way) leaves nothing behind and does not block
//! the next one.

mod common;

use std::time::Duration;

use posyandu_bot::store::{Db, dialogues};

const CHANNEL: &str = "telegram";

async fn read(db: &Db, chat: &str) -> Option<String> {
    let mut tx = db.begin().await.unwrap();
    let state = dialogues::load(&mut tx, CHANNEL, chat).await.unwrap().map(|(state, _)| state);
    tx.commit().await.unwrap();
    state
}

async fn write(db: &Db, chat: &str, state: &str) {
    let mut tx = db.begin().await.unwrap();
    dialogues::save(&mut tx, CHANNEL, chat, state, common::start_time()).await.unwrap();
    tx.commit().await.unwrap();
}

on_both_databases! {
    concurrent_read_modify_write_loses_no_update => |test: common::TestDb| async move {
        let db = test.db.clone();
        write(&db, "counter", "0").await;
        let tasks: Vec<_> = (0..40)
            .map(|_| {
                let db = db.clone();
                tokio::spawn(async move {
                    let mut tx = db.begin().await.unwrap();
                    let (count, _) = dialogues::load(&mut tx, CHANNEL, "counter").await.unwrap().unwrap();
                    tokio::task::yield_now().await;
                    let next = (count.parse::<u32>().unwrap() + 1).to_string();
                    dialogues::save(&mut tx, CHANNEL, "counter", &next, common::start_time()).await.unwrap();
                    tx.commit().await.unwrap();
                })
            })
            .collect();
        for task in tasks {
            task.await.unwrap();
        }
        assert_eq!(read(&db, "counter").await.as_deref(), Some("40"));
    };

    a_transaction_dropped_without_commit_leaves_nothing => |test: common::TestDb| async move {
        let db = test.db.clone();
        {
            let mut tx = db.begin().await.unwrap();
            dialogues::save(&mut tx, CHANNEL, "dropped", "half-way", common::start_time()).await.unwrap();
            // An error returns early here: the transaction is dropped.
        }
        write(&db, "next", "saved").await;
        assert_eq!(read(&db, "dropped").await, None);
        assert_eq!(read(&db, "next").await.as_deref(), Some("saved"));
    };

    a_task_cancelled_mid_transaction_does_not_block_the_next => |test: common::TestDb| async move {
        let db = test.db.clone();
        let (started, wait) = tokio::sync::oneshot::channel();
        let stuck = tokio::spawn({
            let db = db.clone();
            async move {
                let mut tx = db.begin().await.unwrap();
                dialogues::save(&mut tx, CHANNEL, "cancelled", "half-way", common::start_time()).await.unwrap();
                started.send(()).unwrap();
                std::future::pending::<()>().await;
            }
        });
        wait.await.unwrap();
        stuck.abort();
        assert!(stuck.await.unwrap_err().is_cancelled());
        tokio::time::timeout(Duration::from_secs(10), write(&db, "after", "saved"))
            .await
            .expect("the next transaction gets the database");
        assert_eq!(read(&db, "cancelled").await, None);
        assert_eq!(read(&db, "after").await.as_deref(), Some("saved"));
    };
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_sqlite_database_answers_with_an_error() {
    let test = common::TestDb::sqlite().await;
    test.db.close().await;
    assert!(test.db.begin().await.is_err());
    assert!(posyandu_bot::store::regions::count(&test.db).await.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_durable_sqlite_commit_returns_once_the_log_is_on_the_disk() {
    let test = common::TestDb::sqlite().await;
    let Db::Sqlite(sqlite) = &test.db else { unreachable!() };
    let before = sqlite.log_syncs();
    let mut tx = test.db.begin().await.unwrap();
    dialogues::save(&mut tx, CHANNEL, "report", "sent", common::start_time()).await.unwrap();
    tx.require_durable(&test.db);
    tx.commit().await.unwrap();
    assert!(sqlite.log_syncs() > before, "the commit waited for a sync of the log that started after it");
    assert_eq!(read(&test.db, "report").await.as_deref(), Some("sent"));

    // Several durable commits at once share the sync and all return.
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let db = test.db.clone();
            tokio::spawn(async move {
                let mut tx = db.begin().await.unwrap();
                dialogues::save(&mut tx, CHANNEL, &format!("r{i}"), "sent", common::start_time()).await.unwrap();
                tx.require_durable(&db);
                tx.commit().await.unwrap();
            })
        })
        .collect();
    for task in tasks {
        tokio::time::timeout(Duration::from_secs(10), task).await.expect("durable commits finish").unwrap();
    }
}

/// Tasks cancelled at any point of `begin` never leave the one SQLite
/// connection inside a transaction nobody owns.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_begin_at_any_moment_leaves_the_connection_usable() {
    let test = common::TestDb::sqlite().await;
    for i in 0..300u64 {
        // Cancelled somewhere between waiting for the connection and holding
        // the transaction.
        let _ = tokio::time::timeout(Duration::from_micros(i % 60), test.db.begin()).await;
    }
    tokio::time::timeout(Duration::from_secs(10), write(&test.db, "after", "saved"))
        .await
        .expect("the connection is free again");
    assert_eq!(read(&test.db, "after").await.as_deref(), Some("saved"));
}
