//! The figures of a digest, computed in the database: sums of the current
//! report values and counts of reports for each child area of an area
//! (over the range of the child's region codes), the posyandu not yet
//! reported, the 12-month trend, and every report of an area streamed for
//! the spreadsheet. Nothing here holds an area's reports in memory.
//!
//! Sums read `report_value_code` (month, indicator, desa code): one run of
//! the index per child, month and indicator, in one `UNION ALL`, so
//! neither database sorts or tests every report value of a province or of
//! the country. Counts of reports join each child region to its posyandu
//! (a range of the `(desa_code, name)` index) and those to their reports
//! of both months (`completeness` says how each database runs it).
//!
//! Every desa code of a posyandu is a stored region and so are its parents
//! (foreign keys), so the child regions, retired ones included, hold every
//! posyandu of the area: the area's figures are the sum of its children's.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use futures_util::TryStreamExt;

use super::{Tx, on_tx};
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

/// `'S', 'K', …`: indicator codes (constants, never input) quoted for SQL.
fn quoted(codes: &[&str]) -> String {
    codes.iter().map(|c| format!("'{c}'")).collect::<Vec<_>>().join(", ")
}

/// Where the posyandu of one row of a digest are: a range of desa codes,
/// and for a posyandu of a desa its id too.
#[derive(Clone)]
struct Scope {
    low: String,
    high: String,
    posyandu: Option<i64>,
}

impl Scope {
    fn area(area: Option<&RegionCode>) -> Scope {
        let (low, high) = range(area);
        Scope { low, high, posyandu: None }
    }

    /// The condition on `report_value` with its parameters from `$first`.
    fn condition(&self, first: usize) -> String {
        let posyandu = match self.posyandu {
            Some(_) => format!(" AND posyandu_id = ${}", first + 2),
            None => String::new(),
        };
        format!("desa_code >= ${first} AND desa_code < ${}{posyandu}", first + 1)
    }

    /// How many parameters [`Scope::condition`] takes.
    fn parameters(&self) -> usize {
        2 + usize::from(self.posyandu.is_some())
    }
}

/// The totals of each scope in each of `months`, by (the scope's index,
/// month); a scope and month without reports is absent. One `UNION ALL`
/// branch per scope, each a run over `report_value_code` per month and
/// indicator, without sorting.
async fn sums(tx: &mut Tx, scopes: &[Scope], months: &[Periode]) -> anyhow::Result<HashMap<(usize, Periode), Totals>> {
    if scopes.is_empty() {
        return Ok(HashMap::new());
    }
    let months_in = placeholders(1, months.len());
    let codes = quoted(&CODES);
    let mut first = months.len() + 1;
    let mut branches = Vec::with_capacity(scopes.len());
    for (i, scope) in scopes.iter().enumerate() {
        branches.push(format!(
            "SELECT CAST({i} AS BIGINT), periode, code, CAST(SUM(value) AS BIGINT) FROM report_value
             WHERE periode IN ({months_in}) AND code IN ({codes}) AND {} GROUP BY periode, code",
            scope.condition(first)
        ));
        first += scope.parameters();
    }
    let sql = branches.join(" UNION ALL ");
    let rows: Vec<(i64, String, String, i64)> = on_tx!(tx, c => {
        let mut query = sqlx::query_as(&sql);
        for month in months {
            query = query.bind(month.to_string());
        }
        for scope in scopes {
            query = query.bind(&scope.low).bind(&scope.high);
            if let Some(id) = scope.posyandu {
                query = query.bind(id);
            }
        }
        query.fetch_all(&mut *c).await?
    });
    let mut sums: HashMap<(usize, Periode), Totals> = HashMap::new();
    for (i, periode, code, value) in rows {
        let periode = Periode::try_from(periode).map_err(|e| anyhow::anyhow!(e))?;
        sums.entry((i as usize, periode)).or_default().add(&code, value);
    }
    Ok(sums)
}

/// Every time zone a region can have, from the provinces.
fn time_zones() -> Vec<Tz> {
    let mut zones: Vec<Tz> = (0..=99).filter_map(province_time_zone).collect();
    zones.sort_by_key(|z| z.name());
    zones.dedup();
    zones
}

/// The completeness of each child of `area` (keys `children`, as in
/// [`Child::key`]) in the month `this` and the one before, by child key.
/// Each child region is joined to its posyandu and those to their reports
/// of both months, so a posyandu is read once; the deadline is that of the
/// child's time zone.
///
/// The databases plan that join differently. PostgreSQL reads the month's
/// reports once (`report_month`) and hashes them, so all children are one
/// grouped query. SQLite probes the reports per posyandu, but with all
/// children in one query it builds Bloom filters over the whole `report`
/// table (half a second for one kabupaten), so it gets one `UNION ALL`
/// branch per child, each starting from one region row.
async fn completeness(
    tx: &mut Tx,
    area: Option<&RegionCode>,
    children: &[&str],
    this: Periode,
    settings: &Settings,
) -> anyhow::Result<HashMap<String, [Completeness; 2]>> {
    let last = this.previous();
    let zones = time_zones();
    // The deadline in the child's zone: $3… for `this`, then for `last`.
    let deadline = |first: usize| {
        let whens: String =
            zones.iter().enumerate().map(|(i, z)| format!(" WHEN '{}' THEN ${}", z.name(), first + i)).collect();
        format!("CASE c.time_zone{whens} END")
    };
    // When the first revision was sent: `report.updated_at` is when the
    // current one was, so only a corrected report looks its first one up.
    let on_time = |r: &str, due: String| {
        format!(
            "CAST(COALESCE(SUM(CASE WHEN (CASE WHEN {r}.revision > 1 THEN (SELECT v.created_at FROM report_revision v
                 WHERE v.report_id = {r}.id AND v.revision = 1) ELSE {r}.updated_at END) < ({due}) THEN 1 ELSE 0 END), 0)
             AS BIGINT)"
        )
    };
    let counts = format!(
        "CAST(COUNT(*) AS BIGINT), CAST(COUNT(r.id) AS BIGINT), {}, CAST(COUNT(l.id) AS BIGINT), {}",
        on_time("r", deadline(3)),
        on_time("l", deadline(3 + zones.len()))
    );
    let from = "FROM region c JOIN posyandu p ON p.desa_code >= c.code AND p.desa_code < c.code || '/'
                LEFT JOIN report r ON r.posyandu_id = p.id AND r.periode = $1
                LEFT JOIN report l ON l.posyandu_id = p.id AND l.periode = $2";
    // The codes bound after the deadlines, from $k.
    let k = 3 + 2 * zones.len();
    let (low, high) = range(area);
    let (sql, codes): (String, Vec<&str>) = match (area, &*tx) {
        (Some(desa), _) if desa.level() == Level::Desa => (
            format!("SELECT CAST(p.id AS TEXT), {counts} {from} WHERE c.code = ${k} GROUP BY p.id"),
            vec![desa.as_str()],
        ),
        (_, Tx::Sqlite(_)) => {
            let branches: Vec<String> = (0..children.len())
                .map(|i| format!("SELECT ${0}, {counts} {from} WHERE c.code = ${0}", k + i))
                .collect();
            (branches.join(" UNION ALL "), children.to_vec())
        }
        // The area's range as well lets PostgreSQL see how few posyandu a
        // kabupaten has (it took every report of the month otherwise).
        (Some(area), Tx::Postgres(_)) => (
            format!(
                "SELECT c.code, {counts} {from} WHERE c.parent_code = ${k} AND p.desa_code >= ${} AND p.desa_code < ${}
                 GROUP BY c.code",
                k + 1,
                k + 2
            ),
            vec![area.as_str(), &low, &high],
        ),
        (None, Tx::Postgres(_)) => {
            (format!("SELECT c.code, {counts} {from} WHERE c.parent_code IS NULL GROUP BY c.code"), vec![])
        }
    };
    if sql.is_empty() {
        return Ok(HashMap::new());
    }
    let deadlines: Vec<DateTime<Utc>> =
        [this, last].into_iter().flat_map(|month| zones.iter().map(move |z| settings.deadline(month, *z))).collect();
    let rows: Vec<(String, i64, i64, i64, i64, i64)> = on_tx!(tx, c => {
        let mut query = sqlx::query_as(&sql).bind(this.to_string()).bind(last.to_string());
        for deadline in &deadlines {
            query = query.bind(*deadline);
        }
        for code in &codes {
            query = query.bind(*code);
        }
        query.fetch_all(&mut *c).await?
    });
    Ok(rows
        .into_iter()
        .map(|(key, expected, reported, on_time, reported_before, on_time_before)| {
            let this = Completeness { expected, reported, on_time };
            (key, [this, Completeness { expected, reported: reported_before, on_time: on_time_before }])
        })
        .collect())
}

/// A child row of a digest before its figures.
struct Child {
    /// The region code, or the posyandu id as text.
    key: String,
    unit: Unit,
    scope: Scope,
    retired: bool,
}

fn zone(name: &str) -> anyhow::Result<Tz> {
    name.parse().map_err(|_| anyhow::anyhow!("unknown time zone {name}"))
}

/// The children of `area` in code (or name) order: the regions one level
/// down, retired ones included, or the posyandu of a desa.
async fn children(tx: &mut Tx, area: Option<&RegionCode>, area_name: &str) -> anyhow::Result<Vec<Child>> {
    let Some(desa) = area.filter(|a| a.level() == Level::Desa) else {
        let columns = "SELECT code, name, retired_at IS NOT NULL FROM region";
        let rows: Vec<(String, String, bool)> = match area {
            None => on_tx!(tx, c => sqlx::query_as(&format!("{columns} WHERE parent_code IS NULL ORDER BY code"))
                .fetch_all(&mut *c).await?),
            Some(code) => on_tx!(tx, c => sqlx::query_as(&format!("{columns} WHERE parent_code = $1 ORDER BY code"))
                .bind(code.as_str()).fetch_all(&mut *c).await?),
        };
        return rows
            .into_iter()
            .map(|(key, name, retired)| {
                let code = RegionCode::parse(&key)?;
                let scope = Scope::area(Some(&code));
                Ok(Child { key, unit: Unit::Region { code, name }, scope, retired })
            })
            .collect();
    };
    let sql = "SELECT id, name FROM posyandu WHERE desa_code = $1 ORDER BY name";
    let rows: Vec<(i64, String)> = on_tx!(tx, c => sqlx::query_as(sql).bind(desa.as_str()).fetch_all(&mut *c).await?);
    Ok(rows
        .into_iter()
        .map(|(id, name)| {
            let posyandu = PosyanduRef { id, name, desa_code: desa.clone(), desa_name: area_name.to_owned() };
            let scope = Scope { posyandu: Some(id), ..Scope::area(Some(desa)) };
            Child { key: id.to_string(), unit: Unit::Posyandu(posyandu), scope, retired: false }
        })
        .collect())
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
    let units = children(tx, area, area_name).await?;
    let scopes: Vec<Scope> = units.iter().map(|c| c.scope.clone()).collect();
    let sums = sums(tx, &scopes, &[periode, last]).await?;
    let keys: Vec<&str> = units.iter().map(|c| c.key.as_str()).collect();
    let done = completeness(tx, area, &keys, periode, settings).await?;

    let (mut this_month, mut last_month) = (Figures::default(), Figures::default());
    let mut rows = Vec::with_capacity(units.len());
    for (i, child) in units.into_iter().enumerate() {
        let [this_done, last_done] = done.get(&child.key).copied().unwrap_or_default();
        let totals = |month| sums.get(&(i, month)).copied().unwrap_or_default();
        let row = Figures { completeness: this_done, totals: totals(periode) };
        this_month = this_month.plus(row);
        last_month = last_month.plus(Figures { completeness: last_done, totals: totals(last) });
        // A retired region is listed while posyandu (and so their reports) remain on it.
        if !child.retired || row.completeness.expected > 0 {
            rows.push(ChildRow { unit: child.unit, figures: row });
        }
    }
    rank(&mut rows);

    let (mut alerts, mut alerts_left_off) =
        area_alerts(&unit, &this_month.totals, &last_month.totals, &rows, settings.target_ds);
    if let Some(code) = area.filter(|a| a.level() >= POSYANDU_ALERTS_FROM) {
        let (unusual, left_off) = unusual(tx, code, periode).await?;
        alerts.extend(unusual);
        alerts_left_off += left_off;
        let (silent, left_off) = silent(tx, code, periode).await?;
        alerts.extend(silent);
        alerts_left_off += left_off;
    }
    Ok(AreaDigest { area: unit, periode, this_month, last_month, children: rows, alerts, alerts_left_off })
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
    let sums = sums(tx, &[Scope::area(area)], &periodes).await?;
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
    tx: &mut Tx,
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
    on_tx!(tx, c => {
        let mut rows = sqlx::query_as::<_, ReportSqlRow>(sql).bind(&low).bind(&high).bind(from.to_string())
            .bind(to.to_string()).fetch(&mut *c);
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
    let zone = self::zone(&zone)?;
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
