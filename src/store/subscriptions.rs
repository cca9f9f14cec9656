//! Which scheduled digests an official receives (`/langganan`): a row per
//! person and subscription ever switched; no row means on, so a new
//! official receives both without a write.

use chrono::{DateTime, Utc};
use strum::IntoEnumIterator;

use super::audience::{Arg, Audience};
use super::{Tx, on_tx};
use crate::domain::lang::Lang;
use crate::domain::region::RegionCode;
use crate::domain::schedule::{Sending, Subscription};

/// Every subscription of the person and whether it is on.
pub async fn get(tx: &mut Tx, person_id: i64) -> sqlx::Result<Vec<(Subscription, bool)>> {
    let sql = "SELECT kind, enabled FROM subscription WHERE person_id = $1";
    let rows: Vec<(String, bool)> = on_tx!(tx, c => sqlx::query_as(sql).bind(person_id).fetch_all(&mut *c).await?);
    Ok(Subscription::iter()
        .map(|kind| {
            let stored = rows.iter().find(|(name, _)| name == kind.as_str());
            (kind, stored.is_none_or(|(_, enabled)| *enabled))
        })
        .collect())
}

/// Turns the person's subscription `kind` on or off.
pub async fn set(tx: &mut Tx, person_id: i64, kind: Subscription, on: bool, now: DateTime<Utc>) -> sqlx::Result<()> {
    let sql = "INSERT INTO subscription (person_id, kind, enabled, updated_at) VALUES ($1, $2, $3, $4)
               ON CONFLICT (person_id, kind) DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at";
    on_tx!(tx, c => sqlx::query(sql).bind(person_id).bind(kind.as_str()).bind(on).bind(now)
        .execute(&mut *c).await.map(|_| ()))
}

/// An SQL condition: the person whose id is the expression `person` has
/// not turned off the subscription named by the parameter `kind` (`$3`).
pub fn receives(person: &str, kind: &str) -> String {
    format!(
        "NOT EXISTS (SELECT 1 FROM subscription s WHERE s.person_id = {person} AND s.kind = {kind} AND NOT s.enabled)"
    )
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

/// Schedules one job per region of zone `time_zone` with an official who
/// receives `sending` (`INSERT … SELECT`: no list of officials in memory):
/// key `{key}{region}`, payload `{payload}{region}"}` (a JSON object whose
/// last field is the region); returns how many were new.
pub async fn schedule_per_region(
    tx: &mut Tx,
    sending: Sending,
    time_zone: &str,
    (key, kind, payload): (&str, &str, &str),
    due_at: DateTime<Utc>,
) -> anyhow::Result<u64> {
    let sql = format!(
        "INSERT INTO job (key, kind, payload, due_at, not_before, status)
         SELECT $1 || x.region_code, $2, $3 || x.region_code || '\"}}', $4, $4, 'pending'
         FROM (SELECT DISTINCT o.region_code {} AND o.region_code IN (SELECT code FROM region WHERE time_zone = $5)) x
         WHERE true -- SQLite: without it, ON CONFLICT would read as a join's ON
         ON CONFLICT (key) DO NOTHING",
        receiving("$6")
    );
    let written = on_tx!(tx, c => sqlx::query(&sql).bind(key).bind(kind).bind(payload).bind(due_at)
        .bind(time_zone).bind(sending.as_str()).execute(&mut *c).await?.rows_affected());
    Ok(written)
}

/// The languages the officials of `region` who receive `sending` read.
pub async fn languages(tx: &mut Tx, sending: Sending, region: &RegionCode) -> anyhow::Result<Vec<Lang>> {
    let sql = format!("SELECT DISTINCT p.language {} AND o.region_code = $2", receiving("$1"));
    let tags: Vec<String> = on_tx!(tx, c => sqlx::query_scalar(&sql).bind(sending.as_str()).bind(region.as_str())
        .fetch_all(&mut *c).await?);
    Ok(tags.iter().filter_map(|tag| Lang::from_tag(tag)).collect())
}

/// The officials of `region` who read `lang` and receive `sending`.
pub fn receiving_in(sending: Sending, region: &RegionCode, lang: Lang) -> Audience {
    let sql = format!(
        "SELECT p.id AS person_id, r.time_zone FROM person p JOIN region r ON r.code = $1
         WHERE p.language = $2 AND p.id IN (SELECT o.person_id {} AND o.region_code = $1)",
        receiving("$3")
    );
    let args = vec![
        Arg::Text(region.as_str().to_owned()),
        Arg::Text(lang.tag().to_owned()),
        Arg::Text(sending.as_str().to_owned()),
    ];
    Audience { sql, args }
}
