//! `POST /{version}/{phone_number_id}/messages`: WhatsApp's checks on what
//! the bot sends, the rules a correct bot meets by design (throughput, the
//! 24-hour window, unreachable users), and recording what was accepted.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Instant;

use serde_json::{Value, json};

use crate::server::GraphError;
use crate::{Choice, MediaRef, MessageKind, SentMessage, Shared, Template, webhooks};

const MAX_TEXT: usize = 4096;
const MAX_BUTTONS: usize = 3;
const MAX_BUTTON_TITLE: usize = 20;
const MAX_BUTTON_ID: usize = 256;
const MAX_BUTTON_BODY: usize = 1024;
const MAX_ROWS: usize = 10;
const MAX_SECTIONS: usize = 10;
const MAX_ROW_TITLE: usize = 24;
const MAX_ROW_DESCRIPTION: usize = 72;
const MAX_ROW_ID: usize = 200;
const MAX_LIST_BUTTON: usize = 20;
const MAX_SECTION_TITLE: usize = 24;
const MAX_HEADER_FOOTER: usize = 60;
const MAX_CAPTION: usize = 1024;

/// Answers one call: a message, or a read mark.
pub(crate) fn call(shared: &Arc<Shared>, body: &[u8]) -> Result<Value, GraphError> {
    let request: Value =
        serde_json::from_slice(body).map_err(|e| GraphError::invalid(format!("The request is not JSON ({e})")))?;
    if request["messaging_product"] != "whatsapp" {
        return Err(GraphError::invalid("The parameter messaging_product is required."));
    }
    if request["status"] == "read" {
        return mark_read(shared, &request);
    }
    let input = request["to"].as_str().ok_or_else(|| GraphError::invalid("The parameter to is required."))?;
    let to = wa_id(input)?;
    let message = read(shared, &request, to.clone())?;
    let wamid = accept(shared, message)?;
    let mut entry = json!({ "id": wamid });
    if request["type"] == "template" {
        entry["message_status"] = json!("accepted");
    }
    Ok(json!({
        "messaging_product": "whatsapp",
        "contacts": [{ "input": input, "wa_id": to }],
        "messages": [entry],
    }))
}

/// A recipient as the API takes it (digits, maybe after `+`) as a `wa_id`.
fn wa_id(input: &str) -> Result<String, GraphError> {
    let digits = input.strip_prefix('+').unwrap_or(input);
    if (8..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok(digits.to_owned())
    } else {
        Err(GraphError::invalid(format!("Param to is not a valid phone number: {input:?}")))
    }
}

/// `{"status": "read", "message_id": …}`: a user's message marked read.
fn mark_read(shared: &Shared, request: &Value) -> Result<Value, GraphError> {
    let wamid = request["message_id"].as_str().unwrap_or_default();
    let mut state = shared.state();
    if !state.inbound.contains_key(wamid) {
        return Err(GraphError::invalid(format!("Param message_id is not a message a user sent: {wamid:?}")));
    }
    state.read_marks.push(wamid.to_owned());
    Ok(json!({ "success": true }))
}

/// Applies the rules a correct bot meets by design, then records the
/// message; its new wamid.
fn accept(shared: &Arc<Shared>, mut message: SentMessage) -> Result<String, GraphError> {
    let to = message.to.clone();
    let wamid = shared.next_wamid();
    let statuses = {
        let mut state = shared.state();
        if !state.limiter.try_send() {
            state.rate_limited += 1;
            return Err(GraphError::throughput());
        }
        if state.blocked.contains(&to) {
            state.undeliverable.push(to);
            return Err(GraphError::undeliverable());
        }
        if message.kind != MessageKind::Template && !state.in_window(&to) {
            state.outside_window.push(to);
            return Err(GraphError::re_engagement());
        }
        message.wamid = wamid.clone();
        message.sent_at = Instant::now();
        state.sends.push((to.clone(), message.sent_at));
        state.chats.entry(to.clone()).or_default().push(message);
        state.statuses
    };
    shared.chat_changed(&to).notify_waiters();
    webhooks::after_send(shared, statuses, &to, &wamid);
    Ok(wamid)
}

/// Reads and checks a message to `to`.
fn read(shared: &Shared, request: &Value, to: String) -> Result<SentMessage, GraphError> {
    if let Some(kind) = request["recipient_type"].as_str().filter(|&kind| kind != "individual") {
        return Err(GraphError::invalid(format!("Param recipient_type must be individual, not {kind:?}")));
    }
    let mut message = SentMessage {
        wamid: String::new(),
        to,
        kind: MessageKind::Text,
        text: String::new(),
        buttons: Vec::new(),
        list_button: None,
        rows: Vec::new(),
        template: None,
        media: None,
        reply_to: request["context"]["message_id"].as_str().map(str::to_owned),
        sent_at: Instant::now(),
        json: request.clone(),
    };
    match request["type"].as_str().unwrap_or("text") {
        "text" => {
            message.text = required(&request["text"]["body"], "text['body']", MAX_TEXT)?;
        }
        "interactive" => read_interactive(&request["interactive"], &mut message)?,
        "template" => {
            message.kind = MessageKind::Template;
            let template = read_template(&request["template"])?;
            check_approved(shared, &template)?;
            message.template = Some(template);
        }
        "image" => {
            message.kind = MessageKind::Image;
            read_media(shared, &request["image"], "image", &mut message)?;
        }
        "document" => {
            message.kind = MessageKind::Document;
            read_media(shared, &request["document"], "document", &mut message)?;
        }
        other => return Err(GraphError::invalid(format!("Param type {other:?} is not one the bot may send"))),
    }
    Ok(message)
}

/// A text field that must be there, not blank, and at most `max` characters.
fn required(value: &Value, name: &str, max: usize) -> Result<String, GraphError> {
    let text = value.as_str().filter(|t| !t.trim().is_empty());
    let text = text.ok_or_else(|| GraphError::invalid(format!("The parameter {name} is required.")))?;
    at_most(text, name, max)?;
    Ok(text.to_owned())
}

/// An optional text field of at most `max` characters.
fn optional(value: &Value, name: &str, max: usize) -> Result<Option<String>, GraphError> {
    let Some(text) = value.as_str() else { return Ok(None) };
    at_most(text, name, max)?;
    Ok(Some(text.to_owned()))
}

fn at_most(text: &str, name: &str, max: usize) -> Result<(), GraphError> {
    if text.chars().count() > max {
        return Err(GraphError::invalid(format!("Param {name} must be at most {max} characters long.")));
    }
    Ok(())
}

/// Reply buttons or a list.
fn read_interactive(interactive: &Value, message: &mut SentMessage) -> Result<(), GraphError> {
    let kind = interactive["type"].as_str().unwrap_or_default();
    let body_max = match kind {
        "button" => MAX_BUTTON_BODY,
        "list" => MAX_TEXT,
        _ => return Err(GraphError::invalid(format!("Param interactive['type'] {kind:?} is not button or list"))),
    };
    message.text = required(&interactive["body"]["text"], "interactive['body']['text']", body_max)?;
    if interactive["header"].is_object() {
        required(&interactive["header"]["text"], "interactive['header']['text']", MAX_HEADER_FOOTER)?;
    }
    optional(&interactive["footer"]["text"], "interactive['footer']['text']", MAX_HEADER_FOOTER)?;
    let action = &interactive["action"];
    if kind == "button" {
        message.kind = MessageKind::Buttons;
        message.buttons = read_buttons(action)?;
    } else {
        message.kind = MessageKind::List;
        message.list_button = Some(required(&action["button"], "interactive['action']['button']", MAX_LIST_BUTTON)?);
        message.rows = read_rows(action)?;
    }
    Ok(())
}

fn read_buttons(action: &Value) -> Result<Vec<Choice>, GraphError> {
    let buttons = one_to(&action["buttons"], MAX_BUTTONS, "buttons")?;
    let mut choices = Vec::new();
    for button in buttons {
        if button["type"] != "reply" {
            return Err(GraphError::invalid("Param interactive['action']['buttons'][]['type'] must be reply"));
        }
        let reply = &button["reply"];
        let title = choice_title(&reply["title"], "Button", MAX_BUTTON_TITLE)?;
        let id = required(&reply["id"], "interactive['action']['buttons'][]['reply']['id']", MAX_BUTTON_ID)?;
        choices.push(Choice { id, title, description: None });
    }
    unique(&choices, |c| &c.id, "Duplicate button id")?;
    unique(&choices, |c| &c.title, "Duplicate button title")?;
    Ok(choices)
}

fn read_rows(action: &Value) -> Result<Vec<Choice>, GraphError> {
    let sections = one_to(&action["sections"], MAX_SECTIONS, "sections")?;
    let mut rows = Vec::new();
    for section in sections {
        let title_name = "interactive['action']['sections'][]['title']";
        if sections.len() > 1 {
            required(&section["title"], title_name, MAX_SECTION_TITLE)?;
        } else {
            optional(&section["title"], title_name, MAX_SECTION_TITLE)?;
        }
        let section_rows = section["rows"].as_array().map(Vec::as_slice).unwrap_or_default();
        if section_rows.is_empty() {
            return Err(GraphError::not_valid("Invalid rows count. Each section needs at least 1 row"));
        }
        for row in section_rows {
            let title = choice_title(&row["title"], "Row", MAX_ROW_TITLE)?;
            let id = required(&row["id"], "interactive['action']['sections'][]['rows'][]['id']", MAX_ROW_ID)?;
            let description_name = "interactive['action']['sections'][]['rows'][]['description']";
            let description = optional(&row["description"], description_name, MAX_ROW_DESCRIPTION)?;
            rows.push(Choice { id, title, description });
        }
    }
    if rows.len() > MAX_ROWS {
        return Err(GraphError::not_valid(format!(
            "Total row count exceed max allowed count: {MAX_ROWS}, got {}",
            rows.len()
        )));
    }
    unique(&rows, |c| &c.id, "Duplicate row id")?;
    Ok(rows)
}

/// The items of an array that must hold 1 to `max` of them.
fn one_to<'a>(value: &'a Value, max: usize, what: &str) -> Result<&'a [Value], GraphError> {
    let items = value.as_array().map(Vec::as_slice).unwrap_or_default();
    if items.is_empty() || items.len() > max {
        return Err(GraphError::not_valid(format!(
            "Invalid {what} count. Min allowed {what}: 1, Max allowed {what}: {max}, got {}",
            items.len()
        )));
    }
    Ok(items)
}

/// A button's or row's title: not blank, at most `max` characters.
fn choice_title(value: &Value, what: &str, max: usize) -> Result<String, GraphError> {
    let title = value.as_str().unwrap_or_default();
    let length = title.chars().count();
    if title.trim().is_empty() || length > max {
        return Err(GraphError::not_valid(format!(
            "{what} title length invalid. Min length: 1, Max length: {max}, got {length}: {title:?}"
        )));
    }
    Ok(title.to_owned())
}

/// Refuses two choices with the same `key`.
fn unique(choices: &[Choice], key: impl Fn(&Choice) -> &String, what: &str) -> Result<(), GraphError> {
    let mut seen = HashSet::new();
    match choices.iter().map(key).find(|k| !seen.insert(*k)) {
        Some(repeated) => Err(GraphError::not_valid(format!("{what}: {repeated:?}"))),
        None => Ok(()),
    }
}

/// A template's name, language and body parameters.
fn read_template(template: &Value) -> Result<Template, GraphError> {
    let name = required(&template["name"], "template['name']", 512)?;
    let language = required(&template["language"]["code"], "template['language']['code']", 15)?;
    let mut body_params = Vec::new();
    for component in template["components"].as_array().map(Vec::as_slice).unwrap_or_default() {
        let parameters = component["parameters"].as_array().map(Vec::as_slice).unwrap_or_default();
        for parameter in parameters {
            let text = match parameter["type"].as_str() {
                Some("text") => {
                    required(&parameter["text"], "template['components'][]['parameters'][]['text']", 32_768)?
                }
                Some(_) => continue,
                None => {
                    return Err(GraphError::invalid(
                        "The parameter template['components'][]['parameters'][]['type'] is required.",
                    ));
                }
            };
            if component["type"] == "body" {
                body_params.push(text);
            }
        }
    }
    Ok(Template { name, language, body_params })
}

/// Refuses a template that was not approved as sent, once any was.
fn check_approved(shared: &Shared, template: &Template) -> Result<(), GraphError> {
    let state = shared.state();
    if state.templates.is_empty() {
        return Ok(());
    }
    let key = (template.name.clone(), template.language.clone());
    let Some(&expected) = state.templates.get(&key) else {
        return Err(GraphError::template_missing(&template.name, &template.language));
    };
    let given = template.body_params.len();
    if given != expected {
        return Err(GraphError::template_params(given, expected));
    }
    Ok(())
}

/// An image or document by the id of an upload.
fn read_media(shared: &Shared, media: &Value, kind: &str, message: &mut SentMessage) -> Result<(), GraphError> {
    let id = media["id"].as_str().unwrap_or_default();
    let (uploaded, gone) = {
        let state = shared.state();
        (state.media.get(id).map(|m| m.mime.clone()), state.expired_media.contains(id))
    };
    if gone {
        return Err(GraphError::media_gone(id));
    }
    let Some(mime) = uploaded else {
        return Err(GraphError::invalid(format!("Param {kind}['id'] is not a media id uploaded before: {id:?}")));
    };
    if kind == "image" && !mime.starts_with("image/") {
        return Err(GraphError::invalid(format!("Param image['id'] is {mime}, not an image")));
    }
    message.text = optional(&media["caption"], &format!("{kind}['caption']"), MAX_CAPTION)?.unwrap_or_default();
    let filename = optional(&media["filename"], &format!("{kind}['filename']"), 240)?;
    message.media = Some(MediaRef { id: id.to_owned(), filename });
    Ok(())
}
