//! Files as WhatsApp media: a file is uploaded to `/media` once and then
//! sent by its media id. Uploads are remembered by the SHA-256 of their
//! bytes (and type) per business number, so the same chart or workbook sent
//! to a hundred officials goes up once; Meta keeps an upload 30 days, so
//! one older than [`REUSED_FOR`] goes up again, and so does one Meta
//! refuses before then ([`Media::upload`]).

use chrono::Duration;
use sha2::{Digest, Sha256};

use super::client::GraphClient;
use crate::clock::Clock;
use crate::outbox::sender::SendError;
use crate::store::Db;
use crate::store::whatsapp_media::{self as uploads, Upload};

/// How long an upload is sent by its id: a day less than Meta keeps it,
/// so a message never names media about to expire.
const REUSED_FOR: Duration = Duration::days(29);

/// A media id, and whether it is an earlier upload's.
pub struct MediaId {
    pub id: String,
    pub reused: bool,
}

/// Uploads files, each content once.
#[derive(Clone)]
pub struct Media {
    client: GraphClient,
    db: Db,
    clock: Clock,
    phone_number_id: String,
}

impl Media {
    pub fn new(client: GraphClient, db: Db, clock: Clock, phone_number_id: String) -> Media {
        Media { client, db, clock, phone_number_id }
    }

    /// The media id of `content` as `mime`: an upload of the same bytes
    /// still kept by Meta (then [`MediaId::reused`]), or a new upload named
    /// `file_name`.
    pub async fn id(&self, content: &[u8], mime: &str, file_name: &str) -> Result<MediaId, SendError> {
        let content_hash = hex::encode(Sha256::digest(content));
        let file = Upload { phone_number_id: &self.phone_number_id, content_hash: &content_hash, mime };
        let kept = uploads::find(&self.db, &file, self.clock.now() - REUSED_FOR)
            .await
            .map_err(|error| SendError::Transient(format!("{error:#}")))?;
        match kept {
            Some(id) => Ok(MediaId { id, reused: true }),
            None => self.upload(content, mime, file_name).await.map(|id| MediaId { id, reused: false }),
        }
    }

    /// Uploads `content` as `mime` named `file_name`, and remembers it in
    /// place of any earlier upload of it (which Meta may have refused).
    pub async fn upload(&self, content: &[u8], mime: &str, file_name: &str) -> Result<String, SendError> {
        let content_hash = hex::encode(Sha256::digest(content));
        let file = Upload { phone_number_id: &self.phone_number_id, content_hash: &content_hash, mime };
        let id = self.client.upload(content.to_vec(), mime, file_name).await?;
        if let Err(error) = uploads::remember(&self.db, &file, &id, self.clock.now()).await {
            // It goes up again next time; this message can still go.
            tracing::warn!(error = format!("{error:#}"), "could not remember an upload");
        }
        Ok(id)
    }
}
