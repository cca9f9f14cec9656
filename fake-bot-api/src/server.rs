//! The HTTP side: routing, the token, reading a request's parameters and
//! answering in the Bot API's envelope.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{FromRequest, Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};

use crate::{Shared, methods};

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new().route("/{bot}/{method}", post(handle)).with_state(shared)
}

/// A Bot API error, as Telegram sends it.
pub(crate) struct ApiError {
    code: u16,
    description: String,
    retry_after: Option<u32>,
    /// Whether a correct bot never causes it (see [`crate::FakeBotApi::violations`]).
    violation: bool,
}

impl ApiError {
    /// A 400 that a correct bot never causes.
    pub(crate) fn bad_request(description: &str) -> ApiError {
        ApiError { code: 400, description: format!("Bad Request: {description}"), retry_after: None, violation: true }
    }

    fn unauthorized() -> ApiError {
        ApiError { code: 401, description: "Unauthorized".into(), retry_after: None, violation: true }
    }

    pub(crate) fn not_found() -> ApiError {
        ApiError { code: 404, description: "Not Found".into(), retry_after: None, violation: true }
    }

    /// A send to a user who blocked the bot; not a violation.
    pub(crate) fn blocked() -> ApiError {
        let description = "Forbidden: bot was blocked by the user".to_owned();
        ApiError { code: 403, description, retry_after: None, violation: false }
    }

    /// A send beyond the sending limits; not a violation.
    pub(crate) fn too_many_requests(retry_after: u32) -> ApiError {
        let description = format!("Too Many Requests: retry after {retry_after}");
        ApiError { code: 429, description, retry_after: Some(retry_after), violation: false }
    }

    /// A failure injected by a test; never a violation.
    pub(crate) fn injected(code: u16, description: String, retry_after: Option<u32>) -> ApiError {
        ApiError { code, description, retry_after, violation: false }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({ "ok": false, "error_code": self.code, "description": self.description });
        if let Some(seconds) = self.retry_after {
            body["parameters"] = json!({ "retry_after": seconds });
        }
        let status = StatusCode::from_u16(self.code).unwrap_or(StatusCode::BAD_REQUEST);
        (status, axum::Json(body)).into_response()
    }
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    Path((bot, method)): Path<(String, String)>,
    request: Request,
) -> Response {
    let method = method.to_lowercase();
    let stall = {
        let mut state = shared.state();
        state.log_request(&method);
        state.take_stall(&method)
    };
    let response = match answer(&shared, &bot, &method, request).await {
        Ok(result) => axum::Json(json!({ "ok": true, "result": result })).into_response(),
        Err(error) => {
            if error.violation {
                shared.state().violations.push(format!("{method}: {}", error.description));
            }
            error.into_response()
        }
    };
    if let Some(delay) = stall {
        tokio::time::sleep(delay).await;
    }
    response
}

/// The result of one call, or why it is refused.
async fn answer(shared: &Shared, bot: &str, method: &str, request: Request) -> Result<Value, ApiError> {
    if bot != format!("bot{}", shared.token) {
        return Err(ApiError::unauthorized());
    }
    if let Some(injected) = shared.state().take_failure(method) {
        return Err(injected);
    }
    let params = read_params(request).await?;
    methods::call(shared, method, &params).await
}

/// A JSON body's fields; an empty body has none.
async fn read_params(request: Request) -> Result<Value, ApiError> {
    let body = Bytes::from_request(request, &()).await.map_err(|e| ApiError::bad_request(&e.body_text()))?;
    if body.is_empty() {
        return Ok(json!({}));
    }
    serde_json::from_slice(&body).map_err(|e| ApiError::bad_request(&format!("can't parse JSON ({e})")))
}
