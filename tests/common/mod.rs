//! Test support: a fresh database per test (SQLite file, or a PostgreSQL
//! schema when TEST_DATABASE_URL is set), seeded with a few real regions,
//! and a harness that runs the real bot against the fake Bot API.
#![allow(dead_code)] // each test binary uses part of this

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};
use fake_bot_api::{FakeBotApi, SentMessage, SimUser};
use posyandu_bot::app::App;
use posyandu_bot::clock::Clock;
use posyandu_bot::config::{Config, TelegramConfig};
use posyandu_bot::dialogue::Settings;
use posyandu_bot::domain::form::Form;
use posyandu_bot::domain::form::packs::Forms;
use posyandu_bot::domain::periode::Periode;
use posyandu_bot::domain::region::RegionCode;
use posyandu_bot::domain::report::Submission;
use posyandu_bot::domain::role::Grant;
use posyandu_bot::store::{Db, invites, posyandu, regions, reports};
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

pub mod whatsapp;

pub const TOKEN: &str = "123456:TEST-token-never-logged";

/// The moment every test starts at: Tuesday 10 November 2026, 10:00 WITA.
/// The month that just ended is October 2026, whatever day the tests run.
pub fn start_time() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-10T02:00:00Z").unwrap().with_timezone(&Utc)
}

/// Regions from the real Kemendagri list: Luwu Timur, Luwu Utara, Bontang.
pub const REGIONS: &str = "\
73,SULAWESI SELATAN
73.24,KAB. LUWU TIMUR
73.24.01,Mangkutana
73.24.01.2001,Maleku
73.24.01.2002,Kasintuwu
73.22,KAB. LUWU UTARA
73.22.01,Malangke
73.22.01.2001,Pattimang
64,KALIMANTAN TIMUR
64.74,KOTA BONTANG
64.74.01,Bontang Selatan
64.74.01.1001,Bontang Lestari
";

/// A WIB province (Kalimantan Barat, Asia/Pontianak) to go beside [`REGIONS`] (WITA).
pub const KALBAR: &str = "\
61,KALIMANTAN BARAT
61.71,KOTA PONTIANAK
61.71.01,Pontianak Selatan
61.71.01.1001,Benua Melayu Darat
";

/// Runs each named test body once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident => $body:expr;)+) => {$(
        mod $name {
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let db = common::TestDb::sqlite().await;
                ($body)(db).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(db) = common::TestDb::postgres().await {
                    ($body)(db).await;
                }
            }
        }
    )+};
}

/// A database of its own for one test; removed when dropped.
pub struct TestDb {
    pub db: Db,
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    Dir(#[allow(unused)] tempfile::TempDir),
    Schema { admin_url: String, schema: String },
}

static NEXT: AtomicU64 = AtomicU64::new(0);

/// `migrator` with only its migrations older than `version`.
fn older(mut migrator: sqlx::migrate::Migrator, version: i64) -> sqlx::migrate::Migrator {
    migrator.migrations = migrator.migrations.iter().filter(|m| m.version < version).cloned().collect();
    migrator
}

impl TestDb {
    pub async fn sqlite() -> TestDb {
        let test = TestDb::sqlite_before(i64::MAX).await;
        test.db.migrate().await.unwrap();
        test
    }

    /// A SQLite database as a release before the migration `version` left
    /// it: the migrations older than `version` applied, the rest not.
    pub async fn sqlite_before(version: i64) -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("test.db").display());
        let db = Db::connect(&url).await.unwrap();
        if let Db::Sqlite(sqlite) = &db {
            let migrator = older(sqlx::migrate!("migrations/sqlite"), version);
            migrator.run_direct(&mut *sqlite.lock().await.unwrap()).await.unwrap();
        }
        TestDb { db, url, cleanup: Cleanup::Dir(dir) }
    }

    /// `None` when TEST_DATABASE_URL is unset; panics when it is set but the
    /// server cannot be reached, so CI never skips PostgreSQL silently.
    pub async fn postgres() -> Option<TestDb> {
        let test = TestDb::postgres_before(i64::MAX).await?;
        test.db.migrate().await.unwrap();
        Some(test)
    }

    /// [`TestDb::sqlite_before`] on PostgreSQL.
    pub async fn postgres_before(version: i64) -> Option<TestDb> {
        let admin_url = std::env::var("TEST_DATABASE_URL").ok().filter(|u| !u.is_empty())?;
        let schema = format!("t_{}_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed), rand_suffix());
        let admin = Db::connect(&admin_url).await.expect("TEST_DATABASE_URL is set but PostgreSQL is unreachable");
        let Db::Postgres(pool) = &admin else { panic!("TEST_DATABASE_URL must be postgres://") };
        sqlx::query(&format!("CREATE SCHEMA {schema}")).execute(pool).await.unwrap();
        admin.close().await;
        let separator = if admin_url.contains('?') { '&' } else { '?' };
        let url = format!("{admin_url}{separator}options=-c%20search_path%3D{schema}");
        let db = Db::connect(&url).await.unwrap();
        if let Db::Postgres(pool) = &db {
            older(sqlx::migrate!("migrations/postgres"), version).run(pool).await.unwrap();
        }
        Some(TestDb { db, url, cleanup: Cleanup::Schema { admin_url, schema } })
    }

    /// Loads [`REGIONS`].
    pub async fn with_regions(self) -> TestDb {
        self.with_region_list(REGIONS).await
    }

    /// Loads [`REGIONS`] and [`KALBAR`]: kader and officials in WITA and WIB.
    pub async fn with_wib_and_wita_regions(self) -> TestDb {
        self.with_region_list(&format!("{REGIONS}{KALBAR}")).await
    }

    /// Loads Kab. Luwu (73.17): kecamatan "Kec 01" to "Kec 11"; Kec 01 with
    /// desa "Desa 01" to "Desa 13" (73.17.01.2001 on), the others with one
    /// desa each, "Desa K02" (73.17.02.2001) and so on.
    pub async fn with_big_kabupaten(self) -> TestDb {
        let mut list = String::from("73,SULAWESI SELATAN\n73.17,KAB. LUWU\n");
        for k in 1..=11 {
            list.push_str(&format!("73.17.{k:02},Kec {k:02}\n"));
            match k {
                1 => (1..=13).for_each(|d| list.push_str(&format!("73.17.01.{:04},Desa {d:02}\n", 2000 + d))),
                _ => list.push_str(&format!("73.17.{k:02}.2001,Desa K{k:02}\n")),
            }
        }
        self.with_region_list(&list).await
    }

    async fn with_region_list(self, list: &str) -> TestDb {
        let rows = posyandu_bot::wilayah::read(list.as_bytes(), &Default::default()).unwrap();
        regions::import(&self.db, &rows, |_, _| ()).await.unwrap();
        self
    }

    pub async fn add_posyandu(&self, name: &str, desa: &str) -> i64 {
        posyandu::add(&self.db, name, &RegionCode::parse(desa).unwrap(), start_time()).await.unwrap().0
    }

    /// Creates an invite valid for `days` from [`start_time`] (negative: already expired).
    pub async fn invite(&self, grant: Grant, uses: i64, days: i64) -> String {
        let now = start_time();
        let code = invites::create(&self.db, &grant, uses, now + chrono::Duration::days(days), now).await.unwrap();
        code.to_string()
    }

    pub async fn scalar(&self, sql: &str) -> i64 {
        match &self.db {
            Db::Sqlite(db) => sqlx::query_scalar(sql).fetch_one(&mut *db.lock().await.unwrap()).await.unwrap(),
            Db::Postgres(p) => sqlx::query_scalar(sql).fetch_one(p).await.unwrap(),
        }
    }

    pub async fn execute(&self, sql: &str) {
        match &self.db {
            Db::Sqlite(db) => sqlx::query(sql).execute(&mut *db.lock().await.unwrap()).await.map(|_| ()).unwrap(),
            Db::Postgres(p) => sqlx::query(sql).execute(p).await.map(|_| ()).unwrap(),
        }
    }

    /// Saves `posyandu`'s report of `periode` (S 50, D 45) as person `by`
    /// would send it, at `at`.
    pub async fn save_report(&self, by: i64, posyandu: i64, periode: &str, at: DateTime<Utc>) {
        let values: BTreeMap<String, i64> =
            [("S", 50), ("K", 50), ("D", 45), ("N", 36), ("T", 4), ("O", 3), ("B", 2), ("BGM", 1), ("2T", 0)]
                .into_iter()
                .map(|(c, v)| (c.to_owned(), v))
                .collect();
        let periode = Periode::try_from(periode.to_owned()).unwrap();
        let submission = Submission {
            posyandu_id: posyandu,
            periode,
            values,
            confirmed: vec![],
            base: None,
            section: "balita".into(),
            form_version: "skdn-2026.1".into(),
        };
        let mut tx = self.db.begin().await.unwrap();
        reports::save(&mut tx, by, &submission, at).await.unwrap();
        tx.commit().await.unwrap();
    }
}

fn rand_suffix() -> u32 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos()
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Cleanup::Schema { admin_url, schema } = &self.cleanup {
            let (admin_url, schema) = (admin_url.clone(), schema.clone());
            // Drop runs outside async; use a throwaway runtime on its own thread.
            let _ = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
                runtime.block_on(async {
                    if let Ok(Db::Postgres(pool)) = Db::connect(&admin_url).await {
                        let _ = sqlx::query(&format!("DROP SCHEMA {schema} CASCADE")).execute(&pool).await;
                        pool.close().await;
                    }
                });
            })
            .join();
        }
    }
}

/// The older one-section form (the balita block alone), as a deployment
/// setting `REPORT_FORM` to `forms/laporan-bulanan.toml` runs it: the
/// month leads straight to its numbers. Most tests drive the report this
/// way; those of the whole month by sections use [`Form::shipped`].
pub fn legacy_form() -> Arc<Form> {
    Arc::new(Form::parse(include_str!("../../forms/laporan-bulanan.toml")).unwrap())
}

/// The real bot (teloxide over HTTP) against a fake Bot API on 127.0.0.1.
pub struct Harness {
    pub fake: FakeBotApi,
    pub test_db: TestDb,
    /// The bot's clock, starting at [`start_time`]; move it with `clock.advance`.
    pub clock: Clock,
    forms: Arc<Forms>,
    handled: watch::Receiver<u64>,
    expected: u64,
    bot: RunningBot,
}

/// The bot's task and the token that stops its background tasks.
struct RunningBot {
    task: JoinHandle<()>,
    shutdown: CancellationToken,
}

impl RunningBot {
    /// Stops it as a crash would: no clean shutdown of the dispatcher.
    async fn kill(&mut self) {
        self.task.abort();
        let _ = (&mut self.task).await;
        self.shutdown.cancel();
    }
}

const WAIT: Duration = Duration::from_secs(15);

impl Harness {
    pub async fn start(test_db: TestDb) -> Harness {
        Harness::start_with_form(test_db, legacy_form()).await
    }

    /// A bot using `form` everywhere.
    pub async fn start_with_form(test_db: TestDb, form: Arc<Form>) -> Harness {
        Harness::start_with_forms(test_db, Arc::new(Forms::one(form))).await
    }

    /// A bot using the packs `forms`.
    pub async fn start_with_forms(test_db: TestDb, forms: Arc<Forms>) -> Harness {
        let fake = FakeBotApi::start(TOKEN).await;
        let clock = Clock::fixed(start_time());
        let (handled, bot) = spawn_bot(&fake, &test_db.db, &clock, &forms).await;
        Harness { fake, test_db, clock, forms, handled, expected: 0, bot }
    }

    /// Stops the bot as a crash would, and starts a new one on the same
    /// database and fake server.
    pub async fn restart(&mut self) {
        self.bot.kill().await;
        let (handled, bot) = spawn_bot(&self.fake, &self.test_db.db, &self.clock, &self.forms).await;
        self.handled = handled;
        self.expected = 0;
        self.bot = bot;
    }

    pub fn user(&self, id: i64, first: &str, last: Option<&str>, lang: Option<&str>) -> SimUser {
        self.fake.user(id, first, last, lang)
    }

    /// Sends a text as `user` and returns the bot's new messages in that chat.
    pub async fn say(&mut self, user: &SimUser, text: &str) -> Vec<SentMessage> {
        let before = self.fake.messages(user.id).len();
        self.fake.push_text(user, text);
        self.settle(user, before).await
    }

    /// A newcomer `name` (Telegram id `id`) who registers with the invite
    /// `code`, keeps the profile name and picks Bahasa Indonesia.
    pub async fn register(&mut self, id: i64, name: &str, code: &str) -> SimUser {
        let user = self.user(id, name, None, None);
        self.say(&user, code).await;
        self.tap(&user, "Ya, benar").await;
        assert_says(&self.tap(&user, "Bahasa Indonesia").await, "Terima kasih");
        user
    }

    /// Taps the newest button whose label contains `label`.
    pub async fn tap(&mut self, user: &SimUser, label: &str) -> Vec<SentMessage> {
        let messages = self.fake.messages(user.id);
        let (message_id, data) = messages
            .iter()
            .rev()
            .find_map(|m| {
                m.buttons
                    .iter()
                    .flatten()
                    .find(|b| b.text.contains(label))
                    .map(|b| (m.message_id, b.callback_data.clone()))
            })
            .unwrap_or_else(|| panic!("no button {label:?} in {messages:#?}"));
        self.tap_data(user, message_id, &data).await
    }

    pub async fn tap_data(&mut self, user: &SimUser, message_id: i64, data: &str) -> Vec<SentMessage> {
        let before = self.fake.messages(user.id).len();
        self.fake.push_callback(user, message_id, data);
        self.settle(user, before).await
    }

    /// Sends anything else (sticker, photo, raw update) through `push`.
    pub async fn send_with(&mut self, user: &SimUser, push: impl FnOnce(&FakeBotApi)) -> Vec<SentMessage> {
        let before = self.fake.messages(user.id).len();
        push(&self.fake);
        self.settle(user, before).await
    }

    /// Waits until `n` more updates pushed directly to the fake are handled.
    pub async fn settle_many(&mut self, n: u64) {
        self.expected += n;
        wait_handled(&mut self.handled, self.expected).await;
        self.check_rules();
    }

    /// Nothing Telegram would refuse, and every button press answered.
    #[track_caller]
    fn check_rules(&self) {
        let violations = self.fake.violations();
        assert!(violations.is_empty(), "the bot broke Telegram's rules: {violations:#?}");
        let unanswered = self.fake.unanswered_callbacks();
        assert!(unanswered.is_empty(), "button presses left spinning: {unanswered:?}");
    }

    /// Waits until the bot has handled every update pushed so far, then
    /// returns the messages added to `user`'s chat since `before`.
    pub async fn settle(&mut self, user: &SimUser, before: usize) -> Vec<SentMessage> {
        self.settle_many(1).await;
        self.fake.messages(user.id).split_off(before)
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        self.bot.task.abort();
        self.bot.shutdown.cancel();
    }
}

/// The bot as `posyandu-bot run` builds it ([`App`]), on the test's
/// database and clock, talking to the fake Bot API.
async fn spawn_bot(
    fake: &FakeBotApi,
    db: &Db,
    clock: &Clock,
    forms: &Arc<Forms>,
) -> (watch::Receiver<u64>, RunningBot) {
    let config = Config {
        telegram: Some(TelegramConfig::new(TOKEN, Some(fake.url().parse().unwrap()))),
        whatsapp: None,
        forms: forms.clone(),
        dialogue: Settings::default(),
        outbox: posyandu_bot::outbox::Limits::TELEGRAM,
    };
    let app = App::start(config, db.clone(), clock.clone()).await.expect("the bot starts");
    let handled = app.handled();
    let shutdown = app.shutdown();
    (handled, RunningBot { task: tokio::spawn(app.run()), shutdown })
}

/// Waits until the bot has handled `expected` incoming messages in all.
pub async fn wait_handled(handled: &mut watch::Receiver<u64>, expected: u64) {
    tokio::time::timeout(WAIT, handled.wait_for(|count| *count >= expected))
        .await
        .expect("the bot did not handle the updates in time")
        .unwrap();
}

/// The texts of messages, for compact assertions.
pub fn texts(messages: &[SentMessage]) -> Vec<String> {
    messages.iter().map(|m| m.text.clone()).collect()
}

/// Asserts that one of the messages contains `needle`.
#[track_caller]
pub fn assert_says(messages: &[SentMessage], needle: &str) {
    assert!(messages.iter().any(|m| m.text.contains(needle)), "no message contains {needle:?}: {:#?}", texts(messages));
}

/// Asserts that one of `texts` contains `needle`.
#[track_caller]
pub fn assert_any(texts: &[String], needle: &str) {
    assert!(texts.iter().any(|t| t.contains(needle)), "no message contains {needle:?}: {texts:#?}");
}
