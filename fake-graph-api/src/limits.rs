//! WhatsApp's throughput limit: messages per second per business number,
//! as governor's GCRA rate limiter.

use std::num::NonZeroU32;

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};

/// Error 130429's `details`, as Meta words it.
pub(crate) const THROUGHPUT_DETAILS: &str = "Cloud API message throughput has been reached.";

/// How many messages per second the business number may send, and how many
/// at once after a quiet spell (the burst).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Throughput {
    pub per_sec: NonZeroU32,
    pub burst: NonZeroU32,
}

impl Throughput {
    /// The Cloud API's default: 80 messages per second per number.
    pub const fn whatsapp() -> Throughput {
        Throughput::per_second(80)
    }

    /// `per_sec` messages per second, as many at once. Panics on 0.
    pub const fn per_second(per_sec: u32) -> Throughput {
        let Some(rate) = NonZeroU32::new(per_sec) else { panic!("a throughput of 0 messages per second") };
        Throughput { per_sec: rate, burst: rate }
    }
}

/// The limiter of a [`Throughput`], or none.
#[derive(Default)]
pub(crate) struct Limiter(Option<DefaultDirectRateLimiter>);

impl Limiter {
    pub(crate) fn new(throughput: Option<Throughput>) -> Limiter {
        Limiter(throughput.map(|t| RateLimiter::direct(Quota::per_second(t.per_sec).allow_burst(t.burst))))
    }

    /// Takes one message from the budget, or says there is none left.
    pub(crate) fn try_send(&self) -> bool {
        self.0.as_ref().is_none_or(|limiter| limiter.check().is_ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_refusals() {
        let limiter = Limiter::new(Some(Throughput::per_second(3)));
        assert!((0..3).all(|_| limiter.try_send()));
        assert!(!limiter.try_send());
    }

    #[test]
    fn no_throughput_never_refuses() {
        let limiter = Limiter::new(None);
        assert!((0..10_000).all(|_| limiter.try_send()));
    }
}
