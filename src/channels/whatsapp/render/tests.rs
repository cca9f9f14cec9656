use proptest::prelude::*;

use super::*;
use crate::reply::Tap;
use crate::reply::{Attachment, language_buttons};

fn reader(lang: Lang) -> Reader {
    Reader::new(lang, chrono_tz::Tz::Asia__Makassar)
}

fn plain(label: &str, tap: Tap) -> Button {
    Button::new(Text::new(Key::BtnPlain).arg("label", label), tap)
}

fn interactive(rendered: &Rendered) -> &Interactive {
    match rendered.bodies.last() {
        Some(Body::Interactive { interactive }) => interactive,
        other => panic!("not interactive: {other:?}"),
    }
}

#[test]
fn long_labels_use_their_short_form_and_keep_their_meaning() {
    let reply = Reply::new(Key::AskLanguage).row(language_buttons());
    let rendered = render(&reply, reader(Lang::Id), 0);
    let Interactive::Button { action, .. } = interactive(&rendered) else {
        panic!("two language buttons are reply buttons")
    };
    let titles: Vec<&str> = action.buttons.iter().map(|b| b.reply.title.as_str()).collect();
    assert_eq!(titles, ["🇮🇩 Indonesia", "🇬🇧 English"]);
    assert_eq!(action.buttons[0].reply.id, "lang:id");

    let same = Button::new(Text::new(Key::BtnSame).arg("value", 45), Tap::Same("S".into()));
    let reply = Reply::new(Key::ReportField).row([same, Button::new(Key::BtnSkip, Tap::Skip("S".into()))]);
    let rendered = render(&reply, reader(Lang::Id), 0);
    let Interactive::Button { action, .. } = interactive(&rendered) else { panic!() };
    assert_eq!(action.buttons[0].reply.title, "🔁 Sama: 45");
}

#[test]
fn a_label_that_cannot_be_shortened_goes_whole_into_a_list_row() {
    let long = "Posyandu Melati Putih Kelurahan Kasintuwu";
    let reply = Reply::new(Key::ReportPickPosyandu)
        .row([plain(long, Tap::Posyandu(1))])
        .row([plain("Posyandu Mawar", Tap::Posyandu(2))]);
    let rendered = render(&reply, reader(Lang::Id), 0);
    let Interactive::List { action, .. } = interactive(&rendered) else { panic!("a list: {rendered:?}") };
    let row = &action.sections[0].rows[0];
    assert_eq!(row.title, "Posyandu Melati Putih…");
    assert_eq!(row.description.as_deref(), Some(long));
    assert_eq!(action.sections[0].rows[1].title, "Posyandu Mawar");
    assert_eq!(action.sections[0].rows[1].description, None);
    assert_eq!(action.button, "Pilih");
}

#[test]
fn more_than_ten_choices_are_numbered_and_remembered_in_order() {
    let buttons = (1..=12).map(|i| plain(&format!("Desa {i}"), Tap::Posyandu(i)));
    let reply = buttons.fold(Reply::new(Key::ReportPickPosyandu), |r, b| r.row([b]));
    let rendered = render(&reply, reader(Lang::En), 0);
    let Some(Body::Text { text }) = rendered.bodies.last() else { panic!("{rendered:?}") };
    assert!(text.body.contains("\n1. Desa 1\n") && text.body.contains("\n12. Desa 12\n"), "{}", text.body);
    assert!(text.body.ends_with("Reply with just the number, for example 1."));
    let numbered = rendered.numbered.unwrap();
    assert_eq!(numbered.len(), 12);
    assert_eq!(numbered[1], "pos:2");
}

#[test]
fn words_are_cut_whole() {
    assert_eq!(cut("Siapa yang belum menjawab", 20), "Siapa yang belum…");
    assert_eq!(cut("Pendek", 20), "Pendek");
    assert_eq!(cut("Supercalifragilisticexpialidocious", 10), "Supercali…");
}

#[test]
fn a_long_text_goes_before_the_buttons() {
    let long = "kata ".repeat(300);
    let reply = Reply::new(Text::new(Key::BtnPlain).arg("label", long.as_str())).row(language_buttons());
    let rendered = render(&reply, reader(Lang::Id), 0);
    assert!(matches!(rendered.bodies[0], Body::Text { .. }));
    let (Interactive::Button { body, .. } | Interactive::List { body, .. }) = interactive(&rendered);
    assert_eq!(body.text, "Silakan pilih di bawah ini 👇");
}

#[test]
fn a_chart_alone_carries_its_text_as_caption_and_with_buttons_goes_first() {
    let chart = Attachment::picture("rekap-2026-10.png", b"png".to_vec());
    let reply = Reply::new(Text::new(Key::BtnPlain).arg("label", "📊 Rekap Oktober")).attach(chart.clone());
    let rendered = render(&reply, reader(Lang::Id), 0);
    let file = rendered.file.expect("the chart");
    assert_eq!((file.kind, file.mime, file.file_name), (MediaKind::Image, "image/png", None));
    assert_eq!(file.caption.as_deref(), Some("📊 Rekap Oktober"));
    assert!(rendered.bodies.is_empty());

    let with_buttons = reply.clone().row(language_buttons());
    let rendered = render(&with_buttons, reader(Lang::Id), 0);
    assert_eq!(rendered.file.as_ref().map(|f| f.caption.clone()), Some(None), "the text goes with the buttons");
    let (Interactive::Button { body, .. } | Interactive::List { body, .. }) = interactive(&rendered);
    assert_eq!(body.text, "📊 Rekap Oktober");

    let long = Reply::new(Text::new(Key::BtnPlain).arg("label", "kata ".repeat(300).as_str())).attach(chart);
    let rendered = render(&long, reader(Lang::Id), 0);
    assert_eq!(rendered.file.map(|f| f.caption), Some(None), "over 1024 characters: not a caption");
    assert!(matches!(rendered.bodies.as_slice(), [Body::Text { .. }]));
}

#[test]
fn a_workbook_is_a_document_with_its_name() {
    let book = Attachment::document("rekap-73.24-2025-11-2026-10.xlsx", b"PK".to_vec());
    let rendered = render(&Reply::new(Key::Help).attach(book), reader(Lang::Id), 0);
    let file = rendered.file.expect("the workbook");
    assert_eq!(file.kind, MediaKind::Document);
    assert_eq!(file.mime, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert_eq!(file.file_name.as_deref(), Some("rekap-73.24-2025-11-2026-10.xlsx"));
}

#[test]
fn a_calendar_file_becomes_a_link_in_the_text() {
    use crate::domain::ics::Event;
    use chrono::{TimeZone, Utc};
    let at = Utc.with_ymd_and_hms(2026, 12, 12, 1, 0, 0).unwrap();
    let event = Event {
        uid: "rapat-1@posyandu-bot".into(),
        start: at,
        duration: chrono::TimeDelta::hours(2),
        title: "Rakor".into(),
        place: "Aula".into(),
        description: String::new(),
        organizer: "Andi".into(),
        sequence: 0,
        cancelled: false,
    };
    let ics = Attachment::text("rapat-1.ics", event.to_ics(at));
    let reply = Reply::new(Text::new(Key::InvitationCalendar).arg("title", "Rakor")).attach(ics.clone());
    let rendered = render(&reply, reader(Lang::Id), 0);
    assert_eq!(rendered.file, None, "WhatsApp takes no .ics");
    let [Body::Text { text }] = rendered.bodies.as_slice() else { panic!("{rendered:?}") };
    let (first, link) = text.body.split_once('\n').unwrap();
    assert_eq!(first, "Simpan ke kalender HP: Rakor");
    assert!(link.contains("https://calendar.google.com/calendar/render?action=TEMPLATE&text=Rakor&dates="), "{link}");

    let cancelled = Event { cancelled: true, ..event };
    let notice = Reply::new(Key::Help).attach(Attachment::text("rapat-1.ics", cancelled.to_ics(at)));
    let rendered = render(&notice, reader(Lang::Id), 0);
    assert_eq!(rendered.file, None);
    assert!(texts_of(&rendered).iter().all(|t| !t.contains("calendar.google.com")), "nothing to add");
}

fn texts_of(rendered: &Rendered) -> Vec<String> {
    rendered
        .bodies
        .iter()
        .map(|b| match b {
            Body::Text { text } => text.body.clone(),
            other => format!("{other:?}"),
        })
        .collect()
}

/// Every message within WhatsApp's limits.
fn check(rendered: &Rendered, buttons: usize) {
    let mut ids = Vec::new();
    if let Some(caption) = rendered.file.as_ref().and_then(|f| f.caption.as_ref()) {
        assert!(!caption.trim().is_empty() && units(caption) <= limits::CAPTION);
    }
    for body in &rendered.bodies {
        match body {
            Body::Text { text } => assert!(!text.body.trim().is_empty() && units(&text.body) <= 4096),
            Body::Interactive { interactive } => match interactive {
                Interactive::Button { body, action } => {
                    assert!(units(&body.text) <= limits::BODY);
                    assert!((1..=limits::BUTTONS).contains(&action.buttons.len()));
                    let titles: Vec<&str> = action.buttons.iter().map(|b| b.reply.title.as_str()).collect();
                    for (i, title) in titles.iter().enumerate() {
                        assert!(!title.trim().is_empty() && units(title) <= limits::BUTTON_TITLE, "{title:?}");
                        assert!(!titles[..i].contains(title), "two buttons read {title:?}");
                    }
                    ids.extend(action.buttons.iter().map(|b| b.reply.id.clone()));
                }
                Interactive::List { body, action } => {
                    assert!(units(&body.text) <= limits::BODY && units(&action.button) <= limits::LIST_BUTTON);
                    let rows: Vec<&Row> = action.sections.iter().flat_map(|s| &s.rows).collect();
                    assert!((1..=limits::ROWS).contains(&rows.len()));
                    for row in rows {
                        assert!(!row.title.trim().is_empty() && units(&row.title) <= limits::ROW_TITLE, "{row:?}");
                        assert!(row.description.as_ref().is_none_or(|d| units(d) <= limits::ROW_DESCRIPTION));
                        ids.push(row.id.clone());
                    }
                }
            },
            Body::Template { .. } => panic!("the renderer never makes a template"),
            Body::Image { .. } | Body::Document { .. } => panic!("the file goes in Rendered::file"),
        }
    }
    match &rendered.numbered {
        Some(numbered) => assert_eq!(numbered.len(), buttons),
        None => assert_eq!(ids.len(), buttons, "every button is offered"),
    }
}

proptest! {
    #[test]
    fn any_reply_renders_within_whatsapp_limits(
        text in "[a-zA-Z0-9 📋🇮🇩é\n]{1,5000}",
        labels in prop::collection::vec("[a-zA-Z0-9 ✅📋🇮🇩é]{1,90}", 0..14),
        english in any::<bool>(),
        chart in any::<bool>(),
    ) {
        let lang = if english { Lang::En } else { Lang::Id };
        let buttons = labels.iter().enumerate().map(|(i, l)| plain(l, Tap::Posyandu(i as i64)));
        let mut reply = buttons.fold(Reply::new(Text::new(Key::BtnPlain).arg("label", text.as_str())), |r, b| r.row([b]));
        if chart {
            reply = reply.attach(Attachment::picture("grafik.png", vec![0x89]));
        }
        let rendered = render(&reply, reader(lang), 0);
        prop_assert_eq!(rendered.file.is_some(), chart);
        check(&rendered, labels.len());
    }
}

#[test]
fn numbered_choices_after_an_earlier_replys_go_on_counting() {
    let mut reply = Reply::new(Key::ReportPickPosyandu);
    for id in 1..=11 {
        reply = reply.row([plain(&format!("Posyandu {id}"), Tap::Posyandu(id))]);
    }
    let rendered = render(&reply, reader(Lang::Id), 12);
    let Some(Body::Text { text }) = rendered.bodies.last() else { panic!("numbered: {rendered:?}") };
    assert!(text.body.contains("\n13. Posyandu 1\n14. Posyandu 2\n"), "{}", text.body);
    assert!(text.body.contains("\n23. Posyandu 11\n"), "{}", text.body);
    let numbered = rendered.numbered.expect("numbered");
    assert_eq!((numbered.len(), numbered[0].as_str()), (11, "pos:1"), "its own choices, to follow the earlier ones");
}
