//! What every step reads first and writes last, in as few round trips as
//! the backend allows.
//!
//! A step opens by beginning the transaction, recording the update id (a
//! second delivery is a duplicate), finding the person and loading the
//! chat's conversation; it closes by saving the conversation, writing its
//! replies to the outbox and committing.
//!
//! On SQLite every statement is a round trip to sqlx's SQLite thread (a
//! channel and two thread wake-ups), and under load those hand-offs, not
//! SQLite's own work, were most of the time the one writer was held. So on
//! SQLite the opening is one multi-statement query, and so is the closing.
//! PostgreSQL runs the same statements one by one (the conversation row is
//! read `FOR UPDATE` there).

use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use futures_util::TryStreamExt;
use sqlx::{Either, Executor, FromRow, Row};

use super::outbox::{self, StepReplies};
use super::sqlite::{self, script};
use super::{Db, Tx, dialogues, people};
use crate::domain::people::Person;

/// What a step starts from, in its transaction.
pub struct Opening {
    pub tx: Tx,
    /// The person behind the account and whether they were marked unreachable.
    pub person: Option<(Person, bool)>,
    /// The stored conversation of the chat and when it last changed.
    pub conversation: Option<(String, DateTime<Utc>)>,
}

/// Who an update came from and where it goes.
pub struct Update<'a> {
    pub channel: &'a str,
    pub update_id: &'a str,
    pub user_id: &'a str,
    pub chat_id: &'a str,
}

/// Begins the step's transaction and loads what every step needs; `None`
/// when the update was handled before (then nothing is kept).
pub async fn open(db: &Db, update: &Update<'_>, now: DateTime<Utc>) -> anyhow::Result<Option<Opening>> {
    let Db::Sqlite(sqlite) = db else {
        let mut tx = db.begin().await?;
        if !dialogues::mark_seen(&mut tx, update.channel, update.update_id, now).await? {
            return Ok(None);
        }
        let person = people::find(&mut tx, update.channel, update.user_id).await?;
        let conversation = dialogues::load(&mut tx, update.channel, update.chat_id).await?;
        return Ok(Some(Opening { tx, person, conversation }));
    };
    static OPENING: LazyLock<String> =
        LazyLock::new(|| script(&[sqlite::BEGIN, dialogues::MARK_SEEN, people::FIND, dialogues::LOAD]));
    let mut t = sqlite.begin_in_first_query().await?;
    let opening = sqlx::query(&OPENING)
        .bind(update.channel)
        .bind(update.update_id)
        .bind(now)
        .bind(update.channel)
        .bind(update.user_id)
        .bind(update.channel)
        .bind(update.chat_id);
    // The connection's own `fetch_many`: the result of every statement.
    let mut results = (&mut *t).fetch_many(opening);
    // Each statement's rows, then its result, in order: BEGIN; the update
    // id (one row changed the first time); the person (a row per role); the
    // conversation (one row or none).
    let (mut statement, mut first_time, mut found, mut conversation) = (0, false, Vec::new(), None);
    while let Some(result) = results.try_next().await? {
        match result {
            Either::Left(done) => {
                first_time |= statement == 1 && done.rows_affected() == 1;
                statement += 1;
            }
            Either::Right(row) if statement == 2 => found.push(people::Found::from_row(&row)?),
            Either::Right(row) => conversation = Some(FromRow::from_row(&row)?),
        }
    }
    drop(results);
    if !first_time {
        return Ok(None);
    }
    Ok(Some(Opening { tx: Tx::Sqlite(t), person: people::found(found)?, conversation }))
}

/// Ends the step: saves the conversation `state` of the chat, writes the
/// `replies` to the outbox, and commits. Returns the replies' ids, in order.
pub async fn close(tx: Tx, state: &str, replies: &StepReplies<'_>) -> anyhow::Result<Vec<i64>> {
    let (channel, chat_id, now) = (replies.channel, replies.chat_id, replies.now);
    let t = match tx {
        Tx::Sqlite(t) => t,
        mut tx @ Tx::Postgres(_) => {
            dialogues::save(&mut tx, channel, chat_id, state, now).await?;
            let ids = outbox::enqueue_replies(&mut tx, replies).await?;
            tx.commit().await?;
            return Ok(ids);
        }
    };
    let texts = replies.texts()?;
    let closing = match replies.replies.len() {
        0 => script(&[dialogues::SAVE, "COMMIT"]),
        _ => script(&[dialogues::SAVE, &replies.sql(), "COMMIT"]),
    };
    let saved = sqlx::query(&closing).bind(channel).bind(chat_id).bind(state).bind(now);
    let rows = t.commit_with(replies.bind(saved, &texts)).await?;
    let mut ids = rows.iter().map(|row| row.try_get(0)).collect::<sqlx::Result<Vec<i64>>>()?;
    ids.sort_unstable();
    Ok(ids)
}
