//! The strata of an area's posyandu over a year: each posyandu's months
//! open, kader and D/S summed in the database from `report_value` (one
//! range over the area's codes and the year's months), classified one row
//! at a time as the rows stream in; only the counts and one page of the
//! Pratama names are kept.

use std::collections::BTreeMap;

use futures_util::TryStreamExt;

use super::{Tx, on_tx};
use crate::domain::digest::PosyanduRef;
use crate::domain::periode::Periode;
use crate::domain::region::RegionCode;
use crate::domain::strata::{Stratum, YearFigures, classify};

/// Pratama posyandu named in a summary, one page (the rest are counted).
pub const NAMED: usize = 15;

/// An area's strata for a stretch of months.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    pub counts: BTreeMap<Stratum, i64>,
    /// A page of the Pratama posyandu (by desa, then name, [`NAMED`] from
    /// the offset asked), with their year.
    pub pratama: Vec<(PosyanduRef, YearFigures)>,
}

type Row = (i64, String, String, String, i64, i64, i64, i64, i64);

/// The strata of the posyandu of `area` over the months `from` to `to`,
/// naming the Pratama ones from the `offset`-th on.
pub async fn summary(
    tx: &mut Tx,
    area: &RegionCode,
    from: Periode,
    to: Periode,
    offset: i64,
) -> anyhow::Result<Summary> {
    let sql = "SELECT p.id, p.name, p.desa_code, r.name,
                      COALESCE(a.months_open, 0), COALESCE(a.kader_months, 0), COALESCE(a.kader_sum, 0),
                      COALESCE(a.d, 0), COALESCE(a.s, 0)
               FROM posyandu p JOIN region r ON r.code = p.desa_code
               LEFT JOIN (
                   SELECT posyandu_id,
                          CAST(SUM(CASE WHEN code = 'D' AND value > 0 THEN 1 ELSE 0 END) AS BIGINT) AS months_open,
                          CAST(SUM(CASE WHEN code = 'KADER' THEN 1 ELSE 0 END) AS BIGINT) AS kader_months,
                          CAST(SUM(CASE WHEN code = 'KADER' THEN value ELSE 0 END) AS BIGINT) AS kader_sum,
                          CAST(SUM(CASE WHEN code = 'D' THEN value ELSE 0 END) AS BIGINT) AS d,
                          CAST(SUM(CASE WHEN code = 'S' THEN value ELSE 0 END) AS BIGINT) AS s
                   FROM report_value
                   WHERE periode >= $3 AND periode <= $4 AND code IN ('D', 'S', 'KADER')
                     AND desa_code >= $1 AND desa_code < $2
                   GROUP BY posyandu_id) a ON a.posyandu_id = p.id
               WHERE p.desa_code >= $1 AND p.desa_code < $2
               ORDER BY r.name, p.name, p.id";
    let (low, high) = area.subtree();
    let mut summary = Summary::default();
    on_tx!(tx, c => {
        let mut rows = sqlx::query_as::<_, Row>(sql).bind(&low).bind(&high).bind(from.to_string())
            .bind(to.to_string()).fetch(&mut *c);
        while let Some((id, name, desa, desa_name, months_open, kader_months, kader_sum, d, s)) = rows.try_next().await? {
            let year = YearFigures { months_open, kader_months, kader_sum, d, s };
            let stratum = classify(&year);
            let count = summary.counts.entry(stratum).or_default();
            *count += 1;
            // `count - 1`: how many of its stratum came before it.
            if stratum == Stratum::Pratama && *count > offset && summary.pratama.len() < NAMED {
                let desa_code = RegionCode::parse(&desa)?;
                summary.pratama.push((PosyanduRef { id, name, desa_code, desa_name }, year));
            }
        }
    });
    Ok(summary)
}
