//! Forgets update ids once platforms can no longer deliver them again.

use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::clock::Clock;
use crate::store::{Db, dialogues};

/// How long update ids are remembered for de-duplication (platforms
/// re-deliver within a day or two).
pub const SEEN_UPDATES_KEPT: chrono::Duration = chrono::Duration::days(3);

const EVERY: Duration = Duration::from_secs(3600);

/// Hourly until shutdown, forgets update ids older than [`SEEN_UPDATES_KEPT`].
pub async fn forget_old_updates(db: Db, clock: Clock, shutdown: CancellationToken) {
    let mut every_hour = tokio::time::interval(EVERY);
    loop {
        tokio::select! {
            _ = shutdown.cancelled() => return,
            _ = every_hour.tick() => {}
        }
        if let Err(error) = dialogues::forget_seen_before(&db, clock.now() - SEEN_UPDATES_KEPT).await {
            tracing::warn!(%error, "could not prune seen updates");
        }
    }
}
