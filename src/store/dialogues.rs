//! Per-chat conversation state and the record of updates already acted on.

use chrono::{DateTime, Utc};

use super::{Db, Tx, on_db, on_tx};

/// Records an update id (`$1` channel, `$2` update id, `$3` now); changes
/// no row if it was seen before.
pub(super) const MARK_SEEN: &str = "INSERT INTO seen_update (channel, update_id, seen_at) VALUES ($1, $2, $3)
    ON CONFLICT (channel, update_id) DO NOTHING";

/// A chat's conversation and when it last changed (`$1` channel, `$2` chat).
pub(super) const LOAD: &str = "SELECT state, updated_at FROM dialogue WHERE channel = $1 AND chat_id = $2";

/// Saves a chat's conversation (`$1` channel, `$2` chat, `$3` state, `$4` now).
pub(super) const SAVE: &str = "INSERT INTO dialogue (channel, chat_id, state, updated_at) VALUES ($1, $2, $3, $4)
    ON CONFLICT (channel, chat_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at";

/// Records that `update_id` is being handled; false if it was seen before.
pub async fn mark_seen(tx: &mut Tx, channel: &str, update_id: &str, now: DateTime<Utc>) -> sqlx::Result<bool> {
    let inserted = on_tx!(tx, c => sqlx::query(MARK_SEEN).bind(channel).bind(update_id).bind(now)
        .execute(&mut *c).await?.rows_affected());
    Ok(inserted == 1)
}

/// The stored conversation of a chat and when it last changed, locked for
/// this transaction on PostgreSQL.
pub async fn load(tx: &mut Tx, channel: &str, chat_id: &str) -> sqlx::Result<Option<(String, DateTime<Utc>)>> {
    match tx {
        Tx::Sqlite(t) => sqlx::query_as(LOAD).bind(channel).bind(chat_id).fetch_optional(&mut **t).await,
        Tx::Postgres(t) => {
            sqlx::query_as("SELECT state, updated_at FROM dialogue WHERE channel = $1 AND chat_id = $2 FOR UPDATE")
                .bind(channel)
                .bind(chat_id)
                .fetch_optional(&mut **t)
                .await
        }
    }
}

pub async fn save(tx: &mut Tx, channel: &str, chat_id: &str, state: &str, now: DateTime<Utc>) -> sqlx::Result<()> {
    on_tx!(tx, c => sqlx::query(SAVE).bind(channel).bind(chat_id).bind(state).bind(now)
        .execute(&mut *c).await.map(|_| ()))
}

/// Forgets update ids older than `before`; platforms re-deliver within a day or two.
pub async fn forget_seen_before(db: &Db, before: DateTime<Utc>) -> sqlx::Result<u64> {
    on_db!(db, p => sqlx::query("DELETE FROM seen_update WHERE seen_at < $1").bind(before)
        .execute(p).await.map(|r| r.rows_affected()))
}
