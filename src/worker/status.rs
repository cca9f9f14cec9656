//! Keeps each organizer's status message up to date ("Terkirim 312/450 ·
//! Hadir 120 · …") while the invitations go out and the answers come in.
//!
//! The message itself is an outbox row like any other (written when the
//! meeting is created); what this task sends are edits of it, which are
//! idempotent: showing the same figures twice changes nothing, so an edit
//! needs no outbox row of its own. A meeting is looked at only when its
//! tally may have changed (an answer, a change, invitations still on their
//! way) and at most once every [`EVERY`], however many answers arrive: the
//! claim on the meeting row ([`organizer::take_stale`]) holds for that long,
//! so several processes on one PostgreSQL share the work without editing
//! more often. Edits wait for their turn under the channel's global rate.
//!
//! A database error pauses the task; it carries on at the next round.

use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::clock::Clock;
use crate::dialogue::meeting::organizer;
use crate::domain::channel::Channel;
use crate::i18n::Reader;
use crate::outbox::Outbox;
use crate::outbox::sender::{SendError, Sender};
use crate::store::{Db, organizer as rows};

/// The least time between two edits of one status message.
pub const EVERY: chrono::Duration = chrono::Duration::seconds(3);
/// How often the task looks for stale status messages.
const ROUND: Duration = Duration::from_secs(1);
/// Status messages brought up to date in one round.
const BATCH: i64 = 50;

/// Edits stale status messages on `channel` through `sender` until `shutdown`.
pub async fn run<S: Sender>(
    db: Db,
    clock: Clock,
    outbox: Outbox,
    (channel, sender): (Channel, S),
    shutdown: CancellationToken,
) {
    loop {
        tokio::select! {
            _ = shutdown.cancelled() => return,
            _ = tokio::time::sleep(ROUND) => {}
        }
        if let Err(error) = round(&db, &clock, &outbox, channel, &sender).await {
            tracing::warn!(error = format!("{error:#}"), "status messages not updated; will try again");
        }
    }
}

/// Brings the stale status messages claimed now up to date.
async fn round<S: Sender>(db: &Db, clock: &Clock, outbox: &Outbox, channel: Channel, sender: &S) -> anyhow::Result<()> {
    for stale in rows::take_stale(db, channel.as_str(), clock.now(), EVERY, BATCH).await? {
        let Some((meeting, tally)) = rows::status(db, stale.meeting_id).await? else { continue };
        if rows::last_shown(db, meeting.id).await?.as_deref() != Some(tally.fingerprint().as_str()) {
            let reply = organizer::status(&meeting, &tally).editing(stale.platform_id.clone());
            outbox.pacer().reply_turn().await;
            match sender.send(&stale.chat_id, Reader::new(stale.lang, stale.time_zone), &reply).await {
                Ok(_) => {}
                Err(SendError::RetryAfter(wait)) => {
                    outbox.pacer().pause(wait);
                    continue;
                }
                Err(error) => {
                    // Stays stale: tried again after EVERY.
                    tracing::warn!(meeting = meeting.id, %error, "could not edit a status message");
                    continue;
                }
            }
        }
        rows::shown(db, meeting.id, &tally).await?;
    }
    Ok(())
}
