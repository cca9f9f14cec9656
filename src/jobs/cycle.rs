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

use super::{Planned, reminders, scheduled_digests};
use crate::dialogue::Settings;
use crate::domain::form::packs::Forms;
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

/// The plan at `now`: every moment still ahead (or less than [`GRACE`]
/// ago) of the month that just ended and of the current month, in every
/// zone, and the next plan job.
pub fn decide(now: DateTime<Utc>, settings: &Settings) -> (Vec<Planned<CycleJob>>, Planned<Periode>) {
    let current = Periode::containing(now, FIRST_ZONE);
    let mut moments = Vec::new();
    for periode in [current.previous(), current] {
        for tz in ZONES {
            for moment in settings.schedule.moments(periode, settings.digest.due_day, tz) {
                if now - moment.at > GRACE {
                    continue;
                }
                let key = format!("cycle:{periode}:{}:{}:{}", moment.sending.as_str(), moment.date, tz.name());
                let job =
                    CycleJob { periode, sending: moment.sending, date: moment.date, time_zone: tz.name().to_owned() };
                moments.push(Planned { key, job, at: moment.at });
            }
        }
    }
    let next = next_periode(current);
    let at = at_local(window_start(current), NaiveTime::MIN, FIRST_ZONE);
    (moments, Planned { key: format!("cycle:plan:{next}"), job: next, at })
}

/// Schedules, in the caller's transaction, the plan [`decide`] makes;
/// returns how many jobs were new. Wake the scheduler after the commit.
pub async fn plan(tx: &mut Tx, now: DateTime<Utc>, settings: &Settings) -> anyhow::Result<u64> {
    let (moments, next) = decide(now, settings);
    let mut scheduled = 0;
    for Planned { key, job, at } in moments {
        scheduled += u64::from(jobs::schedule(tx, &key, KIND, &job, at).await?);
    }
    scheduled += u64::from(jobs::schedule(tx, &next.key, PLAN_KIND, &next.job, next.at).await?);
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
pub async fn fire(
    tx: &mut Tx,
    job: &Job,
    now: DateTime<Utc>,
    settings: &Settings,
    forms: &Forms,
) -> anyhow::Result<Outcome> {
    if job.is_stale(now, GRACE) {
        return Ok(Outcome::Dropped);
    }
    let moment: CycleJob = job.parse_payload()?;
    match moment.sending {
        Sending::Reminder => {
            let sent = reminders::remind(tx, &moment, settings.digest.due_day, forms, now).await?;
            tracing::info!(periode = %moment.periode, zone = moment.time_zone, sent, "report reminders written");
        }
        Sending::Weekly | Sending::Monthly => {
            let regions = scheduled_digests::fan_out(tx, &moment, job.due_at).await?;
            tracing::info!(periode = %moment.periode, zone = moment.time_zone, regions, "scheduled digests planned");
        }
    }
    Ok(Outcome::Done)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn the_plan_has_every_zone_s_moments_ahead_and_drops_those_past_their_grace() {
        let settings = Settings::default();
        let now = Tz::Asia__Makassar.with_ymd_and_hms(2026, 11, 1, 0, 30, 0).unwrap().with_timezone(&Utc);
        let (moments, next) = decide(now, &settings);
        let october = Periode::containing(now, FIRST_ZONE).previous();
        let digest_in = |moments: &[Planned<CycleJob>], tz: Tz| {
            moments.iter().find(|m| m.job.time_zone == tz.name() && m.job.sending == Sending::Monthly).cloned()
        };
        for tz in ZONES {
            let digest = digest_in(&moments, tz).unwrap_or_else(|| panic!("{tz}: no digest planned"));
            assert_eq!(digest.job.periode, october, "{tz}");
        }
        let keys: std::collections::HashSet<&str> = moments.iter().map(|m| m.key.as_str()).collect();
        assert_eq!(keys.len(), moments.len(), "one key per moment");
        // Once WITA's digest is more than the grace late, it is not planned again.
        let digest = digest_in(&moments, Tz::Asia__Makassar).unwrap();
        let late = decide(digest.at + GRACE + chrono::Duration::minutes(1), &settings).0;
        assert!(late.iter().all(|m| m.key != digest.key), "{} planned after its grace", digest.key);
        assert!(late.iter().all(|m| digest.at + GRACE + chrono::Duration::minutes(1) - m.at <= GRACE));
        // December's plan runs at WIT's midnight on 1 December.
        assert_eq!(next.key, "cycle:plan:2026-12");
        assert_eq!(next.at, Tz::Asia__Jayapura.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap().with_timezone(&Utc));
    }
}
