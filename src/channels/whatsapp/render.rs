//! Decides the shape of a [`Reply`] on WhatsApp, from the same reply
//! Telegram shows with inline buttons:
//!
//! - no buttons: text, split over 4096 characters;
//! - up to three buttons whose titles fit in 20 characters (with a short
//!   label from the locales where the full one is longer): reply buttons;
//! - up to ten buttons, or three whose titles would have to be cut: a list,
//!   whose rows hold 24 characters and, for a longer label, the rest in the
//!   row's description, so no choice loses its meaning;
//! - more: the choices numbered in the text, answered by typing the number
//!   (the adapter remembers them: [`Rendered::numbered`]); a reply after
//!   another of the same answer that numbered its choices goes on counting
//!   from there, so both stay answerable.
//!
//! A reply's file ([`files`]) goes first as an image or a document, with
//! the text as its caption when the reply has no buttons and the text fits
//! 1024 characters; otherwise the text and buttons follow it as above. A
//! calendar file becomes a line with its "add to calendar" link.
//!
//! A button's id is its tap data, so a pressed button or row comes back as
//! the same [`Tap`](crate::dialogue::Tap) as on Telegram.

use super::files::{self, FileShape, MediaKind};
use super::wire::{
    Body, BodyText, ButtonsAction, Interactive, ListAction, MediaBody, ReplyButton, Row, Section, limits,
};
use crate::channels::text::{clip_to, split, units};
use crate::domain::lang::Lang;
use crate::i18n::{Key, MessageId, Reader, Text};
use crate::reply::{Button, Reply};

/// A reply as WhatsApp messages.
#[derive(Clone, Debug, PartialEq)]
pub struct Rendered {
    /// The reply's file, sent first once uploaded.
    pub file: Option<FileMessage>,
    /// The messages after it, in order; the last carries the buttons, if any.
    pub bodies: Vec<Body>,
    /// The button data typed numbers pick (the first numbered
    /// `numbered_before + 1`), when the choices were numbered in the text.
    pub numbered: Option<Vec<String>>,
}

/// The reply's file as a WhatsApp image or document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileMessage {
    pub kind: MediaKind,
    /// The type it is uploaded as.
    pub mime: &'static str,
    /// A document's name in the chat.
    pub file_name: Option<String>,
    pub caption: Option<String>,
}

impl FileMessage {
    /// The message that sends the file uploaded as `media_id`.
    pub fn body(&self, media_id: String) -> Body {
        let media = MediaBody { id: media_id, caption: self.caption.clone(), filename: self.file_name.clone() };
        match self.kind {
            MediaKind::Image => Body::Image { image: media },
            MediaKind::Document => Body::Document { document: media },
        }
    }
}

/// Renders `reply` for `reader`; numbered choices start after
/// `numbered_before` (those an earlier reply of the same answer numbered).
pub fn render(reply: &Reply, reader: Reader, numbered_before: usize) -> Rendered {
    let mut text = files::wording(&reply.text).render_for(reader);
    let lang = reader.lang;
    let media = match reply.attachment.as_ref().map(|file| (file, files::shape(file))) {
        Some((file, FileShape::Media { kind, mime })) => {
            let file_name = (kind == MediaKind::Document).then(|| file.file_name.clone());
            Some(FileMessage { kind, mime, file_name, caption: None })
        }
        Some((_, FileShape::CalendarLink(Some(link)))) => {
            text = format!("{text}\n{}", Text::new(Key::WaCalendarLink).arg("link", link).render(lang));
            None
        }
        Some((file, FileShape::CalendarLink(None) | FileShape::Unsupported)) => {
            tracing::debug!(file = file.file_name, "a file WhatsApp does not take is left out");
            None
        }
        None => None,
    };
    match media {
        Some(file) if reply.buttons.is_empty() && !text.trim().is_empty() && units(&text) <= limits::CAPTION => {
            let caption = Some(text);
            Rendered { file: Some(FileMessage { caption, ..file }), bodies: Vec::new(), numbered: None }
        }
        file => Rendered { file, ..render_text(&text, reply, lang, numbered_before) },
    }
}

/// `text` with the reply's buttons, as text and interactive messages.
fn render_text(text: &str, reply: &Reply, lang: Lang, numbered_before: usize) -> Rendered {
    let text = text.to_owned();
    let buttons: Vec<&Button> = reply.buttons.iter().flatten().collect();
    let fitting = (buttons.len() <= limits::BUTTONS).then(|| reply_buttons(&buttons, lang)).flatten();
    let bodies = match (buttons.len(), fitting) {
        (0, _) => texts(&text),
        (_, Some(buttons)) => {
            interactive(&text, lang, |body| Interactive::Button { body, action: ButtonsAction { buttons } })
        }
        (n, None) if n <= limits::ROWS => {
            let action = ListAction {
                button: cut(&Text::new(Key::WaListButton).render(lang), limits::LIST_BUTTON),
                sections: vec![Section { rows: buttons.iter().map(|b| row(b, lang)).collect() }],
            };
            interactive(&text, lang, |body| Interactive::List { body, action })
        }
        _ => {
            let numbers = numbered_before + 1..;
            let choices: Vec<String> =
                buttons.iter().zip(numbers).map(|(b, n)| format!("{n}. {}", b.label.render(lang))).collect();
            let hint = Text::new(Key::WaNumberedHint).render(lang);
            let bodies = texts(&format!("{text}\n\n{}\n\n{hint}", choices.join("\n")));
            return Rendered { file: None, bodies, numbered: Some(buttons.iter().map(|b| b.tap.data()).collect()) };
        }
    };
    Rendered { file: None, bodies, numbered: None }
}

/// A plain text, in as many messages as it needs.
fn texts(text: &str) -> Vec<Body> {
    split(text).into_iter().map(Body::text).collect()
}

/// An interactive message under `text`; a text too long for its body goes
/// first on its own, and the buttons follow under a short line.
fn interactive(text: &str, lang: Lang, make: impl FnOnce(BodyText) -> Interactive) -> Vec<Body> {
    let (mut bodies, body) = match text.trim() {
        fits if !fits.is_empty() && units(fits) <= limits::BODY => (Vec::new(), fits.to_owned()),
        _ => (texts(text), Text::new(Key::WaChooseBelow).render(lang)),
    };
    bodies.push(Body::Interactive { interactive: make(BodyText { text: body }) });
    bodies
}

/// Reply buttons, when every title fits without cutting and no two read
/// the same; `None` otherwise (a list shows them whole).
fn reply_buttons(buttons: &[&Button], lang: Lang) -> Option<Vec<ReplyButton>> {
    let titles = buttons.iter().map(|b| title(b, lang, limits::BUTTON_TITLE)).collect::<Option<Vec<_>>>()?;
    let distinct = titles.iter().enumerate().all(|(i, t)| !titles[..i].contains(t));
    distinct.then(|| buttons.iter().zip(titles).map(|(b, title)| ReplyButton::new(b.tap.data(), title)).collect())
}

/// A list row: the title that fits, or the label cut at a word with the
/// whole label in the description.
fn row(button: &Button, lang: Lang) -> Row {
    let (title, description) = match title(button, lang, limits::ROW_TITLE) {
        Some(title) => (title, None),
        None => {
            let full = button.label.render(lang);
            (cut(&full, limits::ROW_TITLE), Some(cut(&full, limits::ROW_DESCRIPTION)))
        }
    };
    Row { id: button.tap.data(), title, description }
}

/// The button's label within `max`: the full one, or its short form from
/// the locales; `None` when neither fits.
fn title(button: &Button, lang: Lang, max: usize) -> Option<String> {
    let full = button.label.render(lang);
    if !full.trim().is_empty() && units(&full) <= max {
        return Some(full);
    }
    let MessageId::Key(key) = &button.label.key else { return None };
    let short = Text { key: MessageId::Key(short_label(*key)?), args: button.label.args.clone() }.render(lang);
    (units(&short) <= max).then_some(short)
}

/// The short labels of buttons whose full labels pass 20 characters.
fn short_label(key: Key) -> Option<Key> {
    Some(match key {
        Key::BtnSame => Key::WaBtnSame,
        Key::BtnToSummary => Key::WaBtnToSummary,
        Key::BtnLangId => Key::WaBtnLangId,
        Key::BtnToPreview => Key::WaBtnToPreview,
        Key::BtnUnreached => Key::WaBtnUnreached,
        Key::BtnSendNotice => Key::WaBtnSendNotice,
        Key::BtnDigestMissing => Key::WaBtnDigestMissing,
        Key::BtnDownload => Key::WaBtnDownload,
        _ => return None,
    })
}

/// `text` within `max`: whole, or cut after the last word that fits, with
/// "…" (alone for a blank text: WhatsApp takes no empty title).
pub fn cut(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.is_empty() {
        return "…".into();
    }
    if units(text) <= max {
        return text.to_owned();
    }
    let room = max - 1; // for "…"
    let mut kept = String::new();
    for word in text.split_inclusive(' ') {
        if units(&kept) + units(word.trim_end()) > room {
            break;
        }
        kept.push_str(word);
    }
    let kept = match kept.trim_end() {
        "" => clip_to(text, room),
        words => words,
    };
    format!("{kept}…")
}

#[cfg(test)]
mod tests;
