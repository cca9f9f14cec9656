//! What the WhatsApp adapter remembers per chat (when the user last wrote,
//! the numbered choices last offered, the template standing in for held
//! messages), the delivery statuses Meta reports for sent messages, and the
//! messages of replies sent as several (see the WhatsApp channel).

use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use futures_util::TryStreamExt;
use sqlx::{Either, Executor, Row};

use super::sqlite::script;
use super::{Db, on_db, outbox};
use crate::domain::lang::Lang;
use crate::reply::Reply;

/// WhatsApp's name in the `channel` columns.
const CHANNEL: &str = "whatsapp";

/// The error code of a message Meta could not deliver to the person (no
/// WhatsApp account, or they blocked the business).
pub const UNDELIVERABLE: i64 = 131026;

/// What the adapter learns as a user's message arrives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arrived {
    /// How many held messages of the chat go now.
    pub released: u64,
    /// The numbered choices (button data, in order) last offered, if any.
    pub choices: Option<Vec<String>>,
}

impl Arrived {
    /// The button data of choice `number` (from 1).
    pub fn choice(&self, number: usize) -> Option<&str> {
        let choices = self.choices.as_deref()?;
        number.checked_sub(1).and_then(|i| choices.get(i)).map(String::as_str)
    }
}

/// How stale the noted time of a user's last message may get: it is
/// written again only once it is older than this, so most messages write
/// nothing here. The window then seems to close up to this much early,
/// which only ever sends a template where a message would have done.
const NOTED_EVERY: chrono::Duration = chrono::Duration::minutes(5);

/// Notes that the user of a chat wrote (it opens the 24-hour window),
/// unless it was noted less than [`NOTED_EVERY`] ago. Parameters: the chat,
/// the time, the time less [`NOTED_EVERY`].
const NOTE_INBOUND: &str = "INSERT INTO whatsapp_chat (chat_id, last_inbound_at) VALUES ($1, $2)
                            ON CONFLICT (chat_id) DO UPDATE SET last_inbound_at = excluded.last_inbound_at
                            WHERE whatsapp_chat.last_inbound_at IS NULL OR whatsapp_chat.last_inbound_at < $3";

/// The numbered choices last offered to a chat. Parameter: the chat.
const CHOICES: &str = "SELECT choices FROM whatsapp_chat WHERE chat_id = $1";

/// The user of `chat` wrote at `at`: notes it, releases the chat's held
/// messages and reads the numbered choices last offered. On SQLite this is
/// one round trip to its thread (a script), and writes nothing unless the
/// noted time is stale or messages were held.
pub async fn arrive(db: &Db, chat: &str, at: DateTime<Utc>) -> anyhow::Result<Arrived> {
    let stale = at - NOTED_EVERY;
    let (choices, released): (Option<String>, u64) = match db {
        Db::Sqlite(sqlite) => {
            static ARRIVAL: LazyLock<String> = LazyLock::new(|| script(&[NOTE_INBOUND, outbox::RELEASE_HELD, CHOICES]));
            let query =
                sqlx::query(&ARRIVAL).bind(chat).bind(at).bind(stale).bind(at).bind(CHANNEL).bind(chat).bind(chat);
            let mut connection = sqlite.lock().await?;
            let mut results = (&mut *connection).fetch_many(query);
            // Each statement's result in order (the release's is the
            // second), and the choices' row.
            let (mut choices, mut statement, mut released) = (None, 0, 0);
            while let Some(result) = results.try_next().await? {
                match result {
                    Either::Left(done) => {
                        if statement == 1 {
                            released = done.rows_affected();
                        }
                        statement += 1;
                    }
                    Either::Right(row) => choices = row.try_get(0)?,
                }
            }
            (choices, released)
        }
        Db::Postgres(pool) => {
            sqlx::query(NOTE_INBOUND).bind(chat).bind(at).bind(stale).execute(pool).await?;
            let released = sqlx::query(outbox::RELEASE_HELD).bind(at).bind(CHANNEL).bind(chat).execute(pool).await?;
            let choices = sqlx::query_scalar(CHOICES).bind(chat).fetch_one(pool).await?;
            (choices, released.rows_affected())
        }
    };
    let choices = choices.map(|stored| serde_json::from_str(&stored)).transpose()?;
    Ok(Arrived { released, choices })
}

/// What the sender reads of a chat before sending to it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChatState {
    /// When the user last wrote, if ever.
    pub last_inbound: Option<DateTime<Utc>>,
    /// Whether numbered choices are remembered (to forget once a message
    /// offers none).
    pub has_choices: bool,
}

/// What is known of `chat`, in one read.
pub async fn chat_state(db: &Db, chat: &str) -> anyhow::Result<ChatState> {
    let sql = "SELECT last_inbound_at, choices IS NOT NULL FROM whatsapp_chat WHERE chat_id = $1";
    let row: Option<(Option<DateTime<Utc>>, bool)> =
        on_db!(db, p => sqlx::query_as(sql).bind(chat).fetch_optional(p).await?);
    Ok(row.map(|(last_inbound, has_choices)| ChatState { last_inbound, has_choices }).unwrap_or_default())
}

/// Remembers the choices (button data, in order) of the message just sent
/// to `chat`, so that a typed number picks one; `None` forgets them (the
/// newest message offered no numbered choices).
pub async fn offer_choices(db: &Db, chat: &str, choices: Option<&[String]>) -> anyhow::Result<()> {
    let choices = choices.map(serde_json::to_string).transpose()?;
    let sql = "INSERT INTO whatsapp_chat (chat_id, choices) VALUES ($1, $2)
               ON CONFLICT (chat_id) DO UPDATE SET choices = excluded.choices";
    on_db!(db, p => sqlx::query(sql).bind(chat).bind(choices).execute(p).await.map(|_| ())?);
    Ok(())
}

/// A delivery status Meta reported for the message with platform id `wamid`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Delivery {
    Sent,
    Delivered,
    Read,
    /// Not delivered, with Meta's error code.
    Failed(i64),
}

impl Delivery {
    /// Meta's name of the status ("sent", "delivered", "read", "failed").
    pub fn name(&self) -> &'static str {
        match self {
            Delivery::Sent => "sent",
            Delivery::Delivered => "delivered",
            Delivery::Read => "read",
            Delivery::Failed(_) => "failed",
        }
    }

    /// Later statuses rank higher; a failure ranks highest.
    fn rank(&self) -> i32 {
        match self {
            Delivery::Sent => 1,
            Delivery::Delivered => 2,
            Delivery::Read => 3,
            Delivery::Failed(_) => 4,
        }
    }
}

/// How long a template stands for the messages held after it: later ones
/// bring their own, so a person who did not answer one still hears of the
/// next thing (and is sent at most about one template a day).
const TEMPLATE_STANDS: chrono::Duration = chrono::Duration::hours(24);

/// The id of the template that stands in for messages of `chat` held
/// until the person writes, if one was sent less than [`TEMPLATE_STANDS`]
/// before `now` (as the first message held behind it tells): the chat's
/// next held messages wait with it instead of sending templates of their own.
pub async fn held_template(db: &Db, chat: &str, now: DateTime<Utc>) -> anyhow::Result<Option<String>> {
    let sql = "SELECT template_id FROM outbox
               WHERE channel = $1 AND chat_id = $2 AND status = 'held' AND template_id IS NOT NULL
               GROUP BY template_id HAVING MIN(held_at) >= $3
               ORDER BY MIN(id) DESC LIMIT 1";
    let since = now - TEMPLATE_STANDS;
    let id = on_db!(db, p => sqlx::query_scalar(sql).bind(CHANNEL).bind(chat).bind(since).fetch_optional(p).await?);
    Ok(id)
}

/// How long the earlier messages of a reply are remembered: statuses of
/// older messages no longer come.
const PARTS_KEPT: chrono::Duration = chrono::Duration::days(30);

/// Remembers `parts`, the earlier messages of a reply sent as several,
/// whose last message is `platform_id` (the id on the outbox row); forgets
/// parts older than [`PARTS_KEPT`].
pub async fn remember_parts(db: &Db, parts: &[String], platform_id: &str, at: DateTime<Utc>) -> anyhow::Result<()> {
    if parts.is_empty() {
        return Ok(());
    }
    let values = (0..parts.len()).map(|i| format!("(${}, $1, $2)", i + 3)).collect::<Vec<_>>().join(", ");
    let sql = format!("INSERT INTO whatsapp_part (wamid, platform_id, sent_at) VALUES {values} ON CONFLICT DO NOTHING");
    on_db!(db, p => {
        let mut query = sqlx::query(&sql).bind(platform_id).bind(at);
        for part in parts {
            query = query.bind(part);
        }
        query.execute(p).await.map(|_| ())?;
    });
    let sql = "DELETE FROM whatsapp_part WHERE sent_at < $1";
    on_db!(db, p => sqlx::query(sql).bind(at - PARTS_KEPT).execute(p).await.map(|_| ())?);
    Ok(())
}

/// The platform id of the outbox row that message `wamid` belongs to: its
/// own, or the last message's when it was an earlier part of a reply.
async fn row_platform_id(db: &Db, wamid: &str) -> anyhow::Result<String> {
    let sql = "SELECT platform_id FROM whatsapp_part WHERE wamid = $1";
    let last: Option<String> = on_db!(db, p => sqlx::query_scalar(sql).bind(wamid).fetch_optional(p).await?);
    Ok(last.unwrap_or_else(|| wamid.to_owned()))
}

/// How far a row's delivery has come, as [`Delivery::rank`] counts.
const DELIVERY_RANK: &str = "CASE delivery WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3
                                           WHEN 'failed' THEN 4 ELSE 0 END";

/// Records `delivery` on the outbox row of `wamid`. Statuses may arrive out
/// of order: a later one never goes back (read stays read), and a failure
/// marks the row failed; an undeliverable one ([`UNDELIVERABLE`]) also marks
/// the person unreachable until they write again. A status of an earlier
/// part of a reply sent as several is recorded on the reply's row. Returns
/// whether the message is known (false: not sent by this bot, or not yet
/// marked sent).
pub async fn record_delivery(db: &Db, wamid: &str, delivery: &Delivery, at: DateTime<Utc>) -> anyhow::Result<bool> {
    let wamid = row_platform_id(db, wamid).await?;
    let wamid = wamid.as_str();
    let sql = format!(
        "UPDATE outbox SET delivery = $1, delivery_at = $2
         WHERE channel = $3 AND platform_id = $4 AND {DELIVERY_RANK} < $5"
    );
    let updated = on_db!(db, p => sqlx::query(&sql).bind(delivery.name()).bind(at).bind(CHANNEL).bind(wamid)
        .bind(delivery.rank()).execute(p).await.map(|r| r.rows_affected())?);
    if updated == 0 {
        // Known and already this far or further (read stays read), or not
        // known yet. (Only a row this far along counts: one marked sent
        // since the update above is tried again.)
        let sql =
            format!("SELECT COUNT(*) FROM outbox WHERE channel = $1 AND platform_id = $2 AND {DELIVERY_RANK} >= $3");
        let known: i64 = on_db!(db, p => sqlx::query_scalar(&sql).bind(CHANNEL).bind(wamid).bind(delivery.rank())
            .fetch_one(p).await?);
        return Ok(known > 0);
    }
    if let Delivery::Failed(code) = delivery {
        let error = format!("WhatsApp error {code}");
        let sql = "UPDATE outbox SET status = 'failed', last_error = $1 WHERE channel = $2 AND platform_id = $3";
        on_db!(db, p => sqlx::query(sql).bind(&error).bind(CHANNEL).bind(wamid).execute(p).await.map(|_| ())?);
        if *code == UNDELIVERABLE {
            let sql = "UPDATE person SET unreachable_at = $1 WHERE channel = $2 AND external_id =
                           (SELECT chat_id FROM outbox WHERE channel = $2 AND platform_id = $3 LIMIT 1)";
            on_db!(db, p => sqlx::query(sql).bind(at).bind(CHANNEL).bind(wamid).execute(p).await.map(|_| ())?);
        }
    }
    Ok(true)
}

/// A sent message Meta then refused as outside the 24-hour window (a
/// `failed` status with [`REENGAGEMENT`]), now held until the person writes.
#[derive(Clone, Debug, PartialEq)]
pub struct Refused {
    pub id: i64,
    pub chat_id: String,
    pub lang: Lang,
    pub time_zone: Tz,
    pub reply: Reply,
    /// When it went (before the refusal came).
    pub sent_at: Option<DateTime<Utc>>,
}

/// The error code of a message sent outside the 24-hour window.
pub const REENGAGEMENT: i64 = 131047;

/// What a [`REENGAGEMENT`] status did to its message.
#[derive(Clone, Debug, PartialEq)]
pub enum Reengagement {
    /// No row (yet) has this message's id.
    Unknown,
    /// Its row is no longer sent (already held, or failed): nothing to do.
    Settled,
    /// The row was sent and is held now; its template is still to go.
    Held(Box<Refused>),
}

/// Holds the sent message `wamid` (or the reply it is a part of) until the
/// person writes: Meta refused it as outside the 24-hour window after it
/// was accepted. Its delivery starts over (it is sent again), and so does
/// its template: one it waited behind before was answered when it was
/// released, so it stands for nothing now.
pub async fn hold_refused(db: &Db, wamid: &str) -> anyhow::Result<Reengagement> {
    let wamid = row_platform_id(db, wamid).await?;
    let sql = "UPDATE outbox SET status = 'held', delivery = NULL, delivery_at = NULL, last_error = $1,
                                 template_id = NULL
               WHERE channel = $2 AND platform_id = $3 AND status = 'sent'
               RETURNING id, chat_id, lang, time_zone, reply, sent_at";
    let error = format!("WhatsApp error {REENGAGEMENT}");
    type Row = (i64, String, String, String, String, Option<DateTime<Utc>>);
    let row: Option<Row> = on_db!(db, p => sqlx::query_as(sql).bind(&error)
        .bind(CHANNEL).bind(&wamid).fetch_optional(p).await?);
    let Some((id, chat_id, lang, time_zone, reply, sent_at)) = row else {
        let sql = "SELECT COUNT(*) FROM outbox WHERE channel = $1 AND platform_id = $2";
        let known: i64 = on_db!(db, p => sqlx::query_scalar(sql).bind(CHANNEL).bind(&wamid).fetch_one(p).await?);
        return Ok(if known > 0 { Reengagement::Settled } else { Reengagement::Unknown });
    };
    let reply = serde_json::from_str(&reply)?;
    let lang = Lang::from_tag(&lang).unwrap_or_default();
    let time_zone = time_zone.parse().unwrap_or(Tz::Asia__Jakarta);
    Ok(Reengagement::Held(Box::new(Refused { id, chat_id, lang, time_zone, reply, sent_at })))
}

/// Lets the refused message `id`, held by [`hold_refused`], go again at
/// `now`: the person wrote since it went, so the window is open.
pub async fn release_refused(db: &Db, id: i64, now: DateTime<Utc>) -> anyhow::Result<()> {
    let sql = "UPDATE outbox SET status = 'pending', not_before = $1 WHERE id = $2 AND status = 'held'";
    on_db!(db, p => sqlx::query(sql).bind(now).bind(id).execute(p).await.map(|_| ())?);
    Ok(())
}
