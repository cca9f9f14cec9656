//! The reporting cycle end to end, through the real bot, its scheduler on
//! the injected clock and the fake Bot API, on both databases: kader whose
//! posyandu has not reported are reminded at 08:00 of their own time (WITA
//! and WIB) on the days of the reporting window, once a day, and no more
//! once the report is in; officials get the month's digest the day after
//! the due day and the completeness update on the window's Mondays, at
//! 08:00 their time, unless they turned it off with `/langganan`.

mod common;

use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use common::{Harness, TestDb, assert_says, texts};
use fake_bot_api::{FileKind, SentMessage, SimUser};
use posyandu_bot::domain::region::RegionCode;
use posyandu_bot::domain::role::{Grant, OfficialRole};

const WAIT: Duration = Duration::from_secs(15);
/// Long enough for the scheduler and the outbox to act on anything due.
const QUIET: Duration = Duration::from_millis(2500);

struct Scene {
    h: Harness,
    /// Kader of Posyandu Mawar (Maleku, WITA).
    siti: SimUser,
    /// Kader of Posyandu Melati (Maleku, WITA).
    rina: SimUser,
    /// Kader of Posyandu Benua (Pontianak, WIB).
    wati: SimUser,
    /// Dinkes of Kab. Luwu Timur (WITA).
    andi: SimUser,
    /// Pokja of Desa Maleku (WITA).
    budi: SimUser,
    /// Pokjanal of Kecamatan Pontianak Selatan (WIB).
    yusuf: SimUser,
    /// Posyandu ids: Mawar, Melati, Benua.
    posyandu: [i64; 3],
    /// The person id of a kader, to save reports as.
    reporter: i64,
}

async fn scene(test: TestDb) -> Scene {
    let test = test.with_wib_and_wita_regions().await;
    let mawar = test.add_posyandu("Posyandu Mawar", "73.24.01.2001").await;
    let melati = test.add_posyandu("Posyandu Melati", "73.24.01.2001").await;
    test.add_posyandu("Posyandu Anggrek", "73.24.01.2002").await;
    let benua = test.add_posyandu("Posyandu Benua", "61.71.01.1001").await;
    let official = |role, code: &str| Grant::Official { role, region: RegionCode::parse(code).unwrap() };
    let codes = [
        test.invite(Grant::Kader { posyandu_id: mawar }, 1, 14).await,
        test.invite(Grant::Kader { posyandu_id: melati }, 1, 14).await,
        test.invite(Grant::Kader { posyandu_id: benua }, 1, 14).await,
        test.invite(official(OfficialRole::Dinkes, "73.24"), 1, 14).await,
        test.invite(official(OfficialRole::Pokja, "73.24.01.2001"), 1, 14).await,
        test.invite(official(OfficialRole::Pokjanal, "61.71.01"), 1, 14).await,
    ];
    let mut h = Harness::start(test).await;
    let siti = h.register(301, "Siti", &codes[0]).await;
    let rina = h.register(302, "Rina", &codes[1]).await;
    let wati = h.register(303, "Wati", &codes[2]).await;
    let andi = h.register(304, "Andi", &codes[3]).await;
    let budi = h.register(305, "Budi", &codes[4]).await;
    let yusuf = h.register(306, "Yusuf", &codes[5]).await;
    let reporter = h.test_db.scalar("SELECT id FROM person WHERE external_id = '301'").await;
    Scene { h, siti, rina, wati, andi, budi, yusuf, posyandu: [mawar, melati, benua], reporter }
}

/// Saves `posyandu`'s report of `periode` as the kader would send it.
async fn report(h: &Harness, by: i64, posyandu: i64, periode: &str) {
    h.test_db.save_report(by, posyandu, periode, h.clock.now()).await;
}

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

/// Moves the bot's clock forward to `at`.
fn move_to(h: &Harness, at: DateTime<Utc>) {
    let by = at - h.clock.now();
    assert!(by >= chrono::Duration::zero(), "the clock only moves forward");
    h.clock.advance(by);
}

fn counts(h: &Harness, users: &[&SimUser]) -> Vec<usize> {
    users.iter().map(|u| h.fake.messages(u.id).len()).collect()
}

/// Waits until `user`'s chat holds `count` more messages than `before`,
/// then a little longer, and returns exactly those that arrived.
async fn arrived(h: &Harness, user: &SimUser, before: usize, count: usize) -> Vec<SentMessage> {
    h.fake.next_message_after(user.id, before + count - 1, WAIT).await.expect("the messages arrive");
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let new = h.fake.messages(user.id).split_off(before);
    assert_eq!(new.len(), count, "to {}: {:#?}", user.first_name, texts(&new));
    new
}

/// Asserts that nothing new arrives in these chats.
async fn nothing_for(h: &Harness, users: &[&SimUser]) {
    let before = counts(h, users);
    tokio::time::sleep(QUIET).await;
    for (user, before) in users.iter().zip(before) {
        let new = h.fake.messages(user.id).split_off(before);
        assert!(new.is_empty(), "{} got {:#?}", user.first_name, texts(&new));
    }
}

/// Moves the clock to `at` and asserts that none of `users` gets anything.
async fn quiet_until(h: &Harness, at: DateTime<Utc>, users: &[&SimUser]) {
    let before = counts(h, users);
    move_to(h, at);
    tokio::time::sleep(QUIET).await;
    for (user, before) in users.iter().zip(before) {
        let new = h.fake.messages(user.id).split_off(before);
        assert!(new.is_empty(), "{} got {:#?} by {at}", user.first_name, texts(&new));
    }
}

fn labels(message: &SentMessage) -> Vec<&str> {
    message.buttons.iter().flatten().map(|b| b.text.as_str()).collect()
}

fn assert_png(message: &SentMessage) {
    let file = message.attachment.as_ref().expect("a picture");
    assert_eq!(file.kind, FileKind::Photo);
    png::Decoder::new(std::io::Cursor::new(file.bytes.clone())).read_info().expect("a valid PNG");
}

/// The newest message of `user`'s chat (an edited one reads as edited).
fn last(h: &Harness, user: &SimUser) -> SentMessage {
    h.fake.messages(user.id).last().cloned().expect("a message")
}

on_both_databases! {
    kader_are_reminded_in_their_own_time_once_a_day_until_the_report_is_in => |test: TestDb| async move {
        let Scene { mut h, siti, rina, wati, andi, posyandu: [mawar, melati, _], reporter, .. } = scene(test).await;
        // Mawar has sent November already; Melati (WITA) and Benua (WIB) have not.
        report(&h, reporter, mawar, "2026-11").await;
        let everyone = [&siti, &rina, &wati, &andi];

        // November's window opens on 1 December; 08:00 WITA is 00:00 UTC.
        quiet_until(&h, utc(2026, 11, 30, 23, 59), &everyone).await;
        let before = counts(&h, &[&rina, &wati]);
        move_to(&h, utc(2026, 12, 1, 0, 0));
        let m = arrived(&h, &rina, before[0], 1).await;
        assert_eq!(
            m[0].text,
            "👋 Halo, Bapak/Ibu kader. Laporan bulanan November 2026 dari posyandu Bapak/Ibu belum kami terima.\n\
             Mohon dikirim paling lambat tanggal 5 Desember, ya. Cukup tekan tombol di bawah ini.\n\
             Terima kasih atas kerja baiknya! 🙏"
        );
        assert_eq!(labels(&m[0]), ["📋 Lapor bulanan"]);
        nothing_for(&h, &[&siti, &wati, &andi]).await;
        // 08:00 WIB is an hour later.
        quiet_until(&h, utc(2026, 12, 1, 0, 59), &[&wati]).await;
        move_to(&h, utc(2026, 12, 1, 1, 0));
        assert_says(&arrived(&h, &wati, before[1], 1).await, "Laporan bulanan November 2026");

        // Once a day: later that day, and after a restart, nothing more.
        quiet_until(&h, utc(2026, 12, 1, 3, 0), &everyone).await;
        h.restart().await;
        nothing_for(&h, &everyone).await;
        assert_eq!(
            h.test_db.scalar("SELECT COUNT(*) FROM outbox WHERE key LIKE 'reminder:2026-11:2026-12-01:%'").await,
            2
        );

        // Melati reports; on the 3rd only Wati is reminded, and again on the 4th.
        report(&h, reporter, melati, "2026-11").await;
        let before = counts(&h, &[&wati]);
        quiet_until(&h, utc(2026, 12, 3, 0, 30), &everyone).await;
        move_to(&h, utc(2026, 12, 3, 1, 0));
        arrived(&h, &wati, before[0], 1).await;
        nothing_for(&h, &[&siti, &rina]).await;
        move_to(&h, utc(2026, 12, 4, 1, 0));
        arrived(&h, &wati, before[0] + 1, 1).await;

        // The button starts the report.
        let m = h.tap(&wati, "Lapor bulanan").await;
        assert_says(&m, "untuk bulan apa?");
        // Past the due day no more reminders come.
        quiet_until(&h, utc(2026, 12, 10, 2, 0), &[&siti, &rina, &wati]).await;
    };

    officials_get_the_digests_they_subscribe_to_at_their_local_hour => |test: TestDb| async move {
        let Scene { mut h, siti, andi, budi, yusuf, posyandu: [mawar, _, _], reporter, .. } = scene(test).await;
        report(&h, reporter, mawar, "2026-11").await;

        // A kader has nothing to subscribe to, and is told so kindly.
        assert_says(&h.say(&siti, "/langganan").await, "pengingat itu berhenti sendiri");

        // Budi turns the weekly update off (and on and off again); Yusuf the monthly digest.
        let menu = h.say(&budi, "/langganan").await;
        assert_eq!(menu.len(), 1);
        assert_says(&menu, "Kabar laporan masuk, tiap Senin sampai tanggal 5, pukul 08.00: ✅ aktif");
        assert_says(&menu, "Rekap bulanan, sehari setelah batas lapor tanggal 5, pukul 08.00: ✅ aktif");
        assert_eq!(labels(&menu[0]), ["🔕 Matikan kabar mingguan", "🔕 Matikan rekap bulanan"]);
        assert!(h.tap(&budi, "Matikan kabar mingguan").await.is_empty(), "the menu is redrawn in place");
        let shown = last(&h, &budi);
        assert!(shown.text.contains("pukul 08.00: 🔕 mati"), "{}", shown.text);
        assert_eq!(labels(&shown), ["🔔 Nyalakan kabar mingguan", "🔕 Matikan rekap bulanan"]);
        h.tap(&budi, "Nyalakan kabar mingguan").await;
        assert_eq!(labels(&last(&h, &budi)), ["🔕 Matikan kabar mingguan", "🔕 Matikan rekap bulanan"]);
        h.tap(&budi, "Matikan kabar mingguan").await;
        h.say(&yusuf, "/langganan").await;
        h.tap(&yusuf, "Matikan rekap bulanan").await;
        assert_says(&h.say(&budi, "/langganan").await, "tiap Senin sampai tanggal 5, pukul 08.00: 🔕 mati");
        assert_eq!(h.test_db.scalar("SELECT COUNT(*) FROM subscription WHERE NOT enabled").await, 2);
        let officials = [&andi, &budi, &yusuf];

        // The month's digest: 6 December, 08:00 WITA (00:00 UTC), to Andi and Budi.
        quiet_until(&h, utc(2026, 12, 5, 23, 59), &officials).await;
        let before = counts(&h, &officials);
        move_to(&h, utc(2026, 12, 6, 0, 0));
        let digest = arrived(&h, &andi, before[0], 3).await;
        assert_png(&digest[0]);
        assert_says(&digest, "Rekap November 2026 · KAB. LUWU TIMUR");
        assert_says(&digest, "Laporan masuk 1 dari 3 posyandu (33 %)");
        assert!(labels(&digest[1]).contains(&"Mangkutana"), "{:?}", labels(&digest[1]));
        assert!(!labels(&digest[1]).iter().any(|l| l.contains("Naik")), "no way up from home");
        // The pokja desa also sees who is still missing.
        let digest = arrived(&h, &budi, before[1], 4).await;
        assert_says(&digest, "Rekap November 2026 · Maleku");
        assert_eq!(digest[3].text, "📋 Belum lapor November 2026: 1 posyandu (1–1)\nMaleku:\n• Posyandu Melati");
        nothing_for(&h, &[&siti]).await;
        // Yusuf (WIB, an hour later) turned it off.
        quiet_until(&h, utc(2026, 12, 6, 1, 30), &officials).await;

        // The completeness update on Monday 4 January 2027 (December's
        // window): Andi and Yusuf, each at 08:00 their time; not Budi.
        let before = counts(&h, &officials);
        quiet_until(&h, utc(2027, 1, 3, 23, 59), &officials).await;
        move_to(&h, utc(2027, 1, 4, 0, 0));
        let update = arrived(&h, &andi, before[0], 1).await;
        assert_eq!(
            update[0].text,
            "📋 Laporan Desember 2026 · KAB. LUWU TIMUR\n\
             Sampai hari ini sudah masuk 0 dari 3 posyandu (0,0 %), 3 belum.\n\
             Batas lapor tanggal 5 Januari.\n\
             Kiriman ini bisa dimatikan dengan /langganan."
        );
        assert_eq!(labels(&update[0]), ["📋 Belum lapor (3)", "📊 Rekap lengkap"]);
        nothing_for(&h, &[&yusuf, &budi]).await;
        move_to(&h, utc(2027, 1, 4, 1, 0));
        assert_says(&arrived(&h, &yusuf, before[2], 1).await, "📋 Laporan Desember 2026 · Pontianak Selatan");
        nothing_for(&h, &[&andi, &budi]).await;

        // Its buttons open the digest and the list, inside Andi's region.
        let full = h.tap(&andi, "Rekap lengkap").await;
        // Before the due day (5 January) December is still provisional.
        assert_says(&full, "Rekap Desember 2026 (sementara, laporan masih bisa masuk) · KAB. LUWU TIMUR");
        let missing = h.tap(&andi, "Belum lapor (3)").await;
        assert_says(&missing, "Belum lapor Desember 2026: 3 posyandu");
    };
}
