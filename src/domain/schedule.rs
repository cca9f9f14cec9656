//! When the monthly reporting cycle speaks up on its own: the days of the
//! reporting window on which kader whose report is missing are reminded,
//! the Mondays of the officials' completeness update, and the day of the
//! month's digest, each as a UTC moment in one time zone. Pure: the store
//! schedules these moments as jobs (`jobs::cycle`).
//!
//! The reporting window of a periode is the month after it, from the 1st
//! to the due day (`REPORT_DUE_DAY`): October's reports are due by 5
//! November.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::local_time::at_local;
use super::periode::Periode;

/// The time zones the cycle runs in: every zone the region list gives a
/// province (`region::province_time_zone`).
/// A moment this late (the bot was down) is dropped: a morning reminder
/// may still come before noon, never in the evening or days later.
pub const GRACE: Duration = Duration::hours(4);

/// What a moment's job carries.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CycleJob {
    /// The month reported on.
    pub periode: Periode,
    pub sending: Sending,
    /// The local date of the moment.
    pub date: NaiveDate,
    /// The zone it is for (IANA name).
    pub time_zone: String,
}

pub const ZONES: [Tz; 4] = [Tz::Asia__Jakarta, Tz::Asia__Pontianak, Tz::Asia__Makassar, Tz::Asia__Jayapura];

/// A day of the reporting window on which kader are reminded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReminderDay {
    /// This day of the month (`3`: the 3rd).
    Of(u32),
    /// This many days before the due day (`-1`: the day before it).
    BeforeDue(u32),
}

impl ReminderDay {
    /// Reads `1,3,-1` (spaces forgiven); `None` if any part is not a
    /// number, is 0, or the list is empty.
    pub fn parse_list(text: &str) -> Option<Vec<ReminderDay>> {
        let days = text
            .split(',')
            .map(|part| match part.trim().parse::<i64>().ok()? {
                0 => None,
                n if n > 0 => Some(ReminderDay::Of(u32::try_from(n).ok()?)),
                n => Some(ReminderDay::BeforeDue(u32::try_from(-n).ok()?)),
            })
            .collect::<Option<Vec<_>>>()?;
        (!days.is_empty()).then_some(days)
    }

    /// The day of the month it falls on, if that lies in the window 1 ..= `due_day`.
    pub fn day(self, due_day: u32) -> Option<u32> {
        let day = match self {
            ReminderDay::Of(day) => day,
            ReminderDay::BeforeDue(before) => due_day.checked_sub(before)?,
        };
        (1..=due_day).contains(&day).then_some(day)
    }
}

/// What the cycle sends at a moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sending {
    /// To kader of posyandu whose report of the periode is missing.
    Reminder,
    /// To officials: who has reported so far (each Monday of the window).
    Weekly,
    /// To officials: the periode's digest (the day after the due day).
    Monthly,
}

impl Sending {
    pub fn as_str(self) -> &'static str {
        match self {
            Sending::Reminder => "reminder",
            Sending::Weekly => "weekly",
            Sending::Monthly => "monthly",
        }
    }
}

/// A scheduled digest an official can turn off and on (`/langganan`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, strum::EnumIter)]
#[serde(rename_all = "kebab-case")]
pub enum Subscription {
    /// The completeness update each Monday of the reporting window.
    Weekly,
    /// The month's digest the day after the due day.
    Monthly,
}

impl Subscription {
    pub fn as_str(self) -> &'static str {
        self.sending().as_str()
    }

    pub fn from_name(name: &str) -> Option<Subscription> {
        match name {
            "weekly" => Some(Subscription::Weekly),
            "monthly" => Some(Subscription::Monthly),
            _ => None,
        }
    }

    pub fn sending(self) -> Sending {
        match self {
            Subscription::Weekly => Sending::Weekly,
            Subscription::Monthly => Sending::Monthly,
        }
    }
}

/// The cycle's settings.
#[derive(Clone, Debug, PartialEq)]
pub struct Schedule {
    /// `REPORT_REMINDER_DAYS`.
    pub reminder_days: Vec<ReminderDay>,
    /// `REPORT_REMINDER_HOUR`: the local hour of the kader's reminders.
    pub reminder_hour: u32,
    /// `DIGEST_HOUR`: the local hour of the officials' update and digest.
    pub digest_hour: u32,
}

impl Default for Schedule {
    fn default() -> Schedule {
        Schedule {
            reminder_days: vec![ReminderDay::Of(1), ReminderDay::Of(3), ReminderDay::BeforeDue(1)],
            reminder_hour: 8,
            digest_hour: 8,
        }
    }
}

/// One moment of the cycle in one zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Moment {
    pub sending: Sending,
    /// The local date it is for.
    pub date: NaiveDate,
    pub at: DateTime<Utc>,
}

impl Schedule {
    /// Every moment of `periode`'s reporting window in `tz`, in time order:
    /// the reminders, the Mondays' updates, the digest.
    pub fn moments(&self, periode: Periode, due_day: u32, tz: Tz) -> Vec<Moment> {
        let moment = |sending, date: NaiveDate, hour| {
            let at = at_local(date, NaiveTime::from_hms_opt(hour, 0, 0).expect("an hour 0-23"), tz);
            Moment { sending, date, at }
        };
        let mut moments: Vec<Moment> = reminder_dates(&self.reminder_days, periode, due_day)
            .into_iter()
            .map(|date| moment(Sending::Reminder, date, self.reminder_hour))
            .chain(
                weekly_dates(periode, due_day).into_iter().map(|date| moment(Sending::Weekly, date, self.digest_hour)),
            )
            .chain([moment(Sending::Monthly, digest_date(periode, due_day), self.digest_hour)])
            .collect();
        moments.sort_by_key(|m| (m.at, m.sending.as_str()));
        moments
    }
}

/// The first day of the month after `periode`: where its window opens.
pub fn window_start(periode: Periode) -> NaiveDate {
    let first = NaiveDate::from_ymd_opt(periode.year(), periode.month(), 1).expect("a valid month");
    first + chrono::Months::new(1)
}

/// The due date of `periode`'s report: `due_day` of the next month (its
/// last day if the month is shorter).
pub fn due_date(periode: Periode, due_day: u32) -> NaiveDate {
    let start = window_start(periode);
    let last = (start + chrono::Months::new(1)).pred_opt().expect("a valid date").day();
    start.with_day(due_day.clamp(1, last)).expect("clamped to the month")
}

/// The distinct dates of the window the reminder days name, in order.
pub fn reminder_dates(days: &[ReminderDay], periode: Periode, due_day: u32) -> Vec<NaiveDate> {
    let due = due_date(periode, due_day);
    let mut dates: Vec<NaiveDate> =
        days.iter().filter_map(|d| d.day(due.day())).filter_map(|day| due.with_day(day)).collect();
    dates.sort();
    dates.dedup();
    dates
}

/// The Mondays from the window's first day to the due day.
pub fn weekly_dates(periode: Periode, due_day: u32) -> Vec<NaiveDate> {
    let (start, due) = (window_start(periode), due_date(periode, due_day));
    start.iter_days().take_while(|d| *d <= due).filter(|d| d.weekday() == Weekday::Mon).collect()
}

/// The day of the month's digest: the day after the due day.
pub fn digest_date(periode: Periode, due_day: u32) -> NaiveDate {
    due_date(periode, due_day) + Duration::days(1)
}

/// The month after `periode`.
pub fn next_periode(periode: Periode) -> Periode {
    let start = window_start(periode);
    Periode::new(start.year(), start.month()).expect("a valid month")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn periode(text: &str) -> Periode {
        Periode::try_from(text.to_owned()).unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn utc(rfc3339: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(rfc3339).unwrap().to_utc()
    }

    #[test]
    fn reminder_days_read_from_the_setting() {
        use ReminderDay::*;
        assert_eq!(ReminderDay::parse_list("1,3,-1"), Some(vec![Of(1), Of(3), BeforeDue(1)]));
        assert_eq!(ReminderDay::parse_list(" 2 , -2 "), Some(vec![Of(2), BeforeDue(2)]));
        assert_eq!(ReminderDay::parse_list("1,0"), None);
        assert_eq!(ReminderDay::parse_list("1,,3"), None);
        assert_eq!(ReminderDay::parse_list("senin"), None);
        assert_eq!(ReminderDay::parse_list(""), None);
    }

    #[test]
    fn reminders_fall_on_the_named_days_of_the_window_once_each() {
        let days = Schedule::default().reminder_days;
        let october = periode("2026-10");
        assert_eq!(reminder_dates(&days, october, 5), [date(2026, 11, 1), date(2026, 11, 3), date(2026, 11, 4)]);
        // Due on the 4th: the day before it is the 3rd, named once.
        assert_eq!(reminder_dates(&days, october, 4), [date(2026, 11, 1), date(2026, 11, 3)]);
        // Due on the 1st: nothing before it; the 3rd is after the due day.
        assert_eq!(reminder_dates(&days, october, 1), [date(2026, 11, 1)]);
        // December's window is in January of the next year.
        assert_eq!(reminder_dates(&days, periode("2026-12"), 5)[0], date(2027, 1, 1));
    }

    #[test]
    fn weekly_updates_fall_on_the_mondays_until_the_due_day() {
        // 2 November 2026 is a Monday; 1–5 December 2026 has none; 4 January 2027 is one.
        assert_eq!(weekly_dates(periode("2026-10"), 5), [date(2026, 11, 2)]);
        assert_eq!(weekly_dates(periode("2026-11"), 5), Vec::<NaiveDate>::new());
        assert_eq!(weekly_dates(periode("2026-12"), 5), [date(2027, 1, 4)]);
        assert_eq!(weekly_dates(periode("2026-10"), 20), [2, 9, 16].map(|d| date(2026, 11, d)));
        // The due day itself counts: due on Monday 2 November.
        assert_eq!(weekly_dates(periode("2026-10"), 2), [date(2026, 11, 2)]);
    }

    #[test]
    fn the_digest_comes_the_day_after_the_due_day_even_in_a_short_month() {
        assert_eq!(digest_date(periode("2026-10"), 5), date(2026, 11, 6));
        assert_eq!(due_date(periode("2027-01"), 28), date(2027, 2, 28));
        assert_eq!(digest_date(periode("2027-01"), 28), date(2027, 3, 1));
        assert_eq!(next_periode(periode("2026-12")), periode("2027-01"));
    }

    #[test]
    fn each_zone_has_its_own_utc_moments_at_the_local_hour() {
        let schedule = Schedule { digest_hour: 7, ..Schedule::default() };
        let october = periode("2026-10");
        let wita = schedule.moments(october, 5, Tz::Asia__Makassar);
        let shown: Vec<(Sending, DateTime<Utc>)> = wita.iter().map(|m| (m.sending, m.at)).collect();
        assert_eq!(
            shown,
            [
                (Sending::Reminder, utc("2026-11-01T00:00:00Z")),
                (Sending::Weekly, utc("2026-11-01T23:00:00Z")),
                (Sending::Reminder, utc("2026-11-03T00:00:00Z")),
                (Sending::Reminder, utc("2026-11-04T00:00:00Z")),
                (Sending::Monthly, utc("2026-11-05T23:00:00Z")),
            ]
        );
        assert_eq!(wita[1].date, date(2026, 11, 2), "the local date, not the UTC one");
        let wib = schedule.moments(october, 5, Tz::Asia__Pontianak);
        assert_eq!(wib[0].at, utc("2026-11-01T01:00:00Z"));
        let wit = schedule.moments(october, 5, Tz::Asia__Jayapura);
        assert_eq!(wit[0].at, utc("2026-10-31T23:00:00Z"), "08:00 WIT is the evening before in UTC");
    }
}
