//! `/rekap` end to end, through the real bot and the fake Bot API, on both
//! databases: the Dinkes of Kabupaten Luwu Timur reads October's digest
//! (figures, ranking, alerts, two charts as PNG photos), goes down to the
//! kecamatan, the desa and back up, and lists the posyandu not yet
//! reported; an official of another kabupaten is refused whatever the
//! button says, and so is a kader. `/unduh` sends the months chosen with
//! a button or typed, and the workbook holds those months only. In a
//! kabupaten of 11 kecamatan, one of 13 desa, every area ranked has its
//! button, a page at a time, the lowest too; so have the Pratama posyandu
//! of `/strata`; an edit that would change nothing is not sent.

mod common;

use std::collections::BTreeMap;

use calamine::Reader;
use common::{Harness, TestDb, assert_says, texts};
use fake_bot_api::{FileKind, SentMessage, SimUser};
use posyandu_bot::domain::periode::Periode;
use posyandu_bot::domain::region::RegionCode;
use posyandu_bot::domain::report::Submission;
use posyandu_bot::domain::role::{Grant, OfficialRole};
use posyandu_bot::store::reports;

struct Scene {
    h: Harness,
    /// Dinkes of Kab. Luwu Timur (73.24).
    dinkes: SimUser,
    /// Pokjanal of Kecamatan Malangke, in Kab. Luwu Utara (73.22).
    outsider: SimUser,
    /// Kader of Posyandu Mawar.
    kader: SimUser,
}

/// Mawar and Melati in Desa Maleku, Anggrek in Kasintuwu (Kecamatan
/// Mangkutana); October reported by Mawar and Anggrek, not by Melati.
async fn scene(test: TestDb) -> Scene {
    let test = test.with_regions().await;
    let mawar = test.add_posyandu("Posyandu Mawar", "73.24.01.2001").await;
    test.add_posyandu("Posyandu Melati", "73.24.01.2001").await;
    let anggrek = test.add_posyandu("Posyandu Anggrek", "73.24.01.2002").await;
    let official = |role, code: &str| Grant::Official { role, region: RegionCode::parse(code).unwrap() };
    let codes = [
        test.invite(official(OfficialRole::Dinkes, "73.24"), 1, 14).await,
        test.invite(official(OfficialRole::Pokjanal, "73.22.01"), 1, 14).await,
        test.invite(Grant::Kader { posyandu_id: mawar }, 1, 14).await,
    ];
    let mut h = Harness::start(test).await;
    let dinkes = h.register(201, "Andi", &codes[0]).await;
    let outsider = h.register(202, "Yusuf", &codes[1]).await;
    let kader = h.register(203, "Siti", &codes[2]).await;
    let siti = h.test_db.scalar("SELECT id FROM person WHERE external_id = '203'").await;
    // Mawar: S 50, D 45 (90 %); Anggrek: S 40, D 24 (60 %, under the target).
    report(&h, siti, mawar, skdn(50, 45, 36)).await;
    report(&h, siti, anggrek, skdn(40, 24, 18)).await;
    Scene { h, dinkes, outsider, kader }
}

fn skdn(s: i64, d: i64, n: i64) -> BTreeMap<String, i64> {
    let (o, b) = (d / 10, d / 20);
    [("S", s), ("K", s), ("D", d), ("N", n), ("T", d - n - o - b), ("O", o), ("B", b), ("BGM", 1), ("2T", 0)]
        .into_iter()
        .map(|(c, v)| (c.to_owned(), v))
        .collect()
}

async fn report(h: &Harness, by: i64, posyandu: i64, values: BTreeMap<String, i64>) {
    report_month(h, by, posyandu, "2026-10", values).await;
}

async fn report_month(h: &Harness, by: i64, posyandu: i64, month: &str, values: BTreeMap<String, i64>) {
    let periode = Periode::try_from(month.to_owned()).unwrap();
    let submission = Submission {
        posyandu_id: posyandu,
        periode,
        values,
        confirmed: vec![],
        base: None,
        section: "balita".into(),
        form_version: "skdn-2026.1".into(),
    };
    let mut tx = h.test_db.db.begin().await.unwrap();
    reports::save(&mut tx, by, &submission, common::start_time()).await.unwrap();
    tx.commit().await.unwrap();
}

fn labels(message: &SentMessage) -> Vec<&str> {
    message.buttons.iter().flatten().map(|b| b.text.as_str()).collect()
}

/// A photo the bot sent, checked to be a PNG.
fn assert_png(message: &SentMessage) {
    let file = message.attachment.as_ref().expect("a picture");
    assert_eq!(file.kind, FileKind::Photo);
    assert!(file.bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let decoder = png::Decoder::new(std::io::Cursor::new(file.bytes.clone()));
    let reader = decoder.read_info().expect("a valid PNG");
    assert_eq!(reader.info().width, 800);
}

on_both_databases! {
    an_official_reads_the_month_goes_down_and_up_and_sees_who_is_missing => |test: TestDb| async move {
        let Scene { mut h, dinkes, outsider, kader } = scene(test).await;

        let digest = h.say(&dinkes, "/rekap").await;
        assert_eq!(digest.len(), 3, "{:#?}", texts(&digest));
        assert_png(&digest[0]);
        assert_says(&digest, "Rekap Oktober 2026 · KAB. LUWU TIMUR");
        assert_says(&digest, "Laporan masuk 2 dari 3 posyandu (67 %), tepat waktu 0");
        assert_says(&digest, "S 90 · K 90 · D 69 · N 54");
        assert_says(&digest, "D/S 77 % (bulan lalu –)");
        assert_png(&digest[1]);
        assert_says(&digest[1..2], "Kecamatan menurut D/S:\n1. Mangkutana: D/S 77 % · lapor 2/3");
        assert_eq!(labels(&digest[1]), ["Mangkutana"]);
        assert_says(&digest[2..], "D/S Mangkutana 77 %, di bawah target 80 %");
        assert_eq!(labels(&digest[2]), ["📋 Belum lapor (1)", "📥 Unduh Excel (12 bulan)"]);

        // The workbook of the kabupaten, 12 months, as a document.
        let sent = h.tap(&dinkes, "Unduh Excel").await;
        assert_eq!(sent.len(), 1, "{:#?}", texts(&sent));
        let file = sent[0].attachment.as_ref().expect("a document");
        assert_eq!((file.kind, file.file_name.as_str()), (FileKind::Document, "rekap-73.24-2025-11-2026-10.xlsx"));
        let mut book = calamine::Xlsx::new(std::io::Cursor::new(file.bytes.clone())).expect("an xlsx");
        assert_eq!(book.sheet_names(), ["Kecamatan", "Desa", "Posyandu", "Laporan", "Tanda bahaya"]);
        let reports = book.worksheet_range("Laporan").unwrap();
        assert_eq!(reports.height(), 3, "a header and the two reports");

        // Down to the kecamatan, to a desa, and back up.
        let kecamatan = h.tap(&dinkes, "Mangkutana").await;
        assert_says(&kecamatan, "Rekap Oktober 2026 · Mangkutana");
        assert_says(&kecamatan, "Desa/kelurahan menurut D/S:\n1. Maleku: D/S 90 % · lapor 1/2\n2. Kasintuwu: D/S 60 % · lapor 1/1");
        assert_eq!(labels(&kecamatan[1]), ["Maleku", "Kasintuwu", "⬆️ Naik satu tingkat"]);
        let desa = h.tap(&dinkes, "Maleku").await;
        assert_says(&desa, "Posyandu menurut D/S:\n1. Posyandu Mawar (Maleku): D/S 90 % · lapor 1/1\n2. Posyandu Melati (Maleku): D/S – · lapor 0/1");
        let up = h.tap(&dinkes, "Naik satu tingkat").await;
        assert_says(&up, "Rekap Oktober 2026 · Mangkutana");

        // Who has not reported.
        let missing = h.tap(&dinkes, "Belum lapor").await;
        assert_says(&missing, "Belum lapor Oktober 2026: 1 posyandu (1–1)\nMaleku:\n• Posyandu Melati");

        // Another month by name; a month not understood.
        let july = h.say(&dinkes, "/rekap juli").await;
        assert_says(&july, "Rekap Juli 2026 · KAB. LUWU TIMUR");
        // Registered in November, the posyandu owe October first: July expected none.
        assert_says(&july, "Laporan masuk 0 dari 0 posyandu (–)");
        assert_says(&july, "D/S – (bulan lalu –)");
        assert_says(&h.say(&dinkes, "/rekap besok").await, "Contoh: /rekap okt");

        // The year's strata, from the months that have ended.
        let strata = h.say(&dinkes, "/strata").await;
        assert_says(&strata, "Strata posyandu KAB. LUWU TIMUR, Januari 2026 – Oktober 2026");
        assert_says(&strata, "• Pratama: 3\n• Madya: 0\n• Purnama/Mandiri: 0");
        assert_says(&strata, "Purnama dan Mandiri belum bisa dibedakan");
        assert_says(&strata, "• Posyandu Mawar (Maleku): buka 1 bulan, rata-rata kader –");
        assert_says(&h.say(&dinkes, "/strata 2030").await, "Contoh: /strata");

        // Outside the official's region, whatever the button says.
        let last = h.fake.messages(outsider.id).last().unwrap().message_id;
        let refused = h.tap_data(&outsider, last, "rk:73.24:2026-10").await;
        assert_says(&refused, "di luar wilayah Bapak/Ibu");
        assert!(!texts(&refused).concat().contains("Mangkutana"), "{:#?}", texts(&refused));
        let refused = h.tap_data(&outsider, last, "rkm:73.24.01:2026-10:0").await;
        assert_says(&refused, "di luar wilayah Bapak/Ibu");
        assert!(!texts(&refused).concat().contains("Melati"));
        assert_says(&h.say(&kader, "/rekap").await, "hanya untuk pengurus");
        assert_says(&h.say(&kader, "/strata").await, "hanya untuk pengurus");
        let last = h.fake.messages(kader.id).last().unwrap().message_id;
        assert_says(&h.tap_data(&kader, last, "rk:73.24.01.2001:2026-10").await, "hanya untuk pengurus");
    };

    unduh_sends_the_months_chosen_or_typed => |test: TestDb| async move {
        let Scene { mut h, dinkes, outsider, .. } = scene(test).await;
        let siti = h.test_db.scalar("SELECT id FROM person WHERE external_id = '203'").await;
        let mawar = h.test_db.scalar("SELECT id FROM posyandu WHERE name = 'Posyandu Mawar'").await;
        for month in ["2026-07", "2026-09"] {
            report_month(&h, siti, mawar, month, skdn(50, 40, 30)).await;
        }

        let choice = h.say(&dinkes, "/unduh").await;
        assert_says(&choice, "bulan yang mana?");
        assert_eq!(
            labels(choice.last().unwrap()),
            ["📥 Oktober 2026", "📥 3 bulan: Agustus 2026 – Oktober 2026", "📥 12 bulan: November 2025 – Oktober 2026"]
        );
        let sent = h.tap(&dinkes, "3 bulan").await;
        let book = workbook(&sent, "rekap-73.24-2026-08-2026-10.xlsx");
        assert_eq!(book.posyandu_months, ["2026-08", "2026-09", "2026-10"]);
        assert_eq!(book.report_months, ["2026-09", "2026-10", "2026-10"], "July is before the months chosen");

        for (typed, file, months, reports) in [
            ("/unduh sep-okt", "rekap-73.24-2026-09-2026-10.xlsx", &["2026-09", "2026-10"][..], &["2026-09", "2026-10", "2026-10"][..]),
            ("/unduh juli", "rekap-73.24-2026-07-2026-07.xlsx", &["2026-07"], &["2026-07"]),
            ("/unduh 2026-07 2026-09", "rekap-73.24-2026-07-2026-09.xlsx", &["2026-07", "2026-08", "2026-09"], &["2026-07", "2026-09"]),
        ] {
            let book = workbook(&h.say(&dinkes, typed).await, file);
            assert_eq!(book.posyandu_months, months, "{typed}");
            assert_eq!(book.report_months, reports, "{typed}");
        }

        // Too many months, backwards, ahead or not a month: refused with an example.
        for typed in ["/unduh 2025-01 2026-10", "/unduh okt-jan", "/unduh 2026-12", "/unduh kemarin"] {
            let refused = h.say(&dinkes, typed).await;
            assert_says(&refused, "Contoh: /unduh okt, /unduh jan-okt");
            assert!(refused.iter().all(|m| m.attachment.is_none()), "{typed}");
        }
        // A tampered button: too many months, or another kabupaten.
        let last = h.fake.messages(dinkes.id).last().unwrap().message_id;
        assert_says(&h.tap_data(&dinkes, last, "rkx:73.24:2024-01:2026-10").await, "sudah tidak berlaku");
        let last = h.fake.messages(outsider.id).last().unwrap().message_id;
        let refused = h.tap_data(&outsider, last, "rkx:73.24:2026-10:2026-10").await;
        assert_says(&refused, "di luar wilayah Bapak/Ibu");
        assert!(refused.iter().all(|m| m.attachment.is_none()));
        // A digest's 📥 button sent before months could be chosen: the year up to its month.
        let sent = h.tap_data(&dinkes, last_of(&h, &dinkes), "rkx:73.24:2026-10").await;
        let book = workbook(&sent, "rekap-73.24-2025-11-2026-10.xlsx");
        assert_eq!(book.posyandu_months.len(), 12);
    };
}

/// Kab. Luwu ([`TestDb::with_big_kabupaten`]) with a posyandu in every
/// desa, and October reported with D/S falling kecamatan by kecamatan and
/// desa by desa, so each ranks by its number. The Dinkes of Luwu is
/// registered.
async fn big_kabupaten(test: TestDb) -> (Harness, SimUser) {
    let test = test.with_big_kabupaten().await;
    let official = Grant::Official { role: OfficialRole::Dinkes, region: RegionCode::parse("73.17").unwrap() };
    let code = test.invite(official, 1, 14).await;
    let mut h = Harness::start(test).await;
    let dinkes = h.register(201, "Andi", &code).await;
    let by = h.test_db.scalar("SELECT id FROM person WHERE external_id = '201'").await;
    for (k, d, desa) in (1..=13).map(|d| (1, d, d)).chain((2..=11).map(|k| (k, 0, 1))) {
        let posyandu = h
            .test_db
            .add_posyandu(&format!("Posyandu {k:02}-{d:02}"), &format!("73.17.{k:02}.{:04}", 2000 + desa))
            .await;
        let weighed = if k == 1 { 100 - d } else { 90 - 3 * k };
        report(&h, by, posyandu, skdn(100, weighed, 50)).await;
    }
    (h, dinkes)
}

/// The buttons of `message` one level down: those not paging or going up.
fn areas(message: &SentMessage) -> Vec<&str> {
    labels(message)
        .into_iter()
        .filter(|l| !["Berikutnya", "Sebelumnya", "Naik"].iter().any(|b| l.contains(b)))
        .collect()
}

/// The `editMessageText` requests the fake received so far.
fn edits(h: &Harness) -> usize {
    h.fake.requests().iter().filter(|r| r.method.eq_ignore_ascii_case("editMessageText")).count()
}

on_both_databases! {
    every_ranked_area_has_its_button_a_page_at_a_time_the_lowest_too => |test: TestDb| async move {
        let (mut h, dinkes) = big_kabupaten(test).await;
        let digest = h.say(&dinkes, "/rekap").await;
        assert_eq!(digest.len(), 3, "{:#?}", texts(&digest));
        let first = &digest[1];
        assert!(first.text.contains("Kecamatan menurut D/S:\n1. Kec 01: D/S"), "{}", first.text);
        assert!(first.text.contains("\n7. Kec 07: D/S") && !first.text.contains("8. Kec 08"), "{}", first.text);
        assert!(first.text.ends_with("… dan 4 lainnya"), "{}", first.text);
        let page_one: Vec<String> = (1..=7).map(|k| format!("Kec {k:02}")).collect();
        assert_eq!(areas(first), page_one);
        assert_eq!(labels(first).last(), Some(&"Berikutnya ➡️"));

        let next = h.tap(&dinkes, "Berikutnya").await;
        let [second] = next.as_slice() else { panic!("one message: {:#?}", texts(&next)) };
        assert!(second.text.starts_with("🏆 Kecamatan di KAB. LUWU menurut D/S, Oktober 2026 (8–11 dari 11):\n8. Kec 08: D/S"), "{}", second.text);
        assert!(second.text.contains("\n11. Kec 11: D/S 57 % · lapor 1/1"), "{}", second.text);
        assert_eq!(areas(second), ["Kec 08", "Kec 09", "Kec 10", "Kec 11"]);
        assert_eq!(labels(second).last(), Some(&"⬅️ Sebelumnya"));
        assert_says(&h.tap(&dinkes, "Kec 11").await, "Rekap Oktober 2026 · Kec 11");

        // Kec 01's 13 desa: two pages, the thirteenth on the second.
        let kecamatan = h.tap_data(&dinkes, first.message_id, "rk:73.17.01:2026-10").await;
        let ranking = &kecamatan[1];
        assert!(ranking.text.ends_with("… dan 6 lainnya"), "{}", ranking.text);
        assert_eq!(areas(ranking), (1..=7).map(|d| format!("Desa {d:02}")).collect::<Vec<_>>());
        assert_eq!(labels(ranking)[7..], ["Berikutnya ➡️", "⬆️ Naik satu tingkat"]);
        let next = h.tap(&dinkes, "Berikutnya").await;
        assert!(next[0].text.contains("(8–13 dari 13):\n8. Desa 08"), "{}", next[0].text);
        assert!(next[0].text.contains("\n13. Desa 13: D/S"), "{}", next[0].text);
        assert_eq!(areas(&next[0]), (8..=13).map(|d| format!("Desa {d:02}")).collect::<Vec<_>>());
        assert_eq!(labels(&next[0])[6..], ["⬅️ Sebelumnya", "⬆️ Naik satu tingkat"]);
        let previous = next[0].buttons.iter().flatten().find(|b| b.text.contains("Sebelumnya")).unwrap().callback_data.clone();
        let desa = h.tap(&dinkes, "Desa 13").await;
        assert_says(&desa, "Rekap Oktober 2026 · Desa 13");
        assert_says(&desa, "Posyandu menurut D/S:\n1. Posyandu 01-13 (Desa 13)");
        // Back to the first page, from the second (its buttons gave way to the choice).
        let back = h.tap_data(&dinkes, next[0].message_id, &previous).await;
        assert!(back[0].text.contains("(1–7 dari 13):\n1. Desa 01"), "{}", back[0].text);
        assert_eq!(areas(&back[0]), (1..=7).map(|d| format!("Desa {d:02}")).collect::<Vec<_>>());
    };

    strata_names_every_pratama_posyandu_a_page_at_a_time => |test: TestDb| async move {
        let (mut h, dinkes) = big_kabupaten(test).await;
        let strata = h.say(&dinkes, "/strata").await;
        assert_says(&strata, "• Pratama: 23");
        let list = strata.last().unwrap();
        assert!(list.text.starts_with("Posyandu Pratama (23), perlu pembinaan:\n• Posyandu 01-01 (Desa 01)"), "{}", list.text);
        assert_eq!(list.text.matches("\n• ").count(), 15);
        assert!(list.text.ends_with("… dan 8 lainnya"), "{}", list.text);
        assert_eq!(labels(list), ["Berikutnya ➡️"]);

        // The next page replaces it.
        let (id, data) = (list.message_id, "stp:2026:15");
        assert!(h.tap(&dinkes, "Berikutnya").await.is_empty(), "edited, not sent");
        let edited = h.fake.messages(dinkes.id).into_iter().find(|m| m.message_id == id).unwrap();
        assert!(edited.text.starts_with("Posyandu Pratama (23), perlu pembinaan, 16–23:\n"), "{}", edited.text);
        assert_eq!(edited.text.matches("\n• ").count(), 8);
        assert!(edited.text.ends_with("• Posyandu 11-00 (Desa K11): buka 1 bulan, rata-rata kader –"), "{}", edited.text);
        assert_eq!(labels(&edited), ["⬅️ Sebelumnya"]);

        // The same button again: the page is already there; no edit goes out.
        let before = edits(&h);
        assert!(h.tap_data(&dinkes, id, data).await.is_empty());
        assert_eq!(edits(&h), before, "an edit that changes nothing is not sent");
        let back = h.tap(&dinkes, "Sebelumnya").await;
        assert!(back.is_empty());
        let first = h.fake.messages(dinkes.id).into_iter().find(|m| m.message_id == id).unwrap();
        assert_eq!(first.text, list.text);
        assert_eq!(edits(&h), before + 1);
    };

    a_button_pressed_twice_at_once_marks_its_message_once => |test: TestDb| async move {
        let Scene { mut h, dinkes, .. } = scene(test).await;
        let digest = h.say(&dinkes, "/rekap").await;
        let alerts = digest.last().unwrap();
        let data = alerts.buttons[0][0].callback_data.clone();
        let before = (edits(&h), h.fake.messages(dinkes.id).len());
        // Both presses carry the message as it was, buttons and all.
        h.fake.push_callback(&dinkes, alerts.message_id, &data);
        h.fake.push_callback(&dinkes, alerts.message_id, &data);
        h.settle_many(2).await;
        let sent = h.fake.messages(dinkes.id).split_off(before.1);
        assert_eq!(sent.len(), 2, "the list, twice: {:#?}", texts(&sent));
        let marked = h.fake.messages(dinkes.id).into_iter().find(|m| m.message_id == alerts.message_id).unwrap();
        assert!(marked.text.ends_with("\n\n→ 📋 Belum lapor (1)"), "{}", marked.text);
        assert_eq!(edits(&h), before.0 + 1, "the second mark would change nothing");
    };
}

fn last_of(h: &Harness, user: &SimUser) -> i64 {
    h.fake.messages(user.id).last().unwrap().message_id
}

/// What a workbook the bot sent holds: the months of the Posyandu sheet
/// (each once, in order) and the month of each row of the Laporan sheet.
struct Book {
    posyandu_months: Vec<String>,
    report_months: Vec<String>,
}

fn workbook(sent: &[SentMessage], name: &str) -> Book {
    assert_eq!(sent.len(), 1, "{:#?}", texts(sent));
    let file = sent[0].attachment.as_ref().expect("a document");
    assert_eq!((file.kind, file.file_name.as_str()), (FileKind::Document, name));
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(file.bytes.clone())).expect("an xlsx");
    let column = |book: &mut calamine::Xlsx<_>, sheet: &str, at: usize| -> Vec<String> {
        let range = book.worksheet_range(sheet).unwrap();
        range.rows().skip(1).map(|row| row[at].to_string()).collect()
    };
    let mut posyandu_months = column(&mut book, "Posyandu", 2);
    posyandu_months.sort();
    posyandu_months.dedup();
    let mut report_months = column(&mut book, "Laporan", 4);
    report_months.sort();
    Book { posyandu_months, report_months }
}

on_both_databases! {
    figures_near_the_target_rates_silence_and_new_posyandu_read_right => |test: TestDb| async move {
        let test = test.with_regions().await;
        let mawar = test.add_posyandu("Posyandu Mawar", "73.24.01.2001").await;
        let melati = test.add_posyandu("Posyandu Melati", "73.24.01.2001").await;
        let anggrek = test.add_posyandu("Posyandu Anggrek", "73.24.01.2002").await;
        let code = test.invite(Grant::Official { role: OfficialRole::Dinkes, region: RegionCode::parse("73.24").unwrap() }, 1, 14).await;
        let mut h = Harness::start(test).await;
        let dinkes = h.register(201, "Andi", &code).await;
        let by = h.test_db.scalar("SELECT id FROM person WHERE external_id = '201'").await;
        let with_bgm = |mut values: BTreeMap<String, i64>, bgm: i64| {
            values.insert("BGM".into(), bgm);
            values
        };
        // September: Mawar and Melati, 3 BGM of 90 weighed (3,3 %); Anggrek last reported July.
        report_month(&h, by, mawar, "2026-09", with_bgm(skdn(50, 45, 36), 1)).await;
        report_month(&h, by, melati, "2026-09", with_bgm(skdn(50, 45, 36), 2)).await;
        report_month(&h, by, anggrek, "2026-07", skdn(40, 30, 20)).await;
        // October: Mawar alone, D/S 47/59 = 79,66 %, and 2 BGM of 47 (4,3 %): fewer BGM, a higher rate.
        report_month(&h, by, mawar, "2026-10", with_bgm(skdn(59, 47, 35), 2)).await;

        let october = h.say(&dinkes, "/rekap okt").await;
        assert_says(&october, "D/S 79,7 % (bulan lalu 90 %)");
        assert_says(&october, "D/S KAB. LUWU TIMUR 79,7 %, di bawah target 80 %");
        assert_says(&october, "BGM 2 (4,3 % dari D; bulan lalu 3,3 % dari D)");
        assert_says(&october, "BGM naik: 3,3 % → 4,3 % dari D");
        assert_says(&october, "Posyandu Anggrek (Kasintuwu) belum lapor 3 bulan (terakhir Juli 2026)");
        assert_says(&october, "Rekap Oktober 2026 · KAB. LUWU TIMUR");
        assert_says(&october, "Laporan masuk 1 dari 3 posyandu");

        // November's reports are due by 5 December: its figures are provisional.
        let november = h.say(&dinkes, "/rekap nov").await;
        assert_says(&november, "Rekap November 2026 (sementara, laporan masih bisa masuk) · KAB. LUWU TIMUR");

        // A posyandu registered today owes October's report first; September stays as it was.
        assert_says(&h.say(&dinkes, "/rekap sep").await, "Laporan masuk 2 dari 3 posyandu (67 %)");
        h.test_db.add_posyandu("Posyandu Baru", "73.24.01.2001").await;
        assert_says(&h.say(&dinkes, "/rekap sep").await, "Laporan masuk 2 dari 3 posyandu (67 %)");
        assert_says(&h.say(&dinkes, "/rekap okt").await, "Laporan masuk 1 dari 4 posyandu (25 %)");
    };
}
