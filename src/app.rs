//! Start-up and shutdown: builds the running bot from its [`Config`] in one
//! place, for `posyandu-bot run` and for the end-to-end tests alike, so the
//! tests run what users run.
//!
//! [`App::start`] prepares the database (schema, the built-in region list on
//! a new database), the [`Engine`], the channels that are configured
//! (Telegram: checks the token, sets the command menu; WhatsApp: binds the
//! webhook's address), an [`Outbox`] with its own pacing and sender per
//! channel, and the background tasks. [`App::run`] serves
//! until [`App::shutdown`] is cancelled (Ctrl+C in `run`), then stops the
//! channels and the background tasks and closes the database.

use std::sync::Arc;
use std::time::Duration;

use teloxide::prelude::Requester;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::channels::respond::Responder;
use crate::channels::telegram::Telegram;
use crate::channels::whatsapp::WhatsApp;
use crate::clock::Clock;
use crate::config::{Config, TelegramConfig};
use crate::dialogue::Settings;
use crate::domain::channel::Channel;
use crate::domain::form::packs::Forms;
use crate::engine::Engine;
use crate::jobs::{self, cycle};
use crate::outbox::{self, Outbox};
use crate::store::{Db, regions, settings};
use crate::worker::scheduler::Scheduler;
use crate::{wilayah, worker};

/// Telegram refused the token or could not be reached at start.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct TelegramUnreachable(pub String);

/// The running bot.
pub struct App {
    db: Db,
    /// Telegram and the responder of its updates, when configured.
    telegram: Option<(Arc<Telegram>, Arc<Responder>)>,
    /// WhatsApp, its webhook's bound address and the responder of its
    /// messages, when configured.
    whatsapp: Option<(Arc<WhatsApp>, TcpListener, Arc<Responder>)>,
    shutdown: CancellationToken,
    tasks: TaskTracker,
    scheduler: Scheduler,
}

impl App {
    /// Builds the bot on `db` (already migrated), reading the time from `clock`.
    /// Fails with [`TelegramUnreachable`] when Telegram refuses the token.
    pub async fn start(config: Config, db: Db, clock: Clock) -> anyhow::Result<App> {
        if config.telegram.is_none() && config.whatsapp.is_none() {
            anyhow::bail!("neither Telegram nor WhatsApp is configured");
        }
        let bot = match &config.telegram {
            Some(telegram) => Some(telegram_ready(telegram, &db).await?),
            None => None,
        };
        let listener = match &config.whatsapp {
            Some(whatsapp) => Some(
                TcpListener::bind(whatsapp.listen)
                    .await
                    .map_err(|error| anyhow::anyhow!("cannot listen for WhatsApp on {}: {error}", whatsapp.listen))?,
            ),
            None => None,
        };
        load_regions_if_empty(&db).await?;
        tracing::info!(backend = db.backend(), forms = config.forms.default.version, "bot ready");

        let shutdown = CancellationToken::new();
        let tasks = TaskTracker::new();
        release_claims(&db).await?;
        let cycle_settings = (config.dialogue.clone(), config.forms.clone());
        let engine =
            Engine::new(db.clone()).with_forms(config.forms).with_settings(config.dialogue).with_clock(clock.clone());
        // Each channel: its own outbox pacing, responder and sender.
        let channel_outbox = |limits| {
            let (outbox, marking) = Outbox::start(db.clone(), clock.clone(), limits, shutdown.clone());
            tasks.spawn(marking);
            let responder = Arc::new(Responder::new(engine.clone(), outbox.clone()));
            (outbox, responder)
        };
        let telegram = match bot {
            Some(bot) => {
                let (outbox, responder) = channel_outbox(config.outbox);
                let telegram = Telegram::new(responder.clone(), bot);
                let sender = telegram.sender().clone();
                tasks.spawn(outbox::worker::run(outbox.clone(), sender.clone(), Channel::Telegram, shutdown.clone()));
                let status = (Channel::Telegram, sender);
                tasks.spawn(worker::status::run(db.clone(), clock.clone(), outbox, status, shutdown.clone()));
                Some((telegram, responder))
            }
            None => None,
        };
        let whatsapp = match (config.whatsapp, listener) {
            (Some(whatsapp_config), Some(listener)) => {
                let (outbox, responder) = channel_outbox(whatsapp_config.limits);
                let whatsapp = WhatsApp::new(&whatsapp_config, responder.clone(), db.clone(), clock.clone());
                let sender = whatsapp.sender().clone();
                tasks.spawn(outbox::worker::run(outbox, sender, Channel::WhatsApp, shutdown.clone()));
                tracing::info!(address = %listener.local_addr()?, "WhatsApp webhook ready");
                Some((whatsapp, listener, responder))
            }
            _ => None,
        };
        tasks.spawn(worker::prune::forget_old(db.clone(), clock.clone(), shutdown.clone()));
        let scheduler = start_scheduler(&db, clock, cycle_settings, &shutdown, &tasks).await?;
        Ok(App { db, telegram, whatsapp, shutdown, tasks, scheduler })
    }

    /// Cancel it to stop the bot cleanly.
    pub fn shutdown(&self) -> CancellationToken {
        self.shutdown.clone()
    }

    /// The scheduler: call [`Scheduler::wake`] after committing a job.
    pub fn scheduler(&self) -> Scheduler {
        self.scheduler.clone()
    }

    /// A receiver of the number of Telegram updates handled so far.
    pub fn handled(&self) -> watch::Receiver<u64> {
        self.telegram.as_ref().expect("Telegram is configured").1.handled()
    }

    /// A receiver of the number of WhatsApp messages handled so far.
    pub fn whatsapp_handled(&self) -> watch::Receiver<u64> {
        self.whatsapp.as_ref().expect("WhatsApp is configured").2.handled()
    }

    /// The address the WhatsApp webhook listens on, when configured.
    pub fn whatsapp_address(&self) -> Option<std::net::SocketAddr> {
        self.whatsapp.as_ref().and_then(|(_, listener, _)| listener.local_addr().ok())
    }

    /// Serves until shutdown, then lets the updates in hand finish, stops
    /// the background tasks and closes the database.
    pub async fn run(self) {
        let App { db, telegram, whatsapp, shutdown, tasks, .. } = self;
        if let Some((whatsapp, listener, _)) = whatsapp {
            tasks.spawn(whatsapp.serve(listener, shutdown.clone()));
        }
        tracing::info!("bot running; press Ctrl+C to stop");
        match telegram {
            Some((telegram, _)) => {
                let mut dispatcher = telegram.dispatcher().build();
                let stop = dispatcher.shutdown_token();
                let cancelled = shutdown.clone();
                tasks.spawn(async move {
                    cancelled.cancelled().await;
                    // Refused only while the dispatcher is still starting: try again.
                    loop {
                        match stop.shutdown() {
                            Ok(stopped) => return stopped.await,
                            Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
                        }
                    }
                });
                dispatcher.dispatch().await;
            }
            None => shutdown.cancelled().await,
        }
        shutdown.cancel();
        tasks.close();
        tasks.wait().await;
        db.close().await;
        tracing::info!("bot stopped");
    }
}

/// Checks the token with Telegram, remembers the bot's username and sets
/// the command menu; fails with [`TelegramUnreachable`] when refused.
async fn telegram_ready(config: &TelegramConfig, db: &Db) -> anyhow::Result<teloxide::Bot> {
    let bot = config.bot();
    let me = bot.get_me().await.map_err(|error| TelegramUnreachable(error.to_string()))?;
    let username = me.username.clone().unwrap_or_default();
    settings::set(db, settings::TELEGRAM_USERNAME, &username).await?;
    if let Err(error) = Telegram::set_commands(&bot).await {
        tracing::warn!(%error, "could not set the command menu");
    }
    tracing::info!(username, "Telegram ready");
    Ok(bot)
}

/// Plans the reporting cycle's next moments (should no plan job have made
/// them yet) and starts the scheduler with every kind of job.
async fn start_scheduler(
    db: &Db,
    clock: Clock,
    (settings, forms): (Settings, Arc<Forms>),
    shutdown: &CancellationToken,
    tasks: &TaskTracker,
) -> anyhow::Result<Scheduler> {
    let mut tx = db.begin().await?;
    cycle::plan(&mut tx, clock.now(), &settings).await?;
    tx.commit().await?;
    Ok(Scheduler::start(db.clone(), clock, jobs::handlers(settings, forms), shutdown.clone(), tasks))
}

/// One process owns a SQLite file: what the last run held, it held until
/// it died, so its claims on outbox and inbox rows are freed at once.
async fn release_claims(db: &Db) -> anyhow::Result<()> {
    if let Db::Sqlite(_) = db {
        let released = crate::store::outbox::release_claims(db).await?;
        if released > 0 {
            tracing::info!(released, "messages the last run was sending will be sent again");
        }
        let released = crate::store::inbox::release_claims(db).await?;
        if released > 0 {
            tracing::info!(released, "updates the last run was handling will be handled again");
        }
    }
    Ok(())
}

/// A new database gets the region list shipped with the bot, so that
/// posyandu can be added right away (at the bot's first run, and by `seed`).
pub async fn load_regions_if_empty(db: &Db) -> anyhow::Result<()> {
    if regions::count(db).await? > 0 {
        return Ok(());
    }
    tracing::info!("no regions yet: loading the bundled Kemendagri list");
    let rows = wilayah::read(wilayah::BUNDLED, &Default::default())
        .map_err(|errors| anyhow::anyhow!("bundled region list has {} bad lines", errors.len()))?;
    let summary = regions::import(db, &rows, |_, _| ()).await?;
    tracing::info!(added = summary.added, "regions loaded");
    Ok(())
}
