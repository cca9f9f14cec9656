//! Meta's webhook notifications (`{"object": "whatsapp_business_account",
//! "entry": [{"changes": [{"value": …}]}]}`) read into what the bot acts on:
//! messages to our number as [`Incoming`], and delivery statuses.
//!
//! Text, a pressed reply button or list row (its id is the button's tap
//! data), a template's quick-reply button (its payload) and a location are
//! understood; any other kind (a picture, a voice note, a sticker) comes as
//! [`Input::Unsupported`], which the dialogue answers by asking for text.
//!
//! One notification may carry the messages of several people: each entry,
//! change, message, contact and status is read on its own, so one that
//! cannot be read is skipped (and logged by its id and type, never its
//! content) while the others are handled.

use serde::Deserialize;
use serde::de::{DeserializeOwned, Deserializer};

use crate::dialogue::Input;
use crate::domain::channel::Channel;
use crate::engine::Incoming;
use crate::store::whatsapp::Delivery;

#[derive(Debug, Deserialize)]
pub struct Notification {
    #[serde(default, deserialize_with = "each")]
    entry: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
struct Entry {
    #[serde(default, deserialize_with = "each")]
    changes: Vec<Change>,
}

#[derive(Debug, Deserialize)]
struct Change {
    value: Value,
}

#[derive(Debug, Default, Deserialize)]
struct Value {
    metadata: Option<Metadata>,
    #[serde(default, deserialize_with = "each")]
    contacts: Vec<Contact>,
    #[serde(default, deserialize_with = "each")]
    messages: Vec<Message>,
    #[serde(default, deserialize_with = "each")]
    statuses: Vec<Status>,
}

#[derive(Debug, Deserialize)]
struct Metadata {
    phone_number_id: String,
}

#[derive(Debug, Deserialize)]
struct Contact {
    wa_id: String,
    profile: Option<Profile>,
}

#[derive(Debug, Deserialize)]
struct Profile {
    name: String,
}

#[derive(Debug, Deserialize)]
struct Message {
    from: String,
    id: String,
    #[serde(rename = "type")]
    kind: String,
    text: Option<TextIn>,
    interactive: Option<InteractiveIn>,
    button: Option<ButtonIn>,
    location: Option<LocationIn>,
    context: Option<ContextIn>,
}

#[derive(Debug, Deserialize)]
struct TextIn {
    body: String,
}

#[derive(Debug, Deserialize)]
struct InteractiveIn {
    button_reply: Option<Chosen>,
    list_reply: Option<Chosen>,
}

#[derive(Debug, Deserialize)]
struct Chosen {
    id: String,
}

#[derive(Debug, Deserialize)]
struct ButtonIn {
    payload: Option<String>,
}

#[derive(Debug, Deserialize)]
struct LocationIn {
    latitude: f64,
    longitude: f64,
}

#[derive(Debug, Deserialize)]
struct ContextIn {
    id: String,
}

#[derive(Debug, Deserialize)]
struct Status {
    id: String,
    status: String,
    #[serde(default)]
    errors: Vec<StatusError>,
}

#[derive(Debug, Deserialize)]
struct StatusError {
    code: i64,
}

/// A list whose items are read one by one: an item that cannot be read is
/// skipped and logged (its id and type, if it has them; never its content
/// nor the error, which may quote it), and the others are kept.
fn each<'de, D: Deserializer<'de>, T: DeserializeOwned>(deserializer: D) -> Result<Vec<T>, D::Error> {
    let items = Vec::<serde_json::Value>::deserialize(deserializer)?;
    let read = |item: serde_json::Value| {
        let field = |name| item.get(name).and_then(serde_json::Value::as_str).map(str::to_owned);
        let (id, kind) = (field("id"), field("type").or_else(|| field("field")));
        serde_json::from_value(item)
            .inspect_err(|error| {
                let part = std::any::type_name::<T>().rsplit("::").next();
                let problem = format!("{:?}", error.classify());
                tracing::warn!(part, id, kind, problem, "an unreadable part of a webhook notification skipped");
            })
            .ok()
    };
    Ok(items.into_iter().filter_map(read).collect())
}

/// A message to our number.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Arrival {
    pub incoming: Incoming,
    /// A template's quick-reply button ("Lihat"): it asks for the messages
    /// that waited outside the window, not for the conversation.
    pub template_reply: bool,
}

/// What one notification asks of the bot.
#[derive(Debug, Default)]
pub struct Events {
    pub messages: Vec<Arrival>,
    /// Delivery statuses by message id (`wamid`).
    pub statuses: Vec<(String, Delivery)>,
}

impl Notification {
    /// The messages and statuses for the number `phone_number_id`; those
    /// for other numbers of the same business are left alone.
    pub fn events(self, phone_number_id: &str) -> Events {
        let mut events = Events::default();
        let values = self.entry.into_iter().flat_map(|e| e.changes).map(|c| c.value);
        for value in values.filter(|v| v.metadata.as_ref().is_some_and(|m| m.phone_number_id == phone_number_id)) {
            for message in value.messages {
                let name = value.contacts.iter().find(|c| c.wa_id == message.from);
                let profile_name = name.and_then(|c| c.profile.as_ref()).map(|p| p.name.clone());
                events.messages.push(arrival(message, profile_name));
            }
            events.statuses.extend(value.statuses.into_iter().filter_map(|s| {
                let delivery = match s.status.as_str() {
                    "sent" => Delivery::Sent,
                    "delivered" => Delivery::Delivered,
                    "read" => Delivery::Read,
                    "failed" => Delivery::Failed(s.errors.first().map_or(0, |e| e.code)),
                    _ => return None,
                };
                Some((s.id, delivery))
            }));
        }
        events
    }
}

fn arrival(message: Message, profile_name: Option<String>) -> Arrival {
    let template_reply = message.kind == "button";
    Arrival { incoming: incoming(message, profile_name), template_reply }
}

fn incoming(message: Message, profile_name: Option<String>) -> Incoming {
    let chosen = message.interactive.and_then(|i| i.button_reply.or(i.list_reply)).map(|c| c.id);
    let input = match (message.kind.as_str(), message.text, chosen, message.button, message.location) {
        ("text", Some(text), ..) => Input::Text(text.body),
        ("interactive", _, Some(id), ..) => Input::Tap(id),
        ("button", _, _, Some(ButtonIn { payload: Some(payload) }), _) => Input::Tap(payload),
        ("location", .., Some(at)) => Input::Location { latitude: at.latitude, longitude: at.longitude },
        _ => Input::Unsupported,
    };
    let tapped = matches!(input, Input::Tap(_)).then(|| message.context.map(|c| c.id)).flatten();
    Incoming {
        channel: Channel::WhatsApp,
        update_id: message.id,
        chat_id: message.from.clone(),
        user_id: message.from,
        input,
        profile_name,
        lang_hint: None,
        tapped,
        inbox_id: None,
    }
}

#[cfg(test)]
mod tests;
