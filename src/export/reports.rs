//! Every report of an area and a run of months, read from the database one
//! row at a time (never all in memory): the posyandu and its desa,
//! kecamatan and kabupaten, the current revision's figures, who sent the
//! first revision and when, and who sent the current one if it is a
//! correction. Ordered by desa, posyandu and month.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use futures_util::TryStreamExt;

use super::ReportRow;
use crate::domain::periode::Periode;
use crate::domain::region::RegionCode;
use crate::store::{Db, on_db};

type Row = (
    Option<String>,
    Option<String>,
    String,
    String,
    String,
    String,
    String,
    i64,
    String,
    DateTime<Utc>,
    String,
    DateTime<Utc>,
    String,
);

/// The reports of `area` from `from` to `to` (both included).
pub async fn count(db: &Db, area: &RegionCode, from: Periode, to: Periode) -> sqlx::Result<i64> {
    let (low, high) = area.subtree();
    let sql = "SELECT COUNT(*) FROM report r JOIN posyandu p ON p.id = r.posyandu_id
               WHERE p.desa_code >= $1 AND p.desa_code < $2 AND r.periode >= $3 AND r.periode <= $4";
    on_db!(db, p => sqlx::query_scalar(sql).bind(&low).bind(&high).bind(from.to_string()).bind(to.to_string())
        .fetch_one(p).await)
}

/// Hands each report of `area` from `from` to `to` to `each`, in order;
/// returns how many.
pub async fn each(
    db: &Db,
    area: &RegionCode,
    from: Periode,
    to: Periode,
    mut each: impl FnMut(ReportRow) -> anyhow::Result<()>,
) -> anyhow::Result<u64> {
    let (low, high) = area.subtree();
    let sql = "SELECT kab.name, kec.name, d.name, p.desa_code, p.name, r.periode, v.figures, r.revision,
                      fp.name, f.created_at, vp.name, v.created_at, d.time_zone
               FROM posyandu p
               JOIN report r ON r.posyandu_id = p.id
               JOIN region d ON d.code = p.desa_code
               LEFT JOIN region kec ON kec.code = d.parent_code
               LEFT JOIN region kab ON kab.code = kec.parent_code
               JOIN report_revision f ON f.report_id = r.id AND f.revision = 1
               JOIN person fp ON fp.id = f.person_id
               JOIN report_revision v ON v.report_id = r.id AND v.revision = r.revision
               JOIN person vp ON vp.id = v.person_id
               WHERE p.desa_code >= $1 AND p.desa_code < $2 AND r.periode >= $3 AND r.periode <= $4
               ORDER BY p.desa_code, p.name, r.periode";
    let mut count = 0;
    on_db!(db, p => {
        let mut rows = sqlx::query_as::<_, Row>(sql).bind(&low).bind(&high).bind(from.to_string())
            .bind(to.to_string()).fetch(p);
        while let Some(row) = rows.try_next().await? {
            each(report(row)?)?;
            count += 1;
        }
    });
    Ok(count)
}

fn report(row: Row) -> anyhow::Result<ReportRow> {
    let (kabupaten, kecamatan, desa, desa_code, posyandu, periode, figures, revisions, sent_by, sent_at, by, at, zone) =
        row;
    let zone: Tz = zone.parse().map_err(|_| anyhow::anyhow!("unknown time zone {zone}"))?;
    let corrected = (revisions > 1).then(|| (by, at.with_timezone(&zone)));
    Ok(ReportRow {
        kabupaten: kabupaten.unwrap_or_default(),
        kecamatan: kecamatan.unwrap_or_default(),
        desa,
        desa_code,
        posyandu,
        periode: Periode::try_from(periode).map_err(anyhow::Error::msg)?,
        values: serde_json::from_str(&figures)?,
        revisions,
        sent_by,
        sent_at: sent_at.with_timezone(&zone),
        corrected,
    })
}
