//! The database: one [`Db`] handle over SQLite (the embedded default) or
//! PostgreSQL, with migrations per backend and write transactions ([`Tx`]).
//!
//! Every query is written once and type-checked against both drivers through
//! the [`on_db!`] and [`on_tx!`] macros; only where the SQL dialects differ does
//! a module match on the backend itself. One module per aggregate lives below.

pub mod audience;
mod checkpoint;
pub mod dialogues;
pub mod digest;
pub mod inbox;
pub mod invites;
pub mod jobs;
pub mod linking;
pub mod meetings;
pub mod officials;
pub mod organizer;
pub mod outbox;
pub mod people;
pub mod posyandu;
pub mod red_flags;
pub mod regions;
pub mod report_total;
pub mod reports;
pub mod retired;
pub mod section_digest;
pub mod settings;
pub mod sqlite;
pub mod step;
pub mod strata;
pub mod subscriptions;
pub mod whatsapp;
pub mod whatsapp_media;

use std::str::FromStr;
use std::time::Duration;

use anyhow::{Context as _, bail};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sqlx::{PgPool, Postgres};

use self::sqlite::{SqliteDb, SqliteTx};

/// The database on one of the two supported backends: SQLite's one
/// connection ([`sqlite`]) or a PostgreSQL pool.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqliteDb),
    Postgres(PgPool),
}

/// A write transaction.
pub enum Tx {
    Sqlite(SqliteTx),
    Postgres(sqlx::Transaction<'static, Postgres>),
}

/// Runs `$e` with `$p` bound to an executor of whichever backend `$db` is
/// (SQLite's connection, locked for `$e`, or the PostgreSQL pool). Returns
/// early with the error if the SQLite database was closed.
macro_rules! on_db {
    ($db:expr, $p:ident => $e:expr) => {
        match $db {
            $crate::store::Db::Sqlite(db) => {
                let mut connection = db.lock().await?;
                let $p: &mut sqlx::SqliteConnection = &mut *connection;
                $e
            }
            $crate::store::Db::Postgres($p) => $e,
        }
    };
}

/// Runs `$e` with `$c` bound to the connection of the transaction `$tx`.
macro_rules! on_tx {
    ($tx:expr, $c:ident => $e:expr) => {
        match $tx {
            $crate::store::Tx::Sqlite(t) => {
                let $c: &mut sqlx::SqliteConnection = &mut *t;
                $e
            }
            $crate::store::Tx::Postgres(t) => {
                let $c: &mut sqlx::PgConnection = &mut *t;
                $e
            }
        }
    };
}
pub(crate) use {on_db, on_tx};

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

impl Db {
    /// Opens the database named by `url` (`sqlite://FILE` or `postgres://…`).
    /// A SQLite file is created on first use and runs in WAL mode; commits
    /// wait for the disk only where a report is saved, unless the URL ends
    /// in `?synchronous=full` (every commit waits, as SQLite's default does).
    pub async fn connect(url: &str) -> anyhow::Result<Db> {
        if url.starts_with("sqlite:") {
            let (url, synchronous) = sqlite_synchronous(url)?;
            let options = SqliteConnectOptions::from_str(&url)
                .context("DATABASE_URL is not a valid sqlite:// URL")?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(synchronous)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true);
            let db = SqliteDb::open(options).await.context("cannot open the SQLite database")?;
            Ok(Db::Sqlite(db))
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let options = PgConnectOptions::from_str(url).context("DATABASE_URL is not a valid postgres:// URL")?;
            Self::connect_postgres(options).await
        } else {
            bail!("DATABASE_URL must start with sqlite:// or postgres://")
        }
    }

    /// Opens a PostgreSQL pool with the given options (tests use this to pin a schema).
    pub async fn connect_postgres(options: PgConnectOptions) -> anyhow::Result<Db> {
        // The queries are short, or digests over index ranges whose plans
        // JIT compilation only slows down (0.6 s more for a province).
        let options = options.options([("jit", "off")]);
        let pool = PgPoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .context("cannot connect to PostgreSQL")?;
        Ok(Db::Postgres(pool))
    }

    /// Applies the migrations of this backend that have not run yet, then
    /// what a migration left to Rust code (judging stored report totals).
    pub async fn migrate(&self) -> anyhow::Result<()> {
        match self {
            Db::Sqlite(db) => {
                let mut connection = db.lock().await?;
                SQLITE_MIGRATIONS.run_direct(&mut *connection).await
            }
            Db::Postgres(p) => POSTGRES_MIGRATIONS.run(p).await,
        }
        .context("database migration failed")?;
        report_total::unusual::judge_pending(self).await.context("judging the stored reports failed")?;
        Ok(())
    }

    /// Starts a write transaction.
    pub async fn begin(&self) -> sqlx::Result<Tx> {
        Ok(match self {
            Db::Sqlite(db) => Tx::Sqlite(db.begin().await?),
            Db::Postgres(p) => Tx::Postgres(p.begin().await?),
        })
    }

    /// Starts a read transaction for a long read (a workbook) that must not
    /// hold SQLite's one writer: on SQLite its read-only connection, on
    /// PostgreSQL a read-only transaction of the pool. Drop it when done.
    pub async fn read(&self) -> sqlx::Result<Tx> {
        Ok(match self {
            Db::Sqlite(db) => Tx::Sqlite(db.read().await?),
            Db::Postgres(p) => {
                let mut tx = p.begin().await?;
                sqlx::query("SET TRANSACTION READ ONLY").execute(&mut *tx).await?;
                Tx::Postgres(tx)
            }
        })
    }

    /// Which backend this is, for logs ("sqlite" or "postgres").
    pub fn backend(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    /// Closes the database (on SQLite, after emptying the WAL into the file).
    pub async fn close(&self) {
        match self {
            Db::Sqlite(db) => db.close().await,
            Db::Postgres(p) => p.close().await,
        }
    }
}

impl Tx {
    /// Makes the commit of this transaction reach the disk before it
    /// returns, so what it saves survives a power cut. PostgreSQL always
    /// does (`synchronous_commit = on`); SQLite does it for this commit only
    /// (see [`SqliteTx::require_durable`]).
    pub fn require_durable(&mut self, db: &Db) {
        if let (Tx::Sqlite(t), Db::Sqlite(db)) = (self, db) {
            t.require_durable(db);
        }
    }

    pub async fn commit(self) -> sqlx::Result<()> {
        match self {
            Tx::Sqlite(t) => t.commit().await,
            Tx::Postgres(t) => t.commit().await,
        }
    }
}

/// Takes our own `synchronous=full|normal` parameter off a SQLite URL
/// (sqlx does not read it): the URL to give sqlx and the level to use.
fn sqlite_synchronous(url: &str) -> anyhow::Result<(String, SqliteSynchronous)> {
    let Some((path, query)) = url.split_once('?') else {
        return Ok((url.to_owned(), SqliteSynchronous::Normal));
    };
    let mut synchronous = SqliteSynchronous::Normal;
    let mut rest = Vec::new();
    for pair in query.split('&') {
        match pair.split_once('=') {
            Some(("synchronous", "full")) => synchronous = SqliteSynchronous::Full,
            Some(("synchronous", "normal")) => synchronous = SqliteSynchronous::Normal,
            Some(("synchronous", other)) => bail!("synchronous={other}: use full or normal"),
            _ => rest.push(pair),
        }
    }
    let url = if rest.is_empty() { path.to_owned() } else { format!("{path}?{}", rest.join("&")) };
    Ok((url, synchronous))
}

/// The versions of the migrations shipped for each backend (they must match).
pub fn migration_versions() -> (Vec<i64>, Vec<i64>) {
    let versions = |m: &sqlx::migrate::Migrator| m.iter().map(|m| m.version).collect();
    (versions(&SQLITE_MIGRATIONS), versions(&POSTGRES_MIGRATIONS))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_choose_when_commits_wait_for_the_disk() {
        let full = sqlite_synchronous("sqlite://bot.db?synchronous=full").unwrap();
        assert_eq!((full.0.as_str(), full.1), ("sqlite://bot.db", SqliteSynchronous::Full));
        let kept = sqlite_synchronous("sqlite://bot.db?mode=rwc&synchronous=normal").unwrap();
        assert_eq!((kept.0.as_str(), kept.1), ("sqlite://bot.db?mode=rwc", SqliteSynchronous::Normal));
        assert_eq!(sqlite_synchronous("sqlite://bot.db").unwrap().1, SqliteSynchronous::Normal);
        assert!(sqlite_synchronous("sqlite://bot.db?synchronous=off").is_err());
    }
}
