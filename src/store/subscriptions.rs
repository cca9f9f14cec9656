//! Which scheduled digests an official receives (`/langganan`): a row per
//! person and subscription ever switched; no row means on, so a new
//! official receives both without a write.

use chrono::{DateTime, Utc};
use strum::IntoEnumIterator;

use super::{Tx, on_tx};
use crate::domain::schedule::Subscription;

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
