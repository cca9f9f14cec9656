//! Report reminders to kader: when a reminder moment of the cycle fires in
//! a zone, every kader of a posyandu of that zone whose report of the
//! periode has not come in gets one short reminder with the 📋 Lapor
//! bulanan button, written to the outbox by one `INSERT … SELECT` (no list
//! of kader in memory). Whether the report is in is read in that same
//! statement, when the job fires. Key `reminder:{periode}:{date}:{person}`:
//! one a day, however often the job runs, and one for a kader of several
//! posyandu.

use chrono::{DateTime, Utc};

use super::cycle::CycleJob;
use super::{Tx, on_tx};
use crate::dialogue::scheduled;
use crate::domain::schedule::due_date;
use crate::store::outbox::Priority;

/// Writes the reminders of `moment` (a [`Sending::Reminder`](crate::domain::schedule::Sending));
/// returns how many.
pub async fn remind(tx: &mut Tx, moment: &CycleJob, due_day: u32, now: DateTime<Utc>) -> anyhow::Result<u64> {
    let reply = scheduled::reminder(moment.periode, due_date(moment.periode, due_day));
    let sql = "INSERT INTO outbox (channel, chat_id, person_id, lang, time_zone, priority, key, reply, status,
                                   not_before, created_at)
               SELECT p.channel, p.external_id, p.id, p.language, $1, $2, $3 || CAST(p.id AS TEXT), $4, 'pending',
                      $5, $5
               FROM person p
               WHERE p.unreachable_at IS NULL
                 AND EXISTS (SELECT 1 FROM kader k JOIN posyandu po ON po.id = k.posyandu_id
                                 JOIN region r ON r.code = po.desa_code
                             WHERE k.person_id = p.id AND r.time_zone = $1
                               AND NOT EXISTS (SELECT 1 FROM report rp
                                               WHERE rp.posyandu_id = po.id AND rp.periode = $6))
               ON CONFLICT (key) DO NOTHING";
    let key = format!("reminder:{}:{}:", moment.periode, moment.date);
    let reply = serde_json::to_string(&reply)?;
    let written = on_tx!(tx, c => sqlx::query(sql).bind(&moment.time_zone).bind(Priority::Broadcast as i32)
        .bind(&key).bind(&reply).bind(now).bind(moment.periode.to_string()).execute(&mut *c).await?.rows_affected());
    Ok(written)
}
