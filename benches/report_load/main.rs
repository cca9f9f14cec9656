//! Load benchmark: N simulated kader complete monthly reports at the same
//! time through the real bot binary (a separate process) and the fake Bot
//! API on 127.0.0.1. Prints dialogue steps per second, update-to-reply
//! latency (p50/p99) and the bot process's CPU time per step, first flat out
//! and then paced. The same users then run a 6-step SKDN dialogue on a stock
//! teloxide bot ([`stock_teloxide`]) in the same run, as a yardstick that
//! does not depend on how fast this machine is today.
//!
//! posyandu-bot runs once on Telegram and once on WhatsApp ([`whatsapp`]:
//! signed webhooks to the bot, the fake Graph API for its answers), the
//! same kader with the same report.
//!
//! Run: `cargo bench --bench report_load` (see README.md). Settings from the
//! environment: BENCH_KADER (default 200), BENCH_RATE (paced steps/s,
//! default 200), BENCH_DATABASE_URL (posyandu-bot's database; default: a new
//! SQLite file per run), BENCH_CHANNEL (`telegram` or `whatsapp`: only
//! posyandu-bot's runs on that channel, and the stock bot; default both),
//! BENCH_QUICK=1 (only the rows to compare: posyandu-bot on each channel
//! and the stock bot in WAL mode), BENCH_SECTION=dewasa (the 31 numbers of
//! the largest section instead of the balita block).

mod stock_teloxide;
mod whatsapp;

use std::future::Future;
use std::path::Path;
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use fake_bot_api::{FakeBotApi, SimUser};
use posyandu_bot::dialogue::report::periode_text;
use posyandu_bot::domain::lang::Lang;
use posyandu_bot::domain::periode::Periode;
use posyandu_bot::domain::region::RegionCode;
use posyandu_bot::domain::role::Grant;
use posyandu_bot::store::{Db, invites, posyandu, regions};
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};

const TOKEN: &str = "424242:BENCH-token";
const REGIONS: &str = "73,SULAWESI SELATAN\n73.24,KAB. LUWU TIMUR\n73.24.01,Mangkutana\n73.24.01.2001,Maleku\n";
const WAIT: Duration = Duration::from_secs(30);

/// One dialogue step: what the kader does.
enum Act {
    Say(&'static str),
    /// Tap the button whose label contains this, on the bot's latest message with buttons.
    Tap(&'static str),
}

/// A messenger the simulated kader use: the fake Telegram or the fake
/// WhatsApp, each playing the platform towards the bot.
trait Messenger: Send + Sync + 'static {
    type User: Clone + Send + Sync + 'static;

    /// Does `act` as `user` and waits for the bot's whole answer; returns
    /// the time from the act entering the fake to the last reply arriving.
    fn perform(&self, user: &Self::User, act: Act) -> impl Future<Output = Duration> + Send;

    /// Every call the real platform would have refused.
    fn violations(&self) -> Vec<String>;
}

/// How many messages the bot sends for `act`, on either channel (WhatsApp
/// shows a tapped button's choice in the next message, as it cannot edit).
fn replies(act: &Act) -> usize {
    match act {
        Act::Say(text) if text.starts_with('/') || text.len() < 6 => 1,
        Act::Say(_) => 2, // an invite code: "accepted" and the name question
        Act::Tap(_) => 1,
    }
}

/// A section of the shipped form pack, then Kirim: the balita section (the
/// nine SKDN numbers, the optional ILP columns skipped at once), or with
/// BENCH_SECTION=dewasa the largest section, every one of its 31 numbers typed.
fn report_script(month: &'static str) -> Vec<Act> {
    let mut acts = vec![Act::Say("/lapor"), Act::Tap(month)];
    if std::env::var("BENCH_SECTION").is_ok_and(|s| s == "dewasa") {
        acts.push(Act::Tap("Dewasa dan lansia"));
        let numbers = [
            "300", "45", "60", "20", "60", "2", "8", "30", "12", "8", "20", "65", "5", "45", "15", "40", "2", "30",
            "8", "30", "3", "0", "10", "1", "20", "15", "4", "1", "20", "6", "4",
        ];
        acts.extend(numbers.map(Act::Say));
        acts.push(Act::Tap("Kirim"));
        return acts;
    }
    acts.push(Act::Tap("Balita dan apras"));
    acts.extend(["45", "43", "40", "32", "5", "1", "2", "1", "0"].map(Act::Say));
    acts.extend([Act::Tap("Lewati sisanya"), Act::Tap("Kirim")]);
    acts
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    if let Ok(path) = std::env::var(stock_teloxide::ROLE) {
        return stock_teloxide::run(&path).await;
    }
    let kader: usize = env_or("BENCH_KADER", 200);
    let rate: f64 = env_or("BENCH_RATE", 200.0);
    let dir = tempfile::tempdir().unwrap();
    let url = std::env::var("BENCH_DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}", dir.path().join("bench.db").display()));
    println!(
        "report load benchmark: {kader} kader at once, posyandu-bot on {} against stock teloxide on SQLite",
        backend(&url)
    );
    println!(
        "{:<52} {:<16} {:>8} {:>8} {:>8} {:>16} {:>20}",
        "bot", "phase", "steps/s", "p50 ms", "p99 ms", "bot CPU ms/step", "harness CPU ms/step"
    );
    let quick = std::env::var("BENCH_QUICK").is_ok_and(|v| v == "1");
    let channel = std::env::var("BENCH_CHANNEL").unwrap_or_default();
    let own_database = std::env::var("BENCH_DATABASE_URL").is_err();
    if channel != "whatsapp" {
        posyandu_bot_runs(&url, kader, rate).await;
        if own_database && !quick {
            // At the stock bot's durability: every commit waits for the disk
            // (by default only a saved report's commit does).
            let every_commit = format!("sqlite://{}?synchronous=full", dir.path().join("bench-full.db").display());
            posyandu_bot_runs(&every_commit, kader, rate).await;
        }
    }
    if channel != "telegram" {
        let url = match own_database {
            true => format!("sqlite://{}", dir.path().join("bench-whatsapp.db").display()),
            false => url.clone(),
        };
        whatsapp::runs(&url, kader, rate).await;
    }
    let journals: &[bool] = if quick { &[true] } else { &[false, true] };
    for &wal in journals {
        stock_teloxide_runs(&dir.path().join(format!("stock-{wal}.db")), wal, kader, rate).await;
    }
}

/// posyandu-bot: every kader registers (not measured), then sends the
/// 14-step report of last month flat out, then this month's paced.
async fn posyandu_bot_runs(url: &str, kader: usize, rate: f64) {
    let codes = seed(url, kader, "Telegram").await;
    let fake = Arc::new(FakeBotApi::start(TOKEN).await);
    let mut command = bot_command(env!("CARGO_BIN_EXE_posyandu-bot"));
    command.arg("run").env("DATABASE_URL", url);
    let bot = spawn_bot(command, &fake).await;
    let users: Vec<SimUser> = (0..kader).map(|i| fake.user(10_000 + i as i64, "Kader", None, Some("id"))).collect();
    run_all(
        &fake,
        &users,
        |i| vec![Act::Say(leak(codes[i].clone())), Act::Tap("Ya, benar"), Act::Tap("Bahasa Indonesia")],
        None,
    )
    .await;
    let months = report_months();
    let name = format!("posyandu-bot ({}, {} steps)", backend(url), report_script(months[0]).len());
    measure(&name, &fake, &bot, &users, |_| report_script(months[0]), None).await;
    measure(&name, &fake, &bot, &users, |_| report_script(months[1]), Some(rate)).await;
    stop(bot).await;
}

/// The month that just ended, then the current one, as the month buttons
/// read (WITA, as the posyandu is in Luwu Timur).
fn report_months() -> [&'static str; 2] {
    let current = Periode::containing(Utc::now(), chrono_tz::Asia::Makassar);
    [current.previous(), current].map(|p| leak(periode_text(p).render(Lang::Id)))
}

/// The stock teloxide bot on a new SQLite file, in SQLite's default
/// rollback-journal mode or (with `wal`) in write-ahead-log mode.
async fn stock_teloxide_runs(path: &Path, wal: bool, kader: usize, rate: f64) {
    if wal {
        let options =
            SqliteConnectOptions::new().filename(path).create_if_missing(true).journal_mode(SqliteJournalMode::Wal);
        SqlitePool::connect_with(options).await.unwrap().close().await;
    }
    let fake = Arc::new(FakeBotApi::start(TOKEN).await);
    let mut command = bot_command(std::env::current_exe().unwrap());
    command.env(stock_teloxide::ROLE, path);
    let bot = spawn_bot(command, &fake).await;
    let users: Vec<SimUser> = (0..kader).map(|i| fake.user(20_000 + i as i64, "Kader", None, Some("id"))).collect();
    // Two dialogues in a row, so a phase lasts about as many steps as a report.
    let dialogue =
        || [Act::Say("/start"), Act::Say("45"), Act::Say("43"), Act::Say("40"), Act::Say("32"), Act::Tap("Kirim")];
    let script = |_| dialogue().into_iter().chain(dialogue()).collect();
    let name = format!("stock teloxide (SQLite {}, 2×6 steps)", if wal { "WAL" } else { "default" });
    measure(&name, &fake, &bot, &users, script, None).await;
    measure(&name, &fake, &bot, &users, script, Some(rate)).await;
    stop(bot).await;
}

/// A bot process to start: `program` with two tokio worker threads and
/// warnings only, killed with its handle; under the profiler of
/// BENCH_BOT_WRAPPER when set (a command and its arguments, split at spaces,
/// such as `valgrind --tool=callgrind`).
fn bot_command(program: impl AsRef<std::ffi::OsStr>) -> tokio::process::Command {
    let wrapper = std::env::var("BENCH_BOT_WRAPPER").unwrap_or_default();
    let mut command = match wrapper.split_whitespace().collect::<Vec<_>>().split_first() {
        Some((profiler, arguments)) => {
            let mut command = tokio::process::Command::new(profiler);
            command.args(arguments).arg(program);
            command
        }
        None => tokio::process::Command::new(program),
    };
    command.env("RUST_LOG", "warn").env("TOKIO_WORKER_THREADS", "2").stdout(Stdio::null()).kill_on_drop(true);
    command
}

/// Starts a bot process on Telegram against `fake` and waits until it
/// polls for updates (so start-up is not measured).
async fn spawn_bot(mut command: tokio::process::Command, fake: &FakeBotApi) -> tokio::process::Child {
    let bot = command
        .env("TELOXIDE_TOKEN", TOKEN)
        .env("TELOXIDE_API_URL", fake.url())
        // The fake Telegram has no sending limit here (as a local Bot API
        // server, or paid broadcasts): the bot need not pace itself.
        .env("OUTBOX_RATE", "0")
        .spawn()
        .expect("the bot starts");
    let polling = async {
        while !fake.requests().iter().any(|r| r.method == "getupdates") {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    };
    tokio::time::timeout(WAIT, polling).await.expect("the bot polls for updates");
    bot
}

/// Stops a bot as Ctrl+C does, so that a profiler around it writes what it
/// found; kills it if it is still running after a minute.
async fn stop(mut bot: tokio::process::Child) {
    if let Some(pid) = bot.id() {
        let _ = std::process::Command::new("kill").args(["-INT", &pid.to_string()]).status();
    }
    if tokio::time::timeout(Duration::from_secs(60), bot.wait()).await.is_err() {
        bot.kill().await.ok();
    }
}

/// Every user runs `script` (flat out, or paced at `pace` steps/s) while the
/// bot's and this process's CPU time are measured; prints one table row.
async fn measure<M: Messenger>(
    name: &str,
    fake: &Arc<M>,
    bot: &tokio::process::Child,
    users: &[M::User],
    script: impl Fn(usize) -> Vec<Act>,
    pace: Option<f64>,
) {
    let pid = bot.id().expect("the bot is running").to_string();
    let (bot_before, harness_before) = (cpu_ms(&pid), cpu_ms("self"));
    let started = Instant::now();
    let mut latencies = run_all(fake, users, script, pace).await;
    let elapsed = started.elapsed().as_secs_f64();
    let (bot_cpu, harness_cpu) = (cpu_ms(&pid) - bot_before, cpu_ms("self") - harness_before);
    assert!(fake.violations().is_empty(), "{:?}", fake.violations());
    latencies.sort();
    let steps = latencies.len() as f64;
    let phase = pace.map_or("flat out".to_owned(), |rate| format!("paced at {rate}/s"));
    println!(
        "{:<52} {:<16} {:>8.0} {:>8.2} {:>8.2} {:>16.3} {:>20.3}",
        name,
        phase,
        steps / elapsed,
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.99),
        bot_cpu / steps,
        harness_cpu / steps
    );
}

/// Every kader runs its script concurrently; returns each step's latency.
/// With `pace`, each kader's steps are scheduled at fixed times so that all
/// together send `pace` steps per second (a slow reply does not slow the pace).
async fn run_all<M: Messenger>(
    fake: &Arc<M>,
    users: &[M::User],
    script: impl Fn(usize) -> Vec<Act>,
    pace: Option<f64>,
) -> Vec<Duration> {
    let mut tasks = Vec::new();
    for (i, user) in users.iter().enumerate() {
        let fake = fake.clone();
        let user = user.clone();
        let acts = script(i);
        let period = pace.map(|rate| Duration::from_secs_f64(users.len() as f64 / rate));
        let start =
            tokio::time::Instant::now() + period.map_or(Duration::ZERO, |p| p.mul_f64(i as f64 / users.len() as f64));
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(acts.len());
            for (step, act) in acts.into_iter().enumerate() {
                if let Some(period) = period {
                    tokio::time::sleep_until(start + period * step as u32).await;
                }
                latencies.push(fake.perform(&user, act).await);
            }
            latencies
        }));
    }
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.unwrap());
    }
    all
}

impl Messenger for FakeBotApi {
    type User = SimUser;

    /// Returns update entering the fake → last reply.
    async fn perform(&self, user: &SimUser, act: Act) -> Duration {
        let seen = self.message_count(user.id);
        let expect = replies(&act);
        let update = match act {
            Act::Say(text) => self.push_text(user, text),
            Act::Tap(label) => {
                let (message, data) = self.find_button(user.id, label).unwrap_or_else(|| panic!("no button {label}"));
                self.push_callback(user, message, &data)
            }
        };
        let pushed = self.enqueued_at(update).unwrap();
        let reply = self.next_message_after(user.id, seen + expect - 1, WAIT).await.expect("the bot answers");
        reply.sent_at.duration_since(pushed)
    }

    fn violations(&self) -> Vec<String> {
        FakeBotApi::violations(self)
    }
}

/// A database with one posyandu and one kader invite per kader; the
/// posyandu's names carry `run`, so runs on one database do not share them.
async fn seed(url: &str, kader: usize, run: &str) -> Vec<String> {
    let db = Db::connect(url).await.unwrap();
    db.migrate().await.unwrap();
    let rows = posyandu_bot::wilayah::read(REGIONS.as_bytes(), &Default::default()).unwrap();
    regions::import(&db, &rows, |_, _| ()).await.unwrap();
    let desa = RegionCode::parse("73.24.01.2001").unwrap();
    let now = Utc::now();
    let mut codes = Vec::new();
    for i in 0..kader {
        let (id, _) = posyandu::add(&db, &format!("Posyandu Bench {run} {i}"), &desa, now).await.unwrap();
        let code = invites::create(&db, &Grant::Kader { posyandu_id: id }, 1, now + chrono::Duration::days(1), now)
            .await
            .unwrap();
        codes.push(code.to_string());
    }
    db.close().await;
    codes
}

/// A process's user + system CPU time so far, in milliseconds (`process`:
/// a pid, or `self`).
fn cpu_ms(process: &str) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{process}/stat")).expect("Linux /proc");
    let fields: Vec<&str> = stat.rsplit_once(") ").unwrap().1.split_whitespace().collect();
    let ticks: f64 = fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap();
    ticks * 1000.0 / clock_ticks()
}

fn clock_ticks() -> f64 {
    let out = std::process::Command::new("getconf").arg("CLK_TCK").output().ok();
    out.and_then(|o| String::from_utf8(o.stdout).ok()).and_then(|s| s.trim().parse().ok()).unwrap_or(100.0)
}

fn percentile(sorted: &[Duration], q: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * q).round() as usize;
    sorted.get(index).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn backend(url: &str) -> &'static str {
    match url {
        _ if url.ends_with("synchronous=full") => "SQLite, every commit synced",
        _ if url.starts_with("sqlite") => "SQLite",
        _ => "PostgreSQL",
    }
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}
