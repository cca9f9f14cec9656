//! When a meeting starts: reading the date and time an organizer types
//! ("12/12 09.00", "besok jam 2 siang", "Senin depan pukul 9 WITA",
//! "12 Dec 9am") into one instant, and showing an instant as a person in a
//! given time zone reads it ("Sabtu, 12 Desember 2026 pukul 09.00 WITA").
//!
//! Not for report months (see `periode`), durations or repeating meetings.
//! No clock: "now" is passed in, so every case is a plain test.
//!
//! How unclear input is decided:
//! - Words are read in the organizer's time zone; a zone word (WIB, WITA,
//!   WIT) anywhere in the text overrides it.
//! - A date without a year is the next such date that is not before today
//!   ("5/1" on 20 December is next January). If that date is today and the
//!   time has passed, it is refused as past, never moved to next year.
//! - A time alone ("14:00", "jam 3 sore") is today; if it has passed, it is
//!   refused as past, never moved to tomorrow: the organizer adds the date.
//! - A weekday ("Senin") is the nearest such day, today included while the
//!   time is still ahead; "Senin depan" / "next Monday" is the nearest such
//!   day after today. "Minggu depan" is refused: it also means "next week".
//!   A weekday next to a date ("Sabtu, 12 Desember") must match the date.
//! - "tanggal 12" is the next 12th of a month that is not before today.
//! - Hours are 24-hour. pagi/siang/sore/malam and am/pm place an hour in the
//!   day ("jam 2 siang" = 14:00). A one-digit hour from 1 to 6 without them
//!   ("jam 2", "2.30") is refused as ambiguous; "02.00" is 02:00.
//! - A date without a time is refused: a meeting needs its start time.
//!   An open end ("09.00 s/d selesai") is read past; a time range
//!   ("09.00-12.00") is refused, as the end would be lost.
//! - Refused as well: a date not on the calendar (31/2, 29/2/2027) and a
//!   moment more than a year ahead.

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;

use crate::domain::periode::Periode;
use crate::i18n::{Key, Text, weekday_key};

/// Why a typed date and time cannot be used, with a reply that helps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WhenError {
    /// Neither a date nor a time could be read.
    NotUnderstood,
    /// A date without the time the meeting starts.
    NoTime,
    /// A one-digit hour from 1 to 6 without pagi/siang/sore/malam or am/pm.
    AmbiguousHour(u32),
    /// A date that is not on the calendar, such as 31/2 or 29/2/2027.
    NoSuchDate { day: u32, month: u32, year: i32 },
    /// A weekday that does not match the date typed with it.
    WrongWeekday { date: NaiveDate, typed: Weekday },
    /// The moment has already passed.
    Past,
    /// More than a year ahead.
    TooFar,
}

/// Reads a meeting's start as typed in time zone `tz` at `now`.
pub fn parse(text: &str, now: DateTime<Utc>, tz: Tz) -> Result<DateTime<Utc>, WhenError> {
    let reading = Reading::of(&words(text)).ok_or(WhenError::NotUnderstood)?;
    let tz = reading.zone.unwrap_or(tz);
    let Some(clock) = reading.clock else {
        let has_date = reading.date.is_some() || reading.weekday.is_some();
        return Err(if has_date { WhenError::NoTime } else { WhenError::NotUnderstood });
    };
    let time = clock.in_day(reading.part)?;
    let today = now.with_timezone(&tz).date_naive();
    let ahead = |date: NaiveDate| instant(tz, date, time).is_some_and(|at| at > now);
    let date = reading.day(today, ahead)?;
    let at = instant(tz, date, time).ok_or(WhenError::NoSuchDate {
        day: date.day(),
        month: date.month(),
        year: date.year(),
    })?;
    if at <= now {
        Err(WhenError::Past)
    } else if now.checked_add_months(Months::new(12)).is_none_or(|limit| at > limit) {
        Err(WhenError::TooFar)
    } else {
        Ok(at)
    }
}

impl WhenError {
    /// The reply, always with an example of what works.
    pub fn text(&self) -> Text {
        match *self {
            WhenError::NotUnderstood => Text::new(Key::WhenNotUnderstood),
            WhenError::NoTime => Text::new(Key::WhenNoTime),
            WhenError::AmbiguousHour(hour) => {
                Text::new(Key::WhenAmbiguousHour).arg("hour", i64::from(hour)).arg("later", i64::from(hour + 12))
            }
            WhenError::NoSuchDate { day, month, year } => {
                Text::new(Key::WhenNoSuchDate).arg("date", format!("{day}/{month}/{year}"))
            }
            WhenError::WrongWeekday { date, typed } => Text::new(Key::WhenWrongWeekday)
                .arg("date", date.format("%-d/%-m/%Y").to_string())
                .arg("actual", Text::new(weekday_key(date.weekday())))
                .arg("typed", Text::new(weekday_key(typed))),
            WhenError::Past => Text::new(Key::WhenPast),
            WhenError::TooFar => Text::new(Key::WhenTooFar),
        }
    }
}

/// The instant of a local date and time; `None` for a time skipped by a
/// daylight-saving change (never in Indonesia, which has none).
fn instant(tz: Tz, date: NaiveDate, time: NaiveTime) -> Option<DateTime<Utc>> {
    tz.from_local_datetime(&date.and_time(time)).earliest().map(|at| at.with_timezone(&Utc))
}

/// What the words said, before it is placed on the calendar.
#[derive(Debug, Default)]
struct Reading {
    date: Option<DateSpec>,
    /// A weekday, and whether "depan"/"next" was said.
    weekday: Option<(Weekday, bool)>,
    clock: Option<Clock>,
    part: Option<DayPart>,
    zone: Option<Tz>,
}

#[derive(Clone, Copy, Debug)]
enum DateSpec {
    /// Today plus this many days: "hari ini", "besok", "lusa".
    InDays(u64),
    /// "12/12", "12 Des 2026"; without a year, the next such date.
    Date { day: u32, month: u32, year: Option<i32> },
    /// "tanggal 12": the next 12th.
    DayOfMonth(u32),
}

/// A typed clock time, before pagi/siang/am/pm place it in the day.
#[derive(Clone, Copy, Debug)]
struct Clock {
    hour: u32,
    minute: u32,
    /// Written with one digit ("2", "2.30"), so perhaps on a 12-hour clock.
    one_digit: bool,
}

#[derive(Clone, Copy, Debug)]
enum DayPart {
    Pagi,
    Siang,
    Sore,
    Malam,
    Am,
    Pm,
}

/// Words that mark a time: "jam 9", "pukul 14.00", "pkl 9", "at 9".
const TIME_MARKERS: [&str; 4] = ["jam", "pukul", "pkl", "at"];

/// Words that say nothing by themselves: "hari Senin", "tanggal 12 Des".
const FILLERS: [&str; 5] = ["hari", "tanggal", "tgl", "on", "nanti"];

/// Words that join a start to "selesai": "09.00 s/d selesai".
const OPEN_END: [&str; 7] = ["s/d", "s.d", "sd", "sampai", "hingga", "-", "–"];

/// The lower-case words of `text`, with commas, end punctuation and an open
/// end ("s/d selesai") gone, and "9am" split into "9" "am".
fn words(text: &str) -> Vec<String> {
    let text = text.to_lowercase().replace(',', " ").replace("-selesai", " - selesai");
    let mut words = Vec::new();
    for word in text.split_whitespace() {
        let word = word.trim_end_matches(['.', '!', '?', ';']);
        match split_am_pm(word) {
            Some((clock, part)) => words.extend([clock.to_owned(), part.to_owned()]),
            None if !word.is_empty() => words.push(word.to_owned()),
            None => {}
        }
    }
    if let Some(end) = words.iter().position(|w| w == "selesai")
        && end > 0
        && OPEN_END.contains(&words[end - 1].as_str())
    {
        words.drain(end - 1..=end);
    }
    words
}

/// "9am" → ("9", "am"), "2:30pm" → ("2:30", "pm").
fn split_am_pm(word: &str) -> Option<(&str, &str)> {
    ["am", "pm"].into_iter().find_map(|part| {
        let clock = word.strip_suffix(part)?;
        clock.starts_with(|c: char| c.is_ascii_digit()).then_some((clock, part))
    })
}

impl Reading {
    /// Reads every word, or `None` when one is not understood or says a
    /// second date, time, part of the day or zone.
    fn of(words: &[String]) -> Option<Reading> {
        let mut reading = Reading::default();
        let mut rest = words;
        while !rest.is_empty() {
            let used = reading.take(rest)?;
            rest = &rest[used..];
        }
        Some(reading)
    }

    /// Reads what starts at `words[0]`; the number of words used.
    fn take(&mut self, words: &[String]) -> Option<usize> {
        if let Some((date, used)) = date_at(words) {
            return fill(&mut self.date, date).then_some(used);
        }
        if let Some((weekday, used)) = weekday_at(words) {
            return fill(&mut self.weekday, weekday).then_some(used);
        }
        if let Some((clock, used)) = clock_at(words) {
            return fill(&mut self.clock, clock).then_some(used);
        }
        let word = words[0].as_str();
        if let Some(part) = day_part(word) {
            return fill(&mut self.part, part).then_some(1);
        }
        if let Some(zone) = zone_named(word) {
            return fill(&mut self.zone, zone).then_some(1);
        }
        FILLERS.contains(&word).then_some(1)
    }

    /// The local date meant, seen from `today`; `ahead` tells whether the
    /// meeting's time on a date is still to come.
    fn day(&self, today: NaiveDate, ahead: impl Fn(NaiveDate) -> bool) -> Result<NaiveDate, WhenError> {
        let date = match self.date {
            None => match self.weekday {
                Some((weekday, next)) => return Ok(next_weekday(today, weekday, next, ahead)),
                None => today,
            },
            Some(DateSpec::InDays(days)) => today.checked_add_days(Days::new(days)).ok_or(WhenError::TooFar)?,
            Some(DateSpec::Date { day, month, year }) => {
                let year = year.unwrap_or(if (month, day) < (today.month(), today.day()) {
                    today.year() + 1
                } else {
                    today.year()
                });
                NaiveDate::from_ymd_opt(year, month, day).ok_or(WhenError::NoSuchDate { day, month, year })?
            }
            Some(DateSpec::DayOfMonth(day)) => next_day_of_month(today, day).ok_or(WhenError::NoSuchDate {
                day,
                month: today.month(),
                year: today.year(),
            })?,
        };
        match self.weekday {
            Some((typed, _)) if date.weekday() != typed => Err(WhenError::WrongWeekday { date, typed }),
            _ => Ok(date),
        }
    }
}

/// Puts `value` in an empty `slot`; false when it was already filled.
fn fill<T>(slot: &mut Option<T>, value: T) -> bool {
    slot.replace(value).is_none()
}

/// The nearest `weekday` from `today`: today itself only when the time is
/// still ahead and "depan"/"next" was not said.
fn next_weekday(today: NaiveDate, weekday: Weekday, next: bool, ahead: impl Fn(NaiveDate) -> bool) -> NaiveDate {
    let days = (weekday.num_days_from_monday() + 7 - today.weekday().num_days_from_monday()) % 7;
    let days = if days == 0 && (next || !ahead(today)) { 7 } else { days };
    today + Days::new(u64::from(days))
}

/// The first `day` of a month that is not before `today`, within a year.
fn next_day_of_month(today: NaiveDate, day: u32) -> Option<NaiveDate> {
    let first = today.with_day(1)?;
    (0..12)
        .filter_map(|months| first.checked_add_months(Months::new(months))?.with_day(day))
        .find(|date| *date >= today)
}

/// A date starting at `words[0]` and the number of words it takes:
/// "hari ini", "besok", "lusa", "12/12", "12-12-2026", "12.12.2026",
/// "12 Des [2026]", "Dec 12 [2026]", "tanggal 12".
fn date_at(words: &[String]) -> Option<(DateSpec, usize)> {
    let word = |i: usize| words.get(i).map(String::as_str);
    match (word(0)?, word(1)) {
        ("hari", Some("ini")) => return Some((DateSpec::InDays(0), 2)),
        ("today", _) => return Some((DateSpec::InDays(0), 1)),
        ("besok" | "esok" | "tomorrow", _) => return Some((DateSpec::InDays(1), 1)),
        ("lusa", _) => return Some((DateSpec::InDays(2), 1)),
        _ => {}
    }
    if matches!(word(0)?, "tanggal" | "tgl")
        && word(2).and_then(month_named).is_none()
        && let Some(day) = word(1).and_then(day_number)
    {
        return Some((DateSpec::DayOfMonth(day), 2));
    }
    if let Some(date) = numeric_date(word(0)?) {
        return Some((date, 1));
    }
    let (day, month) = match (word(0).and_then(day_number), word(1).and_then(month_named)) {
        (Some(day), Some(month)) => (day, month),
        _ => (word(1).and_then(day_number)?, word(0).and_then(month_named)?),
    };
    let year = word(2).filter(|y| y.len() == 4).and_then(year_number);
    Some((DateSpec::Date { day, month, year }, 2 + usize::from(year.is_some())))
}

/// "12/12", "12-12", "12/12/2026", "12/12/26", "2026-12-12", "12.12.2026"
/// (with dots only with a year: "12.30" is a time).
fn numeric_date(word: &str) -> Option<DateSpec> {
    let slashed = word.contains(['/', '-']);
    let parts: Vec<&str> = if slashed { word.split(['/', '-']).collect() } else { word.split('.').collect() };
    let (day, month, year) = match parts.as_slice() {
        [day, month] if slashed => (day, month, None),
        [year, month, day] if year.len() == 4 => (day, month, Some(year_number(year)?)),
        [day, month, year] => (day, month, Some(year_number(year)?)),
        _ => return None,
    };
    Some(DateSpec::Date { day: day_number(day)?, month: day_number(month)?, year })
}

/// A day or month number: one or two digits.
fn day_number(word: &str) -> Option<u32> {
    (1..=2).contains(&word.len()).then(|| word.parse().ok()).flatten()
}

/// A year of four digits, or two ("26" is 2026).
fn year_number(word: &str) -> Option<i32> {
    let year: i32 = word.parse().ok().filter(|_| word.bytes().all(|b| b.is_ascii_digit()))?;
    match word.len() {
        2 => Some(2000 + year),
        4 => Some(year),
        _ => None,
    }
}

/// A month named in Indonesian or English ("Des", "Desember", "Agt",
/// "Dec"), read as the report month is, so both accept the same words.
fn month_named(word: &str) -> Option<u32> {
    if word.is_empty() || !word.chars().all(char::is_alphabetic) {
        return None;
    }
    let any_current = Periode::new(2000, 12)?;
    Periode::parse(word, any_current).map(Periode::month)
}

/// "Senin", "hari Senin", "Senin depan", "next Monday": the weekday, whether
/// the next one after today is meant, and the number of words.
fn weekday_at(words: &[String]) -> Option<((Weekday, bool), usize)> {
    let word = |i: usize| words.get(i).map(String::as_str);
    let (skip, next) = match word(0)? {
        "hari" => (1, false),
        "next" => (1, true),
        _ => (0, false),
    };
    let weekday = weekday_named(word(skip)?)?;
    let depan = word(skip + 1) == Some("depan");
    // "minggu depan" is "next week" as often as "next Sunday".
    if depan && skip == 0 && word(0) == Some("minggu") {
        return None;
    }
    Some(((weekday, next || depan), skip + 1 + usize::from(depan)))
}

fn weekday_named(word: &str) -> Option<Weekday> {
    Some(match word {
        "senin" | "monday" | "mon" => Weekday::Mon,
        "selasa" | "tuesday" | "tue" | "tues" => Weekday::Tue,
        "rabu" | "wednesday" | "wed" => Weekday::Wed,
        "kamis" | "thursday" | "thu" | "thurs" => Weekday::Thu,
        "jumat" | "jum'at" | "jum’at" | "friday" | "fri" => Weekday::Fri,
        "sabtu" | "saturday" | "sat" => Weekday::Sat,
        "minggu" | "ahad" | "sunday" | "sun" => Weekday::Sun,
        _ => return None,
    })
}

/// A time starting at `words[0]` and the number of words it takes: "14.00",
/// "9:30", "jam 9", "pukul 14.00". A bare number ("9") is a time only after
/// a marker or before a part of the day ("9 pagi", "9 am").
fn clock_at(words: &[String]) -> Option<(Clock, usize)> {
    let marked = TIME_MARKERS.contains(&words[0].as_str());
    let at = usize::from(marked);
    let word = words.get(at)?;
    let clock = clock(word)?;
    let bare = !word.contains([':', '.']);
    let part_follows = words.get(at + 1).is_some_and(|w| day_part(w).is_some());
    (marked || !bare || part_follows).then_some((clock, at + 1))
}

/// "9", "09", "9.30", "09:30".
fn clock(word: &str) -> Option<Clock> {
    let (hour, minute) = match word.split_once([':', '.']) {
        Some((hour, minute)) if minute.len() == 2 => (hour, minute),
        Some(_) => return None,
        None => (word, "00"),
    };
    let digits = |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(hour) || !digits(minute) {
        return None;
    }
    let clock = Clock { hour: hour.parse().ok()?, minute: minute.parse().ok()?, one_digit: hour.len() == 1 };
    (clock.hour <= 23 && clock.minute <= 59).then_some(clock)
}

impl Clock {
    /// The time of day, with the part of the day if one was said.
    fn in_day(self, part: Option<DayPart>) -> Result<NaiveTime, WhenError> {
        let hour = match part {
            Some(part) => part.place(self.hour).ok_or(WhenError::NotUnderstood)?,
            None if self.one_digit && (1..=6).contains(&self.hour) => return Err(WhenError::AmbiguousHour(self.hour)),
            None => self.hour,
        };
        NaiveTime::from_hms_opt(hour, self.minute, 0).ok_or(WhenError::NotUnderstood)
    }
}

fn day_part(word: &str) -> Option<DayPart> {
    Some(match word {
        "pagi" => DayPart::Pagi,
        "siang" => DayPart::Siang,
        "sore" => DayPart::Sore,
        "malam" => DayPart::Malam,
        "am" => DayPart::Am,
        "pm" => DayPart::Pm,
        _ => return None,
    })
}

impl DayPart {
    /// The 24-hour hour that `hour` means in this part of the day, if it
    /// fits: "jam 2 siang" is 14, "jam 7 malam" 19, "jam 9 pagi" 9, "2pm" 14.
    fn place(self, hour: u32) -> Option<u32> {
        let hours = match self {
            DayPart::Am | DayPart::Pm if !(1..=12).contains(&hour) => return None,
            DayPart::Am => return Some(hour % 12),
            DayPart::Pm => return Some(hour % 12 + 12),
            DayPart::Pagi => 0..=11,
            DayPart::Siang => 11..=15,
            DayPart::Sore => 15..=18,
            DayPart::Malam => 18..=23,
        };
        [hour, hour + 12].into_iter().find(|h| hours.contains(h))
    }
}

/// The zone a zone word names.
fn zone_named(word: &str) -> Option<Tz> {
    match word {
        "wib" => Some(Tz::Asia__Jakarta),
        "wita" => Some(Tz::Asia__Makassar),
        "wit" => Some(Tz::Asia__Jayapura),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone, Timelike};
    use proptest::prelude::*;

    use super::*;
    use crate::domain::lang::Lang;
    use crate::i18n::{MONTHS, show_moment as show, zone_name};

    const WITA: Tz = Tz::Asia__Makassar;
    const ZONES: [Tz; 4] = [Tz::Asia__Jakarta, Tz::Asia__Pontianak, Tz::Asia__Makassar, Tz::Asia__Jayapura];

    /// A local date and a local time of day.
    type Ymd = (i32, u32, u32);
    type Hm = (u32, u32);

    fn local(tz: Tz, (year, month, day): Ymd, (hour, minute): Hm) -> DateTime<Utc> {
        tz.with_ymd_and_hms(year, month, day, hour, minute, 0).single().unwrap().with_timezone(&Utc)
    }

    /// Wednesday 2 December 2026, 10:00 WITA.
    fn now() -> DateTime<Utc> {
        local(WITA, (2026, 12, 2), (10, 0))
    }

    fn read(text: &str) -> Result<DateTime<Utc>, WhenError> {
        parse(text, now(), WITA)
    }

    fn check(cases: &[(&str, Ymd, Hm)], now: DateTime<Utc>) {
        for (text, date, time) in cases {
            assert_eq!(parse(text, now, WITA), Ok(local(WITA, *date, *time)), "{text}");
        }
    }

    fn refused(cases: &[(&str, WhenError)], now: DateTime<Utc>) {
        for (text, error) in cases {
            assert_eq!(parse(text, now, WITA), Err(*error), "{text}");
        }
    }

    #[test]
    fn reads_dates_and_times_as_organizers_type_them() {
        check(
            &[
                ("12/12 09.00", (2026, 12, 12), (9, 0)),
                ("12/12/2026 09:00", (2026, 12, 12), (9, 0)),
                ("12-12 9.30", (2026, 12, 12), (9, 30)),
                ("12 Des jam 9", (2026, 12, 12), (9, 0)),
                ("12 Desember 2026 pukul 14.00", (2026, 12, 12), (14, 0)),
                ("besok 14:00", (2026, 12, 3), (14, 0)),
                ("lusa jam 10", (2026, 12, 4), (10, 0)),
                ("hari ini 15.00", (2026, 12, 2), (15, 0)),
                ("Senin 09.00", (2026, 12, 7), (9, 0)),
                ("senin depan jam 9", (2026, 12, 7), (9, 0)),
                ("Rabu 11.00", (2026, 12, 2), (11, 0)),
                ("Rabu 09.00", (2026, 12, 9), (9, 0)),
                ("rabu depan jam 11", (2026, 12, 9), (11, 0)),
                ("hari Jumat jam 13.30", (2026, 12, 4), (13, 30)),
                ("hari minggu depan jam 8", (2026, 12, 6), (8, 0)),
                ("Ahad 08.00", (2026, 12, 6), (8, 0)),
                ("12 Dec 9am", (2026, 12, 12), (9, 0)),
                ("tomorrow 2pm", (2026, 12, 3), (14, 0)),
                ("next monday at 9:30am", (2026, 12, 7), (9, 30)),
                ("Dec 12 2026 at 14:00", (2026, 12, 12), (14, 0)),
                ("today 4pm", (2026, 12, 2), (16, 0)),
                ("jam 2 siang", (2026, 12, 2), (14, 0)),
                ("jam 3 sore", (2026, 12, 2), (15, 0)),
                ("jam 7 malam", (2026, 12, 2), (19, 0)),
                ("14:00", (2026, 12, 2), (14, 0)),
                ("pkl. 14.00", (2026, 12, 2), (14, 0)),
                ("nanti malam jam 7", (2026, 12, 2), (19, 0)),
                ("besok pagi jam 8", (2026, 12, 3), (8, 0)),
                ("12/12/26 09.00", (2026, 12, 12), (9, 0)),
                ("2026-12-12 09.00", (2026, 12, 12), (9, 0)),
                ("12.12.2026 09.00", (2026, 12, 12), (9, 0)),
                ("tanggal 12 jam 9", (2026, 12, 12), (9, 0)),
                ("tgl 1 pukul 08.00", (2027, 1, 1), (8, 0)),
                ("tanggal 12 Des jam 9", (2026, 12, 12), (9, 0)),
                ("12 Agu 10.00", (2027, 8, 12), (10, 0)),
                ("12 Agt 10.00", (2027, 8, 12), (10, 0)),
                ("12 Agustus 10.00", (2027, 8, 12), (10, 0)),
                ("12 Aug 10.00", (2027, 8, 12), (10, 0)),
                ("5 Mei 09.00", (2027, 5, 5), (9, 0)),
                ("5 May 09.00", (2027, 5, 5), (9, 0)),
                ("3 Okt 09.00", (2027, 10, 3), (9, 0)),
                ("3 Oct 09.00", (2027, 10, 3), (9, 0)),
                ("  12/12, 09.00!  ", (2026, 12, 12), (9, 0)),
                ("Sabtu, 12 Desember 2026 pukul 09.00 WITA", (2026, 12, 12), (9, 0)),
                ("Saturday 12 December 2026, 09:00 WITA", (2026, 12, 12), (9, 0)),
                ("Senin, 14 Desember 2026, pukul 09.00 WITA s/d selesai", (2026, 12, 14), (9, 0)),
                ("besok 09.00-selesai", (2026, 12, 3), (9, 0)),
                ("besok jam 9 sampai selesai", (2026, 12, 3), (9, 0)),
            ],
            now(),
        );
    }

    #[test]
    fn day_parts_place_the_hour() {
        for (text, time) in [
            ("besok jam 9 pagi", (9, 0)),
            ("besok jam 11 siang", (11, 0)),
            ("besok jam 12 siang", (12, 0)),
            ("besok jam 1 siang", (13, 0)),
            ("besok jam 2 siang", (14, 0)),
            ("besok jam 3 siang", (15, 0)),
            ("besok jam 3 sore", (15, 0)),
            ("besok jam 4.30 sore", (16, 30)),
            ("besok jam 6 sore", (18, 0)),
            ("besok jam 7 malam", (19, 0)),
            ("besok jam 11 malam", (23, 0)),
            ("besok jam 14 siang", (14, 0)),
            ("besok 19.30 malam", (19, 30)),
            ("besok 9 pagi", (9, 0)),
            ("besok 9am", (9, 0)),
            ("besok 9 am", (9, 0)),
            ("besok 12am", (0, 0)),
            ("besok 12pm", (12, 0)),
            ("besok 2.30pm", (14, 30)),
            ("besok jam 7", (7, 0)),
            ("besok 02.00", (2, 0)),
        ] {
            assert_eq!(read(text), Ok(local(WITA, (2026, 12, 3), time)), "{text}");
        }
        refused(
            &[
                ("besok jam 2", WhenError::AmbiguousHour(2)),
                ("besok 5.30", WhenError::AmbiguousHour(5)),
                ("besok jam 8 siang", WhenError::NotUnderstood),
                ("besok jam 14 pagi", WhenError::NotUnderstood),
                ("besok 13pm", WhenError::NotUnderstood),
                ("besok jam 9 pagi malam", WhenError::NotUnderstood),
            ],
            now(),
        );
    }

    #[test]
    fn a_zone_word_overrides_the_organizers_zone() {
        let utc = |hour| Utc.with_ymd_and_hms(2026, 12, 12, hour, 0, 0).unwrap();
        assert_eq!(read("12/12 09.00 WIB"), Ok(utc(2)));
        assert_eq!(read("12/12 09.00 wita"), Ok(utc(1)));
        assert_eq!(read("12/12 pukul 09.00 WIT"), Ok(utc(0)));
        assert_eq!(parse("12/12 09.00 WITA", now(), Tz::Asia__Jayapura), Ok(utc(1)));
        // 23:30 WIB is already tomorrow in WIT, so "besok" moves with the zone.
        let late = Utc.with_ymd_and_hms(2026, 12, 2, 16, 30, 0).unwrap();
        assert_eq!(parse("besok 09.00", late, Tz::Asia__Jakarta), Ok(local(Tz::Asia__Jakarta, (2026, 12, 3), (9, 0))));
        assert_eq!(
            parse("besok 09.00 WIT", late, Tz::Asia__Jakarta),
            Ok(local(Tz::Asia__Jayapura, (2026, 12, 4), (9, 0)))
        );
        assert_eq!(read("12/12 09.00 WIB WITA"), Err(WhenError::NotUnderstood));
    }

    #[test]
    fn indonesian_zones_have_no_daylight_saving() {
        for (tz, hours) in ZONES.into_iter().zip([7, 7, 8, 9]) {
            let mut day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
            while day.year() < 2028 {
                for hour in [0, 2, 9, 23] {
                    let at = day.and_hms_opt(hour, 30, 0).unwrap();
                    let single = tz.from_local_datetime(&at).single().unwrap();
                    assert_eq!((single.naive_utc() - at).num_hours(), -hours, "{tz} {at}");
                }
                day = day.succ_opt().unwrap();
            }
        }
    }

    #[test]
    fn the_29th_of_february_only_in_leap_years() {
        let june_2027 = local(WITA, (2027, 6, 1), (10, 0));
        check(&[("29/2 09.00", (2028, 2, 29), (9, 0)), ("29/2/2028 09.00", (2028, 2, 29), (9, 0))], june_2027);
        refused(&[("29/2/2027 09.00", WhenError::NoSuchDate { day: 29, month: 2, year: 2027 })], june_2027);
        let january_2027 = local(WITA, (2027, 1, 10), (10, 0));
        refused(&[("29 Feb jam 9", WhenError::NoSuchDate { day: 29, month: 2, year: 2027 })], january_2027);
        let january_2028 = local(WITA, (2028, 1, 10), (10, 0));
        check(&[("29 Februari jam 9", (2028, 2, 29), (9, 0))], january_2028);
    }

    #[test]
    fn a_date_without_a_year_rolls_over_to_next_year() {
        let december_20 = local(WITA, (2026, 12, 20), (10, 0));
        check(
            &[
                ("5/1 09.00", (2027, 1, 5), (9, 0)),
                ("5 Jan jam 9", (2027, 1, 5), (9, 0)),
                ("tanggal 5 jam 9", (2027, 1, 5), (9, 0)),
                ("20/12 11.00", (2026, 12, 20), (11, 0)),
                ("19/12 09.00", (2027, 12, 19), (9, 0)),
            ],
            december_20,
        );
        refused(&[("20/12 09.00", WhenError::Past)], december_20);
    }

    #[test]
    fn refuses_with_the_reason() {
        refused(
            &[
                ("hari ini 09.00", WhenError::Past),
                ("09.00", WhenError::Past),
                ("jam 9 pagi", WhenError::Past),
                ("2/12/2026 09.00", WhenError::Past),
                ("12/12/2025 09.00", WhenError::Past),
                ("12/12/2027 09.00", WhenError::TooFar),
                ("3/12/2027 09.00", WhenError::TooFar),
                ("12/12/2099 09.00", WhenError::TooFar),
                ("12/12", WhenError::NoTime),
                ("besok", WhenError::NoTime),
                ("Senin depan", WhenError::NoTime),
                ("12 Desember 2026", WhenError::NoTime),
                ("besok pagi", WhenError::NoTime),
                ("31/2 09.00", WhenError::NoSuchDate { day: 31, month: 2, year: 2027 }),
                ("31/4/2027 10.00", WhenError::NoSuchDate { day: 31, month: 4, year: 2027 }),
                ("32/1 09.00", WhenError::NoSuchDate { day: 32, month: 1, year: 2027 }),
                ("12/13 09.00", WhenError::NoSuchDate { day: 12, month: 13, year: 2026 }),
                ("", WhenError::NotUnderstood),
                ("rapat", WhenError::NotUnderstood),
                ("kapan-kapan", WhenError::NotUnderstood),
                ("12", WhenError::NotUnderstood),
                ("12 9", WhenError::NotUnderstood),
                ("minggu depan jam 9", WhenError::NotUnderstood),
                ("jam", WhenError::NotUnderstood),
                ("pagi", WhenError::NotUnderstood),
                ("besok lusa 09.00", WhenError::NotUnderstood),
                ("12/12 09.00 10.00", WhenError::NotUnderstood),
                ("besok jam 24", WhenError::NotUnderstood),
                ("besok 9.5", WhenError::NotUnderstood),
                ("besok 9:60", WhenError::NotUnderstood),
                ("besok 09.00 - 12.00", WhenError::NotUnderstood),
                ("besok 09.00-12.00", WhenError::NotUnderstood),
                ("besok 09.00 selesai", WhenError::NotUnderstood),
            ],
            now(),
        );
        assert_eq!(read("2/12/2027 09.00"), Ok(local(WITA, (2027, 12, 2), (9, 0))), "just within a year");
    }

    #[test]
    fn a_weekday_must_match_the_date() {
        let error = read("Senin, 12/12/2026 09.00").unwrap_err();
        assert_eq!(
            error,
            WhenError::WrongWeekday { date: NaiveDate::from_ymd_opt(2026, 12, 12).unwrap(), typed: Weekday::Mon }
        );
        assert!(error.text().render(Lang::Id).contains("12/12/2026 jatuh pada hari Sabtu, bukan Senin"));
    }

    #[test]
    fn every_refusal_gives_an_example() {
        let date = NaiveDate::from_ymd_opt(2026, 12, 12).unwrap();
        for error in [
            WhenError::NotUnderstood,
            WhenError::NoTime,
            WhenError::AmbiguousHour(2),
            WhenError::NoSuchDate { day: 31, month: 2, year: 2027 },
            WhenError::WrongWeekday { date, typed: Weekday::Mon },
            WhenError::Past,
            WhenError::TooFar,
        ] {
            let (id, en) = (error.text().render(Lang::Id), error.text().render(Lang::En));
            assert!(id.contains("Contoh:") && en.contains("Example:"), "{id} / {en}");
        }
        assert!(WhenError::AmbiguousHour(2).text().render(Lang::Id).contains("14.00"));
    }

    #[test]
    fn shows_the_moment_in_the_readers_zone() {
        let at = local(WITA, (2026, 12, 12), (9, 0));
        assert_eq!(show(at, WITA).render(Lang::Id), "Sabtu, 12 Desember 2026 pukul 09.00 WITA");
        assert_eq!(show(at, WITA).render(Lang::En), "Saturday 12 December 2026, 09:00 WITA");
        assert_eq!(show(at, Tz::Asia__Jakarta).render(Lang::Id), "Sabtu, 12 Desember 2026 pukul 08.00 WIB");
        assert_eq!(show(at, Tz::Asia__Pontianak).render(Lang::Id), "Sabtu, 12 Desember 2026 pukul 08.00 WIB");
        assert_eq!(show(at, Tz::Asia__Jayapura).render(Lang::Id), "Sabtu, 12 Desember 2026 pukul 10.00 WIT");
        let midnight = local(Tz::Asia__Jakarta, (2026, 12, 31), (23, 30));
        assert_eq!(show(midnight, Tz::Asia__Jayapura).render(Lang::En), "Friday 1 January 2027, 01:30 WIT");
    }

    /// Minute-aligned moments from 2025 to 2030.
    fn moment() -> impl Strategy<Value = DateTime<Utc>> {
        let start = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
        (0..6 * 365 * 24 * 60i64).prop_map(move |minutes| start + Duration::minutes(minutes))
    }

    /// "jam 2 siang": the hour as said with its part of the day.
    fn spoken(hour: u32) -> (u32, &'static str) {
        match hour {
            0..=10 => (hour, "pagi"),
            11 | 12 => (hour, "siang"),
            13 | 14 => (hour - 12, "siang"),
            15..=17 => (hour - 12, "sore"),
            _ => (hour - 12, "malam"),
        }
    }

    /// Ways an organizer in `local`'s zone could type `local`, seen from `today`.
    fn typings(local: DateTime<Tz>, today: NaiveDate) -> Vec<String> {
        let (d, m, y, h, min) = (local.day(), local.month(), local.year(), local.hour(), local.minute());
        let month = |lang| Text::new(MONTHS[m as usize - 1]).render(lang);
        let weekday = |lang| Text::new(weekday_key(local.weekday())).render(lang);
        let (said, part) = spoken(h);
        let jam = if min == 0 { format!("jam {said} {part}") } else { format!("jam {said}.{min:02} {part}") };
        let (h12, am_pm) = (if h % 12 == 0 { 12 } else { h % 12 }, if h < 12 { "am" } else { "pm" });
        let english: String = month(Lang::En).chars().take(3).collect();
        let mut typed = vec![
            format!("{d:02}/{m:02} {h:02}.{min:02}"),
            format!("{d}/{m}/{y} {h:02}:{min:02}"),
            format!("{d} {} {y} {jam}", month(Lang::Id)),
            format!("{d} {} {jam}", month(Lang::Id).chars().take(3).collect::<String>()),
            format!("{d} {english} {h12}:{min:02}{am_pm}"),
        ];
        let days = (local.date_naive() - today).num_days();
        // Within four weeks, the next such day of a month is this one.
        if days < 28 {
            typed.push(format!("tanggal {d} pukul {h:02}.{min:02}"));
        }
        if days <= 6 {
            let in_days = ["hari ini", "besok", "lusa"];
            typed.extend(in_days.get(days as usize).map(|word| format!("{word} {h:02}.{min:02}")));
            typed.push(format!("{} {h:02}.{min:02}", weekday(Lang::Id)));
            typed.push(format!("{} {h12}:{min:02}{am_pm}", weekday(Lang::En)));
        }
        if (1..=7).contains(&days) {
            typed.push(format!("hari {} depan {jam}", weekday(Lang::Id)));
            typed.push(format!("next {} {h12}:{min:02} {am_pm}", weekday(Lang::En)));
        }
        typed
    }

    /// Texts made of words the reader knows, in any order.
    fn word_soup() -> impl Strategy<Value = String> {
        let vocabulary = vec![
            "12/12",
            "31/2",
            "29/2",
            "0/0",
            "99/99/9999",
            "2026-12-12",
            "12.12.2026",
            "besok",
            "lusa",
            "hari",
            "ini",
            "jam",
            "pukul",
            "at",
            "9",
            "2",
            "12",
            "0",
            "23",
            "24",
            "14.00",
            "9.30",
            "02.00",
            "pagi",
            "siang",
            "sore",
            "malam",
            "am",
            "pm",
            "9am",
            "12pm",
            "wib",
            "wita",
            "wit",
            "senin",
            "minggu",
            "depan",
            "next",
            "des",
            "mei",
            "2026",
            "2099",
            "tanggal",
            "31",
            ",",
            "today",
        ];
        prop::collection::vec(prop::sample::select(vocabulary), 0..8).prop_map(|words| words.join(" "))
    }

    proptest! {
        /// A moment typed in any of the usual ways reads back as that
        /// moment, and is shown with the same local date and time.
        #[test]
        fn typed_moments_read_back(now in moment(), ahead in prop_oneof![1..3 * 24 * 60i64, 1..360 * 24 * 60i64], tz in prop::sample::select(ZONES.to_vec())) {
            let at = now + Duration::minutes(ahead);
            let local = at.with_timezone(&tz);
            let today = now.with_timezone(&tz).date_naive();
            let mut typed = typings(local, today);
            typed.push(show(at, tz).render(Lang::Id));
            typed.push(show(at, tz).render(Lang::En));
            for text in &typed {
                prop_assert_eq!(parse(text, now, tz), Ok(at), "{}", text);
            }
            let zoned = format!("{} {}", typed[1], zone_name(local));
            prop_assert_eq!(parse(&zoned, now, Tz::UTC), Ok(at), "{}", zoned);
            let month = Text::new(MONTHS[local.month0() as usize]).render(Lang::Id);
            let (d, y, h, min) = (local.day(), local.year(), local.hour(), local.minute());
            let shown = show(at, tz).render(Lang::Id);
            prop_assert!(shown.contains(&format!(" {d} {month} {y} pukul {h:02}.{min:02} ")), "{}", shown);
        }

        /// Text without digits, or digits alone, is refused with an example.
        #[test]
        fn nonsense_is_refused_with_an_example(text in "[^0-9]{0,40}|[0-9 ]{0,30}", now in moment()) {
            let error = parse(&text, now, WITA).unwrap_err();
            prop_assert!(error.text().render(Lang::Id).contains("Contoh"));
        }

        /// Known words in any order: either a moment within the next year,
        /// or a refusal with an example.
        #[test]
        fn known_words_in_any_order_read_safely(text in word_soup(), now in moment()) {
            match parse(&text, now, WITA) {
                Ok(at) => prop_assert!(at > now && at <= now.checked_add_months(Months::new(12)).unwrap(), "{}", text),
                Err(error) => prop_assert!(error.text().render(Lang::Id).contains("Contoh")),
            }
        }

        #[test]
        fn never_panics(text in "\\PC{0,100}") {
            let _ = parse(&text, now(), WITA);
        }
    }
}
