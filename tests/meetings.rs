//! Meetings end to end, through the real bot and the fake Bot API, on both
//! databases: a Pokjanal of Kecamatan Mangkutana invites the kader and
//! pokja of the kecamatan (two desa, three posyandu, a kader in two of
//! them); each invitee gets exactly one invitation and one calendar file,
//! answers with a tap, is reminded at the right local moment (WITA and
//! WIB) unless they declined; a change notifies everyone, a cancellation
//! stops every reminder; an official cannot invite outside their region;
//! a person who blocked the bot is unreachable and gets nothing more.

mod common;

use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use common::{Harness, TestDb, assert_says, texts};
use fake_bot_api::{SentMessage, SimUser};
use icalendar::{CalendarDateTime, Component, DatePerhapsTime, EventLike};
use posyandu_bot::cli::meeting::{self, CreateMeeting};
use posyandu_bot::domain::invitation::{Change, Tally};
use posyandu_bot::domain::lang::Lang;
use posyandu_bot::domain::region::RegionCode;
use posyandu_bot::domain::role::{Grant, OfficialRole};
use posyandu_bot::store::meetings;

const WAIT: Duration = Duration::from_secs(15);
/// Long enough for the outbox (it looks every second) to send anything due.
const QUIET: Duration = Duration::from_millis(2500);

/// Everyone of the scenario, registered through the bot.
struct Area {
    h: Harness,
    /// Pokjanal of Kecamatan Mangkutana (73.24.01): the organizer.
    andi: SimUser,
    /// Kader of Posyandu Mawar (Maleku) and Posyandu Anggrek (Kasintuwu).
    siti: SimUser,
    /// Kader of Posyandu Melati (Maleku).
    rina: SimUser,
    /// Kader of Posyandu Anggrek (Kasintuwu).
    dewi: SimUser,
    /// Pokja of Desa Kasintuwu.
    budi: SimUser,
    /// Kader in Kecamatan Malangke, outside the area.
    tono: SimUser,
    /// Kader in Pontianak (WIB).
    wati: SimUser,
    /// Pokjanal of Kecamatan Pontianak Selatan.
    yusuf: SimUser,
}

async fn area(test: TestDb) -> Area {
    let test = test.with_wib_and_wita_regions().await;
    let mawar = test.add_posyandu("Posyandu Mawar", "73.24.01.2001").await;
    let melati = test.add_posyandu("Posyandu Melati", "73.24.01.2001").await;
    let anggrek = test.add_posyandu("Posyandu Anggrek", "73.24.01.2002").await;
    let pattimang = test.add_posyandu("Posyandu Pattimang", "73.22.01.2001").await;
    let benua = test.add_posyandu("Posyandu Benua", "61.71.01.1001").await;
    let kader = |posyandu_id| Grant::Kader { posyandu_id };
    let official = |role, code: &str| Grant::Official { role, region: RegionCode::parse(code).unwrap() };
    let codes = [
        test.invite(official(OfficialRole::Pokjanal, "73.24.01"), 1, 14).await,
        test.invite(kader(mawar), 1, 14).await,
        test.invite(kader(anggrek), 2, 14).await,
        test.invite(kader(melati), 1, 14).await,
        test.invite(official(OfficialRole::Pokja, "73.24.01.2002"), 1, 14).await,
        test.invite(kader(pattimang), 1, 14).await,
        test.invite(kader(benua), 1, 14).await,
        test.invite(official(OfficialRole::Pokjanal, "61.71.01"), 1, 14).await,
    ];
    let mut h = Harness::start(test).await;
    let andi = h.register(101, "Andi", &codes[0]).await;
    let siti = h.register(102, "Siti", &codes[1]).await;
    assert_says(&h.say(&siti, &codes[2]).await, "Peran baru ditambahkan");
    let dewi = h.register(103, "Dewi", &codes[2]).await;
    let rina = h.register(104, "Rina", &codes[3]).await;
    let budi = h.register(105, "Budi", &codes[4]).await;
    let tono = h.register(106, "Tono", &codes[5]).await;
    let wati = h.register(107, "Wati", &codes[6]).await;
    let yusuf = h.register(108, "Yusuf", &codes[7]).await;
    Area { h, andi, siti, rina, dewi, budi, tono, wati, yusuf }
}

async fn person_id(h: &Harness, user: &SimUser) -> i64 {
    h.test_db.scalar(&format!("SELECT id FROM person WHERE external_id = '{}'", user.id)).await
}

/// The rakor of the scenario, as an admin types it at the command line.
fn rakor(organizer: i64, area: &str, at: &str) -> CreateMeeting {
    CreateMeeting {
        organizer_person_id: organizer,
        kind: "rakor".into(),
        title: "Rakor Posyandu Kecamatan".into(),
        at: at.into(),
        place: "Aula Kantor Camat".into(),
        agenda: Some("Evaluasi laporan bulanan".into()),
        area: area.into(),
        invite: "kader,pokja".into(),
        answer_by: None,
    }
}

/// Creates the meeting through the CLI's function; its id.
async fn create(h: &Harness, args: &CreateMeeting) -> i64 {
    let created = meeting::create(&h.test_db.db, args, h.clock.now(), 16).await.unwrap();
    created.unwrap_or_else(|refusal| panic!("refused: {}", refusal.render(Lang::Id))).id
}

async fn refusal(h: &Harness, args: &CreateMeeting) -> String {
    match meeting::create(&h.test_db.db, args, h.clock.now(), 16).await.unwrap() {
        Ok(created) => panic!("meeting {} created", created.id),
        Err(text) => text.render(Lang::Id),
    }
}

/// Waits until `user`'s chat holds `count` messages, then a little longer,
/// and returns those after `before`: exactly what arrived.
async fn arrived(h: &Harness, user: &SimUser, before: usize, count: usize) -> Vec<SentMessage> {
    h.fake.next_message_after(user.id, before + count - 1, WAIT).await.expect("the messages arrive");
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let new = h.fake.messages(user.id).split_off(before);
    assert_eq!(new.len(), count, "to {}: {:#?}", user.first_name, texts(&new));
    new
}

/// Asserts that nothing new arrives in these chats.
async fn nothing_for(h: &Harness, users: &[(&SimUser, usize)]) {
    tokio::time::sleep(QUIET).await;
    for (user, before) in users {
        let new = h.fake.messages(user.id).split_off(*before);
        assert!(new.is_empty(), "{} got {:#?}", user.first_name, texts(&new));
    }
}

/// Waits until the organizer's status message (their message number
/// `index`, edited in place) reads `expected`.
async fn status_reads(h: &Harness, organizer: &SimUser, index: usize, expected: &str) -> SentMessage {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let status = h.fake.messages(organizer.id).get(index).cloned();
        if let Some(status) = status.as_ref().filter(|m| m.text.contains(expected)) {
            return status.clone();
        }
        let shown = status.map(|m| m.text);
        assert!(std::time::Instant::now() < deadline, "the status never read {expected:?}: {shown:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn counts(h: &Harness, users: &[&SimUser]) -> Vec<usize> {
    users.iter().map(|u| h.fake.messages(u.id).len()).collect()
}

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

/// Moves the bot's clock to `at`.
fn move_to(h: &Harness, at: DateTime<Utc>) {
    let by = at - h.clock.now();
    assert!(by >= chrono::Duration::zero(), "the clock only moves forward");
    h.clock.advance(by);
}

/// The event in a calendar file.
fn event(message: &SentMessage) -> icalendar::Event {
    let file = message.attachment.as_ref().expect("a calendar file");
    let calendar: icalendar::Calendar = String::from_utf8(file.bytes.clone()).unwrap().parse().unwrap();
    calendar.components[0].as_event().expect("an event").clone()
}

async fn tally(h: &Harness, id: i64) -> Tally {
    let mut tx = h.test_db.db.begin().await.unwrap();
    let tally = meetings::tally(&mut tx, id).await.unwrap();
    tx.commit().await.unwrap();
    tally
}

on_both_databases! {
    each_invitee_gets_one_invitation_answers_with_a_tap_and_is_reminded_unless_declined => |test: TestDb| async move {
        let Area { mut h, andi, siti, rina, dewi, budi, tono, .. } = area(test).await;
        let organizer = person_id(&h, &andi).await;
        let invitees = [&siti, &rina, &dewi, &budi];
        let before = counts(&h, &invitees);
        let (andi_before, tono_before) = (h.fake.messages(andi.id).len(), h.fake.messages(tono.id).len());

        // Saturday 12 December 2026, 09:00 WITA = 01:00 UTC.
        let id = create(&h, &rakor(organizer, "73.24.01", "12/12 09.00")).await;
        for (user, before) in invitees.iter().zip(&before) {
            let new = arrived(&h, user, *before, 2).await;
            let invitation = &new[0];
            assert!(invitation.text.contains("Undangan Rapat Koordinasi Pokjanal"), "{}", invitation.text);
            assert!(invitation.text.contains("Rakor Posyandu Kecamatan"), "{}", invitation.text);
            assert!(invitation.text.contains("Sabtu, 12 Desember 2026 pukul 09.00 WITA"), "{}", invitation.text);
            assert!(invitation.text.contains("Aula Kantor Camat") && invitation.text.contains("Andi"), "{}", invitation.text);
            let labels: Vec<&str> = invitation.buttons.iter().flatten().map(|b| b.text.as_str()).collect();
            assert_eq!(labels, ["✅ Hadir", "❌ Tidak bisa hadir", "👥 Diwakilkan"]);
            let calendar = &new[1];
            assert_eq!(calendar.attachment.as_ref().unwrap().file_name, format!("rapat-{id}.ics"));
            let read = event(calendar);
            assert_eq!(read.get_summary(), Some("Rakor Posyandu Kecamatan"));
            assert_eq!(read.get_start(), Some(DatePerhapsTime::DateTime(CalendarDateTime::Utc(utc(2026, 12, 12, 1, 0)))));
        }
        // The organizer gets one status message, edited as the invitations go out.
        h.clock.advance(chrono::Duration::seconds(3));
        let status = status_reads(&h, &andi, andi_before, "Terkirim 4/4 · Hadir 0 · Tidak 0 · Diwakilkan 0 · Belum menjawab 4").await;
        assert!(status.text.starts_with("📊 Status undangan: Rakor Posyandu Kecamatan"), "{}", status.text);
        nothing_for(&h, &[(&andi, andi_before + 1), (&tono, tono_before)]).await;
        assert_eq!(
            h.test_db.scalar(&format!("SELECT COUNT(*) FROM invitation WHERE meeting_id = {id}")).await,
            4,
            "Siti, kader of two posyandu, is invited once"
        );

        // Answers by tapping, changed with the buttons of the thank-you.
        let m = h.tap(&siti, "Hadir").await;
        assert_says(&m, "Terima kasih, jawaban Bapak/Ibu untuk Rakor Posyandu Kecamatan tercatat: Hadir");
        assert_says(&m, "bisa diubah sampai rapat dimulai");
        h.tap(&rina, "Hadir").await;
        let m = h.tap(&rina, "Tidak bisa hadir").await;
        assert_says(&m, "tercatat: Tidak bisa hadir");
        h.tap(&dewi, "Diwakilkan").await;
        let t = tally(&h, id).await;
        assert_eq!((t.total, t.sent, t.yes, t.no, t.delegate, t.unanswered), (4, 4, 1, 1, 1, 1), "{t:?}");
        // Four answers within the same three seconds: at most one edit; the
        // figures show once three seconds have passed.
        tokio::time::sleep(Duration::from_millis(2500)).await;
        let edits = h.fake.messages(andi.id)[andi_before].edited_at.len();
        assert!(edits <= status.edited_at.len() + 1, "{edits} edits for four answers");
        h.clock.advance(chrono::Duration::seconds(3));
        let status = status_reads(&h, &andi, andi_before, "Terkirim 4/4 · Hadir 1 · Tidak 1 · Diwakilkan 1 · Belum menjawab 1").await;
        assert!(status.edited_at.len() <= edits + 1);
        assert_eq!(h.fake.messages(andi.id).len(), andi_before + 1, "edited in place, never sent again");
        // Tono is not invited: his forged answer is refused in words.
        let last = h.fake.messages(tono.id).last().unwrap().message_id;
        let m = h.tap_data(&tono, last, &format!("rsvp:{id}:y")).await;
        assert_says(&m, "tidak ada dalam daftar undangan");

        // Not answered yet: Budi, once, two days before (no deadline given).
        let counted = counts(&h, &invitees);
        move_to(&h, utc(2026, 12, 10, 0, 59));
        nothing_for(&h, &[(&budi, counted[3])]).await;
        move_to(&h, utc(2026, 12, 10, 1, 0));
        let m = arrived(&h, &budi, counted[3], 1).await;
        assert_says(&m, "belum menjawab undangan Rakor Posyandu Kecamatan");
        nothing_for(&h, &[(&siti, counted[0]), (&rina, counted[1]), (&dewi, counted[2])]).await;

        // The day before at 16:00 WITA (08:00 UTC), to those attending.
        let counted = counts(&h, &invitees);
        move_to(&h, utc(2026, 12, 11, 7, 59));
        nothing_for(&h, &[(&siti, counted[0])]).await;
        move_to(&h, utc(2026, 12, 11, 8, 0));
        assert_says(&arrived(&h, &siti, counted[0], 1).await, "besok ada Rakor Posyandu Kecamatan");
        assert_says(&arrived(&h, &dewi, counted[2], 1).await, "besok ada");
        nothing_for(&h, &[(&rina, counted[1]), (&budi, counted[3])]).await;

        // Two hours before: 07:00 WITA.
        let counted = counts(&h, &invitees);
        move_to(&h, utc(2026, 12, 11, 23, 0));
        assert_says(&arrived(&h, &siti, counted[0], 1).await, "dimulai dua jam lagi");
        assert_says(&arrived(&h, &dewi, counted[2], 1).await, "dimulai dua jam lagi");
        nothing_for(&h, &[(&rina, counted[1]), (&budi, counted[3])]).await;

        // Once it started, answers are closed.
        move_to(&h, utc(2026, 12, 12, 1, 0));
        let m = h.tap(&budi, "Hadir").await;
        assert_says(&m, "sudah dimulai");
    };

    an_official_cannot_invite_outside_their_region => |test: TestDb| async move {
        let Area { h, andi, siti, .. } = area(test).await;
        let organizer = person_id(&h, &andi).await;
        let text = refusal(&h, &rakor(organizer, "73.22.01", "12/12 09.00")).await;
        assert_eq!(text, "Andi tidak bisa mengundang wilayah 73.22.01: wilayah tugasnya 73.24.01 Mangkutana. Pilih wilayah di dalamnya.");
        let text = refusal(&h, &rakor(organizer, "73.24", "12/12 09.00")).await;
        assert!(text.contains("tidak bisa mengundang wilayah 73.24:"), "{text}");
        let dinkes = CreateMeeting { invite: "kader,dinkes".into(), ..rakor(organizer, "73.24.01", "12/12 09.00") };
        assert!(refusal(&h, &dinkes).await.contains("tidak ada dinkes"));
        let kader = person_id(&h, &siti).await;
        let text = refusal(&h, &rakor(kader, "73.24.01", "12/12 09.00")).await;
        assert!(text.contains("Siti bukan pejabat"), "{text}");
        let text = refusal(&h, &rakor(organizer, "73.24.01", "kemarin jam 9")).await;
        assert!(text.contains("Contoh"), "{text}");
        assert_eq!(h.test_db.scalar("SELECT COUNT(*) FROM meeting").await, 0);
        assert_eq!(h.test_db.scalar("SELECT COUNT(*) FROM outbox WHERE key IS NOT NULL").await, 0);
    };

    wib_and_wita_invitees_read_and_are_reminded_in_their_own_time => |test: TestDb| async move {
        let Area { mut h, andi, siti, wati, yusuf, .. } = area(test).await;
        let (siti_before, wati_before) = (h.fake.messages(siti.id).len(), h.fake.messages(wati.id).len());
        let wita = create(&h, &rakor(person_id(&h, &andi).await, "73.24.01", "12/12 09.00")).await;
        // Typed in WITA by an organizer in Pontianak: Wati reads WIB.
        let wib = create(&h, &rakor(person_id(&h, &yusuf).await, "61.71.01", "12/12 09.00 WITA")).await;
        let invitation = &arrived(&h, &wati, wati_before, 2).await[0];
        assert!(invitation.text.contains("Sabtu, 12 Desember 2026 pukul 08.00 WIB"), "{}", invitation.text);
        arrived(&h, &siti, siti_before, 2).await;
        h.tap(&siti, "Hadir").await;
        h.tap(&wati, "Hadir").await;
        assert_eq!((tally(&h, wita).await.yes, tally(&h, wib).await.yes), (1, 1));

        // 16:00 WITA is 08:00 UTC; 16:00 WIB is 09:00 UTC.
        let (siti_before, wati_before) = (h.fake.messages(siti.id).len(), h.fake.messages(wati.id).len());
        move_to(&h, utc(2026, 12, 11, 8, 0));
        assert_says(&arrived(&h, &siti, siti_before, 1).await, "besok ada");
        nothing_for(&h, &[(&wati, wati_before)]).await;
        move_to(&h, utc(2026, 12, 11, 8, 59));
        nothing_for(&h, &[(&wati, wati_before)]).await;
        move_to(&h, utc(2026, 12, 11, 9, 0));
        let m = arrived(&h, &wati, wati_before, 1).await;
        assert_says(&m, "besok ada Rakor Posyandu Kecamatan, Sabtu, 12 Desember 2026 pukul 08.00 WIB");
    };

    a_change_notifies_everyone_a_cancellation_stops_every_reminder_and_a_blocked_person_gets_nothing => |test: TestDb| async move {
        let Area { mut h, andi, siti, rina, dewi, budi, .. } = area(test).await;
        h.fake.block_user(dewi.id);
        let reached = [&siti, &rina, &budi];
        let before = counts(&h, &reached);
        let id = create(&h, &rakor(person_id(&h, &andi).await, "73.24.01", "12/12 09.00")).await;
        for (user, before) in reached.iter().zip(&before) {
            arrived(&h, user, *before, 2).await;
        }
        assert_eq!(h.fake.forbidden(), [dewi.id], "one refused send, then nothing more");
        let t = tally(&h, id).await;
        assert_eq!((t.total, t.sent, t.unreachable), (4, 3, 1), "{t:?}");
        h.tap(&siti, "Hadir").await;
        h.tap(&rina, "Tidak bisa hadir").await;

        // Moved a day later, to another place: everyone reached is told.
        let before = counts(&h, &reached);
        let change = Change { starts_at: Some(utc(2026, 12, 13, 1, 0)), place: Some("Balai Desa Maleku".into()) };
        let mut tx = h.test_db.db.begin().await.unwrap();
        let moved = posyandu_bot::jobs::meetings::change(&mut tx, id, &change, h.clock.now(), 16).await.unwrap().unwrap();
        tx.commit().await.unwrap();
        assert_eq!(moved.sequence, 1);
        for (user, before) in reached.iter().zip(&before) {
            let new = arrived(&h, user, *before, 2).await;
            assert_says(&new, "Waktu: Sabtu, 12 Desember 2026 pukul 09.00 WITA → Minggu, 13 Desember 2026 pukul 09.00 WITA");
            assert_says(&new, "Tempat: Aula Kantor Camat → Balai Desa Maleku");
            let read = event(&new[1]);
            assert_eq!(read.get_sequence(), Some(1));
            assert_eq!(read.get_location(), Some("Balai Desa Maleku"));
        }
        assert_eq!(h.fake.forbidden().len(), 1, "nothing more is tried for Dewi");

        // The old day-before moment passes quietly; the new one reminds Siti.
        let before = counts(&h, &reached);
        move_to(&h, utc(2026, 12, 11, 8, 0));
        nothing_for(&h, &[(&siti, before[0])]).await;
        move_to(&h, utc(2026, 12, 12, 8, 0));
        assert_says(&arrived(&h, &siti, before[0], 1).await, "besok ada");

        // Cancelled: everyone reached is told, with a calendar file that
        // removes the entry, and no reminder follows.
        let before = counts(&h, &reached);
        let mut tx = h.test_db.db.begin().await.unwrap();
        let (_, told) = posyandu_bot::jobs::meetings::cancel(&mut tx, id, h.clock.now()).await.unwrap().unwrap();
        tx.commit().await.unwrap();
        assert_eq!(told, 3);
        for (user, before) in reached.iter().zip(&before) {
            let new = arrived(&h, user, *before, 1).await;
            assert_says(&new, "dibatalkan");
            assert_eq!(event(&new[0]).get_status(), Some(icalendar::EventStatus::Cancelled));
        }
        let before = counts(&h, &reached);
        move_to(&h, utc(2026, 12, 12, 23, 0));
        let quiet: Vec<(&SimUser, usize)> = reached.iter().copied().zip(before).collect();
        nothing_for(&h, &quiet).await;
        let m = h.tap(&budi, "Hadir").await;
        assert_says(&m, "sudah dibatalkan");
        assert_eq!(h.fake.forbidden().len(), 1);

        // The export lists everyone with answer and delivery.
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("rapat.csv");
        meeting::export(&h.test_db.db, id, Some(&file), Lang::Id).await.unwrap();
        let csv = std::fs::read_to_string(&file).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 5, "{csv}");
        assert_eq!(lines[0], "nama,peran,saluran,jawaban,dijawab,hadir,pengiriman");
        assert!(lines.iter().any(|l| l.starts_with("Dewi,") && l.ends_with("tidak terjangkau")), "{csv}");
        assert!(lines.iter().any(|l| l.starts_with("Siti,\"kader, Posyandu") && l.contains(",Hadir,")), "{csv}");
        assert!(lines.iter().any(|l| l.starts_with("Budi,\"pokja, Kasintuwu\"") && l.ends_with(",terkirim")), "{csv}");
    };

    the_organizer_follows_changes_cancels_and_records_attendance_in_the_chat => |test: TestDb| async move {
        let Area { mut h, andi, siti, rina, dewi, budi, tono, yusuf, .. } = area(test).await;
        h.fake.block_user(dewi.id);
        let organizer = person_id(&h, &andi).await;
        let reached = [&siti, &rina, &budi];
        let before = counts(&h, &reached);
        let moved = create(&h, &rakor(organizer, "73.24.01", "12/12 09.00")).await;
        let held = create(&h, &CreateMeeting { title: "Pertemuan Kader Desember".into(), ..rakor(organizer, "73.24.01", "12/12 10.00") }).await;
        for (user, before) in reached.iter().zip(&before) {
            arrived(&h, user, *before, 4).await;
        }
        h.tap_data(&siti, h.fake.messages(siti.id)[before[0]].message_id, &format!("rsvp:{moved}:y")).await;
        h.tap_data(&rina, h.fake.messages(rina.id)[before[1]].message_id, &format!("rsvp:{moved}:n")).await;
        h.tap_data(&siti, h.fake.messages(siti.id)[before[0] + 2].message_id, &format!("rsvp:{held}:y")).await;

        // /rapat lists both meetings with their tallies, then "Rapat baru".
        let listed = h.say(&andi, "/rapat").await;
        assert_eq!(listed.len(), 3, "{:#?}", texts(&listed));
        assert!(listed[0].text.contains("Rakor Posyandu Kecamatan"), "{}", listed[0].text);
        assert!(listed[0].text.contains("Terkirim 3/4 · Hadir 1 · Tidak 1 · Diwakilkan 0 · Belum menjawab 2"), "{}", listed[0].text);
        assert!(listed[0].text.contains("Tidak terjangkau (memblokir bot): 1 orang"), "{}", listed[0].text);
        assert!(listed[1].text.contains("Pertemuan Kader Desember"), "{}", listed[1].text);
        let labels: Vec<&str> = listed[0].buttons.iter().flatten().map(|b| b.text.as_str()).collect();
        assert_eq!(labels, ["👥 Siapa yang belum menjawab", "✏️ Ubah waktu/tempat", "🚫 Batalkan rapat"]);
        assert_says(&listed[2..], "rapat baru");

        // On a tap, the names of those who have not answered or cannot be reached.
        let names = h.tap_data(&andi, listed[0].message_id, &format!("mun:{moved}")).await;
        assert_says(&names, "2 orang belum menjawab atau tidak terjangkau");
        assert_says(&names, "Budi (pokja, Kasintuwu): belum menjawab");
        assert_says(&names, "Dewi (kader, Posyandu Anggrek): tidak terjangkau");
        assert!(!texts(&names).concat().contains("Siti"), "{:#?}", texts(&names));

        // Nobody else can look at or touch the meeting, whatever they send.
        for (user, data) in [(&tono, format!("mun:{moved}")), (&yusuf, format!("mchg:{moved}")), (&budi, format!("mcan:{moved}"))] {
            let last = h.fake.messages(user.id).last().unwrap().message_id;
            let m = h.tap_data(user, last, &data).await;
            assert_says(&m, "rapat ini tidak ada di daftar rapat Bapak/Ibu");
        }

        // A new time, typed as people write it, shown back, then sent.
        h.tap_data(&andi, listed[0].message_id, &format!("mchg:{moved}")).await;
        h.tap(&andi, "Waktu").await;
        let m = h.say(&andi, "13/12 10.00").await;
        assert_says(&m, "Sabtu, 12 Desember 2026 pukul 09.00 WITA → Minggu, 13 Desember 2026 pukul 10.00 WITA");
        let before = counts(&h, &reached);
        assert_says(&h.tap(&andi, "Kirim pemberitahuan").await, "Perubahan disimpan");
        for (user, before) in reached.iter().zip(&before) {
            assert_says(&arrived(&h, user, *before, 2).await, "→ Minggu, 13 Desember 2026 pukul 10.00 WITA");
        }

        // Cancelled from the chat: everyone reached is told.
        let listed = h.say(&andi, "/rapat").await;
        h.tap_data(&andi, listed[1].message_id, &format!("mcan:{moved}")).await;
        let before = counts(&h, &reached);
        assert_says(&h.tap(&andi, "Ya, batalkan").await, "Rapat dibatalkan");
        for (user, before) in reached.iter().zip(&before) {
            assert_says(&arrived(&h, user, *before, 1).await, "dibatalkan");
        }
        assert_eq!(h.test_db.scalar(&format!("SELECT COUNT(*) FROM job WHERE key LIKE 'meeting:{moved}:%' AND status = 'pending'")).await, 0);

        // After the start, attendance: prefilled from the answers, a press
        // changes one name in place.
        move_to(&h, utc(2026, 12, 12, 3, 0));
        let listed = h.say(&andi, "/rapat").await;
        assert_eq!(listed.len(), 2, "the cancelled meeting is no longer listed: {:#?}", texts(&listed));
        assert!(listed[0].text.contains("Pertemuan Kader Desember (sudah berlangsung)"), "{}", listed[0].text);
        let list = h.tap(&andi, "Catat kehadiran").await;
        let labels: Vec<&str> = list[0].buttons.iter().flatten().map(|b| b.text.as_str()).collect();
        assert_eq!(labels, ["▫️ Budi", "▫️ Dewi", "▫️ Rina", "✅ Siti"]);
        let again = h.tap(&andi, "Budi").await;
        assert!(again.is_empty(), "edited in place: {:#?}", texts(&again));
        let edited = h.fake.messages(andi.id).into_iter().find(|m| m.message_id == list[0].message_id).unwrap();
        let labels: Vec<&str> = edited.buttons.iter().flatten().map(|b| b.text.as_str()).collect();
        assert_eq!(labels, ["✅ Budi", "▫️ Dewi", "▫️ Rina", "✅ Siti"]);
        let attended = h.test_db.scalar(&format!("SELECT COUNT(*) FROM invitation WHERE meeting_id = {held} AND attended")).await;
        let recorded = h.test_db.scalar(&format!("SELECT COUNT(*) FROM invitation WHERE meeting_id = {held} AND attended IS NOT NULL")).await;
        assert_eq!((attended, recorded), (2, 4));
    };
}
