//! Background tasks. Each reads the time from the injected
//! [`Clock`](crate::clock::Clock) and stops when the app's shutdown token is
//! cancelled: forgetting old update ids ([`prune`]) and firing stored jobs
//! at their moment ([`scheduler`]).

pub mod prune;
pub mod scheduler;
