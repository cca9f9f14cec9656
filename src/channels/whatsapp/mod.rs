//! The WhatsApp adapter on the Cloud API: a webhook server ([`webhook`])
//! whose notifications become [`Incoming`] for the shared [`Responder`]
//! ([`incoming`]), and a [`Sender`](super::Sender) that renders replies as
//! WhatsApp messages ([`render`]) and posts them to the Graph API
//! ([`client`]), files as uploaded media ([`media`], [`files`]) and
//! calendar files as links ([`calendar`]). Like the Telegram adapter it only
//! translates; what it remembers is which numbered choices a chat was last
//! offered (so that a typed number becomes the same button press) and which
//! files it uploaded.
//!
//! A notification's messages and statuses are kept in the database before
//! the webhook answers ([`inbox`]); each chat's messages are then handled
//! in order, different chats in parallel ([`chats`]). Delivery statuses
//! are recorded on the outbox rows they name, and a message Meta then
//! refuses as outside the 24-hour window is held behind its template, as
//! if refused at once (or, when the person wrote since it went, simply sent
//! again).

mod calendar;
mod chats;
mod client;
mod files;
mod inbox;
mod incoming;
mod media;
mod outgoing;
mod render;
mod templates;
pub mod webhook;
mod wire;

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};

use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

pub use outgoing::WhatsAppSender;

use self::client::GraphClient;
use self::inbox::{Event, Handler, Inbox};
use self::incoming::{Arrival, Events};
use self::media::Media;
use super::respond::Responder;
use crate::clock::Clock;
use crate::config::{Token, WhatsAppConfig};
use crate::dialogue::Input;
use crate::i18n::Reader;
use crate::outbox::sender::SendError;
use crate::store::whatsapp::{self as chat_store, ChatState, Delivery, Reengagement, Refused};
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
    inbox: Arc<Inbox>,
}

impl WhatsApp {
    pub fn new(config: &WhatsAppConfig, responder: Arc<Responder>, db: Db, clock: Clock) -> Arc<WhatsApp> {
        let client = GraphClient::new(config);
        let media = Media::new(client.clone(), db.clone(), clock.clone(), config.phone_number_id.clone());
        let sender = WhatsAppSender::new(client, media, db.clone(), clock.clone(), config.templates.clone());
        let inbox = Inbox::new(db.clone(), clock.clone());
        Arc::new(WhatsApp {
            responder,
            sender,
            db,
            clock,
            phone_number_id: config.phone_number_id.clone(),
            app_secret: config.app_secret.clone(),
            verify_token: config.verify_token.clone(),
            inbox,
        })
    }

    /// What sends on WhatsApp, for the outbox's worker.
    pub fn sender(&self) -> &WhatsAppSender {
        &self.sender
    }

    /// Serves the webhook on `listener` and handles what it keeps until
    /// `shutdown`, then lets the messages in hand finish.
    pub async fn serve(self: Arc<Self>, listener: TcpListener, shutdown: CancellationToken) {
        let processor = tokio::spawn(self.inbox.clone().process(self.handler(), shutdown.clone()));
        let router = webhook::router(self.clone());
        let stopped = shutdown.clone();
        if let Err(error) =
            axum::serve(listener, router).with_graceful_shutdown(async move { stopped.cancelled().await }).await
        {
            tracing::error!(%error, "the WhatsApp webhook server stopped");
        }
        if let Err(error) = processor.await {
            tracing::error!(%error, "the WhatsApp inbox stopped");
        }
        self.inbox.finish().await;
    }

    /// Keeps a notification's messages and statuses; they are handled
    /// after, each chat's in order.
    async fn accept(self: &Arc<Self>, events: Events) {
        self.inbox.keep(Event::all(events), &self.handler()).await;
    }

    /// What acts on a message or status taken from the inbox.
    fn handler(self: &Arc<Self>) -> Handler {
        let app = self.clone();
        Arc::new(move |event| {
            let app = app.clone();
            Box::pin(async move {
                match event {
                    Event::Message(arrival) => app.handle(arrival).await,
                    Event::Status { wamid, delivery } => {
                        app.status(&wamid, &delivery).await;
                        false
                    }
                }
            })
        })
    }

    /// Notes the user's message (it opens the 24-hour window), reads a
    /// typed number as the numbered choice it picks, and answers. A
    /// template's "Lihat" that releases held messages is answered by them.
    /// True when the step was written, and with it the deletion of the
    /// message's inbox row.
    async fn handle(&self, Arrival { mut incoming, template_reply }: Arrival) -> bool {
        let (chat, now) = (incoming.chat_id.clone(), self.clock.now());
        // What waited for the window to open goes now (the outbox's worker sends it).
        let arrived = chat_store::arrive(&self.db, &chat, now).await;
        let has_choices = match &arrived {
            Ok(arrived) if arrived.released > 0 && template_reply => {
                self.responder.skip();
                return false;
            }
            Ok(arrived) => {
                if let Input::Text(text) = &incoming.input
                    && let Ok(number) = text.trim().parse::<usize>()
                    && let Some(data) = arrived.choice(number)
                {
                    incoming.input = Input::Tap(data.to_owned());
                }
                arrived.choices.is_some()
            }
            Err(error) => {
                tracing::warn!(chat, error = format!("{error:#}"), "could not note the message");
                // Not known: the replies forget whatever choices there were.
                true
            }
        };
        let sender = self.sender.replying(ChatState { last_inbound: Some(now), has_choices });
        self.responder.respond(&sender, incoming, None).await
    }
}

/// How long a status waits for its message to be marked sent: Meta may
/// report it before the send's answer is back and recorded.
const STATUS_PATIENCE: Duration = Duration::from_secs(3);
const STATUS_RETRY: Duration = Duration::from_millis(50);

impl WhatsApp {
    /// Acts on a delivery status: a message refused as outside the 24-hour
    /// window is held behind its template; any other status is recorded.
    async fn status(&self, wamid: &str, delivery: &Delivery) {
        if *delivery == Delivery::Failed(chat_store::REENGAGEMENT) {
            self.reengage(wamid).await;
        } else {
            record(&self.db, wamid, delivery, self.clock.now()).await;
        }
    }

    /// Meta accepted message `wamid` and then failed it as outside the
    /// 24-hour window: the message is held and its template sent, as when
    /// the send itself is refused with 131047; unless the person wrote
    /// since it went (the refusal came late), when it simply goes again.
    async fn reengage(&self, wamid: &str) {
        let deadline = tokio::time::Instant::now() + STATUS_PATIENCE;
        let refused = loop {
            match chat_store::hold_refused(&self.db, wamid).await {
                Ok(Reengagement::Held(refused)) => break *refused,
                Ok(Reengagement::Unknown) if tokio::time::Instant::now() < deadline => {
                    tokio::time::sleep(STATUS_RETRY).await
                }
                Ok(Reengagement::Unknown | Reengagement::Settled) => return,
                Err(error) => return tracing::warn!(error = format!("{error:#}"), "refused message not held"),
            }
        };
        if self.released_again(&refused).await {
            return;
        }
        let reader = Reader::new(refused.lang, refused.time_zone);
        let template = match self.sender.stand_in(&refused.chat_id, reader, &refused.reply).await {
            SendError::AwaitsPerson(template) => template,
            error => {
                tracing::warn!(chat = refused.chat_id, %error, "the template for a refused message failed");
                None
            }
        };
        if let Err(error) = outbox_rows::hold(&self.db, refused.id, template.as_deref(), self.clock.now()).await {
            tracing::warn!(error = format!("{error:#}"), "the template of a refused message not noted");
        }
    }
}

impl WhatsApp {
    /// Lets a refused message go again if its person wrote after it went
    /// (answering its template, say): the window is open now, and a
    /// template would ask for an answer already given. True if it goes.
    async fn released_again(&self, refused: &Refused) -> bool {
        let wrote_since = match chat_store::chat_state(&self.db, &refused.chat_id).await {
            Ok(chat) => chat.last_inbound.zip(refused.sent_at).is_some_and(|(wrote, sent)| wrote > sent),
            Err(error) => {
                tracing::warn!(error = format!("{error:#}"), "the chat of a refused message not read");
                false
            }
        };
        if !wrote_since {
            return false;
        }
        match chat_store::release_refused(&self.db, refused.id, self.clock.now()).await {
            Ok(()) => true,
            Err(error) => {
                tracing::warn!(error = format!("{error:#}"), "a refused message not let go again");
                false
            }
        }
    }
}

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
