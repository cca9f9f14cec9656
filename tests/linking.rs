//! One person on both apps, end to end: the real bot runs Telegram (against
//! the fake Bot API) and WhatsApp (against the fake Graph API) in one
//! process; a person gets a code with `/hubungkan` on one app and types it
//! on the other.

mod common;

use std::time::Duration;

use common::whatsapp::{WaHarness, texts as wa_texts};
use common::{TestDb, assert_any};
use fake_bot_api::{FakeBotApi, SentMessage as TgMessage, SimUser as TgUser};
use fake_graph_api::SimUser as WaUser;
use posyandu_bot::cli::meeting::{self, CreateMeeting};
use posyandu_bot::domain::lang::Lang;
use posyandu_bot::domain::link::LinkCode;
use posyandu_bot::domain::region::RegionCode;
use posyandu_bot::domain::role::{Grant, OfficialRole};
use posyandu_bot::domain::schedule::Subscription;
use posyandu_bot::store::{linking, people, subscriptions};

const WAIT: Duration = Duration::from_secs(15);

/// The bot on both apps, with the Telegram side driven step by step.
struct Apps {
    h: WaHarness,
    tg_expected: u64,
}

impl Apps {
    async fn start(db: TestDb) -> Apps {
        Apps { h: WaHarness::start_with_telegram(db).await, tg_expected: 0 }
    }

    fn tg(&self) -> &FakeBotApi {
        self.h.telegram.as_ref().expect("Telegram runs")
    }

    /// Waits for the bot to handle one more Telegram update.
    async fn tg_settle(&mut self) {
        self.tg_expected += 1;
        let handled = self.h.telegram_handled.as_mut().expect("Telegram runs");
        common::wait_handled(handled, self.tg_expected).await;
        let violations = self.tg().violations();
        assert!(violations.is_empty(), "the bot broke Telegram's rules: {violations:#?}");
    }

    /// Sends a text on Telegram; the bot's answers in that chat.
    async fn tg_say(&mut self, user: &TgUser, text: &str) -> Vec<TgMessage> {
        let before = self.tg().message_count(user.id);
        self.tg().push_text(user, text);
        self.tg_settle().await;
        self.tg().messages(user.id).split_off(before)
    }

    /// Taps the newest Telegram button whose label contains `label`.
    async fn tg_tap(&mut self, user: &TgUser, label: &str) -> Vec<TgMessage> {
        let messages = self.tg().messages(user.id);
        let (message_id, data) = self
            .tg()
            .find_button(user.id, label)
            .unwrap_or_else(|| panic!("no button {label:?} in {:#?}", common::texts(&messages)));
        let before = messages.len();
        self.tg().push_callback(user, message_id, &data);
        self.tg_settle().await;
        self.tg().messages(user.id).split_off(before)
    }

    /// A newcomer on Telegram who registers with `code` in Indonesian.
    async fn tg_register(&mut self, id: i64, name: &str, code: &str) -> TgUser {
        let user = self.tg().user(id, name, None, None);
        self.tg_say(&user, code).await;
        self.tg_tap(&user, "Ya, benar").await;
        common::assert_says(&self.tg_tap(&user, "Bahasa Indonesia").await, "Terima kasih");
        user
    }

    /// `/hubungkan` on Telegram: the code it gives.
    async fn tg_code(&mut self, user: &TgUser) -> String {
        let m = self.tg_say(user, "/hubungkan").await;
        link_code(&m[0].text)
    }

    /// Links `wa` to `tg`'s person with a code from Telegram, and waits for
    /// Telegram to be told.
    async fn link(&mut self, tg: &TgUser, wa: &WaUser) {
        let code = self.tg_code(tg).await;
        let m = self.h.say(wa, &format!("HUBUNGKAN {code}")).await;
        assert_any(&wa_texts(&m), "✅ Terhubung!");
        wait_on_telegram(self, tg.id, "Akun WhatsApp Bapak/Ibu sudah terhubung").await;
    }

    async fn scalar(&self, sql: &str) -> i64 {
        self.h.test_db.scalar(sql).await
    }
}

/// The code in `/hubungkan`'s answer ("HUBUNGKAN 482913").
fn link_code(text: &str) -> String {
    let after = text.split("HUBUNGKAN ").nth(1).unwrap_or_else(|| panic!("no code in {text}"));
    let code: String = after.chars().take_while(char::is_ascii_digit).collect();
    assert_eq!(code.len(), 6, "{text}");
    code
}

/// Regions, Posyandu Mawar, and invites for its kader and for a Pokjanal
/// of Kecamatan 73.24.01.
async fn setup(db: TestDb) -> (Apps, String, String) {
    let db = db.with_regions().await;
    let mawar = db.add_posyandu("Posyandu Mawar", "73.24.01.2001").await;
    let kader = db.invite(Grant::Kader { posyandu_id: mawar }, 10, 14).await;
    let region = RegionCode::parse("73.24.01").unwrap();
    let official = db.invite(Grant::Official { role: OfficialRole::Pokjanal, region }, 1, 14).await;
    (Apps::start(db).await, kader, official)
}

/// The Pokjanal (on WhatsApp, `6281234500010`) invites `invite` of
/// Kecamatan 73.24.01 to a meeting called `title`.
async fn invite(a: &Apps, title: &str, invite: &str) {
    let organizer = a.scalar("SELECT id FROM person WHERE external_id = '6281234500010'").await;
    let args = CreateMeeting {
        organizer_person_id: organizer,
        kind: "rakor".into(),
        title: title.into(),
        at: "12/12 09.00".into(),
        place: "Aula Kantor Camat".into(),
        agenda: None,
        area: "73.24.01".into(),
        invite: invite.into(),
        answer_by: None,
    };
    meeting::create(&a.h.test_db.db, &args, a.h.clock.now(), 16).await.unwrap().unwrap();
}

/// How many invitations to meeting `title` the Telegram chat and the
/// WhatsApp chat of one person got.
fn invitations(a: &Apps, tg: i64, wa: &WaUser, title: &str) -> (usize, usize) {
    let invitation = |text: &str| text.starts_with("📅 Undangan") && text.contains(title);
    let on_telegram = a.tg().messages(tg).iter().filter(|m| invitation(&m.text)).count();
    let on_whatsapp = a.h.fake.messages(&wa.wa_id).iter().filter(|m| invitation(&m.text)).count();
    (on_telegram, on_whatsapp)
}

/// Waits until a message containing `title` reached the Telegram chat `tg`.
async fn wait_on_telegram(a: &Apps, tg: i64, title: &str) {
    for _ in 0..200 {
        if a.tg().messages(tg).iter().any(|m| m.text.contains(title)) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{title} never reached Telegram chat {tg}: {:#?}", common::texts(&a.tg().messages(tg)));
}

/// Waits until a message containing `title` reached `wa` on WhatsApp.
async fn wait_on_whatsapp(a: &Apps, wa: &WaUser, title: &str) {
    for _ in 0..200 {
        if a.h.fake.messages(&wa.wa_id).iter().any(|m| m.text.contains(title)) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{title} never reached {} on WhatsApp: {:#?}", wa.wa_id, wa_texts(&a.h.fake.messages(&wa.wa_id)));
}

on_both_databases! {
    a_kader_on_telegram_links_whatsapp_and_reports_from_there => |db: TestDb| async move {
        let (mut a, kader, _) = setup(db).await;
        let siti_tg = a.tg_register(301, "Siti Aminah", &kader).await;
        let code = a.tg_code(&siti_tg).await;
        let siti_wa = a.h.user("6281234500001", "Siti A.");
        let seen = a.tg().message_count(301);
        let m = a.h.say(&siti_wa, &format!("hubungkan {code}")).await;
        let said = wa_texts(&m);
        assert_any(&said, "Akun WhatsApp ini sekarang satu dengan akun Telegram atas nama Siti Aminah");
        assert_any(&said, "dikirim ke WhatsApp");
        assert_any(&said, "[📨 Kirim ke Telegram]");
        let notice = a.tg().next_message_after(301, seen, WAIT).await.expect("Telegram hears of the link");
        assert!(notice.text.contains("Akun WhatsApp Bapak/Ibu sudah terhubung"), "{}", notice.text);
        assert_eq!(a.scalar("SELECT COUNT(*) FROM person").await, 1);
        assert_eq!(a.scalar("SELECT COUNT(*) FROM person_account").await, 2);
        assert_eq!(a.scalar("SELECT COUNT(*) FROM person WHERE channel = 'whatsapp' AND name = 'Siti Aminah'").await, 1);
        assert_eq!(a.scalar("SELECT COUNT(*) FROM link_code").await, 0, "a code is used once");

        // She reports from WhatsApp, for the same posyandu, as herself.
        let m = a.h.say(&siti_wa, "lapor S45 K43 D40 N32 T5 O1 B2 BGM1 2T0 BUMIL4").await;
        assert_any(&wa_texts(&m), "Ringkasan");
        let m = a.h.tap(&siti_wa, "Kirim").await;
        assert_any(&wa_texts(&m), "Laporan Posyandu Mawar Oktober 2026 terkirim");
        let hers = "SELECT COUNT(*) FROM report r JOIN person p ON p.id = r.updated_by
                    JOIN report_revision v ON v.report_id = r.id AND v.person_id = p.id WHERE p.name = 'Siti Aminah'";
        assert_eq!(a.scalar(hers).await, 1);

        // /status is the same on both apps.
        let on_whatsapp = a.h.say(&siti_wa, "/status").await;
        let on_telegram = a.tg_say(&siti_tg, "/status").await;
        assert!(on_telegram[0].text.contains("Oktober 2026: ✅ terkirim (revisi 1)"), "{}", on_telegram[0].text);
        assert_eq!(on_whatsapp[0].text, on_telegram[0].text);
        // /hubungkan now shows both apps and where announcements go.
        let m = a.tg_say(&siti_tg, "/hubungkan").await;
        assert!(m[0].text.contains("Telegram, WhatsApp") && m[0].text.contains("dikirim ke WhatsApp"), "{}", m[0].text);

        // She lets WhatsApp go again: it is a stranger's, Telegram keeps everything.
        a.h.say(&siti_wa, "/hubungkan").await;
        assert_any(&wa_texts(&a.h.tap(&siti_wa, "Lepas akun ini").await), "Akun WhatsApp ini sudah dilepas");
        assert_eq!(a.scalar("SELECT COUNT(*) FROM person_account").await, 1);
        assert_eq!(a.scalar("SELECT COUNT(*) FROM person WHERE channel = 'telegram' AND external_id = '301'").await, 1);
        assert_any(&wa_texts(&a.h.say(&siti_wa, "/status").await), "belum terdaftar");
        let m = a.tg_say(&siti_tg, "/status").await;
        assert!(m[0].text.contains("Oktober 2026: ✅ terkirim (revisi 1)"), "{}", m[0].text);
    };

    a_linked_person_gets_one_invitation_on_the_app_they_chose => |db: TestDb| async move {
        let (mut a, kader, official) = setup(db).await;
        a.h.register("6281234500010", "Andi", &official).await;
        let siti_tg = a.tg_register(301, "Siti Aminah", &kader).await;
        let siti_wa = a.h.user("6281234500001", "Siti Aminah");
        a.link(&siti_tg, &siti_wa).await;
        let budi = a.tg_register(302, "Budi Santoso", &kader).await;
        let ani = a.h.register("6281234500002", "Ani", &kader).await;

        invite(&a, "Rakor Gizi", "kader").await;
        wait_on_whatsapp(&a, &ani, "Rakor Gizi").await;
        wait_on_telegram(&a, budi.id, "Rakor Gizi").await;
        wait_on_whatsapp(&a, &siti_wa, "Rakor Gizi").await;
        tokio::time::sleep(Duration::from_millis(1000)).await;
        assert_eq!(invitations(&a, 301, &siti_wa, "Rakor Gizi"), (0, 1), "one invitation, on WhatsApp: {:#?}", wa_texts(&a.h.fake.messages(&siti_wa.wa_id)));
        assert_eq!(a.scalar("SELECT COUNT(*) FROM invitation").await, 3);
        assert_eq!(a.scalar("SELECT COUNT(*) FROM outbox WHERE key LIKE 'meeting:%:invite:%'").await, 3);

        // Each answers on their own app; the tally counts Siti once.
        assert_any(&wa_texts(&a.h.tap(&siti_wa, "Hadir").await), "tercatat: Hadir");
        common::assert_says(&a.tg_tap(&budi, "Hadir").await, "tercatat: Hadir");
        assert_any(&wa_texts(&a.h.tap(&ani, "Tidak bisa").await), "tercatat");
        assert_eq!(a.scalar("SELECT COUNT(*) FROM invitation WHERE answer = 'yes'").await, 2);
        assert_eq!(a.scalar("SELECT COUNT(*) FROM invitation WHERE answer = 'no'").await, 1);

        // She moves announcements to Telegram: the next invitation goes there.
        let m = a.h.tap(&siti_wa, "Kirim ke Telegram").await;
        assert_any(&wa_texts(&m), "sekarang dikirim ke Telegram");
        assert_eq!(a.scalar("SELECT COUNT(*) FROM person WHERE channel = 'telegram' AND name = 'Siti Aminah'").await, 1);
        invite(&a, "Lokakarya Mini", "kader").await;
        wait_on_telegram(&a, 301, "Lokakarya Mini").await;
        wait_on_whatsapp(&a, &ani, "Lokakarya Mini").await;
        tokio::time::sleep(Duration::from_millis(1000)).await;
        assert_eq!(invitations(&a, 301, &siti_wa, "Lokakarya Mini"), (1, 0), "one invitation, now on Telegram");
        common::assert_says(&a.tg_tap(&siti_tg, "Hadir").await, "tercatat: Hadir");
        let yes = "SELECT COUNT(*) FROM invitation i JOIN meeting m ON m.id = i.meeting_id
                   WHERE m.title = 'Lokakarya Mini' AND i.answer = 'yes'";
        assert_eq!(a.scalar(yes).await, 1);
    };

    a_cancellation_promises_a_file_only_where_one_comes => |db: TestDb| async move {
        let (mut a, kader, official) = setup(db).await;
        a.h.register("6281234500010", "Andi", &official).await;
        let budi = a.tg_register(302, "Budi Santoso", &kader).await;
        let ani = a.h.register("6281234500002", "Ani", &kader).await;
        invite(&a, "Rakor Gizi", "kader").await;
        wait_on_whatsapp(&a, &ani, "Rakor Gizi").await;
        wait_on_telegram(&a, budi.id, "Rakor Gizi").await;
        let id = a.scalar("SELECT id FROM meeting WHERE title = 'Rakor Gizi'").await;
        let mut tx = a.h.test_db.db.begin().await.unwrap();
        posyandu_bot::jobs::meetings::cancel(&mut tx, id, a.h.clock.now()).await.unwrap().unwrap();
        tx.commit().await.unwrap();
        wait_on_whatsapp(&a, &ani, "dibatalkan").await;
        wait_on_telegram(&a, budi.id, "dibatalkan").await;
        let on_whatsapp = a.h.fake.messages(&ani.wa_id).into_iter().find(|m| m.text.contains("dibatalkan")).unwrap();
        assert_eq!(
            on_whatsapp.text,
            "❌ Rapat Rakor Gizi, Sabtu, 12 Desember 2026 pukul 09.00 WITA, dibatalkan. Mohon maaf. \
             Kalau rapat ini sudah disimpan di kalender HP, mohon dihapus sendiri dari kalender."
        );
        let on_telegram = a.tg().messages(budi.id).into_iter().find(|m| m.text.contains("dibatalkan")).unwrap();
        assert!(on_telegram.text.ends_with("Buka file ini untuk menghapusnya dari kalender HP."), "{}", on_telegram.text);
        let file = on_telegram.attachment.as_ref().map(|f| f.file_name.clone());
        assert_eq!(file, Some(format!("rapat-{id}.ics")));
    };

    a_registered_account_is_merged_with_its_roles_and_answers => |db: TestDb| async move {
        let (mut a, kader, official) = setup(db).await;
        let desa = RegionCode::parse("73.24.01.2001").unwrap();
        let pokja = a.h.test_db.invite(Grant::Official { role: OfficialRole::Pokja, region: desa }, 1, 14).await;
        a.h.register("6281234500010", "Andi", &official).await;
        let siti_tg = a.tg_register(301, "Siti Aminah", &kader).await;
        // On WhatsApp she registered separately, as the desa's Pokja.
        let siti_wa = a.h.register("6281234500001", "Siti", &pokja).await;
        invite(&a, "Rakor Desa", "kader,pokja").await;
        wait_on_telegram(&a, 301, "Rakor Desa").await;
        wait_on_whatsapp(&a, &siti_wa, "Rakor Desa").await;
        assert_any(&wa_texts(&a.h.tap(&siti_wa, "Diwakilkan").await), "tercatat");
        assert_eq!(a.scalar("SELECT COUNT(*) FROM invitation").await, 2);

        a.link(&siti_tg, &siti_wa).await;
        assert_eq!(a.scalar("SELECT COUNT(*) FROM person WHERE name LIKE 'Siti%'").await, 1);
        let person = a.scalar("SELECT id FROM person WHERE name = 'Siti Aminah'").await;
        let roles = format!("SELECT (SELECT COUNT(*) FROM kader WHERE person_id = {person})
                                  + (SELECT COUNT(*) FROM official WHERE person_id = {person})");
        assert_eq!(a.scalar(&roles).await, 2, "the union of both accounts' roles");
        let answered = format!("SELECT COUNT(*) FROM invitation WHERE person_id = {person} AND answer = 'delegate'");
        assert_eq!(a.scalar("SELECT COUNT(*) FROM invitation").await, 1, "invited once");
        assert_eq!(a.scalar(&answered).await, 1, "the answer given on WhatsApp is kept");
        // Both apps now see both roles: /bantuan on Telegram offers /rapat.
        let m = a.tg_say(&siti_tg, "/bantuan").await;
        assert!(m[0].text.contains("/rapat") && m[0].text.contains("/lapor"), "{}", m[0].text);
        let m = a.h.say(&siti_wa, "/status").await;
        assert_any(&wa_texts(&m), "Posyandu Mawar");
    };

    a_linked_kader_is_reminded_to_report_once_on_the_app_she_chose => |db: TestDb| async move {
        let (mut a, kader, _) = setup(db).await;
        let siti_tg = a.tg_register(301, "Siti Aminah", &kader).await;
        let siti_wa = a.h.user("6281234500001", "Siti Aminah");
        a.link(&siti_tg, &siti_wa).await;
        let (on_telegram, on_whatsapp) = (a.tg().message_count(301), a.h.fake.message_count(&siti_wa.wa_id));
        // November's window opens on 1 December at 08:00 WITA (00:00 UTC),
        // weeks after she last wrote: on WhatsApp it comes as its template.
        let by = chrono::DateTime::parse_from_rfc3339("2026-12-01T00:00:00Z").unwrap().to_utc() - a.h.clock.now();
        a.h.clock.advance(by);
        let reminder = &a.h.wait_for_messages(&siti_wa, on_whatsapp + 1).await[on_whatsapp];
        let template = reminder.template.as_ref().map(|t| t.name.as_str());
        assert_eq!(template, Some("pengingat_laporan_bulanan"), "{reminder:#?}");
        tokio::time::sleep(Duration::from_millis(2500)).await;
        assert_eq!(a.h.fake.message_count(&siti_wa.wa_id), on_whatsapp + 1);
        let late = a.tg().messages(301).split_off(on_telegram);
        assert!(late.is_empty(), "nothing on Telegram: {:#?}", common::texts(&late));
        assert_eq!(a.scalar("SELECT COUNT(*) FROM outbox WHERE key LIKE 'reminder:2026-11:%'").await, 1);
    };

    merging_keeps_one_of_everything_and_sends_nothing_twice => |db: TestDb| async move {
        let db = db.with_regions().await;
        let now = common::start_time();
        let mut tx = db.db.begin().await.unwrap();
        let siti = people::create(&mut tx, "telegram", "301", "Siti Aminah", Lang::Id, now).await.unwrap();
        let other = people::create(&mut tx, "whatsapp", "6281234500001", "Siti", Lang::En, now).await.unwrap();
        // The weekly digest: off for Siti, on for the other; the monthly one off for the other.
        subscriptions::set(&mut tx, siti, Subscription::Weekly, false, now).await.unwrap();
        subscriptions::set(&mut tx, other, Subscription::Weekly, true, now).await.unwrap();
        subscriptions::set(&mut tx, other, Subscription::Monthly, false, now).await.unwrap();
        tx.commit().await.unwrap();
        // Today's reminder went to Siti and still waits for the other; a
        // digest went to the other only.
        for (person, chat, channel, key, status) in [
            (siti, "301", "telegram", format!("reminder:2026-11:2026-12-01:{siti}"), "sent"),
            (other, "6281234500001", "whatsapp", format!("reminder:2026-11:2026-12-01:{other}"), "pending"),
            (other, "6281234500001", "whatsapp", format!("digest:monthly:2026-11:73.24:0:{other}"), "sent"),
        ] {
            db.execute(&format!(
                "INSERT INTO outbox (channel, chat_id, person_id, lang, time_zone, priority, key, reply, status,
                                     not_before, created_at)
                 VALUES ('{channel}', '{chat}', {person}, 'id', 'Asia/Makassar', 2, '{key}', '{{}}', '{status}',
                         '2026-11-10T02:00:00Z', '2026-11-10T02:00:00Z')"
            )).await;
        }

        let code = LinkCode::normalize("482913").unwrap();
        let mut tx = db.db.begin().await.unwrap();
        linking::issue(&mut tx, siti, "telegram", "301", &code, now).await.unwrap();
        let linked = linking::link(&mut tx, &code, "whatsapp", "6281234500001", Some(other), now).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!((linked.person_id, linked.channel.as_str(), linked.external_id.as_str()), (siti, "telegram", "301"));

        let scalar = |sql: String| { let db = &db; async move { db.scalar(&sql).await } };
        assert_eq!(scalar("SELECT COUNT(*) FROM person".into()).await, 1);
        assert_eq!(scalar(format!("SELECT COUNT(*) FROM person WHERE id = {siti} AND name = 'Siti Aminah'
                                   AND language = 'id' AND channel = 'whatsapp'")).await, 1);
        assert_eq!(scalar(format!("SELECT COUNT(*) FROM person_account WHERE person_id = {siti}")).await, 2);
        // Siti's own setting wins; what only the other had moves over.
        let enabled = |kind: &str| format!("SELECT COUNT(*) FROM subscription WHERE person_id = {siti}
                                           AND kind = '{kind}' AND NOT enabled");
        assert_eq!(scalar(enabled("weekly")).await, 1);
        assert_eq!(scalar(enabled("monthly")).await, 1);
        assert_eq!(scalar("SELECT COUNT(*) FROM subscription".into()).await, 2);
        // The waiting second reminder is dropped; the digest is hers now.
        assert_eq!(scalar("SELECT COUNT(*) FROM outbox WHERE key LIKE 'reminder:%'".into()).await, 1);
        assert_eq!(scalar(format!("SELECT COUNT(*) FROM outbox WHERE key = 'digest:monthly:2026-11:73.24:0:{siti}'")).await, 1);
        assert_eq!(scalar(format!("SELECT COUNT(*) FROM outbox WHERE person_id <> {siti}")).await, 0);
        // The code is gone: a second use fails and changes nothing.
        let mut tx = db.db.begin().await.unwrap();
        assert!(linking::link(&mut tx, &code, "whatsapp", "6281234500002", None, now).await.is_err());
    };

    bad_codes_are_refused_kindly_and_guessing_stops => |db: TestDb| async move {
        let (mut a, kader, _) = setup(db).await;
        let siti_tg = a.tg_register(301, "Siti Aminah", &kader).await;
        let code = a.tg_code(&siti_tg).await;
        let m = a.tg_say(&siti_tg, &format!("HUBUNGKAN {code}")).await;
        common::assert_says(&m, "Kode ini dibuat di akun ini sendiri");
        let other = a.tg().user(303, "Rina", None, None);
        let m = a.tg_say(&other, &format!("HUBUNGKAN {code}")).await;
        common::assert_says(&m, "keduanya sudah punya akun Telegram");
        let m = a.tg_say(&other, "/hubungkan").await;
        common::assert_says(&m, "belum terdaftar di aplikasi ini");

        let stranger = a.h.user("6281234500009", "Tamu");
        assert_any(&wa_texts(&a.h.say(&stranger, "HUBUNGKAN 12ab").await), "\"12ab\" bukan kode penghubung");
        let wrong = if code == "000000" { "000001" } else { "000000" };
        assert_any(&wa_texts(&a.h.say(&stranger, &format!("HUBUNGKAN {wrong}")).await), "tidak dikenal atau sudah dipakai");
        a.h.clock.advance(chrono::Duration::minutes(16));
        assert_any(&wa_texts(&a.h.say(&stranger, &code).await), "sudah lewat waktu");
        for _ in 0..3 {
            assert_any(&wa_texts(&a.h.say(&stranger, wrong).await), "tidak dikenal");
        }
        // Five wrong codes within the hour: even a good one waits.
        let fresh = a.tg_code(&siti_tg).await;
        assert_any(&wa_texts(&a.h.say(&stranger, &format!("HUBUNGKAN {fresh}")).await), "terlalu banyak kode yang salah");
        assert_eq!(a.scalar("SELECT COUNT(*) FROM person_account").await, 1, "nothing was linked");
        // An hour later it works.
        a.h.clock.advance(chrono::Duration::minutes(61));
        let fresh = a.tg_code(&siti_tg).await;
        assert_any(&wa_texts(&a.h.say(&stranger, &format!("HUBUNGKAN {fresh}")).await), "✅ Terhubung!");
        assert_eq!(a.scalar("SELECT COUNT(*) FROM person_account WHERE person_id = (SELECT id FROM person)").await, 2);
    };
}
