//! The kader's report reminders: when a reminder moment of the cycle fires
//! in a zone, every kader of that zone whose posyandu has not reported the
//! month gets one message, and every kader whose posyandu sent some of
//! its sections but not all gets one saying so (key
//! `reminder:{periode}:{date}:{person}`, one per kader and moment).

use chrono::{DateTime, Utc};

use crate::dialogue::scheduled;
use crate::domain::form::packs::Forms;
use crate::domain::schedule::{CycleJob, due_date};
use crate::reply::Reply;
use crate::store::audience::{self, Keyed};
use crate::store::outbox::Priority;
use crate::store::{Tx, reports};

/// Writes the reminders of `moment` (a [`Sending::Reminder`](crate::domain::schedule::Sending));
/// returns how many.
pub async fn remind(
    tx: &mut Tx,
    moment: &CycleJob,
    due_day: u32,
    forms: &Forms,
    now: DateTime<Utc>,
) -> anyhow::Result<u64> {
    let (key, [nothing, incomplete]) = decide(moment, due_day);
    let kader = reports::kader_not_reported(&moment.time_zone, moment.periode);
    let mut sent = audience::write(tx, &kader, Keyed::PerPerson(&key), &nothing, Priority::Broadcast, now).await?;
    let kader = reports::kader_incomplete(&moment.time_zone, moment.periode, forms);
    sent += audience::write(tx, &kader, Keyed::PerPerson(&key), &incomplete, Priority::Broadcast, now).await?;
    Ok(sent)
}

/// The reminders of `moment` (nothing sent yet; some sections still
/// missing) and the start of their keys (the person's id follows): one
/// reminder per kader and moment, however often it fires.
fn decide(moment: &CycleJob, due_day: u32) -> (String, [Reply; 2]) {
    let due = due_date(moment.periode, due_day);
    let replies = [scheduled::reminder(moment.periode, due), scheduled::reminder_incomplete(moment.periode, due)];
    (format!("reminder:{}:{}:", moment.periode, moment.date), replies)
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
        let (key, [reply, incomplete]) = decide(&moment, 5);
        assert_eq!(key, "reminder:2026-10:2026-11-03:");
        let text = reply.text.render(Lang::Id);
        assert!(text.contains("Oktober 2026") && text.contains("5 November"), "{text}");
        let text = incomplete.text.render(Lang::Id);
        assert!(text.contains("sudah masuk sebagian") && text.contains("5 November"), "{text}");
        let (_, [late_due, _]) = decide(&moment, 31);
        assert!(late_due.text.render(Lang::Id).contains("30 November"), "due day clamped to the month");
    }
}
