//! Background work above the store: what the bot sends on its own, and
//! when. Each kind of job is one module that decides what to send and
//! when (pure functions, with the texts from the dialogue layer, tested
//! beside them) and then writes it, to the outbox or the job table, in the
//! job's transaction; nothing here sends. [`handlers`] registers every kind with
//! the scheduler (`crate::worker::scheduler`), which fires them.
//!
//! - [`cycle`]: the monthly reporting cycle (plan, then each moment);
//! - [`reminders`]: the kader's report reminders;
//! - [`scheduled_digests`]: the officials' weekly update and monthly digest;
//! - [`meetings`]: invitations, changes, cancellations, meeting reminders.

pub mod cycle;
pub mod meetings;
pub mod reminders;
pub mod scheduled_digests;

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::dialogue::Settings;
use crate::domain::form::packs::Forms;
use crate::worker::scheduler::Handlers;

/// A job a module decided to schedule: its key, what it carries, when it
/// is due.
#[derive(Clone, Debug, PartialEq)]
pub struct Planned<T> {
    pub key: String,
    pub job: T,
    pub at: DateTime<Utc>,
}

/// The handler of every kind of job, following the deployment's
/// `settings` and form packs.
pub fn handlers(settings: Settings, forms: Arc<Forms>) -> Handlers {
    let settings = Arc::new(settings);
    let (plan, fire, send) = (settings.clone(), settings.clone(), settings);
    let digest_forms = forms.clone();
    Handlers::default()
        .on(meetings::REMINDER_KIND, |tx, job, now| Box::pin(meetings::remind(tx, job, now)))
        .on(cycle::PLAN_KIND, move |tx, _, now| {
            let settings = plan.clone();
            Box::pin(async move { cycle::replan(tx, now, &settings).await })
        })
        .on(cycle::KIND, move |tx, job, now| {
            let (settings, forms) = (fire.clone(), forms.clone());
            Box::pin(async move { cycle::fire(tx, job, now, &settings, &forms).await })
        })
        .on(scheduled_digests::AREA_KIND, move |tx, job, now| {
            let (settings, forms) = (send.clone(), digest_forms.clone());
            Box::pin(async move { scheduled_digests::send(tx, job, now, &settings, &forms).await })
        })
}
