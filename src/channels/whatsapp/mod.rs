//! The WhatsApp adapter on the Cloud API: a webhook server ([`webhook`])
//! whose notifications become [`Incoming`] for the shared [`Responder`]
//! ([`incoming`]), and a [`Sender`](super::Sender) that renders replies as
//! WhatsApp messages ([`render`]) and posts them to the Graph API
//! ([`client`]). Like the Telegram adapter it only translates; the one
//! thing it remembers is which numbered choices a chat was last offered, so
//! that a typed number becomes the same button press.
//!
//! Each chat's messages are handled in order, different chats in parallel
//! ([`chats`]); delivery statuses are recorded on the outbox rows they name.

mod chats;
mod client;
mod incoming;
mod outgoing;
mod render;
pub mod templates;
pub mod webhook;
mod wire;

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};

use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

pub use outgoing::WhatsAppSender;

use self::chats::Chats;
use self::client::GraphClient;
use self::incoming::{Arrival, Events};
use super::respond::Responder;
use crate::clock::Clock;
use crate::config::{Token, WhatsAppConfig};
use crate::dialogue::Input;
use crate::engine::Channel;
use crate::store::whatsapp::{self as chat_store, Delivery};
use crate::store::{Db, outbox as outbox_rows};

/// What the webhook's handlers share.
pub struct WhatsApp {
    responder: Arc<Responder>,
    sender: WhatsAppSender,
    db: Db,
    clock: Clock,
    phone_number_id: String,
    app_secret: Token,
    verify_token: Token,
    chats: Chats,
}

impl WhatsApp {
    pub fn new(config: &WhatsAppConfig, responder: Arc<Responder>, db: Db, clock: Clock) -> Arc<WhatsApp> {
        let sender = WhatsAppSender::new(GraphClient::new(config), db.clone(), clock.clone(), config.templates.clone());
        Arc::new(WhatsApp {
            responder,
            sender,
            db,
            clock,
            phone_number_id: config.phone_number_id.clone(),
            app_secret: config.app_secret.clone(),
            verify_token: config.verify_token.clone(),
            chats: Chats::default(),
        })
    }

    /// What sends on WhatsApp, for the outbox's worker.
    pub fn sender(&self) -> &WhatsAppSender {
        &self.sender
    }

    /// Serves the webhook on `listener` until `shutdown`, then lets the
    /// messages in hand finish.
    pub async fn serve(self: Arc<Self>, listener: TcpListener, shutdown: CancellationToken) {
        let router = webhook::router(self.clone());
        let stopped = shutdown.clone();
        if let Err(error) =
            axum::serve(listener, router).with_graceful_shutdown(async move { stopped.cancelled().await }).await
        {
            tracing::error!(%error, "the WhatsApp webhook server stopped");
        }
        self.chats.finish().await;
    }

    /// Queues a notification's messages (each chat's in order) and statuses.
    fn dispatch(self: &Arc<Self>, events: Events) {
        for arrival in events.messages {
            let app = self.clone();
            let chat = arrival.incoming.chat_id.clone();
            self.chats.run(&chat, async move { app.handle(arrival).await });
        }
        for (wamid, delivery) in events.statuses {
            let (db, now) = (self.db.clone(), self.clock.now());
            // One queue per message: its statuses in the order they came.
            self.chats.run(&format!("status {wamid}"), async move { record(&db, &wamid, &delivery, now).await });
        }
    }

    /// Notes the user's message (it opens the 24-hour window), reads a
    /// typed number as the numbered choice it picks, and answers. A
    /// template's "Lihat" that releases held messages is answered by them.
    async fn handle(&self, Arrival { mut incoming, template_reply }: Arrival) {
        let chat = incoming.chat_id.clone();
        if let Err(error) = chat_store::note_inbound(&self.db, &chat, self.clock.now()).await {
            tracing::warn!(chat, error = format!("{error:#}"), "could not note the message's time");
        }
        // What waited for the window to open goes now (the outbox's worker sends it).
        match outbox_rows::release_held(&self.db, Channel::WhatsApp.as_str(), &chat, self.clock.now()).await {
            Ok(released) if released > 0 && template_reply => return self.responder.skip(),
            Ok(_) => {}
            Err(error) => tracing::warn!(chat, error = format!("{error:#}"), "could not release the held messages"),
        }
        if let Input::Text(text) = &incoming.input
            && let Ok(number) = text.trim().parse::<usize>()
        {
            match chat_store::choice(&self.db, &chat, number).await {
                Ok(Some(data)) => incoming.input = Input::Tap(data),
                Ok(None) => {}
                Err(error) => tracing::warn!(chat, error = format!("{error:#}"), "could not read the choices"),
            }
        }
        self.responder.respond(&self.sender, incoming, None).await;
    }
}

/// How long a status waits for its message to be marked sent: Meta may
/// report it before the send's answer is back and recorded.
const STATUS_PATIENCE: Duration = Duration::from_secs(3);
const STATUS_RETRY: Duration = Duration::from_millis(50);

/// Records a delivery status on its outbox row, once the row has its id.
async fn record(db: &Db, wamid: &str, delivery: &Delivery, now: DateTime<Utc>) {
    let deadline = tokio::time::Instant::now() + STATUS_PATIENCE;
    loop {
        match chat_store::record_delivery(db, wamid, delivery, now).await {
            Ok(true) => return,
            Ok(false) if tokio::time::Instant::now() < deadline => tokio::time::sleep(STATUS_RETRY).await,
            // A message of another sender of this number, or one long forgotten.
            Ok(false) => return tracing::debug!(wamid, "status of an unknown message ignored"),
            Err(error) => return tracing::warn!(error = format!("{error:#}"), "delivery status not recorded"),
        }
    }
}
