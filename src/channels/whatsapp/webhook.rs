//! The webhook Meta calls: an axum server on `WHATSAPP_LISTEN` at
//! [`PATH`].
//!
//! - GET is Meta's verification when the webhook is set up: with
//!   `hub.mode=subscribe` and our `hub.verify_token` it echoes
//!   `hub.challenge`; anything else gets 403.
//! - POST carries notifications. The `X-Hub-Signature-256` header must be
//!   the HMAC-SHA256 of the raw body with the app secret; it is checked, in
//!   constant time, before anything is read, and a missing or wrong one gets
//!   401. A signed notification's messages and statuses are kept in the
//!   inbox, then it is acknowledged (200), and they are handled afterwards,
//!   each chat's in order (see [`inbox`](super::inbox)). A message in it
//!   that cannot be read is skipped, not the whole notification (which may
//!   carry other people's messages): see [`incoming`](super::incoming).
//!
//! Bodies over [`MAX_BODY`] are refused. Neither the secrets nor the bodies
//! are ever logged.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use super::WhatsApp;
use super::incoming::Notification;

/// Where the webhook is served.
pub const PATH: &str = "/webhook";
/// The largest notification accepted (Meta's are at most 3 MB).
const MAX_BODY: usize = 3 * 1024 * 1024;

/// The webhook's routes.
pub fn router(app: Arc<WhatsApp>) -> Router {
    Router::new().route(PATH, get(verify).post(notify)).layer(DefaultBodyLimit::max(MAX_BODY)).with_state(app)
}

/// Meta's verification request.
async fn verify(
    State(app): State<Arc<WhatsApp>>,
    Query(query): Query<HashMap<String, String>>,
) -> (StatusCode, String) {
    let field = |name: &str| query.get(name).map(String::as_str);
    // Constant time for tokens of the same length; only the length may show.
    let token_matches = field("hub.verify_token")
        .is_some_and(|token| token.as_bytes().ct_eq(app.verify_token.expose().as_bytes()).into());
    match (field("hub.mode"), field("hub.challenge")) {
        (Some("subscribe"), Some(challenge)) if token_matches => (StatusCode::OK, challenge.to_owned()),
        _ => {
            tracing::warn!("webhook verification refused");
            (StatusCode::FORBIDDEN, String::new())
        }
    }
}

/// A notification: checked, acknowledged, then handled.
async fn notify(State(app): State<Arc<WhatsApp>>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let signature = headers.get("x-hub-signature-256").and_then(|v| v.to_str().ok());
    if !signed(app.app_secret.expose().as_bytes(), &body, signature) {
        tracing::warn!(bytes = body.len(), "webhook with a missing or wrong signature refused");
        return StatusCode::UNAUTHORIZED;
    }
    let notification: Notification = match serde_json::from_slice(&body) {
        Ok(notification) => notification,
        Err(error) => {
            tracing::warn!(bytes = body.len(), %error, "unreadable webhook notification ignored");
            return StatusCode::BAD_REQUEST;
        }
    };
    app.accept(notification.events(&app.phone_number_id)).await;
    StatusCode::OK
}

/// True when `signature` (`sha256=<hex>`) is the HMAC-SHA256 of `body`
/// with `secret`, compared in constant time.
fn signed(secret: &[u8], body: &[u8], signature: Option<&str>) -> bool {
    let Some(tag) = signature.and_then(|s| s.strip_prefix("sha256=")).and_then(|hex| hex::decode(hex).ok()) else {
        return false;
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes keys of any length");
    mac.update(body);
    mac.verify_slice(&tag).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `X-Hub-Signature-256` header Meta sends with `body`.
    fn signature(secret: &[u8], body: &[u8]) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes keys of any length");
        mac.update(body);
        format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
    }

    #[test]
    fn only_the_exact_signature_of_the_exact_body_passes() {
        let body = br#"{"entry":[]}"#;
        let good = signature(b"app-secret", body);
        assert!(signed(b"app-secret", body, Some(&good)));
        assert!(!signed(b"app-secret", br#"{"entry":[ ]}"#, Some(&good)), "a body changed after signing");
        assert!(!signed(b"other-secret", body, Some(&good)));
        assert!(!signed(b"app-secret", body, None));
        assert!(!signed(b"app-secret", body, Some(good.trim_start_matches("sha256="))));
        assert!(!signed(b"app-secret", body, Some("sha256=zz")));
        assert!(!signed(b"app-secret", body, Some(&good[..good.len() - 2])));
    }
}
