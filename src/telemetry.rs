//! Logging to stderr through `tracing` (teloxide's `log` records included).
//! `RUST_LOG` sets the level; the default is `info`. Tokens are never logged:
//! they are not in any field, and teloxide strips URLs from its errors.

use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    // A second call (tests) keeps the first subscriber.
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}
