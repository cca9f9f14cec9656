//! Channel adapters and what every channel shares.
//!
//! An adapter only translates: its platform's updates into
//! [`crate::engine::Incoming`], and replies into its platform's calls through
//! the outbox's `Sender` interface (`crate::outbox::sender`). What happens around every reply on every
//! channel (answer the tap exactly once, apologise on error, never flood,
//! count) lives in [`respond`]. No decisions live in an adapter.

pub mod respond;
pub mod telegram;
pub mod text;
pub mod whatsapp;
