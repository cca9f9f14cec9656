//! Scheduled digests to officials, through the outbox: the weekly
//! completeness update and the month's digest. When such a moment of the
//! cycle fires in a zone, [`fan_out`] adds one job per region of that zone
//! with an official who receives it (`INSERT … SELECT` into the job table:
//! no list of officials in memory). Each region job ([`send`]) computes the
//! region's digest once, renders it once per language its officials read,
//! and writes each message to all of them with one `INSERT … SELECT`.
//!
//! Keys: `digest:{sending}:{periode}:{region}` for a region job,
//! `digest:{sending}:{periode}:{region}:{n}:{person}` for its n-th message
//! to one official, so a region job that runs twice sends nothing twice.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::dialogue::digest::MISSING_PAGE;
use crate::dialogue::digest::sections;
use crate::dialogue::{Settings, scheduled};
use crate::domain::form::packs::Forms;
use crate::domain::periode::Periode;
use crate::domain::region::{Level, RegionCode};
use crate::domain::schedule::{CycleJob, GRACE, Sending, due_date};
use crate::store::audience::{self, Keyed};
use crate::store::jobs::{Job, Outcome};
use crate::store::outbox::Priority;
use crate::store::{Tx, digest, section_digest, subscriptions};

/// The job kind of one region's scheduled digest.
pub const AREA_KIND: &str = "digest-area";

/// Months in the monthly digest's trend chart, as `/rekap` shows.
const TREND_MONTHS: u32 = 12;

/// What a region job carries (written by SQL in [`fan_out`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AreaJob {
    pub sending: Sending,
    pub periode: Periode,
    pub region: RegionCode,
}

/// Schedules a region job at `due_at` for each region of `moment`'s zone
/// whose officials receive it; returns how many were new.
pub async fn fan_out(tx: &mut Tx, moment: &CycleJob, due_at: DateTime<Utc>) -> anyhow::Result<u64> {
    let sending = moment.sending.as_str();
    let key = format!("digest:{sending}:{}:", moment.periode);
    let payload = format!(r#"{{"sending":"{sending}","periode":"{}","region":""#, moment.periode);
    subscriptions::schedule_per_region(tx, moment.sending, &moment.time_zone, (&key, AREA_KIND, &payload), due_at).await
}

/// Fires a region job: the region's digest to each of its officials who
/// receive it, in their language. Dropped when late by more than [`GRACE`].
pub async fn send(
    tx: &mut Tx,
    job: &Job,
    now: DateTime<Utc>,
    settings: &Settings,
    forms: &Forms,
) -> anyhow::Result<Outcome> {
    if job.is_stale(now, GRACE) {
        return Ok(Outcome::Dropped);
    }
    let AreaJob { sending, periode, region } = job.parse_payload()?;
    let area = digest::area(tx, Some(&region), periode, &settings.digest).await?;
    let langs = subscriptions::languages(tx, sending, &region).await?;
    let monthly = match sending {
        Sending::Monthly => {
            let trend = digest::trend(tx, Some(&region), periode, TREND_MONTHS).await?;
            let missing = match region.level() {
                Level::Kecamatan | Level::Desa if area.missing() > 0 => {
                    Some(digest::missing(tx, Some(&region), periode, 0, MISSING_PAGE).await?)
                }
                _ => None,
            };
            Some((trend, missing))
        }
        Sending::Weekly | Sending::Reminder => None,
    };
    // A pack of several sections: the month by section too, naming those still missing.
    let form = forms.for_region(&region);
    let by_section = match form.sections.len() {
        1 => None,
        _ => Some(sections::reply(form, &section_digest::month(tx, &region, periode, form).await?, periode)),
    };
    let key = format!("digest:{}:{periode}:{region}:", sending.as_str());
    for lang in langs {
        let mut messages = match &monthly {
            Some((trend, missing)) => scheduled::monthly(&area, trend, missing.as_ref(), &settings.digest, now, lang),
            None => vec![scheduled::completeness(&area, due_date(periode, settings.digest.due_day))],
        };
        messages.extend(by_section.clone());
        let officials = subscriptions::receiving_in(sending, &region, lang);
        for (n, message) in messages.iter().enumerate() {
            let key = format!("{key}{n}:");
            audience::write(tx, &officials, Keyed::PerPerson(&key), message, Priority::Broadcast, now).await?;
        }
    }
    Ok(Outcome::Done)
}
