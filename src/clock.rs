//! Where "now" comes from. The running bot reads the system clock; tests set
//! a fixed moment and move it forward, so that a test about "the month that
//! just ended" or "coming back the next day" means the same thing whatever
//! day it runs on. Background tasks wait for a moment with
//! [`Clock::sleep_until`], so moving a fixed clock wakes them as the real
//! time would.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use tokio::sync::watch;

/// The system clock, or a clock that stands still until it is moved.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    /// Its moment, sent to those waiting whenever it moves.
    fixed: Option<Arc<watch::Sender<DateTime<Utc>>>>,
}

impl Clock {
    /// The real time.
    pub fn system() -> Clock {
        Clock::default()
    }

    /// A clock showing `at` until [`Clock::advance`] moves it; clones share it.
    pub fn fixed(at: DateTime<Utc>) -> Clock {
        Clock { fixed: Some(Arc::new(watch::Sender::new(at))) }
    }

    pub fn now(&self) -> DateTime<Utc> {
        match &self.fixed {
            Some(at) => *at.borrow(),
            None => Utc::now(),
        }
    }

    /// Moves a fixed clock forward (the system clock moves by itself).
    pub fn advance(&self, by: Duration) {
        if let Some(at) = &self.fixed {
            at.send_modify(|at| *at += by);
        }
    }

    /// Returns once the clock shows `at` or later: the system clock sleeps
    /// until then; a fixed clock waits for [`Clock::advance`] to get there.
    pub async fn sleep_until(&self, at: DateTime<Utc>) {
        match &self.fixed {
            Some(fixed) => {
                // The sender lives as long as `self`, so this cannot fail.
                let _ = fixed.subscribe().wait_for(|now| *now >= at).await;
            }
            None => {
                if let Ok(wait) = (at - Utc::now()).to_std() {
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_moves_only_when_told_and_clones_share_it() {
        let start = DateTime::parse_from_rfc3339("2026-11-10T02:00:00Z").unwrap().with_timezone(&Utc);
        let clock = Clock::fixed(start);
        let shared = clock.clone();
        assert_eq!(clock.now(), start);
        shared.advance(Duration::days(1));
        assert_eq!(clock.now(), start + Duration::days(1));
        assert!(Clock::system().now() > start - Duration::days(365 * 10));
    }

    #[tokio::test]
    async fn sleeping_on_a_fixed_clock_ends_when_it_is_moved_to_the_moment() {
        let start = DateTime::parse_from_rfc3339("2026-11-10T02:00:00Z").unwrap().with_timezone(&Utc);
        let clock = Clock::fixed(start);
        let sleeper = tokio::spawn({
            let clock = clock.clone();
            async move { clock.sleep_until(start + Duration::hours(2)).await }
        });
        clock.advance(Duration::hours(1));
        tokio::task::yield_now().await;
        assert!(!sleeper.is_finished(), "an hour short");
        clock.advance(Duration::hours(1));
        tokio::time::timeout(std::time::Duration::from_secs(5), sleeper).await.expect("woken at the moment").unwrap();
        clock.sleep_until(start).await; // a moment already passed returns at once
    }

    #[tokio::test]
    async fn sleeping_on_the_system_clock_waits_the_real_time() {
        let started = std::time::Instant::now();
        Clock::system().sleep_until(Utc::now() + Duration::milliseconds(50)).await;
        assert!(started.elapsed() >= std::time::Duration::from_millis(40));
        Clock::system().sleep_until(Utc::now() - Duration::days(1)).await;
    }
}
