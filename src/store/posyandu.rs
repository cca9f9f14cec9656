//! Posyandu, each in one desa/kelurahan.

use chrono::{DateTime, Utc};

use super::{Db, on_db};
use crate::domain::region::RegionCode;

/// A posyandu as listed for an admin.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct PosyanduRow {
    pub id: i64,
    pub name: String,
    pub desa_code: String,
    pub desa_name: String,
}

/// Adds a posyandu, or finds the one with the same name in the same desa.
/// Returns its id and whether it is new.
pub async fn add(db: &Db, name: &str, desa: &RegionCode, now: DateTime<Utc>) -> sqlx::Result<(i64, bool)> {
    let insert = "INSERT INTO posyandu (name, desa_code, created_at) VALUES ($1, $2, $3)
                  ON CONFLICT (desa_code, name) DO NOTHING RETURNING id";
    let new: Option<i64> = on_db!(db, p => sqlx::query_scalar(insert).bind(name).bind(desa.as_str()).bind(now)
        .fetch_optional(p).await?);
    if let Some(id) = new {
        return Ok((id, true));
    }
    let existing = "SELECT id FROM posyandu WHERE desa_code = $1 AND name = $2";
    let id = on_db!(db, p => sqlx::query_scalar(existing).bind(desa.as_str()).bind(name).fetch_one(p).await?);
    Ok((id, false))
}

/// The posyandu in `area` (any level; all of them for `None`), by desa and name.
pub async fn list(db: &Db, area: Option<&RegionCode>) -> sqlx::Result<Vec<PosyanduRow>> {
    let base = "SELECT p.id, p.name, p.desa_code, r.name AS desa_name
                FROM posyandu p JOIN region r ON r.code = p.desa_code";
    let order = "ORDER BY p.desa_code, p.name";
    match area {
        None => on_db!(db, p => sqlx::query_as(&format!("{base} {order}")).fetch_all(p).await),
        Some(area) => {
            let (low, high) = area.subtree();
            let sql = format!("{base} WHERE p.desa_code >= $1 AND p.desa_code < $2 {order}");
            on_db!(db, p => sqlx::query_as(&sql).bind(&low).bind(&high).fetch_all(p).await)
        }
    }
}

/// The posyandu with this id, if any.
pub async fn get(db: &Db, id: i64) -> sqlx::Result<Option<PosyanduRow>> {
    let sql = "SELECT p.id, p.name, p.desa_code, r.name AS desa_name
               FROM posyandu p JOIN region r ON r.code = p.desa_code WHERE p.id = $1";
    on_db!(db, p => sqlx::query_as(sql).bind(id).fetch_optional(p).await)
}
