//! The files uploaded to WhatsApp, by content: which media id a file of
//! these bytes got on this business number, and when (see
//! the WhatsApp channel's media).

use chrono::{DateTime, Utc};

use super::{Db, on_db};

/// A file as the cache knows it: the number it was uploaded for, the hex
/// SHA-256 of its bytes and its MIME type.
pub struct Upload<'a> {
    pub phone_number_id: &'a str,
    pub content_hash: &'a str,
    pub mime: &'a str,
}

/// The media id of the same file uploaded at or after `since`, if any.
pub async fn find(db: &Db, file: &Upload<'_>, since: DateTime<Utc>) -> anyhow::Result<Option<String>> {
    let sql = "SELECT media_id FROM whatsapp_media
               WHERE phone_number_id = $1 AND content_hash = $2 AND mime = $3 AND uploaded_at >= $4";
    let id = on_db!(db, p => sqlx::query_scalar(sql).bind(file.phone_number_id).bind(file.content_hash)
        .bind(file.mime).bind(since).fetch_optional(p).await?);
    Ok(id)
}

/// Remembers that `file` was uploaded at `at` as `media_id` (replacing an
/// older upload of it).
pub async fn remember(db: &Db, file: &Upload<'_>, media_id: &str, at: DateTime<Utc>) -> anyhow::Result<()> {
    let sql = "INSERT INTO whatsapp_media (phone_number_id, content_hash, mime, media_id, uploaded_at)
               VALUES ($1, $2, $3, $4, $5)
               ON CONFLICT (phone_number_id, content_hash, mime)
               DO UPDATE SET media_id = excluded.media_id, uploaded_at = excluded.uploaded_at";
    on_db!(db, p => sqlx::query(sql).bind(file.phone_number_id).bind(file.content_hash).bind(file.mime)
        .bind(media_id).bind(at).execute(p).await.map(|_| ())?);
    Ok(())
}
