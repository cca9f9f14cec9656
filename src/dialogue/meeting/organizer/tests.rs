//! The organizer's side of a meeting as pure steps: the status text, the
//! change flow's refusals and confirmations, and attendance toggles.

use chrono::{Duration, TimeZone, Utc};

use super::*;
use crate::dialogue::tests::{keys, now, text};
use crate::dialogue::{Effect, Input, Settings};
use crate::domain::invitation::Change;
use crate::domain::lang::Lang;
use crate::domain::meeting::{Invitee, MeetingKind, NewMeeting};
use crate::domain::organizer::Attendee;
use crate::domain::people::{Person, Place, Role};
use crate::domain::region::RegionCode;
use crate::domain::role::{Grant, OfficialRole};
use crate::i18n::Reader;

const ID: i64 = 7;

fn andi() -> Person {
    let region = RegionCode::parse("73.24.01").unwrap();
    let role = Role {
        grant: Grant::Official { role: OfficialRole::Pokjanal, region: region.clone() },
        place: Place::region(&region, "Mangkutana".into()),
    };
    Person { id: 5, name: "Andi".into(), lang: Lang::Id, roles: vec![role] }
}

fn meeting(starts_in: Duration) -> Meeting {
    let details = NewMeeting {
        kind: MeetingKind::Rakor,
        title: "Rakor Posyandu".into(),
        starts_at: now() + starts_in,
        place: "Aula Kantor Camat".into(),
        location: None,
        agenda: None,
        area: RegionCode::parse("73.24.01").unwrap(),
        invitees: vec![Invitee::Kader],
        answer_by: None,
    };
    Meeting { id: ID, organizer_id: 5, organizer_name: "Andi".into(), details, cancelled: false, sequence: 0 }
}

/// A context with the meeting loaded as the organizer's (or not theirs).
fn ctx(owned: Option<Meeting>) -> Context {
    let mut c = Context::new(
        now(),
        Some(andi()),
        std::sync::Arc::new(crate::domain::form::packs::Forms::shipped()),
        Settings::default(),
    );
    c.loaded.owned.push((ID, owned));
    c
}

fn tap(t: Tap) -> Input {
    Input::Tap(t.data())
}

fn render(reply: &Reply) -> String {
    reply.text.render_for(Reader::new(Lang::Id, chrono_tz::Tz::Asia__Makassar))
}

#[test]
fn the_status_names_unreachable_and_failed_invitations_and_a_cancellation() {
    let tally = Tally { total: 450, sent: 312, yes: 120, no: 14, delegate: 6, unanswered: 160, ..Tally::default() };
    let shown = render(&status(&meeting(Duration::days(2)), &tally));
    assert!(shown.contains("Terkirim 312/450 · Hadir 120 · Tidak 14 · Diwakilkan 6 · Belum menjawab 160"), "{shown}");
    assert!(!shown.contains("⚠️"), "nothing to warn about: {shown}");
    let tally = Tally { unreachable: 2, failed: 3, ..tally };
    let cancelled = Meeting { cancelled: true, ..meeting(Duration::days(2)) };
    let shown = render(&status(&cancelled, &tally));
    assert!(shown.contains("Tidak terjangkau (memblokir bot): 2 orang"), "{shown}");
    assert!(shown.contains("Gagal terkirim: 3 orang"), "{shown}");
    assert!(shown.contains("dibatalkan"), "{shown}");
}

#[test]
fn a_new_time_is_read_shown_back_and_sent_only_on_kirim() {
    let c = ctx(Some(meeting(Duration::days(2))));
    let s = on_tap(Conversation::default(), Tap::ChangeMeeting(ID), &c);
    assert_eq!(keys(&s), [Key::MeetingAskWhatChanges]);
    let s = crate::dialogue::step(s.conversation, text("besok saja"), &c);
    assert_eq!(keys(&s), [Key::UseButtons, Key::MeetingAskWhatChanges], "typing is not choosing");
    let s = crate::dialogue::step(s.conversation, tap(Tap::Field("start".into())), &c);
    assert_eq!(keys(&s), [Key::MeetingAskNewStart]);
    let s = crate::dialogue::step(s.conversation, text("22/11 09.00"), &c);
    assert_eq!(keys(&s), [Key::WhenPast], "a past time is refused with what to do");
    assert!(s.effects.is_empty());
    let s = crate::dialogue::step(s.conversation, text("23/11 10.00"), &c);
    assert_eq!(keys(&s), [Key::MeetingConfirmNewStart]);
    assert!(s.effects.is_empty(), "nothing changes before Kirim");
    let s = crate::dialogue::step(s.conversation, tap(Tap::Send), &c);
    let at = Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap();
    assert_eq!(
        s.effects,
        [Effect::ChangeMeeting { meeting_id: ID, change: Change { starts_at: Some(at), place: None } }]
    );
    assert_eq!(s.conversation.flow, Flow::Idle);
}

#[test]
fn only_the_organizer_of_a_meeting_not_yet_started_may_change_it() {
    let s = on_tap(Conversation::default(), Tap::CancelMeeting(ID), &ctx(None));
    assert_eq!(keys(&s), [Key::MeetingNotYours]);
    let s = on_tap(Conversation::default(), Tap::CancelMeeting(ID), &ctx(Some(meeting(-Duration::hours(1)))));
    assert_eq!(keys(&s), [Key::MeetingHasStarted]);
    let cancelled = Meeting { cancelled: true, ..meeting(Duration::days(1)) };
    let s = on_tap(Conversation::default(), Tap::ChangeMeeting(ID), &ctx(Some(cancelled)));
    assert_eq!(keys(&s), [Key::MeetingWasCancelled]);
    let s = on_tap(Conversation::default(), Tap::CancelMeeting(ID), &ctx(Some(meeting(Duration::days(1)))));
    assert_eq!(keys(&s), [Key::MeetingConfirmCancel]);
    let s = crate::dialogue::step(s.conversation, tap(Tap::Cancel), &ctx(Some(meeting(Duration::days(1)))));
    assert_eq!(keys(&s), [Key::Cancelled]);
    assert!(s.effects.is_empty(), "Tidak keeps the meeting");
}

#[test]
fn a_press_toggles_one_name_and_replaces_the_list() {
    let mut c = ctx(Some(meeting(-Duration::hours(2))));
    c.tapped = Some("42".into());
    let people = vec![
        Attendee { person_id: 1, name: "Budi".into(), came: false },
        Attendee { person_id: 2, name: "Siti".into(), came: true },
    ];
    c.loaded.attendance.push((ID, 0, Some((meeting(-Duration::hours(2)), people, 2))));
    let s = on_tap(Conversation::default(), Tap::Came(ID, 1, 0), &c);
    assert_eq!(s.effects, [Effect::SetAttended { meeting_id: ID, person_id: 1, came: true }]);
    assert_eq!(s.replies.len(), 1);
    assert_eq!(s.replies[0].edits.as_deref(), Some("42"));
    let labels: Vec<String> = s.replies[0].buttons.iter().flatten().map(|b| b.label.render(Lang::Id)).collect();
    assert_eq!(labels, ["✅ Budi", "✅ Siti"]);
    // A name no longer on that page (someone else's list, an old button).
    let s = on_tap(Conversation::default(), Tap::Came(ID, 99, 0), &c);
    assert_eq!(keys(&s), [Key::ButtonExpired]);
    assert!(s.effects.is_empty());
}
