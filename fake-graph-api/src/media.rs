//! `POST /{version}/{phone_number_id}/media`: uploads (`file`, `type`,
//! `messaging_product` as `multipart/form-data`, all three required as
//! Meta documents them), checked against the types and sizes WhatsApp
//! takes; a file part that names another type than `type` is refused.

use axum::extract::Multipart;
use axum::extract::multipart::MultipartError;
use serde_json::{Value, json};

use crate::server::GraphError;
use crate::{Media, Shared};

/// The types a bot may upload, with the most bytes WhatsApp takes of each.
/// Calendar files (`text/calendar`) are not among them.
const TYPES: &[(&str, usize)] = &[
    ("image/jpeg", 5 * MB),
    ("image/png", 5 * MB),
    ("application/pdf", 100 * MB),
    ("text/plain", 100 * MB),
    ("application/vnd.ms-excel", 100 * MB),
    ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 100 * MB),
    ("application/msword", 100 * MB),
    ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", 100 * MB),
    ("application/vnd.ms-powerpoint", 100 * MB),
    ("application/vnd.openxmlformats-officedocument.presentationml.presentation", 100 * MB),
];
const MB: usize = 1024 * 1024;

/// Stores an upload; its media id.
pub(crate) async fn upload(shared: &Shared, mut form: Multipart) -> Result<Value, GraphError> {
    let broken = |e: MultipartError| GraphError::invalid(e.body_text());
    let (mut product, mut mime, mut file) = (None, None, None);
    while let Some(part) = form.next_field().await.map_err(broken)? {
        match part.name().unwrap_or_default() {
            "messaging_product" => product = Some(part.text().await.map_err(broken)?),
            "type" => mime = Some(part.text().await.map_err(broken)?),
            "file" => {
                let file_name = part.file_name().unwrap_or_default().to_owned();
                let part_mime = part.content_type().map(str::to_owned);
                file = Some((file_name, part_mime, part.bytes().await.map_err(broken)?));
            }
            _ => {}
        }
    }
    if product.as_deref() != Some("whatsapp") {
        return Err(GraphError::invalid("The parameter messaging_product is required."));
    }
    let Some((file_name, part_mime, bytes)) = file else {
        return Err(GraphError::invalid("The parameter file is required."));
    };
    let Some(mime) = mime else {
        return Err(GraphError::invalid("The parameter type is required."));
    };
    if let Some(part_mime) = part_mime.filter(|part| *part != mime) {
        return Err(GraphError::invalid(format!("Param file is {part_mime}, not the type {mime}")));
    }
    let Some(&(_, max)) = TYPES.iter().find(|(known, _)| *known == mime) else {
        return Err(GraphError::invalid(format!("Param file must be a file of a supported type, not {mime:?}")));
    };
    if bytes.is_empty() || bytes.len() > max {
        return Err(GraphError::invalid(format!(
            "Param file must be 1 to {max} bytes for {mime}, got {}",
            bytes.len()
        )));
    }
    let id = shared.next_id().to_string();
    let media = Media { id: id.clone(), mime, file_name, bytes: bytes.to_vec() };
    let mut state = shared.state();
    state.uploads.push(media.clone());
    state.media.insert(id.clone(), media);
    Ok(json!({ "id": id }))
}
