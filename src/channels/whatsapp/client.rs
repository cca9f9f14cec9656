//! A thin typed client of the WhatsApp Cloud API (Graph API) on reqwest:
//! posts [`Outgoing`] messages to `/{version}/{phone-number-id}/messages`
//! with the access token, and tells Meta's errors apart ([`SendError`]).
//! The token is only ever put in the `Authorization` header.

use std::time::Duration;

use reqwest::StatusCode;

use super::wire::{ErrorAnswer, Outgoing, Sent};
use crate::channels::SendError;
use crate::config::{Token, WhatsAppConfig};

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
    pub const REENGAGEMENT: i64 = 131047;
    /// Meta's own faults: "something went wrong", "service unavailable".
    pub const FAULTS: [i64; 3] = [1, 2, 131000];
}

/// Sends through the Graph API.
#[derive(Clone)]
pub struct GraphClient {
    http: reqwest::Client,
    messages_url: String,
    token: Token,
}

impl GraphClient {
    pub fn new(config: &WhatsAppConfig) -> GraphClient {
        let base = config.api_url.as_str().trim_end_matches('/');
        let messages_url = format!("{base}/{}/{}/messages", config.api_version, config.phone_number_id);
        let http = reqwest::Client::builder().timeout(TIMEOUT).build().expect("a TLS backend is available");
        GraphClient { http, messages_url, token: config.access_token.clone() }
    }

    /// Sends one message; returns its id (`wamid.…`).
    pub async fn send(&self, message: &Outgoing) -> Result<String, SendError> {
        let response = self
            .http
            .post(&self.messages_url)
            .bearer_auth(self.token.expose())
            .json(message)
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
            let sent: Sent = serde_json::from_slice(&body)
                .map_err(|error| SendError::Transient(format!("unreadable answer: {error}")))?;
            return sent
                .messages
                .into_iter()
                .next()
                .map(|m| m.id)
                .ok_or_else(|| SendError::Transient("the answer names no message".into()));
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
