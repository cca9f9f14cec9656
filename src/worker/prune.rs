//! Forgets what is no longer needed: update ids once platforms can no
//! longer deliver them again, and settled outbox rows (replies after a few
//! days; notices and broadcasts, which meeting tallies count, after months).

use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::clock::Clock;
use crate::store::outbox::Priority;
use crate::store::{Db, dialogues, outbox};

/// How long update ids are remembered for de-duplication (platforms
/// re-deliver within a day or two).
pub const SEEN_UPDATES_KEPT: chrono::Duration = chrono::Duration::days(3);

const EVERY: Duration = Duration::from_secs(3600);

/// How long settled replies stay in the outbox (to look into a complaint).
pub const REPLIES_KEPT: chrono::Duration = chrono::Duration::days(3);
/// How long settled notices and broadcasts stay.
pub const BROADCASTS_KEPT: chrono::Duration = chrono::Duration::days(180);

/// Hourly until shutdown, forgets update ids older than [`SEEN_UPDATES_KEPT`]
/// and settled outbox rows older than [`REPLIES_KEPT`] or [`BROADCASTS_KEPT`].
pub async fn forget_old(db: Db, clock: Clock, shutdown: CancellationToken) {
    let mut every_hour = tokio::time::interval(EVERY);
    loop {
        tokio::select! {
            _ = shutdown.cancelled() => return,
            _ = every_hour.tick() => {}
        }
        let now = clock.now();
        if let Err(error) = dialogues::forget_seen_before(&db, now - SEEN_UPDATES_KEPT).await {
            tracing::warn!(%error, "could not prune seen updates");
        }
        for (priority, kept) in [(Priority::Reply, REPLIES_KEPT), (Priority::Broadcast, BROADCASTS_KEPT)] {
            if let Err(error) = outbox::forget_settled(&db, priority as i32, now - kept).await {
                tracing::warn!(error = format!("{error:#}"), "could not prune the outbox");
            }
        }
    }
}
