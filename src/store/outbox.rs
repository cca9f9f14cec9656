//! The outbox table: messages written in the transaction of what causes
//! them, claimed by a sender, and settled (sent, retried later, failed,
//! unreachable). The outbox module (`src/outbox`) sends them.

use chrono::{DateTime, Utc};

use sqlx::Row as _;
use sqlx::query::Query;

use super::{Db, Tx, on_db, on_tx};
use crate::domain::channel::Channel;
use crate::domain::lang::Lang;
use crate::i18n::Reader;
use crate::reply::Reply;
use chrono_tz::Tz;

/// How long a claim holds a row before another sender may take it.
pub const LEASE: chrono::Duration = chrono::Duration::seconds(60);
/// Who goes first when the rate limit binds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Priority {
    /// The answer to what a user just sent.
    Reply = 0,
    /// A notice to one person (a change, a reminder).
    Notice = 1,
    /// One of many (an invitation to an area).
    Broadcast = 2,
}

/// A message to write.
#[derive(Clone, Debug, PartialEq)]
pub struct NewMessage {
    pub channel: Channel,
    pub chat_id: String,
    /// The registered recipient, whose language is used when it is sent.
    pub person_id: Option<i64>,
    pub lang: Lang,
    /// The recipient's time zone, for the moments the message shows.
    pub time_zone: Tz,
    pub priority: Priority,
    /// Makes a second write of the same message a no-op (e.g. `meeting:12:invite:7`).
    pub key: Option<String>,
    pub reply: Reply,
}

/// A message claimed for sending.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    pub id: i64,
    pub chat_id: String,
    pub person_id: Option<i64>,
    pub lang: Lang,
    pub time_zone: Tz,
    pub priority: i32,
    pub reply: Reply,
    /// Tries so far, this one included.
    pub attempts: i32,
}

/// Writes `message`; returns its id, or `None` when its key was written
/// before (the second write of the same thing is a no-op). `claimed_until`
/// set means the writer sends it itself and others leave it alone until then.
pub async fn enqueue(
    tx: &mut Tx,
    message: &NewMessage,
    claimed_until: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<i64>> {
    let sql = "INSERT INTO outbox (channel, chat_id, person_id, lang, time_zone, priority, key, reply, status,
                   not_before, claimed_until, created_at)
               VALUES ($1, $2, $3, $4, $10, $5, $6, $7, 'pending', $8, $9, $8)
               ON CONFLICT (key) DO NOTHING RETURNING id";
    let reply = serde_json::to_string(&message.reply)?;
    let id: Option<i64> = on_tx!(tx, c => sqlx::query_scalar(sql)
        .bind(message.channel.as_str()).bind(&message.chat_id).bind(message.person_id).bind(message.lang.tag())
        .bind(message.priority as i32).bind(message.key.as_deref()).bind(&reply).bind(now).bind(claimed_until)
        .bind(message.time_zone.name()).fetch_optional(&mut *c).await?);
    Ok(id)
}

/// Writes a step's replies to `chat`, claimed by the step until
/// `claimed_until` (it sends them itself); returns their ids in order.
pub async fn enqueue_replies(tx: &mut Tx, replies: &StepReplies<'_>) -> anyhow::Result<Vec<i64>> {
    if replies.replies.is_empty() {
        return Ok(Vec::new());
    }
    let sql = replies.sql();
    let texts = replies.texts()?;
    let mut ids: Vec<i64> = on_tx!(tx, c => replies.bind(sqlx::query(&sql), &texts).fetch_all(&mut *c).await?
        .iter().map(|row| row.try_get(0)).collect::<sqlx::Result<_>>()?);
    ids.sort_unstable();
    Ok(ids)
}

/// A step's replies to one chat, as outbox rows claimed by the step until
/// `claimed_until` (it sends them itself).
pub struct StepReplies<'a> {
    pub channel: &'a str,
    pub chat_id: &'a str,
    pub person_id: Option<i64>,
    pub reader: Reader,
    pub replies: &'a [Reply],
    pub claimed_until: DateTime<Utc>,
    pub now: DateTime<Utc>,
}

impl StepReplies<'_> {
    /// The INSERT of the rows, returning their ids: `$1`…`$7` the values
    /// all rows share (see [`StepReplies::bind`]), then each reply's JSON.
    pub(super) fn sql(&self) -> String {
        let values: Vec<String> = (0..self.replies.len())
            .map(|i| format!("($1, $2, $3, $4, $7, 0, ${}, 'pending', $5, $6, $5)", i + 8))
            .collect();
        format!(
            "INSERT INTO outbox (channel, chat_id, person_id, lang, time_zone, priority, reply, status, not_before,
                                 claimed_until, created_at)
             VALUES {} RETURNING id",
            values.join(", ")
        )
    }

    /// Each reply as stored.
    pub(super) fn texts(&self) -> serde_json::Result<Vec<String>> {
        self.replies.iter().map(serde_json::to_string).collect()
    }

    /// Binds the values of [`StepReplies::sql`] to `query`, on either backend.
    pub(super) fn bind<'q, DB>(
        &'q self,
        query: Query<'q, DB, DB::Arguments<'q>>,
        texts: &'q [String],
    ) -> Query<'q, DB, DB::Arguments<'q>>
    where
        DB: sqlx::Database,
        &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
        Option<i64>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
        DateTime<Utc>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    {
        let mut query = query
            .bind(self.channel)
            .bind(self.chat_id)
            .bind(self.person_id)
            .bind(self.reader.lang.tag())
            .bind(self.now)
            .bind(self.claimed_until)
            .bind(self.reader.tz.name());
        for text in texts {
            query = query.bind(text.as_str());
        }
        query
    }
}

type Row = (i64, String, Option<i64>, String, String, i32, String, i32);

/// Claims up to `limit` messages of `channel` that are due, highest
/// priority first, until `lease_until`. Only the oldest waiting message of
/// each chat is taken, so a chat's messages go out in order. On PostgreSQL
/// rows another process holds are skipped, so no two send the same row.
pub async fn claim_due(
    db: &Db,
    channel: &str,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: i64,
) -> anyhow::Result<Vec<Message>> {
    let skip_locked = match db {
        Db::Sqlite(_) => "",
        Db::Postgres(_) => "FOR UPDATE SKIP LOCKED",
    };
    // Only the oldest waiting row of each chat may go (a chat's messages
    // keep their order); of those, the due and unclaimed ones, most urgent
    // first. `outbox_waiting` (partial, on waiting rows only) serves both.
    let sql = format!(
        "UPDATE outbox SET claimed_until = $1, attempts = attempts + 1
         WHERE id IN (
             SELECT x.id FROM outbox x
             WHERE x.id IN (SELECT MIN(id) FROM outbox WHERE channel = $2 AND status = 'pending' GROUP BY chat_id)
               AND x.not_before <= $3 AND (x.claimed_until IS NULL OR x.claimed_until < $3)
             ORDER BY x.priority, x.id LIMIT $4 {skip_locked})
         RETURNING id, chat_id, person_id, lang, time_zone, priority, reply, attempts"
    );
    let mut tx = db.begin().await?;
    let rows: Vec<Row> = on_tx!(&mut tx, c => sqlx::query_as(&sql).bind(lease_until).bind(channel).bind(now)
        .bind(limit).fetch_all(&mut *c).await?);
    tx.commit().await?;
    let mut messages = Vec::with_capacity(rows.len());
    for row in rows {
        let id = row.0;
        match message(row) {
            Ok(message) => messages.push(message),
            // Written by another version of the bot: it can never be sent,
            // and must not hold up the chat's next messages.
            Err(error) => {
                tracing::error!(id, error = format!("{error:#}"), "unreadable message given up");
                mark_failed(db, id, &format!("unreadable: {error:#}")).await?;
            }
        }
    }
    messages.sort_by_key(|m| (m.priority, m.id));
    Ok(messages)
}

fn message((id, chat_id, person_id, lang, time_zone, priority, reply, attempts): Row) -> anyhow::Result<Message> {
    let reply: Reply = serde_json::from_str(&reply)?;
    let lang = Lang::from_tag(&lang).unwrap_or_default();
    let time_zone = time_zone.parse().unwrap_or(chrono_tz::Tz::Asia__Jakarta);
    Ok(Message { id, chat_id, person_id, lang, time_zone, priority, reply, attempts })
}

/// Frees every claim. Only for SQLite at start-up, where one process
/// owns the file: claims left in the table were held by a run that died, and
/// its messages need not wait for the claims to run out.
pub async fn release_claims(db: &Db) -> anyhow::Result<u64> {
    let sql = "UPDATE outbox SET claimed_until = NULL WHERE status = 'pending' AND claimed_until IS NOT NULL";
    let released = on_db!(db, p => sqlx::query(sql).execute(p).await.map(|r| r.rows_affected())?);
    Ok(released)
}

/// Marks messages sent, each with the platform's id of what was sent.
pub async fn mark_sent(db: &Db, sent: &[(i64, String)], now: DateTime<Utc>) -> anyhow::Result<()> {
    if sent.is_empty() {
        return Ok(());
    }
    let cases: String = (0..sent.len()).map(|i| format!(" WHEN ${} THEN ${}", 2 * i + 2, 2 * i + 3)).collect();
    let list = (0..sent.len()).map(|i| format!("${}", 2 * i + 2)).collect::<Vec<_>>().join(", ");
    let sql = format!(
        "UPDATE outbox SET status = 'sent', sent_at = $1, claimed_until = NULL, platform_id = CASE id{cases} END
         WHERE id IN ({list})"
    );
    on_db!(db, p => {
        let mut query = sqlx::query(&sql).bind(now);
        for (id, platform_id) in sent {
            query = query.bind(id).bind(platform_id);
        }
        query.execute(p).await.map(|_| ())?;
    });
    Ok(())
}

/// Puts messages back to be sent from `not_before` on, noting why.
pub async fn retry_later(db: &Db, ids: &[i64], not_before: DateTime<Utc>, error: &str) -> anyhow::Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let list = placeholders(3, ids.len());
    let sql = format!(
        "UPDATE outbox SET not_before = $1, last_error = $2, claimed_until = NULL
         WHERE id IN ({list}) AND status = 'pending'"
    );
    on_db!(db, p => {
        let mut query = sqlx::query(&sql).bind(not_before).bind(error);
        for id in ids {
            query = query.bind(id);
        }
        query.execute(p).await.map(|_| ())?;
    });
    Ok(())
}

/// Holds message `id` from `now` until its person writes ([`RELEASE_HELD`]):
/// WhatsApp took only its template (`template`, the id of the one sent or
/// the one it waits behind, if any).
pub async fn hold(db: &Db, id: i64, template: Option<&str>, now: DateTime<Utc>) -> anyhow::Result<()> {
    let sql = "UPDATE outbox SET status = 'held', template_id = COALESCE($1, template_id), held_at = $2,
                                 claimed_until = NULL
               WHERE id = $3";
    on_db!(db, p => sqlx::query(sql).bind(template).bind(now).bind(id).execute(p).await.map(|_| ())?);
    Ok(())
}

/// The person of a chat wrote: their held messages go now, in order.
/// Parameters: the time, the channel, the chat.
pub const RELEASE_HELD: &str = "UPDATE outbox SET status = 'pending', not_before = $1
                                WHERE channel = $2 AND chat_id = $3 AND status = 'held'";

/// Gives up on a message; the error stays on the row for whoever sent it.
pub async fn mark_failed(db: &Db, id: i64, error: &str) -> anyhow::Result<()> {
    on_db!(db, p => sqlx::query("UPDATE outbox SET status = 'failed', last_error = $1, claimed_until = NULL WHERE id = $2")
        .bind(error).bind(id).execute(p).await.map(|_| ())?);
    Ok(())
}

/// The person behind `chat` blocked the bot: message `id` and the chat's
/// waiting messages are marked unreachable (not those another sender has in
/// hand: it will learn the same), and the person is marked until they write
/// again.
pub async fn mark_unreachable(
    db: &Db,
    id: i64,
    channel: &str,
    chat_id: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let mut tx = db.begin().await?;
    let sql = "UPDATE outbox SET status = 'unreachable', claimed_until = NULL
               WHERE status = 'pending' AND (id = $1 OR (channel = $2 AND chat_id = $3
                     AND (claimed_until IS NULL OR claimed_until < $4)))";
    on_tx!(&mut tx, c => sqlx::query(sql).bind(id).bind(channel).bind(chat_id).bind(now)
        .execute(&mut *c).await.map(|_| ())?);
    on_tx!(&mut tx, c => sqlx::query("UPDATE person SET unreachable_at = $1 WHERE channel = $2 AND external_id = $3")
        .bind(now).bind(channel).bind(chat_id).execute(&mut *c).await.map(|_| ())?);
    tx.commit().await?;
    Ok(())
}

/// Forgets settled messages created before `before` with priority at most
/// `priority` (replies first; broadcasts are kept longer for their tallies).
pub async fn forget_settled(db: &Db, priority: i32, before: DateTime<Utc>) -> anyhow::Result<u64> {
    let sql = "DELETE FROM outbox WHERE status NOT IN ('pending', 'held') AND priority <= $1 AND created_at < $2";
    let forgotten = on_db!(db, p => sqlx::query(sql).bind(priority).bind(before).execute(p).await
        .map(|r| r.rows_affected())?);
    Ok(forgotten)
}

/// `$first, $first+1, …` for `count` values.
fn placeholders(first: usize, count: usize) -> String {
    (first..first + count).map(|n| format!("${n}")).collect::<Vec<_>>().join(", ")
}
