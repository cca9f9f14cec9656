//! posyandu-bot: monthly posyandu reporting and coordination over chat.
//!
//! Layers, from the outside in (see ARCHITECTURE.md):
//! [`cli`] and [`channels`] (the shell: command line, Telegram) →
//! [`engine`] (one transaction per message) → [`dialogue`] (the pure core) →
//! [`store`] (SQLite or PostgreSQL). [`domain`] holds the parsed value types,
//! [`i18n`] every user-visible sentence. [`app`] builds and stops the running
//! bot; [`worker`] holds its background tasks; [`outbox`] sends everything the
//! bot sends, paced and retried.

pub mod app;
pub mod channels;
pub mod chart;
pub mod cli;
pub mod clock;
pub mod config;
pub mod dialogue;
pub mod domain;
pub mod engine;
pub mod export;
pub mod i18n;
pub mod jobs;
pub mod outbox;
pub mod reply;
pub mod store;
pub mod telemetry;
pub mod wilayah;
pub mod worker;
