//! The HTTP side: routing, the token, reading a request's parameters and
//! answering in the Bot API's envelope.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::multipart::MultipartError;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};

use crate::{Shared, methods};

/// Room for a 50 MB document and the form around it.
const MAX_REQUEST_BYTES: usize = 51 * 1024 * 1024;

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/{bot}/{method}", post(handle))
        .layer(DefaultBodyLimit::max(MAX_REQUEST_BYTES))
        .with_state(shared)
}

/// A request's parameters, from a JSON body or a `multipart/form-data` one.
pub(crate) struct Params {
    /// The fields (in a form, strings, except `reply_markup` as JSON).
    pub(crate) fields: Value,
    /// A form's files, by part name.
    files: HashMap<String, Upload>,
}

/// A file part of a form.
pub(crate) struct Upload {
    pub(crate) file_name: String,
    pub(crate) mime: Option<String>,
    pub(crate) bytes: Bytes,
}

impl Params {
    /// The file of the field `name`: a part of that name, or one the field
    /// points to with `attach://<part>` (as teloxide sends it). A file id
    /// or URL is refused: the fake keeps no files.
    pub(crate) fn upload(&self, name: &str) -> Result<&Upload, ApiError> {
        if let Some(upload) = self.files.get(name) {
            return Ok(upload);
        }
        let Some(reference) = self.fields[name].as_str() else {
            return Err(ApiError::bad_request(&format!("there is no {name} in the request")));
        };
        let attached = reference.strip_prefix("attach://").and_then(|part| self.files.get(part));
        attached.ok_or_else(|| ApiError::bad_request("wrong file identifier/HTTP URL specified"))
    }
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

    pub(crate) fn too_large() -> ApiError {
        ApiError { code: 413, description: "Request Entity Too Large".into(), retry_after: None, violation: true }
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

async fn read_params(request: Request) -> Result<Params, ApiError> {
    let content_type = request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
    if content_type.is_some_and(|t| t.starts_with("multipart/form-data")) {
        return read_form(request).await;
    }
    Ok(Params { fields: read_json(request).await?, files: HashMap::new() })
}

/// A JSON body's fields; an empty body has none.
async fn read_json(request: Request) -> Result<Value, ApiError> {
    let body = Bytes::from_request(request, &()).await.map_err(|e| ApiError::bad_request(&e.body_text()))?;
    if body.is_empty() {
        return Ok(json!({}));
    }
    serde_json::from_slice(&body).map_err(|e| ApiError::bad_request(&format!("can't parse JSON ({e})")))
}

/// A `multipart/form-data` body: parts with a file name are files.
async fn read_form(request: Request) -> Result<Params, ApiError> {
    let broken = |e: MultipartError| ApiError::bad_request(&e.body_text());
    let mut form = Multipart::from_request(request, &()).await.map_err(|e| ApiError::bad_request(&e.body_text()))?;
    let mut params = Params { fields: json!({}), files: HashMap::new() };
    while let Some(part) = form.next_field().await.map_err(broken)? {
        let name = part.name().unwrap_or_default().to_owned();
        match part.file_name().map(str::to_owned) {
            Some(file_name) => {
                let mime = part.content_type().map(str::to_owned);
                let bytes = part.bytes().await.map_err(broken)?;
                params.files.insert(name, Upload { file_name, mime, bytes });
            }
            None => {
                let text = part.text().await.map_err(broken)?;
                params.fields[&name] = form_value(&name, text)?;
            }
        }
    }
    Ok(params)
}

/// A form field's value: `reply_markup` is JSON, everything else a string.
fn form_value(name: &str, text: String) -> Result<Value, ApiError> {
    match name {
        "reply_markup" => serde_json::from_str(&text)
            .map_err(|_| ApiError::bad_request("can't parse reply keyboard markup JSON object")),
        _ => Ok(Value::String(text)),
    }
}
