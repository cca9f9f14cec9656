//! The admin's command line, run as the real binary against a fresh
//! database: regions, posyandu, invites, and starting without a token.

mod common;

use std::process::{Command, Output};

use common::TestDb;

const FULL_LIST: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/wilayah/kode_wilayah.csv");

fn cli(db: &TestDb, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_posyandu-bot"))
        .args(args)
        .env("DATABASE_URL", &db.url)
        .env("ADMIN_LANG", "id")
        .env_remove("TELOXIDE_TOKEN")
        .env_remove("BOT_USERNAME")
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

/// The full list when the shared data is beside the project (as in CI), else the bundled copy.
fn full_list() -> String {
    if std::path::Path::new(FULL_LIST).exists() {
        FULL_LIST.to_owned()
    } else {
        concat!(env!("CARGO_MANIFEST_DIR"), "/data/wilayah/kode_wilayah.csv").to_owned()
    }
}

on_both_databases! {
    imports_all_regions_twice_without_duplicates => |db: TestDb| async move {
        let out = cli(&db, &["regions", "import", &full_list()]);
        assert!(stderr(&out).contains("Menyimpan wilayah: 91219/91219"), "{}", stderr(&out));
        let text = ok(out);
        assert!(text.contains("91219 wilayah dibaca; 91219 baru"), "{text}");
        assert_eq!(db.scalar("SELECT COUNT(*) FROM region").await, 91_219);
        assert_eq!(db.scalar("SELECT COUNT(*) FROM region WHERE level = 1").await, 34);
        assert_eq!(db.scalar("SELECT COUNT(*) FROM region WHERE level = 4").await, 83_441);
        assert_eq!(db.scalar("SELECT COUNT(*) FROM region WHERE parent_code = '73.24.01'").await,
                   db.scalar("SELECT COUNT(*) FROM region WHERE code LIKE '73.24.01.%'").await);
        assert_eq!(db.scalar("SELECT COUNT(*) FROM region WHERE code = '73.24.01.2001' AND time_zone = 'Asia/Makassar'").await, 1);
        assert_eq!(db.scalar("SELECT COUNT(*) FROM region WHERE code = '91' AND time_zone = 'Asia/Jayapura'").await, 1);
        assert_eq!(db.scalar("SELECT COUNT(*) FROM region WHERE code = '61.01' AND time_zone = 'Asia/Pontianak'").await, 1);
        assert_eq!(db.scalar("SELECT COUNT(*) FROM region WHERE code LIKE '31%' AND time_zone <> 'Asia/Jakarta'").await, 0);

        // A second import of a list with one renamed desa changes only that name.
        let renamed = tempfile::NamedTempFile::new().unwrap();
        let list = std::fs::read_to_string(full_list()).unwrap().replace("73.24.01.2001,Maleku", "73.24.01.2001,Maleku Baru");
        std::fs::write(renamed.path(), list).unwrap();
        let text = ok(cli(&db, &["regions", "import", renamed.path().to_str().unwrap()]));
        assert!(text.contains("0 baru, 1 ganti nama, 91218 tetap"), "{text}");
        assert_eq!(db.scalar("SELECT COUNT(*) FROM region").await, 91_219);
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
        for name in
            ["REPORT_FORM", "REPORT_MONTHS", "REPORT_DEFAULT_MONTH", "REPORT_RESUME_AFTER_MINUTES", "DATABASE_URL"]
        {
            command.env_remove(name);
        }
        let out = command.envs(vars.iter().copied()).output().unwrap();
        assert!(!out.status.success());
        stderr(&out)
    };
    let err = run(&[("REPORT_FORM", form.to_str().unwrap())]);
    assert!(err.contains(&format!("Formulir laporan {} tidak bisa dipakai", form.display())), "{err}");
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
