//! Where "now" comes from. The running bot reads the system clock; tests set
//! a fixed moment and move it forward, so that a test about "the month that
//! just ended" or "coming back the next day" means the same thing whatever
//! day it runs on.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};

/// The system clock, or a clock that stands still until it is moved.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    fixed: Option<Arc<Mutex<DateTime<Utc>>>>,
}

impl Clock {
    /// The real time.
    pub fn system() -> Clock {
        Clock::default()
    }

    /// A clock showing `at` until [`Clock::advance`] moves it; clones share it.
    pub fn fixed(at: DateTime<Utc>) -> Clock {
        Clock { fixed: Some(Arc::new(Mutex::new(at))) }
    }

    pub fn now(&self) -> DateTime<Utc> {
        match &self.fixed {
            Some(at) => *at.lock().expect("clock lock"),
            None => Utc::now(),
        }
    }

    /// Moves a fixed clock forward (the system clock moves by itself).
    pub fn advance(&self, by: Duration) {
        if let Some(at) = &self.fixed {
            *at.lock().expect("clock lock") += by;
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
}
