//! A harness that runs the real bot with WhatsApp (and, if asked, Telegram
//! too) against the fake Graph API on 127.0.0.1, which plays Meta: it posts
//! signed webhooks for simulated users and records what the bot sends.

use std::sync::Arc;
use std::time::Duration;

use fake_graph_api::{FakeGraphApi, SentMessage, SimUser};
use posyandu_bot::app::App;
use posyandu_bot::clock::Clock;
use posyandu_bot::config::templates::Templates;
use posyandu_bot::config::{Config, TelegramConfig, Token, WhatsAppConfig};
use posyandu_bot::dialogue::Settings;
use posyandu_bot::domain::form::packs::Forms;
use posyandu_bot::outbox::Limits;
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

use super::{TestDb, start_time};

pub const ACCESS_TOKEN: &str = "EAAG-test-access-token-never-logged";
pub const APP_SECRET: &str = "test-app-secret-never-logged";
pub const VERIFY_TOKEN: &str = "posyandu-verify-me";

const WAIT: Duration = Duration::from_secs(15);

/// The bot on WhatsApp, talking to a fake Graph API.
pub struct WaHarness {
    pub fake: FakeGraphApi,
    pub test_db: TestDb,
    pub clock: Clock,
    /// The fake Bot API, when Telegram runs in the same process.
    pub telegram: Option<fake_bot_api::FakeBotApi>,
    /// How many Telegram updates the bot handled, when Telegram runs.
    pub telegram_handled: Option<watch::Receiver<u64>>,
    handled: watch::Receiver<u64>,
    expected: u64,
    task: tokio::task::JoinHandle<()>,
    shutdown: CancellationToken,
    forms: Arc<Forms>,
}

/// The WhatsApp settings for the fake at `url`, listening on a free port.
pub fn config(url: &str) -> WhatsAppConfig {
    WhatsAppConfig {
        access_token: Token::new(ACCESS_TOKEN),
        phone_number_id: fake_graph_api::PHONE_NUMBER_ID.into(),
        app_secret: Token::new(APP_SECRET),
        verify_token: Token::new(VERIFY_TOKEN),
        api_url: url.parse().unwrap(),
        api_version: fake_graph_api::API_VERSION.into(),
        listen: "127.0.0.1:0".parse().unwrap(),
        limits: Limits::UNLIMITED,
        templates: Templates::shipped(),
    }
}

/// The real binary on WhatsApp alone, for the fake, with its webhook on
/// `port` (the caller adds the database and where the output goes).
pub fn bot_process(fake: &FakeGraphApi, port: u16) -> tokio::process::Command {
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_posyandu-bot"));
    command
        .env_remove("TELOXIDE_TOKEN")
        .env("WHATSAPP_ACCESS_TOKEN", ACCESS_TOKEN)
        .env("WHATSAPP_PHONE_NUMBER_ID", fake_graph_api::PHONE_NUMBER_ID)
        .env("WHATSAPP_APP_SECRET", APP_SECRET)
        .env("WHATSAPP_VERIFY_TOKEN", VERIFY_TOKEN)
        .env("WHATSAPP_API_URL", fake.url())
        .env("WHATSAPP_LISTEN", format!("127.0.0.1:{port}"))
        .kill_on_drop(true);
    command
}

impl WaHarness {
    /// WhatsApp alone, with the older one-section form ([`super::legacy_form`]).
    pub async fn start(test_db: TestDb) -> WaHarness {
        WaHarness::start_with(test_db, false, Arc::new(Forms::one(super::legacy_form()))).await
    }

    /// WhatsApp alone, with the form packs `forms`.
    pub async fn start_with_forms(test_db: TestDb, forms: Arc<Forms>) -> WaHarness {
        WaHarness::start_with(test_db, false, forms).await
    }

    /// WhatsApp and Telegram in one process.
    pub async fn start_with_telegram(test_db: TestDb) -> WaHarness {
        WaHarness::start_with(test_db, true, Arc::new(Forms::one(super::legacy_form()))).await
    }

    async fn start_with(test_db: TestDb, with_telegram: bool, forms: Arc<Forms>) -> WaHarness {
        let fake = FakeGraphApi::start(ACCESS_TOKEN, APP_SECRET).await;
        let telegram = match with_telegram {
            true => Some(fake_bot_api::FakeBotApi::start(super::TOKEN).await),
            false => None,
        };
        let clock = Clock::fixed(start_time());
        let app = start_app(&fake, telegram.as_ref(), &test_db, &clock, &forms).await;
        let telegram_handled = app.telegram_handled;
        let (handled, task, shutdown) = (app.whatsapp_handled, app.task, app.shutdown);
        WaHarness { fake, test_db, clock, telegram, telegram_handled, handled, expected: 0, task, shutdown, forms }
    }

    /// Stops the bot and waits until it stopped (it closes the database,
    /// which is then opened again for the test).
    pub async fn stop(&mut self) {
        self.shutdown.cancel();
        (&mut self.task).await.expect("the bot stops cleanly");
        self.test_db.db = posyandu_bot::store::Db::connect(&self.test_db.url).await.unwrap();
    }

    /// Starts a new bot on the same database and fake Graph API.
    pub async fn start_again(&mut self) {
        let app = start_app(&self.fake, self.telegram.as_ref(), &self.test_db, &self.clock, &self.forms).await;
        (self.handled, self.task, self.shutdown) = (app.whatsapp_handled, app.task, app.shutdown);
        self.telegram_handled = app.telegram_handled;
        self.expected = 0;
    }

    pub fn user(&self, wa_id: &str, name: &str) -> SimUser {
        self.fake.user(wa_id, name)
    }

    /// Sends a text as `user` and returns the bot's new messages to them.
    pub async fn say(&mut self, user: &SimUser, text: &str) -> Vec<SentMessage> {
        let before = self.fake.message_count(&user.wa_id);
        let inbound = self.fake.send_text(user, text).await;
        assert_eq!(inbound.status, 200, "the webhook refused a genuine message");
        self.settle(user, before).await
    }

    /// Presses the newest reply button or list row whose title contains
    /// `label` (a row's description counts too).
    pub async fn tap(&mut self, user: &SimUser, label: &str) -> Vec<SentMessage> {
        let messages = self.fake.messages(&user.wa_id);
        let before = messages.len();
        let found = messages.iter().rev().find_map(|m| {
            let button = m.buttons.iter().find(|b| b.title.contains(label)).map(|b| (true, b.id.clone()));
            let row = || {
                m.rows
                    .iter()
                    .find(|r| r.title.contains(label) || r.description.as_deref().is_some_and(|d| d.contains(label)))
                    .map(|r| (false, r.id.clone()))
            };
            button.or_else(row)
        });
        let (button, id) = found.unwrap_or_else(|| panic!("no button or row {label:?} in {messages:#?}"));
        let inbound = match button {
            true => self.fake.tap(user, &id).await,
            false => self.fake.pick(user, &id).await,
        };
        assert_eq!(inbound.status, 200);
        self.settle(user, before).await
    }

    /// Presses "Lihat", the quick-reply button of the template `template`
    /// (its wamid), and waits until the bot handled it.
    pub async fn press_lihat(&mut self, user: &SimUser, template: &str) {
        let lihat = serde_json::json!({ "type": "button", "context": { "id": template },
                                        "button": { "payload": "Lihat", "text": "Lihat" } });
        assert_eq!(self.fake.send_message(user, lihat).await.status, 200);
        self.settle_many(1).await;
    }

    /// A newcomer who registers with `text` (the code, or "DAFTAR code"),
    /// keeps the profile name and picks Bahasa Indonesia.
    pub async fn register(&mut self, wa_id: &str, name: &str, text: &str) -> SimUser {
        let user = self.user(wa_id, name);
        self.say(&user, text).await;
        self.tap(&user, "Ya, benar").await;
        let done = self.tap(&user, "Indonesia").await;
        super::assert_any(&texts(&done), "Terima kasih");
        user
    }

    /// Waits until `n` more messages posted directly to the fake are handled.
    pub async fn settle_many(&mut self, n: u64) {
        self.expected += n;
        super::wait_handled(&mut self.handled, self.expected).await;
        self.check_rules();
    }

    /// Waits for one more handled message, then returns the messages sent
    /// to `user` since `before`.
    pub async fn settle(&mut self, user: &SimUser, before: usize) -> Vec<SentMessage> {
        self.settle_many(1).await;
        self.fake.messages(&user.wa_id).split_off(before)
    }

    /// Nothing WhatsApp would refuse.
    #[track_caller]
    fn check_rules(&self) {
        let violations = self.fake.violations();
        assert!(violations.is_empty(), "the bot broke WhatsApp's rules: {violations:#?}");
    }

    /// Waits until the bot sent `user` `count` messages in all (broadcasts
    /// come from the outbox's worker, not as answers).
    pub async fn wait_for_messages(&self, user: &SimUser, count: usize) -> Vec<SentMessage> {
        let last = self.fake.wait_for_message(&user.wa_id, count - 1, WAIT).await;
        assert!(last.is_some(), "the bot sent {} fewer than {count} messages", user.wa_id);
        self.check_rules();
        self.fake.messages(&user.wa_id)
    }
}

/// A running bot: its counters, its task and how to stop it.
struct Running {
    whatsapp_handled: watch::Receiver<u64>,
    telegram_handled: Option<watch::Receiver<u64>>,
    task: tokio::task::JoinHandle<()>,
    shutdown: CancellationToken,
}

/// Starts the bot on `test_db` for the fakes, and points the Graph API's
/// webhook at it.
async fn start_app(
    fake: &FakeGraphApi,
    telegram: Option<&fake_bot_api::FakeBotApi>,
    test_db: &TestDb,
    clock: &Clock,
    forms: &Arc<Forms>,
) -> Running {
    let config = Config {
        telegram: telegram.map(|t| TelegramConfig::new(super::TOKEN, Some(t.url().parse().unwrap()))),
        whatsapp: Some(config(&fake.url())),
        forms: forms.clone(),
        dialogue: Settings::default(),
        outbox: Limits::TELEGRAM,
    };
    let app = App::start(config, test_db.db.clone(), clock.clone()).await.expect("the bot starts");
    let address = app.whatsapp_address().expect("WhatsApp listens");
    fake.set_webhook_url(&format!("http://{address}/webhook"));
    let (whatsapp_handled, shutdown) = (app.whatsapp_handled(), app.shutdown());
    let telegram_handled = telegram.map(|_| app.handled());
    Running { whatsapp_handled, telegram_handled, shutdown, task: tokio::spawn(app.run()) }
}

impl Drop for WaHarness {
    fn drop(&mut self) {
        self.task.abort();
        self.shutdown.cancel();
    }
}

/// What each message shows: its text, then its buttons' and rows' titles.
pub fn texts(messages: &[SentMessage]) -> Vec<String> {
    messages
        .iter()
        .map(|m| {
            let titles = m.buttons.iter().chain(&m.rows).map(|c| format!("[{}]", c.title));
            std::iter::once(m.text.clone()).chain(titles).collect::<Vec<_>>().join(" ")
        })
        .collect()
}
