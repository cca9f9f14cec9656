//! SQLite WAL checkpoints, off the message path.
//!
//! In WAL mode with `synchronous = NORMAL` a commit does not wait for the
//! disk; only a checkpoint does (it syncs the WAL and copies it into the
//! database file). By default SQLite runs one inside whichever commit takes
//! the WAL past 1,000 pages, so every few hundred messages one kader waits
//! for the disk, and with one connection everybody queued behind them too
//! (p99 went from 3 ms to 20 ms in the load benchmark). So the writer never
//! checkpoints (`wal_autocheckpoint = 0`), and a second connection of its own
//! does, once a second, without blocking the writer.

use std::time::Duration;

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, SqliteConnection};

/// How often the WAL is copied into the database file.
const EVERY: Duration = Duration::from_secs(1);

/// Starts checkpointing the database at `options` for as long as `open` says
/// the writer is open.
pub async fn start(options: SqliteConnectOptions, open: impl Fn() -> bool + Send + 'static) -> sqlx::Result<()> {
    let mut checkpointer = SqliteConnection::connect_with(&options).await?;
    tokio::spawn(async move {
        let mut every = tokio::time::interval(EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            if !open() {
                break;
            }
            if let Err(error) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)").execute(&mut checkpointer).await {
                tracing::warn!(%error, "WAL checkpoint failed; will retry");
            }
        }
        checkpointer.close().await.ok();
    });
    Ok(())
}

/// Copies everything into the database file and empties the WAL (on close).
pub async fn finish(writer: &mut SqliteConnection) {
    if let Err(error) = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(writer).await {
        tracing::warn!(%error, "final WAL checkpoint failed; SQLite will finish it on next open");
    }
}
