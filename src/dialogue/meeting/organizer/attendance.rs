//! Who came to a meeting: after its start the organizer opens a list of
//! the invitees as buttons (✅ came, ▫️ did not), first filled from their
//! answers (Hadir and Diwakilkan came). A press records the change at once
//! and shows the page again in place of the old one, so the chat does not
//! fill up. The CLI export carries the result.

use crate::dialogue::{Context, Conversation, Effect, Step};

use super::{not_yours, pager};
use crate::i18n::{Key, Text};
use crate::reply::{Button, Reply, Tap};

/// How many invitees one page lists (one button each).
pub const PAGE: i64 = 8;

/// "Catat kehadiran": the first page, attendance filled from the answers.
pub fn open(conversation: Conversation, meeting_id: i64, ctx: &Context) -> Step {
    let step = show(conversation, meeting_id, 0, None, false, ctx);
    if step.replies.iter().any(|r| r.buttons.iter().flatten().any(|b| matches!(b.tap, Tap::Came(..)))) {
        step.effect(Effect::FillAttendance { meeting_id })
    } else {
        step
    }
}

/// Another page, in place of the one tapped.
pub fn page(conversation: Conversation, meeting_id: i64, offset: i64, ctx: &Context) -> Step {
    show(conversation, meeting_id, offset, None, true, ctx)
}

/// A name pressed: records the opposite and shows the page again in place.
pub fn toggle(conversation: Conversation, meeting_id: i64, person_id: i64, offset: i64, ctx: &Context) -> Step {
    let came = match ctx.attendance(meeting_id, offset) {
        None => return Step::to(conversation),
        Some(None) => return not_yours(conversation, ctx),
        Some(Some((_, attendees, _))) => attendees.iter().find(|a| a.person_id == person_id).map(|a| a.came),
    };
    let Some(came) = came else { return Step::to(conversation).reply(Key::ButtonExpired).reprompt(ctx) };
    show(conversation, meeting_id, offset, Some((person_id, !came)), true, ctx).effect(Effect::SetAttended {
        meeting_id,
        person_id,
        came: !came,
    })
}

/// The page at `offset`, with `changed` applied (it is saved with this
/// step); `in_place` replaces the tapped message.
fn show(
    conversation: Conversation,
    meeting_id: i64,
    offset: i64,
    changed: Option<(i64, bool)>,
    in_place: bool,
    ctx: &Context,
) -> Step {
    let (meeting, attendees, total) = match ctx.attendance(meeting_id, offset) {
        None => return Step::to(conversation),
        Some(None) => return not_yours(conversation, ctx),
        Some(Some(found)) => found,
    };
    let m = &meeting.details;
    if ctx.now < m.starts_at {
        let text = Text::new(Key::AttendanceNotYet).arg("title", m.title.as_str()).arg("when", m.starts_at);
        return Step::to(conversation).reply(text).reprompt(ctx);
    }
    let came = |id: i64, recorded: bool| changed.filter(|(p, _)| *p == id).map_or(recorded, |(_, c)| c);
    let text = Text::new(Key::AttendanceList)
        .arg("title", m.title.as_str())
        .arg("when", m.starts_at)
        .arg("from", (offset + 1).min(*total))
        .arg("to", (offset + attendees.len() as i64).min(*total))
        .arg("total", *total);
    let mut reply = Reply::new(text);
    for attendee in attendees {
        let key = if came(attendee.person_id, attendee.came) { Key::BtnToggleOn } else { Key::BtnToggleOff };
        let label = Text::new(key).arg("label", attendee.name.as_str());
        reply = reply.row([Button::new(label, Tap::Came(meeting_id, attendee.person_id, offset))]);
    }
    let pages = pager(offset, *total, PAGE, |offset| Tap::AttendancePage(meeting_id, offset));
    if !pages.is_empty() {
        reply = reply.row(pages);
    }
    if let Some(message) = ctx.tapped.as_ref().filter(|_| in_place) {
        reply = reply.editing(message.clone());
    }
    Step::to(conversation).reply(reply).reprompt(ctx)
}
