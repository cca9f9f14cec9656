-- WhatsApp media (src/channels/whatsapp/media.rs): each file uploaded to
-- Meta's /media, by its content, so the same bytes go up once and are then
-- sent by media id. Meta keeps an upload 30 days: an older one goes up again.
CREATE TABLE whatsapp_media (
    phone_number_id TEXT NOT NULL,
    -- The hex SHA-256 of the file's bytes, and its MIME type.
    content_hash    TEXT NOT NULL,
    mime            TEXT NOT NULL,
    media_id        TEXT NOT NULL,
    uploaded_at     TEXT NOT NULL,
    PRIMARY KEY (phone_number_id, content_hash, mime)
);

-- A reply WhatsApp gets as several messages (a long text, a file and its
-- text) is one outbox row, whose platform_id is the last message's wamid;
-- the others are kept here, so that their delivery statuses reach the row.
CREATE TABLE whatsapp_part (
    wamid       TEXT PRIMARY KEY,
    platform_id TEXT NOT NULL,
    sent_at     TEXT NOT NULL
);
CREATE INDEX whatsapp_part_sent ON whatsapp_part (sent_at);
