//! Background tasks. Each reads the time from the injected
//! [`Clock`](crate::clock::Clock) and stops when the app's shutdown token is
//! cancelled: forgetting old update ids ([`prune`]), firing stored jobs
//! at their moment ([`scheduler`]) and keeping organizers' status messages
//! up to date ([`status`]).

pub mod prune;
pub mod scheduler;
pub mod status;
