//! A thin typed client of the WhatsApp Cloud API (Graph API) on reqwest:
//! posts [`Outgoing`] messages to `/{version}/{phone-number-id}/messages`
//! and uploads files to `/{version}/{phone-number-id}/media` (multipart, as
//! Meta documents it) with the access token, and tells Meta's errors apart
//! ([`SendError`]). The token is only ever put in the `Authorization` header.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde::de::DeserializeOwned;

use super::wire::{ErrorAnswer, Outgoing, Sent, Uploaded};
use crate::config::{Token, WhatsAppConfig};
use crate::outbox::sender::SendError;

/// How long one request may take.
const TIMEOUT: Duration = Duration::from_secs(20);
/// How long the channel pauses on Meta's throughput limit when Meta does
/// not say (`Retry-After`).
const THROTTLED: Duration = Duration::from_secs(5);

/// Meta's error codes that change what the bot does next.
mod code {
    /// Too many messages a second for this number.
    pub const THROUGHPUT: i64 = 130429;
    /// Too many messages to one person in a short time.
    pub const PAIR_RATE: i64 = 131056;
    /// The number has no WhatsApp account, or the person blocked the business.
    pub const UNDELIVERABLE: i64 = crate::store::whatsapp::UNDELIVERABLE;
    /// Not delivered "to maintain a healthy ecosystem": treated like blocked.
    pub const ECOSYSTEM: i64 = 131049;
    /// Outside the 24-hour window: only a template may go.
    pub const REENGAGEMENT: i64 = crate::store::whatsapp::REENGAGEMENT;
    /// Meta's own faults: "something went wrong", "service unavailable".
    pub const FAULTS: [i64; 3] = [1, 2, 131000];
}

/// Sends through the Graph API.
#[derive(Clone)]
pub struct GraphClient {
    http: reqwest::Client,
    messages_url: String,
    media_url: String,
    token: Token,
}

impl GraphClient {
    pub fn new(config: &WhatsAppConfig) -> GraphClient {
        let base = config.api_url.as_str().trim_end_matches('/');
        let number = format!("{base}/{}/{}", config.api_version, config.phone_number_id);
        let http = reqwest::Client::builder().timeout(TIMEOUT).build().expect("a TLS backend is available");
        GraphClient {
            http,
            messages_url: format!("{number}/messages"),
            media_url: format!("{number}/media"),
            token: config.access_token.clone(),
        }
    }

    /// Sends one message; returns its id (`wamid.…`).
    pub async fn send(&self, message: &Outgoing) -> Result<String, SendError> {
        let sent: Sent = self.call(self.http.post(&self.messages_url).json(message)).await?;
        sent.messages
            .into_iter()
            .next()
            .map(|m| m.id)
            .ok_or_else(|| SendError::Transient("the answer names no message".into()))
    }

    /// Uploads a file of type `mime` as `file_name`; returns its media id.
    pub async fn upload(&self, content: Vec<u8>, mime: &str, file_name: &str) -> Result<String, SendError> {
        let file = Part::bytes(content)
            .file_name(file_name.to_owned())
            .mime_str(mime)
            .map_err(|error| SendError::Permanent(format!("not a MIME type {mime}: {error}")))?;
        let form = Form::new().text("messaging_product", "whatsapp").text("type", mime.to_owned()).part("file", file);
        let uploaded: Uploaded = self.call(self.http.post(&self.media_url).multipart(form)).await?;
        Ok(uploaded.id)
    }

    /// Makes one authorized request and reads its answer, or what Meta's
    /// refusal means.
    async fn call<T: DeserializeOwned>(&self, request: reqwest::RequestBuilder) -> Result<T, SendError> {
        let response = request
            .bearer_auth(self.token.expose())
            .send()
            .await
            .map_err(|error| SendError::Transient(error.without_url().to_string()))?;
        let status = response.status();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok()?.parse().ok())
            .map(Duration::from_secs);
        let body = response.bytes().await.map_err(|error| SendError::Transient(error.to_string()))?;
        if status.is_success() {
            return serde_json::from_slice(&body)
                .map_err(|error| SendError::Transient(format!("unreadable answer: {error}")));
        }
        let error = serde_json::from_slice::<ErrorAnswer>(&body).ok().map(|a| a.error);
        Err(send_error(status, error.as_ref().map(|e| (e.code, e.message.as_str())), retry_after))
    }
}

/// What a refused request means for whoever sends next.
fn send_error(status: StatusCode, error: Option<(i64, &str)>, retry_after: Option<Duration>) -> SendError {
    let described = |code: i64, message: &str| format!("WhatsApp error {code}: {message}");
    match error {
        Some((code::THROUGHPUT, _)) => SendError::RetryAfter(retry_after.unwrap_or(THROTTLED)),
        _ if status == StatusCode::TOO_MANY_REQUESTS => SendError::RetryAfter(retry_after.unwrap_or(THROTTLED)),
        Some((code::UNDELIVERABLE | code::ECOSYSTEM, _)) => SendError::Blocked,
        Some((code::REENGAGEMENT, _)) => SendError::AwaitsPerson(None),
        // One person written to too often: this message waits, the others go on.
        Some((code @ code::PAIR_RATE, message)) => SendError::Transient(described(code, message)),
        Some((code, message)) if code::FAULTS.contains(&code) => SendError::Transient(described(code, message)),
        _ if status.is_server_error() => SendError::Transient(format!("WhatsApp answered {status}")),
        Some((code, message)) => SendError::Permanent(described(code, message)),
        None => SendError::Permanent(format!("WhatsApp answered {status}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_errors_are_told_apart() {
        let bad = StatusCode::BAD_REQUEST;
        assert_eq!(send_error(bad, Some((130429, "rate")), None), SendError::RetryAfter(THROTTLED));
        assert_eq!(
            send_error(StatusCode::TOO_MANY_REQUESTS, None, Some(Duration::from_secs(7))),
            SendError::RetryAfter(Duration::from_secs(7))
        );
        assert_eq!(send_error(bad, Some((131026, "undeliverable")), None), SendError::Blocked);
        assert!(matches!(send_error(bad, Some((131056, "pair")), None), SendError::Transient(_)));
        assert!(matches!(send_error(StatusCode::INTERNAL_SERVER_ERROR, None, None), SendError::Transient(_)));
        assert!(matches!(send_error(StatusCode::SERVICE_UNAVAILABLE, Some((2, "x")), None), SendError::Transient(_)));
        assert!(matches!(send_error(bad, Some((100, "Invalid parameter")), None), SendError::Permanent(_)));
        // Outside the 24-hour window (Meta's clock ahead of ours): it waits.
        assert_eq!(send_error(bad, Some((131047, "Re-engagement message")), None), SendError::AwaitsPerson(None));
    }
}
