//! The level sheets' figures, read from the database: for each region of
//! one level below an area (or each posyandu) and each month, how many
//! posyandu should report (those there now), how many did, how many by
//! the due day (the first revision sent before the end of that day of the
//! next month, in the desa's time zone), and the totals of S, K, D, N,
//! BGM and 2T from `report_value` (the index range scan of the area
//! totals). The export's own simple query, one GROUP BY per month; the
//! digest module may supply its own rows instead.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;

use super::{LevelRow, Unit};
use crate::domain::local_time::at_local;
use crate::domain::periode::Periode;
use crate::domain::region::{Level, RegionCode};
use crate::store::{Db, on_db};

/// The time zones region rows carry (`province_time_zone`).
const ZONES: [Tz; 4] = [Tz::Asia__Jakarta, Tz::Asia__Pontianak, Tz::Asia__Makassar, Tz::Asia__Jayapura];

/// The totals a level row holds, by indicator code.
const TOTALS: [&str; 6] = ["S", "K", "D", "N", "BGM", "2T"];

/// One row per `unit` in `area` and month, units in code order (posyandu
/// by desa and name), each unit's months oldest first. Retired regions
/// appear only while posyandu are still on them.
pub async fn rows(
    db: &Db,
    area: &RegionCode,
    unit: Unit,
    months: &[Periode],
    due_day: u32,
) -> anyhow::Result<Vec<LevelRow>> {
    let (low, high) = area.subtree();
    let units = units(db, unit, &low, &high).await?;
    let expected = expected(db, unit, &low, &high).await?;
    let mut rows = Vec::with_capacity(units.len() * months.len());
    let mut index: HashMap<(String, Periode), usize> = HashMap::new();
    for (code, name, retired) in units {
        let should = expected.get(&code).copied().unwrap_or(0);
        if retired && should == 0 {
            continue;
        }
        for &periode in months {
            index.insert((code.clone(), periode), rows.len());
            let row = LevelRow {
                code: code.clone(),
                name: name.clone(),
                periode,
                expected: should,
                reported: 0,
                on_time: 0,
                s: 0,
                k: 0,
                d: 0,
                n: 0,
                bgm: 0,
                two_t: 0,
            };
            rows.push(row);
        }
    }
    for &periode in months {
        for (code, reported, on_time) in reported(db, unit, &low, &high, periode, due_day).await? {
            if let Some(&i) = index.get(&(code, periode)) {
                (rows[i].reported, rows[i].on_time) = (reported, on_time);
            }
        }
        for (code, indicator, total) in totals(db, unit, &low, &high, periode).await? {
            let Some(&i) = index.get(&(code, periode)) else { continue };
            let row = &mut rows[i];
            match indicator.as_str() {
                "S" => row.s = total,
                "K" => row.k = total,
                "D" => row.d = total,
                "N" => row.n = total,
                "BGM" => row.bgm = total,
                _ => row.two_t = total,
            }
        }
    }
    Ok(rows)
}

/// The SQL that names a row's unit from a table with `desa_code` and
/// `posyandu_id` columns under `alias`: the code's prefix of the unit's
/// level, or the posyandu id.
fn unit_key(unit: Unit, alias: &str, posyandu_id: &str) -> String {
    match unit {
        Unit::Region(level) => format!("substr({alias}.desa_code, 1, {})", code_length(level)),
        Unit::Posyandu => format!("CAST({alias}.{posyandu_id} AS TEXT)"),
    }
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

/// The units in the area: code, name, whether retired.
async fn units(db: &Db, unit: Unit, low: &str, high: &str) -> sqlx::Result<Vec<(String, String, bool)>> {
    match unit {
        Unit::Region(level) => {
            let sql = "SELECT code, name, retired_at IS NOT NULL FROM region
                       WHERE level = $1 AND code >= $2 AND code < $3 ORDER BY code";
            on_db!(db, p => sqlx::query_as(sql).bind(level.number()).bind(low).bind(high).fetch_all(p).await)
        }
        Unit::Posyandu => {
            let sql = "SELECT CAST(id AS TEXT), name, FALSE FROM posyandu
                       WHERE desa_code >= $1 AND desa_code < $2 ORDER BY desa_code, name";
            on_db!(db, p => sqlx::query_as(sql).bind(low).bind(high).fetch_all(p).await)
        }
    }
}

/// Posyandu per unit.
async fn expected(db: &Db, unit: Unit, low: &str, high: &str) -> sqlx::Result<HashMap<String, i64>> {
    let key = unit_key(unit, "p", "id");
    let sql = format!("SELECT {key}, COUNT(*) FROM posyandu p WHERE p.desa_code >= $1 AND p.desa_code < $2 GROUP BY 1");
    let rows: Vec<(String, i64)> = on_db!(db, p => sqlx::query_as(&sql).bind(low).bind(high).fetch_all(p).await?);
    Ok(rows.into_iter().collect())
}

/// Reports per unit in `periode`, and how many of them were first sent by
/// the due day.
async fn reported(
    db: &Db,
    unit: Unit,
    low: &str,
    high: &str,
    periode: Periode,
    due_day: u32,
) -> sqlx::Result<Vec<(String, i64, i64)>> {
    let key = unit_key(unit, "p", "id");
    let deadlines: Vec<String> =
        ZONES.iter().enumerate().map(|(i, zone)| format!("WHEN '{}' THEN ${}", zone.name(), i + 4)).collect();
    let sql = format!(
        "SELECT {key}, COUNT(*), SUM(CASE WHEN f.created_at < (CASE d.time_zone {} END) THEN 1 ELSE 0 END)
         FROM report r JOIN posyandu p ON p.id = r.posyandu_id
         JOIN report_revision f ON f.report_id = r.id AND f.revision = 1
         JOIN region d ON d.code = p.desa_code
         WHERE r.periode = $1 AND p.desa_code >= $2 AND p.desa_code < $3 GROUP BY 1",
        deadlines.join(" ")
    );
    let due = ZONES.map(|zone| due_end(periode, due_day, zone));
    on_db!(db, p => {
        let mut query = sqlx::query_as(&sql).bind(periode.to_string()).bind(low).bind(high);
        for at in due {
            query = query.bind(at);
        }
        query.fetch_all(p).await
    })
}

/// The end of the due day of the month after `periode`, in `zone`.
pub fn due_end(periode: Periode, due_day: u32, zone: Tz) -> DateTime<Utc> {
    let first = NaiveDate::from_ymd_opt(periode.year(), periode.month(), 1).expect("a valid month");
    let next = (first + Days::new(32)).with_day(1).expect("day 1 exists");
    at_local(next + Days::new(u64::from(due_day)), NaiveTime::MIN, zone)
}

/// Totals of the level row indicators per unit in `periode`.
async fn totals(
    db: &Db,
    unit: Unit,
    low: &str,
    high: &str,
    periode: Periode,
) -> sqlx::Result<Vec<(String, String, i64)>> {
    let key = unit_key(unit, "v", "posyandu_id");
    let codes: Vec<String> = TOTALS.iter().map(|code| format!("'{code}'")).collect();
    let sql = format!(
        "SELECT {key}, v.code, CAST(SUM(v.value) AS BIGINT) FROM report_value v
         WHERE v.periode = $1 AND v.desa_code >= $2 AND v.desa_code < $3 AND v.code IN ({})
         GROUP BY 1, 2",
        codes.join(", ")
    );
    on_db!(db, p => sqlx::query_as(&sql).bind(periode.to_string()).bind(low).bind(high).fetch_all(p).await)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_is_on_time_until_the_due_day_ends_where_the_posyandu_is() {
        let october = Periode::new(2026, 10).unwrap();
        let utc = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().to_utc();
        // The 5th of November ends at midnight local time.
        assert_eq!(due_end(october, 5, Tz::Asia__Makassar), utc("2026-11-05T16:00:00Z"));
        assert_eq!(due_end(october, 5, Tz::Asia__Jakarta), utc("2026-11-05T17:00:00Z"));
        assert_eq!(due_end(october, 5, Tz::Asia__Jayapura), utc("2026-11-05T15:00:00Z"));
        let december = Periode::new(2026, 12).unwrap();
        assert_eq!(due_end(december, 10, Tz::Asia__Makassar), utc("2027-01-10T16:00:00Z"));
    }
}
