//! SQLite WAL checkpoints, off the message path, and durable commits.
//!
//! In WAL mode with `synchronous = NORMAL` a commit writes its pages to the
//! log (the `-wal` file) but does not wait for the disk; only a checkpoint
//! does (it syncs the log and copies it into the database file). By default
//! SQLite runs one inside whichever commit takes the log past 1,000 pages,
//! so every few hundred messages one kader waits for the disk, and with one
//! connection everybody queued behind them too (p99 went from 3 ms to 20 ms
//! in the load benchmark). So the writer never checkpoints
//! (`wal_autocheckpoint = 0`), and a second connection of its own does, once
//! a second, without blocking the writer.
//!
//! A commit that must survive a power cut (a report the kader is told is
//! "terkirim") asks for a sync of the log that starts after the commit
//! ([`Checkpointer::sync`]) and waits for it, with the writer already free
//! for others; every commit waiting at that moment shares the one sync. The
//! sync is `fdatasync` of the log file, which is what SQLite itself does at
//! each commit under `synchronous = FULL`: the commit's pages are in the log
//! when `COMMIT` returns, and syncing any descriptor of a file flushes all of
//! its written pages. It costs one disk flush, where a checkpoint costs two
//! and the copying between them.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, SqliteConnection};
use tokio::sync::{mpsc, oneshot};

/// How often the WAL is copied into the database file.
const EVERY: Duration = Duration::from_secs(1);
/// How long to wait before trying a failed sync of the log again.
const RETRY: Duration = Duration::from_millis(100);

/// A handle on the background checkpointer and log syncer.
#[derive(Clone, Debug)]
pub struct Checkpointer {
    requests: mpsc::UnboundedSender<oneshot::Sender<()>>,
    synced: Arc<AtomicU64>,
}

impl Checkpointer {
    /// Starts checkpointing the database at `options`, and syncing its log
    /// on request, for as long as `open` says the writer is open.
    pub async fn start(
        options: SqliteConnectOptions,
        open: impl Fn() -> bool + Send + Sync + 'static,
    ) -> sqlx::Result<Self> {
        let mut wal = options.get_filename().as_os_str().to_owned();
        wal.push("-wal");
        let connection = SqliteConnection::connect_with(&options).await?;
        let (requests, waiting) = mpsc::unbounded_channel();
        let synced = Arc::new(AtomicU64::new(0));
        let open = Arc::new(open);
        tokio::spawn(checkpoint_every_second(connection, open.clone()));
        tokio::spawn(sync_on_request(PathBuf::from(wal), waiting, synced.clone(), open));
        Ok(Checkpointer { requests, synced })
    }

    /// Waits until a sync of the log that started after this call has put
    /// every commit made before the call on the disk.
    pub async fn sync(&self) -> sqlx::Result<()> {
        let (waiter, synced) = oneshot::channel();
        self.requests.send(waiter).map_err(|_| sqlx::Error::PoolClosed)?;
        synced.await.map_err(|_| sqlx::Error::PoolClosed)
    }

    /// How many syncs of the log have completed (for tests of durability).
    pub fn syncs(&self) -> u64 {
        self.synced.load(Ordering::Acquire)
    }
}

/// Copies the log into the database file once a second while it is open.
async fn checkpoint_every_second(mut connection: SqliteConnection, open: Arc<impl Fn() -> bool>) {
    let mut every = tokio::time::interval(EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        if !open() {
            break;
        }
        if let Err(error) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)").execute(&mut connection).await {
            tracing::warn!(%error, "WAL checkpoint failed; will retry");
        }
    }
    connection.close().await.ok();
}

/// Syncs the log for everyone who asked, one sync for all who asked before
/// it started. Waiters stay until a sync succeeds: their commits are saved,
/// only not yet on the disk, so they must not be told otherwise.
async fn sync_on_request(
    wal: PathBuf,
    mut waiting: mpsc::UnboundedReceiver<oneshot::Sender<()>>,
    synced: Arc<AtomicU64>,
    open: Arc<impl Fn() -> bool>,
) {
    let mut answer = Vec::new();
    while let Some(request) = waiting.recv().await {
        answer.push(request);
        loop {
            if !open() {
                return;
            }
            while let Ok(request) = waiting.try_recv() {
                answer.push(request);
            }
            let path = wal.clone();
            let synced = tokio::task::spawn_blocking(move || sync_log(&path)).await.map_err(std::io::Error::other);
            match synced.and_then(|result| result) {
                Ok(()) => break,
                Err(error) => tracing::warn!(%error, "syncing the SQLite log failed; will retry"),
            }
            tokio::time::sleep(RETRY).await;
        }
        synced.fetch_add(1, Ordering::Release);
        for waiter in answer.drain(..) {
            let _ = waiter.send(());
        }
    }
}

/// Flushes the log file's written pages to the disk. (The log exists:
/// a commit was just written to it.)
fn sync_log(wal: &Path) -> std::io::Result<()> {
    std::fs::File::open(wal)?.sync_data()
}

/// Copies everything into the database file and empties the WAL (on close).
pub async fn finish(writer: &mut SqliteConnection) {
    if let Err(error) = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(writer).await {
        tracing::warn!(%error, "final WAL checkpoint failed; SQLite will finish it on next open");
    }
}
