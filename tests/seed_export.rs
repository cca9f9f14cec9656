//! `seed` and `export` as an admin runs them (the real binary) on both
//! databases: the synthetic reports fill every section of the pack, obey
//! its rules, keep their red flags, and come back the same for the same
//! seed; the spreadsheet and the CSV, read back, hold every
//! report and figures equal to sums computed here from the raw rows.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::process::{Command, Output};

use calamine::{Data, DataType, Reader, Xlsx, open_workbook};
use chrono::{DateTime, NaiveDate, Utc};
use common::TestDb;
use posyandu_bot::domain::digest::{Totals, most_unusual};
use posyandu_bot::domain::form::Form;
use posyandu_bot::domain::periode::Periode;
use posyandu_bot::domain::report::Submission;
use posyandu_bot::store::{Db, regions, reports};
use sqlx::{FromRow, postgres::PgRow, sqlite::SqliteRow};

const LIST_2025: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/wilayah/kode_wilayah_2025.csv");

/// The regions of Sulawesi Selatan (73), where Luwu Timur (73.24) has 11
/// kecamatan and 128 desa.
async fn with_sulawesi_selatan(db: TestDb) -> TestDb {
    let list = std::fs::read_to_string(LIST_2025).unwrap();
    let lines: String = list.lines().filter(|l| l.starts_with("73")).map(|l| format!("{l}\n")).collect();
    let rows = posyandu_bot::wilayah::read(lines.as_bytes(), &Default::default()).unwrap();
    regions::import(&db.db, &rows, |_, _| ()).await.unwrap();
    db
}

fn cli(db: &TestDb, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_posyandu-bot"))
        .args(args)
        .env("DATABASE_URL", &db.url)
        .env("ADMIN_LANG", "id")
        .env("RUST_LOG", "warn")
        .env_remove("REPORT_FORM")
        .env_remove("REPORT_MONTHS")
        .output()
        .unwrap()
}

#[track_caller]
fn ok(output: Output) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "failed: {stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    stdout
}

#[track_caller]
fn refused(output: Output, message: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "accepted: {}", String::from_utf8_lossy(&output.stdout));
    assert!(stderr.contains(message), "missing {message:?} in {stderr}");
}

/// Rows of any query, on either backend.
async fn rows<T>(db: &TestDb, sql: &str) -> Vec<T>
where
    T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin,
{
    match &db.db {
        Db::Sqlite(s) => sqlx::query_as(sql).fetch_all(&mut *s.lock().await.unwrap()).await.unwrap(),
        Db::Postgres(p) => sqlx::query_as(sql).fetch_all(p).await.unwrap(),
    }
}

/// A second empty database on the same backend as `db`.
async fn another(db: &TestDb) -> TestDb {
    let fresh = match db.db {
        Db::Sqlite(_) => TestDb::sqlite().await,
        Db::Postgres(_) => TestDb::postgres().await.unwrap(),
    };
    with_sulawesi_selatan(fresh).await
}

const SEED: [&str; 11] =
    ["seed", "--area", "73.24", "--posyandu", "300", "--months", "3", "--until", "2026-08", "--seed", "7"];

fn p(text: &str) -> Periode {
    Periode::try_from(text.to_owned()).unwrap()
}

/// Everything a seeded report is, in a stable order: to compare two seeds.
async fn fingerprint(db: &TestDb) -> Vec<(String, String, String, String, String, DateTime<Utc>, String)> {
    rows(
        db,
        "SELECT p.desa_code, p.name, r.periode, r.section, v.figures, v.created_at, pe.name
         FROM report r JOIN posyandu p ON p.id = r.posyandu_id
         JOIN report_revision v ON v.report_id = r.id JOIN person pe ON pe.id = v.person_id
         ORDER BY p.desa_code, p.name, r.periode, r.section",
    )
    .await
}

on_both_databases! {
    seeded_months_are_judged_against_their_own_past => |db: TestDb| async move {
        let db = with_sulawesi_selatan(db).await;
        ok(cli(&db, &["seed", "--area", "73.24.01", "--posyandu", "150", "--months", "12", "--until", "2026-10", "--seed", "3"]));
        let reports: Vec<(i64, String, String)> = rows(&db,
            "SELECT r.posyandu_id, r.periode, v.figures FROM report r JOIN report_revision v ON v.report_id = r.id
             WHERE r.section = 'balita'").await;
        let totals = |figures: &str| {
            let f: BTreeMap<String, i64> = serde_json::from_str(figures).unwrap();
            let v = |c: &str| f.get(c).copied().unwrap_or(0);
            Totals { s: v("S"), k: v("K"), d: v("D"), n: v("N"), t: v("T"), o: v("O"), b: v("B"), bgm: v("BGM"), two_t: v("2T") }
        };
        // The twelve months before a month, by hand.
        let earlier = |periode: &str| -> Vec<String> {
            let (y, m) = (periode[..4].parse::<i32>().unwrap(), periode[5..].parse::<i32>().unwrap());
            (1..=12).map(|back| {
                let n = y * 12 + m - 1 - back;
                format!("{}-{:02}", n / 12, n % 12 + 1)
            }).collect()
        };
        type Judged = (i64, String, Option<String>, Option<f64>, Option<f64>);
        let stored: Vec<Judged> = rows(&db,
            "SELECT posyandu_id, periode, unusual_measure, unusual_median, unusual_score FROM report_total").await;
        assert_eq!(stored.len(), reports.len());
        let mut flagged = 0;
        for (posyandu, periode, measure, median, score) in stored {
            let (_, _, figures) = reports.iter().find(|r| r.0 == posyandu && r.1 == periode).unwrap();
            let before = earlier(&periode);
            let history: Vec<Totals> = reports.iter()
                .filter(|r| r.0 == posyandu && before.contains(&r.1))
                .map(|r| totals(&r.2))
                .collect();
            let want = most_unusual(&totals(figures), &history).map(|(m, _, md, sc)| (m.key().to_owned(), md, sc));
            let got = measure.map(|m| (m, median.unwrap(), score.unwrap()));
            assert_eq!(got, want, "posyandu {posyandu} {periode}");
            flagged += usize::from(got.is_some());
        }
        assert!(flagged > 0, "some seeded months are unusual");
    };

    seeds_reports_that_obey_the_form => |db: TestDb| async move {
        let db = with_sulawesi_selatan(db).await;
        let out = ok(cli(&db, &SEED));
        assert!(out.contains("300 posyandu"), "{out}");

        assert_eq!(db.scalar("SELECT COUNT(*) FROM posyandu").await, 300);
        assert_eq!(db.scalar("SELECT COUNT(*) FROM posyandu WHERE desa_code >= '73.24' AND desa_code < '73.24/'").await, 300);
        let desa_with_posyandu = db.scalar("SELECT COUNT(DISTINCT desa_code) FROM posyandu").await;
        assert!(desa_with_posyandu >= 120, "spread over the 128 desa: {desa_with_posyandu}");
        let most = db.scalar("SELECT MAX(c) FROM (SELECT COUNT(*) AS c FROM posyandu GROUP BY desa_code) t").await;
        assert!((3..=7).contains(&most), "varied, not piled up: {most}");
        // One or two kader each, who are the ones who sent the reports.
        assert_eq!(db.scalar("SELECT COUNT(DISTINCT posyandu_id) FROM kader").await, 300);
        assert_eq!(db.scalar("SELECT COUNT(*) FROM (SELECT posyandu_id FROM kader GROUP BY posyandu_id HAVING COUNT(*) > 2) t").await, 0);
        let months = db.scalar("SELECT COUNT(*) FROM (SELECT DISTINCT posyandu_id, periode FROM report) t").await;
        assert!((810..=895).contains(&months), "about 5 % of 900 months missing: {months}");
        // Every month reported has every section of the pack, a report each.
        let form = Form::shipped();
        let reports = db.scalar("SELECT COUNT(*) FROM report").await;
        assert_eq!(reports, months * form.sections.len() as i64);
        for section in &form.sections {
            let sql = format!("SELECT COUNT(*) FROM report WHERE section = '{}'", section.code);
            assert_eq!(db.scalar(&sql).await, months, "{}", section.code);
        }
        assert_eq!(db.scalar("SELECT COUNT(*) FROM report_total").await, months, "totals of balita alone");
        assert_eq!(db.scalar("SELECT COUNT(*) FROM report WHERE revision <> 1").await, 0);
        assert_eq!(db.scalar("SELECT COUNT(*) FROM report_revision").await, reports);
        let by_kader = "SELECT COUNT(*) FROM report r JOIN report_revision v ON v.report_id = r.id
                        JOIN kader k ON k.person_id = v.person_id AND k.posyandu_id = r.posyandu_id
                        WHERE r.updated_by = v.person_id AND r.updated_at = v.created_at";
        assert_eq!(db.scalar(by_kader).await, reports);
        assert_eq!(db.scalar("SELECT COUNT(*) FROM person WHERE channel <> 'seed'").await, 0);

        // Every report passes its section's checks, and report_value holds
        // exactly its figures, with the posyandu's desa and month.
        let saved = Saved::load(&db).await;
        let (mut by_the_fifth, mut vitamin_a) = (0, 0);
        for report in saved.reports.values() {
            let section = form.section(&report.section).unwrap();
            let month = p(&report.periode).month();
            let asked = section.fields(month);
            for (code, value) in &report.figures {
                let indicator = asked.iter().find(|i| &i.code == code)
                    .unwrap_or_else(|| panic!("{code} in {} {}", report.section, report.periode));
                assert!((indicator.min..=indicator.max).contains(value));
            }
            assert!(asked.iter().filter(|i| i.required).all(|i| report.figures.contains_key(&i.code)));
            assert!(section.broken(&report.figures, None).iter().all(|rule| !rule.hard), "{:?}", report.figures);
            if report.section != "balita" {
                continue;
            }
            vitamin_a += usize::from(report.figures.contains_key("VITAM"));
            let local = report.sent.with_timezone(&chrono_tz::Asia::Makassar).date_naive();
            let (year, next) = if month == 12 { (p(&report.periode).year() + 1, 1) } else { (p(&report.periode).year(), month + 1) };
            by_the_fifth += usize::from(local <= NaiveDate::from_ymd_opt(year, next, 5).unwrap());
        }
        assert!(vitamin_a > 200, "vitamin A in August: {vitamin_a}");
        assert_eq!(db.scalar("SELECT COUNT(*) FROM report_value WHERE code = 'VITAM' AND periode <> '2026-08'").await, 0);
        let on_time = by_the_fifth as f64 / months as f64;
        assert!((0.75..0.97).contains(&on_time), "most by the 5th, some late: {on_time}");
        the_red_flags_are_kept(&db, &form, &saved, months).await;

        // A second seed is refused while reports exist, unless --force.
        refused(cli(&db, &SEED), "--force");
        assert_eq!(db.scalar("SELECT COUNT(*) FROM report").await, reports);
        ok(cli(&db, &["seed", "--area", "73.24", "--posyandu", "20", "--until", "2026-08", "--force"]));
        assert_eq!(db.scalar("SELECT COUNT(*) FROM posyandu").await, 320);
    };

    the_same_seed_gives_the_same_data => |db: TestDb| async move {
        let db = with_sulawesi_selatan(db).await;
        let small = ["seed", "--area", "73.24.01", "--posyandu", "40", "--months", "2", "--until", "2026-10", "--seed"];
        ok(cli(&db, &[&small[..], &["3"]].concat()));
        let again = another(&db).await;
        ok(cli(&again, &[&small[..], &["3"]].concat()));
        let other = another(&db).await;
        ok(cli(&other, &[&small[..], &["4"]].concat()));
        let first = fingerprint(&db).await;
        assert!(first.len() >= 70, "{}", first.len());
        assert_eq!(first, fingerprint(&again).await);
        assert_ne!(first, fingerprint(&other).await);
    };

    exports_the_area_as_a_workbook_and_as_csv => |db: TestDb| async move {
        let db = with_sulawesi_selatan(db).await;
        ok(cli(&db, &SEED));
        let corrected = correct_one_report(&db).await;
        let dir = tempfile::tempdir().unwrap();
        let xlsx = dir.path().join("luwu-timur.xlsx");
        let xlsx_arg = xlsx.to_str().unwrap();
        let out = ok(cli(&db, &["export", "--area", "73.24", "--from", "2026-06", "--to", "2026-08", "--out", xlsx_arg]));
        let written = db.scalar("SELECT COUNT(*) FROM report").await;
        assert!(out.contains(&format!("{written} laporan ditulis")), "a row per report of every section: {out}");
        let reports = db.scalar("SELECT COUNT(*) FROM report WHERE section = 'balita'").await;
        let raw = Raw::load(&db).await;

        let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
        // A sheet per level, then one per section of the form pack.
        let sections = ["Balita", "Ibu hamil, nifas, menyusui", "Usia sekolah dan remaja", "Dewasa dan lansia", "Kunjungan dan petugas"];
        let mut sheets = vec!["Kecamatan", "Desa", "Posyandu"];
        sheets.extend(sections);
        sheets.push("Tanda bahaya");
        assert_eq!(book.sheet_names(), sheets);
        let laporan = book.worksheet_range("Balita").unwrap();
        let header: Vec<String> = laporan.rows().next().unwrap().iter().map(Data::to_string).collect();
        let form = Form::shipped().section("balita").unwrap().clone();
        let codes: Vec<&str> = form.indicators.iter().map(|i| i.code.as_str()).collect();
        assert_eq!(header[..5], ["Kecamatan", "Desa", "Kode desa", "Posyandu", "Periode"]);
        assert_eq!(header[5..5 + codes.len()], codes[..]);
        assert_eq!(header[5 + codes.len()..], ["Pertama dikirim", "Tepat waktu", "Revisi", "Dikirim oleh", "Waktu kirim"]);
        assert_eq!(laporan.rows().count() as i64, reports + 1);
        // Column totals equal the sums of report_value (the current revisions).
        for (i, code) in codes.iter().enumerate() {
            let total: f64 = laporan.rows().skip(1).map(|row| row[5 + i].as_f64().unwrap_or(0.0)).sum();
            assert_eq!(total as i64, raw.total(code), "{code}");
        }
        let first_revision_d: i64 = raw.first_revision_d;
        assert_ne!(raw.total("D"), first_revision_d, "the correction changed D");
        let is_corrected = |desa: &str, posyandu: &str, periode: &str| {
            (desa, posyandu, periode) == (corrected.desa.as_str(), corrected.posyandu.as_str(), "2026-07")
        };
        let row = laporan.rows().find(|r| is_corrected(&r[2].to_string(), &r[3].to_string(), &r[4].to_string())).unwrap();
        let after = 5 + codes.len();
        assert_eq!(row[7].as_f64(), Some(corrected.d as f64));
        assert_eq!((row[after + 2].as_f64(), row[after + 3].to_string()), (Some(2.0), corrected.by.clone()));
        assert_eq!(row[after + 4].as_datetime().unwrap().to_string(), "2026-08-20 11:00:00", "the correction, in WITA");
        // First sent: the first revision's moment in WITA, and whether that was by the 5th.
        for row in laporan.rows().skip(1) {
            let key = (row[2].to_string(), row[3].to_string(), row[4].to_string());
            let (sent, on_time) = raw.first_sent[&key];
            assert_eq!(row[after].as_datetime().unwrap(), sent.with_timezone(&chrono_tz::Asia::Makassar).naive_local());
            assert_eq!(row[after + 1].to_string(), if on_time { "ya" } else { "tidak" }, "{key:?}");
        }

        // The level sheets: every figure as computed here from the raw rows.
        for (sheet, length) in [("Kecamatan", Some(8)), ("Desa", Some(13)), ("Posyandu", None)] {
            let range = book.worksheet_range(sheet).unwrap();
            let header: Vec<String> = range.rows().next().unwrap().iter().map(Data::to_string).collect();
            assert_eq!(header[..7], ["Kode", "Nama", "Periode", "Jumlah posyandu", "Sudah lapor", "Tepat waktu", "% lapor"]);
            assert_eq!(header[13..16], ["D′ (D−O−B)", "K/S", "D/S"]);
            assert_eq!(header[17..19], ["N/D (semua D)", "N/D′"]);
            let mut dashes = 0;
            for row in range.rows().skip(1) {
                let key = (row[0].to_string(), row[2].to_string());
                let want = raw.level(length, &key);
                let got: Vec<i64> = (3..13).filter(|c| *c != 6).map(|c| row[c].as_f64().unwrap() as i64).collect();
                assert_eq!(got, want, "{sheet} {key:?}");
                let (s, k, d, n) = (want[3], want[4], want[5], want[6]);
                // D′ = D − O − B, and growth over it beside the plain N/D, as the chat shows them.
                let d_prime = d - raw.sum(length, &key, "O") - raw.sum(length, &key, "B");
                assert_eq!(row[13].as_f64(), Some(d_prime as f64), "{sheet} {key:?}: D′");
                match (&row[17], &row[18]) {
                    (Data::String(_), Data::String(_)) => assert_eq!((d, d_prime), (0, 0)),
                    (Data::String(_), nd_prime) => assert_eq!((d, nd_prime.as_f64()), (0, None)),
                    (nd, nd_prime) => {
                        assert!((nd.as_f64().unwrap() - n as f64 / d as f64).abs() < 1e-9);
                        let want = (d_prime > 0).then(|| n as f64 / d_prime as f64);
                        assert_eq!(nd_prime.as_f64().map(|v| (v * 1e9).round()), want.map(|v| (v * 1e9).round()));
                    }
                }
                match (&row[14], &row[15]) {
                    (Data::String(dash), Data::String(_)) => {
                        assert_eq!((dash.as_str(), s), ("–", 0));
                        dashes += 1;
                    }
                    (ks, ds) => {
                        assert!((ks.as_f64().unwrap() - k as f64 / s as f64).abs() < 1e-9);
                        assert!((ds.as_f64().unwrap() - d as f64 / s as f64).abs() < 1e-9);
                    }
                }
            }
            let rows = range.rows().count() - 1;
            match sheet {
                "Kecamatan" => assert_eq!(rows, 11 * 3),
                "Posyandu" => {
                    assert_eq!(rows, 300 * 3);
                    assert_eq!(dashes as i64, 900 - reports, "a month not reported has no ratios");
                }
                _ => assert_eq!(rows, 128 * 3),
            }
        }
        // The header row stays in view; ratios are percentages.
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&xlsx).unwrap()).unwrap();
        for sheet in 1..=4 {
            let xml = zip_text(&mut zip, &format!("xl/worksheets/sheet{sheet}.xml"));
            assert!(xml.contains(r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#), "{sheet}");
        }
        assert!(zip_text(&mut zip, "xl/styles.xml").contains(r#"formatCode="0.0%""#));

        // The same reports as CSV.
        let csv_path = dir.path().join("luwu-timur.csv");
        let csv_arg = csv_path.to_str().unwrap();
        ok(cli(&db, &["export", "--area", "73.24", "--from", "2026-06", "--to", "2026-08", "--format", "csv", "--out", csv_arg]));
        let mut csv = csv::Reader::from_path(&csv_path).unwrap();
        assert_eq!(csv.headers().unwrap().iter().collect::<Vec<_>>(), header);
        let records: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
        assert_eq!(records.len() as i64, reports);
        for (i, code) in codes.iter().enumerate() {
            let total: i64 = records.iter().map(|r| r[5 + i].parse::<i64>().unwrap_or(0)).sum();
            assert_eq!(total, raw.total(code), "{code}");
        }
        let row = records.iter().find(|r| is_corrected(&r[2], &r[3], &r[4])).unwrap();
        assert_eq!((&row[after + 2], &row[after + 3], &row[after + 4]), ("2", corrected.by.as_str(), "2026-08-20 11:00 WITA"));
        assert!(row[after].ends_with(" WITA"), "{row:?}");

        // Only a month range and an area that exist.
        refused(cli(&db, &["export", "--area", "73.99", "--from", "2026-06", "--to", "2026-08", "--out", xlsx_arg]), "73.99 tidak ditemukan");
        refused(cli(&db, &["export", "--area", "73.24", "--from", "2026-13", "--to", "2026-08", "--out", xlsx_arg]), "\"2026-13\" bukan bulan");
        refused(cli(&db, &["export", "--area", "73.24", "--from", "2026-08", "--to", "2026-06", "--out", xlsx_arg]), "(2026-08) harus sebelum");
    };
}

/// One stored report of one section, as the seed left it.
struct SavedReport {
    posyandu: i64,
    periode: String,
    section: String,
    desa: String,
    figures: BTreeMap<String, i64>,
    person: i64,
    sent: DateTime<Utc>,
}

/// Every stored report by id, each checked against its report_value rows.
struct Saved {
    reports: HashMap<i64, SavedReport>,
}

impl Saved {
    async fn load(db: &TestDb) -> Saved {
        type Row = (i64, i64, String, String, String, String, i64, DateTime<Utc>);
        let saved: Vec<Row> = rows(db,
            "SELECT r.id, r.posyandu_id, r.periode, r.section, p.desa_code, v.figures, v.person_id, v.created_at FROM report r
             JOIN posyandu p ON p.id = r.posyandu_id JOIN report_revision v ON v.report_id = r.id").await;
        let reports: HashMap<i64, SavedReport> = saved
            .into_iter()
            .map(|(id, posyandu, periode, section, desa, figures, person, sent)| {
                let figures = serde_json::from_str(&figures).unwrap();
                (id, SavedReport { posyandu, periode, section, desa, figures, person, sent })
            })
            .collect();
        let values: Vec<(i64, String, i64, String, String, i64)> =
            rows(db, "SELECT report_id, code, value, periode, desa_code, posyandu_id FROM report_value").await;
        let mut stored: HashMap<i64, BTreeMap<String, i64>> = HashMap::new();
        for (id, code, value, periode, desa, posyandu) in values {
            let report = &reports[&id];
            assert_eq!((&periode, &desa, posyandu), (&report.periode, &report.desa, report.posyandu));
            stored.entry(id).or_default().insert(code, value);
        }
        for (id, report) in &reports {
            assert_eq!(stored.get(id).unwrap_or(&BTreeMap::new()), &report.figures);
        }
        Saved { reports }
    }
}

/// Each urgent indicator above 0 has its red_flag row, of the report's
/// posyandu, month, desa, section and sender, at its sending; RUJI in
/// roughly 5–10 % of the ibu reports, SRQX in under 2 % of the dewasa ones.
async fn the_red_flags_are_kept(db: &TestDb, form: &Form, saved: &Saved, months: i64) {
    type Flag = (i64, String, String, String, String, i64, i64, DateTime<Utc>);
    let flags: Vec<Flag> =
        rows(db, "SELECT posyandu_id, periode, desa_code, section, code, value, person_id, created_at FROM red_flag")
            .await;
    let mut urgent = 0;
    for report in saved.reports.values() {
        let section = form.section(&report.section).unwrap();
        for (code, value) in section.red_flags(&report.figures) {
            urgent += 1;
            assert!((1..=2).contains(&value), "{code} = {value}");
            let want = (
                report.posyandu,
                report.periode.clone(),
                report.desa.clone(),
                report.section.clone(),
                code.to_owned(),
                value,
                report.person,
                report.sent,
            );
            assert!(flags.contains(&want), "no red flag for {want:?}");
        }
    }
    assert_eq!(flags.len(), urgent, "a red flag for each urgent value, and none else");
    let count = |code: &str| flags.iter().filter(|f| f.4 == code).count() as f64 / months as f64;
    assert!((0.04..0.12).contains(&count("RUJI")), "RUJI in {} of ibu reports", count("RUJI"));
    assert!(count("SRQX") > 0.0 && count("SRQX") < 0.02, "SRQX in {} of dewasa reports", count("SRQX"));
}

fn zip_text(zip: &mut zip::ZipArchive<std::fs::File>, name: &str) -> String {
    let mut text = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut text).unwrap();
    text
}

/// A report corrected in the bot: revision 2 with D and N one lower.
struct Corrected {
    desa: String,
    posyandu: String,
    d: i64,
    by: String,
}

async fn correct_one_report(db: &TestDb) -> Corrected {
    let (posyandu_id, desa, posyandu, figures, by_id, by): (i64, String, String, String, i64, String) = rows(
        db,
        "SELECT p.id, p.desa_code, p.name, v.figures, pe.id, pe.name FROM report r JOIN posyandu p ON p.id = r.posyandu_id
         JOIN report_revision v ON v.report_id = r.id JOIN kader k ON k.posyandu_id = p.id
         JOIN person pe ON pe.id = k.person_id
         WHERE r.periode = '2026-07' AND r.section = 'balita' ORDER BY p.desa_code, p.name, pe.id LIMIT 1",
    )
    .await
    .remove(0);
    let mut values: BTreeMap<String, i64> = serde_json::from_str(&figures).unwrap();
    *values.get_mut("D").unwrap() -= 1;
    *values.get_mut("N").unwrap() -= 1;
    let d = values["D"];
    let submission = Submission {
        posyandu_id,
        periode: p("2026-07"),
        values,
        confirmed: vec![],
        base: Some(1),
        section: "balita".into(),
        form_version: Form::shipped().version.clone(),
    };
    let mut tx = db.db.begin().await.unwrap();
    let now = DateTime::parse_from_rfc3339("2026-08-20T03:00:00Z").unwrap().to_utc();
    reports::save(&mut tx, by_id, &submission, now).await.unwrap();
    tx.commit().await.unwrap();
    Corrected { desa, posyandu, d, by }
}

/// The raw rows of the seeded area, summed here by code that shares
/// nothing with the export.
struct Raw {
    /// (desa, periode, code) → value, from report_value.
    values: Vec<(String, i64, String, String, i64)>,
    posyandu: Vec<(i64, String)>,
    /// (desa, posyandu name, periode) → when the first revision was sent, and whether by the 5th.
    first_sent: HashMap<(String, String, String), (DateTime<Utc>, bool)>,
    /// (posyandu id, desa, periode, sent by the 5th of the next month, WITA).
    reports: Vec<(i64, String, String, bool)>,
    first_revision_d: i64,
}

impl Raw {
    async fn load(db: &TestDb) -> Raw {
        let values = rows(db, "SELECT desa_code, posyandu_id, periode, code, value FROM report_value").await;
        let posyandu = rows(db, "SELECT id, desa_code FROM posyandu").await;
        let first: Vec<(i64, String, String, String, DateTime<Utc>, String)> = rows(
            db,
            "SELECT p.id, p.desa_code, p.name, r.periode, v.created_at, v.figures FROM report r
             JOIN posyandu p ON p.id = r.posyandu_id JOIN report_revision v ON v.report_id = r.id AND v.revision = 1
             WHERE r.section = 'balita'",
        )
        .await;
        let mut first_sent = HashMap::new();
        let mut reports = Vec::new();
        let mut first_revision_d = 0;
        for (id, desa, name, periode, sent, figures) in first {
            let month = p(&periode);
            let due = NaiveDate::from_ymd_opt(month.year(), month.month(), 1).unwrap() + chrono::Months::new(1);
            let local = sent.with_timezone(&chrono_tz::Asia::Makassar).date_naive();
            let on_time = local < due + chrono::Days::new(5);
            reports.push((id, desa.clone(), periode.clone(), on_time));
            let figures: BTreeMap<String, i64> = serde_json::from_str(&figures).unwrap();
            first_revision_d += figures["D"];
            first_sent.insert((desa, name, periode), (sent, on_time));
        }
        Raw { values, posyandu, first_sent, reports, first_revision_d }
    }

    fn total(&self, code: &str) -> i64 {
        self.values.iter().filter(|v| v.3 == code).map(|v| v.4).sum()
    }

    /// Expected, reported, on time, S, K, D, N, BGM, 2T of one unit (a code
    /// prefix of `length`, or a posyandu id) in one month.
    fn level(&self, length: Option<usize>, (unit, periode): &(String, String)) -> Vec<i64> {
        let is = |desa: &str, id: i64| match length {
            Some(length) => &desa[..length] == unit,
            None => id.to_string() == *unit,
        };
        let expected = self.posyandu.iter().filter(|(id, desa)| is(desa, *id)).count() as i64;
        let mine: Vec<_> = self.reports.iter().filter(|r| is(&r.1, r.0) && &r.2 == periode).collect();
        let on_time = mine.iter().filter(|r| r.3).count() as i64;
        let mut figures = vec![expected, mine.len() as i64, on_time];
        for code in ["S", "K", "D", "N", "BGM", "2T"] {
            figures.push(self.sum(length, &(unit.clone(), periode.clone()), code));
        }
        figures
    }

    /// The sum of one indicator of a unit in a month.
    fn sum(&self, length: Option<usize>, (unit, periode): &(String, String), code: &str) -> i64 {
        let is = |desa: &str, id: i64| match length {
            Some(length) => &desa[..length] == unit,
            None => id.to_string() == *unit,
        };
        self.values.iter().filter(|v| is(&v.0, v.1) && &v.2 == periode && v.3 == code).map(|v| v.4).sum()
    }
}
