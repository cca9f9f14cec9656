//! The messages the reporting cycle sends on its own (`jobs::cycle`):
//! the kader's reminder, the official's weekly completeness update, and
//! the month's digest as `/rekap` shows it, followed for a kecamatan or a
//! desa by the posyandu still missing. Replies as data; the outbox renders
//! them in each reader's language.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use super::digest::text;
use super::report::periode_text;
use crate::domain::digest::{AreaDigest, PosyanduRef, Settings, Totals, Unit};
use crate::domain::lang::Lang;
use crate::domain::periode::Periode;
use crate::i18n::{Arg, Key, MONTHS, Text};
use crate::reply::report_button;
use crate::reply::{Button, Reply, Tap};

/// "5 November": a day of a month.
pub fn date_text(date: NaiveDate) -> Text {
    Text::new(Key::CycleDate).arg("day", i64::from(date.day())).arg("month", Text::new(MONTHS[date.month0() as usize]))
}

/// The kader's reminder that `periode`'s report is not in yet, due on `due`.
pub fn reminder(periode: Periode, due: NaiveDate) -> Reply {
    let text = Text::new(Key::CycleReminder).arg("month", periode_text(periode)).arg("due", date_text(due));
    Reply::new(text).row([report_button()])
}

/// The reminder to a kader whose posyandu sent some sections of the
/// month but not all: `/lapor` shows which are missing.
pub fn reminder_incomplete(periode: Periode, due: NaiveDate) -> Reply {
    let text = Text::new(Key::CycleReminderIncomplete).arg("month", periode_text(periode)).arg("due", date_text(due));
    Reply::new(text).row([report_button()])
}

/// The weekly update: who of the area has reported the month so far,
/// with the buttons to those missing and to the full digest.
pub fn completeness(d: &AreaDigest, due: NaiveDate) -> Reply {
    let c = &d.this_month.completeness;
    let text = Text::new(Key::CycleWeekly)
        .arg("month", periode_text(d.periode))
        .arg("area", text::area_name(&d.area))
        .arg("reported", Arg::Count(c.reported))
        .arg("expected", Arg::Count(c.expected))
        .arg("rate", Arg::Percent(c.rate()))
        .arg("missing", Arg::Count(c.missing()))
        .arg("due", date_text(due));
    let mut reply = Reply::new(text);
    if let Unit::Region { code, .. } = &d.area {
        let mut row = Vec::new();
        if d.missing() > 0 {
            let label = Text::new(Key::BtnDigestMissing).arg("count", Arg::Count(d.missing()));
            row.push(Button::new(label, Tap::DigestMissing(code.clone(), d.periode, 0)));
        }
        row.push(Button::new(Key::BtnCycleDigest, Tap::Digest(code.clone(), d.periode)));
        reply = reply.row(row);
    }
    reply
}

/// The month's digest for the official of its area as of `now`, in `lang`
/// (the charts' labels), and the first page of the posyandu still missing
/// when given.
pub fn monthly(
    d: &AreaDigest,
    trend: &[(Periode, Totals)],
    missing: Option<&(Vec<PosyanduRef>, i64)>,
    settings: &Settings,
    now: DateTime<Utc>,
    lang: Lang,
) -> Vec<Reply> {
    let shown = text::Shown { settings, now, zone: text::zone_of(&d.area) };
    let mut replies = text::digest(d, trend, true, &shown, lang);
    if let (Some(page), Unit::Region { code, .. }) = (missing, &d.area) {
        replies.push(text::missing(code, d.periode, 0, page));
    }
    replies
}
