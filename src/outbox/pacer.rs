//! Pacing sends under the platform's limits, with governor's GCRA rate
//! limiters: a global rate for the channel (Telegram: about 30 messages a
//! second per bot), at most about one broadcast message a second per chat,
//! a pause of the whole channel when the platform answers "retry after",
//! and replies before broadcasts.
//!
//! Replies are not held to the per-chat rate: they answer what the person
//! just sent, a few at a time. Broadcasts wait while any reply is waiting,
//! so a kader never waits behind a 10,000-invitation broadcast.

use std::num::NonZeroU32;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use governor::clock::{Clock as _, DefaultClock};
use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota};
use tokio::sync::Notify;
use tokio::time::Instant;

/// The rates to keep to; `None` means no limit (a local Bot API server, or
/// Telegram's paid broadcasts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Messages a second, all chats together.
    pub per_second: Option<NonZeroU32>,
    /// Broadcast messages a second to one chat.
    pub per_chat_per_second: Option<NonZeroU32>,
}

impl Limits {
    /// Just under Telegram's limits: 28 a second, 1 a second per chat.
    pub const TELEGRAM: Limits = Limits { per_second: NonZeroU32::new(28), per_chat_per_second: NonZeroU32::new(1) };

    pub const UNLIMITED: Limits = Limits { per_second: None, per_chat_per_second: None };
}

/// `rate` a second, evenly spaced, with a burst of a fifteenth of the rate
/// (at least one): enough to make up for a timer that wakes a millisecond
/// late, so the achieved rate stays close to `rate`, while any one second
/// holds at most `rate + rate / 15` messages (28 a second: at most 29).
fn smooth(rate: NonZeroU32) -> Quota {
    let burst = NonZeroU32::new(rate.get() / 15).unwrap_or(NonZeroU32::MIN);
    Quota::per_second(rate).allow_burst(burst)
}

/// The pacing of one channel.
pub struct Pacer {
    global: Option<DefaultDirectRateLimiter>,
    per_chat: Option<DefaultKeyedRateLimiter<String>>,
    paused_until: Mutex<Option<Instant>>,
    replies_waiting: AtomicUsize,
    replies_done: Notify,
}

impl Pacer {
    pub fn new(limits: Limits) -> Pacer {
        Pacer {
            global: limits.per_second.map(|rate| governor::RateLimiter::direct(smooth(rate))),
            per_chat: limits.per_chat_per_second.map(|rate| governor::RateLimiter::keyed(smooth(rate))),
            paused_until: Mutex::default(),
            replies_waiting: AtomicUsize::new(0),
            replies_done: Notify::new(),
        }
    }

    /// Waits until a reply may go: after any pause, at the global rate.
    pub async fn reply_turn(&self) {
        self.replies_waiting.fetch_add(1, Ordering::AcqRel);
        self.wait_out_pause().await;
        if let Some(global) = &self.global {
            global.until_ready().await;
        }
        if self.replies_waiting.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.replies_done.notify_waiters();
        }
    }

    /// Waits until a broadcast message to `chat` may go: at the chat's
    /// rate, after any pause, when no reply is waiting, at the global rate.
    pub async fn broadcast_turn(&self, chat: &str) {
        if let Some(per_chat) = &self.per_chat {
            per_chat.until_key_ready(&chat.to_owned()).await;
        }
        loop {
            self.wait_for_replies().await;
            self.wait_out_pause().await;
            let Some(global) = &self.global else { return };
            match global.check() {
                Ok(()) => return,
                Err(not_until) => tokio::time::sleep(not_until.wait_time_from(DefaultClock::default().now())).await,
            }
        }
    }

    /// The platform asked the channel to wait `wait` (a 429's `retry_after`).
    pub fn pause(&self, wait: Duration) {
        let until = Instant::now() + wait;
        let mut paused = self.paused_until.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if paused.is_none_or(|p| p < until) {
            *paused = Some(until);
        }
    }

    /// Forgets chats that have not been written to lately (the per-chat
    /// limiter would otherwise remember every chat ever sent to).
    pub fn forget_idle_chats(&self) {
        if let Some(per_chat) = &self.per_chat {
            per_chat.retain_recent();
            per_chat.shrink_to_fit();
        }
    }

    async fn wait_out_pause(&self) {
        let until = *self.paused_until.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(until) = until {
            tokio::time::sleep_until(until).await;
        }
    }

    async fn wait_for_replies(&self) {
        loop {
            let done = self.replies_done.notified();
            tokio::pin!(done);
            done.as_mut().enable();
            if self.replies_waiting.load(Ordering::Acquire) == 0 {
                return;
            }
            done.await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn broadcasts_keep_to_the_global_and_per_chat_rates() {
        let pacer = Pacer::new(Limits { per_second: NonZeroU32::new(20), per_chat_per_second: NonZeroU32::new(2) });
        let start = Instant::now();
        for i in 0..21 {
            pacer.broadcast_turn(&format!("chat{i}")).await;
        }
        // The first goes at once, then one every 50 ms.
        assert!(start.elapsed() >= Duration::from_millis(950), "{:?}", start.elapsed());
        let start = Instant::now();
        pacer.broadcast_turn("same").await;
        pacer.broadcast_turn("same").await;
        assert!(start.elapsed() >= Duration::from_millis(450), "two to one chat: {:?}", start.elapsed());
    }

    #[tokio::test]
    async fn a_pause_holds_everything_back() {
        let pacer = Pacer::new(Limits::UNLIMITED);
        pacer.pause(Duration::from_millis(300));
        let start = Instant::now();
        pacer.reply_turn().await;
        pacer.broadcast_turn("a").await;
        assert!(start.elapsed() >= Duration::from_millis(290), "{:?}", start.elapsed());
    }

    #[tokio::test]
    async fn replies_go_before_waiting_broadcasts() {
        let pacer =
            std::sync::Arc::new(Pacer::new(Limits { per_second: NonZeroU32::new(10), per_chat_per_second: None }));
        pacer.reply_turn().await; // uses the one slot there is now
        let order = std::sync::Arc::new(Mutex::new(Vec::new()));
        let broadcast = {
            let (pacer, order) = (pacer.clone(), order.clone());
            tokio::spawn(async move {
                pacer.broadcast_turn("b").await;
                order.lock().unwrap().push("broadcast");
            })
        };
        tokio::task::yield_now().await;
        pacer.reply_turn().await;
        order.lock().unwrap().push("reply");
        broadcast.await.unwrap();
        assert_eq!(*order.lock().unwrap(), ["reply", "broadcast"]);
    }
}
