//! The SQLite side of [`super::Db`]: one connection behind an async lock,
//! write transactions that hold it, and [`script`], which joins statements
//! into one query so that they take one round trip to SQLite's thread.
//!
//! SQLite has one writer at a time, so one connection serves every task in
//! the process, in turn: tokio's mutex queues them fairly (first come, first
//! served) without SQLite's sleep-and-retry busy handler. It is not an sqlx
//! pool because a pool pings the connection on sqlx's SQLite thread every
//! time it is handed back, and hands it back through a spawned task: under
//! load that idle gap between two transactions was a large part of the time
//! the single writer was held.

use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use sqlx::query::Query;
use sqlx::sqlite::{SqliteArguments, SqliteConnectOptions, SqliteRow};
use sqlx::{Connection, Execute, Sqlite, SqliteConnection};
use tokio::sync::{Mutex, OwnedMappedMutexGuard, OwnedMutexGuard};

use super::checkpoint::{self, Checkpointer};

/// How every write transaction begins: `IMMEDIATE`, so a transaction that
/// reads before it writes never fails to upgrade its lock.
pub const BEGIN: &str = "BEGIN IMMEDIATE";

/// The connection, locked for one task.
pub type Locked = OwnedMappedMutexGuard<Option<SqliteConnection>, SqliteConnection>;

/// A shared handle on the database's one connection.
#[derive(Clone, Debug)]
pub struct SqliteDb {
    /// `None` once closed.
    connection: Arc<Mutex<Option<SqliteConnection>>>,
    /// A read-only connection for long reads (a workbook), so that they
    /// never hold the writer; `None` for an in-memory database.
    reader: Option<Arc<Mutex<Option<SqliteConnection>>>>,
    closed: Arc<AtomicBool>,
    checkpointer: Checkpointer,
}

impl SqliteDb {
    /// Opens the connection (automatic checkpoints off) and starts the
    /// background checkpoints.
    pub async fn open(options: SqliteConnectOptions) -> sqlx::Result<SqliteDb> {
        let connection = SqliteConnection::connect_with(&options.clone().pragma("wal_autocheckpoint", "0")).await?;
        let connection = Arc::new(Mutex::new(Some(connection)));
        let reader = if options.get_filename() == std::path::Path::new(":memory:") {
            None
        } else {
            let reader =
                SqliteConnection::connect_with(&options.clone().read_only(true).create_if_missing(false)).await?;
            Some(Arc::new(Mutex::new(Some(reader))))
        };
        let closed = Arc::new(AtomicBool::new(false));
        let (writer, is_closed) = (Arc::downgrade(&connection), closed.clone());
        let checkpointer =
            Checkpointer::start(options, move || writer.strong_count() > 0 && !is_closed.load(Ordering::Acquire))
                .await?;
        Ok(SqliteDb { connection, reader, closed, checkpointer })
    }

    /// Waits for the connection and keeps it until the guard is dropped.
    pub async fn lock(&self) -> sqlx::Result<Locked> {
        let slot = self.connection.clone().lock_owned().await;
        OwnedMutexGuard::try_map(slot, Option::as_mut).map_err(|_| sqlx::Error::PoolClosed)
    }

    /// Starts a write transaction with [`BEGIN`].
    ///
    /// The transaction exists before `BEGIN` is sent: a task cancelled while
    /// it waits for `BEGIN` drops it, which rolls back whatever began, so the
    /// connection is never left inside a transaction nobody owns.
    pub async fn begin(&self) -> sqlx::Result<SqliteTx> {
        let mut tx = self.begin_in_first_query().await?;
        sqlx::query(BEGIN).execute(&mut *tx).await?;
        Ok(tx)
    }

    /// Locks the connection for a transaction whose first query begins it
    /// (its first statement is [`BEGIN`]), which saves a round trip to
    /// SQLite's thread. Dropped before that query ran, it undoes nothing.
    pub async fn begin_in_first_query(&self) -> sqlx::Result<SqliteTx> {
        Ok(SqliteTx { connection: Some(self.lock().await?), durable: None })
    }

    /// Starts a read transaction on the read-only connection: one snapshot
    /// of the database that other tasks keep writing beside (WAL), for
    /// reads too long to hold the writer. Without a reader (in memory), a
    /// write transaction instead. Drop it when done: it commits nothing.
    pub async fn read(&self) -> sqlx::Result<SqliteTx> {
        let Some(reader) = &self.reader else { return self.begin().await };
        let slot = reader.clone().lock_owned().await;
        let connection = OwnedMutexGuard::try_map(slot, Option::as_mut).map_err(|_| sqlx::Error::PoolClosed)?;
        let mut tx = SqliteTx { connection: Some(connection), durable: None };
        sqlx::query("BEGIN").execute(&mut *tx).await?;
        Ok(tx)
    }

    /// How many syncs of the log have completed (for tests of durability).
    pub fn log_syncs(&self) -> u64 {
        self.checkpointer.syncs()
    }

    /// Copies everything into the database file, empties the WAL and closes
    /// the connection; later uses fail with `PoolClosed`.
    pub async fn close(&self) {
        if let Some(reader) = &self.reader
            && let Some(reader) = reader.lock().await.take()
            && let Err(error) = reader.close().await
        {
            tracing::warn!(%error, "closing the SQLite reader failed");
        }
        let mut slot = self.connection.lock().await;
        if let Some(mut connection) = slot.take() {
            checkpoint::finish(&mut connection).await;
            if let Err(error) = connection.close().await {
                tracing::warn!(%error, "closing the SQLite database failed");
            }
        }
        self.closed.store(true, Ordering::Release);
    }
}

/// An open write transaction; it holds the connection until it commits or
/// is dropped (which rolls it back).
pub struct SqliteTx {
    /// `None` only after commit.
    connection: Option<Locked>,
    /// Set when the commit must reach the disk before it returns.
    durable: Option<Checkpointer>,
}

impl SqliteTx {
    /// Makes [`SqliteTx::commit`] return only once the commit is on the
    /// disk, so it survives a power cut, not only a crash. Other commits
    /// (`synchronous = NORMAL`) lose nothing in a crash but may lose the
    /// last second when the power goes. (SQLite cannot switch a transaction
    /// to `synchronous = FULL` once it has begun; this is the equivalent.)
    pub fn require_durable(&mut self, db: &SqliteDb) {
        self.durable = Some(db.checkpointer.clone());
    }

    /// Commits; a durable transaction then frees the writer for others and
    /// waits for the log to be synced to the disk.
    pub async fn commit(mut self) -> sqlx::Result<()> {
        sqlx::query("COMMIT").execute(&mut *self).await?;
        self.committed().await
    }

    /// Runs `script`, a query of several statements whose last one is
    /// `COMMIT`, and returns its rows; then as [`SqliteTx::commit`]. The
    /// transaction's last writes and its commit take one round trip to
    /// SQLite's thread. If a statement fails, the ones after it (the
    /// `COMMIT`) do not run and dropping the transaction rolls it back.
    pub async fn commit_with<'q>(
        mut self,
        script: Query<'q, Sqlite, SqliteArguments<'q>>,
    ) -> sqlx::Result<Vec<SqliteRow>> {
        debug_assert!(script.sql().trim_end().ends_with("COMMIT"), "a script that commits");
        // `fetch_all` reads every statement's results, so all of them run.
        let rows = script.fetch_all(&mut *self).await?;
        self.committed().await?;
        Ok(rows)
    }

    /// After `COMMIT`: frees the writer, then waits for the disk if asked to.
    async fn committed(mut self) -> sqlx::Result<()> {
        self.connection = None;
        match self.durable.take() {
            Some(checkpointer) => checkpointer.sync().await,
            None => Ok(()),
        }
    }
}

impl Deref for SqliteTx {
    type Target = SqliteConnection;

    fn deref(&self) -> &SqliteConnection {
        self.connection.as_ref().expect("an open transaction")
    }
}

impl DerefMut for SqliteTx {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        self.connection.as_mut().expect("an open transaction")
    }
}

impl Drop for SqliteTx {
    /// An error or a cancelled task left the transaction open: roll it back
    /// before anyone else gets the connection (the task keeps the lock).
    fn drop(&mut self) {
        let Some(mut connection) = self.connection.take() else { return };
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                match sqlx::query("ROLLBACK").execute(&mut *connection).await {
                    Ok(_) => {}
                    // Cancelled before `BEGIN` ran: nothing to undo.
                    Err(error) if error.to_string().contains("no transaction is active") => {}
                    Err(error) => tracing::warn!(%error, "rolling back an unfinished transaction failed"),
                }
            });
        }
    }
}

/// Joins SQL statements into one script for SQLite, renumbering each
/// statement's `$N` parameters to follow the previous statement's: the
/// arguments are then bound statement after statement, each statement's in
/// its own order.
pub fn script(statements: &[&str]) -> String {
    let mut out = String::new();
    let mut offset = 0;
    for statement in statements {
        if !out.is_empty() {
            out.push_str(";\n");
        }
        let mut highest = 0;
        let mut rest = *statement;
        while let Some(dollar) = rest.find('$') {
            out.push_str(&rest[..=dollar]);
            rest = &rest[dollar + 1..];
            let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
            let n: usize = rest[..digits].parse().expect("a numbered parameter");
            highest = highest.max(n);
            out.push_str(&(n + offset).to_string());
            rest = &rest[digits..];
        }
        out.push_str(rest);
        offset += highest;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::script;

    #[test]
    fn a_script_numbers_each_statements_parameters_after_the_previous_ones() {
        let joined =
            script(&["BEGIN IMMEDIATE", "INSERT INTO t VALUES ($1, $2)", "SELECT $2, $1, $3 FROM t WHERE a = $1"]);
        assert_eq!(joined, "BEGIN IMMEDIATE;\nINSERT INTO t VALUES ($1, $2);\nSELECT $4, $3, $5 FROM t WHERE a = $3");
        assert_eq!(script(&["UPDATE t SET a = $10", "COMMIT"]), "UPDATE t SET a = $10;\nCOMMIT");
    }
}
