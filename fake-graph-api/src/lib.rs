//! A fake WhatsApp Cloud API (Meta's Graph API) on 127.0.0.1 for
//! posyandu-bot's tests and load benchmark.
//!
//! It plays both sides of Meta. Towards the bot's Graph API client it serves
//! `POST /{version}/{phone_number_id}/messages` (text, interactive reply
//! buttons and lists, templates, image and document by media id, and
//! `"status":"read"` marks) and `POST /{version}/{phone_number_id}/media`
//! (multipart uploads), behind `Authorization: Bearer <token>`. Towards the
//! bot's webhook it plays the users: [`FakeGraphApi::send_text`],
//! [`FakeGraphApi::tap`], [`FakeGraphApi::pick`],
//! [`FakeGraphApi::share_location`] post the payloads Meta posts, signed with
//! `X-Hub-Signature-256` over the raw body with the app secret, and
//! [`FakeGraphApi::next_message`] waits for the bot's answer.
//!
//! # What it checks
//!
//! Whatever real WhatsApp would refuse is refused the same way (HTTP 400,
//! Graph's `OAuthException` error object with code 100 or 131009 and the
//! reason in `error_data.details`) and recorded in
//! [`FakeGraphApi::violations`], so a test can assert the bot never did it:
//! a missing `messaging_product` or `to`; an unknown phone number id; text
//! empty or over 4096 characters; reply buttons not 1 to 3, a title empty or
//! over 20, an id empty or over 256, a body over 1024, two buttons with the
//! same id or title; a list with no rows or over 10 rows in all, a row title
//! over 24, a description over 72, an id over 200, duplicate row ids, a list
//! button label over 20, a body over 4096; a template without name or
//! language, or one not approved ([`FakeGraphApi::approve_template`]) or
//! with the wrong number of parameters; media by an id never uploaded, a caption over 1024; uploads of
//! a type WhatsApp does not take (such as `.ics`) or too big (images 5 MB,
//! documents 100 MB), without `type`, or whose file part names another
//! type ([`FakeGraphApi::uploads`] lists those accepted); a wrong token
//! (401, code 190). Lengths are counted in characters (Unicode scalar
//! values).
//!
//! # What it simulates
//!
//! Refusals a correct bot meets by design are answered but are not
//! violations: 131047 for a free-form message outside the 24-hour customer
//! service window (the fake knows when each user last wrote; templates pass;
//! [`FakeGraphApi::advance_clock`] steps past 24 hours without sleeping),
//! counted in [`FakeGraphApi::outside_window`]; 130429 beyond the throughput
//! limit ([`FakeGraphApi::set_throughput`]; none after
//! [`FakeGraphApi::start`]), counted in [`FakeGraphApi::rate_limited`];
//! 131026 for a user who cannot be reached ([`FakeGraphApi::block_user`]);
//! 131053 for media Meta no longer keeps ([`FakeGraphApi::expire_media`]);
//! and failures or late answers a test injects ([`FakeGraphApi::fail_for`],
//! [`FakeGraphApi::stall`]). Real WhatsApp reports 131047 and 131026 either
//! in the answer or later in a `failed` status webhook; the fake answers
//! them at once, and [`FakeGraphApi::post_status`] posts any status a test
//! wants.
//!
//! Not a general WhatsApp emulator: one business number
//! ([`PHONE_NUMBER_ID`]), media by id only (never by link), and media is
//! not decoded.

mod limits;
mod media;
mod messages;
mod server;
mod webhooks;

pub use limits::Throughput;
pub use webhooks::{Inbound, Signature, StatusKind, StatusMode, StatusPost, WebhookAnswer};

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime};

use serde_json::Value;
use tokio::sync::Notify;

use crate::limits::Limiter;
use crate::server::GraphError;

/// The Graph API version tests give the bot; the fake serves any `vN.N`.
pub const API_VERSION: &str = "v21.0";
/// The business phone number's id (the path segment before `/messages`).
pub const PHONE_NUMBER_ID: &str = "106540352242922";
/// The business phone number as users see it (webhook `metadata`).
pub const DISPLAY_PHONE_NUMBER: &str = "6281100001234";
/// The WhatsApp Business Account's id (webhook `entry[].id`).
pub const BUSINESS_ACCOUNT_ID: &str = "102290129340398";

/// A simulated WhatsApp user; `wa_id` is their number in international
/// form without `+` (e.g. `6281234567890`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimUser {
    pub wa_id: String,
    pub name: String,
}

/// What kind of message the bot sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageKind {
    Text,
    /// Interactive reply buttons.
    Buttons,
    /// An interactive list.
    List,
    Template,
    Image,
    Document,
}

/// A message the bot sent and the fake accepted.
#[derive(Clone, Debug)]
pub struct SentMessage {
    pub wamid: String,
    /// The recipient's `wa_id`.
    pub to: String,
    pub kind: MessageKind,
    /// The text, the interactive body or the media caption (empty when it
    /// has none; a template's text is Meta's, see `template`).
    pub text: String,
    /// Reply buttons, in order.
    pub buttons: Vec<Choice>,
    /// A list's label on the button that opens it.
    pub list_button: Option<String>,
    /// A list's rows over all sections, in order.
    pub rows: Vec<Choice>,
    pub template: Option<Template>,
    pub media: Option<MediaRef>,
    /// The message the bot quoted (`context.message_id`).
    pub reply_to: Option<String>,
    pub sent_at: Instant,
    /// The request body as the bot sent it.
    pub json: Value,
}

impl SentMessage {
    /// The ids of its reply buttons.
    pub fn button_ids(&self) -> Vec<String> {
        self.buttons.iter().map(|b| b.id.clone()).collect()
    }

    /// The ids of its list rows.
    pub fn row_ids(&self) -> Vec<String> {
        self.rows.iter().map(|r| r.id.clone()).collect()
    }
}

/// A reply button or a list row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub id: String,
    pub title: String,
    /// A list row's description.
    pub description: Option<String>,
}

/// A template message: its name, language and the text parameters of its
/// body, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    pub name: String,
    pub language: String,
    pub body_params: Vec<String>,
}

/// The media of an image or document message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MediaRef {
    pub id: String,
    /// A document's file name.
    pub filename: Option<String>,
}

/// A file the bot uploaded to `/media`.
#[derive(Clone, PartialEq, Eq)]
pub struct Media {
    pub id: String,
    /// The `type` field (a MIME type).
    pub mime: String,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

impl fmt::Debug for Media {
    /// The size instead of every byte.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Media")
            .field("id", &self.id)
            .field("mime", &self.mime)
            .field("file_name", &self.file_name)
            .field("bytes", &format_args!("{} bytes", self.bytes.len()))
            .finish()
    }
}

/// A request the fake received, whatever its answer: the endpoint
/// (`messages`, `media`) and when.
#[derive(Clone, Debug)]
pub struct RequestLog {
    pub endpoint: String,
    pub at: Instant,
}

/// An error a test makes the fake answer instead of doing the call.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    pub http_status: u16,
    pub code: u32,
    pub message: String,
    pub details: Option<String>,
}

impl Failure {
    pub fn new(http_status: u16, code: u32, message: &str) -> Failure {
        Failure { http_status, code, message: message.to_owned(), details: None }
    }

    /// Meta having trouble: HTTP 500, code 131000 "Something went wrong".
    pub fn server_error() -> Failure {
        Failure::new(500, 131_000, "Something went wrong")
    }

    /// The throughput error 130429, answered with `http_status` (real Graph
    /// answers 400; some gateways 429).
    pub fn rate_limited(http_status: u16) -> Failure {
        let mut failure = Failure::new(http_status, 130_429, "Rate limit hit");
        failure.details = Some(limits::THROUGHPUT_DETAILS.to_owned());
        failure
    }
}

/// The server. Dropping it stops it.
pub struct FakeGraphApi {
    shared: Arc<Shared>,
    addr: SocketAddr,
    server: tokio::task::JoinHandle<()>,
}

struct Shared {
    access_token: String,
    app_secret: String,
    /// Distinguishes this fake's ids from another's in the same process.
    port: u16,
    http: reqwest::Client,
    state: Mutex<Inner>,
    /// Per user, woken when the bot's messages to them change.
    changed: Mutex<HashMap<String, Arc<Notify>>>,
    /// Woken after every status webhook.
    status_posted: Notify,
}

#[derive(Default)]
struct Inner {
    webhook_url: Option<String>,
    users: HashMap<String, SimUser>,
    chats: HashMap<String, Vec<SentMessage>>,
    /// Per user, how many of the bot's messages `next_message` returned.
    read_up_to: HashMap<String, usize>,
    /// Each user message posted: its raw body, for redelivery.
    inbound: HashMap<String, Vec<u8>>,
    /// When each user last wrote, on the fake's clock.
    last_inbound: HashMap<String, SystemTime>,
    clock_offset: Duration,
    next_id: u64,
    media: HashMap<String, Media>,
    /// Every upload, oldest first (also those Meta no longer keeps).
    uploads: Vec<Media>,
    /// Uploads Meta no longer keeps ([`FakeGraphApi::expire_media`]).
    expired_media: HashSet<String>,
    violations: Vec<String>,
    requests: Vec<RequestLog>,
    /// Per endpoint: how many more calls fail, and how.
    failures: HashMap<String, (u32, Failure)>,
    /// Per endpoint: how many more calls stall, and how long.
    stalls: HashMap<String, (u32, Duration)>,
    /// Users who cannot be reached (blocked the business, not on WhatsApp).
    blocked: HashSet<String>,
    /// The recipient of every message refused 131026.
    undeliverable: Vec<String>,
    /// The recipient of every message refused 131047.
    outside_window: Vec<String>,
    limiter: Limiter,
    rate_limited: usize,
    /// Every accepted message: its recipient and when.
    sends: Vec<(String, Instant)>,
    /// The inbound wamids the bot marked read.
    read_marks: Vec<String>,
    /// Approved templates: (name, language) → how many body parameters.
    templates: HashMap<(String, String), usize>,
    statuses: StatusMode,
    status_posts: Vec<StatusPost>,
}

impl FakeGraphApi {
    /// Starts a server on 127.0.0.1 on a free port that accepts
    /// `access_token` and signs webhooks with `app_secret`, without a
    /// throughput limit and without status webhooks.
    pub async fn start(access_token: &str, app_secret: &str) -> FakeGraphApi {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local address");
        let shared = Arc::new(Shared {
            access_token: access_token.to_owned(),
            app_secret: app_secret.to_owned(),
            port: addr.port(),
            http: reqwest::Client::new(),
            state: Mutex::default(),
            changed: Mutex::default(),
            status_posted: Notify::new(),
        });
        let app = server::router(shared.clone());
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("fake Graph API server");
        });
        FakeGraphApi { shared, addr, server }
    }

    /// The base URL to give the bot (like `https://graph.facebook.com`),
    /// without a trailing slash; the bot adds `/{version}/{phone_number_id}/…`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Where the fake posts webhooks: the bot's webhook URL (its full path).
    pub fn set_webhook_url(&self, url: &str) {
        self.state().webhook_url = Some(url.to_owned());
    }

    fn state(&self) -> MutexGuard<'_, Inner> {
        self.shared.state()
    }

    /// A simulated user with their profile name.
    pub fn user(&self, wa_id: &str, name: &str) -> SimUser {
        let user = SimUser { wa_id: wa_id.to_owned(), name: name.to_owned() };
        self.state().users.insert(user.wa_id.clone(), user.clone());
        user
    }

    /// The fake's clock: the real time plus what [`Self::advance_clock`] added.
    pub fn now(&self) -> SystemTime {
        self.state().now()
    }

    /// Moves the fake's clock forward (for the 24-hour window and webhook
    /// timestamps), without sleeping.
    pub fn advance_clock(&self, by: Duration) {
        self.state().clock_offset += by;
    }

    /// The bot's messages to a user, oldest first.
    pub fn messages(&self, wa_id: &str) -> Vec<SentMessage> {
        self.state().chats.get(wa_id).cloned().unwrap_or_default()
    }

    /// How many messages the bot sent to a user.
    pub fn message_count(&self, wa_id: &str) -> usize {
        self.state().chats.get(wa_id).map_or(0, Vec::len)
    }

    /// The bot's newest message to a user.
    pub fn last_message(&self, wa_id: &str) -> Option<SentMessage> {
        self.state().chats.get(wa_id)?.last().cloned()
    }

    /// The button ids of the bot's newest message to a user (empty when it
    /// has none).
    pub fn last_button_ids(&self, wa_id: &str) -> Vec<String> {
        self.last_message(wa_id).map(|m| m.button_ids()).unwrap_or_default()
    }

    /// The list rows of the bot's newest message to a user (empty when it
    /// is not a list).
    pub fn last_rows(&self, wa_id: &str) -> Vec<Choice> {
        self.last_message(wa_id).map(|m| m.rows).unwrap_or_default()
    }

    /// The bot's message to a user at index `count_seen` (0 is the first),
    /// once it is sent, or `None` after `timeout`.
    pub async fn wait_for_message(&self, wa_id: &str, count_seen: usize, timeout: Duration) -> Option<SentMessage> {
        let changed = self.shared.chat_changed(wa_id);
        tokio::time::timeout(timeout, async {
            loop {
                let wake = changed.notified();
                tokio::pin!(wake);
                wake.as_mut().enable();
                if let Some(message) = self.state().chats.get(wa_id).and_then(|m| m.get(count_seen).cloned()) {
                    return message;
                }
                wake.await;
            }
        })
        .await
        .ok()
    }

    /// The bot's next message to a user that this method has not returned
    /// yet, waiting up to `timeout` for it.
    pub async fn next_message(&self, wa_id: &str, timeout: Duration) -> Option<SentMessage> {
        let seen = self.state().read_up_to.get(wa_id).copied().unwrap_or(0);
        let message = self.wait_for_message(wa_id, seen, timeout).await?;
        self.state().read_up_to.insert(wa_id.to_owned(), seen + 1);
        Some(message)
    }

    /// A file the bot uploaded, by its media id.
    pub fn media(&self, id: &str) -> Option<Media> {
        self.state().media.get(id).cloned()
    }

    /// Every file the bot uploaded, oldest first, even those since expired.
    pub fn uploads(&self) -> Vec<Media> {
        self.state().uploads.clone()
    }

    /// Meta forgets an upload (deleted, or past its 30 days): a message
    /// naming it is refused with 131053, not a violation, and
    /// [`Self::media`] no longer finds it.
    pub fn expire_media(&self, id: &str) {
        let mut state = self.state();
        state.media.remove(id);
        state.expired_media.insert(id.to_owned());
    }

    /// Every request real WhatsApp would have refused.
    pub fn violations(&self) -> Vec<String> {
        self.state().violations.clone()
    }

    /// Every request received, oldest first.
    pub fn requests(&self) -> Vec<RequestLog> {
        self.state().requests.clone()
    }

    /// The recipient of every free-form message refused with 131047 because
    /// it was outside their 24-hour window, oldest first.
    pub fn outside_window(&self) -> Vec<String> {
        self.state().outside_window.clone()
    }

    /// Whether a user wrote within the last 24 hours of the fake's clock.
    pub fn in_window(&self, wa_id: &str) -> bool {
        self.state().in_window(wa_id)
    }

    /// Approves a template, as the WhatsApp Manager does: once any is
    /// approved, a template message must name an approved one (name and
    /// language) with exactly `body_params` body parameters, or it is
    /// refused (132001, 132000) as a violation. With none approved, any
    /// template passes.
    pub fn approve_template(&self, name: &str, language: &str, body_params: usize) {
        self.state().templates.insert((name.to_owned(), language.to_owned()), body_params);
    }

    /// Sets the throughput limit (`None`: none); its budget starts full.
    pub fn set_throughput(&self, throughput: Option<Throughput>) {
        self.state().limiter = Limiter::new(throughput);
    }

    /// How many messages were refused with 130429 by the throughput limit
    /// (not violations: a bot learns its pace this way).
    pub fn rate_limited(&self) -> usize {
        self.state().rate_limited
    }

    /// Every message the fake accepted: its recipient and when, oldest
    /// first, to check pacing.
    pub fn sends(&self) -> Vec<(String, Instant)> {
        self.state().sends.clone()
    }

    /// The user's wamids the bot marked read, oldest first.
    pub fn read_marks(&self) -> Vec<String> {
        self.state().read_marks.clone()
    }

    /// Makes the next `times` calls of `endpoint` (`"messages"` or
    /// `"media"`) fail with `failure` before doing anything; replaces an
    /// earlier `fail_for` of that endpoint (`times` 0 cancels it). Not
    /// violations.
    pub fn fail_for(&self, endpoint: &str, times: u32, failure: Failure) {
        set_injection(&mut self.state().failures, endpoint, times, failure);
    }

    /// Makes the next message fail with 130429 answered as HTTP 429, as some
    /// of Meta's edges do (the throughput limit answers 400); not a violation.
    pub fn fail_next_rate_limited(&self) {
        self.fail_for("messages", 1, Failure::rate_limited(429));
    }

    /// Makes the next `times` calls of `endpoint` hold their answer for
    /// `delay`: the call takes effect at once (a message is accepted), only
    /// the answer is late. Replaces an earlier `stall` of that endpoint
    /// (`times` 0 cancels it).
    pub fn stall(&self, endpoint: &str, times: u32, delay: Duration) {
        set_injection(&mut self.state().stalls, endpoint, times, delay);
    }

    /// The user blocked the business (or left WhatsApp): every message to
    /// them is refused with 131026 "Message undeliverable", not a violation.
    pub fn block_user(&self, wa_id: &str) {
        self.state().blocked.insert(wa_id.to_owned());
    }

    /// The user can be reached again.
    pub fn unblock_user(&self, wa_id: &str) {
        self.state().blocked.remove(wa_id);
    }

    /// The recipient of every message refused with 131026, oldest first.
    pub fn undeliverable(&self) -> Vec<String> {
        self.state().undeliverable.clone()
    }
}

impl Drop for FakeGraphApi {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, Inner> {
        self.state.lock().expect("fake state lock")
    }

    fn chat_changed(&self, wa_id: &str) -> Arc<Notify> {
        self.changed.lock().expect("fake state lock").entry(wa_id.to_owned()).or_default().clone()
    }

    /// A new id unique to this fake: `wamid.…` for messages, digits for media.
    fn next_id(&self) -> u64 {
        let mut state = self.state();
        state.next_id += 1;
        u64::from(self.port) * 1_000_000_000 + state.next_id
    }

    fn next_wamid(&self) -> String {
        format!("wamid.HBgNNjI{:019}FQIAERgS", self.next_id())
    }
}

impl Inner {
    fn now(&self) -> SystemTime {
        SystemTime::now() + self.clock_offset
    }

    /// Whether the user wrote within the last 24 hours.
    fn in_window(&self, wa_id: &str) -> bool {
        const WINDOW: Duration = Duration::from_secs(24 * 60 * 60);
        let now = self.now();
        self.last_inbound.get(wa_id).is_some_and(|at| now.duration_since(*at).is_ok_and(|gone| gone < WINDOW))
    }

    fn log_request(&mut self, endpoint: &str) {
        self.requests.push(RequestLog { endpoint: endpoint.to_owned(), at: Instant::now() });
    }

    /// The failure injected for this call of `endpoint`, if any.
    fn take_failure(&mut self, endpoint: &str) -> Option<GraphError> {
        take_one(&mut self.failures, endpoint).map(GraphError::injected)
    }

    /// How long this call of `endpoint` holds its answer, if it stalls.
    fn take_stall(&mut self, endpoint: &str) -> Option<Duration> {
        take_one(&mut self.stalls, endpoint)
    }
}

/// Injects `injection` into the next `times` calls of `endpoint`.
fn set_injection<T>(injections: &mut HashMap<String, (u32, T)>, endpoint: &str, times: u32, injection: T) {
    let endpoint = endpoint.to_lowercase();
    match times {
        0 => injections.remove(&endpoint),
        _ => injections.insert(endpoint, (times, injection)),
    };
}

/// Uses up one of the remaining `times` of an endpoint's injection.
fn take_one<T: Clone>(injections: &mut HashMap<String, (u32, T)>, endpoint: &str) -> Option<T> {
    let (times, injection) = injections.get_mut(endpoint)?;
    let taken = injection.clone();
    *times -= 1;
    if *times == 0 {
        injections.remove(endpoint);
    }
    Some(taken)
}
