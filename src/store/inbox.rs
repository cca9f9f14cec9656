//! The inbox: updates a webhook accepted, kept until they are handled, so
//! that nothing answered 200 is lost in a crash. A chat's updates are
//! handled in the order they came, one at a time, by whichever process
//! claims the oldest; the update itself is the channel's JSON (the store
//! does not read it).

use chrono::{DateTime, Utc};

use super::{Db, Tx, on_db, on_tx};

/// How long a claim holds an update: a process that died with it in hand
/// is taken over after this (at once on SQLite, see [`release_claims`]).
pub const LEASE: chrono::Duration = chrono::Duration::seconds(60);

/// An update to keep.
#[derive(Clone, Debug)]
pub struct Accepted {
    /// The queue it waits in: a chat, or a message whose statuses these are.
    pub chat_id: String,
    /// The platform's id of the update, to accept it once.
    pub update_id: String,
    /// What arrived, as the channel writes it (JSON).
    pub event: String,
}

/// An update claimed to be handled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claimed {
    pub id: i64,
    pub chat_id: String,
    pub event: String,
    /// How many times it was claimed, this time included.
    pub attempts: i32,
}

/// Keeps the `updates` of one webhook request on `channel` in one
/// transaction (the platform is told next that it need not send them
/// again), and claims until `lease_until` those that are next in their
/// chat, for the caller to handle at once; returns those. An update
/// already kept is kept once.
///
/// The commit survives a crash of the bot (on SQLite, WAL); on SQLite it
/// does not wait for the disk, so a power cut may lose the last moment's
/// updates, as it may any step but a saved report.
pub async fn accept(
    db: &Db,
    channel: &str,
    updates: &[Accepted],
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
) -> anyhow::Result<Vec<Claimed>> {
    if updates.is_empty() {
        return Ok(Vec::new());
    }
    let insert = "INSERT INTO inbox (channel, chat_id, update_id, event, received_at) VALUES ($1, $2, $3, $4, $5)
                  ON CONFLICT (channel, update_id) DO NOTHING RETURNING id";
    let claim = "UPDATE inbox SET claimed_until = $1, attempts = attempts + 1
                 WHERE id = $2 AND NOT EXISTS (SELECT 1 FROM inbox e
                                               WHERE e.channel = inbox.channel AND e.chat_id = inbox.chat_id
                                                 AND e.id < inbox.id)
                 RETURNING id, chat_id, event, attempts";
    let mut tx = db.begin().await?;
    let mut claimed = Vec::new();
    for update in updates {
        let kept: Option<i64> = on_tx!(&mut tx, c => sqlx::query_scalar(insert).bind(channel).bind(&update.chat_id)
            .bind(&update.update_id).bind(&update.event).bind(now).fetch_optional(&mut *c).await?);
        let Some(id) = kept else { continue };
        let row: Option<(i64, String, String, i32)> =
            on_tx!(&mut tx, c => sqlx::query_as(claim).bind(lease_until).bind(id).fetch_optional(&mut *c).await?);
        claimed.extend(row.map(|(id, chat_id, event, attempts)| Claimed { id, chat_id, event, attempts }));
    }
    tx.commit().await?;
    Ok(claimed)
}

/// Claims until `lease_until` up to `limit` updates of `channel`: the
/// oldest of each chat, when no process holds it. A chat's next update can
/// be claimed only once this one is [`done`], so its updates are handled in
/// order whichever process takes them. On PostgreSQL rows another process
/// is claiming are skipped.
pub async fn claim(
    db: &Db,
    channel: &str,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: i64,
) -> anyhow::Result<Vec<Claimed>> {
    let skip_locked = match db {
        Db::Sqlite(_) => "",
        Db::Postgres(_) => "FOR UPDATE SKIP LOCKED",
    };
    let sql = format!(
        "UPDATE inbox SET claimed_until = $1, attempts = attempts + 1
         WHERE id IN (
             SELECT x.id FROM inbox x
             WHERE x.id IN (SELECT MIN(id) FROM inbox WHERE channel = $2 GROUP BY chat_id)
               AND (x.claimed_until IS NULL OR x.claimed_until < $3)
             ORDER BY x.id LIMIT $4 {skip_locked})
         RETURNING id, chat_id, event, attempts"
    );
    let mut tx = db.begin().await?;
    let rows: Vec<(i64, String, String, i32)> = on_tx!(&mut tx, c => sqlx::query_as(&sql).bind(lease_until)
        .bind(channel).bind(now).bind(limit).fetch_all(&mut *c).await?);
    tx.commit().await?;
    let mut claimed: Vec<Claimed> =
        rows.into_iter().map(|(id, chat_id, event, attempts)| Claimed { id, chat_id, event, attempts }).collect();
    claimed.sort_by_key(|c| c.id);
    Ok(claimed)
}

/// Update `id` is handled by the step writing in `tx`: the chat's next one
/// may go once it commits.
pub async fn forget(tx: &mut Tx, id: i64) -> anyhow::Result<()> {
    on_tx!(tx, c => sqlx::query("DELETE FROM inbox WHERE id = $1").bind(id).execute(&mut *c).await.map(|_| ())?);
    Ok(())
}

/// Update `id` was handled: the chat's next one may go.
pub async fn done(db: &Db, id: i64) -> anyhow::Result<()> {
    on_db!(db, p => sqlx::query("DELETE FROM inbox WHERE id = $1").bind(id).execute(p).await.map(|_| ())?);
    Ok(())
}

/// Frees every claim. Only for SQLite at start-up, where one process owns
/// the file: what the last run held, it held until it died.
pub async fn release_claims(db: &Db) -> anyhow::Result<u64> {
    let sql = "UPDATE inbox SET claimed_until = NULL WHERE claimed_until IS NOT NULL";
    let released = on_db!(db, p => sqlx::query(sql).execute(p).await.map(|r| r.rows_affected())?);
    Ok(released)
}
