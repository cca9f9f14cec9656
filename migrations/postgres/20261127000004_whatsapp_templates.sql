-- WhatsApp templates (src/channels/whatsapp/outgoing.rs): a message the bot
-- sends on its own outside the 24-hour window goes as its approved template;
-- the full message is 'held' (a new status) until the person writes, and
-- template_id keeps the id of the template message that stood in for it.
ALTER TABLE outbox ADD COLUMN template_id TEXT;
