//! The kader's report reminders: when a reminder moment of the cycle fires
//! in a zone, every kader of that zone whose posyandu has not reported the
//! month gets one message (key `reminder:{periode}:{date}:{person}`).

use chrono::{DateTime, Utc};

use crate::dialogue::scheduled;
use crate::domain::schedule::{CycleJob, due_date};
use crate::store::audience::{self, Keyed};
use crate::store::outbox::Priority;
use crate::store::{Tx, reports};

/// Writes the reminders of `moment` (a [`Sending::Reminder`](crate::domain::schedule::Sending));
/// returns how many.
pub async fn remind(tx: &mut Tx, moment: &CycleJob, due_day: u32, now: DateTime<Utc>) -> anyhow::Result<u64> {
    let reply = scheduled::reminder(moment.periode, due_date(moment.periode, due_day));
    let key = format!("reminder:{}:{}:", moment.periode, moment.date);
    let kader = reports::kader_not_reported(&moment.time_zone, moment.periode);
    audience::write(tx, &kader, Keyed::PerPerson(&key), &reply, Priority::Broadcast, now).await
}
