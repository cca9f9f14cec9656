-- WhatsApp (src/channels/whatsapp): what the adapter remembers per chat, and
-- the delivery statuses Meta reports for sent messages.

-- One row per WhatsApp chat: when the user last wrote (the 24-hour window)
-- and the choices of the last message that offered numbered choices (a JSON
-- array of button data; NULL once a later message offered none).
CREATE TABLE whatsapp_chat (
    chat_id         TEXT PRIMARY KEY,
    last_inbound_at TEXT,
    choices         TEXT
);

-- The delivery status Meta last reported (sent, delivered, read, failed),
-- when, and a failure's error code.
ALTER TABLE outbox ADD COLUMN delivery TEXT;
ALTER TABLE outbox ADD COLUMN delivery_at TEXT;
-- Statuses name the message by its platform id.
CREATE INDEX outbox_platform ON outbox (channel, platform_id) WHERE platform_id IS NOT NULL;
