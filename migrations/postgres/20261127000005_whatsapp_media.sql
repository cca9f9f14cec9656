-- WhatsApp media and the parts of replies sent as several messages. See the
-- SQLite twin.

CREATE TABLE whatsapp_media (
    phone_number_id TEXT NOT NULL,
    content_hash    TEXT NOT NULL,
    mime            TEXT NOT NULL,
    media_id        TEXT NOT NULL,
    uploaded_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (phone_number_id, content_hash, mime)
);

CREATE TABLE whatsapp_part (
    wamid       TEXT PRIMARY KEY,
    platform_id TEXT NOT NULL,
    sent_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX whatsapp_part_sent ON whatsapp_part (sent_at);
