//! The figures of a digest, computed in the database: sums of the current
//! reports' totals and counts of reports for each child area of an area
//! (over the range of the child's region codes), the posyandu not yet
//! reported, the 12-month trend, and every report of an area streamed for
//! the spreadsheet. Nothing here holds an area's reports in memory.
//!
//! Sums and counts of reports read `report_total` (one row per report,
//! keyed by month, desa code and posyandu, kept by the report's save): one
//! run of the key per child and month, in one `UNION ALL`, so neither
//! database sorts or tests every report of a province or of the country.
//! How many posyandu each child expects in a month is a count over the
//! posyandu's `(desa_code, expected_from)` index: those registered by then.
//!
//! Every desa code of a posyandu is a stored region and so are its parents
//! (foreign keys), so the child regions, retired ones included, hold every
//! posyandu of the area: the area's figures are the sum of its children's.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use futures_util::TryStreamExt;
use sqlx::Row;

use super::posyandu::serves;
use super::report_total::COLUMNS;
use super::{Tx, on_tx};
use crate::domain::digest::{
    Alert, AreaDigest, ChildRow, Completeness, Figures, MAX_ALERTS_PER_KIND, Measure, POSYANDU_ALERTS_FROM,
    PosyanduRef, Settings, Totals, Unit, area_alerts, rank,
};
use crate::domain::form::Stage;
use crate::domain::periode::Periode;
use crate::domain::region::{Level, RegionCode};

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

/// Where the posyandu of one row of a digest are: a range of desa codes,
/// for a posyandu of a desa its id too, and the time zone its due day is
/// counted in.
#[derive(Clone)]
struct Scope {
    low: String,
    high: String,
    posyandu: Option<i64>,
    zone: Tz,
}

impl Scope {
    fn area(area: Option<&RegionCode>, zone: Tz) -> Scope {
        let (low, high) = range(area);
        Scope { low, high, posyandu: None, zone }
    }

    /// The condition on `report_total` with its parameters from `$first`.
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

/// One scope's month: how many reports, how many of them came by the due
/// day, and their totals.
#[derive(Clone, Copy, Debug, Default)]
struct Month {
    reported: i64,
    on_time: i64,
    totals: Totals,
}

type MonthSqlRow = (i64, String, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64);

/// The month of each scope in each of `months`, by (the scope's index,
/// month); a scope and month without reports is absent. With `due`, the
/// reports on time are counted against its deadline in the scope's zone
/// (0 without). One `UNION ALL` branch per scope, each a run of
/// `report_total`'s key per month: one row per report, in order.
async fn months_of(
    tx: &mut Tx,
    scopes: &[Scope],
    months: &[Periode],
    due: Option<&Settings>,
) -> anyhow::Result<HashMap<(usize, Periode), Month>> {
    if scopes.is_empty() || months.is_empty() {
        return Ok(HashMap::new());
    }
    let months_in = placeholders(1, months.len());
    let sums: Vec<String> = COLUMNS.iter().map(|c| format!("CAST(SUM({c}) AS BIGINT)")).collect();
    let sums = sums.join(", ");
    let mut first = months.len() + 1;
    let mut branches = Vec::with_capacity(scopes.len());
    for (i, scope) in scopes.iter().enumerate() {
        // The deadline of each month, from `$first` (months are `$1…`).
        let on_time = match due {
            Some(_) => {
                let whens: String =
                    (0..months.len()).map(|m| format!(" WHEN ${} THEN ${}", m + 1, first + m)).collect();
                first += months.len();
                format!("SUM(CASE WHEN first_sent_at < (CASE periode{whens} END) THEN 1 ELSE 0 END)")
            }
            None => "0".to_owned(),
        };
        branches.push(format!(
            "SELECT CAST({i} AS BIGINT), periode, CAST(COUNT(*) AS BIGINT), CAST({on_time} AS BIGINT), {sums}
             FROM report_total WHERE periode IN ({months_in}) AND {} GROUP BY periode",
            scope.condition(first)
        ));
        first += scope.parameters();
    }
    let sql = branches.join(" UNION ALL ");
    let rows: Vec<MonthSqlRow> = on_tx!(tx, c => {
        let mut query = sqlx::query_as(&sql);
        for month in months {
            query = query.bind(month.to_string());
        }
        for scope in scopes {
            if let Some(settings) = due {
                for month in months {
                    query = query.bind(settings.deadline(*month, scope.zone));
                }
            }
            query = query.bind(&scope.low).bind(&scope.high);
            if let Some(id) = scope.posyandu {
                query = query.bind(id);
            }
        }
        query.fetch_all(&mut *c).await?
    });
    let mut found = HashMap::with_capacity(rows.len());
    for (i, periode, reported, on_time, s, k, d, n, t, o, b, bgm, two_t) in rows {
        let periode = Periode::try_from(periode).map_err(|e| anyhow::anyhow!(e))?;
        let totals = Totals { s, k, d, n, t, o, b, bgm, two_t };
        found.insert((i as usize, periode), Month { reported, on_time, totals });
    }
    Ok(found)
}

/// How many posyandu each scope expects a report from in each of `months`
/// (by the scope's index, then the month's): those registered by then
/// (`expected_from`), a count over the `(desa_code, expected_from)` index
/// per region; a posyandu's own scope counts it alone.
async fn expected(tx: &mut Tx, scopes: &[Scope], months: &[Periode]) -> anyhow::Result<Vec<Vec<i64>>> {
    let mut counts = vec![vec![0; months.len()]; scopes.len()];
    if scopes.is_empty() || months.is_empty() {
        return Ok(counts);
    }
    let columns: Vec<String> = (1..=months.len())
        .map(|m| format!("CAST(COUNT(CASE WHEN expected_from <= ${m} THEN 1 END) AS BIGINT)"))
        .collect();
    let columns = columns.join(", ");
    let mut first = months.len() + 1;
    let mut branches = Vec::with_capacity(scopes.len());
    for (i, scope) in scopes.iter().enumerate() {
        let posyandu = match scope.posyandu {
            Some(_) => format!(" AND id = ${}", first + 2),
            None => String::new(),
        };
        branches.push(format!(
            "SELECT CAST({i} AS BIGINT), {columns} FROM posyandu WHERE desa_code >= ${first} AND desa_code < ${}{posyandu} AND {}",
            first + 1,
            serves("posyandu", Stage::Balita)
        ));
        first += scope.parameters();
    }
    let sql = branches.join(" UNION ALL ");
    let rows: Vec<(i64, Vec<i64>)> = on_tx!(tx, c => {
        let mut query = sqlx::query(&sql);
        for month in months {
            query = query.bind(month.to_string());
        }
        for scope in scopes {
            query = query.bind(&scope.low).bind(&scope.high);
            if let Some(id) = scope.posyandu {
                query = query.bind(id);
            }
        }
        let rows = query.fetch_all(&mut *c).await?;
        let mut found = Vec::with_capacity(rows.len());
        for row in &rows {
            let counts: Vec<i64> = (1..=months.len()).map(|m| row.try_get::<i64, _>(m)).collect::<sqlx::Result<_>>()?;
            found.push((row.try_get::<i64, _>(0)?, counts));
        }
        found
    });
    for (i, row) in rows {
        counts[i as usize] = row;
    }
    Ok(counts)
}

/// A child row of a digest before its figures.
struct Child {
    unit: Unit,
    scope: Scope,
    retired: bool,
}

fn zone(name: &str) -> anyhow::Result<Tz> {
    name.parse().map_err(|_| anyhow::anyhow!("unknown time zone {name}"))
}

/// The children of `area` in code (or name) order: the regions one level
/// down, retired ones included, or the posyandu of a desa (in the desa's
/// `area_zone`).
async fn children(
    tx: &mut Tx,
    area: Option<&RegionCode>,
    area_name: &str,
    area_zone: Tz,
) -> anyhow::Result<Vec<Child>> {
    let Some(desa) = area.filter(|a| a.level() == Level::Desa) else {
        let columns = "SELECT code, name, time_zone, retired_at IS NOT NULL FROM region";
        let rows: Vec<(String, String, String, bool)> = match area {
            None => on_tx!(tx, c => sqlx::query_as(&format!("{columns} WHERE parent_code IS NULL ORDER BY code"))
                .fetch_all(&mut *c).await?),
            Some(code) => on_tx!(tx, c => sqlx::query_as(&format!("{columns} WHERE parent_code = $1 ORDER BY code"))
                .bind(code.as_str()).fetch_all(&mut *c).await?),
        };
        return rows
            .into_iter()
            .map(|(key, name, time_zone, retired)| {
                let code = RegionCode::parse(&key)?;
                let scope = Scope::area(Some(&code), zone(&time_zone)?);
                Ok(Child { unit: Unit::Region { code, name }, scope, retired })
            })
            .collect();
    };
    let sql = "SELECT id, name FROM posyandu WHERE desa_code = $1 ORDER BY name";
    let rows: Vec<(i64, String)> = on_tx!(tx, c => sqlx::query_as(sql).bind(desa.as_str()).fetch_all(&mut *c).await?);
    Ok(rows
        .into_iter()
        .map(|(id, name)| {
            let posyandu = PosyanduRef { id, name, desa_code: desa.clone(), desa_name: area_name.to_owned() };
            let scope = Scope { posyandu: Some(id), ..Scope::area(Some(desa), area_zone) };
            Child { unit: Unit::Posyandu(posyandu), scope, retired: false }
        })
        .collect())
}

/// The zone a digest of `area` counts deadlines in when it has no child
/// regions of its own to take them from: the area's (the country's: WIB).
fn area_zone(area: Option<&RegionCode>) -> Tz {
    area.map_or(Tz::Asia__Jakarta, RegionCode::time_zone)
}

/// The digest of `area` (`None`: the national rollup, every province) for
/// `periode`. The caller has checked that the asker may see the area.
pub async fn area(
    tx: &mut Tx,
    area: Option<&RegionCode>,
    periode: Periode,
    settings: &Settings,
) -> anyhow::Result<AreaDigest> {
    let (unit, area_zone) = match area {
        None => (Unit::Nation, area_zone(None)),
        Some(code) => {
            let sql = "SELECT name, time_zone FROM region WHERE code = $1";
            let row: Option<(String, String)> =
                on_tx!(tx, c => sqlx::query_as(sql).bind(code.as_str()).fetch_optional(&mut *c).await?);
            let (name, time_zone) = row.ok_or_else(|| anyhow::anyhow!("no region with code {code}"))?;
            (Unit::Region { code: code.clone(), name }, zone(&time_zone)?)
        }
    };
    let area_name = match &unit {
        Unit::Region { name, .. } => name.as_str(),
        _ => "",
    };
    let last = periode.previous();
    let units = children(tx, area, area_name, area_zone).await?;
    let scopes: Vec<Scope> = units.iter().map(|c| c.scope.clone()).collect();
    let months = months_of(tx, &scopes, &[periode, last], Some(settings)).await?;
    let expected = expected(tx, &scopes, &[periode, last]).await?;

    let (mut this_month, mut last_month) = (Figures::default(), Figures::default());
    let mut rows = Vec::with_capacity(units.len());
    for (i, (child, expected)) in units.into_iter().zip(expected).enumerate() {
        let figures = |month, expected| {
            let Month { reported, on_time, totals } = months.get(&(i, month)).copied().unwrap_or_default();
            Figures { completeness: Completeness { expected, reported, on_time }, totals }
        };
        let row = figures(periode, expected[0]);
        this_month = this_month.plus(row);
        last_month = last_month.plus(figures(last, expected[1]));
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

type UnusualRow = (i64, String, f64, f64, i64, i64, i64, i64, i64, i64, i64);

/// The posyandu of `area` whose month is furthest from their own previous
/// months, most extreme first, and how many more: the month's rows of
/// `report_total` flagged when they were saved
/// ([`super::report_total::unusual`]), through its partial index.
async fn unusual(tx: &mut Tx, area: &RegionCode, periode: Periode) -> anyhow::Result<(Vec<Alert>, usize)> {
    let sql = "SELECT posyandu_id, unusual_measure, unusual_median, unusual_score, s, d, n, o, b, bgm,
                      COUNT(*) OVER ()
               FROM report_total
               WHERE periode = $1 AND desa_code >= $2 AND desa_code < $3 AND unusual_score IS NOT NULL
               ORDER BY unusual_score DESC, desa_code, posyandu_id LIMIT $4";
    let (low, high) = area.subtree();
    let rows: Vec<UnusualRow> = on_tx!(tx, c => sqlx::query_as(sql).bind(periode.to_string()).bind(&low).bind(&high)
        .bind(MAX_ALERTS_PER_KIND as i64).fetch_all(&mut *c).await?);
    let total = rows.first().map_or(0, |r| r.10) as usize;
    let names = posyandu_refs(tx, rows.iter().map(|r| r.0).collect()).await?;
    let mut alerts = Vec::with_capacity(rows.len());
    for (id, measure, median, _, s, d, n, o, b, bgm, _) in rows {
        let measure = Measure::from_key(&measure).ok_or_else(|| anyhow::anyhow!("unknown measure {measure}"))?;
        let totals = Totals { s, d, n, o, b, bgm, ..Totals::default() };
        let value = measure.of(&totals).ok_or_else(|| anyhow::anyhow!("posyandu {id}: {measure:?} undefined"))?;
        if let Some(posyandu) = names.get(&id) {
            alerts.push(Alert::Unusual { posyandu: posyandu.clone(), measure, value, median });
        }
    }
    let left_off = total - alerts.len();
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

/// The posyandu of `area` expected to report `periode`, without a report
/// for it nor the month before, longest silent first (never reported
/// before the others), and how many more.
async fn silent(tx: &mut Tx, area: &RegionCode, periode: Periode) -> anyhow::Result<(Vec<Alert>, usize)> {
    let sql = "SELECT s.id, s.name, s.desa_code, s.desa_name, s.last_reported, s.total FROM (
                   SELECT p.id, p.name, p.desa_code, d.name AS desa_name,
                          (SELECT MAX(r.periode) FROM report r WHERE r.posyandu_id = p.id AND r.periode < $4)
                              AS last_reported,
                          COUNT(*) OVER () AS total
                   FROM posyandu p JOIN region d ON d.code = p.desa_code
                   WHERE p.desa_code >= $1 AND p.desa_code < $2 AND p.expected_from <= $3 AND NOT EXISTS (
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

/// The posyandu of `area` (`None`: everywhere) expected to report
/// `periode` and without a report for it, by desa code and name: the page of `limit` from `offset`,
/// and how many there are in all.
pub async fn missing(
    tx: &mut Tx,
    area: Option<&RegionCode>,
    periode: Periode,
    offset: i64,
    limit: i64,
) -> anyhow::Result<(Vec<PosyanduRef>, i64)> {
    let from = "FROM posyandu p JOIN region d ON d.code = p.desa_code
                WHERE p.desa_code >= $1 AND p.desa_code < $2 AND p.expected_from <= $3 AND {serves}
                  AND NOT EXISTS (SELECT 1 FROM report r WHERE r.posyandu_id = p.id AND r.periode = $3 AND r.section = 'balita')";
    let from = from.replace("{serves}", &serves("p", Stage::Balita));
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
    let found = months_of(tx, &[Scope::area(area, area_zone(area))], &periodes, None).await?;
    Ok(periodes.into_iter().map(|p| (p, found.get(&(0, p)).map(|m| m.totals).unwrap_or_default())).collect())
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

/// Streams every report of `section` in `area` (`None`: everywhere) from
/// `from` to `to` (both included) to `each`, by desa code, posyandu name
/// and month; returns how many.
pub async fn reports(
    tx: &mut Tx,
    area: Option<&RegionCode>,
    (from, to): (Periode, Periode),
    section: &str,
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
               WHERE p.desa_code >= $1 AND p.desa_code < $2 AND r.periode >= $3 AND r.periode <= $4 AND r.section = $5
               ORDER BY p.desa_code, p.name, r.periode";
    let (low, high) = range(area);
    let mut count = 0;
    on_tx!(tx, c => {
        let mut rows = sqlx::query_as::<_, ReportSqlRow>(sql).bind(&low).bind(&high).bind(from.to_string())
            .bind(to.to_string()).bind(section).fetch(&mut *c);
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
