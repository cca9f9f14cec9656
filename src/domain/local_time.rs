//! Local wall-clock times → UTC instants: "Tuesday 08:00 in Luwu Timur" is
//! stored and scheduled as a UTC moment. For turning a UTC moment back into
//! a local date or month, chrono's `with_timezone` is enough.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveTime, Offset, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;

/// The UTC instant at which clocks in `tz` show `date` `time`.
///
/// Indonesia has no daylight saving time, so every local time exists once.
/// Elsewhere, a time shown twice (clocks turned back) is the first one, and
/// a time skipped (clocks turned forward) is read at the offset before the
/// jump, so it lands as far after the jump as it was into the gap.
pub fn at_local(date: NaiveDate, time: NaiveTime, tz: Tz) -> DateTime<Utc> {
    let local = date.and_time(time);
    match tz.from_local_datetime(&local) {
        LocalResult::Single(at) => at.to_utc(),
        LocalResult::Ambiguous(first, _) => first.to_utc(),
        LocalResult::None => {
            let before = tz.offset_from_utc_datetime(&(local - TimeDelta::days(1))).fix();
            (local - TimeDelta::seconds(before.local_minus_utc().into())).and_utc()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn time(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn utc(rfc3339: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(rfc3339).unwrap().to_utc()
    }

    #[test]
    fn indonesian_local_times_are_7_8_and_9_hours_ahead_of_utc() {
        let (day, eight) = (date(2026, 11, 17), time(8, 0));
        assert_eq!(at_local(day, eight, Tz::Asia__Jakarta), utc("2026-11-17T01:00:00Z"), "WIB");
        assert_eq!(at_local(day, eight, Tz::Asia__Pontianak), utc("2026-11-17T01:00:00Z"), "WIB, Kalbar");
        assert_eq!(at_local(day, eight, Tz::Asia__Makassar), utc("2026-11-17T00:00:00Z"), "WITA");
        assert_eq!(at_local(day, eight, Tz::Asia__Jayapura), utc("2026-11-16T23:00:00Z"), "WIT: the day before in UTC");
    }

    #[test]
    fn early_morning_local_times_fall_on_the_previous_utc_day() {
        assert_eq!(at_local(date(2027, 1, 1), time(6, 30), Tz::Asia__Jakarta), utc("2026-12-31T23:30:00Z"));
    }

    #[test]
    fn a_local_time_shown_twice_is_the_first_and_a_skipped_one_lands_after_the_jump() {
        // Berlin turns clocks back from 03:00 to 02:00 on 25 October 2026.
        assert_eq!(at_local(date(2026, 10, 25), time(2, 30), Tz::Europe__Berlin), utc("2026-10-25T00:30:00Z"));
        // And forward from 02:00 to 03:00 on 29 March 2026: 02:30 is 03:30 CEST.
        assert_eq!(at_local(date(2026, 3, 29), time(2, 30), Tz::Europe__Berlin), utc("2026-03-29T01:30:00Z"));
    }
}
