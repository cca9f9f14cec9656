//! The invitation as every invitee sees it: kind, title, time, place (with a
//! map link for a shared location), agenda, answer deadline, organizer, and
//! the three answer buttons. The organizer's preview shows the same text, so
//! what they check is what is sent.
//!
//! The time is an [`Arg::Moment`](crate::i18n::Arg::Moment): each reader sees
//! it in their own time zone.

use crate::dialogue::{Button, Reply, Tap};
use crate::domain::meeting::{Answer, Invitee, MeetingKind, NewMeeting};
use crate::i18n::{Key, Text};

/// The invitation to `meeting` from `organizer_name`. Its answer buttons
/// carry meeting id 0: the real invitation uses [`answer_buttons`] with the
/// saved meeting's id; the preview leaves them out.
pub fn invitation_text(meeting: &NewMeeting, organizer_name: &str) -> Reply {
    let mut details = vec![
        Text::new(Key::InvitationWhen).arg("when", meeting.starts_at),
        Text::new(Key::InvitationPlace).arg("place", meeting.place.as_str()),
    ];
    if let Some((latitude, longitude)) = meeting.location {
        let link = format!("https://maps.google.com/?q={latitude:.6},{longitude:.6}");
        details.push(Text::new(Key::InvitationMap).arg("link", link));
    }
    if let Some(agenda) = &meeting.agenda {
        details.push(Text::new(Key::InvitationAgenda).arg("agenda", agenda.as_str()));
    }
    if let Some(by) = meeting.answer_by {
        details.push(Text::new(Key::InvitationAnswerBy).arg("when", by));
    }
    let text = Text::new(Key::Invitation)
        .arg("kind", kind_text(meeting.kind))
        .arg("title", meeting.title.as_str())
        .arg("details", details)
        .arg("organizer", organizer_name);
    Reply::new(text).row(answer_buttons(0))
}

/// Hadir / Tidak bisa hadir / Diwakilkan for the meeting `meeting_id`.
pub fn answer_buttons(meeting_id: i64) -> Vec<Button> {
    [(Key::BtnRsvpYes, Answer::Yes), (Key::BtnRsvpNo, Answer::No), (Key::BtnRsvpDelegate, Answer::Delegate)]
        .into_iter()
        .map(|(label, answer)| Button::new(label, Tap::Rsvp(meeting_id, answer)))
        .collect()
}

/// "Rakor Pokjanal / Tim Pembina Posyandu", "Lokakarya mini", …
pub fn kind_text(kind: MeetingKind) -> Text {
    Text::new(match kind {
        MeetingKind::Rakor => Key::MeetingKindRakor,
        MeetingKind::Lokmin => Key::MeetingKindLokmin,
        MeetingKind::PertemuanKader => Key::MeetingKindPertemuanKader,
        MeetingKind::Lainnya => Key::MeetingKindLainnya,
    })
}

/// "Kader", "Pokja", … as the wizard names the roles to invite.
pub fn invitee_text(invitee: Invitee) -> Text {
    Text::new(match invitee {
        Invitee::Kader => Key::InviteeKader,
        Invitee::Pokja => Key::InviteePokja,
        Invitee::Puskesmas => Key::InviteePuskesmas,
        Invitee::Pokjanal => Key::InviteePokjanal,
        Invitee::Dinkes => Key::InviteeDinkes,
    })
}
