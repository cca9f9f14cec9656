//! The Graph API's JSON for sending: the messages the bot posts to
//! `/{phone-number-id}/messages`, what comes back from it and from an
//! upload to `/{phone-number-id}/media`, and Meta's error shape.

use serde::{Deserialize, Serialize};

/// WhatsApp's limits, counted in UTF-16 code units (never less than
/// WhatsApp's own count, so a text within them is always accepted).
pub mod limits {
    /// An interactive message's body.
    pub const BODY: usize = 1024;
    /// A reply button's title.
    pub const BUTTON_TITLE: usize = 20;
    /// Reply buttons on one message.
    pub const BUTTONS: usize = 3;
    /// Rows in one list message.
    pub const ROWS: usize = 10;
    /// A list row's title.
    pub const ROW_TITLE: usize = 24;
    /// A list row's description.
    pub const ROW_DESCRIPTION: usize = 72;
    /// The label of the button that opens a list.
    pub const LIST_BUTTON: usize = 20;
    /// An image's or a document's caption.
    pub const CAPTION: usize = 1024;
}

/// One message to one person.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Outgoing {
    pub messaging_product: &'static str,
    pub recipient_type: &'static str,
    pub to: String,
    #[serde(flatten)]
    pub body: Body,
}

impl Outgoing {
    pub fn new(to: &str, body: Body) -> Outgoing {
        Outgoing { messaging_product: "whatsapp", recipient_type: "individual", to: to.to_owned(), body }
    }
}

/// What a message carries; `type` names the field that holds it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Body {
    Text {
        text: TextBody,
    },
    Interactive {
        interactive: Interactive,
    },
    Template {
        template: TemplateBody,
    },
    /// A picture, by the id of its upload.
    Image {
        image: MediaBody,
    },
    /// A file, by the id of its upload.
    Document {
        document: MediaBody,
    },
}

impl Body {
    pub fn text(body: impl Into<String>) -> Body {
        Body::Text { text: TextBody { body: body.into(), preview_url: false } }
    }
}

/// An uploaded file in a message: its media id, the caption under it and,
/// for a document, the file name the chat shows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MediaBody {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filename: Option<String>,
}

/// An approved template: its name, language and body parameters.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TemplateBody {
    pub name: String,
    pub language: Language,
    pub components: Vec<Component>,
}

impl TemplateBody {
    pub fn new(name: &str, language: &str, parameters: Vec<String>) -> TemplateBody {
        let parameters = parameters.into_iter().map(|text| Parameter { kind: "text", text }).collect();
        TemplateBody {
            name: name.to_owned(),
            language: Language { code: language.to_owned() },
            components: vec![Component { kind: "body", parameters }],
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Language {
    pub code: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Component {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub parameters: Vec<Parameter>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Parameter {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TextBody {
    pub body: String,
    pub preview_url: bool,
}

/// Reply buttons or a list, under a body text.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Interactive {
    Button { body: BodyText, action: ButtonsAction },
    List { body: BodyText, action: ListAction },
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BodyText {
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ButtonsAction {
    pub buttons: Vec<ReplyButton>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReplyButton {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub reply: ButtonReply,
}

impl ReplyButton {
    pub fn new(id: String, title: String) -> ReplyButton {
        ReplyButton { kind: "reply", reply: ButtonReply { id, title } }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ButtonReply {
    pub id: String,
    pub title: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ListAction {
    /// The label of the button that opens the list.
    pub button: String,
    pub sections: Vec<Section>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Section {
    pub rows: Vec<Row>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    pub id: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// What Meta answers to a sent message: its id (`wamid.…`).
#[derive(Debug, Deserialize)]
pub struct Sent {
    pub messages: Vec<SentId>,
}

#[derive(Debug, Deserialize)]
pub struct SentId {
    pub id: String,
}

/// What Meta answers to an upload: the media id.
#[derive(Debug, Deserialize)]
pub struct Uploaded {
    pub id: String,
}

/// Meta's error answer: `{"error": {"code": 131047, "message": "…"}}`.
#[derive(Debug, Deserialize)]
pub struct ErrorAnswer {
    pub error: GraphError,
}

#[derive(Debug, Deserialize)]
pub struct GraphError {
    pub code: i64,
    #[serde(default)]
    pub message: String,
}
