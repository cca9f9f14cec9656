//! The kader's report reminders: when a reminder moment of the cycle fires
//! in a zone, every kader of that zone whose posyandu has not reported the
//! month gets one message (key `reminder:{periode}:{date}:{person}`).

use chrono::{DateTime, Utc};

use crate::dialogue::scheduled;
use crate::domain::schedule::{CycleJob, due_date};
use crate::reply::Reply;
use crate::store::audience::{self, Keyed};
use crate::store::outbox::Priority;
use crate::store::{Tx, reports};

/// Writes the reminders of `moment` (a [`Sending::Reminder`](crate::domain::schedule::Sending));
/// returns how many.
pub async fn remind(tx: &mut Tx, moment: &CycleJob, due_day: u32, now: DateTime<Utc>) -> anyhow::Result<u64> {
    let (key, reply) = decide(moment, due_day);
    let kader = reports::kader_not_reported(&moment.time_zone, moment.periode);
    audience::write(tx, &kader, Keyed::PerPerson(&key), &reply, Priority::Broadcast, now).await
}

/// The reminder of `moment` and the start of its keys (the person's id
/// follows): one reminder per kader and moment, however often it fires.
fn decide(moment: &CycleJob, due_day: u32) -> (String, Reply) {
    let reply = scheduled::reminder(moment.periode, due_date(moment.periode, due_day));
    (format!("reminder:{}:{}:", moment.periode, moment.date), reply)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::lang::Lang;
    use crate::domain::periode::Periode;
    use crate::domain::schedule::Sending;

    #[test]
    fn a_reminder_names_the_month_and_its_due_day_and_is_keyed_by_its_moment() {
        let moment = CycleJob {
            periode: Periode::new(2026, 10).unwrap(),
            sending: Sending::Reminder,
            date: NaiveDate::from_ymd_opt(2026, 11, 3).unwrap(),
            time_zone: "Asia/Makassar".into(),
        };
        let (key, reply) = decide(&moment, 5);
        assert_eq!(key, "reminder:2026-10:2026-11-03:");
        let text = reply.text.render(Lang::Id);
        assert!(text.contains("Oktober 2026") && text.contains("5 November"), "{text}");
        let (_, late_due) = decide(&moment, 31);
        assert!(late_due.text.render(Lang::Id).contains("30 November"), "due day clamped to the month");
    }
}
