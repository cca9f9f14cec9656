//! WhatsApp takes no calendar files (.ics), so a meeting's calendar entry
//! reaches a WhatsApp user as an "add to calendar" link: Google Calendar's
//! event template (`action=TEMPLATE`) with the title, the times in UTC, the
//! agenda and the place, read back from the file the dialogue made for
//! every channel.

use chrono::{DateTime, Utc};
use icalendar::{Calendar, CalendarDateTime, Component, DatePerhapsTime, EventLike, EventStatus};
use url::Url;

/// Google Calendar's page that opens a new event, filled in.
const TEMPLATE: &str = "https://calendar.google.com/calendar/render";

/// The link that adds the event of the calendar file `ics` to a calendar;
/// `None` for a cancellation (nothing to add) or a file that is not an
/// event with a start and an end in UTC.
pub fn add_link(ics: &[u8]) -> Option<String> {
    let calendar: Calendar = std::str::from_utf8(ics).ok()?.parse().ok()?;
    if calendar.property_value("METHOD") == Some("CANCEL") {
        return None;
    }
    let event = calendar.components.iter().find_map(|c| c.as_event())?;
    if event.get_status() == Some(EventStatus::Cancelled) {
        return None;
    }
    let (start, end) = (utc(event.get_start()?)?, utc(event.get_end()?)?);
    let mut link = Url::parse(TEMPLATE).expect("a valid URL");
    link.query_pairs_mut()
        .append_pair("action", "TEMPLATE")
        .append_pair("text", event.get_summary().unwrap_or_default())
        .append_pair("dates", &format!("{}/{}", stamp(start), stamp(end)))
        .append_pair("details", event.get_description().unwrap_or_default())
        .append_pair("location", event.get_location().unwrap_or_default());
    Some(link.into())
}

fn utc(at: DatePerhapsTime) -> Option<DateTime<Utc>> {
    match at {
        DatePerhapsTime::DateTime(CalendarDateTime::Utc(at)) => Some(at),
        _ => None,
    }
}

/// `20261212T010000Z`, as Google's `dates` takes a UTC moment.
fn stamp(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use chrono::{TimeDelta, TimeZone};

    use super::*;
    use crate::domain::ics::Event;

    fn rakor(cancelled: bool) -> Event {
        Event {
            uid: "rapat-7@posyandu-bot".into(),
            // 09.00 WITA.
            start: Utc.with_ymd_and_hms(2026, 12, 12, 1, 0, 0).unwrap(),
            duration: TimeDelta::minutes(120),
            title: "Rakor & evaluasi: SKDN 100% / strata?".into(),
            place: "Aula Kantor Camat; Jl. Poros No. 1".into(),
            description: "1. SKDN\n2. Strata #posyandu".into(),
            organizer: "Pokjanal".into(),
            sequence: 0,
            cancelled,
        }
    }

    fn query(link: &str) -> HashMap<String, String> {
        Url::parse(link).unwrap().query_pairs().into_owned().collect()
    }

    #[test]
    fn the_link_carries_the_event_in_utc_with_every_character_encoded() {
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
        let link = add_link(rakor(false).to_ics(now).as_bytes()).expect("a link");
        assert!(link.starts_with("https://calendar.google.com/calendar/render?action=TEMPLATE&"), "{link}");
        assert!(!link.contains(' ') && !link.contains('\n') && !link.contains('#'), "{link}");
        let fields = query(&link);
        assert_eq!(fields["dates"], "20261212T010000Z/20261212T030000Z");
        assert_eq!(fields["text"], "Rakor & evaluasi: SKDN 100% / strata?");
        assert_eq!(fields["location"], "Aula Kantor Camat; Jl. Poros No. 1");
        assert_eq!(fields["details"], "1. SKDN\n2. Strata #posyandu");
    }

    #[test]
    fn a_cancellation_or_a_file_that_is_no_event_has_no_link() {
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
        assert_eq!(add_link(rakor(true).to_ics(now).as_bytes()), None);
        assert_eq!(add_link(b"not a calendar"), None);
        assert_eq!(add_link(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"), None);
    }
}
