//! The monthly reporting cycle as jobs: every moment of a periode's
//! reporting window (`domain::schedule`: reminders, weekly updates, the
//! month's digest) is one job per time zone, fired through [`fire`]. A plan
//! job at the start of each month schedules the moments of the month that
//! just began and the next plan job, so the cycle keeps going without an
//! admin; start-up plans the same way ([`plan`]), and the keys make a
//! second plan change nothing.
//!
//! Keys: `cycle:{periode}:{sending}:{local date}:{zone}` for a moment,
//! `cycle:plan:{periode}` for the plan job at the start of that month.

use chrono::{DateTime, NaiveTime, Utc};
use chrono_tz::Tz;

use super::{reminders, scheduled_digests};
use crate::dialogue::Settings;
use crate::domain::local_time::at_local;
use crate::domain::periode::Periode;
use crate::domain::schedule::{CycleJob, GRACE, Sending, ZONES, next_periode, window_start};
use crate::store::Tx;
use crate::store::jobs::{self, Job, Outcome};

/// The job kind of the cycle's moments.
pub const KIND: &str = "report-cycle";
/// The job kind of the monthly plan.
pub const PLAN_KIND: &str = "report-cycle-plan";

/// The zone whose month begins first (WIT): the plan job runs at its midnight.
const FIRST_ZONE: Tz = Tz::Asia__Jayapura;

/// Schedules, in the caller's transaction, every moment still ahead (or
/// less than [`GRACE`] ago) of the month that just ended and of the
/// current month, in every zone, and the next plan job; returns how many
/// jobs were new. Wake the scheduler after the commit.
pub async fn plan(tx: &mut Tx, now: DateTime<Utc>, settings: &Settings) -> anyhow::Result<u64> {
    let current = Periode::containing(now, FIRST_ZONE);
    let mut scheduled = 0;
    for periode in [current.previous(), current] {
        for tz in ZONES {
            for moment in settings.schedule.moments(periode, settings.digest.due_day, tz) {
                if now - moment.at > GRACE {
                    continue;
                }
                let key = format!("cycle:{periode}:{}:{}:{}", moment.sending.as_str(), moment.date, tz.name());
                let job =
                    CycleJob { periode, sending: moment.sending, date: moment.date, time_zone: tz.name().to_owned() };
                scheduled += u64::from(jobs::schedule(tx, &key, KIND, &job, moment.at).await?);
            }
        }
    }
    let next = next_periode(current);
    let at = at_local(window_start(current), NaiveTime::MIN, FIRST_ZONE);
    scheduled += u64::from(jobs::schedule(tx, &format!("cycle:plan:{next}"), PLAN_KIND, &next, at).await?);
    Ok(scheduled)
}

/// Fires the plan job: plans the month that begins.
pub async fn replan(tx: &mut Tx, now: DateTime<Utc>, settings: &Settings) -> anyhow::Result<Outcome> {
    let scheduled = plan(tx, now, settings).await?;
    tracing::info!(scheduled, "reporting cycle planned");
    Ok(Outcome::Done)
}

/// Fires a moment: the kader's reminders, or the officials' digests of
/// its zone. Dropped when late by more than [`GRACE`].
pub async fn fire(tx: &mut Tx, job: &Job, now: DateTime<Utc>, settings: &Settings) -> anyhow::Result<Outcome> {
    if job.is_stale(now, GRACE) {
        return Ok(Outcome::Dropped);
    }
    let moment: CycleJob = job.parse_payload()?;
    match moment.sending {
        Sending::Reminder => {
            let sent = reminders::remind(tx, &moment, settings.digest.due_day, now).await?;
            tracing::info!(periode = %moment.periode, zone = moment.time_zone, sent, "report reminders written");
        }
        Sending::Weekly | Sending::Monthly => {
            let regions = scheduled_digests::fan_out(tx, &moment, job.due_at).await?;
            tracing::info!(periode = %moment.periode, zone = moment.time_zone, regions, "scheduled digests planned");
        }
    }
    Ok(Outcome::Done)
}
