//! Scheduled digests to officials, through the outbox: the weekly
//! completeness update and the month's digest. When such a moment of the
//! cycle fires in a zone, [`fan_out`] adds one job per region of that zone
//! with an official who receives it (`INSERT … SELECT` into the job table:
//! no list of officials in memory). Each region job ([`send`]) computes the
//! region's digest once, renders it once per language its officials read,
//! and writes each message to all of them with one `INSERT … SELECT`.
//!
//! Keys: `digest:{sending}:{periode}:{region}` for a region job,
//! `digest:{sending}:{periode}:{region}:{n}:{person}` for its n-th message
//! to one official, so a region job that runs twice sends nothing twice.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::cycle::{CycleJob, GRACE};
use super::subscriptions::receives;
use super::{Tx, digest, on_tx};
use crate::dialogue::digest::MISSING_PAGE;
use crate::dialogue::{Reply, Settings, scheduled};
use crate::domain::lang::Lang;
use crate::domain::periode::Periode;
use crate::domain::region::{Level, RegionCode};
use crate::domain::schedule::{Sending, due_date};
use crate::outbox::Priority;
use crate::store::jobs::Job;
use crate::worker::scheduler::Outcome;

/// The job kind of one region's scheduled digest.
pub const AREA_KIND: &str = "digest-area";

/// Months in the monthly digest's trend chart, as `/rekap` shows.
const TREND_MONTHS: u32 = 12;

/// What a region job carries (written by SQL in [`fan_out`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AreaJob {
    pub sending: Sending,
    pub periode: Periode,
    pub region: RegionCode,
}

/// The officials `o` (with their person `p`) who can be reached and
/// receive the sending named by parameter `$kind`.
fn receiving(kind: &str) -> String {
    format!(
        "FROM official o JOIN person p ON p.id = o.person_id
         WHERE p.unreachable_at IS NULL AND {}",
        receives("o.person_id", kind)
    )
}

/// Schedules a region job at `due_at` for each region of `moment`'s zone
/// whose officials receive it; returns how many were new.
pub async fn fan_out(tx: &mut Tx, moment: &CycleJob, due_at: DateTime<Utc>) -> anyhow::Result<u64> {
    let sql = format!(
        "INSERT INTO job (key, kind, payload, due_at, not_before, status)
         SELECT $1 || x.region_code, $2, $3 || x.region_code || '\"}}', $4, $4, 'pending'
         FROM (SELECT DISTINCT o.region_code {} AND o.region_code IN (SELECT code FROM region WHERE time_zone = $5)) x
         WHERE true -- SQLite: without it, ON CONFLICT would read as a join's ON
         ON CONFLICT (key) DO NOTHING",
        receiving("$6")
    );
    let sending = moment.sending.as_str();
    let key = format!("digest:{sending}:{}:", moment.periode);
    let payload = format!(r#"{{"sending":"{sending}","periode":"{}","region":""#, moment.periode);
    let written = on_tx!(tx, c => sqlx::query(&sql).bind(&key).bind(AREA_KIND).bind(&payload).bind(due_at)
        .bind(&moment.time_zone).bind(sending).execute(&mut *c).await?.rows_affected());
    Ok(written)
}

/// Fires a region job: the region's digest to each of its officials who
/// receive it, in their language. Dropped when late by more than [`GRACE`].
pub async fn send(tx: &mut Tx, job: &Job, now: DateTime<Utc>, settings: &Settings) -> anyhow::Result<Outcome> {
    if job.is_stale(now, GRACE) {
        return Ok(Outcome::Dropped);
    }
    let AreaJob { sending, periode, region } = job.parse_payload()?;
    let area = digest::area(tx, Some(&region), periode, &settings.digest).await?;
    let sql = format!("SELECT DISTINCT p.language {} AND o.region_code = $2", receiving("$1"));
    let langs: Vec<String> = on_tx!(tx, c => sqlx::query_scalar(&sql).bind(sending.as_str()).bind(region.as_str())
        .fetch_all(&mut *c).await?);
    let monthly = match sending {
        Sending::Monthly => {
            let trend = digest::trend(tx, Some(&region), periode, TREND_MONTHS).await?;
            let missing = match region.level() {
                Level::Kecamatan | Level::Desa if area.missing() > 0 => {
                    Some(digest::missing(tx, Some(&region), periode, 0, MISSING_PAGE).await?)
                }
                _ => None,
            };
            Some((trend, missing))
        }
        Sending::Weekly | Sending::Reminder => None,
    };
    let key = format!("digest:{}:{periode}:{region}:", sending.as_str());
    for lang in langs.iter().filter_map(|tag| Lang::from_tag(tag)) {
        let messages = match &monthly {
            Some((trend, missing)) => scheduled::monthly(&area, trend, missing.as_ref(), &settings.digest, now, lang),
            None => vec![scheduled::completeness(&area, due_date(periode, settings.digest.due_day))],
        };
        write(tx, &key, &region, lang, &messages, sending, now).await?;
    }
    Ok(Outcome::Done)
}

/// Writes `messages` to every official of `region` who reads `lang` and
/// receives `sending`, keyed `{key}{n}:{person}`.
async fn write(
    tx: &mut Tx,
    key: &str,
    region: &RegionCode,
    lang: Lang,
    messages: &[Reply],
    sending: Sending,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let sql = format!(
        "INSERT INTO outbox (channel, chat_id, person_id, lang, time_zone, priority, key, reply, status,
                             not_before, created_at)
         SELECT p.channel, p.external_id, p.id, p.language, r.time_zone, $1, $2 || CAST(p.id AS TEXT), $3,
                'pending', $4, $4
         FROM person p JOIN region r ON r.code = $5
         WHERE p.language = $6
           AND p.id IN (SELECT o.person_id {} AND o.region_code = $5)
         ON CONFLICT (key) DO NOTHING",
        receiving("$7")
    );
    for (n, message) in messages.iter().enumerate() {
        let reply = serde_json::to_string(message)?;
        let key = format!("{key}{n}:");
        on_tx!(tx, c => sqlx::query(&sql).bind(Priority::Broadcast as i32).bind(&key).bind(&reply).bind(now)
            .bind(region.as_str()).bind(lang.tag()).bind(sending.as_str()).execute(&mut *c).await.map(|_| ())?);
    }
    Ok(())
}
