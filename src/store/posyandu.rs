//! Posyandu, each in one desa/kelurahan, the life stages each serves, and
//! moving one to another desa.

use chrono::{DateTime, Utc};

use super::{Db, on_db, on_tx};
use crate::domain::form::{Stage, stages_text};
use crate::domain::periode::Periode;
use crate::domain::region::{RegionCode, province_time_zone};

/// The SQL condition that the posyandu `alias` serves `stage` (its
/// `stages` list holds it, or it has none: every stage; the visitors and
/// staff always).
pub fn serves(alias: &str, stage: Stage) -> String {
    if stage == Stage::Kunjungan {
        return "(1 = 1)".to_owned();
    }
    format!("({alias}.stages IS NULL OR ',' || {alias}.stages || ',' LIKE '%,{},%')", stage.code())
}

/// Sets the life stages a posyandu serves (`None`: every stage); false
/// when there is no such posyandu.
pub async fn set_stages(db: &Db, id: i64, stages: Option<&[Stage]>) -> sqlx::Result<bool> {
    let sql = "UPDATE posyandu SET stages = $1 WHERE id = $2";
    let stages = stages.map(stages_text);
    let changed = on_db!(db, p => sqlx::query(sql).bind(stages).bind(id).execute(p).await?.rows_affected());
    Ok(changed == 1)
}

/// A posyandu as listed for an admin.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct PosyanduRow {
    pub id: i64,
    pub name: String,
    pub desa_code: String,
    pub desa_name: String,
}

/// Adds a posyandu, or finds the one with the same name in the same desa.
/// Returns its id and whether it is new. A new posyandu is expected to
/// report from the month before `now` in its province's zone (the report
/// being collected when it joins), never for months before that.
pub async fn add(db: &Db, name: &str, desa: &RegionCode, now: DateTime<Utc>) -> sqlx::Result<(i64, bool)> {
    let insert = "INSERT INTO posyandu (name, desa_code, created_at, expected_from) VALUES ($1, $2, $3, $4)
                  ON CONFLICT (desa_code, name) DO NOTHING RETURNING id";
    let zone = province_time_zone(desa.province()).unwrap_or(chrono_tz::Tz::Asia__Jakarta);
    let expected_from = Periode::containing(now, zone).previous().to_string();
    let new: Option<i64> = on_db!(db, p => sqlx::query_scalar(insert).bind(name).bind(desa.as_str()).bind(now)
        .bind(&expected_from).fetch_optional(p).await?);
    if let Some(id) = new {
        return Ok((id, true));
    }
    let id = named(db, desa, name).await?.ok_or(sqlx::Error::RowNotFound)?;
    Ok((id, false))
}

/// The id of the posyandu called `name` in `desa`, if there is one.
pub async fn named(db: &Db, desa: &RegionCode, name: &str) -> sqlx::Result<Option<i64>> {
    let sql = "SELECT id FROM posyandu WHERE desa_code = $1 AND name = $2";
    on_db!(db, p => sqlx::query_scalar(sql).bind(desa.as_str()).bind(name).fetch_optional(p).await)
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

/// Moves a posyandu to another desa together with the desa code of its
/// reports' values and totals, in one transaction, so area totals follow it. Returns
/// how many monthly reports it has. The caller has checked the desa.
pub async fn move_to(db: &Db, id: i64, desa: &RegionCode) -> sqlx::Result<i64> {
    let mut tx = db.begin().await?;
    let from: String = on_tx!(&mut tx, c => sqlx::query_scalar("SELECT desa_code FROM posyandu WHERE id = $1").bind(id)
        .fetch_one(&mut *c).await?);
    super::report_total::move_posyandu(&mut tx, id, &from, desa.as_str()).await?;
    super::red_flags::move_posyandu(&mut tx, id, desa.as_str()).await?;
    on_tx!(&mut tx, c => sqlx::query("UPDATE posyandu SET desa_code = $1 WHERE id = $2").bind(desa.as_str()).bind(id)
        .execute(&mut *c).await.map(|_| ())?);
    on_tx!(&mut tx, c => sqlx::query("UPDATE report_value SET desa_code = $1 WHERE posyandu_id = $2")
        .bind(desa.as_str()).bind(id).execute(&mut *c).await.map(|_| ())?);
    let reports: i64 = on_tx!(&mut tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM report WHERE posyandu_id = $1")
        .bind(id).fetch_one(&mut *c).await?);
    tx.commit().await?;
    Ok(reports)
}
