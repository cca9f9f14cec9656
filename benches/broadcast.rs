//! Broadcast benchmark: a meeting invitation to a whole area (10,000
//! invitees: an invitation and a calendar file each, 20,000 messages, and
//! the organizer's status message), written by the real `jobs::meetings::create`
//! and sent by the real bot binary to the fake Telegram on 127.0.0.1, whose
//! own limiter is set high (as with paid broadcasts, up to 1,000 messages a
//! second).
//!
//! Two runs per database: paced at `OUTBOX_RATE` = R (BENCH_RATE, default
//! 500) — the achieved rate should be at least 95 % of R — and unpaced
//! (`OUTBOX_RATE=0`), which shows the outbox's own ceiling. Each prints the
//! achieved rate, messages lost and messages delivered twice, and how often
//! the organizer's status message was edited (never more than once every
//! 3 s). At Telegram's free 30 messages a second, 10,000 invitations take at
//! least 333 s: that is the physical limit, not something to beat.
//!
//! Run: `cargo bench --bench broadcast`. BENCH_INVITEES (default 10000),
//! BENCH_RATE, BENCH_DATABASE_URL (a PostgreSQL database, emptied first, to
//! measure it too; SQLite always runs).

use std::collections::HashMap;
use std::process::Stdio;
use std::time::{Duration, Instant};

use fake_bot_api::{FakeBotApi, Limits, Rate};
use posyandu_bot::domain::invite::InviteCode;
use posyandu_bot::domain::lang::Lang;
use posyandu_bot::domain::meeting::{Invitee, MeetingKind, NewMeeting};
use posyandu_bot::domain::people::InviteLookup;
use posyandu_bot::domain::region::RegionCode;
use posyandu_bot::domain::role::{Grant, OfficialRole};
use posyandu_bot::store::{Db, invites, people, posyandu, regions};

const TOKEN: &str = "424242:BENCH-token";
/// The organizer's Telegram id (the invitees' start at 1,000,000).
const ORGANIZER: i64 = 999;
const REGIONS: &str = "73,SULAWESI SELATAN\n73.24,KAB. LUWU TIMUR\n73.24.01,Mangkutana\n73.24.01.2001,Maleku\n";

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let invitees: i64 = env_or("BENCH_INVITEES", 10_000);
    let rate: u32 = env_or("BENCH_RATE", 500);
    println!("broadcast benchmark: a meeting for {invitees} invitees (two messages each) through the real bot");
    println!(
        "{:<12} {:<16} {:>8} {:>11} {:>8} {:>5} {:>6} {:>14}",
        "database", "pacing", "seconds", "messages/s", "of R", "lost", "twice", "status edits"
    );
    let dir = tempfile::tempdir().unwrap();
    let mut urls = Vec::new();
    for paced in [true, false] {
        urls.push((format!("sqlite://{}", dir.path().join(format!("b-{paced}.db")).display()), paced));
    }
    if let Ok(url) = std::env::var("BENCH_DATABASE_URL") {
        urls.push((url.clone(), true));
        urls.push((url, false));
    }
    for (url, paced) in urls {
        run(&url, invitees, paced.then_some(rate)).await;
    }
}

/// Seeds a meeting for `invitees` people, runs the bot until every
/// message arrived, and prints one row.
async fn run(url: &str, invitees: i64, rate: Option<u32>) {
    let high = Limits { global: Some(Rate { per_sec: 1000.0, burst: 1000 }), per_chat: None };
    let fake = FakeBotApi::start_with_limits(TOKEN, if rate.is_some() { high } else { Limits::unlimited() }).await;
    seed(url, &fake, invitees).await;
    let messages = 2 * invitees as usize + 1;
    let mut bot = tokio::process::Command::new(env!("CARGO_BIN_EXE_posyandu-bot"))
        .env("TELOXIDE_TOKEN", TOKEN)
        .env("TELOXIDE_API_URL", fake.url())
        .env("DATABASE_URL", url)
        .env("OUTBOX_RATE", rate.unwrap_or(0).to_string())
        .env("RUST_LOG", "warn")
        .env("TOKIO_WORKER_THREADS", "2")
        .stdout(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("the bot starts");
    let deadline = Instant::now() + Duration::from_secs(900);
    while fake.sends().len() < messages && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // The status message's last edit comes up to 3 s after the last send.
    tokio::time::sleep(Duration::from_secs(5)).await;
    bot.kill().await.ok();
    let sends = fake.sends();
    let mut per_chat: HashMap<i64, usize> = HashMap::new();
    for (chat, _) in &sends {
        *per_chat.entry(*chat).or_default() += 1;
    }
    let first = sends.iter().map(|(_, at)| *at).min().expect("something was sent");
    let last = sends.iter().map(|(_, at)| *at).max().expect("something was sent");
    let seconds = (last - first).as_secs_f64();
    let achieved = (sends.len().saturating_sub(1)) as f64 / seconds.max(1e-9);
    let of_rate = rate.map_or("–".to_owned(), |r| format!("{:.1} %", 100.0 * achieved / f64::from(r)));
    let database = if url.starts_with("sqlite") { "SQLite" } else { "PostgreSQL" };
    let pacing = rate.map_or("none (ceiling)".to_owned(), |r| format!("R = {r}/s"));
    let expected = |chat: i64| -> usize { if chat == ORGANIZER { 1 } else { 2 } };
    let chats = (0..invitees).map(|i| 1_000_000 + i).chain([ORGANIZER]);
    let got = |chat: i64| per_chat.get(&chat).copied().unwrap_or(0);
    let lost: usize = chats.clone().map(|c| expected(c).saturating_sub(got(c))).sum();
    let twice: usize = chats.map(|c| got(c).saturating_sub(expected(c))).sum();
    let status = fake.messages(ORGANIZER).into_iter().next().map(|m| m.edited_at).unwrap_or_default();
    let closest = status.windows(2).map(|w| (w[1] - w[0]).as_secs_f64()).fold(f64::INFINITY, f64::min);
    let edits = format!("{} (≥{:.1} s)", status.len(), if closest.is_finite() { closest } else { 0.0 });
    println!(
        "{database:<12} {pacing:<16} {seconds:>8.1} {achieved:>11.0} {of_rate:>8} {lost:>5} {twice:>6} {edits:>14}"
    );
    if fake.rate_limited() > 0 {
        println!("  (the fake answered 429 {} times)", fake.rate_limited());
    }
}

/// A kecamatan with one posyandu of `invitees` kader and its Pokjanal,
/// who invites them all: the meeting written as `/rapat` writes it.
async fn seed(url: &str, fake: &FakeBotApi, invitees: i64) {
    let db = Db::connect(url).await.unwrap();
    db.migrate().await.unwrap();
    if let Db::Postgres(pool) = &db {
        let tables = "outbox, job, invitation, meeting, kader, official, invite, person, posyandu, region, dialogue";
        sqlx::query(&format!("TRUNCATE {tables} CASCADE")).execute(pool).await.unwrap();
    }
    let now = chrono::Utc::now();
    let rows = posyandu_bot::wilayah::read(REGIONS.as_bytes(), &Default::default()).unwrap();
    regions::import(&db, &rows, |_, _| ()).await.unwrap();
    let kecamatan = RegionCode::parse("73.24.01").unwrap();
    let (posyandu_id, _) =
        posyandu::add(&db, "Posyandu Mawar", &RegionCode::parse("73.24.01.2001").unwrap(), now).await.unwrap();
    let kader = Grant::Kader { posyandu_id };
    let pokjanal = Grant::Official { role: OfficialRole::Pokjanal, region: kecamatan.clone() };
    let expires = now + chrono::Duration::days(1);
    let kader_invite = invites::create(&db, &kader, invitees, expires, now).await.unwrap();
    let pokjanal_invite = invites::create(&db, &pokjanal, 1, expires, now).await.unwrap();
    let mut tx = db.begin().await.unwrap();
    let (kader_invite, pokjanal_invite) =
        (invite_id(&mut tx, &kader_invite).await, invite_id(&mut tx, &pokjanal_invite).await);
    for i in 0..invitees {
        let user = fake.user(1_000_000 + i, "Kader", None, Some("id"));
        let person = people::create(&mut tx, "telegram", &user.id.to_string(), "Kader", Lang::Id, now).await.unwrap();
        people::grant(&mut tx, person, &kader, kader_invite, now).await.unwrap();
    }
    let user = fake.user(ORGANIZER, "Andi", None, Some("id"));
    let organizer = people::create(&mut tx, "telegram", &user.id.to_string(), "Andi", Lang::Id, now).await.unwrap();
    people::grant(&mut tx, organizer, &pokjanal, pokjanal_invite, now).await.unwrap();
    let meeting = NewMeeting {
        kind: MeetingKind::PertemuanKader,
        title: "Pertemuan Kader Desember".into(),
        starts_at: now + chrono::Duration::days(7),
        place: "Aula Kantor Camat".into(),
        location: None,
        agenda: Some("Evaluasi laporan bulanan".into()),
        area: kecamatan,
        invitees: vec![Invitee::Kader],
        answer_by: None,
    };
    posyandu_bot::jobs::meetings::create(&mut tx, organizer, &meeting, now, 16).await.unwrap();
    tx.commit().await.unwrap();
    db.close().await;
}

async fn invite_id(tx: &mut posyandu_bot::store::Tx, code: &InviteCode) -> i64 {
    match invites::lookup(tx, code).await.unwrap() {
        InviteLookup::Found(invite) => invite.id,
        InviteLookup::Missing(_) => panic!("invite {code} just written is missing"),
    }
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}
