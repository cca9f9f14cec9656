//! The WhatsApp run: the same kader and the same 14-step report, through
//! the bot's webhook and the fake Graph API ([`FakeGraphApi`]) instead of
//! the fake Telegram. The bot runs with WhatsApp settings only; each kader's
//! texts are posted as Meta posts them (signed with the app secret), button
//! taps and list picks as interactive replies, and a step's latency runs
//! from just before its webhook POST to the arrival of the bot's last
//! message of that step at the fake's `/messages`.
//!
//! A step is answered with as many messages as on Telegram ([`replies`]);
//! after the last phase each kader must have got exactly that many in all,
//! the last one saying the report was sent, so no answer was taken for
//! another step's and none was lost.

use std::sync::Arc;
use std::time::{Duration, Instant};

use fake_graph_api::{FakeGraphApi, SimUser};

use crate::{Act, Messenger, WAIT, bot_command, measure, replies, report_months, report_script, run_all, seed};

const ACCESS_TOKEN: &str = "EAAG-bench-access-token";
const APP_SECRET: &str = "bench-app-secret";

impl Messenger for FakeGraphApi {
    type User = SimUser;

    async fn perform(&self, user: &SimUser, act: Act) -> Duration {
        let seen = self.message_count(&user.wa_id);
        let expect = replies(&act);
        let posted = Instant::now();
        let inbound = match act {
            Act::Say(text) => self.send_text(user, text).await,
            Act::Tap(label) => tap(self, user, label).await,
        };
        assert_eq!(inbound.status, 200, "the webhook refused a genuine message");
        let reply = self.wait_for_message(&user.wa_id, seen + expect - 1, WAIT).await.expect("the bot answers");
        reply.sent_at.duration_since(posted)
    }

    fn violations(&self) -> Vec<String> {
        FakeGraphApi::violations(self)
    }
}

/// Presses the reply button or list row whose title contains `label` on
/// the bot's newest message.
async fn tap(fake: &FakeGraphApi, user: &SimUser, label: &str) -> fake_graph_api::Inbound {
    let last = fake.last_message(&user.wa_id).expect("the bot wrote to the kader");
    if let Some(button) = last.buttons.iter().find(|b| b.title.contains(label)) {
        return fake.tap(user, &button.id).await;
    }
    let row = last.rows.iter().find(|r| r.title.contains(label));
    let row = row.unwrap_or_else(|| panic!("no button or row {label:?} in {last:#?}"));
    fake.pick(user, &row.id).await
}

/// posyandu-bot on WhatsApp: every kader registers (not measured), then
/// sends the 14-step report of last month flat out, then this month's
/// paced; then each kader must have got exactly the messages counted.
pub async fn runs(url: &str, kader: usize, rate: f64) {
    let codes = seed(url, kader, "WhatsApp").await;
    let fake = Arc::new(FakeGraphApi::start(ACCESS_TOKEN, APP_SECRET).await);
    // No throughput limit: Meta's 80 a second would be the bottleneck, not the bot.
    fake.set_throughput(None);
    let bot = spawn_bot(url, &fake).await;
    let users: Vec<SimUser> = (0..kader).map(|i| fake.user(&format!("62812{:07}", 100_000 + i), "Kader")).collect();
    let register =
        |i: usize| vec![Act::Say(crate::leak(codes[i].clone())), Act::Tap("Ya, benar"), Act::Tap("Indonesia")];
    run_all(&fake, &users, register, None).await;
    let months = report_months();
    let name = format!("posyandu-bot on WhatsApp ({}, {} steps)", crate::backend(url), report_script(months[0]).len());
    measure(&name, &fake, &bot, &users, |_| report_script(months[0]), None).await;
    measure(&name, &fake, &bot, &users, |_| report_script(months[1]), Some(rate)).await;
    let per_kader: usize =
        [register(0), report_script(months[0]), report_script(months[1])].iter().flatten().map(replies).sum();
    // Anything the bot sent beyond the counted answers has arrived by now.
    tokio::time::sleep(Duration::from_millis(500)).await;
    for user in &users {
        assert_eq!(fake.message_count(&user.wa_id), per_kader, "messages to {}", user.wa_id);
        let last = fake.last_message(&user.wa_id).expect("answered").text;
        assert!(last.contains("terkirim"), "the report was not sent: {last}");
    }
    crate::stop(bot).await;
}

/// Starts the bot with WhatsApp settings only, its webhook on a free port
/// of 127.0.0.1, and waits until the webhook answers.
async fn spawn_bot(url: &str, fake: &FakeGraphApi) -> tokio::process::Child {
    let address = free_address();
    let mut command = bot_command(env!("CARGO_BIN_EXE_posyandu-bot"));
    command
        .arg("run")
        .env("DATABASE_URL", url)
        .env_remove("TELOXIDE_TOKEN")
        .env("WHATSAPP_ACCESS_TOKEN", ACCESS_TOKEN)
        .env("WHATSAPP_PHONE_NUMBER_ID", fake_graph_api::PHONE_NUMBER_ID)
        .env("WHATSAPP_APP_SECRET", APP_SECRET)
        .env("WHATSAPP_VERIFY_TOKEN", "bench-verify-token")
        .env("WHATSAPP_API_URL", fake.url())
        .env("WHATSAPP_API_VERSION", fake_graph_api::API_VERSION)
        .env("WHATSAPP_LISTEN", address.to_string())
        // As with Telegram: the fake has no limit, so the bot need not pace itself.
        .env("WHATSAPP_RATE", "0");
    let bot = command.spawn().expect("the bot starts");
    let listening = async {
        while tokio::net::TcpStream::connect(address).await.is_err() {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    };
    tokio::time::timeout(WAIT, listening).await.expect("the bot's webhook listens");
    fake.set_webhook_url(&format!("http://{address}/webhook"));
    bot
}

/// A port on 127.0.0.1 that was free a moment ago.
fn free_address() -> std::net::SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    listener.local_addr().expect("local address")
}
