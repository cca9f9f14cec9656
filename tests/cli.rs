//! The admin's command line, run as the real binary against a fresh
//! database: regions (and codes a newer list retires), posyandu, officials,
//! invites, and starting without a token.

mod common;

use std::collections::BTreeMap;
use std::process::{Command, Output};

use common::TestDb;
use posyandu_bot::domain::periode::Periode;
use posyandu_bot::domain::region::RegionCode;
use posyandu_bot::store::reports;

/// The Kemendagri 2025 list, as built into the program.
const LIST_2025: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/wilayah/kode_wilayah_2025.csv");
/// Papua Barat (92) from the older 34-province list: Manokwari and Kota
/// Sorong, which is 96.71 (Papua Barat Daya) since the Papua splits.
const OLD_PAPUA_BARAT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/kode_wilayah_lama_92.csv");

fn cli(db: &TestDb, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_posyandu-bot"))
        .args(args)
        .env("DATABASE_URL", &db.url)
        .env("ADMIN_LANG", "id")
        .env_remove("TELOXIDE_TOKEN")
        .env_remove("BOT_USERNAME")
        .env_remove("WHATSAPP_DISPLAY_NUMBER")
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[track_caller]
fn ok(output: Output) -> String {
    assert!(output.status.success(), "failed: {}\n{}", stdout(&output), stderr(&output));
    stdout(&output)
}

/// Totals per indicator in `area` for October 2026, as the digests will read them.
async fn october_totals(db: &TestDb, area: &str) -> BTreeMap<String, i64> {
    let area = RegionCode::parse(area).unwrap();
    reports::totals(&db.db, &area, Periode::new(2026, 10).unwrap()).await.unwrap()
}

#[track_caller]
fn refused(output: Output, message: &str) {
    assert!(!output.status.success(), "accepted: {}", stdout(&output));
    assert!(stderr(&output).contains(message), "missing {message:?} in {}", stderr(&output));
}

on_both_databases! {
    imports_all_regions_twice_without_duplicates => |db: TestDb| async move {
        let out = cli(&db, &["regions", "import"]);
        assert!(stderr(&out).contains("Menyimpan wilayah: 91599/91599"), "{}", stderr(&out));
        let text = ok(out);
        assert!(text.contains("Membaca data/wilayah/kode_wilayah_2025.csv"), "{text}");
        assert!(text.contains("91599 wilayah dibaca; 91599 baru"), "{text}");
        assert!(!text.contains("kode lama"), "{text}");
        assert_eq!(db.scalar("SELECT COUNT(*) FROM region").await, 91_599);
        assert_eq!(db.scalar("SELECT COUNT(*) FROM region WHERE level = 1").await, 38);
        assert_eq!(db.scalar("SELECT COUNT(*) FROM region WHERE level = 2").await, 514);
        assert_eq!(db.scalar("SELECT COUNT(*) FROM region WHERE level = 3").await, 7_285);
        assert_eq!(db.scalar("SELECT COUNT(*) FROM region WHERE level = 4").await, 83_762);
        assert_eq!(db.scalar("SELECT COUNT(*) FROM region WHERE retired_at IS NOT NULL").await, 0);
        assert_eq!(db.scalar("SELECT COUNT(*) FROM region WHERE code IN ('93', '94', '95', '96') AND time_zone = 'Asia/Jayapura'").await, 4);
        assert_eq!(db.scalar("SELECT COUNT(*) FROM region WHERE parent_code = '73.24.01'").await,
                   db.scalar("SELECT COUNT(*) FROM region WHERE code LIKE '73.24.01.%'").await);
        assert_eq!(db.scalar("SELECT COUNT(*) FROM region WHERE code = '73.24.01.2001' AND time_zone = 'Asia/Makassar'").await, 1);
        assert_eq!(db.scalar("SELECT COUNT(*) FROM region WHERE code = '91' AND time_zone = 'Asia/Jayapura'").await, 1);
        assert_eq!(db.scalar("SELECT COUNT(*) FROM region WHERE code = '61.01' AND time_zone = 'Asia/Pontianak'").await, 1);
        assert_eq!(db.scalar("SELECT COUNT(*) FROM region WHERE code LIKE '31%' AND time_zone <> 'Asia/Jakarta'").await, 0);

        // A second import of a list with one renamed desa changes only that name.
        let renamed = tempfile::NamedTempFile::new().unwrap();
        let list = std::fs::read_to_string(LIST_2025).unwrap().replace("73.24.01.2001,Maleku", "73.24.01.2001,Maleku Baru");
        std::fs::write(renamed.path(), list).unwrap();
        let text = ok(cli(&db, &["regions", "import", renamed.path().to_str().unwrap()]));
        assert!(text.contains("0 baru, 1 ganti nama, 91598 tetap"), "{text}");
        assert_eq!(db.scalar("SELECT COUNT(*) FROM region").await, 91_599);
        assert_eq!(db.scalar("SELECT COUNT(*) FROM region WHERE name = 'Maleku Baru'").await, 1);
    };

    a_malformed_region_file_is_refused_whole => |db: TestDb| async move {
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), "73,SULAWESI SELATAN\n73.24,KAB. LUWU TIMUR\n73.24.1,Rusak\n73.24,Lagi\n\"73.24.01\",\"Mangkutana, Lama\"\n99.01,Entah\n73.24.01.2001\n").unwrap();
        let out = cli(&db, &["regions", "import", file.path().to_str().unwrap()]);
        assert!(!out.status.success());
        let err = stderr(&out);
        assert!(err.contains("tidak ada yang disimpan"), "{err}");
        for line in ["baris 3: 73.24.1 bukan kode wilayah", "baris 4: kode ini sudah ada di baris 2", "baris 6: 99.01 bukan kode provinsi", "baris 7: jumlah kolom salah"] {
            assert!(err.contains(line), "missing {line:?} in {err}");
        }
        assert!(!err.contains("baris 5"), "a quoted name with a comma is fine: {err}");
        assert_eq!(db.scalar("SELECT COUNT(*) FROM region").await, 0);
    };

    the_2025_list_retires_vanished_codes_and_moves_keep_everything => |db: TestDb| async move {
        ok(cli(&db, &["regions", "import", OLD_PAPUA_BARAT]));
        assert!(ok(cli(&db, &["posyandu", "add", "--name", "Suprau", "--desa", "92.71.10.1001"])).contains("(id 1)"));
        assert!(ok(cli(&db, &["posyandu", "add", "--name", "Dindey", "--desa", "92.02.03.2001"])).contains("(id 2)"));
        db.execute("INSERT INTO person (channel, external_id, name, language, created_at) VALUES ('telegram', '7', 'Budi', 'id', '2026-11-10T02:00:00Z')").await;
        ok(cli(&db, &["invite", "official", "--role", "pokjanal", "--region", "92.71"]));
        db.execute("INSERT INTO official (person_id, role, region_code, invite_id, joined_at) VALUES (1, 'pokjanal', '92.71', 1, '2026-11-10T02:00:00Z')").await;
        db.execute("UPDATE invite SET used = 1").await;
        let open_invite = ok(cli(&db, &["invite", "official", "--role", "puskesmas", "--region", "92.71.10"]));
        let open_invite = open_invite.lines().find_map(|l| l.strip_prefix("Kode: ")).unwrap().to_owned();
        db.execute("INSERT INTO report (posyandu_id, periode, section, revision, form_version, updated_by, updated_at) VALUES (1, '2026-10', 'balita', 1, 'test', 1, '2026-11-10T02:00:00Z')").await;
        db.execute("INSERT INTO report_value (report_id, code, value, periode, desa_code, posyandu_id) VALUES (1, 'S', 45, '2026-10', '92.71.10.1001', 1), (1, 'D', 40, '2026-10', '92.71.10.1001', 1)").await;
        assert_eq!(october_totals(&db, "92.71").await, BTreeMap::from([("D".into(), 40), ("S".into(), 45)]));

        // A file with one province's rows is that province's complete list, and no other's.
        let papua_barat_daya = tempfile::NamedTempFile::new().unwrap();
        let rows: String = std::fs::read_to_string(LIST_2025).unwrap().lines().filter(|l| l.starts_with("96")).map(|l| format!("{l}\n")).collect();
        std::fs::write(papua_barat_daya.path(), rows).unwrap();
        let text = ok(cli(&db, &["regions", "import", papua_barat_daya.path().to_str().unwrap()]));
        assert!(text.contains("1152 baru") && !text.contains("kode lama"), "{text}");
        assert_eq!(db.scalar("SELECT COUNT(*) FROM region WHERE retired_at IS NOT NULL").await, 0);

        // The whole 2025 list: Kota Sorong's old codes are retired, and the admin is told what to move where.
        let text = ok(cli(&db, &["regions", "import"]));
        for line in [
            "104 kode tidak ada lagi di daftar ini. Kode itu disimpan sebagai kode lama, tidak dihapus.",
            "Masih ada yang memakai kode wilayah lama. Datanya tetap aman; pindahkan ke kode yang baru:",
            "• Posyandu Suprau (id 1) di 92.71.10.1001 Suprau",
            "Kode barunya kemungkinan 96.71.10.1001 (Suprau). Periksa dulu, lalu jalankan:",
            "posyandu-bot posyandu move --id 1 --desa 96.71.10.1001",
            "• Budi, Tim Pembina Posyandu (Pokjanal) KOTA SORONG (kode 92.71)",
            "posyandu-bot official move --from 92.71 --to 96.71",
            &format!("• Undangan {open_invite} untuk petugas Puskesmas Kecamatan Maladum Mes (kode 92.71.10) belum terpakai"),
            "posyandu-bot official move --from 92.71.10 --to 96.71.10",
        ] {
            assert!(text.contains(line), "missing {line:?} in {text}");
        }
        assert!(!text.contains("Dindey"), "a posyandu on a current code is not listed: {text}");
        assert_eq!(db.scalar("SELECT COUNT(*) FROM region").await, 91_599 + 104);
        assert_eq!(db.scalar("SELECT COUNT(*) FROM region WHERE retired_at IS NOT NULL").await, 104);
        assert_eq!(db.scalar("SELECT COUNT(*) FROM region WHERE code >= '92.71' AND code < '92.71/' AND retired_at IS NULL").await, 0);
        assert_eq!(db.scalar("SELECT COUNT(*) FROM posyandu").await, 2);
        assert_eq!(db.scalar("SELECT COUNT(*) FROM official").await, 1);
        assert_eq!(db.scalar("SELECT COUNT(*) FROM report_value").await, 2);
        assert!(ok(cli(&db, &["regions", "search", "Tampa Garam"])).contains("92.71.10.1002  Tampa Garam (kode lama)"));

        // Nothing new goes on a retired code.
        refused(cli(&db, &["posyandu", "add", "--name", "Baru", "--desa", "92.71.10.1002"]), "92.71.10.1002 (Tampa Garam) adalah kode lama yang sudah tidak dipakai");
        refused(cli(&db, &["invite", "official", "--role", "pokjanal", "--region", "92.71"]), "92.71 (KOTA SORONG) adalah kode lama");
        refused(cli(&db, &["invite", "kader", "--posyandu", "1"]), "Posyandu Suprau (id 1) masih tercatat di kode desa lama 92.71.10.1001");

        // Moving the posyandu: bad inputs first, each with its reason.
        refused(cli(&db, &["posyandu", "move", "--id", "99", "--desa", "96.71.10.1001"]), "Posyandu dengan id 99 tidak ada");
        refused(cli(&db, &["posyandu", "move", "--id", "1", "--desa", "92.71.10.1002"]), "adalah kode lama");
        refused(cli(&db, &["posyandu", "move", "--id", "1", "--desa", "96.71.10"]), "96.71.10 bukan desa/kelurahan");
        refused(cli(&db, &["posyandu", "move", "--id", "1", "--desa", "96.71.10.9999"]), "Wilayah 96.71.10.9999 tidak ditemukan");
        let text = ok(cli(&db, &["posyandu", "move", "--id", "1", "--desa", "96.71.10.1001"]));
        assert!(text.contains("Posyandu Suprau (id 1) sudah pindah dari 92.71.10.1001 Suprau ke 96.71.10.1001 Suprau. 1 laporan bulanan ikut pindah."), "{text}");
        assert_eq!(october_totals(&db, "96.71").await, BTreeMap::from([("D".into(), 40), ("S".into(), 45)]));
        assert_eq!(october_totals(&db, "96").await["S"], 45);
        assert!(october_totals(&db, "92.71").await.is_empty());
        assert!(ok(cli(&db, &["posyandu", "list", "--area", "96.71"])).contains("Posyandu Suprau"));
        assert!(ok(cli(&db, &["posyandu", "list", "--area", "92.71"])).contains("Belum ada posyandu"));

        // Officials and the open invite: same level only.
        refused(cli(&db, &["official", "move", "--from", "92.71", "--to", "96.71.10"]), "92.71 adalah kabupaten/kota, 96.71.10 adalah kecamatan");
        refused(cli(&db, &["official", "move", "--from", "92.71", "--to", "92.71.10"]), "adalah kode lama");
        // Budi is Dinkes on both codes already: that role is kept once.
        db.execute("INSERT INTO official (person_id, role, region_code, invite_id, joined_at) VALUES (1, 'dinkes', '92.71', 1, '2026-11-10T02:00:00Z'), (1, 'dinkes', '96.71', 1, '2026-11-10T02:00:00Z')").await;
        let text = ok(cli(&db, &["official", "move", "--from", "92.71", "--to", "96.71"]));
        assert!(text.contains("Dari 92.71 KOTA SORONG ke 96.71 Kota Sorong: 2 peran pejabat dan 0 undangan"), "{text}");
        let text = ok(cli(&db, &["official", "move", "--from", "92.71.10", "--to", "96.71.10"]));
        assert!(text.contains("0 peran pejabat dan 1 undangan"), "{text}");
        assert_eq!(db.scalar("SELECT COUNT(*) FROM official WHERE region_code = '96.71'").await, 2);
        assert_eq!(db.scalar("SELECT COUNT(*) FROM official").await, 2);
        assert!(ok(cli(&db, &["official", "move", "--from", "96.71", "--to", "96.71"])).contains("0 peran pejabat"));
        assert_eq!(db.scalar("SELECT COUNT(*) FROM official WHERE region_code = '96.71'").await, 2, "moving onto itself loses nothing");

        // Loading the list again: nothing is left on a retired code, nothing newly retired.
        let text = ok(cli(&db, &["regions", "import"]));
        assert!(text.contains("0 baru, 0 ganti nama, 91599 tetap") && !text.contains("kode lama"), "{text}");

        // A code that comes back is current again.
        let back = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(back.path(), "92.71,KOTA SORONG\n").unwrap();
        let text = ok(cli(&db, &["regions", "import", back.path().to_str().unwrap()]));
        assert!(text.contains("1 kode lama ada lagi di daftar ini dan dipakai kembali."), "{text}");
        assert_eq!(db.scalar("SELECT COUNT(*) FROM region WHERE retired_at IS NOT NULL").await, 103);
        assert_eq!(db.scalar("SELECT COUNT(*) FROM region").await, 91_599 + 104);
    };

    posyandu_one_by_one_from_csv_and_by_area => |db: TestDb| async move {
        let db = db.with_regions().await;
        let text = ok(cli(&db, &["posyandu", "add", "--name", "mawar  1", "--desa", "73.24.01.2001"]));
        assert!(text.contains("Posyandu mawar 1 ditambahkan (id 1) di Maleku"), "{text}");
        let again = ok(cli(&db, &["posyandu", "add", "--name", "mawar 1", "--desa", "73.24.01.2001"]));
        assert!(again.contains("sudah ada (id 1)"), "{again}");
        let out = cli(&db, &["posyandu", "add", "--name", "X", "--desa", "73.24.01"]);
        assert!(!out.status.success() && stderr(&out).contains("bukan desa/kelurahan"));
        let out = cli(&db, &["posyandu", "add", "--name", "X", "--desa", "73.24.09.2001"]);
        assert!(!out.status.success() && stderr(&out).contains("tidak ditemukan"));

        let csv = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(csv.path(), "name,desa_code\nPosyandu Melati,73.24.01.2002\nAnggrek,73.22.01.2001\nFlamboyan,64.74.01.1001\n").unwrap();
        let text = ok(cli(&db, &["posyandu", "import", csv.path().to_str().unwrap()]));
        assert!(text.contains("3 posyandu baru, 0 sudah ada"), "{text}");
        let text = ok(cli(&db, &["posyandu", "import", csv.path().to_str().unwrap()]));
        assert!(text.contains("0 posyandu baru, 3 sudah ada"), "{text}");

        let bad = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(bad.path(), "name,desa_code\nBaru,73.24.01.2001\n,73.24.01.2001\nLain,73.24\nJauh,11.01.01.2001\n").unwrap();
        let out = cli(&db, &["posyandu", "import", bad.path().to_str().unwrap()]);
        let err = stderr(&out);
        assert!(!out.status.success());
        assert!(err.contains("baris 3: nama kosong") && err.contains("baris 4: 73.24 bukan desa") && err.contains("baris 5: 11.01.01.2001"), "{err}");
        assert_eq!(db.scalar("SELECT COUNT(*) FROM posyandu").await, 4, "nothing from the bad file");

        let kab = ok(cli(&db, &["posyandu", "list", "--area", "73.24"]));
        assert!(kab.contains("Posyandu mawar 1") && kab.contains("Posyandu Melati") && !kab.contains("Anggrek"), "{kab}");
        assert!(kab.contains("2 posyandu."), "{kab}");
        let province = ok(cli(&db, &["posyandu", "list", "--area", "73"]));
        assert!(province.contains("3 posyandu."), "{province}");
        let all = ok(cli(&db, &["posyandu", "list"]));
        assert!(all.contains("4 posyandu."), "{all}");
    };

    invites_print_a_readable_code_and_a_link => |db: TestDb| async move {
        let db = db.with_regions().await;
        let id = db.add_posyandu("Posyandu Mawar", "73.24.01.2001").await.to_string();
        let out = Command::new(env!("CARGO_BIN_EXE_posyandu-bot"))
            .args(["invite", "kader", "--posyandu", &id, "--uses", "10", "--days", "7"])
            .env("DATABASE_URL", &db.url).env("ADMIN_LANG", "en").env("BOT_USERNAME", "@posyandu_luwu_bot")
            .output().unwrap();
        let text = ok(out);
        assert!(text.contains("Invite for kader of Posyandu Mawar (Desa Maleku)"), "{text}");
        assert!(text.contains("for 10 people"), "{text}");
        let code = text.lines().find_map(|l| l.strip_prefix("Code: ")).unwrap().to_owned();
        assert!(code.len() == 9 && code.as_bytes()[4] == b'-', "{code}");
        assert!(text.contains(&format!("https://t.me/posyandu_luwu_bot?start={}", code.replace('-', ""))), "{text}");
        assert_eq!(db.scalar("SELECT max_uses FROM invite").await, 10);

        let text = ok(cli(&db, &["invite", "official", "--role", "pokjanal", "--region", "73.24.01"]));
        assert!(text.contains("Undangan untuk Tim Pembina Posyandu (Pokjanal) Kecamatan Mangkutana"), "{text}");
        assert!(text.contains("jalankan bot sekali, atau isi BOT_USERNAME"), "{text}");
        assert!(!text.contains("wa.me"), "no WhatsApp number, no WhatsApp link: {text}");
        let out = Command::new(env!("CARGO_BIN_EXE_posyandu-bot"))
            .args(["invite", "kader", "--posyandu", &id])
            .env("DATABASE_URL", &db.url).env("ADMIN_LANG", "id").env_remove("BOT_USERNAME")
            .env("WHATSAPP_DISPLAY_NUMBER", "+62 811-0000-1234")
            .output().unwrap();
        let text = ok(out);
        let code = text.lines().find_map(|l| l.strip_prefix("Kode: ")).unwrap().to_owned();
        assert!(text.contains(&format!("Tautan WhatsApp: https://wa.me/6281100001234?text=DAFTAR%20{code}")), "{text}");
        assert!(!text.contains("BOT_USERNAME"), "WhatsApp alone needs no Telegram link: {text}");
        let out = cli(&db, &["invite", "official", "--role", "dinkes", "--region", "73.24.01.2001"]);
        assert!(!out.status.success());
        assert!(stderr(&out).contains("Peran dinkes hanya untuk wilayah tingkat kabupaten/kota, provinsi"), "{}", stderr(&out));
        let out = cli(&db, &["invite", "kader", "--posyandu", "999"]);
        assert!(!out.status.success() && stderr(&out).contains("Posyandu dengan id 999 tidak ada"));
    };
}

#[test]
fn without_a_token_the_bot_says_how_to_get_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_posyandu-bot"))
        .current_dir(dir.path())
        .env_remove("TELOXIDE_TOKEN")
        .env_remove("DATABASE_URL")
        .env("ADMIN_LANG", "en")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("TELOXIDE_TOKEN is not set") && err.contains("@BotFather"), "{err}");
    assert!(err.contains("WHATSAPP_ACCESS_TOKEN") && err.contains("WHATSAPP_VERIFY_TOKEN"), "{err}");
}

#[test]
fn partial_whatsapp_settings_name_the_missing_ones_without_showing_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_posyandu-bot"))
        .current_dir(dir.path())
        .env_remove("TELOXIDE_TOKEN")
        .env_remove("DATABASE_URL")
        .env("WHATSAPP_ACCESS_TOKEN", "EAAG-secret-access-token")
        .env("WHATSAPP_APP_SECRET", "secret-app-secret")
        .env_remove("WHATSAPP_PHONE_NUMBER_ID")
        .env_remove("WHATSAPP_VERIFY_TOKEN")
        .env("ADMIN_LANG", "id")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("Pengaturan WhatsApp belum lengkap. Isi juga: WHATSAPP_PHONE_NUMBER_ID, WHATSAPP_VERIFY_TOKEN"),
        "{err}"
    );
    assert!(!err.contains("secret"), "a secret leaked: {err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_token_is_reported_without_showing_it() {
    let fake = fake_bot_api::FakeBotApi::start("999:the-right-token").await;
    let dir = tempfile::tempdir().unwrap();
    let secret = "123456:WRONG-secret-token-value";
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_posyandu-bot"))
        .current_dir(dir.path())
        .env("TELOXIDE_TOKEN", secret)
        .env("TELOXIDE_API_URL", fake.url())
        .env("RUST_LOG", "trace")
        .env("ADMIN_LANG", "en")
        .env_remove("DATABASE_URL")
        .output()
        .await
        .unwrap();
    let all = format!("{}{}", stdout(&out), stderr(&out));
    assert!(!out.status.success());
    assert!(all.contains("Could not log in to Telegram"), "{all}");
    assert!(!all.contains("WRONG-secret"), "the token leaked: {all}");
}

#[test]
fn both_backends_ship_the_same_migrations() {
    let (sqlite, postgres) = posyandu_bot::store::migration_versions();
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, postgres);
}

#[test]
fn settings_that_cannot_be_used_stop_the_bot_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let form = dir.path().join("form.toml");
    std::fs::write(&form, "version = \"x\"\n").unwrap();
    let run = |vars: &[(&str, &str)]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_posyandu-bot"));
        command.current_dir(dir.path()).env("TELOXIDE_TOKEN", "1:not-used").env("ADMIN_LANG", "id");
        for name in [
            "REPORT_FORM",
            "REPORT_MONTHS",
            "REPORT_DEFAULT_MONTH",
            "REPORT_RESUME_AFTER_MINUTES",
            "DATABASE_URL",
            "OUTBOX_RATE",
            "OUTBOX_CHAT_RATE",
            "TELOXIDE_API_URL",
        ] {
            command.env_remove(name);
        }
        let out = command.envs(vars.iter().copied()).output().unwrap();
        assert!(!out.status.success());
        stderr(&out)
    };
    let err = run(&[("REPORT_FORM", form.to_str().unwrap())]);
    assert!(err.contains(&format!("Formulir laporan {} tidak bisa dipakai", form.display())), "{err}");
    // A form that would leave a month without a question is refused at
    // start, never half-way through a kader's report.
    let shipped = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/forms/laporan-bulanan.toml")).unwrap();
    let only_february = shipped
        .replace("required = true\n", "required = true\nmonths = [2]\n")
        .replace("required = false\n", "required = false\nmonths = [2]\n")
        .replace("months = [2]\nmonths = [2, 8]", "months = [2, 8]");
    let sparse = dir.path().join("sparse.toml");
    std::fs::write(&sparse, only_february).unwrap();
    let err = run(&[("REPORT_FORM", sparse.to_str().unwrap())]);
    assert!(err.contains("tidak bisa dipakai") && err.contains("no indicator is asked in month(s) [1, 3, 4"), "{err}");
    let err = run(&[("OUTBOX_RATE", "cepat")]);
    assert!(err.contains("OUTBOX_RATE=cepat tidak bisa dipakai. Isi dengan jumlah pesan per detik"), "{err}");
    let err = run(&[("TELOXIDE_API_URL", "bukan alamat")]);
    assert!(err.contains("TELOXIDE_API_URL=bukan alamat tidak bisa dipakai"), "{err}");
    let err = run(&[("REPORT_DEFAULT_MONTH", "kemarin")]);
    assert!(err.contains("REPORT_DEFAULT_MONTH=kemarin tidak bisa dipakai. Isi dengan previous"), "{err}");
    let err = run(&[("REPORT_RESUME_AFTER_MINUTES", "sejam")]);
    assert!(err.contains("REPORT_RESUME_AFTER_MINUTES=sejam tidak bisa dipakai"), "{err}");
    for months in ["VITA=Oktober", "VITA=13", "VITAMIN=2,10"] {
        let err = run(&[("REPORT_MONTHS", months)]);
        assert!(
            err.contains(&format!("REPORT_MONTHS={months} tidak bisa dipakai. Isi dengan kode indikator")),
            "{err}"
        );
    }
}

on_both_databases! {
    people_are_listed_with_their_ids_and_roles_by_area => |db: TestDb| async move {
        use posyandu_bot::domain::lang::Lang;
        use posyandu_bot::domain::role::{Grant, OfficialRole};
        use posyandu_bot::store::people;
        let db = db.with_regions().await;
        let mawar = db.add_posyandu("Posyandu Mawar", "73.24.01.2001").await;
        let grants = [
            ("Siti Aminah", Grant::Kader { posyandu_id: mawar }),
            ("Andi Baso", Grant::Official { role: OfficialRole::Pokjanal, region: RegionCode::parse("73.24.01").unwrap() }),
            ("Budi", Grant::Official { role: OfficialRole::Pokja, region: RegionCode::parse("73.22.01.2001").unwrap() }),
        ];
        let mut ids = Vec::new();
        for (n, (name, grant)) in grants.into_iter().enumerate() {
            db.invite(grant.clone(), 1, 14).await;
            let invite = db.scalar("SELECT MAX(id) FROM invite").await;
            let mut tx = db.db.begin().await.unwrap();
            let id = people::create(&mut tx, "telegram", &format!("{}", 900 + n), name, Lang::Id, common::start_time())
                .await
                .unwrap();
            people::grant(&mut tx, id, &grant, invite, common::start_time()).await.unwrap();
            tx.commit().await.unwrap();
            ids.push(id);
        }
        let out = ok(cli(&db, &["people", "list", "--area", "73.24.01"]));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 3, "{out}");
        assert!(lines[0].contains(&ids[1].to_string()) && lines[0].contains("Andi Baso") && lines[0].contains("pokjanal"), "{out}");
        assert!(lines[1].contains("Siti Aminah") && lines[1].contains("kader") && lines[1].contains("Posyandu Mawar"), "{out}");
        assert_eq!(lines[2], "2 peran.");
        assert!(ok(cli(&db, &["people", "list"])).contains("Budi"));
        assert_eq!(ok(cli(&db, &["people", "list", "--area", "64.74"])).trim(), "Belum ada orang dengan peran di wilayah ini.");
        let out = cli(&db, &["people", "list", "--area", "73.2"]);
        assert!(!out.status.success() && stderr(&out).contains("73.2 bukan kode wilayah"), "{}", stderr(&out));
    };
}
