//! Digest benchmark on the synthetic national dataset: `posyandu-bot seed`
//! (about 339,000 posyandu over the real desa codes, 12 months up to
//! October 2026) once per database, then, timed through the bot's own
//! store: the digest of one kabupaten (Luwu Timur, 73.24, and the two
//! largest: Bogor, 32.01, with the most kecamatan, and Aceh Utara, 11.08,
//! with the most posyandu), of a province (73), the national rollup (every
//! province, one month), a kabupaten's 12-month trend, and the workbook
//! (XLSX) of each of those kabupaten for 12 months; then the process's
//! peak memory; and for the largest kabupaten (11.08) the longest a write
//! waited for SQLite's writer while its `/unduh` workbook was built (on the
//! read connection, as the bot does; then inside a write transaction, as it
//! did before). Goals: a
//! kabupaten within 50 ms, the national rollup within 2 s, the workbook
//! within 2 s.
//!
//! Run: `cargo bench --bench digest`. BENCH_DIGEST_SQLITE names the SQLite
//! file (default `target/bench-digest.db`, kept between runs: seeding takes
//! minutes), BENCH_DIGEST_POSTGRES a PostgreSQL database to measure too (it
//! is seeded when it has no reports), BENCH_POSYANDU the dataset's size.

use std::time::{Duration, Instant};

use posyandu_bot::domain::digest::Settings;
use posyandu_bot::domain::form::Form;
use posyandu_bot::domain::lang::Lang;
use posyandu_bot::domain::periode::Periode;
use posyandu_bot::domain::region::RegionCode;
use posyandu_bot::export::{self, Request};
use posyandu_bot::store::{Db, Tx, digest, settings};

const UNTIL: &str = "2026-10";
/// Timed runs of each query; the median is shown.
const RUNS: usize = 5;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let posyandu: u64 = std::env::var("BENCH_POSYANDU").ok().and_then(|v| v.parse().ok()).unwrap_or(339_000);
    let sqlite = std::env::var("BENCH_DIGEST_SQLITE")
        .unwrap_or_else(|_| format!("{}/target/bench-digest.db", env!("CARGO_MANIFEST_DIR")));
    let mut urls = vec![format!("sqlite://{sqlite}")];
    urls.extend(std::env::var("BENCH_DIGEST_POSTGRES").ok());
    println!("digest benchmark: {posyandu} posyandu, 12 months up to {UNTIL}; median of {RUNS} runs");
    println!("{:<12} {:<44} {:>10} {:>10}", "database", "what", "ms", "CPU ms");
    for url in urls {
        run(&url, posyandu).await;
    }
    println!("peak memory of the process: {} MB", peak_memory_mb());
}

async fn run(url: &str, posyandu: u64) {
    let db = Db::connect(url).await.expect("the database opens");
    db.migrate().await.expect("migrated");
    seed_if_empty(&db, url, posyandu).await;
    let database = if url.starts_with("sqlite") { "SQLite" } else { "PostgreSQL" };
    let until = Periode::try_from(UNTIL.to_owned()).unwrap();
    let settings = Settings::default();
    let code = |c: &str| RegionCode::parse(c).unwrap();
    let areas = [
        ("kabupaten 73.24 Luwu Timur", Some(code("73.24"))),
        ("kabupaten 32.01 Bogor", Some(code("32.01"))),
        ("kabupaten 11.08 Aceh Utara", Some(code("11.08"))),
        ("province 73 Sulawesi Selatan", Some(code("73"))),
        ("national rollup (38 provinces)", None),
    ];
    for (name, area) in &areas {
        if !covered(&db, area.as_ref(), until).await {
            println!("{database:<12} {:<44} (not in the dataset)", format!("digest, {name}"));
            continue;
        }
        let took = median(|| async {
            let mut tx = db.begin().await.unwrap();
            digest::area(&mut tx, area.as_ref(), until, &settings).await.unwrap();
            tx.commit().await.unwrap();
        })
        .await;
        println!("{database:<12} {:<44} {}", format!("digest, {name}"), ms(took));
    }
    let took = median(|| async {
        let mut tx = db.begin().await.unwrap();
        digest::trend(&mut tx, Some(&code("73.24")), until, 12).await.unwrap();
        tx.commit().await.unwrap();
    })
    .await;
    println!("{database:<12} {:<44} {}", "trend, kabupaten 73.24, 12 months", ms(took));
    for kabupaten in ["73.24", "32.01", "11.08"] {
        if !covered(&db, Some(&code(kabupaten)), until).await {
            println!("{database:<12} {:<44} (not in the dataset)", format!("XLSX, kabupaten {kabupaten}"));
            continue;
        }
        let request = Request {
            area: code(kabupaten),
            from: Periode::try_from("2025-11".to_owned()).unwrap(),
            to: until,
            settings,
            lang: Lang::Id,
        };
        let form = Form::shipped();
        let size = std::sync::atomic::AtomicUsize::new(0);
        let took = median(|| async {
            let mut out = std::io::Cursor::new(Vec::new());
            let mut tx = db.begin().await.unwrap();
            export::write_xlsx(&mut tx, &form, &request, &mut out).await.unwrap().expect("the workbook fits");
            tx.commit().await.unwrap();
            size.store(out.into_inner().len(), std::sync::atomic::Ordering::Relaxed);
        })
        .await;
        let size = size.into_inner();
        let what = format!("XLSX, kabupaten {kabupaten}, 12 months ({} KB)", size / 1024);
        println!("{database:<12} {what:<44} {}", ms(took));
        if kabupaten == LARGEST {
            let on_reader = longest_write_wait(&db, db.read().await.unwrap(), &form, &request).await;
            let what = format!("longest writer hold, /unduh {kabupaten}");
            println!("{database:<12} {what:<44} {:>10.1}", on_reader.as_secs_f64() * 1000.0);
            let inside = longest_write_wait(&db, db.begin().await.unwrap(), &form, &request).await;
            let what = "  (were it built in the write transaction)";
            println!("{database:<12} {what:<44} {:>10.1}", inside.as_secs_f64() * 1000.0);
        }
    }
    db.close().await;
}

/// The kabupaten with the most posyandu, whose `/unduh` is the longest read.
const LARGEST: &str = "11.08";

/// Builds the workbook of `request` through `tx` (the engine's read
/// transaction for `/unduh`, or a write transaction to compare) while a
/// probe writes a setting every millisecond; returns the longest the probe
/// waited for the writer.
async fn longest_write_wait(db: &Db, mut tx: Tx, form: &Form, request: &Request) -> Duration {
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let probe = tokio::spawn({
        let (db, stop) = (db.clone(), stop.clone());
        async move {
            let mut longest = Duration::ZERO;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let started = Instant::now();
                settings::set(&db, "bench-probe", "1").await.unwrap();
                longest = longest.max(started.elapsed());
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
            longest
        }
    });
    tokio::time::sleep(Duration::from_millis(20)).await;
    let mut out = std::io::Cursor::new(Vec::new());
    export::write_xlsx(&mut tx, form, request, &mut out).await.unwrap().expect("the workbook fits");
    drop(tx);
    tokio::time::sleep(Duration::from_millis(20)).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    probe.await.unwrap()
}

/// Whether the dataset has posyandu in `area` (a database whose seeding
/// was stopped part of the way holds the first provinces only).
async fn covered(db: &Db, area: Option<&RegionCode>, until: Periode) -> bool {
    let mut tx = db.begin().await.unwrap();
    let found = digest::area(&mut tx, area, until, &Settings::default()).await.unwrap();
    tx.commit().await.unwrap();
    found.this_month.completeness.expected > 0
}

/// Fills an empty database with the synthetic dataset through the real
/// binary, as an operator would.
async fn seed_if_empty(db: &Db, url: &str, posyandu: u64) {
    let mut tx = db.begin().await.unwrap();
    let known = digest::area(&mut tx, None, Periode::try_from(UNTIL.to_owned()).unwrap(), &Settings::default()).await;
    tx.commit().await.unwrap();
    if known.is_ok_and(|d| d.this_month.completeness.reported > 0) {
        return;
    }
    println!("seeding {url} (once; this takes minutes)…");
    let started = Instant::now();
    let status = tokio::process::Command::new(env!("CARGO_BIN_EXE_posyandu-bot"))
        .args(["seed", "--posyandu", &posyandu.to_string(), "--until", UNTIL])
        .env("DATABASE_URL", url)
        .status()
        .await
        .expect("the seed command runs");
    assert!(status.success(), "seeding failed");
    println!("seeded in {:.0} s", started.elapsed().as_secs_f64());
}

/// The median wall time of [`RUNS`] runs of `f`, after one warm-up run,
/// and the median CPU time the process spent in them (on a loaded machine
/// the wall time includes waiting for a core; on PostgreSQL the server's
/// work is not in the CPU time).
async fn median<F: Future<Output = ()>>(mut f: impl FnMut() -> F) -> Took {
    f().await;
    let (mut wall, mut cpu) = (Vec::with_capacity(RUNS), Vec::with_capacity(RUNS));
    for _ in 0..RUNS {
        let (started, cpu_before) = (Instant::now(), process_cpu());
        f().await;
        wall.push(started.elapsed());
        cpu.push(process_cpu().saturating_sub(cpu_before));
    }
    wall.sort();
    cpu.sort();
    Took { wall: wall[RUNS / 2], cpu: cpu[RUNS / 2] }
}

/// Wall and CPU time of a measurement.
struct Took {
    wall: Duration,
    cpu: Duration,
}

/// The CPU time of every thread of this process so far
/// (`/proc/self/task/*/schedstat`, in nanoseconds).
fn process_cpu() -> Duration {
    let threads = std::fs::read_dir("/proc/self/task").into_iter().flatten().flatten();
    let nanos = threads
        .filter_map(|t| std::fs::read_to_string(t.path().join("schedstat")).ok())
        .filter_map(|s| s.split_whitespace().next().and_then(|n| n.parse::<u64>().ok()))
        .sum();
    Duration::from_nanos(nanos)
}

/// Wall and CPU milliseconds, as the table's last two columns.
fn ms(took: Took) -> String {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    format!("{:>10.1} {:>10.1}", ms(took.wall), ms(took.cpu))
}

/// The process's peak resident memory (VmHWM), in MB.
fn peak_memory_mb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .unwrap_or(0);
    kb / 1024
}
