//! The answer step and the invitee's messages.

use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::Tz;

use super::*;
use crate::dialogue::tests::{ctx, keys, mawar, now, text};
use crate::dialogue::{Flow, Input, Person};
use crate::domain::lang::Lang;
use crate::domain::meeting::{Invitee, MAX_AGENDA, MAX_PLACE, MAX_TITLE, NewMeeting};
use crate::domain::region::RegionCode;
use crate::i18n::Reader;

fn siti() -> Person {
    Person { id: 5, name: "Siti".into(), lang: Lang::Id, roles: vec![mawar()] }
}

fn starts_at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 12, 1, 0, 0).unwrap()
}

fn view() -> InvitationView {
    InvitationView {
        meeting_id: 12,
        title: "Rakor Posyandu".into(),
        starts_at: starts_at(),
        cancelled: false,
        answer: None,
    }
}

/// A context where the person's invitation to meeting 12 is `invitation`.
fn invited(invitation: Option<InvitationView>) -> Context {
    let mut c = ctx(Some(siti()), None);
    c.loaded.invitations.push((12, invitation));
    c
}

fn tap(answer: Answer) -> Input {
    Input::Tap(Tap::Rsvp(12, answer).data())
}

#[test]
fn an_answer_is_recorded_and_can_be_changed_with_the_other_buttons() {
    let s = crate::dialogue::step(Conversation::default(), tap(Answer::Yes), &invited(Some(view())));
    assert_eq!(s.effects, [Effect::Answer { meeting_id: 12, answer: Answer::Yes }]);
    assert_eq!(keys(&s), [Key::RsvpRecorded]);
    let taps: Vec<Tap> = s.replies[0].buttons.iter().flatten().map(|b| b.tap.clone()).collect();
    assert_eq!(taps, [Tap::Rsvp(12, Answer::No), Tap::Rsvp(12, Answer::Delegate)]);
    let shown = s.replies[0].text.render_for(Reader::new(Lang::Id, Tz::Asia__Makassar));
    assert!(shown.contains("tercatat: Hadir") && shown.contains("bisa diubah sampai rapat dimulai"), "{shown}");
    assert!(shown.contains("09.00 WITA"), "{shown}");
}

#[test]
fn the_step_asks_for_the_invitation_and_nothing_else() {
    let c = ctx(Some(siti()), None);
    crate::dialogue::step(Conversation::default(), tap(Answer::No), &c);
    assert_eq!(c.take_asked(), Some(crate::dialogue::Needs { invitations: vec![12], ..Default::default() }));
}

#[test]
fn answers_are_refused_in_words() {
    let refused = |c: &Context| {
        let s = crate::dialogue::step(Conversation::default(), tap(Answer::Yes), c);
        assert!(s.effects.is_empty());
        keys(&s)
    };
    assert_eq!(refused(&invited(None)), [Key::RsvpNotInvited]);
    assert_eq!(refused(&invited(Some(InvitationView { cancelled: true, ..view() }))), [Key::RsvpCancelled]);
    let started = InvitationView { starts_at: now() - Duration::minutes(1), ..view() };
    assert_eq!(refused(&invited(Some(started))), [Key::RsvpStarted]);
    assert_eq!(refused(&ctx(None, None)), [Key::RsvpNotInvited], "a stranger");
}

#[test]
fn answering_in_the_middle_of_a_report_asks_the_current_question_again() {
    let c = invited(Some(view()));
    let mut conversation = Conversation::default();
    for input in ["/lapor", "Oktober"] {
        conversation = crate::dialogue::tests::step(conversation, text(input), &c).conversation;
    }
    let asked_before = crate::dialogue::tests::step(conversation.clone(), text("/bantuan"), &c);
    let question = asked_before.replies.last().unwrap().text.key.clone();
    assert!(matches!(conversation.flow, Flow::Report(_)));

    let s = crate::dialogue::step(conversation.clone(), tap(Answer::Delegate), &c);
    assert_eq!(s.effects, [Effect::Answer { meeting_id: 12, answer: Answer::Delegate }]);
    assert_eq!(s.conversation, conversation, "the report is kept");
    assert_eq!(keys(&s)[0], Key::RsvpRecorded);
    assert_eq!(s.replies.last().unwrap().text.key, question, "then the same question");
}

/// The longest meeting: every field at its limit, in characters Telegram
/// counts twice (UTF-16 surrogate pairs).
fn longest() -> Meeting {
    let long = |n: usize| "😀".repeat(n);
    Meeting {
        id: i64::MAX,
        organizer_id: 1,
        organizer_name: "A".repeat(60), // the longest name registration takes
        details: NewMeeting {
            kind: MeetingKind::Rakor,
            title: long(MAX_TITLE),
            starts_at: starts_at(),
            place: long(MAX_PLACE),
            location: Some((-2.123456, 120.123456)),
            agenda: Some(long(MAX_AGENDA)),
            area: RegionCode::parse("73.24.01").unwrap(),
            invitees: vec![Invitee::Kader, Invitee::Pokja],
            answer_by: Some(starts_at() - Duration::days(2)),
        },
        cancelled: false,
        sequence: 0,
    }
}

fn utf16(text: &str) -> usize {
    text.encode_utf16().count()
}

#[test]
fn the_longest_invitation_fits_one_telegram_message_in_both_languages() {
    let meeting = longest();
    for lang in [Lang::Id, Lang::En] {
        let reader = Reader::new(lang, Tz::Asia__Jayapura);
        let invitation = invitation(&meeting).text.render_for(reader);
        // The channel marks a tapped message with the answer ("\n\n→ Diwakilkan").
        assert!(utf16(&invitation) + 40 <= 4096, "{lang:?}: {} UTF-16 units", utf16(&invitation));
        for reply in [calendar(&meeting, now()), cancelled(&meeting, now())] {
            assert!(utf16(&reply.text.render_for(reader)) <= 1024, "a caption");
        }
        for reminder_kind in [Reminder::Unanswered, Reminder::DayBefore, Reminder::TwoHours] {
            assert!(utf16(&reminder(&meeting, reminder_kind).text.render_for(reader)) <= 4096);
        }
        let mut moved = meeting.clone();
        moved.details.place = "😃".repeat(MAX_PLACE);
        moved.details.starts_at += Duration::days(1);
        assert!(utf16(&changed(&meeting, &moved).text.render_for(reader)) <= 4096);
        for button in invitation_buttons(&meeting) {
            assert!(button.len() <= 64, "{button}");
        }
    }
}

fn invitation_buttons(meeting: &Meeting) -> Vec<String> {
    invitation(meeting).buttons.iter().flatten().map(|b| b.tap.data()).collect()
}

#[test]
fn a_kader_in_wib_and_one_in_wita_read_their_own_time() {
    let mut meeting = longest();
    meeting.details.title = "Rakor Posyandu Kecamatan".into();
    meeting.details.place = "Aula Kantor Camat".into();
    meeting.details.agenda = None;
    meeting.details.location = None;
    let wita = invitation(&meeting).text.render_for(Reader::new(Lang::Id, Tz::Asia__Makassar));
    let wib = invitation(&meeting).text.render_for(Reader::new(Lang::Id, Tz::Asia__Pontianak));
    assert!(wita.contains("Sabtu, 12 Desember 2026 pukul 09.00 WITA"), "{wita}");
    assert!(wib.contains("Sabtu, 12 Desember 2026 pukul 08.00 WIB"), "{wib}");
    assert!(wita.contains("Undangan Rapat Koordinasi") && wita.contains("Aula Kantor Camat"), "{wita}");
}

#[test]
fn the_calendar_file_is_named_after_the_meeting_and_cancels_when_cancelled() {
    let mut meeting = longest();
    meeting.id = 12;
    let file = calendar(&meeting, now()).attachment.unwrap();
    assert_eq!(file.file_name, "rapat-12.ics");
    assert!(!file.picture);
    let file = String::from_utf8(file.content).unwrap();
    assert!(file.contains("DTSTART:20261212T010000Z") && file.contains("METHOD:REQUEST"));
    meeting.cancelled = true;
    meeting.sequence = 1;
    let file = String::from_utf8(cancelled(&meeting, now()).attachment.unwrap().content).unwrap();
    assert!(file.contains("METHOD:CANCEL") && file.contains("SEQUENCE:1"), "{file}");
}
