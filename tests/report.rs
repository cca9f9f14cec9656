//! The monthly report, end to end: simulated kader type and tap in a fake
//! Telegram, the real bot answers over HTTP, and the database is checked.

mod common;

use common::{Harness, TestDb, assert_says, texts};
use fake_bot_api::SimUser;
use std::sync::Arc;

use posyandu_bot::domain::form::Form;
use posyandu_bot::domain::periode::Periode;
use posyandu_bot::domain::region::RegionCode;
use posyandu_bot::domain::role::Grant;
use posyandu_bot::store::reports;

const OCTOBER: &str = "2026-10";

/// A harness with Posyandu Mawar and an invite for its kader.
async fn setup(db: TestDb) -> (Harness, String) {
    setup_with_form(db, common::legacy_form()).await
}

async fn setup_with_form(db: TestDb, form: Arc<Form>) -> (Harness, String) {
    let db = db.with_regions().await;
    let posyandu = db.add_posyandu("Posyandu Mawar", "73.24.01.2001").await;
    let code = db.invite(Grant::Kader { posyandu_id: posyandu }, 10, 14).await;
    (Harness::start_with_form(db, form).await, code)
}

/// Registers `user` as a kader; returns the welcome message(s).
async fn register(h: &mut Harness, user: &SimUser, code: &str) -> Vec<fake_bot_api::SentMessage> {
    h.say(user, code).await;
    h.tap(user, "Ya, benar").await;
    let m = h.tap(user, "Bahasa Indonesia").await;
    assert_says(&m, "Terima kasih");
    m
}

/// /lapor, October, then the eight SKDN numbers; stops at 2T.
async fn fill_skdn(h: &mut Harness, user: &SimUser, numbers: [&str; 8]) {
    let m = h.say(user, "/lapor").await;
    assert_says(&m, "untuk bulan apa?");
    let m = h.tap(user, "Oktober 2026").await;
    assert_says(&m, "Langkah 1 dari 11");
    for n in numbers {
        h.say(user, n).await;
    }
}

/// Answers 2T with 0 (it is required) and skips the two optional fields,
/// reaching the summary.
async fn no_2t_skip_optional(h: &mut Harness, user: &SimUser) -> Vec<fake_bot_api::SentMessage> {
    h.say(user, "0").await;
    h.tap(user, "Lewati").await;
    h.tap(user, "Lewati").await
}

/// How many of the messages in `user`'s chat contain `needle`.
fn count_says(h: &Harness, user: &SimUser, needle: &str) -> usize {
    h.fake.messages(user.id).iter().filter(|m| m.text.contains(needle)).count()
}

fn periode(text: &str) -> Periode {
    Periode::try_from(text.to_owned()).unwrap()
}

on_both_databases! {
    vitamin_a_is_asked_in_the_campaign_months_the_deployment_sets => |db: TestDb| async move {
        // As with REPORT_MONTHS=VITA=2,10: the August round moved to October.
        let form = Arc::new(common::legacy_form().with_months("VITA", &[2, 10]).unwrap());
        let (mut h, code) = setup_with_form(db, form).await;
        let siti = h.user(101, "Siti", None, None);
        register(&mut h, &siti, &code).await;
        h.say(&siti, "/lapor").await;
        let m = h.tap(&siti, "Oktober 2026").await;
        assert_says(&m, "Langkah 1 dari 12");
        for n in ["45", "43", "40", "32", "5", "1", "2", "1"] {
            h.say(&siti, n).await;
        }
        let m = h.say(&siti, "0").await;
        assert_says(&m, "Langkah 10 dari 12");
        assert_says(&m, "Vitamin A: balita yang mendapat kapsul");
        h.say(&siti, "30").await;
        h.tap(&siti, "Lewati").await;
        let m = h.tap(&siti, "Lewati").await;
        assert_says(&m, "Vitamin A");
        let m = h.tap(&siti, "Kirim").await;
        assert_says(&m, "terkirim");
        let saved = reports::totals(&h.test_db.db, &RegionCode::parse("73.24").unwrap(), periode(OCTOBER)).await.unwrap();
        assert_eq!(saved.get("VITA"), Some(&30));
    };

    a_clean_report_is_saved_and_summed_by_area => |db: TestDb| async move {
        let (mut h, code) = setup(db).await;
        let siti = h.user(101, "Siti", None, None);
        register(&mut h, &siti, &code).await;
        let m = h.say(&siti, "/lapor").await;
        assert_says(&m, "Laporan Posyandu Mawar untuk bulan apa?");
        h.tap(&siti, "Oktober 2026").await;
        let m = h.say(&siti, "45").await;
        assert_says(&m, "Langkah 2 dari 11");
        assert_says(&m, "K: balita yang punya KMS");
        for n in ["43 anak", " 40.", "32", "5", "1", "2", "1"] {
            h.say(&siti, n).await;
        }
        let m = h.say(&siti, "0").await;
        assert_says(&m, "Tidak ada sama sekali → ketik 0.\nTidak dicatat → tekan ⏭️ Lewati.");
        h.say(&siti, "4").await;
        let m = h.say(&siti, "6").await;
        assert_says(&m, "📋 Ringkasan laporan");
        assert_says(&m, "Punya KMS (K/S): 96 %\nDitimbang (D/S): 89 %\nNaik (N/D): 80 %");
        assert_says(&m, "Naik dari yang juga ditimbang bulan lalu (N/D′): 86 % dari 37 balita (D′)");
        let m = h.tap(&siti, "Kirim").await;
        assert_says(&m, "✅ Laporan Posyandu Mawar Oktober 2026 terkirim. Terima kasih, Bapak/Ibu!");
        assert_says(&m, "Nomor laporan: P1-202610-R1");

        let db = &h.test_db;
        assert_eq!(db.scalar("SELECT revision FROM report").await, 1);
        assert_eq!(db.scalar("SELECT COUNT(*) FROM report_revision").await, 1);
        assert_eq!(db.scalar("SELECT COUNT(*) FROM report_value").await, 11);
        assert_eq!(db.scalar("SELECT value FROM report_value WHERE code = '2T'").await, 0);
        assert_eq!(db.scalar("SELECT value FROM report_value WHERE code = 'D'").await, 40);
        assert_eq!(db.scalar("SELECT COUNT(*) FROM dialogue WHERE state LIKE '%Idle%'").await, 1);
        let kab = reports::totals(&db.db, &RegionCode::parse("73.24").unwrap(), periode(OCTOBER)).await.unwrap();
        assert_eq!((kab["S"], kab["D"], kab["BUMIL"]), (45, 40, 4));
        let elsewhere = reports::totals(&db.db, &RegionCode::parse("73.22").unwrap(), periode(OCTOBER)).await.unwrap();
        assert!(elsewhere.is_empty());

        let m = h.say(&siti, "/status").await;
        assert_says(&m, "Oktober 2026: ✅ terkirim (revisi 1)");
        assert_says(&m, "November 2026: ⏳ belum");
    };

    rules_are_checked_as_numbers_arrive => |db: TestDb| async move {
        let (mut h, code) = setup(db).await;
        let kader = h.user(102, "Ani", None, None);
        register(&mut h, &kader, &code).await;
        let m = h.say(&kader, "/lapor").await;
        assert_says(&m, "bulan apa");
        h.tap(&kader, "Oktober 2026").await;
        h.say(&kader, "40").await;
        let m = h.say(&kader, "43").await;
        assert_says(&m, "K (43) tidak boleh lebih dari S (40).");
        assert_says(&m, "Langkah 2 dari 11");
        h.say(&kader, "38").await;
        let m = h.say(&kader, "45").await;
        assert_says(&m, "D (45) lebih banyak dari S (40).");
        let m = h.tap(&kader, "Ya, sudah benar").await;
        assert_says(&m, "Langkah 4 dari 11");
        h.say(&kader, "40").await;
        let m = h.say(&kader, "10").await;
        assert_says(&m, "N + T (50) tidak boleh lebih dari D (45).");
        let m = h.tap(&kader, "Kembali").await;
        assert_says(&m, "N: balita yang naik");
        let m = h.say(&kader, "30").await;
        assert_says(&m, "T: balita yang tidak naik");
        h.say(&kader, "10").await;
        h.say(&kader, "3").await;
        // Every weighed child is one of N, T, O, B: more than D is refused.
        let m = h.say(&kader, "3").await;
        assert_says(&m, "N + T + O + B (46) tidak boleh lebih dari D (45).");
        let m = h.say(&kader, "1").await;
        assert_says(&m, "Masih ada balita yang belum dihitung di salah satunya?\nN + T + O + B (44) lebih sedikit dari D (45).");
        h.tap(&kader, "Ya, sudah benar").await;
        let m = h.say(&kader, "50").await;
        assert_says(&m, "Balita BGM hanya dihitung dari yang ditimbang (D)");
        assert_says(&m, "BGM (50) tidak boleh lebih dari D (45).");
        assert_eq!(h.test_db.scalar("SELECT COUNT(*) FROM report").await, 0);
    };

    odd_messages_in_the_middle_lose_nothing => |db: TestDb| async move {
        let (mut h, code) = setup(db).await;
        let kader = h.user(103, "Rina", None, None);
        register(&mut h, &kader, &code).await;
        fill_skdn(&mut h, &kader, ["45", "43", "40", "32", "5", "1", "2", "1"]).await;
        let m = h.send_with(&kader, |f| { f.push_sticker(&kader); }).await;
        assert_says(&m, "hanya bisa membaca tulisan dan tombol");
        assert_says(&m, "2T: tidak naik dua bulan");
        let m = h.send_with(&kader, |f| { f.push_photo(&kader, Some("foto buku")); }).await;
        assert_says(&m, "2T: tidak naik dua bulan");
        let m = h.say(&kader, &"9".repeat(5000)).await;
        assert_says(&m, "ketik angkanya saja");
        let m = h.say(&kader, "😀👍").await;
        assert_says(&m, "ketik angkanya saja");
        // A one-line report would replace the numbers typed so far: not now.
        let m = h.say(&kader, "lapor S45 K43 D40 N32 T5 O1 B2 BGM1").await;
        assert_says(&m, "Anda sedang mengisi laporan Posyandu Mawar · Oktober 2026. Selesaikan dulu");
        assert_says(&m, "2T: tidak naik dua bulan");
        let m = h.say(&kader, "/bantuan").await;
        assert_says(&m, "/lapor – kirim laporan bulanan");
        assert_says(&m, "2T: tidak naik dua bulan");
        let m = h.say(&kader, "/bahasa").await;
        assert_says(&m, "Choose your language");
        let m = h.tap(&kader, "English").await;
        assert_says(&m, "2T: no gain two months in a row");
        // The Indonesian "Kembali" above still belongs to the current question (2T).
        let m = h.tap(&kader, "Kembali").await;
        assert_says(&m, "Step 8 of 11");
        h.say(&kader, "1").await;
        let m = h.say(&kader, "0").await;
        assert_says(&m, "Step 10 of 11");
        assert_says(&m, "None at all → type 0.\nNot recorded → tap ⏭️ Skip.");
        h.tap(&kader, "Skip").await;
        let m = h.tap(&kader, "Skip").await;
        assert_says(&m, "📋 Report summary");
        assert_says(&m, "BGM: under-fives below the red line: 1");
    };

    the_next_day_the_kader_chooses_to_continue => |db: TestDb| async move {
        let (mut h, code) = setup(db).await;
        let kader = h.user(104, "Wati", None, None);
        register(&mut h, &kader, &code).await;
        let m = h.say(&kader, "/lapor").await;
        assert_says(&m, "bulan apa");
        h.tap(&kader, "Oktober 2026").await;
        h.say(&kader, "45").await;
        h.say(&kader, "43").await;
        // The bot restarts overnight; the kader comes back the next day.
        h.restart().await;
        h.clock.advance(chrono::Duration::days(1));
        let m = h.say(&kader, "40").await;
        assert_says(&m, "Anda punya laporan yang belum selesai: Posyandu Mawar · Oktober 2026");
        let m = h.tap(&kader, "Lanjutkan").await;
        assert_says(&m, "Langkah 3 dari 11");
        let m = h.say(&kader, "40").await;
        assert_says(&m, "Langkah 4 dari 11");
    };

    a_correction_is_a_new_revision_with_history => |db: TestDb| async move {
        let (mut h, code) = setup(db).await;
        let siti = h.user(105, "Siti", None, None);
        let ani = h.user(106, "Ani", None, None);
        register(&mut h, &siti, &code).await;
        register(&mut h, &ani, &code).await;
        fill_skdn(&mut h, &siti, ["45", "43", "40", "32", "5", "1", "2", "1"]).await;
        no_2t_skip_optional(&mut h, &siti).await;
        h.tap(&siti, "Kirim").await;

        let m = h.say(&ani, "/lapor").await;
        assert_says(&m, "bulan apa");
        let m = h.tap(&ani, "Oktober 2026").await;
        assert_says(&m, "sudah dikirim oleh Siti pada");
        assert_says(&m, "(revisi 1)");
        h.tap(&ani, "Koreksi").await;
        let m = h.tap(&ani, "BGM: 1").await;
        assert_says(&m, "BGM: balita di bawah garis merah");
        let m = h.say(&ani, "2").await;
        assert_says(&m, "📋 Koreksi laporan (mengganti revisi 1)\nPosyandu Mawar · Oktober 2026\n\nYang berubah:\n• BGM: 1 → 2\n\n");
        let m = h.tap(&ani, "Kirim").await;
        assert_says(&m, "Koreksi laporan Posyandu Mawar Oktober 2026 tersimpan (revisi 2)");
        assert_says(&m, "P1-202610-R2");

        let db = &h.test_db;
        assert_eq!(db.scalar("SELECT revision FROM report").await, 2);
        assert_eq!(db.scalar("SELECT COUNT(*) FROM report_revision").await, 2);
        assert_eq!(db.scalar("SELECT value FROM report_value WHERE code = 'BGM'").await, 2);
        assert_eq!(db.scalar("SELECT COUNT(*) FROM report_revision v JOIN person p ON p.id = v.person_id
                              WHERE v.revision = 2 AND p.name = 'Ani' AND v.changed = '{\"BGM\":[1,2]}'").await, 1);
        assert_eq!(db.scalar("SELECT COUNT(*) FROM report_revision v JOIN person p ON p.id = v.person_id
                              WHERE v.revision = 1 AND p.name = 'Siti' AND v.figures LIKE '%\"BGM\":1%'").await, 1);
    };

    two_kader_racing_never_overwrite_each_other => |db: TestDb| async move {
        let (mut h, code) = setup(db).await;
        let siti = h.user(107, "Siti", None, None);
        let ani = h.user(108, "Ani", None, None);
        register(&mut h, &siti, &code).await;
        register(&mut h, &ani, &code).await;
        fill_skdn(&mut h, &siti, ["45", "43", "40", "32", "5", "1", "2", "1"]).await;
        no_2t_skip_optional(&mut h, &siti).await;
        fill_skdn(&mut h, &ani, ["46", "43", "40", "32", "5", "1", "2", "1"]).await;
        no_2t_skip_optional(&mut h, &ani).await;
        // Both press Kirim at the same moment.
        let before_siti = h.fake.messages(siti.id).len();
        let before_ani = h.fake.messages(ani.id).len();
        for user in [&siti, &ani] {
            let last = h.fake.messages(user.id).into_iter().rev().find(|m| !m.buttons.is_empty()).unwrap();
            h.fake.push_callback(user, last.message_id, "send");
        }
        h.settle_many(2).await;
        let replies = [h.fake.messages(siti.id).split_off(before_siti), h.fake.messages(ani.id).split_off(before_ani)];
        let sent = replies.iter().filter(|m| texts(m).concat().contains("terkirim")).count();
        let refused = replies.iter().filter(|m| texts(m).concat().contains("Laporan Anda belum dikirim")).count();
        assert_eq!((sent, refused), (1, 1), "{replies:#?}");
        assert_eq!(h.test_db.scalar("SELECT COUNT(*) FROM report_revision").await, 1);
        // The one refused sends theirs as a correction: revision 2, nothing lost.
        let loser = if texts(&replies[0]).concat().contains("belum dikirim") { siti.clone() } else { ani.clone() };
        let m = h.tap(&loser, "Kirim punya saya").await;
        assert_says(&m, "mengganti revisi 1");
        let m = h.tap(&loser, "Kirim").await;
        assert_says(&m, "(revisi 2)");
        assert_eq!(h.test_db.scalar("SELECT COUNT(*) FROM report_revision").await, 2);
    };

    last_month_jumps_2t_and_changing_one_value_from_the_summary => |db: TestDb| async move {
        let (mut h, code) = setup(db).await;
        let kader = h.user(110, "Lina", None, None);
        let m = register(&mut h, &kader, &code).await;
        assert!(m[0].buttons.iter().flatten().any(|b| b.text == "📋 Lapor bulanan"), "{:#?}", m);
        // September, sent in one line, is "last month" for October.
        h.say(&kader, "lapor sep S40 K38 D36 N30 T4 O1 B1 BGM0 2T0").await;
        h.tap(&kader, "Kirim").await;

        let m = h.tap(&kader, "Lapor bulanan").await;
        assert_says(&m, "untuk bulan apa?");
        h.tap(&kader, "Oktober 2026").await;
        let m = h.say(&kader, "100").await;
        assert_says(&m, "Naik lebih dari 2 kali lipat: bulan lalu 40, sekarang 100.");
        let m = h.tap(&kader, "Ya, sudah benar").await;
        assert_says(&m, "Langkah 2 dari 11");
        let m = h.tap(&kader, "Sama dengan bulan lalu (38)").await;
        assert_says(&m, "Langkah 3 dari 11");
        // This month's weighing is never offered as a copy of last month's.
        assert!(m.iter().flat_map(|m| m.buttons.iter().flatten()).all(|b| !b.text.contains("Sama dengan")), "{m:#?}");
        for n in ["36", "30", "4", "1", "1", "0"] {
            h.say(&kader, n).await;
        }
        let m = h.say(&kader, "5").await;
        assert_says(&m, "Balita 2T termasuk balita yang tidak naik (T)");
        assert_says(&m, "2T (5) tidak boleh lebih dari T (4).");
        h.say(&kader, "2").await;
        h.tap(&kader, "Lewati").await;
        let m = h.tap(&kader, "Lewati").await;
        assert_says(&m, "⚠️ S: semua balita di wilayah posyandu: 100 (naik lebih dari 2 kali lipat; bulan lalu 40)");

        // Ubah → S → a new value goes straight back to the summary.
        let m = h.tap(&kader, "Ubah").await;
        assert_says(&m, "Angka mana yang mau diubah?");
        let m = h.tap(&kader, "S: 100").await;
        assert_says(&m, "S: semua balita di wilayah posyandu");
        let m = h.say(&kader, "42").await;
        assert_says(&m, "📋 Ringkasan laporan");
        assert_says(&m, "S: semua balita di wilayah posyandu: 42");
        assert_says(&m, "Punya KMS (K/S): 90 %\nDitimbang (D/S): 86 %\nNaik (N/D): 83 %");
        assert_says(&m, "(N/D′): 88 % dari 34 balita (D′)");
        assert!(!texts(&m).concat().contains("bulan lalu 40"), "{:#?}", texts(&m));
        h.tap(&kader, "Kirim").await;

        let db = &h.test_db;
        assert_eq!(db.scalar("SELECT value FROM report_value WHERE code = 'S' AND periode = '2026-10'").await, 42);
        assert_eq!(db.scalar("SELECT value FROM report_value WHERE code = '2T' AND periode = '2026-10'").await, 2);
        assert_eq!(db.scalar("SELECT value FROM report_value WHERE code = 'K' AND periode = '2026-10'").await, 38);
        // The confirmation of the jump to 100 went with the 100.
        assert_eq!(db.scalar("SELECT COUNT(*) FROM report_revision WHERE confirmed = '[]'").await, 2);
    };

    the_one_line_report => |db: TestDb| async move {
        let (mut h, code) = setup(db).await;
        let kader = h.user(109, "Dewi", None, None);
        register(&mut h, &kader, &code).await;
        let m = h.say(&kader, "lapor okt S=45, k 43 D40 n32 T5 O1 B2 BGM1 2t0").await;
        assert_says(&m, "📋 Ringkasan laporan");
        assert_says(&m, "Posyandu Mawar · Oktober 2026");
        assert_says(&m, "S: semua balita di wilayah posyandu: 45");
        let m = h.tap(&kader, "Kirim").await;
        assert_says(&m, "terkirim");
        assert_eq!(h.test_db.scalar("SELECT COUNT(*) FROM report_value").await, 9);

        let m = h.say(&kader, "lapor okt S45 K50 D40 X9 N32").await;
        assert_says(&m, "Laporan belum bisa dibaca");
        assert_says(&m, "kode X9 tidak dikenal");
        assert_says(&m, "belum ada: T, O, B, BGM, 2T");
        assert_says(&m, "K (50) tidak boleh lebih dari S (45)");
        let m = h.say(&kader, "lapor okt S45 K50 D40 N32 T5").await;
        assert_says(&m, "belum ada: O, B, BGM, 2T");
        assert_says(&m, "K (50) tidak boleh lebih dari S (45)");
        // A month already reported: the line becomes a correction proposal.
        let m = h.say(&kader, "lapor okt S45 K43 D40 N32 T5 O1 B2 BGM0 2T0").await;
        assert_says(&m, "mengganti revisi 1");
        assert_says(&m, "Yang berubah:\n• BGM: 1 → 0\n");
        h.tap(&kader, "Kirim").await;
        assert_eq!(h.test_db.scalar("SELECT revision FROM report").await, 2);
    };

    a_line_of_junk_gets_one_short_answer => |db: TestDb| async move {
        let (mut h, code) = setup(db).await;
        let kader = h.user(111, "Yuni", None, None);
        register(&mut h, &kader, &code).await;
        let junk: Vec<String> = (0..500).map(|i| format!("xx{i}")).collect();
        let m = h.say(&kader, &format!("lapor {}", junk.join(" "))).await;
        assert_eq!(m.len(), 1, "{:#?}", texts(&m));
        // 500 unknown words, no section touched: five named, the rest counted.
        assert_says(&m, "• kode XX4 tidak dikenal\n• … dan 495 masalah lain");
        assert_eq!(h.test_db.scalar("SELECT COUNT(*) FROM report").await, 0);
    };

    a_confirmed_warning_is_kept_with_the_report => |db: TestDb| async move {
        let (mut h, code) = setup(db).await;
        let kader = h.user(112, "Sari", None, None);
        register(&mut h, &kader, &code).await;
        // N + T + O + B = 38 of D = 40: two weighed children are in no group.
        h.say(&kader, "/lapor").await;
        h.tap(&kader, "Oktober 2026").await;
        for n in ["45", "43", "40", "30", "5", "1"] {
            h.say(&kader, n).await;
        }
        let m = h.say(&kader, "2").await;
        assert_says(&m, "N + T + O + B (38) lebih sedikit dari D (40).\nSudah benar?");
        h.tap(&kader, "Ya, sudah benar").await;
        h.say(&kader, "1").await;
        let m = no_2t_skip_optional(&mut h, &kader).await;
        assert_says(&m, "⚠️ Setiap balita yang ditimbang (D) masuk tepat satu kelompok");
        h.tap(&kader, "Kirim").await;
        let db = &h.test_db;
        assert_eq!(db.scalar("SELECT COUNT(*) FROM report_revision WHERE confirmed LIKE '%N + T + O + B >= D%'").await, 1);
    };

    a_double_tap_on_kirim_sends_once => |db: TestDb| async move {
        let (mut h, code) = setup(db).await;
        let kader = h.user(113, "Tuti", None, None);
        register(&mut h, &kader, &code).await;
        fill_skdn(&mut h, &kader, ["45", "43", "40", "32", "5", "1", "2", "1"]).await;
        no_2t_skip_optional(&mut h, &kader).await;
        let summary = h.fake.messages(kader.id).into_iter().rev().find(|m| m.text.contains("Ringkasan")).unwrap();
        let before = h.fake.messages(kader.id).len();
        h.tap_data(&kader, summary.message_id, "send").await;
        h.tap_data(&kader, summary.message_id, "send").await;
        let replies = texts(&h.fake.messages(kader.id).split_off(before));
        assert_eq!(replies.len(), 2, "{replies:#?}");
        assert!(replies[0].contains("terkirim") && replies[1].contains("Tombol itu sudah tidak berlaku"), "{replies:#?}");
        assert_eq!(count_says(&h, &kader, "terkirim"), 1);
        assert_eq!(h.test_db.scalar("SELECT COUNT(*) FROM report_revision").await, 1);
    };

    a_redelivered_kirim_sends_once => |db: TestDb| async move {
        let (mut h, code) = setup(db).await;
        let kader = h.user(114, "Wulan", None, None);
        register(&mut h, &kader, &code).await;
        fill_skdn(&mut h, &kader, ["45", "43", "40", "32", "5", "1", "2", "1"]).await;
        no_2t_skip_optional(&mut h, &kader).await;
        let summary = h.fake.messages(kader.id).into_iter().rev().find(|m| m.text.contains("Ringkasan")).unwrap();
        let before = h.fake.messages(kader.id).len();
        let update = h.fake.push_callback(&kader, summary.message_id, "send");
        h.settle(&kader, before).await;
        // The bot crashed before confirming the update; Telegram sends it again.
        h.restart().await;
        h.fake.redeliver(update);
        let replies = h.settle(&kader, before).await;
        assert_eq!(replies.len(), 1, "{:#?}", texts(&replies));
        assert_eq!(count_says(&h, &kader, "terkirim"), 1);
        assert_eq!(h.test_db.scalar("SELECT COUNT(*) FROM report_revision").await, 1);
    };

    an_edited_number_is_not_taken_and_the_bot_says_so => |db: TestDb| async move {
        let (mut h, code) = setup(db).await;
        let kader = h.user(115, "Rina", None, None);
        register(&mut h, &kader, &code).await;
        h.say(&kader, "/lapor").await;
        h.tap(&kader, "Oktober 2026").await;
        let before = h.fake.messages(kader.id).len();
        let update = h.fake.push_text(&kader, "54");
        h.settle(&kader, before).await;
        // She meant 45 and edits the message she sent.
        let message_id = h.fake.message_id_of(update).unwrap();
        let m = h.send_with(&kader, |f| {
            f.push_edited_text(&kader, message_id, "45");
        })
        .await;
        assert_eq!(m.len(), 2, "a notice and the current question: {:#?}", texts(&m));
        assert_says(&m[..1], "Pesan yang diedit tidak saya baca ulang");
        assert_says(&m[1..], "Langkah 2 dari 11");
        // The number taken is still 54: going back shows it.
        let m = h.tap(&kader, "Kembali").await;
        assert_says(&m, "Langkah 1 dari 11");
        for n in ["45", "43", "40", "32", "5", "1", "2", "1"] {
            h.say(&kader, n).await;
        }
        let m = no_2t_skip_optional(&mut h, &kader).await;
        assert_says(&m, "S: semua balita di wilayah posyandu: 45");
    };
}

/// A button pressed while the database fails gets the apology, and the
/// press is answered (no spinning button); nothing is saved.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tap_during_a_database_failure_is_answered_with_an_apology() {
    let (mut h, code) = setup(TestDb::sqlite().await).await;
    let kader = h.user(116, "Sari", None, None);
    register(&mut h, &kader, &code).await;
    h.say(&kader, "/lapor").await;
    h.test_db.db.close().await;
    let m = h.tap(&kader, "Oktober 2026").await;
    assert_eq!(texts(&m), ["Maaf, ada gangguan di sistem. Pesan Anda belum tersimpan. Coba kirim lagi sebentar lagi."]);
    assert_eq!(h.fake.callback_answers().len(), 3, "the two registration taps and this one");
}
