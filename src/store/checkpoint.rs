//! SQLite WAL checkpoints, off the message path, and durable commits.
//!
//! In WAL mode with `synchronous = NORMAL` a commit does not wait for the
//! disk; only a checkpoint does (it syncs the WAL and copies it into the
//! database file). By default SQLite runs one inside whichever commit takes
//! the WAL past 1,000 pages, so every few hundred messages one kader waits
//! for the disk, and with one connection everybody queued behind them too
//! (p99 went from 3 ms to 20 ms in the load benchmark). So the writer never
//! checkpoints (`wal_autocheckpoint = 0`), and a second connection of its own
//! does, once a second, without blocking the writer.
//!
//! A commit that must survive a power cut (a report the kader is told is
//! "terkirim") asks the checkpointer for a round that starts after the
//! commit ([`Checkpointer::sync`]) and waits for it, with the writer already
//! free for others; every commit waiting at that moment shares the one sync.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, SqliteConnection};
use tokio::sync::{mpsc, oneshot};

/// How often the WAL is copied into the database file.
const EVERY: Duration = Duration::from_secs(1);

/// A handle on the background checkpointer.
#[derive(Clone, Debug)]
pub struct Checkpointer {
    requests: mpsc::UnboundedSender<oneshot::Sender<()>>,
    done: Arc<AtomicU64>,
}

impl Checkpointer {
    /// Starts checkpointing the database at `options` for as long as `open`
    /// says the writer is open.
    pub async fn start(options: SqliteConnectOptions, open: impl Fn() -> bool + Send + 'static) -> sqlx::Result<Self> {
        let mut connection = SqliteConnection::connect_with(&options).await?;
        let (requests, mut waiting) = mpsc::unbounded_channel::<oneshot::Sender<()>>();
        let done = Arc::new(AtomicU64::new(0));
        let counter = done.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(EVERY);
            every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            // Waiters stay until a round succeeds: their commits are saved,
            // only not yet synced, so they must not be told otherwise.
            let mut answer = Vec::new();
            loop {
                tokio::select! {
                    _ = every.tick() => {}
                    request = waiting.recv() => answer.extend(request),
                }
                if !open() {
                    break;
                }
                // Everyone who asked before this round starts is served by it.
                while let Ok(request) = waiting.try_recv() {
                    answer.push(request);
                }
                if let Err(error) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)").execute(&mut connection).await {
                    tracing::warn!(%error, "WAL checkpoint failed; will retry");
                    continue;
                }
                counter.fetch_add(1, Ordering::Release);
                for waiter in answer.drain(..) {
                    let _ = waiter.send(());
                }
            }
            connection.close().await.ok();
        });
        Ok(Checkpointer { requests, done })
    }

    /// Waits until a checkpoint that started after this call has synced the
    /// WAL (with every commit made before the call) to the disk.
    pub async fn sync(&self) -> sqlx::Result<()> {
        let (waiter, synced) = oneshot::channel();
        self.requests.send(waiter).map_err(|_| sqlx::Error::PoolClosed)?;
        synced.await.map_err(|_| sqlx::Error::PoolClosed)
    }

    /// How many checkpoints have completed.
    pub fn completed(&self) -> u64 {
        self.done.load(Ordering::Acquire)
    }
}

/// Copies everything into the database file and empties the WAL (on close).
pub async fn finish(writer: &mut SqliteConnection) {
    if let Err(error) = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(writer).await {
        tracing::warn!(%error, "final WAL checkpoint failed; SQLite will finish it on next open");
    }
}
