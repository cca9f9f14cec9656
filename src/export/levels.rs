//! The level sheets' figures, read from the database: for each posyandu
//! of an area and each month, whether it reported, whether by the due day
//! ([`Settings::deadline`] in the area's time zone, which is its
//! province's), and its totals of S, K, D, N, O, B, BGM and 2T, as the report's
//! `report_total` row holds them; then each region level below the area
//! adds up its posyandu by code prefix, with how many posyandu it expects
//! a report from that month (those there now and registered by then,
//! `posyandu.expected_from`).
//!
//! One query for all the months, not three per level and month, reading
//! one row per report (`report_total`), not one per report value.

use std::collections::HashMap;

use chrono_tz::Tz;
use futures_util::TryStreamExt;

use super::{LevelRow, Unit};
use crate::domain::digest::Settings;
use crate::domain::form::Stage;
use crate::domain::periode::Periode;
use crate::domain::region::{Level, RegionCode};
use crate::store::posyandu::serves;
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
    let sql = format!(
        "SELECT id, name, desa_code, expected_from FROM posyandu WHERE desa_code >= $1 AND desa_code < $2 AND {}
         ORDER BY desa_code, name",
        serves("posyandu", Stage::Balita)
    );
    let rows: Vec<(i64, String, String, String)> =
        on_tx!(tx, c => sqlx::query_as(&sql).bind(&low).bind(&high).fetch_all(&mut *c).await?);
    let (posyandu, expected_from): (Vec<(i64, String, String)>, Vec<String>) =
        rows.into_iter().map(|(id, name, desa, from)| ((id, name, desa), from)).unzip();
    let column: HashMap<Periode, usize> = months.iter().enumerate().map(|(i, m)| (*m, i)).collect();
    let mut facts: HashMap<(i64, usize), LevelRow> = HashMap::new();
    let zone = area.time_zone();
    for (id, periode, on_time, [s, k, d, n, o, b, bgm, two_t]) in
        reported(tx, (&low, &high), months, settings, zone).await?
    {
        let row = fact(&mut facts, (id, column[&periode]), periode);
        (row.reported, row.on_time) = (1, on_time);
        (row.s, row.k, row.d, row.n, row.o, row.b, row.bgm, row.two_t) = (s, k, d, n, o, b, bgm, two_t);
    }
    let mut posyandu_rows = Vec::with_capacity(posyandu.len() * months.len());
    for ((id, name, _), from) in posyandu.iter().zip(&expected_from) {
        for (i, periode) in months.iter().enumerate() {
            let known =
                facts.remove(&(*id, i)).unwrap_or_else(|| LevelRow::empty(String::new(), String::new(), *periode));
            let expected = i64::from(periode.to_string() >= *from);
            posyandu_rows.push(LevelRow { code: id.to_string(), name: name.clone(), expected, ..known });
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
        LevelRow {
            code,
            name,
            periode,
            expected: 0,
            reported: 0,
            on_time: 0,
            s: 0,
            k: 0,
            d: 0,
            n: 0,
            o: 0,
            b: 0,
            bgm: 0,
            two_t: 0,
        }
    }

    fn add(&mut self, other: &LevelRow) {
        self.expected += other.expected;
        self.reported += other.reported;
        self.on_time += other.on_time;
        self.s += other.s;
        self.k += other.k;
        self.d += other.d;
        self.n += other.n;
        self.o += other.o;
        self.b += other.b;
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

/// Every report of the area in `months` from `report_total`: posyandu,
/// month, 1 if its first revision came by the due day in `zone` (0 if
/// not), and its totals of S, K, D, N, O, B, BGM and 2T. One run of the table's
/// key per month.
async fn reported(
    tx: &mut Tx,
    (low, high): (&str, &str),
    months: &[Periode],
    settings: &Settings,
    zone: Tz,
) -> anyhow::Result<Vec<(i64, Periode, i64, [i64; 8])>> {
    if months.is_empty() {
        return Ok(Vec::new());
    }
    let listed: Vec<String> = (0..months.len()).map(|i| format!("${}", 2 * i + 3)).collect();
    let cases: Vec<String> = (0..months.len()).map(|i| format!("WHEN ${} THEN ${}", 2 * i + 3, 2 * i + 4)).collect();
    let sql = format!(
        "SELECT posyandu_id, periode, CAST(CASE WHEN first_sent_at < (CASE periode {} END) THEN 1 ELSE 0 END AS BIGINT),
                s, k, d, n, o, b, bgm, two_t
         FROM report_total WHERE periode IN ({}) AND desa_code >= $1 AND desa_code < $2",
        cases.join(" "),
        listed.join(", ")
    );
    type Row = (i64, String, i64, i64, i64, i64, i64, i64, i64, i64, i64);
    let mut found = Vec::new();
    on_tx!(tx, c => {
        let mut query = sqlx::query_as::<_, Row>(&sql).bind(low).bind(high);
        for periode in months {
            query = query.bind(periode.to_string()).bind(settings.deadline(*periode, zone));
        }
        let mut rows = query.fetch(&mut *c);
        while let Some((id, periode, on_time, s, k, d, n, o, b, bgm, two_t)) = rows.try_next().await? {
            let periode = Periode::try_from(periode).map_err(anyhow::Error::msg)?;
            found.push((id, periode, on_time, [s, k, d, n, o, b, bgm, two_t]));
        }
    });
    Ok(found)
}
