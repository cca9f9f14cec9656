//! The level sheets' figures, read from the database: for each posyandu
//! of an area and each month, whether it reported, whether by the due day
//! ([`Settings::deadline`] in the area's time zone, which is its
//! province's), and its totals of S, K, D, N, BGM and 2T, summed in the
//! database from `report_value`; then each region level below the area
//! adds up its posyandu by code prefix, with how many posyandu it has
//! (those there now).
//!
//! Two queries for all the months, not three per level and month: on the
//! national dataset that took the largest kabupaten's twelve months
//! (3,325 posyandu) from 1.8 s to about 0.6 s. The export's own query; the
//! digest module may later supply its own rows.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use futures_util::TryStreamExt;

use super::{LevelRow, Unit};
use crate::domain::digest::Settings;
use crate::domain::periode::Periode;
use crate::domain::region::{Level, RegionCode, province_time_zone};
use crate::store::{Tx, on_tx};

/// The sheets of every level below `area`, in [`Unit::below`] order: one
/// row per unit and month, units in code order (posyandu by desa and
/// name), each unit's months oldest first. Retired regions appear only
/// while posyandu are still on them.
pub async fn sheets(
    tx: &mut Tx,
    area: &RegionCode,
    months: &[Periode],
    settings: &Settings,
) -> anyhow::Result<Vec<(Unit, Vec<LevelRow>)>> {
    let (low, high) = area.subtree();
    let sql =
        "SELECT id, name, desa_code FROM posyandu WHERE desa_code >= $1 AND desa_code < $2 ORDER BY desa_code, name";
    let posyandu: Vec<(i64, String, String)> =
        on_tx!(tx, c => sqlx::query_as(sql).bind(&low).bind(&high).fetch_all(&mut *c).await?);
    let column: HashMap<Periode, usize> = months.iter().enumerate().map(|(i, m)| (*m, i)).collect();
    let mut facts: HashMap<(i64, usize), LevelRow> = HashMap::new();
    let zone = province_time_zone(area.province()).unwrap_or(Tz::Asia__Jakarta);
    for (id, periode, on_time) in reported(tx, (&low, &high), months, settings, zone).await? {
        let row = fact(&mut facts, (id, column[&periode]), periode);
        (row.reported, row.on_time) = (1, on_time);
    }
    for (id, periode, [s, k, d, n, bgm, two_t]) in totals(tx, &low, &high, months).await? {
        let row = fact(&mut facts, (id, column[&periode]), periode);
        (row.s, row.k, row.d, row.n, row.bgm, row.two_t) = (s, k, d, n, bgm, two_t);
    }
    let mut posyandu_rows = Vec::with_capacity(posyandu.len() * months.len());
    for (id, name, _) in &posyandu {
        for (i, periode) in months.iter().enumerate() {
            let known =
                facts.remove(&(*id, i)).unwrap_or_else(|| LevelRow::empty(String::new(), String::new(), *periode));
            posyandu_rows.push(LevelRow { code: id.to_string(), name: name.clone(), expected: 1, ..known });
        }
    }
    let mut sheets = Vec::new();
    for unit in Unit::below(area.level()) {
        let rows = match unit {
            Unit::Posyandu => std::mem::take(&mut posyandu_rows),
            Unit::Region(level) => regions(tx, level, &low, &high, months, &posyandu, &posyandu_rows).await?,
        };
        sheets.push((unit, rows));
    }
    Ok(sheets)
}

/// The figures of one posyandu (id) and month (column), empty at first.
fn fact(facts: &mut HashMap<(i64, usize), LevelRow>, key: (i64, usize), periode: Periode) -> &mut LevelRow {
    facts.entry(key).or_insert_with(|| LevelRow::empty(String::new(), String::new(), periode))
}

impl LevelRow {
    fn empty(code: String, name: String, periode: Periode) -> LevelRow {
        LevelRow { code, name, periode, expected: 0, reported: 0, on_time: 0, s: 0, k: 0, d: 0, n: 0, bgm: 0, two_t: 0 }
    }

    fn add(&mut self, other: &LevelRow) {
        self.expected += other.expected;
        self.reported += other.reported;
        self.on_time += other.on_time;
        self.s += other.s;
        self.k += other.k;
        self.d += other.d;
        self.n += other.n;
        self.bgm += other.bgm;
        self.two_t += other.two_t;
    }
}

/// The rows of the regions of `level` in the area: their posyandu's rows
/// (`posyandu` × months, in that order) added up by code prefix.
async fn regions(
    tx: &mut Tx,
    level: Level,
    low: &str,
    high: &str,
    months: &[Periode],
    posyandu: &[(i64, String, String)],
    posyandu_rows: &[LevelRow],
) -> sqlx::Result<Vec<LevelRow>> {
    let sql = "SELECT code, name, retired_at IS NOT NULL FROM region
               WHERE level = $1 AND code >= $2 AND code < $3 ORDER BY code";
    let regions: Vec<(String, String, bool)> =
        on_tx!(tx, c => sqlx::query_as(sql).bind(level.number()).bind(low).bind(high).fetch_all(&mut *c).await?);
    let index: HashMap<&str, usize> = regions.iter().enumerate().map(|(i, (code, ..))| (code.as_str(), i)).collect();
    let mut rows: Vec<LevelRow> = regions
        .iter()
        .flat_map(|(code, name, _)| months.iter().map(|m| LevelRow::empty(code.clone(), name.clone(), *m)))
        .collect();
    let length = code_length(level);
    for ((_, _, desa), months_of_one) in posyandu.iter().zip(posyandu_rows.chunks(months.len())) {
        let Some(&region) = desa.get(..length).and_then(|prefix| index.get(prefix)) else { continue };
        for (i, row) in months_of_one.iter().enumerate() {
            rows[region * months.len() + i].add(row);
        }
    }
    let kept = regions.iter().flat_map(|(_, _, retired)| std::iter::repeat_n(*retired, months.len()));
    Ok(rows.into_iter().zip(kept).filter(|(row, retired)| !retired || row.expected > 0).map(|(row, _)| row).collect())
}

/// Characters in a code of `level`: `73`, `73.24`, `73.24.01`, `73.24.01.2001`.
fn code_length(level: Level) -> usize {
    match level {
        Level::Provinsi => 2,
        Level::Kabupaten => 5,
        Level::Kecamatan => 8,
        Level::Desa => 13,
    }
}

/// Every report of the area in `months`: posyandu, month, and 1 if its
/// first revision came by the due day in `zone` (0 if not).
async fn reported(
    tx: &mut Tx,
    (low, high): (&str, &str),
    months: &[Periode],
    settings: &Settings,
    zone: Tz,
) -> anyhow::Result<Vec<(i64, Periode, i64)>> {
    let due: Vec<(String, DateTime<Utc>)> =
        months.iter().map(|m| (m.to_string(), settings.deadline(*m, zone))).collect();
    let cases: Vec<String> = (0..due.len()).map(|i| format!("WHEN ${} THEN ${}", 2 * i + 5, 2 * i + 6)).collect();
    let sql = format!(
        "SELECT r.posyandu_id, r.periode,
                CAST(CASE WHEN f.created_at < (CASE r.periode {} END) THEN 1 ELSE 0 END AS BIGINT)
         FROM posyandu p JOIN report r ON r.posyandu_id = p.id
         JOIN report_revision f ON f.report_id = r.id AND f.revision = 1
         WHERE p.desa_code >= $1 AND p.desa_code < $2 AND r.periode >= $3 AND r.periode <= $4",
        cases.join(" ")
    );
    let (first, last) = (months.first(), months.last());
    let mut found = Vec::new();
    on_tx!(tx, c => {
        let mut query = sqlx::query_as::<_, (i64, String, i64)>(&sql).bind(low).bind(high)
            .bind(first.map(Periode::to_string)).bind(last.map(Periode::to_string));
        for (periode, deadline) in &due {
            query = query.bind(periode).bind(*deadline);
        }
        let mut rows = query.fetch(&mut *c);
        while let Some((id, periode, on_time)) = rows.try_next().await? {
            found.push((id, Periode::try_from(periode).map_err(anyhow::Error::msg)?, on_time));
        }
    });
    Ok(found)
}

/// Per posyandu and month, the totals of S, K, D, N, BGM and 2T: one scan
/// of the `report_value_area` index per month.
async fn totals(
    tx: &mut Tx,
    low: &str,
    high: &str,
    months: &[Periode],
) -> anyhow::Result<Vec<(i64, Periode, [i64; 6])>> {
    let sum = |code: &str| format!("CAST(SUM(CASE WHEN v.code = '{code}' THEN v.value ELSE 0 END) AS BIGINT)");
    let sums: Vec<String> = ["S", "K", "D", "N", "BGM", "2T"].iter().map(|code| sum(code)).collect();
    let listed: Vec<String> = (0..months.len()).map(|i| format!("${}", i + 3)).collect();
    let sql = format!(
        "SELECT v.posyandu_id, v.periode, {} FROM report_value v
         WHERE v.periode IN ({}) AND v.desa_code >= $1 AND v.desa_code < $2
           AND v.code IN ('S', 'K', 'D', 'N', 'BGM', '2T')
         GROUP BY v.posyandu_id, v.periode",
        sums.join(", "),
        listed.join(", ")
    );
    type Row = (i64, String, i64, i64, i64, i64, i64, i64);
    let mut found = Vec::new();
    on_tx!(tx, c => {
        let mut query = sqlx::query_as::<_, Row>(&sql).bind(low).bind(high);
        for periode in months {
            query = query.bind(periode.to_string());
        }
        let mut rows = query.fetch(&mut *c);
        while let Some((id, periode, s, k, d, n, bgm, two_t)) = rows.try_next().await? {
            found.push((id, Periode::try_from(periode).map_err(anyhow::Error::msg)?, [s, k, d, n, bgm, two_t]));
        }
    });
    Ok(found)
}
