//! Channel adapters: each turns a platform's updates into [`crate::engine::Incoming`]
//! and the engine's replies into the platform's calls. No decisions live here.

pub mod telegram;
