//! WhatsApp end to end: the real bot with its webhook server and Graph API
//! client against the fake Graph API, which plays Meta (signed webhooks from
//! simulated users, WhatsApp's limits checked on everything the bot sends).

mod common;

use std::collections::HashMap;
use std::io::Cursor;
use std::time::Duration;

use calamine::Reader;
use chrono::{DateTime, TimeZone, Utc};
use common::whatsapp::{VERIFY_TOKEN, WaHarness, texts};
use common::{TestDb, assert_any};
use fake_graph_api::{MessageKind, SentMessage, Signature, SimUser, StatusKind, StatusMode};
use posyandu_bot::cli::meeting::{self, CreateMeeting};
use posyandu_bot::domain::region::RegionCode;
use posyandu_bot::domain::role::{Grant, OfficialRole};
use posyandu_bot::store::{Db, inbox};

const WAIT: Duration = Duration::from_secs(15);

/// A harness with Posyandu Mawar and an invite (ten uses) for its kader.
async fn setup(db: TestDb) -> (WaHarness, String) {
    let db = db.with_regions().await;
    let posyandu = db.add_posyandu("Posyandu Mawar", "73.24.01.2001").await;
    let code = db.invite(Grant::Kader { posyandu_id: posyandu }, 10, 14).await;
    (WaHarness::start(db).await, code)
}

/// The rows the database holds of what users did: nothing, before anyone
/// got through.
async fn traces(h: &WaHarness) -> i64 {
    h.test_db
        .scalar(
            "SELECT (SELECT COUNT(*) FROM seen_update) + (SELECT COUNT(*) FROM dialogue)
                          + (SELECT COUNT(*) FROM outbox)",
        )
        .await
}

on_both_databases! {
    meta_verifies_the_webhook_with_the_verify_token_only => |db: TestDb| async move {
        let (h, _) = setup(db).await;
        let answer = h.fake.verify_webhook(VERIFY_TOKEN, "1158201444").await;
        assert_eq!((answer.status, answer.body.as_str()), (200, "1158201444"));
        assert_eq!(h.fake.verify_webhook("wrong-token", "1158201444").await.status, 403);
        let unsubscribe = [("hub.mode", "unsubscribe"), ("hub.verify_token", VERIFY_TOKEN), ("hub.challenge", "1")];
        assert_eq!(h.fake.verify_webhook_with(&unsubscribe).await.status, 403);
        assert_eq!(h.fake.verify_webhook_with(&[]).await.status, 403);
    };

    forged_or_changed_webhooks_are_refused_and_change_nothing => |db: TestDb| async move {
        let (h, code) = setup(db).await;
        let siti = h.user("6281234500001", "Siti Aminah");
        for signature in [Signature::Missing, Signature::Wrong, Signature::BodyChangedAfterSigning] {
            let answer = h.fake.send_text_signed(&siti, &code, signature).await;
            assert_eq!(answer.status, 401, "{signature:?}");
        }
        let garbage = h.fake.post_webhook(b"not json at all".to_vec(), Some("sha256=00".into())).await;
        assert_eq!(garbage.status, 401);
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(traces(&h).await, 0);
        assert!(h.fake.messages(&siti.wa_id).is_empty());
        assert_eq!(h.test_db.scalar("SELECT COUNT(*) FROM person").await, 0);
    };

    a_message_meta_delivers_twice_is_answered_once => |db: TestDb| async move {
        let (mut h, code) = setup(db).await;
        let siti = h.user("6281234500001", "Siti Aminah");
        let before = h.fake.message_count(&siti.wa_id);
        let inbound = h.fake.send_text(&siti, &code).await;
        let first = h.settle(&siti, before).await;
        assert_any(&texts(&first), "Siti Aminah");
        assert_eq!(h.fake.redeliver(&inbound.wamid).await.status, 200);
        // Kept once in the inbox, or a duplicate for the engine: either way, done.
        wait_until(&h, "SELECT COUNT(*) FROM inbox", 0).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(h.fake.message_count(&siti.wa_id), before + first.len(), "answered twice");
        assert_eq!(h.test_db.scalar("SELECT COUNT(*) FROM seen_update WHERE channel = 'whatsapp'").await, 1);
    };

    kader_register_with_the_wa_me_text_or_the_bare_code => |db: TestDb| async move {
        let (mut h, code) = setup(db).await;
        // The wa.me link fills in "DAFTAR ABCD-EFGH".
        let siti = h.register("6281234500001", "Siti Aminah", &format!("DAFTAR {code}")).await;
        let ani = h.register("6281234500002", "Ani", &code.to_lowercase()).await;
        let names = h.test_db.scalar("SELECT COUNT(*) FROM person WHERE channel = 'whatsapp'
                                      AND external_id IN ('6281234500001', '6281234500002')").await;
        assert_eq!(names, 2);
        let m = h.say(&siti, "/status").await;
        assert_any(&texts(&m), "Oktober 2026");
        // Asked with three buttons at most: reply buttons, whole titles.
        let m = h.say(&ani, "halo").await;
        assert!(m.iter().all(|m| m.buttons.iter().all(|b| b.title.chars().count() <= 20)));
        // A sticker, a voice note: a friendly word asking for text.
        let before = h.fake.message_count(&siti.wa_id);
        h.fake.send_message(&siti, serde_json::json!({ "type": "sticker", "sticker": { "id": "9" } })).await;
        assert_any(&texts(&h.settle(&siti, before).await), "hanya bisa membaca tulisan dan tombol");
        let stranger = h.user("6281234500009", "Tamu");
        assert_any(&texts(&h.say(&stranger, "DAFTAR ZZZZ-ZZZZ").await), "ZZZZ-ZZZZ");
        assert_eq!(h.test_db.scalar("SELECT COUNT(*) FROM person").await, 2);
    };

    a_guided_report_a_one_line_report_and_a_correction => |db: TestDb| async move {
        let (mut h, code) = setup(db).await;
        let siti = h.register("6281234500001", "Siti Aminah", &code).await;
        let m = h.say(&siti, "lapor").await;
        assert_any(&texts(&m), "untuk bulan apa?");
        let last = m.last().unwrap();
        assert_eq!(last.kind, MessageKind::Buttons, "two months: reply buttons");
        h.tap(&siti, "Oktober 2026").await;
        for n in ["45", "43", "40", "32", "5", "1", "2", "1", "0"] {
            h.say(&siti, n).await;
        }
        h.tap(&siti, "Lewati").await;
        let m = h.tap(&siti, "Lewati").await;
        assert_any(&texts(&m), "📋 Ringkasan laporan");
        let m = h.tap(&siti, "Kirim").await;
        assert_any(&texts(&m), "Laporan Posyandu Mawar Oktober 2026 terkirim");
        assert_eq!(h.test_db.scalar("SELECT value FROM report_value WHERE code = 'D'").await, 40);

        // A correction: the field list has more than ten choices, numbered;
        // typing the number is the same as pressing the button.
        h.say(&siti, "lapor").await;
        h.tap(&siti, "Oktober 2026").await;
        let m = h.tap(&siti, "Koreksi").await;
        let fields = m.last().unwrap();
        assert_eq!(fields.kind, MessageKind::Text, "{:#?}", texts(&m));
        let line = fields.text.lines().find(|l| l.contains("BGM: 1")).expect("BGM is offered");
        let number = line.split('.').next().unwrap().trim().to_owned();
        assert_any(&texts(&h.say(&siti, &number).await), "BGM: balita di bawah garis merah");
        // Here "2" is the new count, not the second choice.
        let m = h.say(&siti, "2").await;
        assert_any(&texts(&m), "• BGM: 1 → 2");
        let m = h.tap(&siti, "Kirim").await;
        assert_any(&texts(&m), "tersimpan (revisi 2)");
        assert_eq!(h.test_db.scalar("SELECT value FROM report_value WHERE code = 'BGM'").await, 2);

        // The one-line report, by a kader of another posyandu.
        let melati = h.test_db.add_posyandu("Posyandu Melati", "73.24.01.2002").await;
        let invite = h.test_db.invite(Grant::Kader { posyandu_id: melati }, 1, 14).await;
        let ani = h.register("6281234500002", "Ani", &invite).await;
        let m = h.say(&ani, "lapor S45 K43 D40 N32 T5 O1 B2 BGM1 2T0 BUMIL4").await;
        assert_any(&texts(&m), "Ringkasan");
        let m = h.tap(&ani, "Kirim").await;
        assert_any(&texts(&m), "Laporan Posyandu Melati Oktober 2026 terkirim");
        assert_eq!(h.test_db.scalar("SELECT COUNT(*) FROM report").await, 2);
    };

    a_kader_on_whatsapp_answers_a_meeting_invitation => |db: TestDb| async move {
        let (mut h, siti) = meeting_setup(db).await;
        let andi = h.user("6281234500010", "Andi");
        let seen = h.fake.message_count(&siti.wa_id);
        invite_kader(&h).await;
        let all = h.wait_for_messages(&siti, seen + 1).await;
        let invitation = &all[seen];
        assert!(invitation.text.contains("Aula Kantor Camat") && invitation.text.contains("12 Desember 2026"),
                "{}", invitation.text);
        let titles: Vec<&str> = invitation.buttons.iter().map(|b| b.title.as_str()).collect();
        assert_eq!(titles, ["✅ Hadir", "❌ Tidak bisa hadir", "👥 Diwakilkan"]);
        let m = h.tap(&siti, "Hadir").await;
        assert_any(&texts(&m), "tercatat: Hadir");
        assert_eq!(h.test_db.scalar("SELECT COUNT(*) FROM invitation WHERE answer = 'yes'").await, 1);
        // The organizer got the status once; WhatsApp cannot edit it.
        assert!(h.fake.messages(&andi.wa_id).iter().any(|m| m.text.contains("Terkirim")));

        // Four kinds of meeting and Batal: a list; a picked row is the same as a button.
        h.say(&andi, "rapat").await;
        let m = h.tap(&andi, "Rapat baru").await;
        let kinds = m.last().unwrap();
        assert_eq!((kinds.kind, kinds.rows.len()), (MessageKind::List, 5), "{:#?}", texts(&m));
        assert_eq!(kinds.list_button.as_deref(), Some("Pilih"));
        let m = h.tap(&andi, "Rakor").await;
        assert_any(&texts(&m), "judul");
        assert_any(&texts(&h.say(&andi, "batal").await), "Dibatalkan");
    };

    an_invitation_outside_the_window_goes_as_its_template_and_follows_once_the_kader_writes => |db: TestDb| async move {
        let (mut h, siti) = meeting_setup(db).await;
        // Siti last wrote over a day ago, on both clocks.
        h.clock.advance(chrono::Duration::hours(25));
        h.fake.advance_clock(DAY_AND_AN_HOUR);
        let seen = h.fake.message_count(&siti.wa_id);
        invite_kader(&h).await;
        let template = &h.wait_for_messages(&siti, seen + 1).await[seen];
        assert_eq!(template.kind, MessageKind::Template);
        let used = template.template.as_ref().unwrap();
        assert_eq!((used.name.as_str(), used.language.as_str()), ("undangan_rapat", "id"));
        assert_eq!(used.body_params, ["Rapat Koordinasi Pokjanal / Tim Pembina Posyandu", "Rakor Posyandu Kecamatan"]);
        // The invitation and its calendar entry wait behind one template.
        let held = format!("SELECT COUNT(*) FROM outbox WHERE status = 'held' AND template_id = '{}'", template.wamid);
        wait_until(&h, &held, 2).await;
        // Nothing more until she writes; then the whole invitation, once.
        tokio::time::sleep(Duration::from_millis(1500)).await;
        assert_eq!(h.fake.message_count(&siti.wa_id), seen + 1);
        // She presses the template's quick-reply button: the invitation is the answer.
        h.press_lihat(&siti, &template.wamid).await;
        let invitation = full_invitation(&h, &siti, seen + 1).await;
        assert!(invitation.text.contains("12 Desember 2026"), "{}", invitation.text);
        tokio::time::sleep(Duration::from_millis(500)).await;
        let after = h.fake.messages(&siti.wa_id).split_off(seen + 1);
        assert!(after.iter().all(|m| !m.text.contains("tidak berlaku")), "only the invitation answers Lihat: {:#?}", texts(&after));
        h.say(&siti, "/status").await;
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let all = h.fake.messages(&siti.wa_id);
        assert_eq!(all.iter().filter(|m| m.text.contains("Aula Kantor Camat")).count(), 1, "{:#?}", texts(&all));
        let sent = format!("SELECT COUNT(*) FROM outbox WHERE status = 'sent' AND template_id = '{}'", template.wamid);
        wait_until(&h, &sent, 2).await;
    };

    a_template_unanswered_for_a_day_no_longer_silences_the_next_message => |db: TestDb| async move {
        let (mut h, siti) = meeting_setup(db).await;
        h.clock.advance(chrono::Duration::hours(25));
        h.fake.advance_clock(DAY_AND_AN_HOUR);
        let seen = h.fake.message_count(&siti.wa_id);
        invite_kader(&h).await;
        let first = h.wait_for_messages(&siti, seen + 1).await[seen].clone();
        assert_eq!(first.kind, MessageKind::Template);
        let behind_first = format!("SELECT COUNT(*) FROM outbox WHERE status = 'held' AND template_id = '{}'", first.wamid);
        wait_until(&h, &behind_first, 2).await;
        // An hour later a second invitation waits behind the same template.
        h.clock.advance(chrono::Duration::hours(1));
        h.fake.advance_clock(Duration::from_secs(3600));
        invite_kader(&h).await;
        wait_until(&h, &behind_first, 4).await;
        assert_eq!(h.fake.message_count(&siti.wa_id), seen + 1, "{:#?}", texts(&h.fake.messages(&siti.wa_id)));
        // A day later she has still not answered: the third brings its own template.
        h.clock.advance(chrono::Duration::hours(24));
        h.fake.advance_clock(Duration::from_secs(24 * 3600));
        invite_kader(&h).await;
        let second = h.wait_for_messages(&siti, seen + 2).await[seen + 1].clone();
        assert_eq!(second.kind, MessageKind::Template);
        assert_ne!(second.wamid, first.wamid);
        // She answers it: all three invitations come, each once.
        h.press_lihat(&siti, &second.wamid).await;
        // Six messages (each invitation and its calendar link), one chat's at a pace.
        h.wait_for_messages(&siti, seen + 2 + 6).await;
        let unsent = "SELECT COUNT(*) FROM outbox WHERE chat_id = '6281234500001' AND status <> 'sent'";
        wait_until(&h, unsent, 0).await;
        let all = h.fake.messages(&siti.wa_id);
        assert_eq!(all.len(), seen + 2 + 6, "{:#?}", texts(&all));
        assert_eq!(all.iter().filter(|m| m.text.contains("Aula Kantor Camat")).count(), 3, "{:#?}", texts(&all));
    };

    inside_the_window_an_invitation_is_a_normal_message => |db: TestDb| async move {
        let (h, siti) = meeting_setup(db).await;
        h.clock.advance(chrono::Duration::hours(23));
        h.fake.advance_clock(Duration::from_secs(23 * 3600));
        let seen = h.fake.message_count(&siti.wa_id);
        invite_kader(&h).await;
        let invitation = &h.wait_for_messages(&siti, seen + 1).await[seen];
        assert!(invitation.template.is_none() && invitation.text.contains("Aula Kantor Camat"), "{invitation:#?}");
    };

    meta_refusing_131047_on_a_skewed_clock_leads_to_the_template => |db: TestDb| async move {
        let (h, siti) = meeting_setup(db).await;
        // Meta's clock is a day ahead of the bot's: the bot thinks the window is open.
        h.fake.advance_clock(DAY_AND_AN_HOUR);
        let seen = h.fake.message_count(&siti.wa_id);
        invite_kader(&h).await;
        let template = &h.wait_for_messages(&siti, seen + 1).await[seen];
        assert_eq!(template.template.as_ref().map(|t| t.name.as_str()), Some("undangan_rapat"), "{template:#?}");
        let held = format!("SELECT COUNT(*) FROM outbox WHERE status = 'held' AND template_id = '{}'", template.wamid);
        wait_until(&h, &held, 1).await;
    };

    an_undeliverable_number_marks_the_person_unreachable => |db: TestDb| async move {
        let (mut h, code) = setup(db).await;
        let siti = h.register("6281234500001", "Siti Aminah", &code).await;
        let ani = h.register("6281234500002", "Ani", &code).await;
        // Meta refuses at once…
        h.fake.block_user(&siti.wa_id);
        h.fake.send_text(&siti, "/status").await;
        h.settle_many(1).await;
        let unreachable = "SELECT COUNT(*) FROM person WHERE unreachable_at IS NOT NULL AND external_id = ";
        assert_eq!(h.test_db.scalar(&format!("{unreachable}'{}'", siti.wa_id)).await, 1);
        assert_eq!(h.test_db.scalar("SELECT COUNT(*) FROM outbox WHERE status = 'unreachable'").await, 1);
        // …or later, in a failed status.
        let sent = h.fake.last_message(&ani.wa_id).unwrap();
        let failed = StatusKind::Failed { code: 131026, title: "Message undeliverable".into() };
        assert_eq!(h.fake.post_status(&ani.wa_id, &sent.wamid, failed).await.answer, 200);
        let query = format!("{unreachable}'{}'", ani.wa_id);
        wait_until(&h, &query, 1).await;
        let row = format!("SELECT COUNT(*) FROM outbox WHERE platform_id = '{}' AND status = 'failed'
                           AND delivery = 'failed'", sent.wamid);
        assert_eq!(h.test_db.scalar(&row).await, 1);
    };

    delivery_statuses_are_recorded_and_never_go_back => |db: TestDb| async move {
        let (mut h, code) = setup(db).await;
        h.fake.set_statuses(StatusMode::OutOfOrder);
        let siti = h.user("6281234500001", "Siti Aminah");
        let m = h.say(&siti, &code).await;
        h.fake.wait_for_status_posts(2 * m.len(), WAIT).await;
        let last = &m.last().unwrap().wamid;
        wait_until(&h, &format!("SELECT COUNT(*) FROM outbox WHERE platform_id = '{last}' AND delivery = 'delivered'"), 1).await;
        let read = h.fake.post_status(&siti.wa_id, last, StatusKind::Read).await;
        assert_eq!(read.answer, 200);
        wait_until(&h, &format!("SELECT COUNT(*) FROM outbox WHERE platform_id = '{last}' AND delivery = 'read'"), 1).await;
        h.fake.post_status(&siti.wa_id, last, StatusKind::Delivered).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(h.test_db.scalar(&format!("SELECT COUNT(*) FROM outbox WHERE platform_id = '{last}' AND delivery = 'read'")).await, 1);
    };

    an_official_gets_charts_as_images_and_the_workbook_as_a_document_each_uploaded_once => |db: TestDb| async move {
        let (mut h, andi) = rekap_setup(db).await;
        let digest = h.say(&andi, "/rekap").await;
        let images: Vec<&SentMessage> = digest.iter().filter(|m| m.kind == MessageKind::Image).collect();
        assert_eq!(images.len(), 2, "the trend and the ranking: {:#?}", texts(&digest));
        // The summary fits under its chart; the ranking's buttons follow its chart.
        assert!(images[0].text.contains("Rekap Oktober 2026 · KAB. LUWU TIMUR"), "{}", images[0].text);
        assert!(images[1].text.is_empty());
        for image in &images {
            assert_png(&h, image);
        }
        assert_any(&texts(&digest), "Kecamatan menurut D/S");
        assert_eq!(h.fake.uploads().len(), 2);

        // The workbook: a document with its name, that opens as the workbook.
        let sent = h.tap(&andi, "Unduh Excel").await;
        let [document] = sent.as_slice() else { panic!("one document: {:#?}", texts(&sent)) };
        assert_eq!(document.kind, MessageKind::Document);
        // The caption names the area as the digest does.
        assert!(document.text.starts_with("📥 Rekap KAB. LUWU TIMUR, November 2025 – Oktober 2026"), "the caption: {}", document.text);
        let media = document.media.as_ref().expect("a media id");
        assert_eq!(media.filename.as_deref(), Some("rekap-73.24-2025-11-2026-10.xlsx"));
        let file = h.fake.media(&media.id).expect("uploaded");
        assert_eq!(file.mime, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        let mut book = calamine::Xlsx::new(Cursor::new(file.bytes)).expect("an xlsx");
        assert_eq!(book.sheet_names(), ["Kecamatan", "Desa", "Posyandu", "Laporan", "Tanda bahaya"]);
        assert_eq!(book.worksheet_range("Laporan").unwrap().height(), 2, "a header and Mawar's report");

        // The same charts again: sent by the same ids, not uploaded again.
        let again = h.say(&andi, "/rekap").await;
        assert_eq!(media_ids(&again), media_ids(&digest));
        assert_eq!(h.fake.uploads().len(), 3);

        // Meta dropped the trend chart's upload early: refused once, uploaded again.
        let charts = media_ids(&digest);
        h.fake.expire_media(&charts[0]);
        let refreshed = h.say(&andi, "/rekap").await;
        let ids = media_ids(&refreshed);
        assert_eq!(ids.len(), 2, "{:#?}", texts(&refreshed));
        assert!(ids[0] != charts[0] && ids[1] == charts[1], "{ids:?} after {charts:?}");
        assert_png(&h, &refreshed[0]);
        assert!(refreshed[0].text.contains("Rekap Oktober 2026"), "the caption stays");
        assert_eq!(h.fake.uploads().len(), 4);

        // A month on, Meta has forgotten them: uploaded anew.
        h.clock.advance(chrono::Duration::days(30));
        h.fake.advance_clock(Duration::from_secs(30 * 24 * 3600));
        let later = h.say(&andi, "/rekap okt").await;
        assert_any(&texts(&later), "Rekap Oktober 2026 · KAB. LUWU TIMUR");
        let (old, new) = (media_ids(&digest), media_ids(&later));
        assert_eq!(new.len(), 2);
        assert!(new.iter().all(|id| !old.contains(id)), "{old:?} reused after 30 days");
        assert_eq!(h.fake.uploads().len(), 6);
        for image in later.iter().filter(|m| m.kind == MessageKind::Image) {
            assert_png(&h, image);
        }
    };

    every_ranked_area_can_be_opened_from_the_lists_the_lowest_too => |db: TestDb| async move {
        let (mut h, andi) = big_kabupaten(db).await;
        let digest = h.say(&andi, "/rekap").await;
        let ranking = lists(&digest);
        let [first] = ranking.as_slice() else { panic!("one list: {:#?}", texts(&digest)) };
        assert!(first.text.ends_with("… dan 4 lainnya"), "{}", first.text);
        assert_eq!(titles(first).len(), 8, "seven kecamatan and the next page: {:?}", titles(first));
        assert_eq!(titles(first).last().unwrap(), "Berikutnya ➡️");
        assert!(digest.last().unwrap().text.contains("Perlu perhatian"), "the alerts come after the list");
        let next = h.tap(&andi, "Berikutnya").await;
        let second = lists(&next)[0];
        assert!(second.text.contains("(8–11 dari 11)") && second.text.contains("\n11. Kec 11: D/S –"), "{}", second.text);
        assert_eq!(titles(second)[3..], ["Kec 11", "⬅️ Sebelumnya"]);
        let mut all: Vec<String> = titles(first)[..7].iter().chain(&titles(second)[..4]).cloned().collect();
        all.sort();
        assert_eq!(all, (1..=11).map(|k| format!("Kec {k:02}")).collect::<Vec<_>>());
        assert_any(&texts(&h.tap(&andi, "Kec 11").await), "Rekap Oktober 2026 · Kec 11");

        // Kec 01: its list of desa stays answerable after the alerts that follow it.
        let kecamatan = h.tap(&andi, "Kec 01").await;
        assert!(kecamatan.last().unwrap().text.contains("Perlu perhatian"), "{:#?}", texts(&kecamatan));
        assert_eq!(titles(lists(&kecamatan)[0])[7..], ["Berikutnya ➡️", "⬆️ Naik satu tingkat"]);
        assert_any(&texts(&h.tap(&andi, "Desa 07").await), "Rekap Oktober 2026 · Desa 07");
        let next = h.tap(&andi, "Berikutnya").await;
        let page = lists(&next)[0];
        assert!(page.text.contains("(8–13 dari 13)") && page.text.contains("\n13. Desa 13: D/S –"), "{}", page.text);
        assert_eq!(titles(page)[5..], ["Desa 13", "⬅️ Sebelumnya", "⬆️ Naik satu tingkat"]);
        let desa = h.tap(&andi, "Desa 13").await;
        assert_any(&texts(&desa), "Rekap Oktober 2026 · Desa 13");
        assert!(texts(&desa).iter().all(|t| !t.contains("belum mengerti")), "{:#?}", texts(&desa));
    };

    a_reply_sent_as_two_messages_records_the_statuses_of_both => |db: TestDb| async move {
        let (mut h, andi) = rekap_setup(db).await;
        let digest = h.say(&andi, "/rekap").await;
        // The ranking: its chart, then its text with the buttons, one outbox row.
        let chart = digest.iter().position(|m| m.kind == MessageKind::Image && m.text.is_empty()).expect("the ranking's chart");
        let (first, last) = (&digest[chart].wamid, &digest[chart + 1].wamid);
        let row = format!("SELECT COUNT(*) FROM outbox WHERE platform_id = '{last}'");
        wait_until(&h, &row, 1).await;
        assert_eq!(h.fake.post_status(&andi.wa_id, first, StatusKind::Delivered).await.answer, 200);
        wait_until(&h, &format!("{row} AND delivery = 'delivered'"), 1).await;
        assert_eq!(h.fake.post_status(&andi.wa_id, last, StatusKind::Read).await.answer, 200);
        wait_until(&h, &format!("{row} AND delivery = 'read'"), 1).await;
        // Either part failing fails the reply.
        let failed = StatusKind::Failed { code: 131026, title: "Message undeliverable".into() };
        assert_eq!(h.fake.post_status(&andi.wa_id, first, failed).await.answer, 200);
        wait_until(&h, &format!("{row} AND delivery = 'failed' AND status = 'failed'"), 1).await;
        let unreachable = format!("SELECT COUNT(*) FROM person WHERE unreachable_at IS NOT NULL AND external_id = '{}'", andi.wa_id);
        wait_until(&h, &unreachable, 1).await;
    };

    a_whatsapp_invitation_has_a_calendar_link_instead_of_a_file => |db: TestDb| async move {
        let (h, siti) = meeting_setup(db).await;
        let seen = h.fake.message_count(&siti.wa_id);
        invite_kader(&h).await;
        let all = h.wait_for_messages(&siti, seen + 2).await;
        let (invitation, calendar) = (&all[seen], &all[seen + 1]);
        // The date, the time (WITA) and the place are in the invitation itself.
        for needed in ["12 Desember 2026", "09.00", "Aula Kantor Camat"] {
            assert!(invitation.text.contains(needed), "{needed} not in {}", invitation.text);
        }
        assert_eq!(calendar.kind, MessageKind::Text, "no .ics document: {calendar:#?}");
        assert!(h.fake.uploads().is_empty(), "nothing uploaded");
        let (line, link) = calendar.text.split_once('\n').expect("the link on its own line");
        assert_eq!(line, "Simpan ke kalender HP: Rakor Posyandu Kecamatan");
        let link = link.split_once(": ").map(|(_, l)| l).expect("the link");
        assert!(link.starts_with("https://calendar.google.com/calendar/render?"), "{link}");
        let fields: HashMap<String, String> = url::Url::parse(link).unwrap().query_pairs().into_owned().collect();
        assert_eq!(fields["action"], "TEMPLATE");
        assert_eq!(fields["text"], "Rakor Posyandu Kecamatan");
        // 09.00 WITA is 01.00 UTC; two hours.
        assert_eq!(fields["dates"], "20261212T010000Z/20261212T030000Z");
        assert_eq!(fields["location"], "Aula Kantor Camat");
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(h.fake.message_count(&siti.wa_id), seen + 2);
    };

    a_scheduled_digest_outside_the_window_goes_as_one_template_and_follows_on_lihat => |db: TestDb| async move {
        let (mut h, andi) = rekap_setup(db).await;
        for (name, params) in [("rekap_bulanan", 2), ("kabar_laporan_mingguan", 4)] {
            h.fake.approve_template(name, "id", params);
        }
        let by = h.test_db.scalar("SELECT id FROM person WHERE external_id = '6281234500010'").await;
        report(&h, by, "2026-11").await;
        let seen = h.fake.message_count(&andi.wa_id);
        // The month's digest: 6 December, 08.00 WITA; Andi last wrote in November.
        let by = utc(2026, 12, 6, 0, 0) - h.clock.now();
        h.clock.advance(by);
        h.fake.advance_clock(by.to_std().unwrap());
        let template = h.fake.wait_for_message(&andi.wa_id, seen, WAIT).await.expect("the template");
        let used = template.template.as_ref().expect("a template");
        assert_eq!((used.name.as_str(), used.language.as_str()), ("rekap_bulanan", "id"));
        assert_eq!(used.body_params, ["November 2026", "KAB. LUWU TIMUR"]);
        // The digest's three messages wait behind that one template.
        let held = format!("SELECT COUNT(*) FROM outbox WHERE status = 'held' AND template_id = '{}'", template.wamid);
        wait_until(&h, &held, 3).await;
        tokio::time::sleep(Duration::from_millis(1000)).await;
        assert_eq!(h.fake.message_count(&andi.wa_id), seen + 1, "{:#?}", texts(&h.fake.messages(&andi.wa_id)));
        assert!(h.fake.uploads().is_empty());

        h.press_lihat(&andi, &template.wamid).await;
        // The chart and its summary, the ranking's chart and text, the alerts.
        let all = h.wait_for_messages(&andi, seen + 5).await;
        let digest = &all[seen + 1..];
        assert_png(&h, &digest[0]);
        assert!(digest[0].text.contains("Rekap November 2026 · KAB. LUWU TIMUR"), "{}", digest[0].text);
        assert_png(&h, &digest[1]);
        assert_any(&texts(digest), "Kecamatan menurut D/S");
        wait_until(&h, "SELECT COUNT(*) FROM outbox WHERE status = 'held'", 0).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(h.fake.message_count(&andi.wa_id), seen + 5, "{:#?}", texts(digest));
    };

    a_failed_status_131047_holds_the_message_behind_its_template => |db: TestDb| async move {
        let (mut h, siti) = meeting_setup(db).await;
        let seen = h.fake.message_count(&siti.wa_id);
        invite_kader(&h).await;
        let invitation = h.wait_for_messages(&siti, seen + 2).await[seen].clone();
        assert!(invitation.text.contains("Aula Kantor Camat"));
        // Meta took it, then found the window closed.
        let refused = StatusKind::Failed { code: 131047, title: "Re-engagement message".into() };
        assert_eq!(h.fake.post_status(&siti.wa_id, &invitation.wamid, refused).await.answer, 200);
        let template = h.wait_for_messages(&siti, seen + 3).await[seen + 2].clone();
        assert_eq!(template.template.as_ref().map(|t| t.name.as_str()), Some("undangan_rapat"), "{template:#?}");
        let held = format!("SELECT COUNT(*) FROM outbox WHERE status = 'held' AND template_id = '{}'", template.wamid);
        wait_until(&h, &held, 1).await;
        // A second report of the same refusal changes nothing.
        let again = StatusKind::Failed { code: 131047, title: "Re-engagement message".into() };
        h.fake.post_status(&siti.wa_id, &invitation.wamid, again).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(h.fake.message_count(&siti.wa_id), seen + 3);
        // She answers: the invitation comes again, in full.
        h.press_lihat(&siti, &template.wamid).await;
        let resent = full_invitation(&h, &siti, seen + 3).await;
        assert!(resent.template.is_none());
        let sent = format!("SELECT COUNT(*) FROM outbox WHERE status = 'sent' AND template_id = '{}'", template.wamid);
        wait_until(&h, &sent, 1).await;
    };

    one_unreadable_message_does_not_lose_the_others_of_its_post => |db: TestDb| async move {
        let (mut h, code) = setup(db).await;
        let siti = h.register("6281234500001", "Siti Aminah", &code).await;
        let ani = h.user("6281234500002", "Ani");
        let before = h.fake.message_count(&siti.wa_id);
        let broken = serde_json::json!({ "type": "location", "location": { "latitude": "dekat balai desa" } });
        let status = serde_json::json!({ "type": "text", "text": { "body": "/status" } });
        let (_, answer) = h.fake.send_together(&[(&ani, broken), (&siti, status)]).await;
        assert_eq!(answer.status, 200, "Meta would post it again and again");
        let m = h.settle(&siti, before).await;
        assert_any(&texts(&m), "Oktober 2026");
        assert_eq!(h.fake.message_count(&ani.wa_id), 0);
    };

    a_131047_that_comes_after_the_answer_sends_the_message_or_a_new_template => |db: TestDb| async move {
        let (mut h, siti) = meeting_setup(db).await;
        h.clock.advance(chrono::Duration::minutes(10));
        let seen = h.fake.message_count(&siti.wa_id);
        invite_kader(&h).await;
        let sent = h.wait_for_messages(&siti, seen + 2).await;
        let (invitation, calendar) = (sent[seen].clone(), sent[seen + 1].clone());
        assert!(calendar.text.contains("Simpan ke kalender HP"), "{}", calendar.text);
        // Sent at 02:10 by the bot's clock (the outbox marks sends a moment
        // after they went; the clock moves on below).
        let marked = format!("SELECT COUNT(*) FROM outbox WHERE status = 'sent' AND platform_id = '{}'", calendar.wamid);
        wait_until(&h, &marked, 1).await;
        let refused = || StatusKind::Failed { code: 131047, title: "Re-engagement message".into() };
        h.fake.post_status(&siti.wa_id, &invitation.wamid, refused()).await;
        let template = h.wait_for_messages(&siti, seen + 3).await[seen + 2].clone();
        assert!(template.template.is_some(), "{template:#?}");
        let behind = format!("SELECT COUNT(*) FROM outbox WHERE status = 'held' AND template_id = '{}'", template.wamid);
        wait_until(&h, &behind, 1).await;
        h.clock.advance(chrono::Duration::minutes(10));
        h.press_lihat(&siti, &template.wamid).await;
        let resent = full_invitation(&h, &siti, seen + 3).await;
        // The calendar entry's refusal comes only now: she has written
        // since it went, so it goes again at once, with no template.
        h.fake.post_status(&siti.wa_id, &calendar.wamid, refused()).await;
        let again = h.wait_for_messages(&siti, seen + 5).await[seen + 4].clone();
        assert!(again.template.is_none() && again.text.contains("Simpan ke kalender HP"), "{again:#?}");
        // The invitation sent after her answer is refused too: the answered
        // template stands for nothing, so a new one asks again.
        h.fake.post_status(&siti.wa_id, &resent.wamid, refused()).await;
        let notice = h.wait_for_messages(&siti, seen + 6).await[seen + 5].clone();
        let name = notice.template.as_ref().map(|t| t.name.as_str());
        assert_eq!(name, Some("undangan_rapat"), "{notice:#?}");
        assert_ne!(notice.wamid, template.wamid);
        let held = format!("SELECT COUNT(*) FROM outbox WHERE status = 'held' AND template_id = '{}'", notice.wamid);
        wait_until(&h, &held, 1).await;
    };

    numbered_choices_are_forgotten_once_a_message_offers_none => |db: TestDb| async move {
        let (mut h, code) = setup(db).await;
        let siti = h.register("6281234500001", "Siti Aminah", &code).await;
        let stored = "SELECT COUNT(*) FROM whatsapp_chat WHERE choices IS NOT NULL";
        assert_eq!(h.test_db.scalar(stored).await, 0, "nothing numbered was offered");
        open_numbered_fields(&mut h, &siti).await;
        assert_eq!(h.test_db.scalar(stored).await, 1);
        // A message without choices: "1" is text again, not the first field.
        h.say(&siti, "/batal").await;
        assert_eq!(h.test_db.scalar(stored).await, 0);
        let m = h.say(&siti, "1").await;
        assert!(texts(&m).iter().all(|t| !t.contains("semua balita di wilayah")), "{:#?}", texts(&m));
    };

    messages_kept_but_not_answered_when_the_bot_died_are_answered_in_order_at_the_next_start => |db: TestDb| async move {
        let (mut h, code) = setup(db).await;
        let siti = h.register("6281234500001", "Siti Aminah", &code).await;
        h.stop().await;
        // What a run that died right after answering 200 left: two messages
        // of Siti's, the first already in its hands. The rows as this
        // version keeps them: a row kept by the last version must still read.
        let kept = |wamid: &str, text: &str| inbox::Accepted {
            chat_id: siti.wa_id.clone(),
            update_id: wamid.into(),
            event: serde_json::json!({ "Message": { "template_reply": false, "incoming": {
                "channel": "WhatsApp", "update_id": wamid, "chat_id": siti.wa_id, "user_id": siti.wa_id,
                "input": { "Text": text }, "profile_name": "Siti Aminah", "lang_hint": null, "tapped": null } } })
            .to_string(),
        };
        let rows = [kept("wamid.kept-1", "/status"), kept("wamid.kept-2", "/batal")];
        let now = common::start_time();
        // SQLite: one process owns the file, so the next start frees the
        // claim at once. PostgreSQL: the claim ran out (another process may
        // be alive and holding it).
        let lease = match h.test_db.db {
            Db::Sqlite(_) => now + chrono::Duration::days(1),
            Db::Postgres(_) => now - chrono::Duration::seconds(1),
        };
        let claimed = inbox::accept(&h.test_db.db, "whatsapp", &rows, now, lease).await.unwrap();
        assert_eq!(claimed.len(), 1, "the second waits for the first");
        let before = h.fake.message_count(&siti.wa_id);
        h.start_again().await;
        h.settle_many(2).await;
        let m = texts(&h.fake.messages(&siti.wa_id).split_off(before));
        assert_eq!(m.len(), 2, "{m:#?}");
        assert!(m[0].contains("Oktober 2026"), "{m:#?}");
        assert!(m[1].contains("Tidak ada yang sedang berjalan"), "{m:#?}");
        wait_until(&h, "SELECT COUNT(*) FROM inbox", 0).await;
    };

    an_inbox_id_is_never_given_twice_even_once_the_inbox_is_empty => |db: TestDb| async move {
        // A process skips an update whose id it still has in hand: an id
        // given again to a new message would leave that message unanswered.
        let now = common::start_time();
        let row = |n: u32| inbox::Accepted {
            chat_id: "6281234500001".into(),
            update_id: format!("wamid.{n}"),
            event: "{}".into(),
        };
        let first = inbox::accept(&db.db, "whatsapp", &[row(1)], now, now).await.unwrap();
        inbox::done(&db.db, first[0].id).await.unwrap();
        let second = inbox::accept(&db.db, "whatsapp", &[row(2)], now, now).await.unwrap();
        assert!(second[0].id > first[0].id, "{} after {}", second[0].id, first[0].id);
        // The same update delivered again while kept is kept once.
        assert!(inbox::accept(&db.db, "whatsapp", &[row(2)], now, now).await.unwrap().is_empty());
    };

    a_message_while_the_database_fails_gets_the_apology => |db: TestDb| async move {
        let (mut h, code) = setup(db).await;
        let siti = h.register("6281234500001", "Siti Aminah", &code).await;
        open_numbered_fields(&mut h, &siti).await;
        h.test_db.db.close().await;
        // A number picking a field, and a plain word: both get the apology.
        for said in ["3", "halo"] {
            let m = h.say(&siti, said).await;
            assert_eq!(
                texts(&m),
                ["Maaf, ada gangguan di sistem. Pesan Anda belum tersimpan. Coba kirim lagi sebentar lagi."]
            );
        }
    };

    telegram_and_whatsapp_run_in_one_process => |db: TestDb| async move {
        let db = db.with_regions().await;
        let posyandu = db.add_posyandu("Posyandu Mawar", "73.24.01.2001").await;
        let code = db.invite(Grant::Kader { posyandu_id: posyandu }, 10, 14).await;
        let mut h = WaHarness::start_with_telegram(db).await;
        let siti = h.register("6281234500001", "Siti Aminah", &code).await;
        let telegram = h.telegram.as_ref().unwrap();
        let ani = telegram.user(201, "Ani", None, None);
        telegram.push_text(&ani, &code);
        let answer = telegram.next_message_after(ani.id, 0, WAIT).await.expect("Telegram answers");
        assert!(answer.text.contains("Kode diterima"), "{}", answer.text);
        assert_any(&texts(&h.say(&siti, "/status").await), "Oktober 2026");
        let channels = h.test_db.scalar("SELECT COUNT(DISTINCT channel) FROM seen_update").await;
        assert_eq!(channels, 2);
    };
}

/// Siti reports October in one line, then opens its correction: the list
/// of fields, more than ten, comes as numbered choices.
async fn open_numbered_fields(h: &mut WaHarness, siti: &SimUser) {
    h.say(siti, "lapor S45 K43 D40 N32 T5 O1 B2 BGM1 2T0 BUMIL4").await;
    h.tap(siti, "Kirim").await;
    h.say(siti, "lapor").await;
    h.tap(siti, "Oktober 2026").await;
    let m = h.tap(siti, "Koreksi").await;
    assert_eq!(m.last().unwrap().kind, MessageKind::Text, "numbered: {:#?}", texts(&m));
}

/// A day and an hour: past WhatsApp's 24-hour window.
const DAY_AND_AN_HOUR: Duration = Duration::from_secs(25 * 3600);

/// A harness with Andi (a Pokjanal official of 73.24.01) and Siti (a kader
/// of Posyandu Mawar there), both registered on WhatsApp, and the shipped
/// templates approved as Meta would.
async fn meeting_setup(db: TestDb) -> (WaHarness, fake_graph_api::SimUser) {
    let db = db.with_regions().await;
    let mawar = db.add_posyandu("Posyandu Mawar", "73.24.01.2001").await;
    let kader = db.invite(Grant::Kader { posyandu_id: mawar }, 5, 14).await;
    let region = posyandu_bot::domain::region::RegionCode::parse("73.24.01").unwrap();
    let official = db.invite(Grant::Official { role: OfficialRole::Pokjanal, region }, 1, 14).await;
    let mut h = WaHarness::start(db).await;
    for (name, params) in [
        ("undangan_rapat", 2),
        ("pengingat_jawab_undangan", 3),
        ("pengingat_rapat_besok", 3),
        ("pengingat_rapat_segera", 3),
        ("pengingat_laporan_bulanan", 2),
    ] {
        h.fake.approve_template(name, "id", params);
    }
    h.register("6281234500010", "Andi", &official).await;
    let siti = h.register("6281234500001", "Siti Aminah", &kader).await;
    (h, siti)
}

/// Andi invites the kader of 73.24.01 to a rakor on 12 December.
async fn invite_kader(h: &WaHarness) {
    let organizer = h.test_db.scalar("SELECT id FROM person WHERE external_id = '6281234500010'").await;
    let args = CreateMeeting {
        organizer_person_id: organizer,
        kind: "rakor".into(),
        title: "Rakor Posyandu Kecamatan".into(),
        at: "12/12 09.00".into(),
        place: "Aula Kantor Camat".into(),
        agenda: None,
        area: "73.24.01".into(),
        invite: "kader".into(),
        answer_by: None,
    };
    meeting::create(&h.test_db.db, &args, h.clock.now(), 16).await.unwrap().unwrap();
}

/// Waits for the full invitation among `user`'s messages from `from` on.
async fn full_invitation(h: &WaHarness, user: &fake_graph_api::SimUser, from: usize) -> fake_graph_api::SentMessage {
    for _ in 0..100 {
        let found = h.fake.messages(&user.wa_id).into_iter().skip(from).find(|m| m.text.contains("Aula Kantor Camat"));
        if let Some(invitation) = found {
            return invitation;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the full invitation never came: {:#?}", texts(&h.fake.messages(&user.wa_id)));
}

/// Waits until `query` counts `expected` (webhooks are handled after 200).
async fn wait_until(h: &WaHarness, query: &str, expected: i64) {
    for _ in 0..100 {
        if h.test_db.scalar(query).await == expected {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("never true: {query}");
}

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

/// A harness with Posyandu Mawar (73.24.01.2001), its October report, and
/// Andi, the Dinkes of Kab. Luwu Timur (73.24), registered on WhatsApp.
async fn rekap_setup(db: TestDb) -> (WaHarness, SimUser) {
    let db = db.with_regions().await;
    db.add_posyandu("Posyandu Mawar", "73.24.01.2001").await;
    let region = RegionCode::parse("73.24").unwrap();
    let official = db.invite(Grant::Official { role: OfficialRole::Dinkes, region }, 1, 14).await;
    let mut h = WaHarness::start(db).await;
    let andi = h.register("6281234500010", "Andi", &official).await;
    let by = h.test_db.scalar("SELECT id FROM person WHERE external_id = '6281234500010'").await;
    report(&h, by, "2026-10").await;
    (h, andi)
}

/// Kab. Luwu ([`TestDb::with_big_kabupaten`]) with a posyandu in every
/// desa, all reported for October but those of Desa 13 and Kec 11 (so
/// they rank last), and Andi, its Dinkes, registered on WhatsApp.
async fn big_kabupaten(db: TestDb) -> (WaHarness, SimUser) {
    let db = db.with_big_kabupaten().await;
    let mut reporting = Vec::new();
    for (k, d) in (1..=13).map(|d| (1, d)).chain((2..=11).map(|k| (k, 1))) {
        let posyandu =
            db.add_posyandu(&format!("Posyandu {k:02}-{d:02}"), &format!("73.17.{k:02}.{:04}", 2000 + d)).await;
        if d != 13 && k != 11 {
            reporting.push(posyandu);
        }
    }
    let region = RegionCode::parse("73.17").unwrap();
    let official = db.invite(Grant::Official { role: OfficialRole::Dinkes, region }, 1, 14).await;
    let mut h = WaHarness::start(db).await;
    let andi = h.register("6281234500010", "Andi", &official).await;
    let by = h.test_db.scalar("SELECT id FROM person WHERE external_id = '6281234500010'").await;
    for posyandu in reporting {
        h.test_db.save_report(by, posyandu, "2026-10", h.clock.now()).await;
    }
    (h, andi)
}

/// The list messages among `messages`.
fn lists(messages: &[SentMessage]) -> Vec<&SentMessage> {
    messages.iter().filter(|m| !m.rows.is_empty()).collect()
}

/// The titles of a list's rows.
fn titles(list: &SentMessage) -> Vec<String> {
    list.rows.iter().map(|r| r.title.clone()).collect()
}

/// Saves Posyandu Mawar's report of `periode` (S 50, D 45).
async fn report(h: &WaHarness, by: i64, periode: &str) {
    let mawar = h.test_db.scalar("SELECT id FROM posyandu WHERE name = 'Posyandu Mawar'").await;
    h.test_db.save_report(by, mawar, periode, h.clock.now()).await;
}

/// An image message whose upload decodes as an 800-pixel-wide PNG chart.
#[track_caller]
fn assert_png(h: &WaHarness, message: &SentMessage) {
    assert_eq!(message.kind, MessageKind::Image, "{message:#?}");
    let media = h.fake.media(&message.media.as_ref().expect("a media id").id).expect("uploaded");
    assert_eq!(media.mime, "image/png");
    let reader = png::Decoder::new(Cursor::new(media.bytes)).read_info().expect("a valid PNG");
    assert_eq!(reader.info().width, 800);
}

/// The media ids the messages name, in order.
fn media_ids(messages: &[SentMessage]) -> Vec<String> {
    messages.iter().filter_map(|m| m.media.as_ref().map(|media| media.id.clone())).collect()
}
