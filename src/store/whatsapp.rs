//! What the WhatsApp adapter remembers per chat (when the user last wrote,
//! the numbered choices last offered) and the delivery statuses Meta reports
//! for sent messages (see [`crate::channels::whatsapp`]).

use chrono::{DateTime, Utc};

use super::{Db, on_db};

/// WhatsApp's name in the `channel` columns.
const CHANNEL: &str = "whatsapp";

/// The error code of a message Meta could not deliver to the person (no
/// WhatsApp account, or they blocked the business).
pub const UNDELIVERABLE: i64 = 131026;

/// Notes that the user of `chat` wrote at `at`.
pub async fn note_inbound(db: &Db, chat: &str, at: DateTime<Utc>) -> anyhow::Result<()> {
    let sql = "INSERT INTO whatsapp_chat (chat_id, last_inbound_at) VALUES ($1, $2)
               ON CONFLICT (chat_id) DO UPDATE SET last_inbound_at = excluded.last_inbound_at";
    on_db!(db, p => sqlx::query(sql).bind(chat).bind(at).execute(p).await.map(|_| ())?);
    Ok(())
}

/// When the user of `chat` last wrote, if ever.
pub async fn last_inbound(db: &Db, chat: &str) -> anyhow::Result<Option<DateTime<Utc>>> {
    let sql = "SELECT last_inbound_at FROM whatsapp_chat WHERE chat_id = $1";
    let at: Option<Option<DateTime<Utc>>> =
        on_db!(db, p => sqlx::query_scalar(sql).bind(chat).fetch_optional(p).await?);
    Ok(at.flatten())
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

/// The button data of choice `number` (from 1) last offered to `chat`.
pub async fn choice(db: &Db, chat: &str, number: usize) -> anyhow::Result<Option<String>> {
    let sql = "SELECT choices FROM whatsapp_chat WHERE chat_id = $1";
    let stored: Option<Option<String>> = on_db!(db, p => sqlx::query_scalar(sql).bind(chat).fetch_optional(p).await?);
    let Some(stored) = stored.flatten() else { return Ok(None) };
    let choices: Vec<String> = serde_json::from_str(&stored)?;
    Ok(number.checked_sub(1).and_then(|i| choices.get(i)).cloned())
}

/// A delivery status Meta reported for the message with platform id `wamid`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Delivery {
    Sent,
    Delivered,
    Read,
    /// Not delivered, with Meta's error code.
    Failed(i64),
}

impl Delivery {
    /// Later statuses rank higher; a failure ranks highest.
    fn rank(&self) -> i32 {
        match self {
            Delivery::Sent => 1,
            Delivery::Delivered => 2,
            Delivery::Read => 3,
            Delivery::Failed(_) => 4,
        }
    }

    fn name(&self) -> &'static str {
        match self {
            Delivery::Sent => "sent",
            Delivery::Delivered => "delivered",
            Delivery::Read => "read",
            Delivery::Failed(_) => "failed",
        }
    }
}

/// Records `delivery` on the outbox row of `wamid`. Statuses may arrive out
/// of order: a later one never goes back (read stays read), and a failure
/// marks the row failed; an undeliverable one ([`UNDELIVERABLE`]) also marks
/// the person unreachable until they write again. Returns whether the
/// message is known (false: not sent by this bot, or not yet marked sent).
pub async fn record_delivery(db: &Db, wamid: &str, delivery: &Delivery, at: DateTime<Utc>) -> anyhow::Result<bool> {
    let sql = "UPDATE outbox SET delivery = $1, delivery_at = $2
               WHERE channel = $3 AND platform_id = $4
                 AND CASE delivery WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3
                                   WHEN 'failed' THEN 4 ELSE 0 END < $5";
    let updated = on_db!(db, p => sqlx::query(sql).bind(delivery.name()).bind(at).bind(CHANNEL).bind(wamid)
        .bind(delivery.rank()).execute(p).await.map(|r| r.rows_affected())?);
    if updated == 0 {
        // Known but already further along (read stays read), or unknown.
        let sql = "SELECT COUNT(*) FROM outbox WHERE channel = $1 AND platform_id = $2";
        let known: i64 = on_db!(db, p => sqlx::query_scalar(sql).bind(CHANNEL).bind(wamid).fetch_one(p).await?);
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
