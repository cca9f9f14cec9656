//! What WhatsApp makes of a reply's file, decided from the file alone: a
//! picture goes as an image, a document of a type WhatsApp takes as a
//! document (each with its MIME type for the upload), a calendar file as an
//! "add to calendar" link in the text (WhatsApp takes no .ics), and
//! anything else is left out (its text still goes). A text that speaks of
//! a file WhatsApp does not get has its own WhatsApp wording.

use std::borrow::Cow;

use super::calendar;
use crate::i18n::{Key, MessageId, Text};
use crate::reply::Attachment;

/// How a file reaches a WhatsApp chat.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileShape {
    /// Uploaded, then sent by media id.
    Media { kind: MediaKind, mime: &'static str },
    /// A calendar entry: the link that adds it (none for a cancellation).
    CalendarLink(Option<String>),
    /// A type WhatsApp does not take.
    Unsupported,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MediaKind {
    Image,
    Document,
}

/// Pictures WhatsApp shows in the chat (at most 5 MB), by file extension.
const IMAGES: &[(&str, &str)] = &[("png", "image/png"), ("jpg", "image/jpeg"), ("jpeg", "image/jpeg")];

/// The document types the Cloud API documents (at most 100 MB).
const DOCUMENTS: &[(&str, &str)] = &[
    ("pdf", "application/pdf"),
    ("txt", "text/plain"),
    ("xls", "application/vnd.ms-excel"),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("doc", "application/msword"),
    ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("ppt", "application/vnd.ms-powerpoint"),
    ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
];

/// How `file` reaches a WhatsApp chat.
pub fn shape(file: &Attachment) -> FileShape {
    let extension = file.file_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let find = |types: &[(&str, &'static str)]| types.iter().find(|(e, _)| *e == extension).map(|(_, mime)| *mime);
    if extension == "ics" {
        return FileShape::CalendarLink(calendar::add_link(&file.content));
    }
    match (file.picture, find(IMAGES), find(DOCUMENTS)) {
        (true, Some(mime), _) => FileShape::Media { kind: MediaKind::Image, mime },
        (_, image, document) => match document.or(image) {
            Some(mime) => FileShape::Media { kind: MediaKind::Document, mime },
            None => FileShape::Unsupported,
        },
    }
}

/// A reply's text as WhatsApp shows it. A cancellation asks, on every
/// channel, to open its calendar file to remove the entry; WhatsApp gets
/// no file (nor a link, as a link cannot remove an entry), so there it asks
/// to delete the entry by hand.
pub fn wording(text: &Text) -> Cow<'_, Text> {
    match text.key {
        MessageId::Key(Key::NoticeCancelled) => {
            Cow::Owned(Text { key: MessageId::Key(Key::WaNoticeCancelled), args: text.args.clone() })
        }
        _ => Cow::Borrowed(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::lang::Lang;

    #[test]
    fn charts_are_images_workbooks_documents_and_calendars_links() {
        let chart = Attachment::picture("rekap-2026-10.png", vec![1]);
        assert_eq!(shape(&chart), FileShape::Media { kind: MediaKind::Image, mime: "image/png" });
        let book = Attachment::document("rekap-73.24.XLSX", vec![1]);
        let xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        assert_eq!(shape(&book), FileShape::Media { kind: MediaKind::Document, mime: xlsx });
        // A picture not marked as one is a document, as on Telegram.
        let photo = Attachment::document("foto.jpg", vec![1]);
        assert_eq!(shape(&photo), FileShape::Media { kind: MediaKind::Document, mime: "image/jpeg" });
        assert_eq!(shape(&Attachment::text("rapat-1.ics", "garbage".into())), FileShape::CalendarLink(None));
        assert_eq!(shape(&Attachment::text("data.csv", "a,b".into())), FileShape::Unsupported);
        assert_eq!(shape(&Attachment::document("tanpa-nama", vec![1])), FileShape::Unsupported);
    }

    #[test]
    fn a_cancellation_promises_no_file_on_whatsapp() {
        let text = Text::new(Key::NoticeCancelled).arg("title", "Rakor Gizi").arg("when", "Sabtu");
        for (lang, by_hand) in [(Lang::Id, "mohon dihapus sendiri"), (Lang::En, "please delete it there yourself")] {
            let shown = wording(&text).render(lang);
            assert!(shown.contains("Rakor Gizi") && shown.contains(by_hand), "{shown}");
            assert!(!shown.contains("file"), "{shown}");
            assert!(text.render(lang).contains("file"), "other channels still send the file");
        }
        let other = Text::new(Key::InvitationCalendar).arg("title", "Rakor Gizi");
        assert_eq!(wording(&other).render(Lang::Id), other.render(Lang::Id));
    }
}
