//! The webhooks Meta posts to the bot: what users send (texts, taps on
//! reply buttons, list picks, locations), delivery statuses, forged or
//! replayed posts for the security tests, several users' messages in one
//! post (one of them unreadable, if a test wants), and the GET verification
//! handshake. Every genuine post is signed as Meta signs it:
//! `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

use crate::{BUSINESS_ACCOUNT_ID, DISPLAY_PHONE_NUMBER, FakeGraphApi, PHONE_NUMBER_ID, Shared, SimUser};

/// The header Meta signs webhooks in.
const SIGNATURE_HEADER: &str = "X-Hub-Signature-256";

/// A user's message posted to the bot: its wamid and the bot's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inbound {
    pub wamid: String,
    /// The HTTP status the bot answered.
    pub status: u16,
    pub body: String,
}

/// The bot's answer to a webhook request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookAnswer {
    pub status: u16,
    pub body: String,
}

/// How a post is signed, for the security tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signature {
    /// As Meta signs: with the app secret, over the body posted.
    Valid,
    /// No `X-Hub-Signature-256` header.
    Missing,
    /// Signed with another secret.
    Wrong,
    /// Signed, then the message's text changed on the way.
    BodyChangedAfterSigning,
}

/// Whether the fake posts status webhooks after each message it accepts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StatusMode {
    #[default]
    Off,
    /// `sent`, then `delivered`.
    InOrder,
    /// `delivered` before `sent`, as Meta sometimes posts them.
    OutOfOrder,
}

/// A message's delivery status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StatusKind {
    Sent,
    Delivered,
    Read,
    /// Not delivered: WhatsApp's error code and title (e.g. 131026
    /// "Message undeliverable").
    Failed {
        code: u32,
        title: String,
    },
}

impl StatusKind {
    fn name(&self) -> &'static str {
        match self {
            StatusKind::Sent => "sent",
            StatusKind::Delivered => "delivered",
            StatusKind::Read => "read",
            StatusKind::Failed { .. } => "failed",
        }
    }
}

/// A status webhook the fake posted, and the bot's answer (0 when it could
/// not be posted: no webhook URL, or the bot did not answer).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusPost {
    pub wamid: String,
    pub recipient: String,
    /// `sent`, `delivered`, `read` or `failed`.
    pub status: String,
    pub answer: u16,
}

impl FakeGraphApi {
    /// The user sends `text`.
    pub async fn send_text(&self, from: &SimUser, text: &str) -> Inbound {
        self.send_text_signed(from, text, Signature::Valid).await
    }

    /// The user sends `text`, signed as `signature` says. A post not signed
    /// as Meta signs is a forgery: it does not open the user's window and
    /// cannot be redelivered.
    pub async fn send_text_signed(&self, from: &SimUser, text: &str, signature: Signature) -> Inbound {
        let fields = json!({ "type": "text", "text": { "body": text } });
        let (wamid, body) = self.message_payload(from, fields);
        let (posted, header) = match signature {
            Signature::Valid => return self.post_user_message(from, wamid, body).await,
            Signature::Missing => (body, None),
            Signature::Wrong => {
                let header = sign("not-the-app-secret", &body);
                (body, Some(header))
            }
            Signature::BodyChangedAfterSigning => {
                let header = self.signature(&body);
                let mut changed: Value = serde_json::from_slice(&body).expect("our own JSON");
                let message = &mut changed["entry"][0]["changes"][0]["value"]["messages"][0];
                message["text"]["body"] = json!(format!("{text} 0"));
                (changed.to_string().into_bytes(), Some(header))
            }
        };
        let answer = self.post_webhook(posted, header).await;
        Inbound { wamid, status: answer.status, body: answer.body }
    }

    /// The user taps the reply button `button_id` on the bot's newest
    /// message that has it. Panics when no message has it.
    pub async fn tap(&self, from: &SimUser, button_id: &str) -> Inbound {
        let found = self.newest_choice(from, |m| &m.buttons, button_id);
        let (context, title) = found.unwrap_or_else(|| panic!("the bot sent {} no button {button_id:?}", from.wa_id));
        self.tap_on(from, &context, button_id, &title).await
    }

    /// The user taps a reply button as given, on the message `context`
    /// (any ids: old, unknown or hostile ones).
    pub async fn tap_on(&self, from: &SimUser, context: &str, button_id: &str, title: &str) -> Inbound {
        let reply = json!({ "type": "button_reply", "button_reply": { "id": button_id, "title": title } });
        self.send_reply(from, context, reply).await
    }

    /// The user picks the row `row_id` of the bot's newest list that has
    /// it. Panics when no list has it.
    pub async fn pick(&self, from: &SimUser, row_id: &str) -> Inbound {
        let found = self.newest_choice(from, |m| &m.rows, row_id);
        let (context, title) = found.unwrap_or_else(|| panic!("the bot sent {} no list row {row_id:?}", from.wa_id));
        self.pick_on(from, &context, row_id, &title).await
    }

    /// The user picks a list row as given, on the message `context`.
    pub async fn pick_on(&self, from: &SimUser, context: &str, row_id: &str, title: &str) -> Inbound {
        let reply = json!({ "type": "list_reply", "list_reply": { "id": row_id, "title": title } });
        self.send_reply(from, context, reply).await
    }

    /// The user shares a location.
    pub async fn share_location(&self, from: &SimUser, latitude: f64, longitude: f64, name: Option<&str>) -> Inbound {
        let mut location = json!({ "latitude": latitude, "longitude": longitude });
        if let Some(name) = name {
            location["name"] = json!(name);
        }
        self.send_message(from, json!({ "type": "location", "location": location })).await
    }

    /// The user sends any message: `fields` (its `type` and content, e.g.
    /// `{"type": "sticker", "sticker": {…}}`) are added to `from`, `id` and
    /// `timestamp`.
    pub async fn send_message(&self, from: &SimUser, fields: Value) -> Inbound {
        let (wamid, body) = self.message_payload(from, fields);
        self.post_user_message(from, wamid, body).await
    }

    /// Several users' messages in one post, as Meta may batch them: each
    /// `(user, fields)` as in [`send_message`](Self::send_message), whose
    /// fields may also replace `from` or `id` (with `null`, say) to make a
    /// message the bot cannot read. The messages' wamids, in order, and the
    /// bot's answer.
    pub async fn send_together(&self, messages: &[(&SimUser, Value)]) -> (Vec<String>, WebhookAnswer) {
        let (wamids, objects): (Vec<String>, Vec<Value>) =
            messages.iter().map(|(from, fields)| self.message(from, fields.clone())).unzip();
        let contacts: Vec<Value> =
            messages.iter().map(|(from, _)| json!({ "profile": { "name": from.name }, "wa_id": from.wa_id })).collect();
        let value = json!({
            "messaging_product": "whatsapp",
            "metadata": metadata(),
            "contacts": contacts,
            "messages": objects,
        });
        let body = envelope(value).to_string().into_bytes();
        {
            let mut state = self.state();
            let now = state.now();
            for ((from, _), wamid) in messages.iter().zip(&wamids) {
                state.last_inbound.insert(from.wa_id.clone(), now);
                state.inbound.insert(wamid.clone(), body.clone());
            }
        }
        let header = self.signature(&body);
        (wamids, self.post_webhook(body, Some(header)).await)
    }

    /// Posts the user's message `wamid` again, byte for byte, as Meta does.
    /// Panics unless the user sent it.
    pub async fn redeliver(&self, wamid: &str) -> WebhookAnswer {
        let body = self.state().inbound.get(wamid).cloned();
        let body = body.unwrap_or_else(|| panic!("no user sent {wamid}"));
        let header = self.signature(&body);
        self.post_webhook(body, Some(header)).await
    }

    /// Posts any body to the bot's webhook, with this `X-Hub-Signature-256`
    /// header value (none when `None`).
    pub async fn post_webhook(&self, body: Vec<u8>, signature: Option<String>) -> WebhookAnswer {
        let url = self.webhook_url();
        post(&self.shared, &url, body, signature).await.unwrap_or_else(|e| panic!("the bot's webhook {url}: {e}"))
    }

    /// The `X-Hub-Signature-256` header value Meta sends with `body`.
    pub fn signature(&self, body: &[u8]) -> String {
        sign(&self.shared.app_secret, body)
    }

    /// Meta's verification handshake: `GET` the webhook with
    /// `hub.mode=subscribe`, `hub.verify_token` and `hub.challenge`.
    pub async fn verify_webhook(&self, verify_token: &str, challenge: &str) -> WebhookAnswer {
        self.verify_webhook_with(&[
            ("hub.mode", "subscribe"),
            ("hub.verify_token", verify_token),
            ("hub.challenge", challenge),
        ])
        .await
    }

    /// A `GET` of the webhook with any query.
    pub async fn verify_webhook_with(&self, query: &[(&str, &str)]) -> WebhookAnswer {
        let url = self.webhook_url();
        let sent = self.shared.http.get(&url).query(query).send().await;
        let response = sent.unwrap_or_else(|e| panic!("the bot's webhook {url}: {e}"));
        let status = response.status().as_u16();
        WebhookAnswer { status, body: response.text().await.unwrap_or_default() }
    }

    /// Whether status webhooks follow each accepted message.
    pub fn set_statuses(&self, mode: StatusMode) {
        self.state().statuses = mode;
    }

    /// Posts one status of a message the bot sent to `recipient`.
    pub async fn post_status(&self, recipient: &str, wamid: &str, status: StatusKind) -> StatusPost {
        post_status(&self.shared, recipient, wamid, &status).await
    }

    /// Every status webhook posted, oldest first.
    pub fn status_posts(&self) -> Vec<StatusPost> {
        self.state().status_posts.clone()
    }

    /// The status webhooks posted, once there are `count` (or at `timeout`).
    pub async fn wait_for_status_posts(&self, count: usize, timeout: Duration) -> Vec<StatusPost> {
        let _ = tokio::time::timeout(timeout, async {
            loop {
                let wake = self.shared.status_posted.notified();
                tokio::pin!(wake);
                wake.as_mut().enable();
                if self.state().status_posts.len() >= count {
                    return;
                }
                wake.await;
            }
        })
        .await;
        self.status_posts()
    }

    fn webhook_url(&self) -> String {
        self.state().webhook_url.clone().expect("set_webhook_url before posting webhooks")
    }

    /// The newest message to `from` with a choice `id`: its wamid and the
    /// choice's title.
    fn newest_choice(
        &self,
        from: &SimUser,
        choices: impl Fn(&crate::SentMessage) -> &Vec<crate::Choice>,
        id: &str,
    ) -> Option<(String, String)> {
        let state = self.state();
        state
            .chats
            .get(&from.wa_id)?
            .iter()
            .rev()
            .find_map(|m| choices(m).iter().find(|c| c.id == id).map(|c| (m.wamid.clone(), c.title.clone())))
    }

    async fn send_reply(&self, from: &SimUser, context: &str, reply: Value) -> Inbound {
        let fields = json!({
            "context": { "from": DISPLAY_PHONE_NUMBER, "id": context },
            "type": "interactive",
            "interactive": reply,
        });
        self.send_message(from, fields).await
    }

    /// A new wamid and the webhook body of a message from `from`.
    fn message_payload(&self, from: &SimUser, fields: Value) -> (String, Vec<u8>) {
        let (wamid, message) = self.message(from, fields);
        let value = json!({
            "messaging_product": "whatsapp",
            "metadata": metadata(),
            "contacts": [{ "profile": { "name": from.name }, "wa_id": from.wa_id }],
            "messages": [message],
        });
        (wamid, envelope(value).to_string().into_bytes())
    }

    /// A new wamid and the message of `from` with `fields`.
    fn message(&self, from: &SimUser, fields: Value) -> (String, Value) {
        let wamid = self.shared.next_wamid();
        let mut message = json!({ "from": from.wa_id, "id": wamid, "timestamp": timestamp(self.now()) });
        if let (Some(message), Value::Object(fields)) = (message.as_object_mut(), fields) {
            message.extend(fields);
        }
        (wamid, message)
    }

    /// Opens the user's window, keeps the body for redelivery, and posts it
    /// signed.
    async fn post_user_message(&self, from: &SimUser, wamid: String, body: Vec<u8>) -> Inbound {
        {
            let mut state = self.state();
            let now = state.now();
            state.last_inbound.insert(from.wa_id.clone(), now);
            state.inbound.insert(wamid.clone(), body.clone());
        }
        let header = self.signature(&body);
        let answer = self.post_webhook(body, Some(header)).await;
        Inbound { wamid, status: answer.status, body: answer.body }
    }
}

/// After a message is accepted: its status webhooks, in the background.
pub(crate) fn after_send(shared: &Arc<Shared>, mode: StatusMode, recipient: &str, wamid: &str) {
    let order = match mode {
        StatusMode::Off => return,
        StatusMode::InOrder => [StatusKind::Sent, StatusKind::Delivered],
        StatusMode::OutOfOrder => [StatusKind::Delivered, StatusKind::Sent],
    };
    let (shared, recipient, wamid) = (shared.clone(), recipient.to_owned(), wamid.to_owned());
    tokio::spawn(async move {
        for status in order {
            post_status(&shared, &recipient, &wamid, &status).await;
        }
    });
}

async fn post_status(shared: &Shared, recipient: &str, wamid: &str, kind: &StatusKind) -> StatusPost {
    let now = shared.state().now();
    let mut status = json!({
        "id": wamid,
        "status": kind.name(),
        "timestamp": timestamp(now),
        "recipient_id": recipient,
    });
    match kind {
        StatusKind::Failed { code, title } => {
            status["errors"] = json!([{
                "code": code, "title": title, "message": title, "error_data": { "details": title },
            }]);
        }
        _ => {
            status["conversation"] = json!({ "id": format!("conv-{recipient}"), "origin": { "type": "service" } });
            status["pricing"] = json!({ "billable": false, "pricing_model": "PMP", "category": "service" });
        }
    }
    let value = json!({ "messaging_product": "whatsapp", "metadata": metadata(), "statuses": [status] });
    let body = envelope(value).to_string().into_bytes();
    let url = shared.state().webhook_url.clone();
    let answer = match url {
        Some(url) => {
            let header = sign(&shared.app_secret, &body);
            post(shared, &url, body, Some(header)).await.map_or(0, |a| a.status)
        }
        None => 0,
    };
    let posted =
        StatusPost { wamid: wamid.to_owned(), recipient: recipient.to_owned(), status: kind.name().to_owned(), answer };
    shared.state().status_posts.push(posted.clone());
    shared.status_posted.notify_waiters();
    posted
}

async fn post(shared: &Shared, url: &str, body: Vec<u8>, signature: Option<String>) -> reqwest::Result<WebhookAnswer> {
    let mut request = shared
        .http
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(reqwest::header::USER_AGENT, "facebookexternalua")
        .body(body);
    if let Some(signature) = signature {
        request = request.header(SIGNATURE_HEADER, signature);
    }
    let response = request.send().await?;
    let status = response.status().as_u16();
    Ok(WebhookAnswer { status, body: response.text().await? })
}

/// `sha256=<hex HMAC-SHA256(body, secret)>`.
fn sign(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(body);
    let hex: String = mac.finalize().into_bytes().iter().map(|byte| format!("{byte:02x}")).collect();
    format!("sha256={hex}")
}

fn envelope(value: Value) -> Value {
    json!({
        "object": "whatsapp_business_account",
        "entry": [{ "id": BUSINESS_ACCOUNT_ID, "changes": [{ "field": "messages", "value": value }] }],
    })
}

fn metadata() -> Value {
    json!({ "display_phone_number": DISPLAY_PHONE_NUMBER, "phone_number_id": PHONE_NUMBER_ID })
}

/// Unix seconds as a string, as Meta writes them.
fn timestamp(at: SystemTime) -> String {
    at.duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of RFC 4231, test case 2.
    #[test]
    fn signs_with_hmac_sha256_in_lower_case_hex() {
        assert_eq!(
            sign("Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
