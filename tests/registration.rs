//! A kader or official joins through an invite, end to end: a simulated user
//! types and taps in a fake Telegram; the real bot answers over HTTP.

mod common;

use common::{Harness, TestDb, assert_says, texts};
use posyandu_bot::domain::region::RegionCode;
use posyandu_bot::domain::role::{Grant, OfficialRole};

async fn kader_setup(db: TestDb) -> (Harness, i64, String) {
    let db = db.with_regions().await;
    let posyandu = db.add_posyandu("Posyandu Mawar", "73.24.01.2001").await;
    let code = db.invite(Grant::Kader { posyandu_id: posyandu }, 3, 14).await;
    (Harness::start(db).await, posyandu, code)
}

fn bare(code: &str) -> String {
    code.replace('-', "")
}

on_both_databases! {
    deep_link_registers_a_kader => |db: TestDb| async move {
        let (mut h, posyandu, code) = kader_setup(db).await;
        let siti = h.user(1001, "Siti", Some("Aminah"), Some("id"));

        let m = h.say(&siti, &format!("/start {}", bare(&code))).await;
        assert_says(&m, "Kode diterima");
        assert_says(&m, "kader Posyandu Mawar (Desa Maleku)");
        assert_says(&m, "Apakah nama Bapak/Ibu Siti Aminah?");

        let m = h.tap(&siti, "Ya, benar").await;
        assert_says(&m, "Pilih bahasa");
        let m = h.tap(&siti, "English").await;
        assert_says(&m, "Thank you, Siti Aminah!");
        assert_says(&m, "kader of Posyandu Mawar (Desa Maleku)");

        // The tapped questions now show the choice instead of buttons.
        let all = h.fake.messages(siti.id);
        assert!(all.iter().any(|m| m.text.ends_with("→ ✅ Ya, benar") && m.buttons.is_empty()), "{:#?}", texts(&all));
        assert!(h.fake.callback_answers().len() == 2);

        let db = &h.test_db;
        assert_eq!(db.scalar("SELECT COUNT(*) FROM person WHERE name = 'Siti Aminah' AND language = 'en'").await, 1);
        let bound = format!("SELECT COUNT(*) FROM kader WHERE posyandu_id = {posyandu}");
        assert_eq!(db.scalar(&bound).await, 1);
        assert_eq!(db.scalar("SELECT used FROM invite").await, 1);

        // Now registered: help speaks English and lists the role.
        let m = h.say(&siti, "/bantuan").await;
        assert_says(&m, "Your roles:");
        assert_says(&m, "kader of Posyandu Mawar");
    };

    typed_code_with_spaces_and_a_new_name => |db: TestDb| async move {
        let (mut h, _, code) = kader_setup(db).await;
        let user = h.user(1002, "🌸", None, None);
        let m = h.say(&user, "/start").await;
        assert_says(&m, "kirim kode undangan");
        let typed = code.to_lowercase().replace('-', " ");
        let m = h.say(&user, &format!("  {typed} ")).await;
        // The profile name is not a usable name, so the bot asks for one.
        assert_says(&m, "Silakan tulis nama lengkap Bapak/Ibu");
        let m = h.say(&user, "😀😀").await;
        assert_says(&m, "Nama itu belum bisa dipakai");
        let m = h.say(&user, "  Ni Luh   Putu ").await;
        assert_says(&m, "Pilih bahasa");
        let m = h.say(&user, "hello?").await;
        assert_says(&m, "Silakan pilih dengan tombol");
        let m = h.tap(&user, "Bahasa Indonesia").await;
        assert_says(&m, "Terima kasih, Bapak/Ibu Ni Luh Putu!");
        assert_eq!(h.test_db.scalar("SELECT COUNT(*) FROM person WHERE name = 'Ni Luh Putu' AND language = 'id'").await, 1);
    };

    change_name_button => |db: TestDb| async move {
        let (mut h, _, code) = kader_setup(db).await;
        let user = h.user(1003, "Rina", None, Some("en"));
        let m = h.say(&user, &code).await;
        assert_says(&m, "Code accepted");
        let m = h.tap(&user, "Change name").await;
        assert_says(&m, "Please type your full name");
        h.say(&user, "Rina Marlina").await;
        let m = h.tap(&user, "English").await;
        assert_says(&m, "Thank you, Rina Marlina!");
    };

    wrong_expired_and_used_up_codes => |db: TestDb| async move {
        let db = db.with_regions().await;
        let posyandu = db.add_posyandu("Posyandu Melati", "73.24.01.2002").await;
        let expired = db.invite(Grant::Kader { posyandu_id: posyandu }, 5, -1).await;
        let single = db.invite(Grant::Kader { posyandu_id: posyandu }, 1, 14).await;
        let mut h = Harness::start(db).await;
        let a = h.user(2001, "Ani", None, None);
        let b = h.user(2002, "Budi", None, None);

        let m = h.say(&a, "/start ZZZZ2222").await;
        assert_says(&m, "Kode ZZZZ-2222 tidak ditemukan");
        let m = h.say(&a, "/start not-a-code-at-all").await;
        assert_says(&m, "tidak ditemukan");
        let m = h.say(&a, &expired).await;
        assert_says(&m, "sudah tidak berlaku sejak");

        h.say(&a, &single).await;
        h.tap(&a, "Ya, benar").await;
        h.tap(&a, "Bahasa Indonesia").await;
        let m = h.say(&b, &format!("/start {}", bare(&single))).await;
        assert_says(&m, "sudah dipakai sampai batasnya");
        assert_eq!(h.test_db.scalar("SELECT COUNT(*) FROM person").await, 1);
        assert_eq!(h.test_db.scalar("SELECT used FROM invite WHERE max_uses = 1").await, 1);
    };

    tapping_the_link_twice => |db: TestDb| async move {
        let (mut h, _, code) = kader_setup(db).await;
        let user = h.user(3001, "Dewi", None, None);
        let link = format!("/start {}", bare(&code));
        h.say(&user, &link).await;
        let m = h.say(&user, &link).await;
        assert_says(&m, "Kita lanjutkan dari langkah terakhir");
        assert_says(&m, "Apakah nama Bapak/Ibu Dewi?");
        h.tap(&user, "Ya, benar").await;
        h.tap(&user, "Bahasa Indonesia").await;
        let m = h.say(&user, &link).await;
        assert_says(&m, "Bapak/Ibu sudah terdaftar sebagai kader Posyandu Mawar");
        assert_eq!(h.test_db.scalar("SELECT used FROM invite").await, 1);
        assert_eq!(h.test_db.scalar("SELECT COUNT(*) FROM kader").await, 1);
    };

    one_person_several_roles => |db: TestDb| async move {
        let (mut h, _, code) = kader_setup(db).await;
        let second = h.test_db.add_posyandu("Posyandu Kenanga", "73.24.01.2001").await;
        let kenanga = h.test_db.invite(Grant::Kader { posyandu_id: second }, 1, 14).await;
        let desa = RegionCode::parse("73.24.01.2001").unwrap();
        let pokja = h.test_db.invite(Grant::Official { role: OfficialRole::Pokja, region: desa }, 1, 14).await;
        let user = h.user(4001, "Sri", None, None);
        h.say(&user, &code).await;
        h.tap(&user, "Ya, benar").await;
        h.tap(&user, "Bahasa Indonesia").await;
        let m = h.say(&user, &kenanga).await;
        assert_says(&m, "Peran baru ditambahkan ✅ kader Posyandu Kenanga (Desa Maleku)");
        let m = h.say(&user, &format!("/start {}", bare(&pokja))).await;
        assert_says(&m, "Peran baru ditambahkan ✅ Pokja Posyandu Desa Maleku");
        let m = h.say(&user, "/bantuan").await;
        assert_says(&m, "kader Posyandu Kenanga (Desa Maleku)\nkader Posyandu Mawar (Desa Maleku)\nPokja Posyandu Desa Maleku");
        assert_eq!(h.test_db.scalar("SELECT COUNT(*) FROM person").await, 1);
        assert_eq!(h.test_db.scalar("SELECT COUNT(*) FROM kader").await, 2);
        assert_eq!(h.test_db.scalar("SELECT COUNT(*) FROM official").await, 1);
    };

    strangers_stickers_and_unknown_commands => |db: TestDb| async move {
        let (mut h, _, _) = kader_setup(db).await;
        let user = h.user(5001, "Tono", None, Some("en"));
        let m = h.say(&user, "halo, mau lapor").await;
        assert_says(&m, "not registered yet");
        let m = h.send_with(&user, |f| { f.push_sticker(&user); }).await;
        assert_says(&m, "not registered yet");
        let m = h.say(&user, "/bantuan").await;
        assert_says(&m, "How to register");
        // Someone registered on WhatsApp learns how to link this account.
        assert_says(&m, "Type /hubungkan there, then send the code here");
        let m = h.say(&user, "/batal").await;
        assert_says(&m, "Nothing is in progress");
        let m = h.say(&user, "/hapus_semua").await;
        assert_says(&m, "There is no /hapus_semua command");
        let m = h.say(&user, &"x".repeat(4000)).await;
        assert_says(&m, "not registered yet");
        assert_eq!(h.test_db.scalar("SELECT COUNT(*) FROM person").await, 0);
    };

    cancel_and_language_at_any_point => |db: TestDb| async move {
        let (mut h, _, code) = kader_setup(db).await;
        let user = h.user(6001, "Yuli", None, None);
        h.say(&user, &code).await;
        let m = h.say(&user, "/bahasa").await;
        assert_says(&m, "Choose your language");
        let m = h.tap(&user, "English").await;
        assert_says(&m, "OK, I will use English.");
        assert_says(&m, "Is your name Yuli?");
        let m = h.send_with(&user, |f| { f.push_photo(&user, None); }).await;
        assert_says(&m, "I can only read text and buttons");
        assert_says(&m, "Is your name Yuli?");
        let m = h.say(&user, "/batal").await;
        assert_says(&m, "Cancelled. Nothing was saved.");
        // An old button after cancelling is answered, not acted on.
        let m = h.tap(&user, "Yes, that's right").await;
        assert_says(&m, "That button is no longer active");
        assert_eq!(h.test_db.scalar("SELECT COUNT(*) FROM person").await, 0);
        assert_eq!(h.test_db.scalar("SELECT used FROM invite").await, 0);
    };

    a_command_while_typing_the_name_asks_for_the_name_again => |db: TestDb| async move {
        let db = db.with_regions().await;
        let region = RegionCode::parse("73.24").unwrap();
        let code = db.invite(Grant::Official { role: OfficialRole::Dinkes, region }, 1, 14).await;
        let mut h = Harness::start(db).await;
        let rahmat = h.user(8001, "dr", None, Some("id"));
        h.say(&rahmat, &code).await;
        let m = h.tap(&rahmat, "Ganti nama").await;
        assert_says(&m, "Silakan tulis nama lengkap Bapak/Ibu.");
        for command in ["/rekap", "/lapor", "/rapat", "/unduh", "/strata"] {
            let m = h.say(&rahmat, command).await;
            assert_eq!(
                texts(&m),
                ["Pendaftaran Bapak/Ibu belum selesai. Mohon jawab dulu pertanyaan ini:", "Silakan tulis nama lengkap Bapak/Ibu."],
                "{command}"
            );
        }
        h.say(&rahmat, "Rahmat Hidayat").await;
        let m = h.tap(&rahmat, "Bahasa Indonesia").await;
        assert_says(&m, "Terima kasih, Bapak/Ibu Rahmat Hidayat!");
    };

    a_restart_resumes_the_conversation => |db: TestDb| async move {
        let (mut h, _, code) = kader_setup(db).await;
        let user = h.user(7001, "Wati", None, None);
        h.say(&user, &code).await;
        h.tap(&user, "Ya, benar").await;
        h.restart().await;
        let m = h.tap(&user, "Bahasa Indonesia").await;
        assert_says(&m, "Terima kasih, Bapak/Ibu Wati!");
    };

    an_unreadable_state_starts_afresh => |db: TestDb| async move {
        let (mut h, _, code) = kader_setup(db).await;
        let user = h.user(8001, "Eka", None, None);
        h.say(&user, &code).await;
        h.test_db.execute("UPDATE dialogue SET state = '{\"v\":0,\"old\":true}'").await;
        let m = h.say(&user, "Eka Putri").await;
        assert_says(&m, "percakapan sebelumnya tidak bisa dilanjutkan");
        // The next message is handled normally: no error loop.
        let m = h.say(&user, &code).await;
        assert_says(&m, "Kode diterima");
        assert!(!texts(&m).concat().contains("tidak bisa dilanjutkan"));
    };

    a_redelivered_update_is_acted_on_once => |db: TestDb| async move {
        let (mut h, _, code) = kader_setup(db).await;
        let user = h.user(9001, "Fitri", None, None);
        h.say(&user, &code).await;
        h.tap(&user, "Ya, benar").await;
        let before = h.fake.messages(user.id).len();
        let messages = h.fake.messages(user.id);
        let last = messages.last().unwrap();
        let data = last.buttons[0][0].callback_data.clone();
        let update = h.fake.push_callback(&user, last.message_id, &data);
        h.settle(&user, before).await;
        // The bot crashed before confirming the update; Telegram sends it again.
        h.restart().await;
        h.fake.redeliver(update);
        let again = h.settle(&user, before).await;
        assert_says(&again, "Terima kasih, Bapak/Ibu Fitri!");
        assert_eq!(again.len(), 1, "replies were sent twice: {:#?}", texts(&again));
        assert_eq!(h.test_db.scalar("SELECT used FROM invite").await, 1);
        assert_eq!(h.fake.callback_answers().len(), 2);
    };
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_menu_is_set_in_both_languages() {
    let h = Harness::start(TestDb::sqlite().await).await;
    let sets = h.fake.commands();
    let find = |lang: Option<&str>| {
        sets.iter().find(|s| s.language_code.as_deref() == lang).unwrap_or_else(|| panic!("no menu for {lang:?}"))
    };
    let id = find(Some("id"));
    let en = find(Some("en"));
    assert_eq!(find(None).commands, id.commands);
    assert!(id.commands.contains(&("batal".into(), "Batalkan yang sedang berjalan".into())));
    assert!(en.commands.contains(&("batal".into(), "Cancel what is in progress".into())));
    assert!(h.fake.violations().is_empty());
}
