-- WhatsApp (src/channels/whatsapp): what the adapter remembers per chat, and
-- the delivery statuses Meta reports for sent messages. See the SQLite twin.

CREATE TABLE whatsapp_chat (
    chat_id         TEXT PRIMARY KEY,
    last_inbound_at TIMESTAMPTZ,
    choices         TEXT
);

ALTER TABLE outbox ADD COLUMN delivery TEXT;
ALTER TABLE outbox ADD COLUMN delivery_at TIMESTAMPTZ;
CREATE INDEX outbox_platform ON outbox (channel, platform_id) WHERE platform_id IS NOT NULL;
