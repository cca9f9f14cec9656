//! The calendar file (iCalendar, RFC 5545) sent with a meeting invitation,
//! so an invitee puts the meeting in the phone's calendar with one tap; a
//! changed or cancelled meeting gets a new file with the same UID and a
//! higher SEQUENCE, which replaces the old entry.
//!
//! For one meeting per file, with times in UTC: every calendar app shows them
//! in the reader's own zone, so no VTIMEZONE is needed. Not a general
//! iCalendar writer, and no reader: no repeating events, no attendee list.

use chrono::{DateTime, TimeDelta, Utc};

/// A meeting as a calendar event.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// Unique and the same for every version of one meeting, such as
    /// `rapat-42@posyandu-bot`.
    pub uid: String,
    pub start: DateTime<Utc>,
    pub duration: TimeDelta,
    pub title: String,
    pub place: String,
    pub description: String,
    /// The organizer's name, as invitees know them.
    pub organizer: String,
    /// 0 for the first invitation, one more at every change.
    pub sequence: u32,
    pub cancelled: bool,
}

/// At most this many octets on one line, line break excluded (RFC 5545 §3.1).
const LINE_OCTETS: usize = 75;

/// The reminder: two hours before the start (RFC 5545 §3.3.6 duration).
const REMINDER: &str = "-PT2H";

/// Where the organizer would get replies. Invitees answer in the chat, not
/// by e-mail, so this is the address Outlook writes for "no address".
const NO_ADDRESS: &str = "invalid:nomail";

impl Event {
    /// The file's text, made at `now`: a VCALENDAR holding one VEVENT (with a
    /// reminder two hours before, unless cancelled), CRLF line ends, long
    /// lines folded.
    pub fn to_ics(&self, now: DateTime<Utc>) -> String {
        let (method, status) = if self.cancelled { ("CANCEL", "CANCELLED") } else { ("REQUEST", "CONFIRMED") };
        let organizer = format!("ORGANIZER;CN={}", param(&self.organizer));
        let mut lines = vec![
            ("BEGIN", "VCALENDAR".to_owned()),
            ("PRODID", "-//posyandu-bot//Rapat//ID".to_owned()),
            ("VERSION", "2.0".to_owned()),
            ("CALSCALE", "GREGORIAN".to_owned()),
            ("METHOD", method.to_owned()),
            ("BEGIN", "VEVENT".to_owned()),
            ("UID", text(&self.uid)),
            ("DTSTAMP", utc(now)),
            ("DTSTART", utc(self.start)),
            ("DTEND", utc(self.start + self.duration)),
            ("SUMMARY", text(&self.title)),
            ("LOCATION", text(&self.place)),
            ("DESCRIPTION", text(&self.description)),
            (organizer.as_str(), NO_ADDRESS.to_owned()),
            ("SEQUENCE", self.sequence.to_string()),
            ("STATUS", status.to_owned()),
        ];
        if !self.cancelled {
            lines.extend([
                ("BEGIN", "VALARM".to_owned()),
                ("ACTION", "DISPLAY".to_owned()),
                ("DESCRIPTION", text(&self.title)),
                ("TRIGGER", REMINDER.to_owned()),
                ("END", "VALARM".to_owned()),
            ]);
        }
        lines.extend([("END", "VEVENT".to_owned()), ("END", "VCALENDAR".to_owned())]);
        let mut ics = String::new();
        for (name, value) in lines {
            push_folded(&mut ics, &format!("{name}:{value}"));
        }
        ics
    }
}

/// `20261212T010000Z`.
fn utc(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// A TEXT value (RFC 5545 §3.3.11): `\`, `;`, `,` and line breaks escaped,
/// other control characters dropped.
fn text(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            ';' => escaped.push_str("\\;"),
            ',' => escaped.push_str("\\,"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => escaped.push_str("\\n"),
            '\t' => escaped.push('\t'),
            c if c.is_control() => {}
            c => escaped.push(c),
        }
    }
    escaped
}

/// A quoted parameter value (RFC 5545 §3.2, RFC 6868): `"` and `^` and
/// line breaks written as `^'`, `^^` and `^n`, other control characters
/// dropped.
fn param(value: &str) -> String {
    let mut quoted = String::from("\"");
    for c in value.chars() {
        match c {
            '"' => quoted.push_str("^'"),
            '^' => quoted.push_str("^^"),
            '\n' => quoted.push_str("^n"),
            '\t' => quoted.push('\t'),
            c if c.is_control() => {}
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// Appends `line` with CRLF, folded into pieces of at most 75 octets
/// (continuations start with a space), never inside a UTF-8 character.
fn push_folded(ics: &mut String, line: &str) {
    let mut rest = line;
    let mut room = LINE_OCTETS;
    while rest.len() > room {
        let cut = (0..=room).rev().find(|&i| rest.is_char_boundary(i)).unwrap_or(0);
        ics.push_str(&rest[..cut]);
        ics.push_str("\r\n ");
        rest = &rest[cut..];
        room = LINE_OCTETS - 1;
    }
    ics.push_str(rest);
    ics.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use icalendar::{CalendarComponent, CalendarDateTime, Component, DatePerhapsTime, EventLike, EventStatus};
    use proptest::prelude::*;

    use super::*;

    fn start() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 12, 1, 0, 0).unwrap()
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 2, 2, 30, 0).unwrap()
    }

    fn rakor() -> Event {
        Event {
            uid: "rapat-42@posyandu-bot".to_owned(),
            start: start(),
            duration: TimeDelta::minutes(120),
            title: "Rapat Koordinasi Pokjanal Posyandu Kecamatan Malangke, Luwu Utara 🤝📋: evaluasi SKDN, \
                    strata posyandu, dan rencana kerja 2027 👩‍⚕️"
                .to_owned(),
            place: "Aula Kantor Camat Malangke; Jl. Poros Malangke No. 1".to_owned(),
            description: "Agenda:\n1. Laporan SKDN, per desa\n2. Strata posyandu\r\nBawa data D/S\\K/S.".to_owned(),
            organizer: "Pokjanal \"Kec.\" Malangke, ^ketua".to_owned(),
            sequence: 0,
            cancelled: false,
        }
    }

    /// The logical lines: physical lines with continuations joined.
    fn unfolded(ics: &str) -> Vec<String> {
        ics.strip_suffix("\r\n").unwrap().replace("\r\n ", "").split("\r\n").map(str::to_owned).collect()
    }

    fn assert_well_formed(ics: &str) {
        assert!(ics.ends_with("\r\n"));
        assert_eq!(ics.matches('\n').count(), ics.matches("\r\n").count(), "a bare LF");
        assert_eq!(ics.matches('\r').count(), ics.matches("\r\n").count(), "a bare CR");
        for (i, line) in ics.split("\r\n").enumerate() {
            assert!(line.len() <= LINE_OCTETS, "line {i} has {} octets: {line}", line.len());
        }
    }

    #[test]
    fn escapes_text_values() {
        assert_eq!(text("a\\b;c,d\ne\r\nf\rg"), "a\\\\b\\;c\\,d\\ne\\nf\\ng");
        assert_eq!(text("tab\there\u{7}"), "tab\there");
        assert_eq!(param("Pokjanal \"Kec.\" ^1\nx"), "\"Pokjanal ^'Kec.^' ^^1^nx\"");
    }

    #[test]
    fn folds_long_lines_without_splitting_characters() {
        let ics = rakor().to_ics(now());
        assert_well_formed(&ics);
        assert!(ics.contains("\r\n "), "the title is folded");
        let summary = unfolded(&ics).into_iter().find(|l| l.starts_with("SUMMARY:")).unwrap();
        assert_eq!(
            summary,
            "SUMMARY:Rapat Koordinasi Pokjanal Posyandu Kecamatan Malangke\\, Luwu Utara 🤝📋: evaluasi SKDN\\, \
             strata posyandu\\, dan rencana kerja 2027 👩‍⚕️"
        );
        // Four-octet characters around the 75th octet: lines end early instead.
        let mut folded = String::new();
        push_folded(&mut folded, &format!("SUMMARY:{}", "🤝".repeat(40)));
        let lines: Vec<&str> = folded.split("\r\n").collect();
        assert_eq!(lines[0].len(), 8 + 16 * 4);
        assert!(lines[1..].iter().all(|l| l.is_empty() || (l.starts_with(' ') && l.len() <= LINE_OCTETS)));
        assert_eq!(folded.replace("\r\n ", ""), format!("SUMMARY:{}\r\n", "🤝".repeat(40)));
    }

    #[test]
    fn has_every_property_an_invitation_needs() {
        let lines = unfolded(&rakor().to_ics(now()));
        for expected in [
            "BEGIN:VCALENDAR",
            "PRODID:-//posyandu-bot//Rapat//ID",
            "VERSION:2.0",
            "CALSCALE:GREGORIAN",
            "METHOD:REQUEST",
            "BEGIN:VEVENT",
            "UID:rapat-42@posyandu-bot",
            "DTSTAMP:20261202T023000Z",
            "DTSTART:20261212T010000Z",
            "DTEND:20261212T030000Z",
            "LOCATION:Aula Kantor Camat Malangke\\; Jl. Poros Malangke No. 1",
            "DESCRIPTION:Agenda:\\n1. Laporan SKDN\\, per desa\\n2. Strata posyandu\\nBawa data D/S\\\\K/S.",
            "ORGANIZER;CN=\"Pokjanal ^'Kec.^' Malangke, ^^ketua\":invalid:nomail",
            "SEQUENCE:0",
            "STATUS:CONFIRMED",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            "TRIGGER:-PT2H",
            "END:VALARM",
            "END:VEVENT",
            "END:VCALENDAR",
        ] {
            assert!(lines.iter().any(|l| l == expected), "missing {expected} in {lines:#?}");
        }
        assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
        assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
    }

    #[test]
    fn a_cancellation_replaces_the_invitation() {
        let ics = Event { sequence: 3, cancelled: true, ..rakor() }.to_ics(now());
        assert_well_formed(&ics);
        let lines = unfolded(&ics);
        for expected in ["METHOD:CANCEL", "STATUS:CANCELLED", "SEQUENCE:3", "UID:rapat-42@posyandu-bot"] {
            assert!(lines.iter().any(|l| l == expected), "missing {expected}");
        }
        assert!(!ics.contains("VALARM"), "no reminder for a cancelled meeting");
    }

    /// Reads the file back with the `icalendar` crate's parser.
    #[test]
    fn a_calendar_library_reads_it_back() {
        let event = rakor();
        let ics = event.to_ics(now());
        let calendar: icalendar::Calendar = ics.parse().unwrap();
        assert_eq!(calendar.property_value("METHOD"), Some("REQUEST"));
        let [CalendarComponent::Event(read)] = calendar.components.as_slice() else {
            panic!("one event expected: {:?}", calendar.components)
        };
        assert_eq!(read.get_uid(), Some(event.uid.as_str()));
        assert_eq!(read.get_summary(), Some(event.title.as_str()));
        assert_eq!(read.get_location(), Some(event.place.as_str()));
        assert_eq!(read.get_description(), Some(event.description.replace("\r\n", "\n").as_str()));
        assert_eq!(read.get_start(), Some(DatePerhapsTime::DateTime(CalendarDateTime::Utc(start()))));
        assert_eq!(read.get_end(), Some(DatePerhapsTime::DateTime(CalendarDateTime::Utc(start() + event.duration))));
        assert_eq!(read.get_timestamp(), Some(now()));
        assert_eq!(read.get_sequence(), Some(0));
        assert_eq!(read.get_status(), Some(EventStatus::Confirmed));
        let organizer = &read.properties()["ORGANIZER"];
        assert_eq!(organizer.value(), NO_ADDRESS);
        assert_eq!(organizer.params()["CN"].value(), "Pokjanal ^'Kec.^' Malangke, ^^ketua");
        let alarm = &read.components()[0];
        assert_eq!(alarm.property_value("TRIGGER"), Some(REMINDER));
        assert_eq!(alarm.property_value("ACTION"), Some("DISPLAY"));

        let cancelled = Event { sequence: 1, cancelled: true, ..event }.to_ics(now());
        let calendar: icalendar::Calendar = cancelled.parse().unwrap();
        let read = calendar.components[0].as_event().unwrap();
        assert_eq!((read.get_status(), read.get_sequence()), (Some(EventStatus::Cancelled), Some(1)));
    }

    proptest! {
        /// Any title, place and description: lines within 75 octets, CRLF
        /// only, and the library reads back the same text (less control
        /// characters, with line breaks as LF).
        #[test]
        fn any_text_survives(title in "\\PC{0,200}", place in "[ -~]{0,80}", description in "(\\PC|\r?\n){0,300}") {
            let event = Event { title, place, description, ..rakor() };
            let ics = event.to_ics(now());
            assert_well_formed(&ics);
            let calendar: icalendar::Calendar = ics.parse().unwrap();
            let read = calendar.components[0].as_event().unwrap();
            let plain = |s: &str| s.replace("\r\n", "\n").replace('\r', "\n").chars().filter(|c| !c.is_control() || *c == '\n' || *c == '\t').collect::<String>();
            prop_assert_eq!(read.get_summary().unwrap_or(""), plain(&event.title));
            prop_assert_eq!(read.get_location().unwrap_or(""), plain(&event.place));
            prop_assert_eq!(read.get_description().unwrap_or(""), plain(&event.description));
        }
    }
}
