//! The figures of a digest, computed in the database: sums of the current
//! report values and counts of reports for each child area of an area
//! (over the range of the child's region codes), the posyandu not yet
//! reported, the 12-month trend, and every report of an area streamed for
//! the spreadsheet. Nothing here holds an area's reports in memory.
//!
//! Sums read `report_value_code` (month, indicator, desa code): one run of
//! the index per child, month and indicator, so neither database sorts or
//! tests every report value of a province or of the country. Counts of
//! reports run per desa over the `(desa_code, name)` index of posyandu and
//! are grouped again by the child's code prefix, one row per desa.
//!
//! Every desa code of a posyandu is a stored region and so are its parents
//! (foreign keys), so the child regions, retired ones included, hold every
//! posyandu of the area: the area's figures are the sum of its children's.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use futures_util::TryStreamExt;

use super::{Db, Tx, on_db, on_tx};
use crate::domain::digest::{
    Alert, AreaDigest, CODES, ChildRow, Completeness, Extremes, Figures, MAX_ALERTS_PER_KIND, Measure,
    POSYANDU_ALERTS_FROM, PosyanduRef, Settings, Totals, Unit, area_alerts, most_unusual, rank,
};
use crate::domain::periode::Periode;
use crate::domain::region::{Level, RegionCode, province_time_zone};

/// A report as the spreadsheet lists it: the current revision's figures,
/// with who sent it and when.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportRow {
    pub periode: Periode,
    /// The posyandu, its desa/kelurahan and that desa's name.
    pub posyandu: PosyanduRef,
    /// The name of the kecamatan the desa lies in ("" if the region list lacks it).
    pub kecamatan_name: String,
    /// Every indicator of the current revision by code (`S`, `K`, …, `VITA`,
    /// `KADER`); an optional indicator the kader skipped is absent.
    pub values: BTreeMap<String, i64>,
    /// The current revision: 1 for a report never corrected, so it is also
    /// the number of revisions sent.
    pub revision: i64,
    /// The form version the current revision was filled with.
    pub form_version: String,
    /// The name of whoever sent the current revision, and when.
    pub sent_by: String,
    pub sent_at: DateTime<Utc>,
    /// When the first revision was sent.
    pub first_sent_at: DateTime<Utc>,
    /// Whether the first revision came before [`Settings::deadline`] in the
    /// desa's time zone.
    pub on_time: bool,
}

/// The half-open code range of an area (`None`: the whole country; codes
/// are digits and dots, all below `:`).
fn range(area: Option<&RegionCode>) -> (String, String) {
    match area {
        Some(code) => code.subtree(),
        None => (String::new(), ":".to_owned()),
    }
}

/// How posyandu are counted into the child rows of `area`, in two steps:
/// the column of the first (the desa code `z.code`, or the posyandu `p.id`)
/// and the key of the second over its result `x.unit`: the code prefix of
/// the child (provinces of the nation, …, desa of a kecamatan), or the
/// posyandu id as text for the posyandu of a desa.
fn grouping(area: Option<&RegionCode>) -> (&'static str, String) {
    let prefix = match area.map(RegionCode::level) {
        None => 2,
        Some(Level::Provinsi) => 5,
        Some(Level::Kabupaten) => 8,
        Some(Level::Kecamatan) => 13,
        Some(Level::Desa) => return ("p.id", "CAST(x.unit AS TEXT)".to_owned()),
    };
    ("z.code", format!("substr(x.unit, 1, {prefix})"))
}

/// `'S', 'K', …`: indicator codes (constants, never input) quoted for SQL.
fn quoted(codes: &[&str]) -> String {
    codes.iter().map(|c| format!("'{c}'")).collect::<Vec<_>>().join(", ")
}

/// Rows of (unit, periode, code, sum) into totals by (unit, periode).
fn collect_sums<K: std::hash::Hash + Eq>(
    rows: Vec<(K, String, String, i64)>,
) -> anyhow::Result<HashMap<(K, Periode), Totals>> {
    let mut sums: HashMap<(K, Periode), Totals> = HashMap::new();
    for (unit, periode, code, value) in rows {
        let periode = Periode::try_from(periode).map_err(|e| anyhow::anyhow!(e))?;
        sums.entry((unit, periode)).or_default().add(&code, value);
    }
    Ok(sums)
}

/// The totals of each code range of `ranges` in each of `months`, keyed by
/// (the range's index, month); a range and month without reports is absent.
/// One branch per range, each a run over `report_value_code` per month and
/// indicator, so nothing is sorted.
async fn range_sums(
    tx: &mut Tx,
    ranges: &[(String, String)],
    months: &[Periode],
) -> anyhow::Result<HashMap<(i64, Periode), Totals>> {
    if ranges.is_empty() {
        return Ok(HashMap::new());
    }
    let months_in = placeholders(1, months.len());
    let codes = quoted(&CODES);
    let first = months.len() + 1;
    let sql = (0..ranges.len())
        .map(|i| {
            let (low, high) = (first + 2 * i, first + 2 * i + 1);
            format!(
                "SELECT CAST({i} AS BIGINT), periode, code, CAST(SUM(value) AS BIGINT) FROM report_value
                 WHERE periode IN ({months_in}) AND code IN ({codes}) AND desa_code >= ${low} AND desa_code < ${high}
                 GROUP BY periode, code"
            )
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let rows: Vec<(i64, String, String, i64)> = on_tx!(tx, c => {
        let mut query = sqlx::query_as(&sql);
        for month in months {
            query = query.bind(month.to_string());
        }
        for (low, high) in ranges {
            query = query.bind(low).bind(high);
        }
        query.fetch_all(&mut *c).await?
    });
    collect_sums(rows)
}

/// The totals of each posyandu of `desa` in each of `months`, keyed by
/// (posyandu id, month).
async fn posyandu_sums(
    tx: &mut Tx,
    desa: &RegionCode,
    months: &[Periode],
) -> anyhow::Result<HashMap<(i64, Periode), Totals>> {
    let sql = format!(
        "SELECT posyandu_id, periode, code, CAST(SUM(value) AS BIGINT) FROM report_value
         WHERE periode IN ({}) AND code IN ({}) AND desa_code = ${} GROUP BY posyandu_id, periode, code",
        placeholders(1, months.len()),
        quoted(&CODES),
        months.len() + 1
    );
    let rows: Vec<(i64, String, String, i64)> = on_tx!(tx, c => {
        let mut query = sqlx::query_as(&sql);
        for month in months {
            query = query.bind(month.to_string());
        }
        query.bind(desa.as_str()).fetch_all(&mut *c).await?
    });
    collect_sums(rows)
}

/// Every time zone a region can have, from the provinces.
fn time_zones() -> Vec<Tz> {
    let mut zones: Vec<Tz> = (0..=99).filter_map(province_time_zone).collect();
    zones.sort_by_key(|z| z.name());
    zones.dedup();
    zones
}

/// Completeness of one month per child of `area`, keyed as in [`grouping`].
async fn child_completeness(
    tx: &mut Tx,
    area: Option<&RegionCode>,
    periode: Periode,
    settings: &Settings,
) -> anyhow::Result<HashMap<String, Completeness>> {
    let zones = time_zones();
    // The deadline of the desa's zone: $4, $5, … in the order of `zones`.
    let whens: String =
        zones.iter().enumerate().map(|(i, z)| format!(" WHEN '{}' THEN ${}", z.name(), i + 4)).collect();
    let per_desa = format!(
        "COUNT(*) AS expected, COUNT(r.id) AS reported,
         SUM(CASE WHEN v.created_at < (CASE z.time_zone{whens} END) THEN 1 ELSE 0 END) AS on_time
         FROM region z JOIN posyandu p ON p.desa_code = z.code
         LEFT JOIN report r ON r.posyandu_id = p.id AND r.periode = $1
         LEFT JOIN report_revision v ON v.report_id = r.id AND v.revision = 1
         WHERE z.code >= $2 AND z.code < $3"
    );
    let (unit, key) = grouping(area);
    let sql = format!(
        "SELECT {key}, CAST(SUM(x.expected) AS BIGINT), CAST(SUM(x.reported) AS BIGINT), CAST(SUM(x.on_time) AS BIGINT)
         FROM (SELECT {unit} AS unit, {per_desa} GROUP BY {unit}) x GROUP BY {key}"
    );
    let (low, high) = range(area);
    let deadlines: Vec<DateTime<Utc>> = zones.iter().map(|z| settings.deadline(periode, *z)).collect();
    let rows: Vec<(String, i64, i64, i64)> = on_tx!(tx, c => {
        let mut query = sqlx::query_as(&sql).bind(periode.to_string()).bind(&low).bind(&high);
        for deadline in &deadlines {
            query = query.bind(*deadline);
        }
        query.fetch_all(&mut *c).await?
    });
    Ok(rows
        .into_iter()
        .map(|(key, expected, reported, on_time)| (key, Completeness { expected, reported, on_time }))
        .collect())
}

/// A child row of a digest before its figures: its key (the region code,
/// or the posyandu id as text) and whether its region is retired.
struct Child {
    key: String,
    unit: Unit,
    retired: bool,
}

/// The children of `area` in code (or name) order: the regions one level
/// down, retired ones included, or the posyandu of a desa.
async fn child_units(tx: &mut Tx, area: Option<&RegionCode>, area_name: &str) -> anyhow::Result<Vec<Child>> {
    let Some(desa) = area.filter(|a| a.level() == Level::Desa) else {
        let columns = "SELECT code, name, retired_at IS NOT NULL FROM region";
        let rows: Vec<(String, String, bool)> = match area {
            None => on_tx!(tx, c => sqlx::query_as(&format!("{columns} WHERE level = 1 ORDER BY code"))
                .fetch_all(&mut *c).await?),
            Some(code) => on_tx!(tx, c => sqlx::query_as(&format!("{columns} WHERE parent_code = $1 ORDER BY code"))
                .bind(code.as_str()).fetch_all(&mut *c).await?),
        };
        return rows
            .into_iter()
            .map(|(key, name, retired)| {
                let unit = Unit::Region { code: RegionCode::parse(&key)?, name };
                Ok(Child { key, unit, retired })
            })
            .collect();
    };
    let rows: Vec<(i64, String)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT id, name FROM posyandu WHERE desa_code = $1 ORDER BY name").bind(desa.as_str()).fetch_all(&mut *c).await?);
    Ok(rows
        .into_iter()
        .map(|(id, name)| {
            let posyandu = PosyanduRef { id, name, desa_code: desa.clone(), desa_name: area_name.to_owned() };
            Child { key: id.to_string(), unit: Unit::Posyandu(posyandu), retired: false }
        })
        .collect())
}

/// The totals of each child in each of `months`, by (key, month).
async fn child_sums(
    tx: &mut Tx,
    area: Option<&RegionCode>,
    children: &[Child],
    months: &[Periode],
) -> anyhow::Result<HashMap<(String, Periode), Totals>> {
    if let Some(desa) = area.filter(|a| a.level() == Level::Desa) {
        let sums = posyandu_sums(tx, desa, months).await?;
        return Ok(sums.into_iter().map(|((id, month), totals)| ((id.to_string(), month), totals)).collect());
    }
    let ranges: Vec<(String, String)> =
        children.iter().map(|c| RegionCode::parse(&c.key).map(|code| code.subtree())).collect::<Result<_, _>>()?;
    let sums = range_sums(tx, &ranges, months).await?;
    Ok(sums.into_iter().map(|((i, month), totals)| ((children[i as usize].key.clone(), month), totals)).collect())
}

/// The digest of `area` (`None`: the national rollup, every province) for
/// `periode`. The caller has checked that the asker may see the area.
pub async fn area(
    tx: &mut Tx,
    area: Option<&RegionCode>,
    periode: Periode,
    settings: &Settings,
) -> anyhow::Result<AreaDigest> {
    let unit = match area {
        None => Unit::Nation,
        Some(code) => {
            let sql = "SELECT name FROM region WHERE code = $1";
            let name: Option<String> =
                on_tx!(tx, c => sqlx::query_scalar(sql).bind(code.as_str()).fetch_optional(&mut *c).await?);
            let name = name.ok_or_else(|| anyhow::anyhow!("no region with code {code}"))?;
            Unit::Region { code: code.clone(), name }
        }
    };
    let area_name = match &unit {
        Unit::Region { name, .. } => name.as_str(),
        _ => "",
    };
    let last = periode.previous();
    let units = child_units(tx, area, area_name).await?;
    let sums = child_sums(tx, area, &units, &[periode, last]).await?;
    let this_done = child_completeness(tx, area, periode, settings).await?;
    let last_done = child_completeness(tx, area, last, settings).await?;

    let figures = |key: &str, month: Periode, done: &HashMap<String, Completeness>| Figures {
        completeness: done.get(key).copied().unwrap_or_default(),
        totals: sums.get(&(key.to_owned(), month)).copied().unwrap_or_default(),
    };
    let (mut this_month, mut last_month) = (Figures::default(), Figures::default());
    let mut children = Vec::with_capacity(units.len());
    for child in units {
        let row = figures(&child.key, periode, &this_done);
        this_month = this_month.plus(row);
        last_month = last_month.plus(figures(&child.key, last, &last_done));
        // A retired region is listed while posyandu (and so their reports) remain on it.
        if !child.retired || row.completeness.expected > 0 {
            children.push(ChildRow { unit: child.unit, figures: row });
        }
    }
    rank(&mut children);

    let (mut alerts, mut alerts_left_off) =
        area_alerts(&unit, &this_month.totals, &last_month.totals, &children, settings.target_ds);
    if let Some(code) = area.filter(|a| a.level() >= POSYANDU_ALERTS_FROM) {
        let (unusual, left_off) = unusual(tx, code, periode).await?;
        alerts.extend(unusual);
        alerts_left_off += left_off;
        let (silent, left_off) = silent(tx, code, periode).await?;
        alerts.extend(silent);
        alerts_left_off += left_off;
    }
    Ok(AreaDigest { area: unit, periode, this_month, last_month, children, alerts, alerts_left_off })
}

/// `periode` and the `count - 1` months before it, oldest first.
fn months_until(periode: Periode, count: u32) -> Vec<Periode> {
    let mut months: Vec<Periode> =
        std::iter::successors(Some(periode), |p| Some(p.previous())).take(count as usize).collect();
    months.reverse();
    months
}

/// `$from, $from+1, …` for `count` parameters.
fn placeholders(from: usize, count: usize) -> String {
    (from..from + count).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

type MonthRow = (i64, String, i64, i64, i64, i64, i64, i64);

/// The posyandu of `area` whose month is furthest from their own previous
/// 12 months ([`most_unusual`]), most extreme first, and how many more.
/// Streams one row per posyandu and month, one posyandu at a time.
async fn unusual(tx: &mut Tx, area: &RegionCode, periode: Periode) -> anyhow::Result<(Vec<Alert>, usize)> {
    let months = months_until(periode, 13);
    let pivot: Vec<String> = Measure::CODES
        .iter()
        .map(|code| format!("CAST(SUM(CASE WHEN code = '{code}' THEN value ELSE 0 END) AS BIGINT)"))
        .collect();
    let sql = format!(
        "SELECT posyandu_id, periode, {} FROM report_value
         WHERE periode IN ({}) AND code IN ({}) AND desa_code >= $1 AND desa_code < $2
         GROUP BY posyandu_id, periode ORDER BY posyandu_id, periode",
        pivot.join(", "),
        placeholders(3, months.len()),
        quoted(&Measure::CODES)
    );
    let (low, high) = area.subtree();
    let this = periode.to_string();
    let mut found = Extremes::new(MAX_ALERTS_PER_KIND);
    // The months of one posyandu: this month's totals, and the earlier ones.
    let mut current: Option<(i64, Option<Totals>, Vec<Totals>)> = None;
    let mut judge = |(posyandu, month, before): (i64, Option<Totals>, Vec<Totals>)| {
        if let Some((measure, value, median, score)) = month.and_then(|m| most_unusual(&m, &before)) {
            found.push(score, (posyandu, measure, value, median));
        }
    };
    on_tx!(tx, c => {
        let mut query = sqlx::query_as::<_, MonthRow>(&sql).bind(&low).bind(&high);
        for month in &months {
            query = query.bind(month.to_string());
        }
        let mut rows = query.fetch(&mut *c);
        while let Some((posyandu, month, s, d, n, o, b, bgm)) = rows.try_next().await? {
            let totals = Totals { s, d, n, o, b, bgm, ..Totals::default() };
            if current.as_ref().is_some_and(|c| c.0 != posyandu) {
                judge(current.take().expect("checked"));
            }
            let entry = current.get_or_insert_with(|| (posyandu, None, Vec::new()));
            if month == this {
                entry.1 = Some(totals);
            } else {
                entry.2.push(totals);
            }
        }
    });
    if let Some(last) = current {
        judge(last);
    }
    let (found, left_off) = found.finish();
    let names = posyandu_refs(tx, found.iter().map(|f| f.0).collect()).await?;
    let alerts = found
        .into_iter()
        .filter_map(|(id, measure, value, median)| {
            names.get(&id).map(|posyandu| Alert::Unusual { posyandu: posyandu.clone(), measure, value, median })
        })
        .collect();
    Ok((alerts, left_off))
}

type PosyanduSqlRow = (i64, String, String, String);

fn posyandu_ref((id, name, desa_code, desa_name): PosyanduSqlRow) -> anyhow::Result<PosyanduRef> {
    Ok(PosyanduRef { id, name, desa_code: RegionCode::parse(&desa_code)?, desa_name })
}

/// The posyandu with these ids, by id.
async fn posyandu_refs(tx: &mut Tx, ids: Vec<i64>) -> anyhow::Result<HashMap<i64, PosyanduRef>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "SELECT p.id, p.name, p.desa_code, d.name FROM posyandu p JOIN region d ON d.code = p.desa_code
         WHERE p.id IN ({})",
        placeholders(1, ids.len())
    );
    let rows: Vec<PosyanduSqlRow> = on_tx!(tx, c => {
        let mut query = sqlx::query_as(&sql);
        for id in &ids {
            query = query.bind(*id);
        }
        query.fetch_all(&mut *c).await?
    });
    rows.into_iter().map(|row| Ok((row.0, posyandu_ref(row)?))).collect()
}

/// The posyandu of `area` without a report for `periode` nor the month
/// before, longest silent first (never reported before the others), and
/// how many more.
async fn silent(tx: &mut Tx, area: &RegionCode, periode: Periode) -> anyhow::Result<(Vec<Alert>, usize)> {
    let sql = "SELECT s.id, s.name, s.desa_code, s.desa_name, s.last_reported, s.total FROM (
                   SELECT p.id, p.name, p.desa_code, d.name AS desa_name,
                          (SELECT MAX(r.periode) FROM report r WHERE r.posyandu_id = p.id AND r.periode < $4)
                              AS last_reported,
                          COUNT(*) OVER () AS total
                   FROM posyandu p JOIN region d ON d.code = p.desa_code
                   WHERE p.desa_code >= $1 AND p.desa_code < $2 AND NOT EXISTS (
                       SELECT 1 FROM report r WHERE r.posyandu_id = p.id AND r.periode IN ($3, $4))) s
               ORDER BY s.last_reported IS NOT NULL, s.last_reported, s.desa_code, s.name LIMIT $5";
    let (low, high) = area.subtree();
    let rows: Vec<(i64, String, String, String, Option<String>, i64)> = on_tx!(tx, c => sqlx::query_as(sql)
        .bind(&low).bind(&high).bind(periode.to_string()).bind(periode.previous().to_string())
        .bind(MAX_ALERTS_PER_KIND as i64).fetch_all(&mut *c).await?);
    let total = rows.first().map_or(0, |r| r.5) as usize;
    let alerts = rows
        .into_iter()
        .map(|(id, name, desa_code, desa_name, last, _)| {
            let last_reported = last.map(Periode::try_from).transpose().map_err(|e| anyhow::anyhow!(e))?;
            Ok(Alert::Silent { posyandu: posyandu_ref((id, name, desa_code, desa_name))?, last_reported })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let left_off = total - alerts.len();
    Ok((alerts, left_off))
}

/// The posyandu of `area` (`None`: everywhere) without a report for
/// `periode`, by desa code and name: the page of `limit` from `offset`,
/// and how many there are in all.
pub async fn missing(
    tx: &mut Tx,
    area: Option<&RegionCode>,
    periode: Periode,
    offset: i64,
    limit: i64,
) -> anyhow::Result<(Vec<PosyanduRef>, i64)> {
    let from = "FROM posyandu p JOIN region d ON d.code = p.desa_code
                WHERE p.desa_code >= $1 AND p.desa_code < $2
                  AND NOT EXISTS (SELECT 1 FROM report r WHERE r.posyandu_id = p.id AND r.periode = $3)";
    let page =
        format!("SELECT p.id, p.name, p.desa_code, d.name {from} ORDER BY p.desa_code, p.name LIMIT $4 OFFSET $5");
    let count = format!("SELECT COUNT(*) {from}");
    let (low, high) = range(area);
    let periode = periode.to_string();
    let rows: Vec<PosyanduSqlRow> = on_tx!(tx, c => sqlx::query_as(&page).bind(&low).bind(&high).bind(&periode)
        .bind(limit).bind(offset).fetch_all(&mut *c).await?);
    let total: i64 =
        on_tx!(tx, c => sqlx::query_scalar(&count).bind(&low).bind(&high).bind(&periode).fetch_one(&mut *c).await?);
    Ok((rows.into_iter().map(posyandu_ref).collect::<anyhow::Result<_>>()?, total))
}

/// The totals of `area` (`None`: the country) for `until` and the
/// `months - 1` months before it, oldest first; a month without reports
/// has zero totals.
pub async fn trend(
    tx: &mut Tx,
    area: Option<&RegionCode>,
    until: Periode,
    months: u32,
) -> anyhow::Result<Vec<(Periode, Totals)>> {
    let periodes = months_until(until, months);
    let sums = range_sums(tx, &[range(area)], &periodes).await?;
    Ok(periodes.into_iter().map(|p| (p, sums.get(&(0, p)).copied().unwrap_or_default())).collect())
}

type ReportSqlRow = (
    i64,
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    i64,
    String,
    String,
    DateTime<Utc>,
    String,
    DateTime<Utc>,
);

/// Streams every report of `area` (`None`: everywhere) from `from` to `to`
/// (both included) to `each`, by desa code, posyandu name and month;
/// returns how many.
pub async fn reports(
    db: &Db,
    area: Option<&RegionCode>,
    from: Periode,
    to: Periode,
    settings: &Settings,
    mut each: impl FnMut(ReportRow) -> anyhow::Result<()>,
) -> anyhow::Result<u64> {
    let sql = "SELECT p.id, p.name, p.desa_code, d.name, d.time_zone, k.name, r.periode, r.revision, r.form_version,
                      cur.figures, cur.created_at, who.name, orig.created_at
               FROM posyandu p JOIN region d ON d.code = p.desa_code
               LEFT JOIN region k ON k.code = d.parent_code
               JOIN report r ON r.posyandu_id = p.id
               JOIN report_revision cur ON cur.report_id = r.id AND cur.revision = r.revision
               JOIN person who ON who.id = cur.person_id
               JOIN report_revision orig ON orig.report_id = r.id AND orig.revision = 1
               WHERE p.desa_code >= $1 AND p.desa_code < $2 AND r.periode >= $3 AND r.periode <= $4
               ORDER BY p.desa_code, p.name, r.periode";
    let (low, high) = range(area);
    let mut count = 0;
    on_db!(db, p => {
        let mut rows = sqlx::query_as::<_, ReportSqlRow>(sql).bind(&low).bind(&high).bind(from.to_string())
            .bind(to.to_string()).fetch(p);
        while let Some(row) = rows.try_next().await? {
            each(report_row(row, settings)?)?;
            count += 1;
        }
    });
    Ok(count)
}

fn report_row(row: ReportSqlRow, settings: &Settings) -> anyhow::Result<ReportRow> {
    let (id, name, desa_code, desa_name, zone, kecamatan, periode, revision, form_version, figures, sent_at, by, first) =
        row;
    let periode = Periode::try_from(periode).map_err(|e| anyhow::anyhow!(e))?;
    let zone: Tz = zone.parse().map_err(|_| anyhow::anyhow!("unknown time zone {zone}"))?;
    Ok(ReportRow {
        periode,
        posyandu: posyandu_ref((id, name, desa_code, desa_name))?,
        kecamatan_name: kecamatan.unwrap_or_default(),
        values: serde_json::from_str(&figures)?,
        revision,
        form_version,
        sent_by: by,
        sent_at,
        first_sent_at: first,
        on_time: first < settings.deadline(periode, zone),
    })
}
