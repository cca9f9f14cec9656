//! Red flags: an urgent indicator above 0 in a saved section, kept once
//! per posyandu, month and indicator, with the officials who must hear of
//! it at once: the Pokja of the desa and the Puskesmas of the desa or its
//! kecamatan.

use chrono::{DateTime, Utc};

use super::audience::{Arg, Audience};
use super::{Tx, on_tx};
use crate::domain::periode::Periode;
use crate::domain::region::RegionCode;
use crate::domain::report::RedFlag;

/// A kept red flag, as the digests and the workbook list it.
#[derive(Clone, Debug, PartialEq)]
pub struct RedFlagRow {
    pub posyandu: String,
    pub desa_code: String,
    pub desa_name: String,
    pub periode: Periode,
    pub section: String,
    pub code: String,
    pub value: i64,
    pub kader: String,
    pub at: DateTime<Utc>,
}

/// Keeps `flag` sent by `person_id`; the posyandu's desa code when it is
/// new, `None` when that posyandu's month already has this flag (its count
/// is then brought up to date, and no one is alerted again).
pub async fn record(tx: &mut Tx, flag: &RedFlag, person_id: i64, now: DateTime<Utc>) -> anyhow::Result<Option<String>> {
    let sql = "UPDATE red_flag SET value = $1 WHERE posyandu_id = $2 AND periode = $3 AND code = $4";
    let updated = on_tx!(tx, c => sqlx::query(sql).bind(flag.value).bind(flag.posyandu_id)
        .bind(flag.periode.to_string()).bind(&flag.code).execute(&mut *c).await?.rows_affected());
    if updated > 0 {
        return Ok(None);
    }
    let sql = "INSERT INTO red_flag (posyandu_id, periode, desa_code, section, code, value, person_id, created_at)
               SELECT p.id, $2, p.desa_code, $3, $4, $5, $6, $7 FROM posyandu p WHERE p.id = $1
               ON CONFLICT (posyandu_id, periode, code) DO NOTHING RETURNING desa_code";
    let desa: Option<String> = on_tx!(tx, c => sqlx::query_scalar(sql).bind(flag.posyandu_id)
        .bind(flag.periode.to_string()).bind(&flag.section).bind(&flag.code).bind(flag.value).bind(person_id)
        .bind(now).fetch_optional(&mut *c).await?);
    Ok(desa)
}

/// The Pokja of `desa` and the Puskesmas of `desa` or its kecamatan.
pub fn officials_of_desa(desa: &RegionCode) -> Audience {
    let sql = "SELECT DISTINCT o.person_id, r.time_zone FROM official o JOIN region r ON r.code = o.region_code
               WHERE (o.role = 'pokja' AND o.region_code = $1)
                  OR (o.role = 'puskesmas' AND o.region_code IN ($1, $2))";
    let kecamatan = desa.parent().map(|k| k.to_string()).unwrap_or_default();
    Audience { sql: sql.to_owned(), args: vec![Arg::Text(desa.to_string()), Arg::Text(kecamatan)] }
}

/// The red flags of `area` from `from` to `to`, by month, desa and posyandu.
pub async fn list(tx: &mut Tx, area: &RegionCode, (from, to): (Periode, Periode)) -> anyhow::Result<Vec<RedFlagRow>> {
    let sql = "SELECT p.name, f.desa_code, d.name, f.periode, f.section, f.code, f.value, k.name, f.created_at
               FROM red_flag f JOIN posyandu p ON p.id = f.posyandu_id JOIN region d ON d.code = f.desa_code
               JOIN person k ON k.id = f.person_id
               WHERE f.periode >= $1 AND f.periode <= $2 AND f.desa_code >= $3 AND f.desa_code < $4
               ORDER BY f.periode, f.desa_code, p.name, f.code";
    let (low, high) = area.subtree();
    type Row = (String, String, String, String, String, String, i64, String, DateTime<Utc>);
    let rows: Vec<Row> = on_tx!(tx, c => sqlx::query_as(sql).bind(from.to_string()).bind(to.to_string())
        .bind(&low).bind(&high).fetch_all(&mut *c).await?);
    rows.into_iter()
        .map(|(posyandu, desa_code, desa_name, periode, section, code, value, kader, at)| {
            let periode = Periode::try_from(periode).map_err(|e| anyhow::anyhow!(e))?;
            Ok(RedFlagRow { posyandu, desa_code, desa_name, periode, section, code, value, kader, at })
        })
        .collect()
}

/// Moves a posyandu's red flags with it to the desa `to`.
pub async fn move_posyandu(tx: &mut Tx, posyandu_id: i64, to: &str) -> sqlx::Result<()> {
    let sql = "UPDATE red_flag SET desa_code = $1 WHERE posyandu_id = $2";
    on_tx!(tx, c => sqlx::query(sql).bind(to).bind(posyandu_id).execute(&mut *c).await.map(|_| ())?);
    Ok(())
}
