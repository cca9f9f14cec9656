//! Officials' roles by region: moving every role (and the open invites for
//! one) from a region to another, as when a code is retired.

use chrono::{DateTime, Utc};

use super::{Db, on_tx};
use crate::domain::region::RegionCode;

/// What a move changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Moved {
    /// Official roles now on the new region.
    pub roles: u64,
    /// Invites not yet used up or expired, now for the new region.
    pub invites: u64,
}

/// Moves every official role and every open invite from `from` to `to` in one
/// transaction. Someone who already holds the same role on `to` keeps that
/// one (their row on `from` goes). Moving a region onto itself changes
/// nothing. The caller has checked that `to` is current and of the same level.
pub async fn move_region(db: &Db, from: &RegionCode, to: &RegionCode, now: DateTime<Utc>) -> sqlx::Result<Moved> {
    if from == to {
        return Ok(Moved::default());
    }
    let mut tx = db.begin().await?;
    let roles = "UPDATE official SET region_code = $1 WHERE region_code = $2 AND NOT EXISTS (
                     SELECT 1 FROM official o
                     WHERE o.person_id = official.person_id AND o.role = official.role AND o.region_code = $1)";
    let moved = on_tx!(&mut tx, c => sqlx::query(roles).bind(to.as_str()).bind(from.as_str())
        .execute(&mut *c).await?.rows_affected());
    let already_held = "DELETE FROM official WHERE region_code = $2 AND EXISTS (
                            SELECT 1 FROM official o
                            WHERE o.person_id = official.person_id AND o.role = official.role AND o.region_code = $1)";
    let held = on_tx!(&mut tx, c => sqlx::query(already_held).bind(to.as_str()).bind(from.as_str())
        .execute(&mut *c).await?.rows_affected());
    let invites = "UPDATE invite SET region_code = $1 WHERE region_code = $2 AND used < max_uses AND expires_at > $3";
    let invites = on_tx!(&mut tx, c => sqlx::query(invites).bind(to.as_str()).bind(from.as_str()).bind(now)
        .execute(&mut *c).await?.rows_affected());
    tx.commit().await?;
    Ok(Moved { roles: moved + held, invites })
}
