//! What a meeting sends, and when: creating one writes every invitation
//! and calendar file to the outbox, the organizer's status message and the
//! reminder jobs; a change tells everyone the invitation reached and plans
//! the reminders anew; a cancellation tells them and cancels the jobs; a
//! reminder job writes the reminder for the invitees of its zone who still
//! need it. All in the caller's transaction; the texts come from
//! `dialogue::rsvp` and `dialogue::meeting::organizer`, the rows from `store::meetings`.
//!
//! Outbox keys (a second write is a no-op): `meeting:{id}:invite:{person}`
//! and `meeting:{id}:ics:{person}` for the invitation and its calendar file,
//! `meeting:{id}:s{sequence}:{what}:{person}` for reminders and change
//! notices (a change starts a new sequence), `meeting:{id}:cancel:{person}`.
//! Reminder jobs are one per meeting, reminder and recipient time zone
//! (`meeting:{id}:s{sequence}:{reminder}:{zone}`), fanned out to the
//! invitees of that zone when fired. Every key of a meeting starts with
//! `meeting:{id}:`, so a change or a cancellation cancels its jobs at once.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use strum::IntoEnumIterator;

use super::Planned;
use crate::dialogue::meeting::organizer;
use crate::dialogue::rsvp;
use crate::domain::invitation::{Change, Reminder};
use crate::domain::meeting::{Meeting, NewMeeting};
use crate::store::Tx;
use crate::store::audience::{self, Keyed};
use crate::store::jobs::{self, Job, Outcome};
use crate::store::meetings::{self, Recipients};
use crate::store::outbox::Priority;

/// The job kind of meeting reminders.
pub const REMINDER_KIND: &str = "meeting-reminder";

/// A reminder this late (the bot was down) is dropped, never sent late.
pub const REMINDER_GRACE: Duration = Duration::minutes(15);

/// What a reminder job carries.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReminderJob {
    pub meeting_id: i64,
    /// The meeting's sequence when scheduled; a later change makes it moot.
    pub sequence: u32,
    pub reminder: Reminder,
    /// The recipients' zone (IANA name).
    pub time_zone: String,
}

/// Saves the meeting, invites its audience, writes each reachable invitee's
/// invitation and calendar file, the organizer's status message and the
/// reminder jobs; returns the meeting's id. After the commit, wake the
/// outbox and the scheduler.
pub async fn create(
    tx: &mut Tx,
    organizer_id: i64,
    meeting: &NewMeeting,
    now: DateTime<Utc>,
    reminder_hour: u32,
) -> anyhow::Result<i64> {
    let meeting = meetings::create(tx, organizer_id, meeting, now).await?;
    let id = meeting.id;
    let everyone = meetings::recipients(id, Recipients::All);
    let (invite_key, ics_key) = (format!("meeting:{id}:invite:"), format!("meeting:{id}:ics:"));
    let invitation = rsvp::invitation(&meeting);
    audience::write(tx, &everyone, Keyed::PerPerson(&invite_key), &invitation, Priority::Broadcast, now).await?;
    let calendar = rsvp::calendar(&meeting, now);
    audience::write(tx, &everyone, Keyed::PerPerson(&ics_key), &calendar, Priority::Broadcast, now).await?;
    schedule_reminders(tx, &meeting, now, reminder_hour).await?;
    write_status(tx, &meeting, now).await?;
    Ok(id)
}

/// Writes the organizer's status message of a meeting just created (its
/// figures as they stand) and marks it to be kept up to date.
async fn write_status(tx: &mut Tx, meeting: &Meeting, now: DateTime<Utc>) -> anyhow::Result<()> {
    let Some(organizer) = meetings::person(tx, meeting.organizer_id).await? else { return Ok(()) };
    let tally = meetings::tally(tx, meeting.id).await?;
    let status = organizer::status(meeting, &tally);
    let key = meetings::status_key(meeting.id);
    let to = audience::person(organizer.id, organizer.time_zone().name());
    audience::write(tx, &to, Keyed::Once(&key), &status, Priority::Reply, now).await?;
    meetings::status_shown(tx, meeting.id, &tally.fingerprint()).await
}

/// Moves the meeting and/or its place: everyone the invitation reached
/// gets a notice of what changed and a new calendar file, and the
/// reminders are scheduled anew. Returns the meeting as it now stands, or
/// `None` when it does not exist or was cancelled.
pub async fn change(
    tx: &mut Tx,
    meeting_id: i64,
    change: &Change,
    now: DateTime<Utc>,
    reminder_hour: u32,
) -> anyhow::Result<Option<Meeting>> {
    let Some((before, after)) = meetings::change(tx, meeting_id, change).await? else { return Ok(None) };
    if after.sequence == before.sequence {
        return Ok(Some(after));
    }
    let invited = meetings::recipients(meeting_id, Recipients::Invited);
    let prefix = format!("meeting:{meeting_id}:s{}:", after.sequence);
    let notice = rsvp::changed(&before, &after);
    let key = format!("{prefix}change:");
    audience::write(tx, &invited, Keyed::PerPerson(&key), &notice, Priority::Notice, now).await?;
    let calendar = rsvp::calendar(&after, now);
    let key = format!("{prefix}ics:");
    audience::write(tx, &invited, Keyed::PerPerson(&key), &calendar, Priority::Notice, now).await?;
    jobs::cancel_prefix(tx, &format!("meeting:{meeting_id}:")).await?;
    schedule_reminders(tx, &after, now, reminder_hour).await?;
    meetings::mark_stale(tx, meeting_id).await?;
    Ok(Some(after))
}

/// Cancels the meeting: its pending jobs are cancelled, messages of it not
/// yet on their way are dropped, and everyone the invitation reached gets
/// the cancellation with a calendar file that removes the entry. Returns
/// the cancelled meeting and how many were told, or `None` when it does not
/// exist or was cancelled before.
pub async fn cancel(tx: &mut Tx, meeting_id: i64, now: DateTime<Utc>) -> anyhow::Result<Option<(Meeting, u64)>> {
    let Some(meeting) = meetings::cancel(tx, meeting_id, now).await? else { return Ok(None) };
    jobs::cancel_prefix(tx, &format!("meeting:{meeting_id}:")).await?;
    let invited = meetings::recipients(meeting_id, Recipients::Invited);
    let notice = rsvp::cancelled(&meeting, now);
    let key = format!("meeting:{meeting_id}:cancel:");
    let told = audience::write(tx, &invited, Keyed::PerPerson(&key), &notice, Priority::Notice, now).await?;
    Ok(Some((meeting, told)))
}

/// Schedules the meeting's reminders [`reminder_plan`] decides, for the
/// time zones its invitees live in.
async fn schedule_reminders(
    tx: &mut Tx,
    meeting: &Meeting,
    now: DateTime<Utc>,
    reminder_hour: u32,
) -> anyhow::Result<()> {
    let zones = meetings::zones(tx, meeting.id).await?;
    for Planned { key, job, at } in reminder_plan(meeting, &zones, now, reminder_hour)? {
        jobs::schedule(tx, &key, REMINDER_KIND, &job, at).await?;
    }
    Ok(())
}

/// The meeting's reminders still ahead at `now` and before it starts, one
/// job per reminder and recipient time zone (of `zones`, IANA names).
pub fn reminder_plan(
    meeting: &Meeting,
    zones: &[String],
    now: DateTime<Utc>,
    reminder_hour: u32,
) -> anyhow::Result<Vec<Planned<ReminderJob>>> {
    let mut planned = Vec::new();
    for zone in zones {
        let tz: Tz = zone.parse().map_err(|_| anyhow::anyhow!("unknown time zone {zone}"))?;
        for reminder in Reminder::iter() {
            let at = reminder.due(&meeting.details, tz, reminder_hour);
            if at <= now || at >= meeting.details.starts_at {
                continue;
            }
            let key = format!("meeting:{}:s{}:{}:{zone}", meeting.id, meeting.sequence, reminder.as_str());
            let job =
                ReminderJob { meeting_id: meeting.id, sequence: meeting.sequence, reminder, time_zone: zone.clone() };
            planned.push(Planned { key, job, at });
        }
    }
    Ok(planned)
}

/// Fires a reminder job: writes the reminder for the invitees of its zone
/// it is for. Dropped when late by more than [`REMINDER_GRACE`], when the
/// meeting was cancelled or changed since.
pub async fn remind(tx: &mut Tx, job: &Job, now: DateTime<Utc>) -> anyhow::Result<Outcome> {
    if job.is_stale(now, REMINDER_GRACE) {
        return Ok(Outcome::Dropped);
    }
    let payload: ReminderJob = job.parse_payload()?;
    let meeting = match meetings::get(tx, payload.meeting_id).await? {
        Some(meeting) if !meeting.cancelled && meeting.sequence == payload.sequence => meeting,
        _ => return Ok(Outcome::Dropped),
    };
    let reply = rsvp::reminder(&meeting, payload.reminder);
    let key = format!("meeting:{}:s{}:{}:", meeting.id, meeting.sequence, payload.reminder.as_str());
    let recipients = Recipients::Reminded { time_zone: &payload.time_zone, reminder: payload.reminder };
    let reminded = meetings::recipients(meeting.id, recipients);
    audience::write(tx, &reminded, Keyed::PerPerson(&key), &reply, Priority::Notice, now).await?;
    Ok(Outcome::Done)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::domain::meeting::{Invitee, MeetingKind};
    use crate::domain::region::RegionCode;

    /// A rakor on Saturday 12 December 2026 at 09.00 WITA, the answer asked
    /// by Thursday 10.00 WITA.
    fn rakor() -> Meeting {
        let wita = |d, h| Tz::Asia__Makassar.with_ymd_and_hms(2026, 12, d, h, 0, 0).unwrap().with_timezone(&Utc);
        let details = NewMeeting {
            kind: MeetingKind::Rakor,
            title: "Rakor Posyandu".into(),
            starts_at: wita(12, 9),
            place: "Aula Kantor Camat".into(),
            location: None,
            agenda: None,
            area: RegionCode::parse("73.24.01").unwrap(),
            invitees: vec![Invitee::Kader],
            answer_by: Some(wita(10, 10)),
        };
        Meeting { id: 7, organizer_id: 5, organizer_name: "Andi".into(), details, cancelled: false, sequence: 2 }
    }

    fn local(planned: &Planned<ReminderJob>) -> String {
        let tz: Tz = planned.job.time_zone.parse().unwrap();
        planned.at.with_timezone(&tz).format("%a %d %H:%M").to_string()
    }

    #[test]
    fn each_zone_gets_the_reminders_still_ahead_at_its_own_hour() {
        let meeting = rakor();
        let zones = ["Asia/Makassar".to_string(), "Asia/Jakarta".to_string()];
        let created = Tz::Asia__Makassar.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap().with_timezone(&Utc);
        let plan = reminder_plan(&meeting, &zones, created, 16).unwrap();
        let wita: Vec<String> = plan.iter().filter(|p| p.job.time_zone == "Asia/Makassar").map(local).collect();
        // The unanswered reminder a day before the answer is due, the day
        // before at 16.00, two hours before.
        assert_eq!(wita, ["Wed 09 10:00", "Fri 11 16:00", "Sat 12 07:00"]);
        let wib: Vec<String> = plan.iter().filter(|p| p.job.time_zone == "Asia/Jakarta").map(local).collect();
        assert_eq!(wib[1], "Fri 11 16:00", "the day before at 16.00 in WIB too");
        assert!(plan.iter().all(|p| p.key.starts_with("meeting:7:s2:") && p.job.sequence == 2));
        // Created on Friday evening: only the reminder two hours before is still ahead.
        let late = Tz::Asia__Makassar.with_ymd_and_hms(2026, 12, 11, 18, 0, 0).unwrap().with_timezone(&Utc);
        let plan = reminder_plan(&meeting, &zones[..1], late, 16).unwrap();
        assert_eq!(plan.iter().map(local).collect::<Vec<_>>(), ["Sat 12 07:00"]);
        assert!(reminder_plan(&meeting, &["Mars/Olympus".to_string()], created, 16).is_err());
    }
}
