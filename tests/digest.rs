//! Digests on both databases: reports saved through the real save path,
//! then every figure of a digest compared with a calculation made here
//! from the raw rows (tables read one by one, the current revision picked
//! as the highest one, areas matched by splitting codes, deadlines from
//! fixed UTC offsets), not by calling the digest's code.

mod common;

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, TimeZone, Utc};
use common::TestDb;
use posyandu_bot::domain::digest::{
    Alert, AreaDigest, ChildRow, Completeness, Figures, Measure, PosyanduRef, Settings, Totals, Unit, most_unusual,
};
use posyandu_bot::domain::lang::Lang;
use posyandu_bot::domain::periode::Periode;
use posyandu_bot::domain::region::RegionCode;
use posyandu_bot::domain::report::Submission;
use posyandu_bot::store::{Db, digest, people, posyandu, regions, reports};

/// Luwu Timur with two kecamatan (one desa without posyandu), Toraja Utara
/// next to it, and a kelurahan each in Pontianak (WIB) and Bontang (WITA).
const REGIONS: &str = "\
61,Kalimantan Barat
61.71,Kota Pontianak
61.71.01,Pontianak Selatan
61.71.01.1002,Benuamelayu Laut
64,Kalimantan Timur
64.74,Kota Bontang
64.74.01,Bontang Selatan
64.74.01.1001,Bontang Lestari
73,Sulawesi Selatan
73.24,Kabupaten Luwu Timur
73.24.01,Mangkutana
73.24.01.2001,Maleku
73.24.01.2002,Wonorejo
73.24.02,Nuha
73.24.02.2001,Nuha
73.24.02.2003,Nikkel
73.26,Kabupaten Toraja Utara
73.26.01,Rantepao
73.26.01.1001,Laang Tanduk
";

const DUE_DAY: u32 = 5;
const TARGET: f64 = 0.80;

/// The store's digest reads, each in a transaction of its own (the bot
/// runs them in the step's).
async fn digest_of(
    db: &Db,
    region: Option<&RegionCode>,
    periode: Periode,
    settings: &Settings,
) -> anyhow::Result<AreaDigest> {
    let mut tx = db.begin().await?;
    let found = digest::area(&mut tx, region, periode, settings).await;
    tx.commit().await?;
    found
}

async fn missing_of(
    db: &Db,
    region: Option<&RegionCode>,
    periode: Periode,
    offset: i64,
    limit: i64,
) -> anyhow::Result<(Vec<PosyanduRef>, i64)> {
    let mut tx = db.begin().await?;
    let found = digest::missing(&mut tx, region, periode, offset, limit).await;
    tx.commit().await?;
    found
}

async fn trend_of(
    db: &Db,
    region: Option<&RegionCode>,
    until: Periode,
    months: u32,
) -> anyhow::Result<Vec<(Periode, Totals)>> {
    let mut tx = db.begin().await?;
    let found = digest::trend(&mut tx, region, until, months).await;
    tx.commit().await?;
    found
}

fn settings() -> Settings {
    Settings { due_day: DUE_DAY, target_ds: TARGET }
}

fn month(text: &str) -> Periode {
    Periode::try_from(text.to_owned()).unwrap()
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

fn code(text: &str) -> RegionCode {
    RegionCode::parse(text).unwrap()
}

/// A report that obeys the form's rules: O and B a tenth and a twentieth
/// of D, T the rest of D after N, O and B.
fn skdn(s: i64, d: i64, n: i64, bgm: i64, two_t: i64) -> BTreeMap<String, i64> {
    let (o, b) = (d / 10, d / 20);
    let t = d - n - o - b;
    assert!(t >= two_t && bgm <= d && d <= s, "test data breaks the form's rules");
    [
        ("S", s),
        ("K", s - s / 10),
        ("D", d),
        ("N", n),
        ("T", t),
        ("O", o),
        ("B", b),
        ("BGM", bgm),
        ("2T", two_t),
        ("KADER", 5),
    ]
    .into_iter()
    .map(|(c, v)| (c.to_owned(), v))
    .collect()
}

async fn load_regions(db: &TestDb) {
    let rows = posyandu_bot::wilayah::read(REGIONS.as_bytes(), &Default::default()).unwrap();
    regions::import(&db.db, &rows, |_, _| ()).await.unwrap();
}

async fn person(db: &TestDb, name: &str) -> i64 {
    let mut tx = db.db.begin().await.unwrap();
    let id = people::create(&mut tx, "telegram", name, name, Lang::Id, common::start_time()).await.unwrap();
    tx.commit().await.unwrap();
    id
}

/// Sends a report (a correction when `base` is given) at `when`.
async fn send(
    db: &TestDb,
    by: i64,
    posyandu: i64,
    periode: &str,
    values: BTreeMap<String, i64>,
    base: Option<i64>,
    when: &str,
) {
    let submission = Submission {
        posyandu_id: posyandu,
        periode: month(periode),
        values,
        confirmed: vec![],
        base,
        section: "balita".into(),
        form_version: "skdn-2026.1".into(),
    };
    let mut tx = db.db.begin().await.unwrap();
    reports::save(&mut tx, by, &submission, at(when)).await.unwrap();
    tx.commit().await.unwrap();
}

async fn rows<T>(db: &TestDb, sql: &str) -> Vec<T>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow> + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>,
    T: Send + Unpin,
{
    match &db.db {
        Db::Sqlite(s) => sqlx::query_as(sql).fetch_all(&mut *s.lock().await.unwrap()).await.unwrap(),
        Db::Postgres(p) => sqlx::query_as(sql).fetch_all(p).await.unwrap(),
    }
}

// ---------------------------------------------------------------------------
// The raw rows and the calculation made from them.

struct Region {
    name: String,
    parent: Option<String>,
    level: i64,
    zone: String,
    retired: bool,
}

struct Posyandu {
    id: i64,
    name: String,
    desa: String,
    /// The first month it is expected to report: the month before the one
    /// it was registered in (UTC), or its earliest report if older.
    expected_from: String,
}

struct Report {
    posyandu: i64,
    periode: String,
    /// The figures of the highest revision.
    figures: BTreeMap<String, i64>,
    revisions: i64,
    first_at: DateTime<Utc>,
    current_at: DateTime<Utc>,
    current_by: String,
}

struct Raw {
    regions: BTreeMap<String, Region>,
    posyandu: Vec<Posyandu>,
    reports: Vec<Report>,
}

impl Raw {
    async fn read(db: &TestDb) -> Raw {
        let regions: Vec<(String, String, Option<String>, i64, String, bool)> = rows(
            db,
            "SELECT code, name, parent_code, CAST(level AS BIGINT), time_zone, retired_at IS NOT NULL FROM region",
        )
        .await;
        let regions = regions
            .into_iter()
            .map(|(code, name, parent, level, zone, retired)| (code, Region { name, parent, level, zone, retired }))
            .collect();
        let posyandu: Vec<(i64, String, String, DateTime<Utc>)> =
            rows(db, "SELECT id, name, desa_code, created_at FROM posyandu").await;
        let heads: Vec<(i64, i64, String)> = rows(db, "SELECT id, posyandu_id, periode FROM report").await;
        let posyandu = posyandu
            .into_iter()
            .map(|(id, name, desa, created)| {
                let registered = before(&created.format("%Y-%m").to_string());
                let earliest = heads.iter().filter(|h| h.1 == id).map(|h| h.2.clone()).min();
                let expected_from = earliest.into_iter().chain([registered]).min().unwrap();
                Posyandu { id, name, desa, expected_from }
            })
            .collect();
        let revisions: Vec<(i64, i64, String, DateTime<Utc>, String)> = rows(
            db,
            "SELECT v.report_id, v.revision, v.figures, v.created_at, p.name
             FROM report_revision v JOIN person p ON p.id = v.person_id",
        )
        .await;
        let reports = heads
            .into_iter()
            .map(|(id, posyandu, periode)| {
                let mut mine: Vec<&(i64, i64, String, DateTime<Utc>, String)> =
                    revisions.iter().filter(|r| r.0 == id).collect();
                mine.sort_by_key(|r| r.1);
                let (first, current) = (mine[0], mine[mine.len() - 1]);
                Report {
                    posyandu,
                    periode,
                    figures: serde_json::from_str(&current.2).unwrap(),
                    revisions: mine.len() as i64,
                    first_at: first.3,
                    current_at: current.3,
                    current_by: current.4.clone(),
                }
            })
            .collect();
        Raw { regions, posyandu, reports }
    }

    fn posyandu(&self, id: i64) -> &Posyandu {
        self.posyandu.iter().find(|p| p.id == id).unwrap()
    }

    fn reference(&self, p: &Posyandu) -> PosyanduRef {
        PosyanduRef {
            id: p.id,
            name: p.name.clone(),
            desa_code: code(&p.desa),
            desa_name: self.regions[&p.desa].name.clone(),
        }
    }

    /// The first moment a report of `periode` is late in the zone of `desa`.
    fn deadline(&self, periode: &str, desa: &str) -> DateTime<Utc> {
        let (y, m) = (periode[..4].parse::<i32>().unwrap(), periode[5..].parse::<u32>().unwrap());
        let (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        let hours = match self.regions[desa].zone.as_str() {
            "Asia/Jakarta" | "Asia/Pontianak" => 7,
            "Asia/Makassar" => 8,
            "Asia/Jayapura" => 9,
            other => panic!("{other}"),
        };
        Utc.with_ymd_and_hms(y, m, DUE_DAY + 1, 0, 0, 0).unwrap() - Duration::hours(hours)
    }

    /// The month of the posyandu for which `inside` holds.
    fn figures(&self, periode: &str, inside: impl Fn(&Posyandu) -> bool) -> Figures {
        let mut f = Figures::default();
        f.completeness.expected =
            self.posyandu.iter().filter(|p| inside(p) && p.expected_from.as_str() <= periode).count() as i64;
        for r in self.reports.iter().filter(|r| r.periode == periode) {
            let p = self.posyandu(r.posyandu);
            if !inside(p) {
                continue;
            }
            f.completeness.reported += 1;
            if r.first_at < self.deadline(periode, &p.desa) {
                f.completeness.on_time += 1;
            }
            let t = &mut f.totals;
            let v = r.totals();
            (t.s, t.k, t.d, t.n, t.t) = (t.s + v.s, t.k + v.k, t.d + v.d, t.n + v.n, t.t + v.t);
            (t.o, t.b, t.bgm, t.two_t) = (t.o + v.o, t.b + v.b, t.bgm + v.bgm, t.two_t + v.two_t);
        }
        f
    }

    /// The posyandu of `area` whose `periode` is unusual against their
    /// reports of the 12 months before (by the domain's rule), most extreme
    /// first (then by desa and id), with the measure's value and median.
    fn unusual(&self, area: &str, periode: &str) -> Vec<(f64, Alert)> {
        let earlier: Vec<String> = std::iter::successors(Some(before(periode)), |m| Some(before(m))).take(12).collect();
        let mut found: Vec<(f64, &Posyandu, Alert)> = self
            .reports
            .iter()
            .filter(|r| r.periode == periode && within(area, &self.posyandu(r.posyandu).desa))
            .filter_map(|r| {
                let history: Vec<Totals> = self
                    .reports
                    .iter()
                    .filter(|h| h.posyandu == r.posyandu && earlier.contains(&h.periode))
                    .map(Report::totals)
                    .collect();
                let (measure, value, median, score) = most_unusual(&r.totals(), &history)?;
                let p = self.posyandu(r.posyandu);
                Some((score, p, Alert::Unusual { posyandu: self.reference(p), measure, value, median }))
            })
            .collect();
        found.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| (&a.1.desa, a.1.id).cmp(&(&b.1.desa, b.1.id))));
        found.into_iter().map(|(score, _, alert)| (score, alert)).collect()
    }
}

impl Report {
    /// The report's SKDN totals; an indicator it lacks is 0.
    fn totals(&self) -> Totals {
        let v = |c: &str| self.figures.get(c).copied().unwrap_or(0);
        Totals {
            s: v("S"),
            k: v("K"),
            d: v("D"),
            n: v("N"),
            t: v("T"),
            o: v("O"),
            b: v("B"),
            bgm: v("BGM"),
            two_t: v("2T"),
        }
    }
}

/// Whether `code` lies in `area` ("" is the country): equal, or below it.
fn within(area: &str, code: &str) -> bool {
    area.is_empty() || code == area || code.starts_with(&format!("{area}."))
}

fn ratio(num: i64, den: i64) -> Option<f64> {
    if den == 0 { None } else { Some(num as f64 / den as f64) }
}

/// The previous month of `YYYY-MM`.
fn before(periode: &str) -> String {
    let (y, m) = (periode[..4].parse::<i32>().unwrap(), periode[5..].parse::<u32>().unwrap());
    if m == 1 { format!("{}-12", y - 1) } else { format!("{y}-{:02}", m - 1) }
}

/// The digest of `area` for `periode` as calculated here.
fn expected(raw: &Raw, area: &str, periode: &str) -> AreaDigest {
    let last = before(periode);
    let unit = if area.is_empty() {
        Unit::Nation
    } else {
        Unit::Region { code: code(area), name: raw.regions[area].name.clone() }
    };
    let inside = |p: &Posyandu| within(area, &p.desa);
    let this_month = raw.figures(periode, inside);
    let last_month = raw.figures(&last, inside);
    let depth = if area.is_empty() { 0 } else { area.split('.').count() };

    let mut children: Vec<ChildRow> = if depth == 4 {
        let mut mine: Vec<&Posyandu> = raw.posyandu.iter().filter(|p| p.desa == area).collect();
        mine.sort_by(|a, b| a.name.cmp(&b.name));
        mine.into_iter()
            .map(|p| ChildRow {
                unit: Unit::Posyandu(raw.reference(p)),
                figures: raw.figures(periode, |q| q.id == p.id),
            })
            .collect()
    } else {
        raw.regions
            .iter()
            .filter(
                |(c, r)| {
                    if area.is_empty() { r.level == 1 } else { r.parent.as_deref() == Some(area) && within(area, c) }
                },
            )
            // A retired region stays while posyandu remain on it.
            .filter(|(c, r)| !r.retired || raw.posyandu.iter().any(|p| within(c, &p.desa)))
            .map(|(c, r)| {
                let prefix: Vec<&str> = c.split('.').collect();
                let figures = raw.figures(periode, |p| p.desa.split('.').take(prefix.len()).eq(prefix.iter().copied()));
                ChildRow { unit: Unit::Region { code: code(c), name: r.name.clone() }, figures }
            })
            .collect()
    };
    // Highest D/S first, no S last; stable, so ties keep code (or name) order.
    children.sort_by(|a, b| {
        let (x, y) = (ratio(a.figures.totals.d, a.figures.totals.s), ratio(b.figures.totals.d, b.figures.totals.s));
        match (x, y) {
            (Some(x), Some(y)) => y.partial_cmp(&x).unwrap(),
            (x, y) => y.is_some().cmp(&x.is_some()),
        }
    });

    let mut alerts = Vec::new();
    let (t, l) = (this_month.totals, last_month.totals);
    if let Some(ds) = ratio(t.d, t.s).filter(|ds| *ds < TARGET) {
        alerts.push(Alert::DsBelowTarget { unit: unit.clone(), ds, target: TARGET });
    }
    // Rates per D, not counts: a month half reported is not a halving.
    if let (Some(before), Some(after)) = (ratio(l.bgm, l.d), ratio(t.bgm, t.d))
        && after > before
    {
        alerts.push(Alert::BgmUp { before, after });
    }
    if let (Some(before), Some(after)) = (ratio(l.two_t, l.d), ratio(t.two_t, t.d))
        && after > before
    {
        alerts.push(Alert::TwoTUp { before, after });
    }
    let mut low: Vec<(f64, &ChildRow)> = children
        .iter()
        .filter_map(|c| ratio(c.figures.totals.d, c.figures.totals.s).filter(|ds| *ds < TARGET).map(|ds| (ds, c)))
        .collect();
    low.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap());
    let mut left_off = low.len().saturating_sub(10);
    alerts.extend(low.into_iter().take(10).map(|(ds, c)| Alert::DsBelowTarget {
        unit: c.unit.clone(),
        ds,
        target: TARGET,
    }));
    if depth >= 2 {
        let unusual = raw.unusual(area, periode);
        left_off += unusual.len().saturating_sub(10);
        alerts.extend(unusual.into_iter().take(10).map(|(_, alert)| alert));
        let reported = |p: &Posyandu, m: &str| raw.reports.iter().any(|r| r.posyandu == p.id && r.periode == m);
        let mut silent: Vec<(Option<String>, &Posyandu)> = raw
            .posyandu
            .iter()
            .filter(|p| {
                inside(p) && p.expected_from.as_str() <= periode && !reported(p, periode) && !reported(p, &last)
            })
            .map(|p| {
                let latest = raw.reports.iter().filter(|r| r.posyandu == p.id && r.periode.as_str() < periode);
                (latest.map(|r| r.periode.clone()).max(), p)
            })
            .collect();
        silent.sort_by(|a, b| (&a.0, &a.1.desa, &a.1.name).cmp(&(&b.0, &b.1.desa, &b.1.name)));
        left_off += silent.len().saturating_sub(10);
        alerts.extend(
            silent
                .into_iter()
                .take(10)
                .map(|(last, p)| Alert::Silent { posyandu: raw.reference(p), last_reported: last.map(|m| month(&m)) }),
        );
    }
    AreaDigest {
        area: unit,
        periode: month(periode),
        this_month,
        last_month,
        children,
        alerts,
        alerts_left_off: left_off,
    }
}

/// Compares the digest of `area` with the calculation, and its ratios with
/// ratios of the calculated totals.
async fn check(db: &TestDb, raw: &Raw, area: &str, periode: &str) -> AreaDigest {
    let region = (!area.is_empty()).then(|| code(area));
    let got = digest_of(&db.db, region.as_ref(), month(periode), &settings()).await.unwrap();
    let want = expected(raw, area, periode);
    assert_eq!(got.this_month, want.this_month, "{area} {periode}: this month");
    assert_eq!(got.last_month, want.last_month, "{area} {periode}: last month");
    assert_eq!(got.children, want.children, "{area} {periode}: children");
    assert_eq!(got.alerts, want.alerts, "{area} {periode}: alerts");
    assert_eq!(got, want, "{area} {periode}");
    let c = want.this_month.completeness;
    assert_eq!(got.missing(), c.expected - c.reported);
    for (figures, tag) in [(&got.this_month, "this"), (&got.last_month, "last")] {
        let t = figures.totals;
        let ratios = [t.k_s(), t.d_s(), t.d_k(), t.n_d(), t.n_d_prime(), t.n_s(), t.bgm_rate(), t.two_t_rate()];
        let by_hand = [
            ratio(t.k, t.s),
            ratio(t.d, t.s),
            ratio(t.d, t.k),
            ratio(t.n, t.d),
            ratio(t.n, t.d - t.o - t.b),
            ratio(t.n, t.s),
            ratio(t.bgm, t.d),
            ratio(t.two_t, t.d),
        ];
        assert_eq!(ratios, by_hand, "{area} {periode} {tag}: ratios");
    }
    got
}

/// Compares every area that lists unusual posyandu (and those above
/// them) with the calculation, for October and September 2026.
async fn check_unusual_areas(db: &TestDb) {
    let raw = Raw::read(db).await;
    for periode in ["2026-10", "2026-09"] {
        for area in ["", "73", "73.24", "73.24.01", "73.24.01.2001", "73.24.01.2002", "73.24.02.2001", "73.26"] {
            check(db, &raw, area, periode).await;
        }
    }
}

/// The main dataset: on time, late by a second, on time by half a second,
/// corrected, missing, silent, all zero, and neighbours outside the area.
async fn dataset(db: &TestDb) {
    load_regions(db).await;
    let (siti, rina) = (person(db, "Siti").await, person(db, "Rina").await);
    let add = |name: &'static str, desa: &'static str| async move { db.add_posyandu(name, desa).await };
    let mawar = add("Mawar", "73.24.01.2001").await;
    let melati = add("Melati", "73.24.01.2001").await;
    let cempaka = add("Cempaka", "73.24.01.2001").await;
    let anggrek = add("Anggrek", "73.24.01.2002").await;
    let kenanga = add("Kenanga", "73.24.01.2002").await;
    add("Kamboja", "73.24.01.2002").await;
    let dahlia = add("Dahlia", "73.24.02.2001").await;
    let flamboyan = add("Flamboyan", "73.24.02.2001").await;
    let tulip = add("Tulip", "73.26.01.1001").await;
    let seroja = add("Seroja", "61.71.01.1002").await;
    let teratai = add("Teratai", "64.74.01.1001").await;

    send(db, siti, mawar, "2026-09", skdn(45, 40, 30, 1, 0), None, "2026-10-03T01:00:00Z").await;
    send(db, siti, mawar, "2026-10", skdn(45, 38, 28, 1, 0), None, "2026-11-03T01:00:00Z").await;
    // The correction after the due day: only its numbers count, the report stays on time.
    send(db, rina, mawar, "2026-10", skdn(46, 41, 33, 2, 1), Some(1), "2026-11-12T03:00:00Z").await;
    send(db, siti, melati, "2026-09", skdn(30, 20, 15, 0, 0), None, "2026-10-01T00:00:00Z").await;
    // Exactly at the deadline (6 November 00:00 WITA): late.
    send(db, siti, melati, "2026-10", skdn(30, 24, 18, 1, 1), None, "2026-11-05T16:00:00Z").await;
    // Half a second before it: on time.
    send(db, siti, cempaka, "2026-10", skdn(35, 30, 22, 2, 0), None, "2026-11-05T15:59:59.500Z").await;
    send(db, siti, anggrek, "2026-09", skdn(40, 36, 28, 1, 0), None, "2026-10-09T00:00:00Z").await;
    send(db, siti, kenanga, "2026-07", skdn(25, 20, 15, 0, 0), None, "2026-08-02T00:00:00Z").await;
    send(db, siti, dahlia, "2026-09", skdn(0, 0, 0, 0, 0), None, "2026-10-02T00:00:00Z").await;
    send(db, siti, dahlia, "2026-10", skdn(0, 0, 0, 0, 0), None, "2026-11-02T00:00:00Z").await;
    send(db, siti, flamboyan, "2026-09", skdn(50, 44, 35, 0, 1), None, "2026-10-02T00:00:00Z").await;
    send(db, siti, flamboyan, "2026-10", skdn(50, 45, 36, 0, 0), None, "2026-11-02T00:00:00Z").await;
    send(db, siti, tulip, "2026-09", skdn(60, 50, 40, 1, 1), None, "2026-10-02T00:00:00Z").await;
    send(db, siti, tulip, "2026-10", skdn(60, 30, 20, 3, 2), None, "2026-11-02T00:00:00Z").await;
    send(db, siti, seroja, "2026-09", skdn(40, 30, 25, 0, 0), None, "2026-10-02T00:00:00Z").await;
    // 16:30 UTC is 23:30 WIB on the due day: on time in Pontianak (it would be late in WITA).
    send(db, siti, seroja, "2026-10", skdn(40, 36, 30, 0, 0), None, "2026-11-05T16:30:00Z").await;
    send(db, siti, teratai, "2026-10", skdn(55, 50, 40, 2, 1), None, "2026-11-07T00:00:00Z").await;
}

const AREAS: [&str; 10] = [
    "",
    "73",
    "73.24",
    "73.24.01",
    "73.24.02",
    "73.24.01.2001",
    "73.24.01.2002",
    "73.24.02.2003",
    "73.26",
    "61.71.01.1002",
];

fn alert_kind(alert: &Alert) -> &'static str {
    match alert {
        Alert::DsBelowTarget { .. } => "ds",
        Alert::BgmUp { .. } => "bgm",
        Alert::TwoTUp { .. } => "2t",
        Alert::Unusual { .. } => "unusual",
        Alert::Silent { .. } => "silent",
    }
}

on_both_databases! {
    every_figure_of_every_level_matches_the_raw_reports => |db: TestDb| async move {
        dataset(&db).await;
        let raw = Raw::read(&db).await;
        let mut kinds = BTreeMap::new();
        for periode in ["2026-10", "2026-09"] {
            for area in AREAS {
                let got = check(&db, &raw, area, periode).await;
                for alert in &got.alerts {
                    *kinds.entry(alert_kind(alert)).or_insert(0) += 1;
                }
            }
        }
        // Each kind fires somewhere and the comparison is not empty.
        assert!(kinds.keys().copied().eq(["2t", "bgm", "ds", "silent"]), "{kinds:?}");

        // The figures a user would read, spelled out for Luwu Timur in October.
        let luwu = digest_of(&db.db, Some(&code("73.24")), month("2026-10"), &settings()).await.unwrap();
        assert_eq!(luwu.this_month.completeness, Completeness { expected: 8, reported: 5, on_time: 4 });
        // Anggrek sent September on 9 October: late. Registered on 10 November,
        // Cempaka and Kamboja owe October first, so September expected only six.
        assert_eq!(luwu.last_month.completeness, Completeness { expected: 6, reported: 5, on_time: 4 });
        assert_eq!((luwu.this_month.totals.s, luwu.this_month.totals.d), (46 + 30 + 35 + 50, 41 + 24 + 30 + 45));
        assert_eq!(luwu.this_month.totals.bgm, 5, "the correction's 2 BGM, not the first revision's 1");
        let names: Vec<&str> = luwu.children.iter().map(|c| match &c.unit { Unit::Region { name, .. } => name.as_str(), _ => "" }).collect();
        assert_eq!(names, ["Nuha", "Mangkutana"], "Nuha's D/S 90 % before Mangkutana's 86 %");
        // BGM per D: 2 of 140 weighed in September, 5 of 140 in October.
        assert!(luwu.alerts.contains(&Alert::BgmUp { before: 2.0 / 140.0, after: 5.0 / 140.0 }), "{:?}", luwu.alerts);
        let silent: Vec<(&str, Option<Periode>)> = luwu.alerts.iter().filter_map(|a| match a {
            Alert::Silent { posyandu, last_reported } => Some((posyandu.name.as_str(), *last_reported)),
            _ => None,
        }).collect();
        assert_eq!(silent, [("Kamboja", None), ("Kenanga", Some(month("2026-07")))]);

        // Zero denominators: a desa without posyandu, and a posyandu with S = 0.
        let nikkel = digest_of(&db.db, Some(&code("73.24.02.2003")), month("2026-10"), &settings()).await.unwrap();
        assert_eq!((nikkel.this_month.totals.d_s(), nikkel.this_month.completeness.rate()), (None, None));
        assert!(nikkel.children.is_empty() && nikkel.alerts.is_empty());
        let nuha = digest_of(&db.db, Some(&code("73.24.02.2001")), month("2026-10"), &settings()).await.unwrap();
        let dahlia = nuha.children.last().unwrap();
        assert!(matches!(&dahlia.unit, Unit::Posyandu(p) if p.name == "Dahlia"), "no D/S ranks last");
        assert_eq!(dahlia.figures.totals.d_s(), None);

        // A newer list without Wonorejo (three posyandu) and Nikkel (none):
        // both are retired; Wonorejo keeps its row while its posyandu stay.
        let newer: String = REGIONS.lines().filter(|l| !l.contains("Wonorejo") && !l.contains("Nikkel")).map(|l| format!("{l}\n")).collect();
        let rows = posyandu_bot::wilayah::read(newer.as_bytes(), &Default::default()).unwrap();
        regions::import(&db.db, &rows, |_, _| ()).await.unwrap();
        let raw = Raw::read(&db).await;
        for area in ["73.24.01", "73.24.02", "73.24.01.2002"] {
            check(&db, &raw, area, "2026-10").await;
        }
        let nuha = digest_of(&db.db, Some(&code("73.24.02")), month("2026-10"), &settings()).await.unwrap();
        assert_eq!(nuha.children.len(), 1, "Nikkel is gone");
        let mangkutana = digest_of(&db.db, Some(&code("73.24.01")), month("2026-10"), &settings()).await.unwrap();
        assert_eq!(mangkutana.children.len(), 2, "Wonorejo stays");
    };

    an_area_holds_only_its_own_subtree => |db: TestDb| async move {
        dataset(&db).await;
        let october = month("2026-10");
        let nation = digest_of(&db.db, None, october, &settings()).await.unwrap();
        let provinces: Vec<String> = nation.children.iter().map(|c| match &c.unit {
            Unit::Region { code, .. } => code.to_string(),
            other => panic!("{other:?}"),
        }).collect();
        assert_eq!(provinces.len(), 3);
        assert_eq!(nation.this_month.completeness.expected, 11);
        // The kabupaten next door, and the kecamatan next door, stay out.
        let mangkutana = digest_of(&db.db, Some(&code("73.24.01")), october, &settings()).await.unwrap();
        assert_eq!(mangkutana.this_month.completeness.expected, 6);
        let (missing, total) = missing_of(&db.db, Some(&code("73.24.01")), october, 0, 50).await.unwrap();
        let names: Vec<&str> = missing.iter().map(|p| p.name.as_str()).collect();
        assert_eq!((names, total), (vec!["Anggrek", "Kamboja", "Kenanga"], 3));
        let (missing, total) = missing_of(&db.db, Some(&code("73.26")), october, 0, 50).await.unwrap();
        assert_eq!((missing.len(), total), (0, 0));
        let (missing, total) = missing_of(&db.db, None, october, 0, 50).await.unwrap();
        assert_eq!((missing.len(), total), (3, 3));
        assert!(digest_of(&db.db, Some(&code("73.22")), october, &settings()).await.is_err(), "an unknown region");
    };

    the_trend_sums_each_month_and_keeps_empty_months => |db: TestDb| async move {
        dataset(&db).await;
        let raw = Raw::read(&db).await;
        for area in ["", "73.24", "73.24.01.2002"] {
            let region = (!area.is_empty()).then(|| code(area));
            let trend = trend_of(&db.db, region.as_ref(), month("2026-10"), 12).await.unwrap();
            let months: Vec<String> = trend.iter().map(|(p, _)| p.to_string()).collect();
            let mut want = vec!["2026-10".to_owned()];
            while want.len() < 12 {
                want.insert(0, before(&want[0]));
            }
            assert_eq!(months, want);
            for (periode, totals) in &trend {
                let by_hand = raw.figures(&periode.to_string(), |p| within(area, &p.desa)).totals;
                assert_eq!(*totals, by_hand, "{area} {periode}");
            }
            assert_eq!((trend[8].0, trend[8].1.s), (month("2026-07"), 25), "Kenanga's July, {area}");
            assert_eq!(trend[9].1, Totals::default(), "August: nobody reported");
        }
    };

    every_report_is_streamed_with_its_sender_and_revisions => |db: TestDb| async move {
        dataset(&db).await;
        let raw = Raw::read(&db).await;
        let mut got = Vec::new();
        let mut tx = db.db.begin().await.unwrap();
        let count = digest::reports(&mut tx, Some(&code("73.24")), (month("2026-08"), month("2026-10")), "balita", &settings(), |row| {
            got.push(row);
            Ok(())
        }).await.unwrap();
        tx.commit().await.unwrap();
        let mut want: Vec<&Report> = raw.reports.iter().filter(|r| {
            within("73.24", &raw.posyandu(r.posyandu).desa) && ("2026-08".."2026-11").contains(&r.periode.as_str())
        }).collect();
        want.sort_by_key(|r| { let p = raw.posyandu(r.posyandu); (p.desa.clone(), p.name.clone(), r.periode.clone()) });
        assert_eq!(count as usize, want.len());
        assert_eq!(got.len(), 10, "Kenanga's July is before the months asked");
        for (row, r) in got.iter().zip(want) {
            let p = raw.posyandu(r.posyandu);
            assert_eq!(row.posyandu, raw.reference(p));
            assert_eq!(row.periode.to_string(), r.periode);
            assert_eq!(row.values, r.figures);
            assert_eq!((row.revision, row.sent_at, row.first_sent_at), (r.revisions, r.current_at, r.first_at));
            assert_eq!(row.sent_by, r.current_by);
            assert_eq!(row.on_time, r.first_at < raw.deadline(&r.periode, &p.desa), "{} {}", p.name, r.periode);
            let kecamatan = raw.regions[&p.desa].parent.as_deref().unwrap();
            assert_eq!(row.kecamatan_name, raw.regions[kecamatan].name);
            assert_eq!(row.form_version, "skdn-2026.1");
        }
        let mawar = got.iter().find(|r| r.posyandu.name == "Mawar" && r.periode == month("2026-10")).unwrap();
        assert_eq!((mawar.revision, mawar.sent_by.as_str(), mawar.values["BGM"], mawar.on_time), (2, "Rina", 2, true));
        let melati = got.iter().find(|r| r.posyandu.name == "Melati" && r.periode == month("2026-10")).unwrap();
        assert!(!melati.on_time, "sent at the deadline");
    };

    missing_posyandu_come_in_pages_and_silent_alerts_are_bounded => |db: TestDb| async move {
        load_regions(&db).await;
        let siti = person(&db, "Siti").await;
        let mut ids = Vec::new();
        for i in 0..14 {
            ids.push(db.add_posyandu(&format!("Posyandu {i:02}"), "73.24.01.2002").await);
        }
        let reported = db.add_posyandu("Sudah Lapor", "73.24.01.2001").await;
        send(&db, siti, reported, "2026-10", skdn(40, 36, 28, 0, 0), None, "2026-11-02T00:00:00Z").await;
        // Two of them reported September: missing in October, yet not silent.
        // Four last reported in August, July, June and May; eight never.
        for (i, m) in [(3, "2026-09"), (7, "2026-09"), (9, "2026-08"), (11, "2026-07"), (12, "2026-06"), (13, "2026-05")] {
            send(&db, siti, ids[i], m, skdn(40, 36, 28, 0, 0), None, &format!("{m}-28T00:00:00Z")).await;
        }
        let october = month("2026-10");
        let area = code("73.24.01");
        let mut names = Vec::new();
        for page in 0..3 {
            let (rows, total) = missing_of(&db.db, Some(&area), october, page * 5, 5).await.unwrap();
            assert_eq!(total, 14);
            assert_eq!(rows.len(), [5, 5, 4][page as usize]);
            names.extend(rows.into_iter().map(|p| p.name));
        }
        let all: Vec<String> = (0..14).map(|i| format!("Posyandu {i:02}")).collect();
        assert_eq!(names, all);

        let got = digest_of(&db.db, Some(&area), october, &settings()).await.unwrap();
        let silent: Vec<(String, Option<Periode>)> = got.alerts.iter().filter_map(|a| match a {
            Alert::Silent { posyandu, last_reported } => Some((posyandu.name.clone(), *last_reported)),
            _ => None,
        }).collect();
        // Never reported first (by name), then the longest silent; 12 silent, 10 shown.
        let mut want: Vec<(String, Option<Periode>)> = [0, 1, 2, 4, 5, 6, 8, 10]
            .iter().map(|i| (format!("Posyandu {i:02}"), None)).collect();
        want.push(("Posyandu 13".to_owned(), Some(month("2026-05"))));
        want.push(("Posyandu 12".to_owned(), Some(month("2026-06"))));
        assert_eq!(silent, want);
        assert_eq!(got.alerts_left_off, 2, "July's and August's left off");
    };

    a_correction_or_a_move_carries_the_digest_with_it => |db: TestDb| async move {
        dataset(&db).await;
        let raw = Raw::read(&db).await;
        let maleku = digest_of(&db.db, Some(&code("73.24.01.2001")), month("2026-10"), &settings()).await.unwrap();
        // Melati's October, sent at the deadline, corrected the next day: D 24 → 29, BGM 1 → 0.
        let ani = person(&db, "Ani").await;
        let melati = raw.posyandu.iter().find(|p| p.name == "Melati").unwrap().id;
        send(&db, ani, melati, "2026-10", skdn(30, 29, 20, 0, 1), Some(1), "2026-11-06T01:00:00Z").await;
        let raw = Raw::read(&db).await;
        for area in ["", "73", "73.24", "73.24.01", "73.24.01.2001"] {
            check(&db, &raw, area, "2026-10").await;
        }
        let corrected = digest_of(&db.db, Some(&code("73.24.01.2001")), month("2026-10"), &settings()).await.unwrap();
        let (before, after) = (maleku.this_month, corrected.this_month);
        assert_eq!((after.totals.d - before.totals.d, after.totals.bgm - before.totals.bgm), (5, -1));
        assert_eq!(after.completeness, before.completeness, "still one report, still late");
        let trend = trend_of(&db.db, Some(&code("73.24.01.2001")), month("2026-10"), 2).await.unwrap();
        assert_eq!(trend[1].1, after.totals);

        // Melati moves to Wonorejo: Maleku's figures lose her months, Wonorejo's gain them.
        posyandu::move_to(&db.db, melati, &code("73.24.01.2002")).await.unwrap();
        let raw = Raw::read(&db).await;
        for periode in ["2026-10", "2026-09"] {
            for area in ["73.24.01", "73.24.01.2001", "73.24.01.2002"] {
                check(&db, &raw, area, periode).await;
            }
        }
        let moved = digest_of(&db.db, Some(&code("73.24.01.2001")), month("2026-10"), &settings()).await.unwrap();
        assert_eq!(moved.this_month.totals.d, after.totals.d - 29);
        assert_eq!(moved.this_month.completeness, Completeness { expected: 2, reported: 2, on_time: 2 });
    };

    a_posyandu_far_from_its_own_past_is_named => |db: TestDb| async move {
        load_regions(&db).await;
        let siti = person(&db, "Siti").await;
        // D of the twelve months October 2025 to September 2026 with S = 40:
        // D/S around 85 %, median 34/40 = 0.85.
        let steady = [34, 35, 33, 34, 36, 34, 35, 33, 34, 35, 34, 34];
        let months: Vec<String> = (0..12).map(|i| {
            let (y, m) = if i < 3 { (2025, 10 + i) } else { (2026, i - 2) };
            format!("{y}-{m:02}")
        }).collect();
        let history = |odd: Option<(usize, i64)>| -> Vec<i64> {
            let mut d = steady.to_vec();
            if let Some((at, value)) = odd { d[at] = value; }
            d
        };
        let cases = [
            ("Stabil", "73.24.01.2001", history(None), Some(12)),           // October 30 %: unusual
            ("Biasa", "73.24.01.2001", history(None), Some(34)),            // October as usual
            ("Ganjil", "73.24.01.2002", history(Some((4, 5))), Some(14)),   // one odd month before; October 35 %: unusual
            ("Pulih", "73.24.01.2002", history(Some((4, 5))), Some(34)),    // one odd month before; October as usual
            ("Jauh", "73.26.01.1001", history(None), Some(5)),              // unusual, but in Toraja Utara
        ];
        for (name, desa, ds, october) in cases {
            let id = db.add_posyandu(name, desa).await;
            for (m, d) in months.iter().zip(&ds) {
                send(&db, siti, id, m, skdn(40, *d, *d * 7 / 10, 0, 0), None, &format!("{m}-20T00:00:00Z")).await;
            }
            if let Some(d) = october {
                send(&db, siti, id, "2026-10", skdn(40, d, d * 7 / 10, 0, 0), None, "2026-11-02T00:00:00Z").await;
            }
        }
        // Too little history: four months, then a wild October.
        let baru = db.add_posyandu("Baru", "73.24.01.2001").await;
        for m in &months[7..11] {
            send(&db, siti, baru, m, skdn(40, 34, 23, 0, 0), None, &format!("{m}-20T00:00:00Z")).await;
        }
        send(&db, siti, baru, "2026-10", skdn(40, 4, 2, 0, 0), None, "2026-11-02T00:00:00Z").await;

        let got = digest_of(&db.db, Some(&code("73.24")), month("2026-10"), &settings()).await.unwrap();
        let unusual: Vec<(&str, Measure, f64, f64)> = got.alerts.iter().filter_map(|a| match a {
            Alert::Unusual { posyandu, measure, value, median } => Some((posyandu.name.as_str(), *measure, *value, *median)),
            _ => None,
        }).collect();
        assert_eq!(unusual, [("Stabil", Measure::DS, 12.0 / 40.0, 0.85), ("Ganjil", Measure::DS, 14.0 / 40.0, 0.85)]);
        let toraja = digest_of(&db.db, Some(&code("73.26")), month("2026-10"), &settings()).await.unwrap();
        assert!(toraja.alerts.iter().any(|a| matches!(a, Alert::Unusual { posyandu, .. } if posyandu.name == "Jauh")));
        // Above a kabupaten the rows are areas, not posyandu.
        let province = digest_of(&db.db, Some(&code("73")), month("2026-10"), &settings()).await.unwrap();
        assert!(!province.alerts.iter().any(|a| matches!(a, Alert::Unusual { .. })), "{:?}", province.alerts);
        check_unusual_areas(&db).await;
    };

    stored_reports_are_judged_once_at_the_next_start => |db: TestDb| async move {
        load_regions(&db).await;
        let siti = person(&db, "Siti").await;
        let lonjak = db.add_posyandu("Lonjak", "73.24.01.2001").await;
        for (i, m) in ["2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09"].iter().enumerate() {
            let s = if i == 6 { 400 } else { 40 };
            send(&db, siti, lonjak, m, skdn(s, 34, 23, 0, 0), None, &format!("{m}-20T00:00:00Z")).await;
        }
        send(&db, siti, lonjak, "2026-10", skdn(40, 8, 5, 0, 0), None, "2026-11-02T00:00:00Z").await;
        let judged = "SELECT periode, unusual_measure, unusual_median, unusual_score FROM report_total ORDER BY periode";
        type Judged = (String, Option<String>, Option<f64>, Option<f64>);
        let saved: Vec<Judged> = rows(&db, judged).await;
        assert_eq!(saved.iter().filter(|r| r.1.is_some()).count(), 2, "September's S and October's D/S: {saved:?}");
        // As a database that had the reports before the columns came.
        db.execute("UPDATE report_total SET unusual_measure = NULL, unusual_median = NULL, unusual_score = NULL").await;
        db.execute("INSERT INTO setting (key, value) VALUES ('report_total_unjudged', '1')").await;
        db.db.migrate().await.unwrap();
        assert_eq!(rows::<Judged>(&db, judged).await, saved);
        assert_eq!(db.scalar("SELECT COUNT(*) FROM setting WHERE key = 'report_total_unjudged'").await, 0);
        check_unusual_areas(&db).await;
        // Once: the next start finds nothing to do.
        db.execute("UPDATE report_total SET unusual_measure = NULL, unusual_median = NULL, unusual_score = NULL").await;
        db.db.migrate().await.unwrap();
        assert_eq!(db.scalar("SELECT COUNT(*) FROM report_total WHERE unusual_score IS NOT NULL").await, 0);
    };

    a_later_month_is_judged_again_when_an_earlier_one_changes => |db: TestDb| async move {
        load_regions(&db).await;
        let (siti, rina) = (person(&db, "Siti").await, person(&db, "Rina").await);
        let unusual = |digest: &AreaDigest| -> Vec<String> {
            digest.alerts.iter().filter_map(|a| match a {
                Alert::Unusual { posyandu, .. } => Some(posyandu.name.clone()),
                _ => None,
            }).collect()
        };
        let october = |area: &'static str| {
            let db = &db.db;
            async move { digest_of(db, Some(&code(area)), month("2026-10"), &settings()).await.unwrap() }
        };
        // Berubah: April to June at D/S 85 %, July to September at 30 %, October at 30 %:
        // half its past is like October, so October is not unusual.
        let berubah = db.add_posyandu("Berubah", "73.24.02.2001").await;
        let spring = ["2026-04", "2026-05", "2026-06"];
        let summer = ["2026-07", "2026-08", "2026-09", "2026-10"];
        for (months, d) in [(&spring[..], 34), (&summer[..], 12)] {
            for m in months {
                send(&db, siti, berubah, m, skdn(40, d, d * 7 / 10, 0, 0), None, &format!("{m}-20T00:00:00Z")).await;
            }
        }
        // Telat: June to September as usual and a wild October, but too
        // little past until April and May come late.
        let telat = db.add_posyandu("Telat", "73.24.01.2002").await;
        for m in ["2026-06", "2026-07", "2026-08", "2026-09"] {
            send(&db, siti, telat, m, skdn(40, 34, 23, 0, 0), None, &format!("{m}-20T00:00:00Z")).await;
        }
        send(&db, siti, telat, "2026-10", skdn(40, 4, 2, 0, 0), None, "2026-11-02T00:00:00Z").await;
        check_unusual_areas(&db).await;
        assert!(unusual(&october("73.24").await).is_empty());

        // July corrected to 85 %: now most of the past is 85 %, and October is named.
        send(&db, rina, berubah, "2026-07", skdn(40, 34, 23, 0, 0), Some(1), "2026-11-03T00:00:00Z").await;
        check_unusual_areas(&db).await;
        assert_eq!(unusual(&october("73.24").await), ["Berubah"]);
        // Corrected back: not any more.
        send(&db, rina, berubah, "2026-07", skdn(40, 12, 8, 0, 0), Some(2), "2026-11-04T00:00:00Z").await;
        check_unusual_areas(&db).await;
        assert!(unusual(&october("73.24").await).is_empty());
        send(&db, rina, berubah, "2026-07", skdn(40, 34, 23, 0, 0), Some(3), "2026-11-05T00:00:00Z").await;

        // April and May reported late: Telat's October now has six months before it.
        for m in ["2026-04", "2026-05"] {
            send(&db, siti, telat, m, skdn(40, 34, 23, 0, 0), None, "2026-11-06T00:00:00Z").await;
        }
        check_unusual_areas(&db).await;
        let both = unusual(&october("73.24").await);
        assert_eq!(both.len(), 2, "{both:?}");
        assert!(both.contains(&"Telat".to_owned()) && both.contains(&"Berubah".to_owned()));

        // Berubah moves to Toraja Utara: its alert goes with it, unchanged.
        let before = october("73.24").await.alerts;
        posyandu::move_to(&db.db, berubah, &code("73.26.01.1001")).await.unwrap();
        check_unusual_areas(&db).await;
        assert_eq!(unusual(&october("73.24").await), ["Telat"]);
        let toraja = october("73.26").await;
        let moved = toraja.alerts.iter().find(|a| matches!(a, Alert::Unusual { .. })).unwrap();
        let was = before.iter().find(|a| matches!(a, Alert::Unusual { posyandu, .. } if posyandu.name == "Berubah"));
        match (moved, was.unwrap()) {
            (Alert::Unusual { posyandu, measure, value, median }, Alert::Unusual { measure: m, value: v, median: md, .. }) => {
                assert_eq!(posyandu.desa_code, code("73.26.01.1001"));
                assert_eq!((measure, value, median), (m, v, md));
            }
            other => panic!("{other:?}"),
        }
    };
}
