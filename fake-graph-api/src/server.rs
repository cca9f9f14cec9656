//! The HTTP side: routing, the access token, injected faults, and answering
//! in Graph's error shape.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};

use crate::{Failure, PHONE_NUMBER_ID, Shared, media, messages};

/// Room for a 100 MB document and the form around it.
const MAX_REQUEST_BYTES: usize = 101 * 1024 * 1024;

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/{version}/{number}/messages", post(messages_endpoint))
        .route("/{version}/{number}/media", post(media_endpoint))
        .fallback(unknown_path)
        .layer(DefaultBodyLimit::max(MAX_REQUEST_BYTES))
        .with_state(shared)
}

/// A Graph API error, as Meta sends it.
#[derive(Debug)]
pub(crate) struct GraphError {
    http_status: u16,
    code: u32,
    /// The whole `message`, e.g. `(#100) Invalid parameter`.
    message: String,
    details: Option<String>,
    /// Whether a correct bot never causes it (see [`crate::FakeGraphApi::violations`]).
    violation: bool,
}

impl GraphError {
    fn new(http_status: u16, code: u32, message: &str, details: Option<String>, violation: bool) -> GraphError {
        let message = format!("(#{code}) {message}");
        GraphError { http_status, code, message, details, violation }
    }

    /// Code 100, "Invalid parameter": a field missing, misspelt or too long.
    pub(crate) fn invalid(details: impl Into<String>) -> GraphError {
        GraphError::new(400, 100, "Invalid parameter", Some(details.into()), true)
    }

    /// Code 131009, "Parameter value is not valid": a count or a value
    /// WhatsApp's rules refuse.
    pub(crate) fn not_valid(details: impl Into<String>) -> GraphError {
        GraphError::new(400, 131_009, "Parameter value is not valid", Some(details.into()), true)
    }

    /// A template not approved in this name and language (code 132001).
    pub(crate) fn template_missing(name: &str, language: &str) -> GraphError {
        let details = format!("template name ({name}) does not exist in {language}");
        GraphError::new(400, 132_001, "Template name does not exist in the translation", Some(details), true)
    }

    /// A template sent with the wrong number of body parameters (code 132000).
    pub(crate) fn template_params(given: usize, expected: usize) -> GraphError {
        let details = format!(
            "body: number of localizable_params ({given}) does not match the expected number of params ({expected})"
        );
        GraphError::new(
            400,
            132_000,
            "Number of parameters does not match the expected number of params",
            Some(details),
            true,
        )
    }

    /// A wrong or missing access token (code 190, HTTP 401).
    fn unauthorized() -> GraphError {
        let message = "Invalid OAuth access token - Cannot parse access token".to_owned();
        GraphError { http_status: 401, code: 190, message, details: None, violation: true }
    }

    /// A path the Graph API does not have for this business number.
    fn unsupported(object: &str) -> GraphError {
        let message = format!(
            "Unsupported post request. Object with ID '{object}' does not exist, cannot be loaded due to missing \
             permissions, or does not support this operation."
        );
        GraphError { http_status: 400, code: 100, message, details: None, violation: true }
    }

    /// Beyond the throughput limit; not a violation.
    pub(crate) fn throughput() -> GraphError {
        let details = Some(crate::limits::THROUGHPUT_DETAILS.to_owned());
        GraphError::new(400, 130_429, "Rate limit hit", details, false)
    }

    /// A user who blocked the business or is not on WhatsApp; not a violation.
    pub(crate) fn undeliverable() -> GraphError {
        let details = "Message Undeliverable.".to_owned();
        GraphError::new(400, 131_026, "Message undeliverable", Some(details), false)
    }

    /// Media Meta no longer keeps (deleted, or past its 30 days); not a
    /// violation: the bot cannot know before it tries.
    pub(crate) fn media_gone(id: &str) -> GraphError {
        let details = format!("Media id {id} is no longer available. Upload the media again.");
        GraphError::new(400, 131_053, "Media upload error", Some(details), false)
    }

    /// A free-form message outside the 24-hour window; not a violation.
    pub(crate) fn re_engagement() -> GraphError {
        let details = "Message failed to send because more than 24 hours have passed since the customer last \
                       replied to this number."
            .to_owned();
        GraphError::new(400, 131_047, "Re-engagement message", Some(details), false)
    }

    /// A failure injected by a test; never a violation.
    pub(crate) fn injected(failure: Failure) -> GraphError {
        GraphError::new(failure.http_status, failure.code, &failure.message, failure.details, false)
    }
}

impl IntoResponse for GraphError {
    fn into_response(self) -> Response {
        let mut error = json!({
            "message": self.message,
            "type": "OAuthException",
            "code": self.code,
            "fbtrace_id": fbtrace_id(),
        });
        if let Some(details) = self.details {
            error["error_data"] = json!({ "messaging_product": "whatsapp", "details": details });
        }
        let status = StatusCode::from_u16(self.http_status).unwrap_or(StatusCode::BAD_REQUEST);
        (status, axum::Json(json!({ "error": error }))).into_response()
    }
}

/// An opaque trace id, as Meta adds to every error.
fn fbtrace_id() -> String {
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    format!("AfbT{nanos:09x}Zq")
}

async fn messages_endpoint(
    State(shared): State<Arc<Shared>>,
    Path((version, number)): Path<(String, String)>,
    request: Request,
) -> Response {
    let stall = begin(&shared, "messages");
    let result = match admit(&shared, "messages", &version, &number, request.headers()) {
        Ok(()) => match Bytes::from_request(request, &()).await {
            Ok(body) => messages::call(&shared, &body),
            Err(e) => Err(GraphError::invalid(e.body_text())),
        },
        Err(error) => Err(error),
    };
    finish(&shared, "messages", result, stall).await
}

async fn media_endpoint(
    State(shared): State<Arc<Shared>>,
    Path((version, number)): Path<(String, String)>,
    request: Request,
) -> Response {
    let stall = begin(&shared, "media");
    let result = match admit(&shared, "media", &version, &number, request.headers()) {
        Ok(()) => match Multipart::from_request(request, &()).await {
            Ok(form) => media::upload(&shared, form).await,
            Err(e) => Err(GraphError::invalid(e.body_text())),
        },
        Err(error) => Err(error),
    };
    finish(&shared, "media", result, stall).await
}

/// Any other path: refused as Graph refuses an unknown object.
async fn unknown_path(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    let stall = begin(&shared, &path);
    finish(&shared, &path, Err(GraphError::unsupported(&path)), stall).await
}

/// Logs the request; how long its answer stalls, if it does.
fn begin(shared: &Shared, endpoint: &str) -> Option<Duration> {
    let mut state = shared.state();
    state.log_request(endpoint);
    state.take_stall(endpoint)
}

/// Checks the token and the path, then any injected failure.
fn admit(shared: &Shared, endpoint: &str, version: &str, number: &str, headers: &HeaderMap) -> Result<(), GraphError> {
    let bearer =
        headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    if bearer != Some(shared.access_token.as_str()) {
        return Err(GraphError::unauthorized());
    }
    if !is_version(version) {
        return Err(GraphError::unsupported(version));
    }
    if number != PHONE_NUMBER_ID {
        return Err(GraphError::unsupported(number));
    }
    match shared.state().take_failure(endpoint) {
        Some(injected) => Err(injected),
        None => Ok(()),
    }
}

/// A Graph API version such as `v21.0`.
fn is_version(segment: &str) -> bool {
    let Some((major, minor)) = segment.strip_prefix('v').and_then(|v| v.split_once('.')) else { return false };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(major) && digits(minor)
}

/// Records a violation, waits out a stall, and answers.
async fn finish(
    shared: &Shared,
    endpoint: &str,
    result: Result<Value, GraphError>,
    stall: Option<Duration>,
) -> Response {
    let response = match result {
        Ok(answer) => axum::Json(answer).into_response(),
        Err(error) => {
            if error.violation {
                let details = error.details.as_deref().map(|d| format!(": {d}")).unwrap_or_default();
                shared.state().violations.push(format!("{endpoint}: {}{details}", error.message));
            }
            error.into_response()
        }
    };
    if let Some(delay) = stall {
        tokio::time::sleep(delay).await;
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_look_like_graphs() {
        assert!(is_version("v21.0"));
        assert!(is_version("v9.10"));
        for wrong in ["21.0", "v21", "v.0", "v21.", "va.0", "latest"] {
            assert!(!is_version(wrong), "{wrong}");
        }
    }
}
