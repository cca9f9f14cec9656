//! `report_total`: one row per monthly report with the current revision's
//! totals of the digest's indicators and when the first revision was sent,
//! so that digests add up one row per report instead of one value per
//! indicator. Written in the transaction that saves a report (a correction
//! replaces the totals, never the first moment) and moved with a posyandu.
//! Each row also holds whether its month is far from the posyandu's own
//! past ([`unusual`]).

pub mod unusual;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::{Tx, on_tx};
use crate::domain::digest::{CODES, Totals};
use crate::domain::periode::Periode;

/// The totals' columns, in the order of [`CODES`].
pub const COLUMNS: [&str; 9] = ["s", "k", "d", "n", "t", "o", "b", "bgm", "two_t"];

/// The totals of `values` in the order of [`COLUMNS`]; an indicator the
/// report lacks is 0, one the digest does not add up is left out.
pub fn totals_of(values: &BTreeMap<String, i64>) -> [i64; 9] {
    CODES.map(|code| values.get(code).copied().unwrap_or(0))
}

/// The digest's totals of one report's `values`.
pub fn totals(values: &BTreeMap<String, i64>) -> Totals {
    let mut totals = Totals::default();
    for (code, value) in values {
        totals.add(code, *value);
    }
    totals
}

/// Records the current revision's `values` of a posyandu's month and
/// judges it and the months after it again ([`unusual::rejudge`]); the
/// first save of the month also records `now` as when it was first sent.
pub async fn save(
    tx: &mut Tx,
    posyandu_id: i64,
    desa_code: &str,
    periode: Periode,
    values: &BTreeMap<String, i64>,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let updates: Vec<String> = COLUMNS.iter().map(|c| format!("{c} = excluded.{c}")).collect();
    let sql = format!(
        "INSERT INTO report_total (periode, desa_code, posyandu_id, first_sent_at, {})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (periode, desa_code, posyandu_id) DO UPDATE SET {}",
        COLUMNS.join(", "),
        updates.join(", ")
    );
    let totals = totals_of(values);
    on_tx!(tx, c => {
        let mut query = sqlx::query(&sql).bind(periode.to_string()).bind(desa_code).bind(posyandu_id).bind(now);
        for total in totals {
            query = query.bind(total);
        }
        query.execute(&mut *c).await.map(|_| ())?
    });
    unusual::rejudge(tx, posyandu_id, desa_code, periode).await
}

/// Moves the totals of a posyandu's reports from `from` to the desa `to`,
/// month by month (each a lookup of the table's key).
pub async fn move_posyandu(tx: &mut Tx, posyandu_id: i64, from: &str, to: &str) -> sqlx::Result<()> {
    let sql = "UPDATE report_total SET desa_code = $1
               WHERE periode IN (SELECT periode FROM report WHERE posyandu_id = $3) AND desa_code = $2 AND posyandu_id = $3";
    on_tx!(tx, c => sqlx::query(sql).bind(to).bind(from).bind(posyandu_id).execute(&mut *c).await.map(|_| ())?);
    Ok(())
}
