//! An area's month by section ([`SectionMonth`]): the totals of every
//! indicator from the `report_value` index (one range per month), the
//! reports per section counted from the rows of its first required code,
//! the expected posyandu of each stage, and the red flags.

use std::collections::BTreeMap;

use super::posyandu::serves;
use super::{Tx, on_tx};
use crate::domain::form::Form;
use crate::domain::periode::Periode;
use crate::domain::region::RegionCode;
use crate::domain::section_month::SectionMonth;

/// The sections of `form` for `area` in `periode`, in the pack's order.
pub async fn month(tx: &mut Tx, area: &RegionCode, periode: Periode, form: &Form) -> anyhow::Result<Vec<SectionMonth>> {
    let (this_month, counts) = totals(tx, area, periode).await?;
    let (last_month, _) = totals(tx, area, periode.previous()).await?;
    let flags = red_flags(tx, area, periode).await?;
    let mut months = Vec::with_capacity(form.sections.len());
    for section in &form.sections {
        let fields = section.fields(periode.month());
        let first = fields.iter().find(|i| i.required).or(fields.first()).map(|i| i.code.as_str()).unwrap_or_default();
        let of_section = |totals: &BTreeMap<String, i64>| {
            totals.iter().filter(|(c, _)| section.indicator(c).is_some()).map(|(c, v)| (c.clone(), *v)).collect()
        };
        months.push(SectionMonth {
            section: section.code.clone(),
            expected: expected(tx, area, periode, section.serves).await?,
            reported: counts.get(first).copied().unwrap_or(0),
            this_month: of_section(&this_month),
            last_month: of_section(&last_month),
            red_flags: flags.get(&section.code).copied().unwrap_or(0),
        });
    }
    Ok(months)
}

/// Per indicator code: the total over the area's month, and how many
/// reports hold it.
async fn totals(
    tx: &mut Tx,
    area: &RegionCode,
    periode: Periode,
) -> anyhow::Result<(BTreeMap<String, i64>, BTreeMap<String, i64>)> {
    let (low, high) = area.subtree();
    let sql = "SELECT code, CAST(SUM(value) AS BIGINT), CAST(COUNT(*) AS BIGINT) FROM report_value
               WHERE periode = $1 AND desa_code >= $2 AND desa_code < $3 GROUP BY code";
    let rows: Vec<(String, i64, i64)> = on_tx!(tx, c => sqlx::query_as(sql).bind(periode.to_string()).bind(&low)
        .bind(&high).fetch_all(&mut *c).await?);
    let counts = rows.iter().map(|(code, _, count)| (code.clone(), *count)).collect();
    Ok((rows.into_iter().map(|(code, total, _)| (code, total)).collect(), counts))
}

/// The posyandu of `area` expected to report `periode` that serve `stage`.
async fn expected(
    tx: &mut Tx,
    area: &RegionCode,
    periode: Periode,
    stage: crate::domain::form::Stage,
) -> anyhow::Result<i64> {
    let (low, high) = area.subtree();
    let sql = format!(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM posyandu p
         WHERE p.desa_code >= $1 AND p.desa_code < $2 AND p.expected_from <= $3 AND {}",
        serves("p", stage)
    );
    Ok(
        on_tx!(tx, c => sqlx::query_scalar(&sql).bind(&low).bind(&high).bind(periode.to_string()).fetch_one(&mut *c).await?),
    )
}

/// The red flags of the area's month, by section.
async fn red_flags(tx: &mut Tx, area: &RegionCode, periode: Periode) -> anyhow::Result<BTreeMap<String, i64>> {
    let (low, high) = area.subtree();
    let sql = "SELECT section, CAST(COUNT(*) AS BIGINT) FROM red_flag
               WHERE periode = $1 AND desa_code >= $2 AND desa_code < $3 GROUP BY section";
    let rows: Vec<(String, i64)> = on_tx!(tx, c => sqlx::query_as(sql).bind(periode.to_string()).bind(&low)
        .bind(&high).fetch_all(&mut *c).await?);
    Ok(rows.into_iter().collect())
}
