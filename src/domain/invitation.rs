//! An invitee's side of a meeting: the invitation as the RSVP step sees it
//! and why an answer may be refused, the reminders and when each is due in
//! a recipient's time zone, what a change touches, and the organizer's tally.
//!
//! Pure: the store loads and writes these, the dialogue and the reminder
//! handler decide with them.

use chrono::{DateTime, Duration, NaiveTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::local_time::at_local;
use super::meeting::{Answer, Invitee, NewMeeting};
use super::people::Person;
use super::region::{Level, RegionCode};
use super::role::{Grant, OfficialRole};

/// How long a meeting lasts in the calendar file.
pub const DURATION: Duration = Duration::hours(2);

/// One person's invitation, as the RSVP step needs it.
#[derive(Clone, Debug, PartialEq)]
pub struct InvitationView {
    pub meeting_id: i64,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub cancelled: bool,
    pub answer: Option<Answer>,
}

/// Why an answer is not taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The person is not among the invitees.
    NotInvited,
    Cancelled,
    /// Answers can change only until the meeting starts.
    Started,
}

impl InvitationView {
    /// Why an answer given at `now` is refused, or `None` when it is taken.
    pub fn refusal(&self, now: DateTime<Utc>) -> Option<Refusal> {
        if self.cancelled {
            Some(Refusal::Cancelled)
        } else if now >= self.starts_at {
            Some(Refusal::Started)
        } else {
            None
        }
    }
}

/// A reminder of a meeting, sent to the invitees of one time zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, strum::EnumIter, strum::IntoStaticStr)]
#[strum(serialize_all = "kebab-case")]
#[serde(rename_all = "kebab-case")]
pub enum Reminder {
    /// To those who have not answered: a day before the answer deadline,
    /// or two days before the meeting when there is none.
    Unanswered,
    /// To those attending (Hadir, Diwakilkan): the day before, at the
    /// reminder hour of their own zone.
    DayBefore,
    /// To those attending: two hours before the start.
    TwoHours,
}

impl Reminder {
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// When it is due for recipients in `tz`; `reminder_hour` is the local
    /// hour of the day-before reminder.
    pub fn due(self, meeting: &NewMeeting, tz: Tz, reminder_hour: u32) -> DateTime<Utc> {
        match self {
            Reminder::Unanswered => match meeting.answer_by {
                Some(answer_by) => answer_by - Duration::days(1),
                None => meeting.starts_at - Duration::days(2),
            },
            Reminder::DayBefore => {
                let day = meeting.starts_at.with_timezone(&tz).date_naive() - Duration::days(1);
                let hour = NaiveTime::from_hms_opt(reminder_hour.min(23), 0, 0).expect("an hour of the day");
                at_local(day, hour, tz)
            }
            Reminder::TwoHours => meeting.starts_at - Duration::hours(2),
        }
    }

    /// The answers of those it goes to (`None`: not answered).
    pub fn answers(self) -> &'static [Option<Answer>] {
        match self {
            Reminder::Unanswered => &[None],
            Reminder::DayBefore | Reminder::TwoHours => &[Some(Answer::Yes), Some(Answer::Delegate)],
        }
    }
}

/// What the organizer changes: the start, the place, or both.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Change {
    pub starts_at: Option<DateTime<Utc>>,
    pub place: Option<String>,
}

/// How a meeting's invitations stand.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Everyone invited, reachable or not.
    pub total: i64,
    /// Invitations delivered.
    pub sent: i64,
    pub yes: i64,
    pub no: i64,
    pub delegate: i64,
    pub unanswered: i64,
    /// Invitees who blocked the bot (before or after the invitation).
    pub unreachable: i64,
    /// Invitations given up after repeated failures.
    pub failed: i64,
    /// Invitations still on their way.
    pub waiting: i64,
}

impl Tally {
    /// The figures in one short string, to tell whether they changed since
    /// the organizer's status message last showed them.
    pub fn fingerprint(&self) -> String {
        let Tally { total, sent, yes, no, delegate, unanswered, unreachable, failed, waiting } = self;
        format!("{total}/{sent}/{yes}/{no}/{delegate}/{unanswered}/{unreachable}/{failed}/{waiting}")
    }
}

/// Why an official cannot invite `invitees` of `area`, or `None` when they can.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScopeRefusal {
    /// The person holds no official role (a kader, or nobody).
    NotOfficial,
    /// The area lies outside every region of their official roles.
    OutsideScope {
        scope: Vec<RegionCode>,
    },
    /// Officials of this role never sit as low as the area (dinkes in a kecamatan).
    RoleAboveArea(OfficialRole),
    NoInvitees,
}

/// Checks that `organizer` may invite `invitees` of `area`.
pub fn check_scope(organizer: &Person, area: &RegionCode, invitees: &[Invitee]) -> Result<(), ScopeRefusal> {
    let scope: Vec<RegionCode> = organizer
        .roles
        .iter()
        .filter_map(|role| match &role.grant {
            Grant::Official { region, .. } => Some(region.clone()),
            Grant::Kader { .. } => None,
        })
        .collect();
    if scope.is_empty() {
        return Err(ScopeRefusal::NotOfficial);
    }
    let inside = |region: &RegionCode| {
        let (low, high) = region.subtree();
        (low.as_str()..high.as_str()).contains(&area.as_str())
    };
    if !scope.iter().any(inside) {
        return Err(ScopeRefusal::OutsideScope { scope });
    }
    if invitees.is_empty() {
        return Err(ScopeRefusal::NoInvitees);
    }
    match invitees.iter().filter_map(|i| official_role(*i)).find(|role| !sits_within(*role, area.level())) {
        Some(role) => Err(ScopeRefusal::RoleAboveArea(role)),
        None => Ok(()),
    }
}

/// The official role an invitee group stands for (`None` for kader).
pub fn official_role(invitee: Invitee) -> Option<OfficialRole> {
    match invitee {
        Invitee::Kader => None,
        Invitee::Pokja => Some(OfficialRole::Pokja),
        Invitee::Puskesmas => Some(OfficialRole::Puskesmas),
        Invitee::Pokjanal => Some(OfficialRole::Pokjanal),
        Invitee::Dinkes => Some(OfficialRole::Dinkes),
    }
}

/// True when officials of `role` can have a region at `level` or below it.
fn sits_within(role: OfficialRole, level: Level) -> bool {
    role.allowed_levels().iter().any(|allowed| *allowed >= level)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::lang::Lang;
    use crate::domain::meeting::MeetingKind;
    use crate::domain::people::{Place, Role};

    fn utc(rfc3339: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(rfc3339).unwrap().to_utc()
    }

    fn meeting(starts_at: &str, answer_by: Option<&str>) -> NewMeeting {
        NewMeeting {
            kind: MeetingKind::Rakor,
            title: "Rakor".into(),
            starts_at: utc(starts_at),
            place: "Aula".into(),
            location: None,
            agenda: None,
            area: RegionCode::parse("73.24.01").unwrap(),
            invitees: vec![Invitee::Kader],
            answer_by: answer_by.map(utc),
        }
    }

    #[test]
    fn the_day_before_reminder_comes_at_the_local_hour_of_each_zone() {
        // Saturday 12 December 2026, 09:00 WITA.
        let m = meeting("2026-12-12T01:00:00Z", None);
        assert_eq!(Reminder::DayBefore.due(&m, Tz::Asia__Makassar, 16), utc("2026-12-11T08:00:00Z"));
        assert_eq!(Reminder::DayBefore.due(&m, Tz::Asia__Jakarta, 16), utc("2026-12-11T09:00:00Z"));
        assert_eq!(Reminder::TwoHours.due(&m, Tz::Asia__Jakarta, 16), utc("2026-12-11T23:00:00Z"));
        assert_eq!(Reminder::Unanswered.due(&m, Tz::Asia__Jakarta, 16), utc("2026-12-10T01:00:00Z"));
        let with_deadline = meeting("2026-12-12T01:00:00Z", Some("2026-12-10T04:00:00Z"));
        assert_eq!(Reminder::Unanswered.due(&with_deadline, Tz::Asia__Jakarta, 16), utc("2026-12-09T04:00:00Z"));
    }

    #[test]
    fn an_answer_is_refused_once_cancelled_or_started() {
        let view = InvitationView {
            meeting_id: 1,
            title: "Rakor".into(),
            starts_at: utc("2026-12-12T01:00:00Z"),
            cancelled: false,
            answer: None,
        };
        assert_eq!(view.refusal(utc("2026-12-12T00:59:59Z")), None);
        assert_eq!(view.refusal(utc("2026-12-12T01:00:00Z")), Some(Refusal::Started));
        assert_eq!(
            InvitationView { cancelled: true, ..view }.refusal(utc("2026-12-01T00:00:00Z")),
            Some(Refusal::Cancelled)
        );
    }

    fn official(role: OfficialRole, region: &str) -> Person {
        let region = RegionCode::parse(region).unwrap();
        let place = Place::region(&region, "x".into());
        Person {
            id: 1,
            name: "Pak Andi".into(),
            lang: Lang::Id,
            roles: vec![Role { grant: Grant::Official { role, region }, place }],
        }
    }

    #[test]
    fn an_official_invites_only_inside_their_region_and_roles_that_sit_there() {
        let pokjanal = official(OfficialRole::Pokjanal, "73.24.01");
        let area = |code: &str| RegionCode::parse(code).unwrap();
        assert_eq!(check_scope(&pokjanal, &area("73.24.01"), &[Invitee::Kader, Invitee::Pokja]), Ok(()));
        assert_eq!(check_scope(&pokjanal, &area("73.24.01.2001"), &[Invitee::Kader]), Ok(()));
        assert!(matches!(
            check_scope(&pokjanal, &area("73.24"), &[Invitee::Kader]),
            Err(ScopeRefusal::OutsideScope { .. })
        ));
        assert!(matches!(
            check_scope(&pokjanal, &area("73.24.02"), &[Invitee::Kader]),
            Err(ScopeRefusal::OutsideScope { .. })
        ));
        assert_eq!(
            check_scope(&pokjanal, &area("73.24.01"), &[Invitee::Dinkes]),
            Err(ScopeRefusal::RoleAboveArea(OfficialRole::Dinkes))
        );
        assert_eq!(check_scope(&pokjanal, &area("73.24.01"), &[]), Err(ScopeRefusal::NoInvitees));
        let kader = Person { roles: Vec::new(), ..pokjanal };
        assert_eq!(check_scope(&kader, &area("73.24.01"), &[Invitee::Kader]), Err(ScopeRefusal::NotOfficial));
    }
}
