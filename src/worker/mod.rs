//! Background tasks. Each reads the time from the injected
//! [`Clock`](crate::clock::Clock) and stops when the app's shutdown token is
//! cancelled.

pub mod prune;
