//! Writing one message for many people: an [`Audience`] is a query of the
//! people it goes to, and [`write`] turns it into outbox rows with one
//! `INSERT … SELECT`, so no audience is ever held in memory. Every message
//! that goes to more than the chat it answers is written here: invitations,
//! meeting notices and reminders, report reminders, scheduled digests, the
//! organizer's status message.

use chrono::{DateTime, Utc};

use super::outbox::Priority;
use super::{Tx, on_tx};
use crate::reply::Reply;

/// An argument of an [`Audience`] query.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    Int(i64),
    Text(String),
}

/// Who a message goes to: SQL that selects `person_id, time_zone` rows
/// (each person at most once), with its arguments as `$1`, `$2`, … in order.
#[derive(Clone, Debug, PartialEq)]
pub struct Audience {
    pub sql: String,
    pub args: Vec<Arg>,
}

/// The outbox key of each row, which makes a second write a no-op.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Keyed<'a> {
    /// `{prefix}{person id}`: one row per person.
    PerPerson(&'a str),
    /// This key: one row in all (an audience of one).
    Once(&'a str),
}

/// Writes `reply` to the outbox for every person of `audience` who can be
/// reached; returns how many rows are new.
pub async fn write(
    tx: &mut Tx,
    audience: &Audience,
    key: Keyed<'_>,
    reply: &Reply,
    priority: Priority,
    now: DateTime<Utc>,
) -> anyhow::Result<u64> {
    let n = audience.args.len();
    let (key_at, reply_at, priority_at, now_at) = (n + 1, n + 2, n + 3, n + 4);
    let (key_sql, key) = match key {
        Keyed::PerPerson(prefix) => (format!("${key_at} || CAST(p.id AS TEXT)"), prefix),
        Keyed::Once(key) => (format!("${key_at}"), key),
    };
    let sql = format!(
        "INSERT INTO outbox (channel, chat_id, person_id, lang, time_zone, priority, key, reply, status,
                             not_before, created_at)
         SELECT p.channel, p.external_id, p.id, p.language, a.time_zone, ${priority_at}, {key_sql}, ${reply_at},
                'pending', ${now_at}, ${now_at}
         FROM ({}) a JOIN person p ON p.id = a.person_id
         WHERE p.unreachable_at IS NULL
         ON CONFLICT (key) DO NOTHING",
        audience.sql
    );
    let reply = serde_json::to_string(reply)?;
    let written = on_tx!(tx, c => {
        let mut query = sqlx::query(&sql);
        for arg in &audience.args {
            query = match arg {
                Arg::Int(value) => query.bind(*value),
                Arg::Text(value) => query.bind(value.as_str()),
            };
        }
        query.bind(key).bind(&reply).bind(priority as i32).bind(now).execute(&mut *c).await?.rows_affected()
    });
    Ok(written)
}

/// One person, whose messages show moments in `time_zone`.
pub fn person(person_id: i64, time_zone: &str) -> Audience {
    let sql = "SELECT p.id AS person_id, CAST($2 AS TEXT) AS time_zone FROM person p WHERE p.id = $1";
    Audience { sql: sql.to_owned(), args: vec![Arg::Int(person_id), Arg::Text(time_zone.to_owned())] }
}
