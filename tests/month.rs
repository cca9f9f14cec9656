//! The whole posyandu month with the shipped form pack, end to end on
//! Telegram: three kader of one posyandu report its five sections (guided
//! and by quick lines), a red flag reaches the Puskesmas and the Pokja of
//! the desa once and no one else, a posyandu is asked only the stages it
//! serves, a kabupaten's own pack applies to it alone, and the workbook
//! holds every section as stored.

mod common;

use std::sync::Arc;
use std::time::Duration;

use calamine::{Data, Reader};
use common::{Harness, TestDb, assert_says, texts};
use fake_bot_api::SimUser;

use posyandu_bot::domain::form::packs::Forms;
use posyandu_bot::domain::form::{Form, Stage};
use posyandu_bot::domain::region::RegionCode;
use posyandu_bot::domain::role::{Grant, OfficialRole};
use posyandu_bot::store::posyandu;

const WAIT: Duration = Duration::from_secs(15);
/// Long enough for the outbox (it looks every second) to send anything due.
const QUIET: Duration = Duration::from_millis(2500);

/// Posyandu Mawar (Maleku) with three kader, and the officials around it.
struct Scene {
    h: Harness,
    siti: SimUser,
    ani: SimUser,
    dewi: SimUser,
    /// Puskesmas of Kecamatan Mangkutana.
    bidan: SimUser,
    /// Pokja of Desa Maleku.
    budi: SimUser,
    /// Pokja of Desa Kasintuwu, the next desa.
    tono: SimUser,
    /// Dinkes of Kab. Luwu Timur.
    dinkes: SimUser,
}

async fn scene(test: TestDb) -> Scene {
    let test = test.with_regions().await;
    let mawar = test.add_posyandu("Posyandu Mawar", "73.24.01.2001").await;
    let kader = test.invite(Grant::Kader { posyandu_id: mawar }, 3, 14).await;
    let official = |role, code: &str| Grant::Official { role, region: RegionCode::parse(code).unwrap() };
    let bidan = test.invite(official(OfficialRole::Puskesmas, "73.24.01"), 1, 14).await;
    let budi = test.invite(official(OfficialRole::Pokja, "73.24.01.2001"), 1, 14).await;
    let tono = test.invite(official(OfficialRole::Pokja, "73.24.01.2002"), 1, 14).await;
    let dinkes = test.invite(official(OfficialRole::Dinkes, "73.24"), 1, 14).await;
    let mut h = Harness::start_with_form(test, Form::shipped()).await;
    Scene {
        siti: h.register(101, "Siti", &kader).await,
        ani: h.register(102, "Ani", &kader).await,
        dewi: h.register(103, "Dewi", &kader).await,
        bidan: h.register(201, "Bidan Rina", &bidan).await,
        budi: h.register(202, "Budi", &budi).await,
        tono: h.register(203, "Tono", &tono).await,
        dinkes: h.register(204, "Dinkes", &dinkes).await,
        h,
    }
}

/// The balita section by the guided questions: nine SKDN numbers, the
/// optional ILP columns skipped at once, then Kirim. From the choice of the
/// section to Kirim, at most 12 interactions.
async fn balita_guided(h: &mut Harness, siti: &SimUser) -> Vec<fake_bot_api::SentMessage> {
    let m = h.say(siti, "/lapor").await;
    assert_says(&m, "untuk bulan apa?");
    let m = h.tap(siti, "Oktober 2026").await;
    assert_says(&m, "Pilih bagian");
    assert_says(&m, "⏳ Balita dan apras: belum (16 pertanyaan)");
    let mut interactions = 1;
    let m = h.tap(siti, "Balita dan apras").await;
    assert_says(&m, "Langkah 1 dari 16");
    for n in ["45", "43", "40", "32", "5", "1", "2", "1", "0"] {
        h.say(siti, n).await;
        interactions += 1;
    }
    let m = h.tap(siti, "Lewati sisanya").await;
    assert_says(&m, "📋 Ringkasan laporan");
    let sent = h.tap(siti, "Kirim").await;
    interactions += 2;
    assert!(interactions <= 12, "{interactions} interactions");
    sent
}

/// How many messages of `user`'s chat contain `needle`.
fn count(h: &Harness, user: &SimUser, needle: &str) -> usize {
    h.fake.messages(user.id).iter().filter(|m| m.text.contains(needle)).count()
}

on_both_databases! {
    three_kader_report_the_five_sections_and_a_red_flag_reaches_the_desa_once => |test: TestDb| async move {
        let Scene { mut h, siti, ani, dewi, bidan, budi, tono, dinkes } = scene(test).await;

        let sent = balita_guided(&mut h, &siti).await;
        assert_says(&sent, "terkirim");
        assert_says(&sent, "Bagian yang masih belum:\n• Ibu hamil, nifas dan menyusui\n• Usia sekolah dan remaja");

        // A quick line for the pregnant women, with one referred: a red flag.
        let (bidan_seen, budi_seen) = (h.fake.messages(bidan.id).len(), h.fake.messages(budi.id).len());
        let m = h.say(&ani, "lapor okt SHAMIL12 HAMIL10 SNIFAS6 NIFAS5 LILA10 KEK2 RUJI1").await;
        assert_says(&m, "Bagian: Ibu hamil, nifas dan menyusui");
        let m = h.tap(&ani, "Kirim").await;
        assert_says(&m, "P1-202610-IBU-R1");
        for (official, seen) in [(&bidan, bidan_seen), (&budi, budi_seen)] {
            let alert = h.fake.next_message_after(official.id, seen, WAIT).await.expect("the red flag arrives");
            assert!(alert.text.contains("🚩 Perlu tindak lanjut segera\nPosyandu Mawar · Oktober 2026"), "{}", alert.text);
            assert!(alert.text.contains("RUJI: ibu hamil"), "{}", alert.text);
            assert!(alert.text.contains(": 1\nDilaporkan oleh kader Ani"), "{}", alert.text);
        }

        // Corrected the same day: the diff is shown, no one is alerted again.
        let m = h.say(&ani, "lapor okt SHAMIL12 HAMIL10 SNIFAS6 NIFAS5 LILA10 KEK2 RUJI2").await;
        assert_says(&m, "RUJI: 1 → 2");
        h.tap(&ani, "Kirim").await;

        // One line for the other three sections, sent one after the other.
        let line = "lapor okt SANAK80 ANAK30 SREMAJA40 REMAJA12 SDEWASA300 DEWASA45 SLANSIA60 LANSIA20 KDR5";
        let m = h.say(&dewi, line).await;
        assert_says(&m, "Bagian: Usia sekolah dan remaja");
        let m = h.tap(&dewi, "Kirim").await;
        assert_says(&m, "Bagian: Dewasa dan lansia");
        let m = h.tap(&dewi, "Kirim").await;
        assert_says(&m, "Bagian: Kunjungan dan petugas");
        let m = h.tap(&dewi, "Kirim").await;
        assert_says(&m, "Semua bagian bulan ini sudah lengkap");

        let m = h.say(&siti, "/status").await;
        assert_says(&m, "Oktober 2026: ✅ lengkap");
        let m = h.say(&siti, "/lapor").await;
        assert_says(&m, "untuk bulan apa?");
        let m = h.tap(&siti, "Oktober 2026").await;
        assert_says(&m, "✅ Ibu hamil, nifas dan menyusui: sudah, oleh Ani");
        assert_says(&m, "✅ Kunjungan dan petugas: sudah, oleh Dewi");

        let db = &h.test_db;
        assert_eq!(db.scalar("SELECT COUNT(*) FROM report").await, 5);
        assert_eq!(db.scalar("SELECT revision FROM report WHERE section = 'ibu'").await, 2);
        assert_eq!(db.scalar("SELECT COUNT(*) FROM report_total").await, 1, "the digest totals hold the balita block");
        assert_eq!(db.scalar("SELECT value FROM red_flag WHERE code = 'RUJI'").await, 2);
        tokio::time::sleep(QUIET).await;
        for official in [&bidan, &budi] {
            assert_eq!(count(&h, official, "🚩"), 1, "once: {:#?}", texts(&h.fake.messages(official.id)));
        }
        for other in [&tono, &dinkes] {
            assert_eq!(count(&h, other, "🚩"), 0, "not the next desa, not the kabupaten");
        }
        for kader in [&siti, &ani, &dewi] {
            assert_eq!(count(&h, kader, "🚩"), 0);
        }
    };

    the_workbook_holds_each_section_as_stored_and_the_red_flags => |test: TestDb| async move {
        let Scene { mut h, siti, ani, dinkes, .. } = scene(test).await;
        balita_guided(&mut h, &siti).await;
        h.say(&ani, "lapor okt SHAMIL12 HAMIL10 SNIFAS6 NIFAS5 LILA10 KEK2 RUJI1").await;
        h.tap(&ani, "Kirim").await;

        // The digest by section: who sent each, the key figures with their
        // denominators, and the red flags.
        let digest = h.say(&dinkes, "/rekap").await;
        assert_says(&digest, "📋 Per bagian · Oktober 2026");
        assert_says(&digest, "Ibu hamil, nifas dan menyusui: 1 dari 1 posyandu\n· KEK 2 dari 10 LILA (20 %; bulan lalu –)");
        assert_says(&digest, "· RUJI 1 (bulan lalu 0)\n🚩 1 tanda bahaya");
        assert_says(&digest, "Usia sekolah dan remaja: 0 dari 1 posyandu");
        let sent = h.tap(&dinkes, "Unduh Excel").await;
        let file = sent[0].attachment.as_ref().expect("a document");
        let mut book = calamine::Xlsx::new(std::io::Cursor::new(file.bytes.clone())).expect("an xlsx");
        let sheets = book.sheet_names();
        assert_eq!(sheets[3..], ["Balita", "Ibu hamil, nifas, menyusui", "Usia sekolah dan remaja", "Dewasa dan lansia", "Kunjungan dan petugas", "Tanda bahaya"]);
        let ibu = book.worksheet_range("Ibu hamil, nifas, menyusui").unwrap();
        let header: Vec<String> = ibu.rows().next().unwrap().iter().map(Data::to_string).collect();
        let form = Form::shipped();
        let codes: Vec<&str> = form.section("ibu").unwrap().indicators.iter().map(|i| i.code.as_str()).collect();
        assert_eq!(header[5..5 + codes.len()], codes[..], "one column per indicator, in the form's order");
        let row: Vec<String> = ibu.rows().nth(1).unwrap().iter().map(Data::to_string).collect();
        let cell = |code: &str| row[5 + codes.iter().position(|c| *c == code).unwrap()].clone();
        assert_eq!((cell("SHAMIL"), cell("HAMIL"), cell("KEK"), cell("RUJI"), cell("TTD")), ("12".into(), "10".into(), "2".into(), "1".into(), String::new()));
        assert_eq!(ibu.rows().count(), 2, "a header and Mawar's October");
        let flags = book.worksheet_range("Tanda bahaya").unwrap();
        let flag: Vec<String> = flags.rows().nth(1).unwrap().iter().map(Data::to_string).collect();
        assert_eq!(flag[..8], ["2026-10", "73.24.01.2001", "Maleku", "Posyandu Mawar", "ibu", "RUJI", "1", "Ani"]);
    };

    a_posyandu_is_asked_only_the_stages_it_serves => |test: TestDb| async move {
        let test = test.with_regions().await;
        let melati = test.add_posyandu("Posyandu Melati", "73.24.01.2001").await;
        let code = test.invite(Grant::Kader { posyandu_id: melati }, 1, 14).await;
        assert!(posyandu::set_stages(&test.db, melati, Some(&[Stage::Balita, Stage::Dewasa])).await.unwrap());
        let mut h = Harness::start_with_form(test, Form::shipped()).await;
        let rina = h.register(101, "Rina", &code).await;
        h.say(&rina, "/lapor").await;
        let m = h.tap(&rina, "Oktober 2026").await;
        let labels: Vec<&str> = m.last().unwrap().buttons.iter().flatten().map(|b| b.text.as_str()).collect();
        assert_eq!(labels, ["Balita dan apras", "Dewasa dan lansia", "Kunjungan dan petugas", "✖️ Batal"]);
        let m = h.say(&rina, "lapor okt SREMAJA40 REMAJA12").await;
        assert_says(&m, "SREMAJA termasuk bagian Usia sekolah dan remaja, yang tidak dilayani posyandu ini");
        assert_eq!(h.test_db.scalar("SELECT COUNT(*) FROM report").await, 0);
    };

    a_kabupaten_s_own_pack_applies_to_its_posyandu_only => |test: TestDb| async move {
        let test = test.with_regions().await;
        let mawar = test.add_posyandu("Posyandu Mawar", "73.24.01.2001").await;
        let pattimang = test.add_posyandu("Posyandu Pattimang", "73.22.01.2001").await;
        let mawar_code = test.invite(Grant::Kader { posyandu_id: mawar }, 1, 14).await;
        let utara_code = test.invite(Grant::Kader { posyandu_id: pattimang }, 1, 14).await;
        // Luwu Utara keeps the older one-section form.
        let own = Form { regions: vec!["73.22".into()], version: "luwu-utara-1".into(), ..(*common::legacy_form()).clone() };
        let forms = Forms::new(Form::shipped(), vec![Arc::new(own)]).unwrap();
        let mut h = Harness::start_with_forms(test, Arc::new(forms)).await;
        let siti = h.register(101, "Siti", &mawar_code).await;
        let yani = h.register(102, "Yani", &utara_code).await;
        h.say(&siti, "/lapor").await;
        assert_says(&h.tap(&siti, "Oktober 2026").await, "Pilih bagian");
        h.say(&yani, "/lapor").await;
        assert_says(&h.tap(&yani, "Oktober 2026").await, "Langkah 1 dari 11");
    };
}

mod on_whatsapp {
    use super::*;
    use common::whatsapp::WaHarness;
    use fake_graph_api::MessageKind;

    fn said(messages: &[fake_graph_api::SentMessage], needle: &str) -> bool {
        messages.iter().any(|m| m.text.contains(needle))
    }

    on_both_databases! {
        a_kader_picks_a_section_by_its_number_and_a_red_flag_reaches_the_pokja => |test: TestDb| async move {
            let test = test.with_regions().await;
            let mawar = test.add_posyandu("Posyandu Mawar", "73.24.01.2001").await;
            let kader = test.invite(Grant::Kader { posyandu_id: mawar }, 2, 14).await;
            let region = RegionCode::parse("73.24.01.2001").unwrap();
            let pokja = test.invite(Grant::Official { role: OfficialRole::Pokja, region }, 1, 14).await;
            let mut h = WaHarness::start_with_forms(test, Arc::new(Forms::shipped())).await;
            let siti = h.register("6281234500001", "Siti", &kader).await;
            let budi = h.register("6281234500009", "Budi", &pokja).await;

            h.say(&siti, "lapor").await;
            let m = h.tap(&siti, "Oktober 2026").await;
            let choice = m.last().unwrap();
            assert_eq!(choice.kind, MessageKind::List, "five sections: a list");
            assert!(said(&m, "Pilih bagian"), "{:#?}", common::whatsapp::texts(&m));
            let m = h.say(&siti, "5").await;
            assert!(said(&m, "Langkah 1 dari 15"), "{:#?}", common::whatsapp::texts(&m));
            // The visitors are optional; the kader present is not.
            let mut m = m;
            for _ in 0..8 {
                m = h.tap(&siti, "Lewati").await;
            }
            assert!(said(&m, "KDR: kader yang hadir"), "{:#?}", common::whatsapp::texts(&m));
            h.say(&siti, "6").await;
            for _ in 0..6 {
                m = h.tap(&siti, "Lewati").await;
            }
            assert!(said(&m, "Bagian: Kunjungan dan petugas"), "{:#?}", common::whatsapp::texts(&m));
            let m = h.tap(&siti, "Kirim").await;
            assert!(said(&m, "Bagian yang masih belum:"), "{:#?}", common::whatsapp::texts(&m));

            let seen = h.fake.message_count(&budi.wa_id);
            h.say(&siti, "lapor okt SDEWASA300 DEWASA45 SLANSIA60 LANSIA20 SRQ30 SRQX1").await;
            h.tap(&siti, "Kirim").await;
            let alert = h.wait_for_messages(&budi, seen + 1).await;
            let alert = &alert[seen];
            assert!(alert.text.contains("🚩") && alert.text.contains("SRQX") && alert.text.contains(": 1\n"), "{}", alert.text);
            assert_eq!(h.test_db.scalar("SELECT COUNT(*) FROM red_flag").await, 1);
            assert_eq!(h.test_db.scalar("SELECT COUNT(*) FROM report").await, 2);
        };
    }
}

/// The release before sections: its migrations, and an October SKDN
/// report of Posyandu Mawar stored as it stored them (with the vitamin A,
/// pregnant women and kader numbers of its one-section form).
async fn before_sections(test: TestDb) {
    let test = test.with_regions().await;
    let mawar = test.add_posyandu("Posyandu Mawar", "73.24.01.2001").await;
    let figures = r#"{"2T":0,"B":2,"BGM":1,"BUMIL":4,"D":40,"K":43,"KADER":5,"N":32,"O":1,"S":45,"T":5}"#;
    let at = "2026-11-03T02:00:00Z";
    for sql in [
        format!(
            "INSERT INTO person (id, channel, external_id, name, language, created_at) VALUES (1, 'telegram', '101', 'Siti', 'id', '{at}')"
        ),
        format!(
            "INSERT INTO report (id, posyandu_id, periode, revision, form_version, updated_by, updated_at) VALUES (1, {mawar}, '2026-10', 1, 'skdn-2026.1', 1, '{at}')"
        ),
        format!(
            "INSERT INTO report_revision (report_id, revision, person_id, form_version, figures, changed, confirmed, created_at) VALUES (1, 1, 1, 'skdn-2026.1', '{figures}', '{{}}', '[]', '{at}')"
        ),
        format!(
            "INSERT INTO report_total (periode, desa_code, posyandu_id, first_sent_at, s, k, d, n, t, o, b, bgm, two_t) VALUES ('2026-10', '73.24.01.2001', {mawar}, '{at}', 45, 43, 40, 32, 5, 1, 2, 1, 0)"
        ),
    ] {
        test.execute(&sql).await;
    }
    let values: serde_json::Map<String, serde_json::Value> = serde_json::from_str(figures).unwrap();
    for (code, value) in values {
        test.execute(&format!("INSERT INTO report_value (report_id, code, value, periode, desa_code, posyandu_id) VALUES (1, '{code}', {value}, '2026-10', '73.24.01.2001', {mawar})")).await;
    }
    test.db.migrate().await.unwrap();
    upgraded(test, mawar).await;
}

/// After the upgrade: the report is the balita section of its month, with
/// every number; the digest and the workbook show it as before.
async fn upgraded(test: TestDb, mawar: i64) {
    let october = posyandu_bot::domain::periode::Periode::new(2026, 10).unwrap();
    let mut tx = test.db.begin().await.unwrap();
    let lookup = posyandu_bot::store::reports::lookup(&mut tx, mawar, october).await.unwrap();
    let balita = &lookup.current["balita"];
    assert_eq!((balita.revision, balita.values["D"], balita.values["BUMIL"], balita.by.as_str()), (1, 40, 4, "Siti"));
    assert_eq!(lookup.current.len(), 1);
    let settings = posyandu_bot::domain::digest::Settings::default();
    let area = RegionCode::parse("73.24").unwrap();
    let digest = posyandu_bot::store::digest::area(&mut tx, Some(&area), october, &settings).await.unwrap();
    let totals = digest.this_month.totals;
    assert_eq!((totals.s, totals.k, totals.d, totals.n), (45, 43, 40, 32));
    assert_eq!((digest.this_month.completeness.expected, digest.this_month.completeness.reported), (1, 1));
    let request = posyandu_bot::export::Request {
        area,
        from: october,
        to: october,
        settings,
        lang: posyandu_bot::domain::lang::Lang::Id,
    };
    let mut out = std::io::Cursor::new(Vec::new());
    posyandu_bot::export::write_xlsx(&mut tx, &Form::shipped(), &request, &mut out).await.unwrap().unwrap();
    tx.commit().await.unwrap();
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(out.into_inner())).unwrap();
    let sheet = book.worksheet_range("Balita").unwrap();
    let rows: Vec<Vec<String>> = sheet.rows().map(|r| r.iter().map(Data::to_string).collect()).collect();
    let column = |code: &str| rows[0].iter().position(|h| h == code).unwrap_or_else(|| panic!("no column {code}"));
    assert_eq!(rows.len(), 2);
    for (code, value) in [("S", "45"), ("D", "40"), ("2T", "0"), ("BUMIL", "4"), ("KADER", "5")] {
        assert_eq!(rows[1][column(code)], value, "{code}");
    }
}

/// The first migration of sections.
const SECTIONS: i64 = 20261204000001;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn skdn_reports_from_before_the_upgrade_are_the_balita_section_unchanged_sqlite() {
    before_sections(TestDb::sqlite_before(SECTIONS).await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn skdn_reports_from_before_the_upgrade_are_the_balita_section_unchanged_postgres() {
    if let Some(test) = TestDb::postgres_before(SECTIONS).await {
        before_sections(test).await;
    }
}

/// Saves `section` of `posyandu`'s November with `values`, as sent by `by`.
async fn save_section(h: &Harness, by: i64, posyandu: i64, section: &str, values: &[(&str, i64)]) {
    use posyandu_bot::domain::report::Submission;
    use posyandu_bot::store::reports;
    let submission = Submission {
        posyandu_id: posyandu,
        periode: posyandu_bot::domain::periode::Periode::new(2026, 11).unwrap(),
        section: section.into(),
        form_version: Form::shipped().version.clone(),
        values: values.iter().map(|(c, v)| (c.to_string(), *v)).collect(),
        confirmed: vec![],
        base: None,
    };
    let mut tx = h.test_db.db.begin().await.unwrap();
    reports::save(&mut tx, by, &submission, h.clock.now()).await.unwrap();
    tx.commit().await.unwrap();
}

on_both_databases! {
    a_kader_whose_month_is_incomplete_is_reminded_of_the_sections_still_missing => |test: TestDb| async move {
        let test = test.with_regions().await;
        let [mawar, melati, anggrek] = [
            test.add_posyandu("Posyandu Mawar", "73.24.01.2001").await,
            test.add_posyandu("Posyandu Melati", "73.24.01.2001").await,
            test.add_posyandu("Posyandu Anggrek", "73.24.01.2002").await,
        ];
        let mut codes = Vec::new();
        for posyandu_id in [mawar, melati, anggrek] {
            codes.push(test.invite(Grant::Kader { posyandu_id }, 1, 14).await);
        }
        // Anggrek serves the balita stage only (and reports its visitors).
        posyandu::set_stages(&test.db, anggrek, Some(&[Stage::Balita])).await.unwrap();
        let mut h = Harness::start_with_form(test, Form::shipped()).await;
        let siti = h.register(101, "Siti", &codes[0]).await;
        let rina = h.register(102, "Rina", &codes[1]).await;
        let dewi = h.register(103, "Dewi", &codes[2]).await;
        let by = h.test_db.scalar("SELECT id FROM person WHERE external_id = '101'").await;
        let balita = [("S", 40), ("K", 40), ("D", 30), ("N", 20), ("T", 5), ("O", 3), ("B", 2), ("BGM", 0), ("2T", 0)];
        save_section(&h, by, mawar, "balita", &balita).await;
        save_section(&h, by, anggrek, "balita", &balita).await;
        save_section(&h, by, anggrek, "kunjungan", &[("KDR", 4)]).await;

        // November's reminders: 08:00 WITA on 1 December.
        let before: Vec<usize> = [&siti, &rina, &dewi].iter().map(|u| h.fake.messages(u.id).len()).collect();
        h.clock.advance(chrono::DateTime::parse_from_rfc3339("2026-12-01T00:00:00Z").unwrap().with_timezone(&chrono::Utc) - h.clock.now());
        let m = h.fake.next_message_after(siti.id, before[0], WAIT).await.expect("Siti is reminded");
        assert!(m.text.contains("Laporan November 2026 dari posyandu Bapak/Ibu sudah masuk sebagian"), "{}", m.text);
        let m = h.fake.next_message_after(rina.id, before[1], WAIT).await.expect("Rina is reminded");
        assert!(m.text.contains("belum kami terima"), "{}", m.text);
        tokio::time::sleep(QUIET).await;
        assert_eq!(h.fake.messages(dewi.id).len(), before[2], "Anggrek sent every section it serves");
        assert_eq!(h.fake.messages(siti.id).len(), before[0] + 1, "one reminder");
    };
}
