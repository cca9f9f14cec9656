//! `/rapat` end to end: a Pokjanal of Kecamatan Mangkutana (73.24.01) sets up
//! a meeting through the real bot and the fake Telegram, shares the place as
//! a location, is refused an area outside the kecamatan, and sees the
//! preview with how many people it reaches. It stops at the preview: saving
//! and sending invitations is the `meetings` branch's part.

mod common;

use common::{Harness, TestDb, assert_says, texts};
use fake_bot_api::SimUser;
use posyandu_bot::domain::region::RegionCode;
use posyandu_bot::domain::role::{Grant, OfficialRole};
use serde_json::json;

/// Registers `user` with the invite `code` (a newcomer: name, language).
async fn register(h: &mut Harness, user: &SimUser, code: &str) {
    h.say(user, &format!("/start {}", code.replace('-', ""))).await;
    h.tap(user, "Ya, benar").await;
    let m = h.tap(user, "Bahasa Indonesia").await;
    assert_says(&m, "Terima kasih");
}

fn official(role: OfficialRole, region: &str) -> Grant {
    Grant::Official { role, region: RegionCode::parse(region).unwrap() }
}

on_both_databases! {
    a_pokjanal_sets_up_a_meeting_up_to_the_preview => |db: TestDb| async move {
        let db = db.with_regions().await;
        let mawar = db.add_posyandu("Posyandu Mawar", "73.24.01.2001").await;
        let melati = db.add_posyandu("Posyandu Melati", "73.24.01.2002").await;
        let anggrek = db.add_posyandu("Posyandu Anggrek", "73.22.01.2001").await;
        let codes = [
            db.invite(Grant::Kader { posyandu_id: mawar }, 5, 14).await,
            db.invite(Grant::Kader { posyandu_id: melati }, 5, 14).await,
            db.invite(Grant::Kader { posyandu_id: anggrek }, 5, 14).await,
            db.invite(official(OfficialRole::Pokja, "73.24.01.2002"), 1, 14).await,
            db.invite(official(OfficialRole::Pokjanal, "73.24.01"), 1, 14).await,
            db.invite(official(OfficialRole::Pokja, "73.22.01.2001"), 1, 14).await,
        ];
        let mut h = Harness::start(db).await;
        // In the kecamatan: Siti (kader of two posyandu, counted once), Rina,
        // and Dewi of the Pokja; outside it: Budi and Wati.
        let siti = h.user(2001, "Siti", None, Some("id"));
        register(&mut h, &siti, &codes[0]).await;
        assert_says(&h.say(&siti, &format!("/start {}", codes[1].replace('-', ""))).await, "Peran baru");
        let rina = h.user(2002, "Rina", None, Some("id"));
        register(&mut h, &rina, &codes[1]).await;
        let budi = h.user(2003, "Budi", None, Some("id"));
        register(&mut h, &budi, &codes[2]).await;
        let dewi = h.user(2004, "Dewi", None, Some("id"));
        register(&mut h, &dewi, &codes[3]).await;
        let wati = h.user(2006, "Wati", None, Some("id"));
        register(&mut h, &wati, &codes[5]).await;
        let andi = h.user(2005, "Andi", Some("Baso"), Some("id"));
        register(&mut h, &andi, &codes[4]).await;

        // A kader cannot organize.
        assert_says(&h.say(&rina, "/rapat").await, "hanya bisa dibuat oleh Pokja");

        let m = h.say(&andi, "/rapat").await;
        assert_says(&m, "Rapat apa yang akan diadakan?");
        let m = h.tap(&andi, "Rakor Pokjanal").await;
        assert_says(&m, "Tulis judul rapatnya, paling banyak 120 huruf");
        let m = h.say(&andi, &"Rakor ".repeat(25)).await;
        assert_says(&m, "Terlalu panjang: 149 huruf, paling banyak 120 huruf");
        let m = h.say(&andi, "Rakor Pokjanal Triwulan IV").await;
        assert_says(&m, "(waktu WITA)");
        // The tests start on Tuesday 10 November 2026, 10:00 WITA.
        let m = h.say(&andi, "besok jam 9 pagi").await;
        assert_says(&m, "Rapat dimulai Rabu, 11 November 2026 pukul 09.00 WITA. Sudah benar?");
        let m = h.tap(&andi, "Benar").await;
        assert_says(&m, "Di mana tempatnya?");
        let location = json!({ "message": {
            "message_id": 900, "date": 1_794_268_800,
            "chat": { "id": andi.id, "type": "private", "first_name": "Andi" },
            "from": { "id": andi.id, "is_bot": false, "first_name": "Andi" },
            "location": { "latitude": -2.5, "longitude": 120.75 },
        }});
        let m = h.send_with(&andi, |fake| { fake.push_update(location); }).await;
        assert_says(&m, "Lokasi diterima");
        assert_says(&m, "Tulis juga nama tempatnya");
        h.say(&andi, "Aula Kantor Camat Mangkutana").await;
        let m = h.tap(&andi, "Lewati").await;
        assert_says(&m, "Siapa yang diundang? Pilih seluruh Kecamatan Mangkutana");
        assert!(m.iter().any(|m| m.buttons.iter().flatten().any(|b| b.text == "Desa Kasintuwu")), "{:#?}", texts(&m));

        // A forged button for Kecamatan Malangke (Luwu Utara) is refused.
        let question = m.last().unwrap().message_id;
        let r = h.tap_data(&andi, question, "area:73.22.01").await;
        assert_says(&r, "wilayah itu di luar Kecamatan Mangkutana");
        // Searching stays inside the kecamatan: Pattimang is in Malangke.
        let r = h.say(&andi, "pattimang").await;
        assert_says(&r, "Tidak ada wilayah bernama \"pattimang\" di Kecamatan Mangkutana");

        let m = h.tap(&andi, "Seluruh Kecamatan Mangkutana").await;
        assert_says(&m, "Siapa saja di Kecamatan Mangkutana yang diundang?");
        h.tap(&andi, "Kader").await;
        h.tap(&andi, "Pokja").await;
        let m = h.tap(&andi, "Lanjut").await;
        assert_says(&m, "Sampai kapan undangan perlu dijawab?");
        let m = h.say(&andi, "11/11 10.00").await;
        assert_says(&m, "Batas jawaban harus sebelum rapat dimulai");
        let m = h.say(&andi, "16:00").await;
        let preview = texts(&m);
        assert_eq!(
            preview[0],
            "📅 Undangan Rapat Koordinasi Pokjanal / Tim Pembina Posyandu\nRakor Pokjanal Triwulan IV\n\n\
             🕘 Waktu: Rabu, 11 November 2026 pukul 09.00 WITA\n📍 Tempat: Aula Kantor Camat Mangkutana\n\
             🗺 Peta: https://maps.google.com/?q=-2.500000,120.750000\n👤 Pengundang: Andi Baso\n\
             ⏳ Mohon dijawab sebelum Selasa, 10 November 2026 pukul 16.00 WITA\n\n\
             Mohon Bapak/Ibu pilih jawaban dengan tombol di bawah ini.",
            "{preview:#?}"
        );
        assert!(m[0].buttons.is_empty());
        assert_says(&m, "Akan dikirim ke 3 orang di Kecamatan Mangkutana:\n• Kader\n• Pokja\nKirim sekarang?");
        assert!(m[1].buttons.iter().flatten().any(|b| b.text.contains("Kirim")));

        // The draft is in the stored conversation, nothing else is saved.
        assert_eq!(
            h.test_db.scalar("SELECT COUNT(*) FROM dialogue WHERE state LIKE '%Rakor Pokjanal Triwulan IV%'").await,
            1
        );
        assert_eq!(h.test_db.scalar("SELECT COUNT(*) FROM meeting").await, 0);

        // Kirim: each of the three gets exactly the invitation they were
        // shown and its calendar file; nobody outside the kecamatan.
        let before: Vec<usize> = [&siti, &rina, &dewi, &budi, &wati].iter().map(|u| h.fake.messages(u.id).len()).collect();
        let m = h.tap(&andi, "Kirim").await;
        assert_says(&m, "Undangan sedang dikirim");
        for (user, seen) in [&siti, &rina, &dewi].into_iter().zip(&before) {
            let calendar = h.fake.next_message_after(user.id, seen + 1, std::time::Duration::from_secs(15)).await;
            assert!(calendar.is_some_and(|c| c.attachment.is_some()), "{} got the calendar file", user.first_name);
            let got = h.fake.messages(user.id).split_off(*seen);
            assert_eq!(got.len(), 2, "{}: {:#?}", user.first_name, texts(&got));
            assert_eq!(got[0].text, preview[0], "what {} got is what Andi saw", user.first_name);
        }
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        for (user, seen) in [&budi, &wati].into_iter().zip(&before[3..]) {
            assert_eq!(h.fake.messages(user.id).len(), *seen, "{} is outside the kecamatan", user.first_name);
        }
        assert_eq!(h.test_db.scalar("SELECT COUNT(*) FROM invitation").await, 3);
    };
}
