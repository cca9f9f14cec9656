//! Telegram's sending limits, as token buckets.

use std::collections::HashMap;
use std::time::{Duration, Instant};

/// How fast the bot may send (`sendMessage`, `sendDocument`, `sendPhoto`;
/// edits, callback answers and chat actions are not counted).
///
/// Each budget is a token bucket: it holds at most `burst` sends and refills
/// at `per_sec`. A send takes one token from the global bucket and one from
/// its chat's; when either is empty the fake answers 429 with
/// `parameters.retry_after` = the whole seconds until both have a token
/// again (at least 1), and the refused send takes nothing. So a bot may send
/// a short burst at once, as Telegram tolerates, but not keep above the rate.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Limits {
    /// All chats together; `None`: no limit.
    pub global: Option<Rate>,
    /// Each chat on its own; `None`: no limit.
    pub per_chat: Option<Rate>,
}

/// A token bucket's size and refill speed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rate {
    pub per_sec: f64,
    pub burst: u32,
}

impl Limits {
    /// Telegram's documented numbers: about 30 messages per second overall
    /// (burst 30) and about 1 per second per chat, with a burst of 3.
    pub const fn telegram() -> Limits {
        Limits { global: Some(Rate { per_sec: 30.0, burst: 30 }), per_chat: Some(Rate { per_sec: 1.0, burst: 3 }) }
    }

    /// No sending limits (what [`crate::FakeBotApi::start`] uses).
    pub const fn unlimited() -> Limits {
        Limits { global: None, per_chat: None }
    }
}

/// The buckets of [`Limits`]; they start full.
pub(crate) struct Limiter {
    limits: Limits,
    global: Option<Bucket>,
    chats: HashMap<i64, Bucket>,
}

impl Default for Limiter {
    fn default() -> Limiter {
        Limiter::new(Limits::unlimited())
    }
}

impl Limiter {
    /// Panics unless every rate is positive with a burst of at least 1.
    pub(crate) fn new(limits: Limits) -> Limiter {
        for rate in [limits.global, limits.per_chat].into_iter().flatten() {
            assert!(rate.per_sec > 0.0 && rate.burst >= 1, "a rate needs per_sec > 0 and burst ≥ 1: {rate:?}");
        }
        Limiter { limits, global: None, chats: HashMap::new() }
    }

    /// Takes one send to `chat` at `now` from every budget, or says after
    /// how many whole seconds (at least 1) to try again.
    pub(crate) fn try_send(&mut self, chat: i64, now: Instant) -> Result<(), u32> {
        let global = self.limits.global.map(|rate| self.global.get_or_insert_with(|| Bucket::full(rate, now)));
        let per_chat =
            self.limits.per_chat.map(|rate| self.chats.entry(chat).or_insert_with(|| Bucket::full(rate, now)));
        let mut buckets: Vec<&mut Bucket> = global.into_iter().chain(per_chat).collect();
        let wait = buckets.iter_mut().map(|bucket| bucket.wait(now)).max().unwrap_or_default();
        if !wait.is_zero() {
            return Err(wait.as_secs_f64().ceil().max(1.0) as u32);
        }
        for bucket in buckets {
            bucket.tokens -= 1.0;
        }
        Ok(())
    }
}

struct Bucket {
    rate: Rate,
    tokens: f64,
    refilled_at: Instant,
}

impl Bucket {
    fn full(rate: Rate, now: Instant) -> Bucket {
        Bucket { rate, tokens: f64::from(rate.burst), refilled_at: now }
    }

    /// Refills for the time passed; how long until it holds a whole token.
    fn wait(&mut self, now: Instant) -> Duration {
        let elapsed = now.saturating_duration_since(self.refilled_at).as_secs_f64();
        self.tokens = (self.tokens + elapsed * self.rate.per_sec).min(f64::from(self.rate.burst));
        self.refilled_at = now;
        // Refills add up in floating point: 0.99 + 0.01 is a whole token.
        let missing = 1.0 - self.tokens;
        if missing < 1e-9 { Duration::ZERO } else { Duration::from_secs_f64(missing / self.rate.per_sec) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHAT: i64 = 1;

    #[test]
    fn a_chat_may_burst_then_waits_for_its_rate() {
        let mut limiter = Limiter::new(Limits::telegram());
        let start = Instant::now();
        for _ in 0..3 {
            assert_eq!(limiter.try_send(CHAT, start), Ok(()));
        }
        assert_eq!(limiter.try_send(CHAT, start), Err(1));
        assert_eq!(limiter.try_send(CHAT + 1, start), Ok(()), "other chats have their own budget");
        assert_eq!(limiter.try_send(CHAT, start + Duration::from_millis(990)), Err(1));
        assert_eq!(limiter.try_send(CHAT, start + Duration::from_secs(1)), Ok(()));
        assert_eq!(limiter.try_send(CHAT, start + Duration::from_secs(1)), Err(1));
    }

    #[test]
    fn the_global_budget_is_shared_by_all_chats() {
        let mut limiter = Limiter::new(Limits { global: Some(Rate { per_sec: 0.25, burst: 2 }), per_chat: None });
        let start = Instant::now();
        assert_eq!(limiter.try_send(1, start), Ok(()));
        assert_eq!(limiter.try_send(2, start), Ok(()));
        assert_eq!(limiter.try_send(3, start), Err(4), "whole seconds until a token");
        assert_eq!(limiter.try_send(3, start + Duration::from_millis(2500)), Err(2));
        assert_eq!(limiter.try_send(3, start + Duration::from_secs(4)), Ok(()));
    }

    #[test]
    fn a_refused_send_takes_nothing() {
        let global = Some(Rate { per_sec: 1.0, burst: 1 });
        let mut limiter = Limiter::new(Limits { global, per_chat: Some(Rate { per_sec: 0.1, burst: 1 }) });
        let start = Instant::now();
        assert_eq!(limiter.try_send(1, start), Ok(()));
        assert_eq!(limiter.try_send(2, start), Err(1));
        // Had the refused send taken chat 2's token, chat 2 would wait 10 s.
        assert_eq!(limiter.try_send(2, start + Duration::from_secs(1)), Ok(()));
    }

    #[test]
    fn unlimited_never_refuses() {
        let mut limiter = Limiter::default();
        let now = Instant::now();
        assert!((0..10_000).all(|_| limiter.try_send(CHAT, now).is_ok()));
    }
}
