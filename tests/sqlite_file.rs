//! The embedded SQLite file: saved data reaches the database file itself in
//! the background (not only its write-ahead log), and closing leaves no log.

mod common;

use std::time::Duration;

use common::TestDb;
use posyandu_bot::store::{Db, regions};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn saved_data_reaches_the_database_file_without_waiting_for_a_message() {
    let test_db = TestDb::sqlite().await.with_regions().await;
    let path = test_db.url.trim_start_matches("sqlite://").to_owned();
    tokio::time::sleep(Duration::from_millis(2500)).await;

    // A copy of the main file alone, without its -wal, already holds the regions.
    let copy = tempfile::tempdir().unwrap();
    let copied = copy.path().join("copy.db");
    std::fs::copy(&path, &copied).unwrap();
    let db = Db::connect(&format!("sqlite://{}", copied.display())).await.unwrap();
    let regions = regions::count(&db).await.unwrap();
    assert_eq!(regions, 12);
    db.close().await;

    test_db.db.close().await;
    let wal = std::fs::metadata(format!("{path}-wal")).map_or(0, |m| m.len());
    assert_eq!(wal, 0, "closing copies everything into the database file");
}
