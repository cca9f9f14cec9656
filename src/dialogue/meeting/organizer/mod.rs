//! Meetings as their organizer follows them. `/rapat` lists the upcoming
//! ones (and those of the last two weeks) with their tallies and, per
//! meeting, buttons for the names of those who have not answered or could
//! not be reached, a change of time or place and a cancellation ([`change`]),
//! and once it has started the attendance list ([`attendance`]). The live
//! status message the organizer gets when the invitations go out is
//! rendered here too ([`status`]); the shell keeps it up to date.
//!
//! Buttons carry a meeting id; the shell loads a meeting only for the
//! person who organized it, so a forged id shows nothing and changes
//! nothing. The buttons that only show something work at any point (the
//! current question follows, so nothing typed is lost); those that start a
//! change wait until the current flow is finished or cancelled.

pub mod attendance;
pub mod change;

use crate::dialogue::rsvp::kind_text;
use crate::dialogue::{Context, Conversation, Flow, Step};
use crate::domain::invitation::Tally;
use crate::domain::meeting::Meeting;
use crate::domain::organizer::{Missing, Organized};
use crate::i18n::{Key, Text};
use crate::reply::{Button, Reply, Tap};

pub use change::Manage;

/// How many names one page of those not answered shows.
pub const UNREACHED_PAGE: i64 = 20;

/// The `/rapat` list: one message per meeting, then "Rapat baru".
pub fn list(conversation: Conversation, ctx: &Context) -> Step {
    let Some((listed, more)) = ctx.organized() else { return Step::to(conversation) };
    let mut step = Step::to(conversation);
    for organized in listed {
        step = step.reply(listed_meeting(organized, ctx));
    }
    let closing = match more {
        0 => Text::new(Key::MeetingListNew),
        more => Text::new(Key::MeetingListMore).arg("more", *more),
    };
    step.reply(Reply::new(closing).row([Button::new(Key::BtnNewMeeting, Tap::NewMeeting)])).reprompt(ctx)
}

fn listed_meeting(organized: &Organized, ctx: &Context) -> Reply {
    let Organized { meeting, tally } = organized;
    let m = &meeting.details;
    let started = ctx.now >= m.starts_at;
    let text = Text::new(if started { Key::MeetingListedPast } else { Key::MeetingListed })
        .arg("kind", kind_text(m.kind))
        .arg("title", m.title.as_str())
        .arg("when", m.starts_at)
        .arg("place", m.place.as_str())
        .arg("tally", tally_lines(tally));
    let reply = Reply::new(text);
    let unreached = Button::new(Key::BtnUnreached, Tap::Unreached(meeting.id));
    if started {
        reply.row([Button::new(Key::BtnAttendance, Tap::Attendance(meeting.id))])
    } else {
        reply.row([unreached]).row([
            Button::new(Key::BtnChangeMeeting, Tap::ChangeMeeting(meeting.id)),
            Button::new(Key::BtnCancelMeeting, Tap::CancelMeeting(meeting.id)),
        ])
    }
}

/// "Terkirim 312/450 · Hadir 120 · …", then who could not be reached or
/// whose invitation failed, when any.
pub fn tally_lines(tally: &Tally) -> Vec<Text> {
    let mut lines = vec![
        Text::new(Key::MeetingTally)
            .arg("sent", tally.sent)
            .arg("total", tally.total)
            .arg("yes", tally.yes)
            .arg("no", tally.no)
            .arg("delegate", tally.delegate)
            .arg("unanswered", tally.unanswered),
    ];
    if tally.unreachable > 0 {
        lines.push(Text::new(Key::MeetingTallyUnreachable).arg("count", tally.unreachable));
    }
    if tally.failed > 0 {
        lines.push(Text::new(Key::MeetingTallyFailed).arg("count", tally.failed));
    }
    lines
}

/// The organizer's status message of a meeting: its tally as it stands.
pub fn status(meeting: &Meeting, tally: &Tally) -> Reply {
    let mut lines = tally_lines(tally);
    if meeting.cancelled {
        lines.push(Text::new(Key::MeetingStatusCancelled));
    }
    let text = Text::new(Key::MeetingStatus)
        .arg("title", meeting.details.title.as_str())
        .arg("when", meeting.details.starts_at)
        .arg("tally", lines);
    Reply::new(text).row([Button::new(Key::BtnUnreached, Tap::Unreached(meeting.id))])
}

/// A button about one of the organizer's meetings, pressed at any point.
pub fn on_tap(conversation: Conversation, tap: Tap, ctx: &Context) -> Step {
    match tap {
        Tap::ChangeMeeting(id) | Tap::CancelMeeting(id) if conversation.flow == Flow::Idle => {
            change::start(conversation, id, tap == Tap::CancelMeeting(id), ctx)
        }
        Tap::NewMeeting | Tap::ChangeMeeting(_) | Tap::CancelMeeting(_) => {
            Step::to(conversation).reply(Key::MeetingFinishFirst).reprompt(ctx)
        }
        Tap::Unreached(id) => unreached(conversation, id, 0, None, ctx),
        Tap::UnreachedPage(id, offset) => unreached(conversation, id, offset, ctx.tapped.clone(), ctx),
        Tap::Attendance(id) => attendance::open(conversation, id, ctx),
        Tap::AttendancePage(id, offset) => attendance::page(conversation, id, offset, ctx),
        Tap::Came(id, person, offset) => attendance::toggle(conversation, id, person, offset, ctx),
        _ => Step::to(conversation).reply(Key::ButtonExpired).reprompt(ctx),
    }
}

/// Whether a tap is one [`on_tap`] handles.
pub fn handles(tap: &Tap) -> bool {
    matches!(
        tap,
        Tap::NewMeeting
            | Tap::ChangeMeeting(_)
            | Tap::CancelMeeting(_)
            | Tap::Unreached(_)
            | Tap::UnreachedPage(..)
            | Tap::Attendance(_)
            | Tap::AttendancePage(..)
            | Tap::Came(..)
    )
}

/// A page of the invitees who have not answered or could not be reached;
/// `edits` replaces the page the tap came from.
fn unreached(conversation: Conversation, id: i64, offset: i64, edits: Option<String>, ctx: &Context) -> Step {
    let Some(found) = ctx.unreached(id, offset) else { return Step::to(conversation) };
    let Some(page) = found else { return not_yours(conversation, ctx) };
    let title = page.meeting.details.title.as_str();
    let mut reply = if page.total == 0 {
        Reply::new(Text::new(Key::MeetingUnreachedNone).arg("title", title))
    } else {
        let people: Vec<Text> = page
            .people
            .iter()
            .zip(page.offset + 1..)
            .map(|((name, role, why), number)| {
                Text::new(Key::MeetingUnreachedLine)
                    .arg("number", number)
                    .arg("name", name.as_str())
                    .arg("role", role.as_str())
                    .arg("why", why_text(*why))
            })
            .collect();
        let text = Text::new(Key::MeetingUnreached).arg("title", title).arg("total", page.total).arg("people", people);
        Reply::new(text)
    };
    let pages = pager(page.offset, page.total, UNREACHED_PAGE, |offset| Tap::UnreachedPage(id, offset));
    if !pages.is_empty() {
        reply = reply.row(pages);
    }
    if let Some(message) = edits {
        reply = reply.editing(message);
    }
    Step::to(conversation).reply(reply).reprompt(ctx)
}

fn why_text(why: Missing) -> Text {
    Text::new(match why {
        Missing::Unanswered => Key::MeetingWhyUnanswered,
        Missing::Unreachable => Key::MeetingWhyUnreachable,
        Missing::Failed => Key::MeetingWhyFailed,
    })
}

/// "⬅️ Sebelumnya" / "Berikutnya ➡️" for a list of `total` shown `size` at a time.
fn pager(offset: i64, total: i64, size: i64, tap: impl Fn(i64) -> Tap) -> Vec<Button> {
    let mut buttons = Vec::new();
    if offset > 0 {
        buttons.push(Button::new(Key::BtnPreviousPage, tap((offset - size).max(0))));
    }
    if offset + size < total {
        buttons.push(Button::new(Key::BtnNextPage, tap(offset + size)));
    }
    buttons
}

/// The meeting is not this person's (or no longer exists).
fn not_yours(conversation: Conversation, ctx: &Context) -> Step {
    Step::to(conversation).reply(Key::MeetingNotYours).reprompt(ctx)
}

#[cfg(test)]
mod tests;
