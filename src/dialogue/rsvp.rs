//! Meetings as an invitee meets them: every message they get about one
//! (the invitation with its answer buttons, the calendar file, reminders,
//! change and cancellation notices) and the answer step.
//!
//! An answer (`Tap::Rsvp`) is taken at any point of any conversation, like
//! the "Lapor bulanan" button: the step reads the invitation through
//! [`Context::invitation`], answers with [`Effect::Answer`] and a thank-you
//! that offers the other answers (the tapped message loses its buttons), and
//! asks the current question again, so a half-filled report is never lost.
//! Pure, like the rest of the dialogue: the store writes these messages to
//! the outbox, rendered later in each reader's language and time zone.

use chrono::{DateTime, Utc};

use super::{Context, Conversation, Effect, Step};
use crate::domain::ics;
use crate::domain::invitation::{DURATION, InvitationView, Refusal, Reminder};
use crate::domain::meeting::{Answer, Meeting, MeetingKind};
use crate::i18n::{Key, Text};
use crate::reply::{Attachment, Button, Reply, Tap};

/// The answer `answer` to meeting `meeting_id`, tapped at any point.
pub fn on_tap(conversation: Conversation, meeting_id: i64, answer: Answer, ctx: &Context) -> Step {
    let view = ctx.person.as_ref().and_then(|_| ctx.invitation(meeting_id));
    let step = Step::to(conversation);
    let step = match view {
        None => step.reply(Key::RsvpNotInvited),
        Some(view) => match view.refusal(ctx.now) {
            Some(refusal) => step.reply(refused(view, refusal)),
            None => step.effect(Effect::Answer { meeting_id, answer }).reply(recorded(view, answer)),
        },
    };
    step.reprompt(ctx)
}

/// "Terima kasih, jawaban … tercatat: Hadir", with the other answers to
/// change it until the meeting starts.
fn recorded(view: &InvitationView, answer: Answer) -> Reply {
    let text = Text::new(Key::RsvpRecorded)
        .arg("title", view.title.as_str())
        .arg("answer", answer_text(answer))
        .arg("when", view.starts_at);
    with_answers(Reply::new(text), view.meeting_id, Some(answer))
}

fn refused(view: &InvitationView, refusal: Refusal) -> Text {
    let key = match refusal {
        Refusal::NotInvited => return Text::new(Key::RsvpNotInvited),
        Refusal::Cancelled => Key::RsvpCancelled,
        Refusal::Started => Key::RsvpStarted,
    };
    Text::new(key).arg("title", view.title.as_str())
}

/// The invitation, the same for every invitee: each reads the time in
/// their own zone.
pub fn invitation(meeting: &Meeting) -> Reply {
    let m = &meeting.details;
    let mut details = vec![
        Text::new(Key::InvitationWhen).arg("when", m.starts_at),
        Text::new(Key::InvitationPlace).arg("place", m.place.as_str()),
    ];
    if let Some((latitude, longitude)) = m.location {
        details.push(
            Text::new(Key::InvitationMap)
                .arg("latitude", format!("{latitude:.6}"))
                .arg("longitude", format!("{longitude:.6}")),
        );
    }
    if let Some(agenda) = &m.agenda {
        details.push(Text::new(Key::InvitationAgenda).arg("agenda", agenda.as_str()));
    }
    details.push(Text::new(Key::InvitationOrganizer).arg("organizer", meeting.organizer_name.as_str()));
    if let Some(answer_by) = m.answer_by {
        details.push(Text::new(Key::InvitationAnswerBy).arg("when", answer_by));
    }
    let text = Text::new(Key::Invitation)
        .arg("kind", kind_text(m.kind))
        .arg("title", m.title.as_str())
        .arg("details", details);
    with_answers(Reply::new(text), meeting.id, None)
}

/// The calendar file (`rapat-{id}.ics`) of the meeting as it stands: a
/// cancelled one removes the entry, a changed one replaces it.
pub fn calendar(meeting: &Meeting, now: DateTime<Utc>) -> Reply {
    let caption = Text::new(Key::InvitationCalendar).arg("title", meeting.details.title.as_str());
    Reply::new(caption).attach(calendar_file(meeting, now))
}

fn calendar_file(meeting: &Meeting, now: DateTime<Utc>) -> Attachment {
    let m = &meeting.details;
    let event = ics::Event {
        uid: format!("rapat-{}@posyandu-bot", meeting.id),
        start: m.starts_at,
        duration: DURATION,
        title: m.title.clone(),
        place: m.place.clone(),
        description: m.agenda.clone().unwrap_or_default(),
        organizer: meeting.organizer_name.clone(),
        sequence: meeting.sequence,
        cancelled: meeting.cancelled,
    };
    Attachment::text(format!("rapat-{}.ics", meeting.id), event.to_ics(now))
}

/// A reminder; the one to those who have not answered carries the answers.
pub fn reminder(meeting: &Meeting, reminder: Reminder) -> Reply {
    let key = match reminder {
        Reminder::Unanswered => Key::ReminderUnanswered,
        Reminder::DayBefore => Key::ReminderDayBefore,
        Reminder::TwoHours => Key::ReminderSoon,
    };
    let m = &meeting.details;
    let text = Text::new(key).arg("title", m.title.as_str()).arg("when", m.starts_at).arg("place", m.place.as_str());
    match reminder {
        Reminder::Unanswered => with_answers(Reply::new(text), meeting.id, None),
        Reminder::DayBefore | Reminder::TwoHours => Reply::new(text),
    }
}

/// What changed, old → new; the new calendar file follows it.
pub fn changed(before: &Meeting, after: &Meeting) -> Reply {
    let (old, new) = (&before.details, &after.details);
    let mut changes = Vec::new();
    if old.starts_at != new.starts_at {
        changes.push(Text::new(Key::NoticeChangedWhen).arg("old", old.starts_at).arg("new", new.starts_at));
    }
    if old.place != new.place {
        changes.push(Text::new(Key::NoticeChangedPlace).arg("old", old.place.as_str()).arg("new", new.place.as_str()));
    }
    Reply::new(Text::new(Key::NoticeChanged).arg("title", new.title.as_str()).arg("changes", changes))
}

/// The cancellation, with the calendar file that removes the entry.
pub fn cancelled(meeting: &Meeting, now: DateTime<Utc>) -> Reply {
    let m = &meeting.details;
    let text = Text::new(Key::NoticeCancelled).arg("title", m.title.as_str()).arg("when", m.starts_at);
    Reply::new(text).attach(calendar_file(meeting, now))
}

/// Adds a button per answer (but `except`), one per row.
fn with_answers(mut reply: Reply, meeting_id: i64, except: Option<Answer>) -> Reply {
    for answer in [Answer::Yes, Answer::No, Answer::Delegate] {
        if Some(answer) != except {
            reply = reply.row([Button::new(answer_button(answer), Tap::Rsvp(meeting_id, answer))]);
        }
    }
    reply
}

fn answer_button(answer: Answer) -> Key {
    match answer {
        Answer::Yes => Key::BtnRsvpYes,
        Answer::No => Key::BtnRsvpNo,
        Answer::Delegate => Key::BtnRsvpDelegate,
    }
}

/// "Hadir", "Tidak bisa hadir", "Diwakilkan".
pub fn answer_text(answer: Answer) -> Text {
    Text::new(match answer {
        Answer::Yes => Key::RsvpAnswerYes,
        Answer::No => Key::RsvpAnswerNo,
        Answer::Delegate => Key::RsvpAnswerDelegate,
    })
}

/// "Rapat Koordinasi Pokjanal / Tim Pembina Posyandu", "Lokakarya Mini Puskesmas"…
pub fn kind_text(kind: MeetingKind) -> Text {
    Text::new(match kind {
        MeetingKind::Rakor => Key::InvitationKindRakor,
        MeetingKind::Lokmin => Key::InvitationKindLokmin,
        MeetingKind::PertemuanKader => Key::InvitationKindPertemuanKader,
        MeetingKind::Lainnya => Key::InvitationKindLainnya,
    })
}

#[cfg(test)]
mod tests;
